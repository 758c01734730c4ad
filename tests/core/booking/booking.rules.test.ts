import {
  BOOKING_LOCK_STALE_MS,
  checkNewDayDate,
  isAbandonedLock,
  CHECKIN_ALPHABET,
  checkBookable,
  checkCancellable,
  checkCheckIn,
  checkInCodeFrom,
  checkOnDuty,
  checkRecordable,
  isAnnounced,
  normaliseCheckInCode,
  NOTICE_DAYS,
  placesLeft,
} from '../../../core/booking/booking.rules';
import { BOOKING_ERRORS } from '../../../core/booking/booking.errors';
import type { Booking, ReceptionDay } from '../../../core/booking/booking.types';
import { chinaInstant } from '../../../core/calendar/china-time';

/** Friday 2026-10-09, 14:30-17:00 China time: slot a has 2 places, slot b 3. */
function day(change: Partial<ReceptionDay> = {}): ReceptionDay {
  return {
    _id: 'day-1',
    key: 'JG01:2026-10-09',
    stationCode: 'JG01',
    date: '2026-10-09',
    start: '14:30',
    end: '17:00',
    deputyIds: ['d1', 'd2'],
    capacity: 5,
    booked: 0,
    status: 'scheduled',
    slots: [
      { id: 'a', start: '14:30', end: '15:30', capacity: 2, booked: 0 },
      { id: 'b', start: '15:30', end: '17:00', capacity: 3, booked: 0 },
    ],
    announcedOn: '2026-09-20',
    ...change,
  };
}

function booking(change: Partial<Booking> = {}): Booking {
  return {
    _id: 'bk-1',
    dayId: 'day-1',
    slotId: 'a',
    openid: 'villager-1',
    status: 'booked',
    checkInCode: 'AB3K7X',
    bookedAt: chinaInstant('2026-10-01', '10:00'),
    ...change,
  };
}

const at = (ymd: string, hhmm: string) => chinaInstant(ymd, hhmm);
const denied = (reason: string) => ({ ok: false, reason });

describe('checkBookable', () => {
  const beforeStart = at('2026-10-09', '14:29');

  it('when the slot has places, it allows with the slot', () => {
    expect(checkBookable(day(), 'a', undefined, beforeStart)).toEqual({ ok: true, value: day().slots[0] });
  });

  it('when the villager cancelled an earlier booking, they may book again', () => {
    expect(checkBookable(day(), 'a', booking({ status: 'cancelled' }), beforeStart).ok).toBe(true);
  });

  it('when the slot is unlimited, it never fills', () => {
    const open = day({
      capacity: 'unlimited',
      booked: 999,
      slots: [{ id: 'a', start: '14:30', end: '17:00', capacity: 'unlimited', booked: 999 }],
    });
    expect(checkBookable(open, 'a', undefined, beforeStart).ok).toBe(true);
  });

  it.each([
    [
      'the station cancelled the day',
      day({ status: 'cancelled' }),
      'a',
      undefined,
      beforeStart,
      'DAY_CANCELLED',
    ],
    ['the window has opened', day(), 'a', undefined, at('2026-10-09', '14:30'), 'DAY_PAST'],
    ['the day is over', day(), 'a', undefined, at('2026-10-10', '09:00'), 'DAY_PAST'],
    [
      'the day is marked done',
      day({ status: 'done' }),
      'a',
      undefined,
      at('2026-10-01', '09:00'),
      'DAY_PAST',
    ],
    ['the slot does not exist', day(), 'zz', undefined, beforeStart, 'SLOT_NOT_FOUND'],
    ['the villager already booked this day', day(), 'b', booking(), beforeStart, 'ALREADY_BOOKED'],
    [
      'the villager is already checked in',
      day(),
      'b',
      booking({ status: 'checkedIn' }),
      beforeStart,
      'ALREADY_BOOKED',
    ],
    ['the day is full', day({ booked: 5 }), 'b', undefined, beforeStart, 'DAY_FULL'],
    [
      'the slot is full but the day is not',
      day({ booked: 2, slots: [{ id: 'a', start: '14:30', end: '15:30', capacity: 2, booked: 2 }] }),
      'a',
      undefined,
      beforeStart,
      'SLOT_FULL',
    ],
  ])('when %s, it denies', (_ctx, d, slotId, existing, now, reason) => {
    expect(checkBookable(d, slotId, existing, now)).toEqual(denied(reason));
  });
});

