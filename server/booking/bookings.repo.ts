/**
 * Bookings of reception days. A place is taken with ONE conditional update on the day document
 * (`booked < capacity`), so under any concurrency a day never has more bookings than places. One
 * active booking per villager per day is a lock document whose `_id` is `${dayId}:${openid}`: the
 * store refuses a second insert of the same id atomically.
 */
import type { Booking, ReceptionDay, Slot } from '../../core/booking/booking.types';
import type { Ymd } from '../../core/calendar/china-time';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  insert,
  insertOnce,
  isDuplicateKey,
  removeWhere,
  updateWhere,
  type Transaction,
} from '../db/collection';
import type { CollectionName } from '../db/collections';
import { RECEPTION_DAYS } from '../station/stations.repo';

/** The one name of the bookings collection: other modules import it (or better, call a function below). */
export const BOOKINGS = 'bookings' satisfies CollectionName;
export const BOOKING_LOCKS = 'bookingLocks' satisfies CollectionName;

/**
 * The slot id of a day that is not split into slots: one slot covering the window. The same id a
 * one-window schedule or day gets from the desk ('a'), so the same schedule yields one slot id
 * whether its days were stored with slots or without.
 */
export const WHOLE_DAY_SLOT = 'a';
/** What WHOLE_DAY_SLOT was before: bookings stored with it still name the whole window. */
export const LEGACY_WHOLE_DAY_SLOT = 'all';

/** A stored booking: the core booking plus what the villager told us. */
export interface BookingRecord extends Booking {
  stationCode: string;
  topic: string;
  villageCode: string;
  name?: string;
  /** Full phone: shown only in the station admin's roster. */
  phone?: string;
}

export interface BookingLock {
  _id: string;
  dayId: string;
  openid: string;
  bookingId: string;
  lockedAt: Date;
  /**
   * The claiming call's own (absent on locks written before it existed): every retry of a booking's
   * request names the same booking, so a call gives back only the claim it made.
   */
  token?: string;
}

/** A stored day as read; demo and hand-made days may have no slots. */
export type StoredDay = Omit<ReceptionDay, 'slots'> & { slots?: Slot[] };

/**
 * The day with its slots: a day without slots has one implicit slot 'all' covering the window with
 * the day's capacity and counter.
 */
export function withSlots(day: StoredDay): ReceptionDay & { implicitSlot: boolean } {
  if (day.slots && day.slots.length > 0) return { ...day, slots: day.slots, implicitSlot: false };
  return {
    ...day,
    slots: [
      { id: WHOLE_DAY_SLOT, start: day.start, end: day.end, capacity: day.capacity, booked: day.booked },
    ],
    implicitSlot: true,
  };
}

export const lockIdOf = (dayId: string, openid: string): string => `${dayId}:${openid}`;

export function getDay(dayId: string): Promise<StoredDay | null> {
  return findById<StoredDay>(RECEPTION_DAYS, dayId);
}

export function getBooking(id: string): Promise<BookingRecord | null> {
  return findById<BookingRecord>(BOOKINGS, id);
}

export function getLock(dayId: string, openid: string): Promise<BookingLock | null> {
  return findById<BookingLock>(BOOKING_LOCKS, lockIdOf(dayId, openid));
}

/** Claims the villager's one booking on the day; false when they already hold one. */
export function claimLock(lock: BookingLock): Promise<boolean> {
  return insertOnce(BOOKING_LOCKS, lock);
}

/** Frees the lock, only if it is still the one of this booking (and of this claim, given its token). */
export function releaseLock(
  dayId: string,
  openid: string,
  bookingId: string,
  token?: string,
): Promise<number> {
  return removeWhere(BOOKING_LOCKS, {
    _id: lockIdOf(dayId, openid),
    bookingId,
    ...(token ? { token } : {}),
  });
}

/**
 * Takes one place of `slotId` on the day in one conditional update: the day is still scheduled and,
 * unless unlimited, its counter (and the slot's, for a day split into slots) is below capacity.
 * Answers whether a place was taken.
 */
export async function takePlace(
  day: ReceptionDay & { implicitSlot: boolean },
  slotId: string,
): Promise<boolean> {
  const _ = command();
  const where: Record<string, unknown> = { _id: day._id, status: 'scheduled' };
  const data: Record<string, unknown> = { booked: _.inc(1), placeMoves: _.inc(1) };
  if (day.capacity !== 'unlimited') where.booked = _.lt(day.capacity);
  if (!day.implicitSlot) {
    const i = day.slots.findIndex((s) => s.id === slotId);
    const slot = day.slots[i];
    if (slot.capacity !== 'unlimited') where[`slots.${i}.booked`] = _.lt(slot.capacity);
    where[`slots.${i}.id`] = slotId;
    data[`slots.${i}.booked`] = _.inc(1);
  }
  return (await updateWhere(RECEPTION_DAYS, where, data)) === 1;
}

