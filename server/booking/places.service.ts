/**
 * A day's counted places agree with its bookings. A call stopped between two of its steps (killed, or
 * past its timeout) can leave a place counted that no booking holds: a booking that took its place and
 * never wrote itself (its undo did not run), or a cancel that marked the booking and never gave the
 * place back. Counters only ever drift that way — up — so the scheduler (job `reconcilePlaces`) gives
 * such places back on the days villagers can still book:
 *   1. a cancelled booking whose day lock is still its own (a cancel, or a retry of the booking's
 *      request, that stopped before releasing it) has that lock released — only the lock: whether its
 *      place came back is the counters' business, on the next run;
 *   2. otherwise counters above the bookings holding places are set down to them, by a compare-and-set
 *      on the day's `placeMoves` as read (every take and return adds one), so a place taken or given
 *      back meanwhile makes it a no-op.
 * Nothing is touched on a day where a booking or a cancel may still be running (a lock or a cancel
 * younger than BOOKING_LOCK_STALE_MS, by the calls' own clocks): every call takes its lock before its
 * place, so a place taken before the day was read and not yet written as a booking shows as a young
 * lock. A counter is never raised.
 */
import { BOOKING_LOCK_STALE_MS, NOTICE_HORIZON_DAYS } from '../../core/booking/booking.rules';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { command, findAll, updateWhere } from '../db/collection';
import { RECEPTION_DAYS } from '../station/stations.repo';
import {
  BOOKING_LOCKS,
  bookingsOfDay,
  daysFrom,
  getDay,
  lockIdOf,
  releaseLock,
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

/** One day, as the header says; answers whether anything was repaired. */
export async function reconcileDay(dayId: string, now: Date): Promise<boolean> {
  // The day first, then its locks and bookings: a place in these counters has a lock by now.
  const stored = await getDay(dayId);
  if (!stored || stored.status !== 'scheduled') return false;
  const [locks, bookings] = await Promise.all([locksOfDay(dayId), bookingsOfDay(dayId)]);
  const settled = now.getTime() - BOOKING_LOCK_STALE_MS;
  const young = (at: Date | undefined) => !at || new Date(at).getTime() > settled;
  if (locks.some((l) => young(l.lockedAt))) return false;
  if (bookings.some((b) => b.status === 'cancelled' && young(b.cancelledAt))) return false;
  const lockById = new Map(locks.map((l) => [l._id, l]));
  const stale = bookings.flatMap((b) => {
    const lock = lockById.get(lockIdOf(dayId, b.openid));
    return b.status === 'cancelled' && lock?.bookingId === b._id ? [lock] : [];
  });
  for (const lock of stale) await releaseLock(dayId, lock.openid, lock.bookingId, lock.token);
  if (stale.length > 0) return true;
  return setCountersDown(stored, bookings);
}

/** The places booked (walk-ins are counted apart), per slot. */
function heldPlaces(bookings: readonly BookingRecord[]) {
  const held = bookings.filter((b) => b.status !== 'cancelled' && b.source !== 'walkIn');
  const bySlot = new Map<string, number>();
  for (const b of held) bySlot.set(b.slotId, (bySlot.get(b.slotId) ?? 0) + 1);
  return { total: held.length, bySlot };
}

async function setCountersDown(stored: StoredDay, bookings: readonly BookingRecord[]): Promise<boolean> {
  const held = heldPlaces(bookings);
  const data: Record<string, unknown> = {};
  if (stored.booked > held.total) data.booked = held.total;
  const sameSlots: Record<string, string> = {};
  (stored.slots ?? []).forEach((s, i) => {
    sameSlots[`slots.${i}.id`] = s.id;
    const n = held.bySlot.get(s.id) ?? 0;
    if (s.booked > n) data[`slots.${i}.booked`] = n;
  });
  if (Object.keys(data).length === 0) return false;
  const _ = command();
  const where = {
    _id: stored._id,
    status: 'scheduled',
    // Days whose counters have not moved since this change have no placeMoves yet.
    placeMoves: stored.placeMoves === undefined ? _.exists(false) : stored.placeMoves,
    ...sameSlots,
  };
  return (await updateWhere(RECEPTION_DAYS, where, data)) === 1;
}

/** Every lock on a day (a day holds at most its places' worth, and villagers' cancelled ones). */
function locksOfDay(dayId: string): Promise<BookingLock[]> {
  return findAll<BookingLock>(BOOKING_LOCKS, { dayId });
}
