/**
 * Opinion storage (意见建议). Other functions (the presidium's `admin`, reception records) read and write
 * cases through this module and server/opinion/opinions.service.ts, never through the collections directly.
 *
 * Collections
 *   opinions        one document per case (OpinionRecord): the core `Opinion` plus
 *                   `rev`            bumped by every change; the next timeline event's sequence number
 *                   `deputyHistory`  every deputy the case was ever assigned to (who may still open it)
 *                   `contactPurgedAt` when the scheduler removed the contact after closure
 *   opinionEvents   the append-only timeline: `_id` = `<opinionId>:<rev, 4 digits>`, never updated
 *   routingRules    the routing table: `_id` = `<station>:<village|*>:<category|*>` (routingRuleId)
 *   categories      `_id` = code, with acceptDays/answerDays/active (seeded; edited by the presidium)
 *   departments     `_id`, name, active
 *   opinionQuotas   a villager's submissions on one China day: `_id` = `<openid>:<YYYY-MM-DD>`,
 *                   `ids` = the opinion ids that took a place; taken with ONE conditional update
 *
 * Reads here are plain; every change to a case goes through `opinions.service.ts` (`createOpinion`,
 * `actOnOpinion`), which runs the core state machine in one transaction with its event and messages.
 */
import {
  OPEN_STATUSES,
  type Category,
  type Department,
  type Opinion,
  type RoutingRule,
  type TimelineEvent,
} from '../../core/opinion/opinion.types';
import type { Ymd } from '../../core/calendar/china-time';
import type { DailyLimit } from '../../core/opinion/opinion.limits';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  insert,
  isDuplicateKey,
  updateWhere,
  type Transaction,
} from '../db/collection';

export const OPINIONS = 'opinions';
export const OPINION_EVENTS = 'opinionEvents';
export const ROUTING_RULES = 'routingRules';
export const CATEGORIES = 'categories';
export const DEPARTMENTS = 'departments';
export const OPINION_QUOTAS = 'opinionQuotas';

/** A case as stored. */
export interface OpinionRecord extends Opinion {
  rev: number;
  deputyHistory: string[];
  /** When the case was filed or last took a state-machine step: the Open311 door's "changed since". */
  changedAt?: Date;
}

/** A timeline event as stored. */
export interface EventRecord extends TimelineEvent {
  _id: string;
  seq: number;
}

export type RoutingRuleRecord = RoutingRule & { _id: string; updatedAt?: Date; updatedBy?: string };
export type CategoryRecord = Category & { _id: string; order?: number };
export type DepartmentRecord = Department & { phone?: string };

/** The deterministic id of a routing rule: one rule per (station, village, category). */
export function routingRuleId(
  rule: Pick<RoutingRule, 'stationCode' | 'villageCode' | 'categoryCode'>,
): string {
  return `${rule.stationCode}:${rule.villageCode}:${rule.categoryCode}`;
}

export function eventId(opinionId: string, seq: number): string {
  return `${opinionId}:${String(seq).padStart(4, '0')}`;
}

export function getOpinion(id: string): Promise<OpinionRecord | null> {
  return findById<OpinionRecord>(OPINIONS, id);
}

/**
 * Appends one event with sequence `seq` (the case's rev after the change). Inside the transaction that
 * changes the case, so a case and its timeline never disagree. Never updates an existing event.
 */
export async function appendEvent(tx: Transaction, event: TimelineEvent, seq: number): Promise<string> {
  const _id = eventId(event.opinionId, seq);
  // No read first: the event's seq is the case's new rev, and the same transaction checked the case's
  // rev (or that the case did not exist), so no event has this id yet — an insert (a set would read the
  // id first to keep another township's record safe; and an insert refuses a duplicate outright).
  await tx.insert(OPINION_EVENTS, { _id, ...event, seq } as unknown as Record<string, unknown>);
  return _id;
}

/** A case's timeline, oldest first. */
export async function listEvents(opinionId: string): Promise<EventRecord[]> {
  const events = await findAll<EventRecord>(OPINION_EVENTS, { opinionId });
  return events.sort((a, b) => a.seq - b.seq);
}

/** Cases a villager filed, or follows (newest first, at most `limit`). */
export async function listForVillager(openid: string, limit = 100): Promise<OpinionRecord[]> {
  const options = { orderBy: [['submittedAt', 'desc']] as [string, 'desc'][], limit };
  const [own, followed] = await Promise.all([
    findMany<OpinionRecord>(OPINIONS, { villagerOpenid: openid }, options),
    findMany<OpinionRecord>(OPINIONS, { followers: openid }, options),
  ]);
  return [...own, ...followed]
    .sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime())
    .slice(0, limit);
}

/** Cases a station admin filed on villagers' behalf (代录) or recorded from a reception day, newest first. */
export async function listFiledBy(openid: string, limit = 100): Promise<OpinionRecord[]> {
  const options = { orderBy: [['submittedAt', 'desc']] as [string, 'desc'][], limit };
  // 代录 (filedBy.openid) and matters of a reception record they wrote (filedBy.recordedBy).
  const [onBehalf, recorded] = await Promise.all([
    findMany<OpinionRecord>(OPINIONS, { 'filedBy.openid': openid }, options),
    findMany<OpinionRecord>(OPINIONS, { 'filedBy.recordedBy': openid }, options),
  ]);
  return [...onBehalf, ...recorded]
    .sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime())
    .slice(0, limit);
}

