/**
 * Contact duties: the presidium assigns its members to deputies (分片联系) and pairs deputies with the
 * households they help (结对帮扶: the household is named only to the deputy and the presidium, never in
 * a public view); a deputy logs a visit to their household and it becomes a duty record (type 'visit'
 * or 'help', sourceRef `contact:<visitId>`) in the same transaction, once per request.
 */
import { chinaDate } from '../../core/calendar/china-time';
import {
  checkHousehold,
  checkVisit,
  PAIRS_PER_DEPUTY_MAX,
  VISIT_KIND_LABELS,
  visitDescription,
  visitIdFor,
  type ContactAssignment,
  type ContactVisit,
  type HouseholdPair,
  type VisitKind,
} from '../../core/groups/contacts.rules';
import type { Deputy, Village } from '../../core/station/station.types';
import { command, findAll, findById, transaction } from '../db/collection';
import { deputyOf, recordSystemDuty } from '../duty/duty.service';
import { fail } from '../errors';
import { presidiumMembers } from '../identity/users.repo';
import type { Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { DEPUTIES, VILLAGES } from '../station/stations.repo';
import {
  activePairs,
  allAssignments,
  CONTACT_ASSIGNMENTS,
  CONTACT_VISITS,
  countActivePairs,
  HOUSEHOLD_PAIRS,
  pairById,
  visitsOfDeputy,
} from './contacts.repo';

/** How many of a deputy's latest visits 我的联系户 shows. */
const VISITS_SHOWN = 20;

async function deputyOrFail(id: string): Promise<Deputy> {
  return (await findById<Deputy>(DEPUTIES, id)) ?? fail('CONTACT_DEPUTY_NOT_FOUND');
}

async function villageNames(codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const villages = await findAll<Village & { _id: string }>(VILLAGES, { _id: command().in([...codes]) });
  return new Map(villages.map((v) => [v.code, v.name]));
}

function pairView(p: HouseholdPair, villages: Map<string, string>) {
  return {
    id: p._id,
    deputyId: p.deputyId,
    householdName: p.householdName,
    villageCode: p.villageCode,
    villageName: villages.get(p.villageCode) ?? p.villageCode,
    situation: p.situation,
    active: p.active,
  };
}

function visitView(v: ContactVisit) {
  return {
    id: v._id,
    pairId: v.pairId,
    kind: v.kind,
    kindLabel: VISIT_KIND_LABELS[v.kind],
    date: v.date,
    note: v.note,
    peopleReached: v.peopleReached,
    dutyRecordId: v.dutyRecordId,
  };
}

/** 分片联系: `memberOpenid` (a bound presidium member) contacts the deputy from now on; null clears it. */
export async function assignContact(input: { deputyId: string; memberOpenid: string | null }, now: Date) {
  const [deputy, members] = await Promise.all([deputyOrFail(input.deputyId), presidiumMembers()]);
  if (input.memberOpenid === null) {
    await transaction(async (tx) => {
      if (await tx.get(CONTACT_ASSIGNMENTS, deputy._id)) await tx.remove(CONTACT_ASSIGNMENTS, deputy._id);
    });
    return { deputyId: deputy._id, member: null };
  }
  const member = members.find((m) => m._id === input.memberOpenid);
  if (!member) fail('CONTACT_MEMBER_NOT_FOUND');
  const doc: ContactAssignment = {
    _id: deputy._id,
    deputyId: deputy._id,
    memberOpenid: member._id,
    memberName: member.name ?? '主席团成员',
    assignedAt: now,
  };
  await transaction(async (tx) => {
    const { _id, ...rest } = doc;
    await tx.set(CONTACT_ASSIGNMENTS, _id, rest);
  });
  return { deputyId: deputy._id, member: { openid: doc.memberOpenid, name: doc.memberName } };
}

/** 结对帮扶: a new pair (named by the request) or an edit of one; the village must be one on the register. */
export async function savePair(
  input: {
    requestId: string;
    pairId?: string;
    deputyId: string;
    householdName: string;
    villageCode: string;
    situation: string;
  },
  now: Date,
) {
  const household = checkHousehold(input) ?? fail('CONTACT_HOUSEHOLD_INVALID');
  const [deputy, village, earlier] = await Promise.all([
    deputyOrFail(input.deputyId),
    findById<Village>(VILLAGES, input.villageCode),
    input.pairId ? pairById(input.pairId) : Promise.resolve(null),
  ]);
  if (!village) fail('CONTACT_HOUSEHOLD_INVALID');
  if (input.pairId && !earlier) fail('CONTACT_PAIR_NOT_FOUND');
  const id = input.pairId ?? `hp_${input.requestId}`;
  if (!earlier && (await countActivePairs(deputy._id)) >= PAIRS_PER_DEPUTY_MAX) {
    const retry = await pairById(id);
    if (!retry) fail('CONTACT_PAIRS_FULL', { max: PAIRS_PER_DEPUTY_MAX });
  }
  const pair = await transaction(async (tx) => {
    const stored = await tx.get<HouseholdPair>(HOUSEHOLD_PAIRS, id);
    // A new pair's retry answers the pair as written.
    if (stored && !input.pairId) return stored;
    const doc: HouseholdPair = {
      _id: id,
      deputyId: deputy._id,
      stationCode: deputy.stationCode,
      ...household,
      active: stored?.active ?? true,
      createdAt: stored?.createdAt ?? now,
      ...(stored?.endedAt && { endedAt: stored.endedAt }),
    };
    const { _id, ...rest } = doc;
    await tx.set(HOUSEHOLD_PAIRS, _id, rest);
    return doc;
  });
  return pairView(pair, new Map([[village.code, village.name]]));
}

/** Ends a pair (the household no longer needs help): kept for the record and the year's figures. */
export async function endPair(pairId: string, now: Date) {
  const pair = await transaction(async (tx) => {
    const stored = await tx.get<HouseholdPair>(HOUSEHOLD_PAIRS, pairId);
    if (!stored) fail('CONTACT_PAIR_NOT_FOUND');
    if (!stored.active) return stored;
    await tx.update(HOUSEHOLD_PAIRS, pairId, { active: false, endedAt: now });
    return { ...stored, active: false, endedAt: now };
  });
  return pairView(pair, await villageNames([pair.villageCode]));
}

/** The presidium's overview: its members, every active deputy with their contact and households. */
export async function contactOverview() {
  const [deputies, members, assignments, pairs, allVillages] = await Promise.all([
    findAll<Deputy>(DEPUTIES, { active: true }),
    presidiumMembers(),
    allAssignments(),
    activePairs(),
    findAll<Village & { _id: string }>(VILLAGES, {}),
  ]);
  const villages = new Map(allVillages.map((v) => [v.code, v.name]));
  const byDeputy = new Map(assignments.map((a) => [a.deputyId, a]));
  return {
    villages: allVillages.map((v) => ({ code: v.code, name: v.name, stationCode: v.stationCode })),
    members: members
      .map((m) => ({ openid: m._id, name: m.name ?? '主席团成员' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    deputies: [...deputies]
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((d) => {
        const a = byDeputy.get(d._id);
        return {
          id: d._id,
          name: d.name,
          stationCode: d.stationCode,
          villageCodes: d.villageCodes,
          member: a ? { openid: a.memberOpenid, name: a.memberName } : null,
          pairs: pairs.filter((p) => p.deputyId === d._id).map((p) => pairView(p, villages)),
        };
      }),
  };
}

/** 我的联系户: the deputy's households, who of the presidium contacts them, and their latest visits. */
export async function myContacts(caller: Caller) {
  const deputy = await deputyOf(caller);
  const [pairs, assignment, visits] = await Promise.all([
    activePairs(deputy._id),
    findById<ContactAssignment>(CONTACT_ASSIGNMENTS, deputy._id),
    visitsOfDeputy(deputy._id, VISITS_SHOWN),
  ]);
  const villages = await villageNames([...new Set(pairs.map((p) => p.villageCode))]);
  return {
    member: assignment ? { name: assignment.memberName } : null,
    pairs: pairs.map((p) => pairView(p, villages)),
    visits: visits.map(visitView),
  };
}

/** 记录走访: a deputy's visit to their household, with its duty record, once per request. */
export async function logVisit(
  caller: Caller,
  input: {
    requestId: string;
    pairId: string;
    kind: VisitKind;
    date: string;
    note: string;
    peopleReached: number;
  },
  now: Date,
) {
  const deputy = await deputyOf(caller);
  const id = visitIdFor(deputy._id, input.requestId);
  const earlier = await findById<ContactVisit>(CONTACT_VISITS, id);
  if (earlier) return visitView(earlier);
  const note = checkVisit(input) ?? fail('CONTACT_VISIT_INVALID');
  requireDateIn('dutyRecord', input.date, chinaDate(now));
  const pair = (await pairById(input.pairId)) ?? fail('CONTACT_PAIR_NOT_FOUND');
  if (pair.deputyId !== deputy._id) fail('CONTACT_PAIR_NOT_YOURS');
  if (!pair.active) fail('CONTACT_PAIR_ENDED');
  const villageName = (await villageNames([pair.villageCode])).get(pair.villageCode) ?? pair.villageCode;
  const visit = await transaction(async (tx) => {
    const raced = await tx.get<ContactVisit>(CONTACT_VISITS, id);
    if (raced) return raced;
    const dutyRecordId = await recordSystemDuty(
      tx,
      {
        deputyId: deputy._id,
        stationCode: deputy.stationCode,
        type: input.kind,
        date: input.date,
        description: visitDescription(input.kind, villageName, note),
        peopleReached: input.peopleReached,
        sourceRef: `contact:${id}`,
      },
      now,
    );
    const doc: ContactVisit = {
      _id: id,
      pairId: pair._id,
      deputyId: deputy._id,
      stationCode: deputy.stationCode,
      kind: input.kind,
      date: input.date,
      note,
      peopleReached: input.peopleReached,
      dutyRecordId,
      createdAt: now,
    };
    const { _id, ...rest } = doc;
    await tx.set(CONTACT_VISITS, _id, rest);
    return doc;
  });
  return visitView(visit);
}
