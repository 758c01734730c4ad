/**
 * Contact duties on the database: 分片联系 (contactAssignments, _id = deputy id: one presidium member
 * per deputy), 结对帮扶 (householdPairs, _id = hp_<request>) and the visits logged against a pair
 * (contactVisits, _id = cv_<deputy>_<request>; a retry is the same visit).
 */
import type { ContactAssignment, ContactVisit, HouseholdPair } from '../../core/groups/contacts.rules';
import { command, count, findAll, findById, findMany } from '../db/collection';
import type { CollectionName } from '../db/collections';

export const CONTACT_ASSIGNMENTS = 'contactAssignments' satisfies CollectionName;
export const HOUSEHOLD_PAIRS = 'householdPairs' satisfies CollectionName;
export const CONTACT_VISITS = 'contactVisits' satisfies CollectionName;

export function allAssignments(): Promise<ContactAssignment[]> {
  return findAll<ContactAssignment>(CONTACT_ASSIGNMENTS, {});
}

export function assignmentOf(deputyId: string): Promise<ContactAssignment | null> {
  return findById<ContactAssignment>(CONTACT_ASSIGNMENTS, deputyId);
}

export function pairById(id: string): Promise<HouseholdPair | null> {
  return findById<HouseholdPair>(HOUSEHOLD_PAIRS, id);
}

/** The active pairs (all of them, or one deputy's). */
export function activePairs(deputyId?: string): Promise<HouseholdPair[]> {
  return findAll<HouseholdPair>(HOUSEHOLD_PAIRS, deputyId ? { deputyId, active: true } : { active: true });
}

export function countActivePairs(deputyId: string): Promise<number> {
  return count(HOUSEHOLD_PAIRS, { deputyId, active: true });
}

/** A deputy's latest visits, newest first. */
export function visitsOfDeputy(deputyId: string, limit: number): Promise<ContactVisit[]> {
  return findMany<ContactVisit>(CONTACT_VISITS, { deputyId }, { orderBy: [['date', 'desc']], limit });
}

/** Visits dated in [start, end] (the figures). */
export function visitsDatedIn(start: string, end: string): Promise<ContactVisit[]> {
  const _ = command();
  return findAll<ContactVisit>(CONTACT_VISITS, { date: _.gte(start).and(_.lte(end)) });
}

/** Pairs made on or before `end` and not ended before `start` (the figures: households helped). */
export async function pairsLiveIn(start: Date, end: Date): Promise<HouseholdPair[]> {
  const _ = command();
  const pairs = await findAll<HouseholdPair>(HOUSEHOLD_PAIRS, { createdAt: _.lte(end) });
  return pairs.filter((p) => p.active || (p.endedAt !== undefined && p.endedAt >= start));
}
