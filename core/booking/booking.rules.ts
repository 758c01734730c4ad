/**
 * Booking rules for reception days: who may book, cancel and check in, and when. Every rule takes
 * the current instant as `now` and answers with a Decision whose reason is a code in booking.errors.ts.
 * These rules decide on what was read; the repository still takes a place with one conditional update
 * (booked < capacity) so two villagers cannot take the last place together.
 */
import { addDays, chinaDate, chinaInstant, type Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import { placesLeft } from '../station/station.view';
import type { Booking, ReceptionDay, Slot } from './booking.types';

/** Places left in a day or a slot (its capacity and booked count): a number, or 'unlimited'. */
export { placesLeft };

/** A reception day is announced to villagers at least this many days before it. */
export const NOTICE_DAYS = 3;
/** Villagers see reception days at most this many days ahead. */
export const NOTICE_HORIZON_DAYS = 30;

/**
 * Characters of a check-in code: digits only. A villager reads them out as plain numbers and the admin
 * types them on the number pad; letters (and the 0/O, 1/I look-alikes they bring) are hard for both.
 * Codes issued before, with letters, still check in: normaliseCheckInCode keeps them.
 */
export const CHECKIN_ALPHABET = '0123456789';
export const CHECKIN_CODE_LENGTH = 6;

type DayTimes = Pick<ReceptionDay, 'date' | 'start' | 'end'>;

/** When the reception window opens; booking closes then. */
export const dayStartsAt = (day: DayTimes): Date => chinaInstant(day.date, day.start);
/** When the reception window closes. */
export const dayEndsAt = (day: DayTimes): Date => chinaInstant(day.date, day.end);

/**
 * Whether villagers see the day on `today`: it has not passed, it is within NOTICE_HORIZON_DAYS, and
 * it was announced (`announcedOn`) on or before today and at least NOTICE_DAYS before the day. A day
 * never announced, or announced too late to give villagers notice, is not shown.
 */
export function isAnnounced(day: Pick<ReceptionDay, 'date' | 'announcedOn'>, today: Ymd): boolean {
  const { date, announcedOn } = day;
  return (
    announcedOn !== undefined &&
    announcedOn <= today &&
    announcedOn <= addDays(date, -NOTICE_DAYS) &&
    today <= date &&
    date <= addDays(today, NOTICE_HORIZON_DAYS)
  );
}

/**
 * What the staff desk says about villagers seeing a day: shown when it is to come, within
 * NOTICE_HORIZON_DAYS and announced in time (a day added by hand without `announcedOn` is shown as
 * soon as it is stored), as the station page lists them. A day announced less than NOTICE_DAYS ahead
 * is never shown, so the desk says so; a day beyond the horizon says from when villagers see it.
 */
export function villagerVisibility(
  day: Pick<ReceptionDay, 'date' | 'announcedOn' | 'status'>,
  today: Ymd,
): { shown: boolean; notice: string | null } {
  if (day.status !== 'scheduled' || day.date < today) return { shown: false, notice: null };
  const from = addDays(day.date, -NOTICE_HORIZON_DAYS);
  if (day.announcedOn !== undefined && day.announcedOn > addDays(day.date, -NOTICE_DAYS)) {
    return {
      shown: false,
      notice: `公告不足${NOTICE_DAYS}天，群众在小程序里看不到这一天，也不能预约；请另行通知群众`,
    };
  }
  if (day.date > addDays(today, NOTICE_HORIZON_DAYS)) {
    return {
      shown: false,
      notice: `${Number(from.slice(5, 7))}月${Number(from.slice(8, 10))}日起向群众公布`,
    };
  }
  const shown = day.announcedOn === undefined || isAnnounced(day, today);
  return { shown, notice: shown ? null : '群众暂时看不到这一天' };
}

/**
 * The slot a booking of `day` takes: the one named (even if unknown: checkBookable says so); with
 * none named, the day's only slot; null when the day is split into several and none was named (the
 * villager chooses their time, nothing is picked for them).
 */
export function slotToBook(day: Pick<ReceptionDay, 'slots'>, slotId: string | undefined): string | null {
  if (slotId !== undefined) return slotId;
  return day.slots.length === 1 ? day.slots[0].id : null;
}

/**
 * Whether a villager may book `slotId` on `day`. `existing` is the villager's booking on this day, if
 * any. Allows with the slot; denies DAY_CANCELLED; DAY_PAST once the window has opened (or the day is
 * done); SLOT_NOT_FOUND; ALREADY_BOOKED if the villager holds a booking not cancelled; DAY_FULL when
 * the day's places are all taken; SLOT_FULL when only this slot's are.
 */
export function checkBookable(
  day: ReceptionDay,
  slotId: string,
  existing: Booking | undefined,
  now: Date,
): Decision<Slot> {
  if (day.status === 'cancelled') return deny('DAY_CANCELLED');
  if (day.status === 'done' || now >= dayStartsAt(day)) return deny('DAY_PAST');
  const slot = day.slots.find((s) => s.id === slotId);
  if (!slot) return deny('SLOT_NOT_FOUND');
  if (existing && existing.status !== 'cancelled') return deny('ALREADY_BOOKED');
  if (isFull(day)) return deny('DAY_FULL');
  if (isFull(slot)) return deny('SLOT_FULL');
  return allow(slot);
}

/**
 * Whether a reception day added by hand on `today` may fall on `date`: not in the past (DAY_PAST),
 * and at least NOTICE_DAYS ahead (DAY_TOO_SOON), since villagers are told of every day that far ahead.
 */
export function checkNewDayDate(date: Ymd, today: Ymd): Decision<void> {
  if (date < today) return deny('DAY_PAST');
  if (date < addDays(today, NOTICE_DAYS)) return deny('DAY_TOO_SOON');
  return allow(undefined);
}

/** A booking lock whose booking was never written is taken as abandoned after this long. */
export const BOOKING_LOCK_STALE_MS = 2 * 60 * 1000;

/**
 * Whether a villager's lock on a day (their one active booking) no longer holds the day, so it may be
 * freed: its booking was cancelled (a cancel interrupted before it freed the lock), or its booking was
 * never written and the lock is older than BOOKING_LOCK_STALE_MS (a booking interrupted half-way; a
 * younger lock may be a booking still in progress). The place such an interruption may have taken is
 * not given back: the day can show one place too few, never one too many.
 */
export function isAbandonedLock(
  lock: { lockedAt: Date },
  booking: Pick<Booking, 'status'> | undefined,
  now: Date,
): boolean {
  if (booking) return booking.status === 'cancelled';
  return now.getTime() - new Date(lock.lockedAt).getTime() > BOOKING_LOCK_STALE_MS;
}

/**
 * Whether `callerOpenid` may cancel `booking`. Denies NOT_YOUR_BOOKING; ALREADY_CANCELLED;
 * ALREADY_CHECKED_IN; CANCEL_TOO_LATE when fewer than `cutoffHours` remain before the window opens.
 * A booking on a day the station cancelled can always be cancelled.
 */
export function checkCancellable(
  booking: Booking,
  day: ReceptionDay,
  callerOpenid: string,
  now: Date,
  cutoffHours: number,
): Decision<Booking> {
  if (booking.openid !== callerOpenid) return deny('NOT_YOUR_BOOKING');
  if (booking.status === 'cancelled') return deny('ALREADY_CANCELLED');
  if (booking.status === 'checkedIn') return deny('ALREADY_CHECKED_IN');
  if (day.status === 'cancelled') return allow(booking);
  const cutoff = dayStartsAt(day).getTime() - cutoffHours * 60 * 60 * 1000;
  if (now.getTime() > cutoff) return deny('CANCEL_TOO_LATE');
  return allow(booking);
}

/**
 * A check-in code from CHECKIN_CODE_LENGTH random integers, each in [0, CHECKIN_ALPHABET.length)
 * (e.g. crypto.randomInt(CHECKIN_ALPHABET.length)), so every code is equally likely. Codes are unique
 * per day only if the caller retries on a clash. Throws RangeError on too few or out-of-range integers.
 */
export function checkInCodeFrom(randomInts: readonly number[]): string {
  if (randomInts.length < CHECKIN_CODE_LENGTH) {
    throw new RangeError(`a check-in code needs ${CHECKIN_CODE_LENGTH} random integers`);
  }
  return randomInts
    .slice(0, CHECKIN_CODE_LENGTH)
    .map((n) => {
      if (!Number.isInteger(n) || n < 0 || n >= CHECKIN_ALPHABET.length) {
        throw new RangeError(`random integer ${n} is outside [0, ${CHECKIN_ALPHABET.length})`);
      }
      return CHECKIN_ALPHABET[n];
    })
    .join('');
}

/** A code as an admin typed it ('ab3 k7x', 'AB3-K7X'), in the form codes are stored: upper case, no spaces or dashes. */
export function normaliseCheckInCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Whether the booking found by its code can be checked in on `day` at `now`. `booking` is undefined
 * when no booking has the code. Denies CHECKIN_CODE_INVALID (no booking, or one for another day);
 * ALREADY_CANCELLED; ALREADY_CHECKED_IN; DAY_CANCELLED; CHECKIN_NOT_OPEN before the day (China time);
 * DAY_PAST after it. Check-in is open all through the day itself.
 */
export function checkCheckIn(booking: Booking | undefined, day: ReceptionDay, now: Date): Decision<Booking> {
  if (!booking || booking.dayId !== day._id) return deny('CHECKIN_CODE_INVALID');
  if (booking.status === 'cancelled') return deny('ALREADY_CANCELLED');
  if (booking.status === 'checkedIn') return deny('ALREADY_CHECKED_IN');
  if (day.status === 'cancelled') return deny('DAY_CANCELLED');
  const today = chinaDate(now);
  if (today < day.date) return deny('CHECKIN_NOT_OPEN');
  if (today > day.date) return deny('DAY_PAST');
  return allow(booking);
}

/** Whether `deputyId` is on duty on `day`; denies NOT_ON_DUTY. */
export function checkOnDuty(day: Pick<ReceptionDay, 'deputyIds'>, deputyId: string): Decision<void> {
  return day.deputyIds.includes(deputyId) ? allow(undefined) : deny('NOT_ON_DUTY');
}

/**
 * Whether the reception record of `day` can be written at `now`. Denies DAY_CANCELLED; DAY_NOT_OVER
 * before the window closes; RECORD_EXISTS when the day already has one (`recordExists`).
 */
export function checkRecordable(day: ReceptionDay, recordExists: boolean, now: Date): Decision<void> {
  if (day.status === 'cancelled') return deny('DAY_CANCELLED');
  if (now < dayEndsAt(day)) return deny('DAY_NOT_OVER');
  if (recordExists) return deny('RECORD_EXISTS');
  return allow(undefined);
}

function isFull(counter: Pick<Slot, 'capacity' | 'booked'>): boolean {
  return placesLeft(counter) === 0;
}
