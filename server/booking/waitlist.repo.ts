/**
 * The waiting list (排队候补) as stored: one entry per villager per day (`_id` = `${dayId}:${openid}`,
 * so the store refuses a second one atomically). An entry is claimed for a promotion with ONE
 * conditional update (`status: 'waiting'` → `'promoting'`), so two promotions never take the same one.
 */
import { waitlistIdOf, type WaitlistEntry } from '../../core/booking/waitlist.rules';
import {
  command,
  count,
  findById,
  findMany,
  removeWhere,
  updateWhere,
  type Transaction,
  insertOnce,
} from '../db/collection';
import type { CollectionName } from '../db/collections';

export const WAITLIST = 'waitlist' satisfies CollectionName;

export function getEntry(dayId: string, openid: string): Promise<WaitlistEntry | null> {
  return findById<WaitlistEntry>(WAITLIST, waitlistIdOf(dayId, openid));
}

/** Stores a new entry; false when the villager has one on the day already. */
export function insertEntry(entry: WaitlistEntry): Promise<boolean> {
  return insertOnce(WAITLIST, entry);
}

/** Puts a left (cancelled) or used (promoted, its booking since cancelled) entry back in the list, at the end, with what the villager said now. */
export async function rejoinEntry(entry: WaitlistEntry): Promise<boolean> {
  const { _id, ...rest } = entry;
  const _ = command();
  return (
    (await updateWhere(
      WAITLIST,
      { _id, status: _.in(['cancelled', 'promoted']) },
      { ...rest, cancelledAt: _.remove(), bookingId: _.remove() },
    )) === 1
  );
}

/** The first `limit` entries still waiting for a slot, in the order they joined. */
export function firstWaiting(dayId: string, slotId: string, limit: number): Promise<WaitlistEntry[]> {
  return findMany<WaitlistEntry>(
    WAITLIST,
    { dayId, slotId, status: 'waiting' },
    { orderBy: [['joinedAt', 'asc']], limit },
  );
}

/** How many still wait for the slot, or only those who joined before `before`. */
export function waitingCount(dayId: string, slotId: string, before?: Date): Promise<number> {
  const _ = command();
  return count(WAITLIST, {
    dayId,
    slotId,
    status: 'waiting',
    ...(before ? { joinedAt: _.lt(before) } : {}),
  });
}

/** Claims a waiting entry for a promotion; false when another call took it or it left the list. */
export async function claimEntry(id: string, now: Date): Promise<boolean> {
  return (
    (await updateWhere(
      WAITLIST,
      { _id: id, status: 'waiting' },
      { status: 'promoting', promotingAt: now },
    )) === 1
  );
}

/** Gives a claimed entry back to the list (the undo of `claimEntry`), in its place. */
export function unclaimEntry(id: string): Promise<number> {
  return updateWhere(WAITLIST, { _id: id, status: 'promoting' }, { status: 'waiting' });
}

/** Entries of a day claimed by a promotion that died before `staleBefore`: back in the list. */
export function releaseStaleClaims(dayId: string, staleBefore: Date): Promise<number> {
  const _ = command();
  return updateWhere(
    WAITLIST,
    { dayId, status: 'promoting', promotingAt: _.lt(staleBefore) },
    { status: 'waiting' },
  );
}

/** Marks a claimed entry promoted to `bookingId`, in `tx` (with the booking and its message). */
export async function markPromotedIn(
  tx: Transaction,
  id: string,
  bookingId: string,
  now: Date,
): Promise<void> {
  await tx.update(WAITLIST, id, { status: 'promoted', bookingId, promotedAt: now });
}

/** Takes an entry out of the list (it left, or the place went another way); answers whether it changed. */
export async function markLeft(
  id: string,
  now: Date,
  from: WaitlistEntry['status'][] = ['waiting'],
): Promise<boolean> {
  const _ = command();
  return (
    (await updateWhere(
      WAITLIST,
      { _id: id, status: _.in(from) },
      { status: 'cancelled', cancelledAt: now },
    )) === 1
  );
}

/** Takes a waiting entry out of the list inside `tx` (with its message); false when it no longer waits. */
export async function leaveIn(tx: Transaction, id: string, now: Date): Promise<boolean> {
  const fresh = await tx.get<WaitlistEntry>(WAITLIST, id);
  if (!fresh || fresh.status !== 'waiting') return false;
  await tx.update(WAITLIST, id, { status: 'cancelled', cancelledAt: now, cancelledBy: 'station' });
  return true;
}

/** The villager's entries, newest first (at most 50). */
export function entriesOf(openid: string): Promise<WaitlistEntry[]> {
  return findMany<WaitlistEntry>(WAITLIST, { openid }, { orderBy: [['joinedAt', 'desc']], limit: 50 });
}

/** Entries of a day still waiting (a cancelled day takes everyone out). */
export function waitingOfDay(dayId: string): Promise<WaitlistEntry[]> {
  return findMany<WaitlistEntry>(WAITLIST, { dayId, status: 'waiting' }, { limit: 1000 });
}

/** How many still wait on the day, every slot. */
export function waitingCountOfDay(dayId: string): Promise<number> {
  return count(WAITLIST, { dayId, status: 'waiting' });
}

/** Entries still waiting anywhere (one page, for the scheduler's sweep). */
export function allWaiting(): Promise<WaitlistEntry[]> {
  return findMany<WaitlistEntry>(WAITLIST, { status: 'waiting' }, { limit: 1000 });
}

/** A day that has ended closes its list: whoever still waits (or was half-promoted) is taken out. */
export function closeDayWaitlist(dayId: string, now: Date): Promise<number> {
  return updateWhere(
    WAITLIST,
    { dayId, status: command().in(['waiting', 'promoting']) },
    { status: 'cancelled', cancelledAt: now },
  );
}

/** The retention rule: a day's entries (with the names and phones they carry) are removed with its contacts. */
export function removeDayWaitlist(dayId: string): Promise<number> {
  return removeWhere(WAITLIST, { dayId });
}
