/**
 * A day's counted places agree with its bookings. A call stopped between two of its steps (killed, or
 * past its timeout) can leave a place counted that no booking holds: a booking that took its place and
 * never wrote itself (its undo did not run), or a cancel that marked the booking and never gave the
 * place back. Counters only ever drift that way — up — so the scheduler (job `reconcilePlaces`) gives
 * such places back on the days villagers can still book:
 *   1. an interrupted cancel (a cancelled booking whose day lock is still its own) is finished: its
 *      place and lock given back, as the cancel would have (a lock taken again by a stopped retry of
 *      the booking's request after the cancel is only released);
 *   2. otherwise a counter above the bookings holding places is set down to them, by a compare-and-set
 *      on the counters as read, so a booking that took a place meanwhile makes it a no-op.
 * Nothing is touched on a day where a booking or a cancel may still be running (a lock or a cancel
 * younger than BOOKING_LOCK_STALE_MS): every call takes its lock before its place, so a place taken
 * before the day was read shows as a young lock. A counter is never raised.
 */
import { BOOKING_LOCK_STALE_MS, NOTICE_HORIZON_DAYS } from '../../core/booking/booking.rules';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { findAll, updateWhere } from '../db/collection';
import { RECEPTION_DAYS } from '../station/stations.repo';
import { freePlace } from './booking.service';
import {
  BOOKING_LOCKS,
  bookingsOfDay,
  daysFrom,
  getDay,
  lockIdOf,
  releaseLock,
  withSlots,
  type BookingLock,
  type BookingRecord,
  type StoredDay,
} from './bookings.repo';

/** The scheduler's job: every scheduled day from today to the booking horizon; answers the days repaired. */
export async function reconcilePlaces(now: Date): Promise<number> {
  const today = chinaDate(now);
  const last = addDays(today, NOTICE_HORIZON_DAYS);
  const days = (await daysFrom(today)).filter((d) => d.status === 'scheduled' && d.date <= last);
  let repaired = 0;
  for (const d of days) if (await reconcileDay(d._id, now)) repaired++;
  return repaired;
}

/** One day, as the header says; answers whether anything was given back. */
export async function reconcileDay(dayId: string, now: Date): Promise<boolean> {
  // The day first, then its locks and bookings: a place in these counters has a lock by now.
  const stored = await getDay(dayId);
  if (!stored || stored.status !== 'scheduled') return false;
  const [locks, bookings] = await Promise.all([locksOfDay(dayId), bookingsOfDay(dayId)]);
  const settled = now.getTime() - BOOKING_LOCK_STALE_MS;
  if (locks.some((l) => new Date(l.lockedAt).getTime() > settled)) return false;
  const lockById = new Map(locks.map((l) => [l._id, l]));
  // Cancelled bookings whose lock is still their own: a cancel that stopped before giving the place
  // back (its lock is older than the cancel), or a retry of the booking's request that stopped after
  // taking the lock again (younger: the cancel gave its place back; the counters say if it took one).
  const unfinished = bookings.flatMap((b) => {
    const lock = lockById.get(lockIdOf(dayId, b.openid));
    return b.status === 'cancelled' && lock?.bookingId === b._id ? [{ b, lock }] : [];
  });
  if (unfinished.some(({ b }) => !b.cancelledAt || new Date(b.cancelledAt).getTime() > settled)) return false;
  if (unfinished.length > 0) {
    // Finished as the cancel would have; the counters are compared on the next run, read afresh.
    const day = withSlots(stored);
    for (const { b, lock } of unfinished)
      if (new Date(lock.lockedAt) <= new Date(b.cancelledAt as Date)) await freePlace(day, b);
      else await releaseLock(dayId, b.openid, b._id);
    return true;
  }
  return setCountersDown(stored, bookings);
}

/** The places booked (walk-ins are counted apart), per slot of the day as stored. */
function heldPlaces(bookings: readonly BookingRecord[]) {
  const held = bookings.filter((b) => b.status !== 'cancelled' && b.source !== 'walkIn');
  const bySlot = new Map<string, number>();
  for (const b of held) bySlot.set(b.slotId, (bySlot.get(b.slotId) ?? 0) + 1);
  return { total: held.length, bySlot };
}

async function setCountersDown(stored: StoredDay, bookings: readonly BookingRecord[]): Promise<boolean> {
  const held = heldPlaces(bookings);
  const where: Record<string, unknown> = { _id: stored._id, status: 'scheduled', booked: stored.booked };
  const data: Record<string, unknown> = {};
  if (stored.booked > held.total) data.booked = held.total;
  (stored.slots ?? []).forEach((s, i) => {
    where[`slots.${i}.id`] = s.id;
    where[`slots.${i}.booked`] = s.booked;
    const n = held.bySlot.get(s.id) ?? 0;
    if (s.booked > n) data[`slots.${i}.booked`] = n;
  });
  if (Object.keys(data).length === 0) return false;
  return (await updateWhere(RECEPTION_DAYS, where, data)) === 1;
}

/** Every lock on a day (a day holds at most its places' worth, and villagers' cancelled ones). */
function locksOfDay(dayId: string): Promise<BookingLock[]> {
  return findAll<BookingLock>(BOOKING_LOCKS, { dayId });
}
