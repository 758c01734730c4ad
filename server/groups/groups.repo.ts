/** Deputy groups on the database: one document per group, written whole by the presidium. */
import { GROUP_COLLECTIONS, type DeputyGroup } from '../../core/groups/groups.types';
import { findAll, findById, transaction } from '../db/collection';

export const GROUPS = GROUP_COLLECTIONS.groups;

export const getGroup = (id: string) => findById<DeputyGroup>(GROUPS, id);

/** Every group (the township has a handful), or one station's. */
export function groupsOf(stationCode?: string): Promise<DeputyGroup[]> {
  return findAll<DeputyGroup>(GROUPS, stationCode ? { stationCode } : {});
}

export function activeGroupsOf(stationCode: string): Promise<DeputyGroup[]> {
  return findAll<DeputyGroup>(GROUPS, { stationCode, active: true });
}

/** The group written in one transaction on the version re-read there (none yet: `decide(null)`). */
export function writeGroup(
  id: string,
  decide: (current: DeputyGroup | null) => Omit<DeputyGroup, '_id'>,
): Promise<DeputyGroup> {
  return transaction(async (tx) => {
    const current = await tx.get<DeputyGroup>(GROUPS, id);
    const next = decide(current ? { ...current, _id: id } : null);
    await tx.set(GROUPS, id, { ...next });
    return { ...next, _id: id };
  });
}