describe('checkCancellable (24 hours before the window opens)', () => {
  const cutoff = 24;

  it.each([
    ['a day ahead', at('2026-10-08', '14:29')],
    ['exactly at the cut-off', at('2026-10-08', '14:30')],
  ])('when it is %s, the villager may cancel', (_ctx, now) => {
    expect(checkCancellable(booking(), day(), 'villager-1', now, cutoff)).toEqual({
      ok: true,
      value: booking(),
    });
  });

  it('when the station cancelled the day, the villager may cancel even late', () => {
    expect(
      checkCancellable(
        booking(),
        day({ status: 'cancelled' }),
        'villager-1',
        at('2026-10-09', '16:00'),
        cutoff,
      ).ok,
    ).toBe(true);
  });

  it.each([
    ['someone else asks', booking(), 'villager-2', at('2026-10-01', '09:00'), 'NOT_YOUR_BOOKING'],
    [
      'it is already cancelled',
      booking({ status: 'cancelled' }),
      'villager-1',
      at('2026-10-01', '09:00'),
      'ALREADY_CANCELLED',
    ],
    [
      'the villager has checked in',
      booking({ status: 'checkedIn' }),
      'villager-1',
      at('2026-10-01', '09:00'),
      'ALREADY_CHECKED_IN',
    ],
    [
      'it is one minute past the cut-off',
      booking(),
      'villager-1',
      at('2026-10-08', '14:31'),
      'CANCEL_TOO_LATE',
    ],
  ])('when %s, it denies', (_ctx, b, caller, now, reason) => {
    expect(checkCancellable(b, day(), caller, now, cutoff)).toEqual(denied(reason));
  });
});

describe('checkNewDayDate (a day added by hand, announced NOTICE_DAYS ahead)', () => {
  it.each([
    ['2026-03-01', '2026-03-02', 'DAY_PAST'],
    ['2026-03-02', '2026-03-02', 'DAY_TOO_SOON'],
    ['2026-03-04', '2026-03-02', 'DAY_TOO_SOON'],
    ['2026-03-05', '2026-03-02', null],
    ['2026-04-01', '2026-03-30', 'DAY_TOO_SOON'],
    ['2026-04-02', '2026-03-30', null],
  ])('%s added on %s → %s', (date, today, reason) => {
    const d = checkNewDayDate(date, today);
    expect(d.ok ? null : d.reason).toBe(reason);
  });
});

describe('isAbandonedLock', () => {
  const lockedAt = new Date('2026-03-02T02:00:00Z');
  const after = (ms: number) => new Date(lockedAt.getTime() + ms);
  it.each([
    ['booked booking', { status: 'booked' as const }, after(3_600_000), false],
    ['checked-in booking', { status: 'checkedIn' as const }, after(3_600_000), false],
    ['cancelled booking (interrupted cancel)', { status: 'cancelled' as const }, after(0), true],
    ['no booking, booking maybe in progress', undefined, after(BOOKING_LOCK_STALE_MS), false],
    ['no booking, stale (interrupted booking)', undefined, after(BOOKING_LOCK_STALE_MS + 1), true],
  ])('%s → %s', (_label, booking, now, expected) => {
    expect(isAbandonedLock({ lockedAt }, booking, now)).toBe(expected);
  });
});

describe('isAnnounced', () => {
  it('announces three days ahead', () => {
    expect(NOTICE_DAYS).toBe(3);
  });

  it.each([
    ['announced weeks ahead, on the day', { announcedOn: '2026-09-20' }, '2026-10-09', true],
    ['announced weeks ahead, a week before', { announcedOn: '2026-09-20' }, '2026-10-02', true],
    ['announced exactly 3 days ahead', { announcedOn: '2026-10-06' }, '2026-10-06', true],
    ['announced only 2 days ahead', { announcedOn: '2026-10-07' }, '2026-10-08', false],
    ['not announced yet', { announcedOn: '2026-09-20' }, '2026-09-19', false],
    ['never announced', { announcedOn: undefined }, '2026-10-08', false],
    ['the day has passed', { announcedOn: '2026-09-20' }, '2026-10-10', false],
    ['more than 30 days away', { announcedOn: '2026-08-01' }, '2026-09-08', false],
    ['exactly 30 days away', { announcedOn: '2026-08-01' }, '2026-09-09', true],
  ])('when %s, shown = %s', (_ctx, change, today, shown) => {
    expect(isAnnounced({ date: '2026-10-09', ...change }, today)).toBe(shown);
  });
});

