/**
 * Bookings of reception days. A place is taken with ONE conditional update on the day document
 * (`booked < capacity`), so under any concurrency a day never has more bookings than places. One
 * active booking per villager per day is a lock document whose `_id` is `${dayId}:${openid}`: the
 * store refuses a second insert of the same id atomically.
 */
import type { Booking, ReceptionDay, Slot } from '../../core/booking/booking.types';
import { command, findById, insert, isDuplicateKey, removeWhere, updateWhere } from '../db/collection';
import { RECEPTION_DAYS } from '../station/stations.repo';

export const BOOKINGS = 'bookings';
export const BOOKING_LOCKS = 'bookingLocks';

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
export async function claimLock(lock: BookingLock): Promise<boolean> {
  try {
    await insert(BOOKING_LOCKS, { ...lock });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Frees the lock, only if it is still the one of this booking. */
export function releaseLock(dayId: string, openid: string, bookingId: string): Promise<number> {
  return removeWhere(BOOKING_LOCKS, { _id: lockIdOf(dayId, openid), bookingId });
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
  const data: Record<string, unknown> = { booked: _.inc(1) };
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
  const data: Record<string, unknown> = { booked: _.inc(-1) };
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
export const CHECKIN_CODES = 'checkInCodes';
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

/** The booking holding `code` on the day, if any. */
export async function bookingByCode(dayId: string, code: string): Promise<BookingRecord | null> {
  const claim = await findById<{ bookingId: string }>(CHECKIN_CODES, `${dayId}:${code}`);
  return claim ? getBooking(claim.bookingId) : null;
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