/** Gives one place of `slotId` back to the pool. */
export async function returnPlace(
  day: ReceptionDay & { implicitSlot: boolean },
  slotId: string,
): Promise<void> {
  const _ = command();
  const where: Record<string, unknown> = { _id: day._id, booked: _.gt(0) };
  const data: Record<string, unknown> = { booked: _.inc(-1), placeMoves: _.inc(1) };
  if (!day.implicitSlot) {
    const i = day.slots.findIndex((s) => s.id === slotId);
    if (i >= 0) {
      where[`slots.${i}.id`] = slotId;
      data[`slots.${i}.booked`] = _.inc(-1);
    }
  }
  await updateWhere(RECEPTION_DAYS, where, data);
}

/** Marks a booking cancelled if it is still booked; answers whether this call cancelled it. */
export async function markCancelled(bookingId: string, now: Date): Promise<boolean> {
  return (
    (await updateWhere(
      BOOKINGS,
      { _id: bookingId, status: 'booked' },
      { status: 'cancelled', cancelledAt: now },
    )) === 1
  );
}

/** Check-in codes taken on a day: `_id` = `${dayId}:${code}`, so two bookings of a day never share one. */
export const CHECKIN_CODES = 'checkInCodes' satisfies CollectionName;
const CODE_ATTEMPTS = 20;

/**
 * Reserves a check-in code unique on the day for `bookingId`: draws a code and claims it with an insert
 * of a document whose id is the day and the code; a clash (the store refuses the same id) draws again.
 */
export async function claimCheckInCode(
  dayId: string,
  bookingId: string,
  draw: () => string,
): Promise<string> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = draw();
    try {
      await insert(CHECKIN_CODES, { _id: `${dayId}:${code}`, dayId, code, bookingId });
      return code;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error(`no free check-in code on ${dayId} after ${CODE_ATTEMPTS} draws`);
}

/** Gives a claimed code back, only while it is still this booking's (the undo of `claimCheckInCode`). */
export function releaseCheckInCode(dayId: string, code: string, bookingId: string): Promise<number> {
  return removeWhere(CHECKIN_CODES, { _id: `${dayId}:${code}`, bookingId });
}

/** The booking holding `code` on the day, if any. */
export async function bookingByCode(dayId: string, code: string): Promise<BookingRecord | null> {
  const claim = await findById<{ bookingId: string }>(CHECKIN_CODES, `${dayId}:${code}`);
  const booking = claim ? await getBooking(claim.bookingId) : null;
  // A code left by a call that stopped before its booking names a booking a retry wrote with another.
  return booking?.checkInCode === code ? booking : null;
}

/** Marks a booking checked in if it is still booked; answers whether this call did. */
export async function markCheckedIn(bookingId: string, by: string, now: Date): Promise<boolean> {
  return (
    (await updateWhere(
      BOOKINGS,
      { _id: bookingId, status: 'booked' },
      { status: 'checkedIn', checkedInAt: now, checkedInBy: by },
    )) === 1
  );
}

/** Stores a new booking (its `_id` included). */
export async function insertBooking(booking: BookingRecord): Promise<void> {
  await insert(BOOKINGS, { ...booking });
}

/**
 * Stores a new booking inside `tx` (a place the waiting list handed over, with its entry and message).
 * An insert, not a set: the id is freshly generated, so no read is needed to know it is the township's.
 */
export async function insertBookingIn(tx: Transaction, booking: BookingRecord): Promise<void> {
  await tx.insert(BOOKINGS, { ...booking });
}

/** Removes a booking only while it is still just booked (the undo of `insertBooking`). */
export function removeBooked(bookingId: string): Promise<number> {
  return removeWhere(BOOKINGS, { _id: bookingId, status: 'booked' });
}

/** Places the person holds now: bookings not yet held, cancelled or missed. */
export function heldBy(openid: string): Promise<number> {
  return count(BOOKINGS, { openid, status: 'booked' });
}

/** The person's bookings, newest first (at most 100). */
export function bookingsOf(openid: string): Promise<BookingRecord[]> {
  return findMany<BookingRecord>(BOOKINGS, { openid }, { orderBy: [['bookedAt', 'desc']], limit: 100 });
}