describe('checkInCodeFrom', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0], '000000'],
    [[9, 9, 9, 9, 9, 9], '999999'],
    [[8, 9, 1, 7, 5, 2, 7, 7], '891752'],
  ])('maps %j to %s', (ints, code) => {
    expect(checkInCodeFrom(ints)).toBe(code);
  });

  it('uses digits only, which a villager reads out and an admin types on the number pad', () => {
    expect(CHECKIN_ALPHABET).toBe('0123456789');
    const every = checkInCodeFrom([...CHECKIN_ALPHABET].map((_, i) => i));
    expect(every).toHaveLength(6);
  });

  it.each([
    ['too few integers', [1, 2, 3]],
    ['an integer past the alphabet', [0, 0, 0, 0, 0, 10]],
    ['a negative integer', [-1, 0, 0, 0, 0, 0]],
    ['a fraction', [0.5, 0, 0, 0, 0, 0]],
  ])('refuses %s', (_ctx, ints) => {
    expect(() => checkInCodeFrom(ints)).toThrow(RangeError);
  });

  it.each([
    ['ab3k7x', 'AB3K7X'],
    [' AB3 K7X ', 'AB3K7X'],
    ['ab3-k7x', 'AB3K7X'],
    [' 891 752 ', '891752'],
    ['891-752', '891752'],
  ])('normalises a typed %j', (typed, code) => {
    expect(normaliseCheckInCode(typed)).toBe(code);
  });
});

describe('checkCheckIn', () => {
  it.each([
    ['before the window', at('2026-10-09', '08:00')],
    ['after the window, the same day', at('2026-10-09', '23:59')],
  ])('on the day, %s, it allows', (_ctx, now) => {
    expect(checkCheckIn(booking(), day(), now)).toEqual({ ok: true, value: booking() });
  });

  it.each([
    ['no booking has the code', undefined, day(), at('2026-10-09', '15:00'), 'CHECKIN_CODE_INVALID'],
    [
      'the code is for another day',
      booking({ dayId: 'day-2' }),
      day(),
      at('2026-10-09', '15:00'),
      'CHECKIN_CODE_INVALID',
    ],
    [
      'the booking was cancelled',
      booking({ status: 'cancelled' }),
      day(),
      at('2026-10-09', '15:00'),
      'ALREADY_CANCELLED',
    ],
    [
      'the villager already checked in',
      booking({ status: 'checkedIn' }),
      day(),
      at('2026-10-09', '15:00'),
      'ALREADY_CHECKED_IN',
    ],
    [
      'the station cancelled the day',
      booking(),
      day({ status: 'cancelled' }),
      at('2026-10-09', '15:00'),
      'DAY_CANCELLED',
    ],
    ['it is the day before', booking(), day(), at('2026-10-08', '23:59'), 'CHECKIN_NOT_OPEN'],
    ['it is the day after', booking(), day(), at('2026-10-10', '00:00'), 'DAY_PAST'],
  ])('when %s, it denies', (_ctx, b, d, now, reason) => {
    expect(checkCheckIn(b, d, now)).toEqual(denied(reason));
  });
});

describe('checkOnDuty', () => {
  it.each([
    ['a deputy on the rota', 'd2', { ok: true, value: undefined }],
    ['a deputy not on duty that day', 'd3', denied('NOT_ON_DUTY')],
  ])('for %s', (_ctx, deputyId, decision) => {
    expect(checkOnDuty(day(), deputyId)).toEqual(decision);
  });
});

describe('checkRecordable', () => {
  it.each([
    ['the window has closed', day(), false, at('2026-10-09', '17:00'), { ok: true, value: undefined }],
    ['the reception is still on', day(), false, at('2026-10-09', '16:59'), denied('DAY_NOT_OVER')],
    ['the day already has a record', day(), true, at('2026-10-10', '09:00'), denied('RECORD_EXISTS')],
    [
      'the day was cancelled',
      day({ status: 'cancelled' }),
      false,
      at('2026-10-10', '09:00'),
      denied('DAY_CANCELLED'),
    ],
  ])('when %s', (_ctx, d, exists, now, decision) => {
    expect(checkRecordable(d, exists, now)).toEqual(decision);
  });
});

describe('placesLeft', () => {
  it.each([
    ['a day with places', { capacity: 5, booked: 3 }, 2],
    ['a full day', { capacity: 5, booked: 5 }, 0],
    ['an overbooked counter', { capacity: 5, booked: 6 }, 0],
    ['an unlimited slot', { capacity: 'unlimited' as const, booked: 40 }, 'unlimited'],
  ])('for %s', (_ctx, counter, left) => {
    expect(placesLeft(counter)).toBe(left);
  });
});

describe('BOOKING_ERRORS', () => {
  it.each(Object.entries(BOOKING_ERRORS))('%s has plain Chinese text', (_code, text) => {
    expect(text).toMatch(/^[\p{Script=Han}，、]+$/u);
  });
});
