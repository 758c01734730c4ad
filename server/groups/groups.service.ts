/**
 * Deputy groups (代表小组) as use cases: the presidium creates and edits them; staff and deputies read
 * them with ids; anyone reads a station's groups as the station page shows them (names only). Rules:
 * core/groups/activity.rules.ts checkGroup.
 */
import { checkGroup } from '../../core/groups/activity.rules';
import type { DeputyGroup, GroupInput } from '../../core/groups/groups.types';
import type { Deputy } from '../../core/station/station.types';
import { fail, orFail } from '../errors';
import type { ActionContext, Caller } from '../pipeline';
import {
  deputiesByIds,
  listStations,
  stationByCode,
  villagesOf,
  allVillages,
} from '../station/stations.repo';
import { groupIdOf } from '../../core/groups/activity.rules';
import { activeGroupsOf, getGroup, groupsOf, writeGroup } from './groups.repo';

/** The group, or GROUP_NOT_FOUND. */
export async function groupOrFail(id: string): Promise<DeputyGroup> {
  const g = await getGroup(id);
  if (!g) fail('GROUP_NOT_FOUND');
  return g;
}

/** The caller's deputy id when they are a deputy. */
export const deputyIdOf = (caller: Caller): string | undefined =>
  caller.role === 'deputy' ? caller.user?.deputyId : undefined;

/** The presidium writes a group: a new one (`g_<requestId>`) or the one named. */
export async function saveGroup(
  ctx: ActionContext,
  groupId: string | null,
  requestId: string,
  input: GroupInput,
) {
  const checked = orFail(checkGroup(input));
  if (!(await stationByCode(checked.stationCode))) fail('STATION_NOT_FOUND');
  const members = await deputiesByIds(checked.memberIds);
  if (members.length !== checked.memberIds.length || members.some((d) => !d.active)) {
    fail('GROUP_MEMBERS_INVALID');
  }
  const villages = new Set((await villagesOf(checked.stationCode)).map((v) => v.code));
  if (checked.villageCodes.some((c) => !villages.has(c))) fail('GROUP_VILLAGES_INVALID');
  if (groupId) await groupOrFail(groupId);
  const id = groupId ?? groupIdOf(requestId);
  const group = await writeGroup(id, (current) => ({
    ...checked,
    createdAt: current?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
    updatedBy: ctx.caller.openid,
  }));
  return (await groupViews([group], ctx.caller))[0];
}

/** Groups with names resolved, for staff and deputies. */
export async function groupViews(groups: DeputyGroup[], caller: Caller) {
  const ids = [...new Set(groups.flatMap((g) => g.memberIds))];
  const [deputies, stations, villages] = await Promise.all([
    ids.length ? deputiesByIds(ids) : Promise.resolve([] as Deputy[]),
    listStations(),
    allVillages(),
  ]);
  const name = new Map(deputies.map((d) => [d._id, d.name]));
  const stationName = new Map(stations.map((s) => [s.code, s.name]));
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  const me = deputyIdOf(caller);
  return groups
    .sort((a, b) => (a.stationCode + a.name < b.stationCode + b.name ? -1 : 1))
    .map((g) => ({
      id: g._id,
      name: g.name,
      stationCode: g.stationCode,
      stationName: stationName.get(g.stationCode) ?? g.stationCode,
      active: g.active,
      leader: { id: g.leaderId, name: name.get(g.leaderId) ?? g.leaderId },
      members: g.memberIds.map((id) => ({ id, name: name.get(id) ?? id })),
      villages: g.villageCodes.map((code) => ({ code, name: villageName.get(code) ?? code })),
      iLead: !!me && g.leaderId === me,
    }));
}

/** Every group (or one station's) for staff and deputies. */
export async function listGroups(ctx: ActionContext, stationCode?: string) {
  return { groups: await groupViews(await groupsOf(stationCode), ctx.caller) };
}

/** A station's active groups as its page shows them: names only, no ids of people. */
export async function stationGroups(stationCode: string) {
  const groups = await activeGroupsOf(stationCode);
  const ids = [...new Set(groups.flatMap((g) => g.memberIds))];
  const [deputies, villages] = await Promise.all([
    ids.length ? deputiesByIds(ids) : Promise.resolve([] as Deputy[]),
    villagesOf(stationCode),
  ]);
  const name = new Map(deputies.filter((d) => d.active).map((d) => [d._id, d.name]));
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  return {
    groups: groups
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((g) => ({
        id: g._id,
        name: g.name,
        leaderName: name.get(g.leaderId) ?? '',
        memberNames: g.memberIds.filter((id) => name.has(id)).map((id) => name.get(id) as string),
        villageNames: g.villageCodes.map((c) => villageName.get(c) ?? c),
      })),
  };
}