/** Every booking of a day, or only those of one status. */
export function bookingsOfDay(dayId: string, status?: Booking['status']): Promise<BookingRecord[]> {
  return findAll<BookingRecord>(BOOKINGS, status ? { dayId, status } : { dayId });
}

/** Marks every booking of the day still only booked as a no-show; answers how many. */
export function markDayNoShows(dayId: string): Promise<number> {
  return updateWhere(BOOKINGS, { dayId, status: 'booked' }, { status: 'noShow' });
}

/** Removes the name and phone of a booking; answers whether it changed. */
export async function purgeBookingContact(bookingId: string, now: Date): Promise<boolean> {
  const _ = command();
  return (
    (await updateWhere(
      BOOKINGS,
      { _id: bookingId },
      { name: _.remove(), phone: _.remove(), contactPurgedAt: now },
    )) === 1
  );
}

/** Cancels a booking in `tx` if it is still booked (the station cancelled its day); answers whether it did. */
export async function cancelBookedIn(tx: Transaction, bookingId: string, now: Date): Promise<boolean> {
  const fresh = await tx.get<BookingRecord>(BOOKINGS, bookingId);
  if (!fresh || fresh.status !== 'booked') return false;
  await tx.update(BOOKINGS, bookingId, { status: 'cancelled', cancelledAt: now, cancelledBy: 'station' });
  return true;
}

/** Stores a walk-in (checked in already) and counts it on its day, in one transaction. */
export async function insertWalkIn(tx: Transaction, booking: BookingRecord, by: string): Promise<void> {
  await tx.insert(BOOKINGS, { ...booking, checkedInBy: by });
  const fresh = await tx.get<{ walkIns?: number }>(RECEPTION_DAYS, booking.dayId);
  await tx.update(RECEPTION_DAYS, booking.dayId, { walkIns: (fresh?.walkIns ?? 0) + 1 });
}

// --- reception days (stored in the station area's collection; what booking reads and writes of them) ---

/** Days by id (any number). */
export function daysByIds(dayIds: readonly string[]): Promise<(StoredDay & { _id: string })[]> {
  const _ = command();
  return findMany<StoredDay & { _id: string }>(RECEPTION_DAYS, { _id: _.in([...dayIds]) });
}

/** A station's days on or after `from`. */
export function daysOfStationFrom(stationCode: string, from: Ymd): Promise<(StoredDay & { _id: string })[]> {
  const _ = command();
  return findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, { stationCode, date: _.gte(from) });
}

/** Days on or after `from`, or on one of `dates`. */
export function daysFrom(from: Ymd, dates?: readonly Ymd[]): Promise<(StoredDay & { _id: string })[]> {
  const _ = command();
  return findAll<StoredDay & { _id: string }>(
    RECEPTION_DAYS,
    dates ? { date: _.in([...dates].filter((d) => d >= from)) } : { date: _.gte(from) },
  );
}

/** Scheduled days on `date`. */
export function scheduledDaysOn(date: Ymd): Promise<(StoredDay & { _id: string })[]> {
  return findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, { date, status: 'scheduled' });
}

/** Scheduled days on or before `date`. */
export function scheduledDaysUntil(date: Ymd): Promise<(StoredDay & { _id: string })[]> {
  const _ = command();
  return findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, { status: 'scheduled', date: _.lte(date) });
}

/** Days on or before `date` whose contacts were not purged yet. */
export function daysToPurgeUntil(date: Ymd): Promise<(StoredDay & { _id: string })[]> {
  const _ = command();
  return findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
    date: _.lte(date),
    contactsPurged: _.exists(false),
  });
}

/** Stores a new day; false when a day with its id exists. */
export function insertDay(day: Record<string, unknown> & { _id: string }): Promise<boolean> {
  return insertOnce(RECEPTION_DAYS, day);
}

/** Changes fields of a day (only while `where` also holds); answers how many changed. */
export function updateDay(
  dayId: string,
  data: Record<string, unknown>,
  where: Record<string, unknown> = {},
): Promise<number> {
  return updateWhere(RECEPTION_DAYS, { ...where, _id: dayId }, data);
}

/** A day as read inside `tx`. */
export function getDayIn(tx: Transaction, dayId: string): Promise<StoredDay | null> {
  return tx.get<StoredDay>(RECEPTION_DAYS, dayId);
}

/** Changes fields of a day inside `tx`. */
export async function updateDayIn(
  tx: Transaction,
  dayId: string,
  data: Record<string, unknown>,
): Promise<void> {
  await tx.update(RECEPTION_DAYS, dayId, data);
}