/** Every case a deputy was ever assigned to (now or before). */
export function listForDeputy(deputyId: string): Promise<OpinionRecord[]> {
  return findAll<OpinionRecord>(OPINIONS, { deputyHistory: deputyId });
}

/** Every case transferred to a department and still its own (waiting, answered, resolved or closed). */
export function listForDepartment(departmentId: string): Promise<OpinionRecord[]> {
  return findAll<OpinionRecord>(OPINIONS, { 'owner.departmentId': departmentId });
}

/** Every case in the given statuses (e.g. OPEN_STATUSES), optionally at one station. */
export function listByStatus(
  statuses: readonly Opinion['status'][],
  stationCode?: string,
): Promise<OpinionRecord[]> {
  const _ = command();
  return findAll<OpinionRecord>(OPINIONS, {
    status: _.in([...statuses]),
    ...(stationCode && { stationCode }),
  });
}

/**
 * A station's answered cases whose villagers consented to publication, most recently resolved first, at
 * most `limit` (the station page shows a few; the query never reads a station's whole history).
 */
export function listPublishable(stationCode: string, limit: number): Promise<OpinionRecord[]> {
  const _ = command();
  return findMany<OpinionRecord>(
    OPINIONS,
    { stationCode, status: _.in(['resolved', 'closed']), consentToPublish: true, answer: _.exists(true) },
    { orderBy: [['resolvedAt', 'desc']], limit },
  );
}

/** Open cases of each given deputy (one indexed count each): the routing's tie-breaker for its candidates. */
export async function openCaseCountsOf(deputyIds: readonly string[]): Promise<Record<string, number>> {
  const _ = command();
  const counts = await Promise.all(
    deputyIds.map((id) => count(OPINIONS, { status: _.in([...OPEN_STATUSES]), 'owner.deputyIds': id })),
  );
  return Object.fromEntries(deputyIds.map((id, i) => [id, counts[i]]));
}

export function routingRulesOf(stationCode: string): Promise<RoutingRuleRecord[]> {
  return findAll<RoutingRuleRecord>(ROUTING_RULES, { stationCode });
}

export async function listCategories(includeInactive = false): Promise<CategoryRecord[]> {
  const all = await findAll<CategoryRecord>(CATEGORIES, includeInactive ? {} : { active: true });
  return all.sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.code < b.code ? -1 : 1));
}

export function getDepartment(id: string): Promise<DepartmentRecord | null> {
  return findById<DepartmentRecord>(DEPARTMENTS, id);
}

export function listDepartments(): Promise<DepartmentRecord[]> {
  return findAll<DepartmentRecord>(DEPARTMENTS, { active: true });
}

// ---------------------------------------------------------------- the daily submission limit

/** A villager's submissions on one China day. */
export interface QuotaRecord {
  _id: string;
  openid: string;
  day: Ymd;
  /** = ids.length; the conditional update compares it with the limit. */
  used: number;
  /** The opinion ids that took a place (deterministic from the request id, so a retry finds its own). */
  ids: string[];
}

export const quotaIdOf = (openid: string, day: Ymd): string => `${openid}:${day}`;

/**
 * Takes one of the villager's `limit` places for `day` for the opinion `opinionId`, with ONE conditional
 * update (`used < limit` and the id not there yet), so concurrent submits never exceed the limit.
 * Answers 'taken', 'held' (this opinion id already holds a place: a retry of the same request), or
 * 'full'. The day's document starts from the opinions already filed that day (`since` = the day's
 * first instant), so switching the counter on mid-day loses nothing.
 */
export async function claimDailyPlace(
  openid: string,
  day: Ymd,
  since: Date,
  opinionId: string,
  limit: DailyLimit,
): Promise<'taken' | 'held' | 'full' | 'unlimited'> {
  if (limit === 'unlimited') return 'unlimited';
  const _ = command();
  const _id = quotaIdOf(openid, day);
  let quota = await findById<QuotaRecord>(OPINION_QUOTAS, _id);
  if (!quota) {
    const earlier = await findMany<{ _id: string }>(
      OPINIONS,
      { villagerOpenid: openid, submittedAt: _.gte(since) },
      { fields: { _id: true }, limit: 100 },
    );
    const ids = earlier.map((o) => o._id);
    try {
      await insert(OPINION_QUOTAS, { _id, openid, day, used: ids.length, ids });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another submit created it first: fine
    }
    quota = await findById<QuotaRecord>(OPINION_QUOTAS, _id);
  }
  if (quota?.ids.includes(opinionId)) return 'held';
  const took = await updateWhere(
    OPINION_QUOTAS,
    { _id, used: _.lt(limit), ids: _.nin([opinionId]) },
    { used: _.inc(1), ids: _.push([opinionId]) },
  );
  if (took === 1) return 'taken';
  const now = await findById<QuotaRecord>(OPINION_QUOTAS, _id);
  return now?.ids.includes(opinionId) ? 'held' : 'full';
}

/** Gives back the place `opinionId` took (its submit failed before the opinion was written). */
export async function releaseDailyPlace(openid: string, day: Ymd, opinionId: string): Promise<void> {
  const _ = command();
  await updateWhere(
    OPINION_QUOTAS,
    { _id: quotaIdOf(openid, day), ids: opinionId },
    { used: _.inc(-1), ids: _.pull(opinionId) },
  );
}
