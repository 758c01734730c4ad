/**
 * Activities, their attendance and the rectification items of inspections on the database. An activity
 * is rewritten whole in a transaction; attendance is one document per deputy per activity; an item one
 * per finding (`<activityId>_r<n>`).
 */
import type { Ymd } from '../../core/calendar/china-time';
import {
  GROUP_COLLECTIONS,
  type Activity,
  type ActivityKind,
  type ActivityStatus,
  type Attendance,
  type Rectification,
  type RectificationStatus,
} from '../../core/groups/groups.types';
import { command, count, findAll, findById, findMany, transaction, type Transaction } from '../db/collection';
import { fail } from '../errors';

export const ACTIVITIES = GROUP_COLLECTIONS.activities;
export const ATTENDANCE = GROUP_COLLECTIONS.attendance;
export const RECTIFICATIONS = GROUP_COLLECTIONS.rectifications;

// --- activities ----------------------------------------------------------------------------------------

export const getActivity = (id: string) => findById<Activity>(ACTIVITIES, id);
export const getActivityIn = (tx: Transaction, id: string) => tx.get<Activity>(ACTIVITIES, id);
export const setActivityIn = (tx: Transaction, a: Activity) => tx.set(ACTIVITIES, a._id, { ...a });

/** Every activity (the presidium's list), newest day first, optionally of one status. */
export function listAll(status: ActivityStatus | undefined, limit: number): Promise<Activity[]> {
  return findMany<Activity>(ACTIVITIES, status ? { status } : {}, { orderBy: [['date', 'desc']], limit });
}

/** The activities a deputy is invited to, newest day first, optionally of one status. */
export function invitedTo(deputyId: string, limit: number, status?: ActivityStatus): Promise<Activity[]> {
  return findMany<Activity>(
    ACTIVITIES,
    { inviteeIds: deputyId, ...(status && { status }) },
    { orderBy: [['date', 'desc']], limit },
  );
}

/** The activities a deputy organised (as a group's leader), newest day first, optionally of one status. */
export function organisedBy(deputyId: string, limit: number, status?: ActivityStatus): Promise<Activity[]> {
  return findMany<Activity>(
    ACTIVITIES,
    { 'organiser.deputyId': deputyId, ...(status && { status }) },
    { orderBy: [['date', 'desc']], limit },
  );
}

/** A station's closed activities since a day, newest first. */
export function closedAtStation(stationCode: string, since: Ymd, limit = 50): Promise<Activity[]> {
  return findMany<Activity>(
    ACTIVITIES,
    { stationCode, status: 'closed', date: command().gte(since) },
    { orderBy: [['date', 'desc']], limit },
  );
}

/** Closed activities with a matter not yet filed as an opinion (the scheduler's repair). */
export function closedWithUnfiledMatters(limit = 100): Promise<Activity[]> {
  return findMany<Activity>(ACTIVITIES, { mattersPending: true }, { orderBy: [['date', 'asc']], limit });
}

/** Closed activities of some kinds in a period (the year's figures). */
export function closedOfKinds(kinds: readonly ActivityKind[], from: Ymd, to: Ymd): Promise<Activity[]> {
  const _ = command();
  return findAll<Activity>(ACTIVITIES, {
    status: 'closed',
    kind: _.in([...kinds]),
    date: _.and([_.gte(from), _.lte(to)]),
  });
}

// --- attendance ----------------------------------------------------------------------------------------

export function attendanceOf(activityId: string): Promise<Attendance[]> {
  return findAll<Attendance>(ATTENDANCE, { activityId });
}

export const getAttendanceIn = (tx: Transaction, id: string) => tx.get<Attendance>(ATTENDANCE, id);
export const setAttendanceIn = (tx: Transaction, a: Attendance) => tx.set(ATTENDANCE, a._id, { ...a });

/** How many deputies are present at each of the activities. */
export async function presentCounts(activityIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await Promise.all(
    activityIds.map(async (id) => out.set(id, await count(ATTENDANCE, { activityId: id, present: true }))),
  );
  return out;
}

/** The attendance documents among `ids` (`<activityId>:<deputyId>`). */
export function attendanceByIds(ids: readonly string[]): Promise<Attendance[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return findMany<Attendance>(ATTENDANCE, { _id: command().in([...ids]) }, { limit: ids.length });
}

// --- rectification items -------------------------------------------------------------------------------

export const getRectification = (id: string) => findById<Rectification>(RECTIFICATIONS, id);
export const getRectificationIn = (tx: Transaction, id: string) => tx.get<Rectification>(RECTIFICATIONS, id);
export const setRectificationIn = (tx: Transaction, r: Rectification) =>
  tx.set(RECTIFICATIONS, r._id, { ...r });

export function rectificationsOf(activityId: string): Promise<Rectification[]> {
  return findMany<Rectification>(RECTIFICATIONS, { activityId }, { orderBy: [['n', 'asc']], limit: 100 });
}

/** Who sees which items: every office (the presidium) or one office's (its staff). */
export type RectificationScope = { departmentId?: string };

const scoped = (scope: RectificationScope, where: Record<string, unknown>) =>
  scope.departmentId ? { departmentId: scope.departmentId, ...where } : where;

/**
 * Items of one status by deadline (open: the latest deadlines passed first; fixed: the most recent
 * deadlines first), at most `limit`.
 */
export function rectificationsWith(
  scope: RectificationScope,
  status: RectificationStatus,
  limit = 200,
): Promise<Rectification[]> {
  return findMany<Rectification>(RECTIFICATIONS, scoped(scope, { status }), {
    orderBy: [['deadline', status === 'open' ? 'asc' : 'desc']],
    limit,
  });
}

/** How many items are open, open past their deadline on `today` (late), and fixed: count queries. */
export async function rectificationCountsOf(scope: RectificationScope, today: Ymd) {
  const [open, late, fixed] = await Promise.all([
    count(RECTIFICATIONS, scoped(scope, { status: 'open' })),
    count(RECTIFICATIONS, scoped(scope, { status: 'open', deadline: command().lt(today) })),
    count(RECTIFICATIONS, scoped(scope, { status: 'fixed' })),
  ]);
  return { open, late, fixed };
}

/** Open items whose deadline passed before `today` (the scheduler's chase). */
export function lateRectifications(today: Ymd): Promise<Rectification[]> {
  return findAll<Rectification>(RECTIFICATIONS, { status: 'open', deadline: command().lt(today) });
}

/** Items of activities held in a period (the year's figures). */
export function rectificationsIn(from: Ymd, to: Ymd): Promise<Rectification[]> {
  const _ = command();
  return findAll<Rectification>(RECTIFICATIONS, { date: _.and([_.gte(from), _.lte(to)]) });
}

export function rewriteRectification(
  id: string,
  decide: (r: Rectification) => Rectification,
): Promise<Rectification> {
  return transaction(async (tx) => {
    const current = await tx.get<Rectification>(RECTIFICATIONS, id);
    if (!current) fail('RECTIFICATION_NOT_FOUND');
    const next = decide({ ...current, _id: id });
    await tx.set(RECTIFICATIONS, id, { ...next });
    return next;
  });
}
