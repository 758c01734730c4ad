/**
 * The waiting list's rules (core/booking/waitlist.rules.ts) and the presidium's reminder timing
 * (core/booking/reception.rules.ts), on China time: an hourly scheduler lands in the two-hours window
 * exactly once, and 提前一天 keeps the day-before rule from 08:00.
 */
import { chinaInstant } from '../../../core/calendar/china-time';
import {
  checkBookingSettings,
  datesToRemindAt,
  effectiveBookingSettings,
  isReminderDue,
  reminderTip,
} from '../../../core/booking/reception.rules';
import {
  checkJoinWaitlist,
  checkLeaveWaitlist,
  waitlistLabel,
  waitlistPosition,
} from '../../../core/booking/waitlist.rules';
import type { Booking, ReceptionDay } from '../../../core/booking/booking.types';

const NOW = new Date('2026-12-01T02:00:00Z'); // 10:00 China time
const day = (booked: number, capacity: number | 'unlimited' = 2, extra: Partial<ReceptionDay> = {}) =>
  ({
    _id: 'JG01:2026-12-07',
    stationCode: 'JG01',
    date: '2026-12-07',
    start: '09:00',
    end: '11:00',
    deputyIds: ['d01'],
    capacity,
    booked,
    status: 'scheduled',
    slots: [{ id: 'a', start: '09:00', end: '11:00', capacity, booked }],
    ...extra,
  }) as ReceptionDay;
const reason = (d: { ok: boolean; reason?: string }) => (d.ok ? null : d.reason);

describe('checkJoinWaitlist', () => {
  it('only a full day or slot has a waiting list', () => {
    expect(reason(checkJoinWaitlist(day(2), 'a', undefined, undefined, NOW))).toBeNull();
    expect(reason(checkJoinWaitlist(day(1), 'a', undefined, undefined, NOW))).toBe('WAITLIST_NOT_FULL');
    expect(reason(checkJoinWaitlist(day(5, 'unlimited'), 'a', undefined, undefined, NOW))).toBe(
      'WAITLIST_NOT_FULL',
    );
  });

  it('a villager holding a booking that day cannot also wait; a cancelled one can', () => {
    const booked = { status: 'booked' } as Booking;
    expect(reason(checkJoinWaitlist(day(2), 'a', booked, undefined, NOW))).toBe('ALREADY_BOOKED');
    const cancelled = { status: 'cancelled' } as Booking;
    expect(reason(checkJoinWaitlist(day(2), 'a', cancelled, undefined, NOW))).toBeNull();
  });

  it('one place per villager per day: waiting for another slot is refused, the same slot is the same entry', () => {
    const waiting = { status: 'waiting' as const, slotId: 'pm' };
    expect(reason(checkJoinWaitlist(day(2), 'a', undefined, waiting, NOW))).toBe('ALREADY_WAITING');
    expect(
      reason(checkJoinWaitlist(day(2), 'a', undefined, { status: 'waiting', slotId: 'a' }, NOW)),
    ).toBeNull();
    expect(
      reason(checkJoinWaitlist(day(2), 'a', undefined, { status: 'cancelled', slotId: 'pm' }, NOW)),
    ).toBeNull();
  });

  it('a past, cancelled or unknown day or slot answers as a booking would', () => {
    expect(
      reason(checkJoinWaitlist(day(2, 2, { status: 'cancelled' }), 'a', undefined, undefined, NOW)),
    ).toBe('DAY_CANCELLED');
    expect(reason(checkJoinWaitlist(day(2), 'zz', undefined, undefined, NOW))).toBe('SLOT_NOT_FOUND');
    const late = chinaInstant('2026-12-07', '09:30');
    expect(reason(checkJoinWaitlist(day(2), 'a', undefined, undefined, late))).toBe('DAY_PAST');
  });
});

describe('leaving and the place in the list', () => {
  it('leaves while waiting; a promoted entry is a booking to cancel', () => {
    expect(reason(checkLeaveWaitlist(undefined))).toBe('WAITLIST_NOT_FOUND');
    expect(reason(checkLeaveWaitlist({ status: 'waiting' }))).toBeNull();
    expect(reason(checkLeaveWaitlist({ status: 'cancelled' }))).toBeNull();
    expect(reason(checkLeaveWaitlist({ status: 'promoted' }))).toBe('WAITLIST_PROMOTED');
  });
  it('says where the villager stands', () => {
    expect(waitlistPosition(0)).toBe(1);
    expect(waitlistLabel('waiting', waitlistPosition(2))).toBe('排队候补第3位');
    expect(waitlistLabel('promoted', null)).toBe('已候补成功，请按时到场');
  });
});

describe('reminder timing (China time)', () => {
  it('defaults to 提前一天 and accepts only the two choices', () => {
    expect(effectiveBookingSettings(null)).toEqual({ reminderLead: 'dayBefore' });
    expect(effectiveBookingSettings({ reminderLead: 'weekBefore' })).toEqual({ reminderLead: 'dayBefore' });
    expect(reason(checkBookingSettings({ reminderLead: 'twoHoursBefore' }))).toBeNull();
    expect(reason(checkBookingSettings({ reminderLead: 'tenMinutes' }))).toBe('BOOKING_SETTINGS_INVALID');
  });

  it('提前一天: the day before from 08:00 China time', () => {
    const due = (iso: string) => isReminderDue('2026-12-07', '09:00', 'dayBefore', new Date(iso));
    expect(due('2026-12-05T23:59:00Z')).toBe(false); // 12-06 07:59 China
    expect(due('2026-12-06T00:00:00Z')).toBe(true); // 12-06 08:00 China
    expect(due('2026-12-06T15:00:00Z')).toBe(true); // 12-06 23:00 China
    expect(due('2026-12-07T00:00:00Z')).toBe(false); // the day itself
    expect(datesToRemindAt(new Date('2026-12-06T00:00:00Z'), 'dayBefore')).toEqual(['2026-12-07']);
    expect(datesToRemindAt(new Date('2026-12-05T23:00:00Z'), 'dayBefore')).toEqual([]);
  });

  it.each(['09:00', '14:30', '08:15', '00:30'])(
    '提前两小时: an hourly run lands once between 2 and 1 hours before a slot at %s',
    (start) => {
      const startsAt = chinaInstant('2026-12-07', start).getTime();
      // Runs every hour at :00 China time from two days before to the start, at an odd minute too.
      for (const minute of [0, 7, 59]) {
        const runs: number[] = [];
        for (
          let t = chinaInstant('2026-12-05', '00:00').getTime() + minute * 60_000;
          t <= startsAt;
          t += 3_600_000
        ) {
          const now = new Date(t);
          const dates = datesToRemindAt(now, 'twoHoursBefore');
          if (dates.includes('2026-12-07') && isReminderDue('2026-12-07', start, 'twoHoursBefore', now))
            runs.push(t);
        }
        expect(runs.length).toBeGreaterThanOrEqual(1);
        expect(runs.length).toBeLessThanOrEqual(2); // a run exactly on both edges: the dedupe key sends once
        for (const t of runs) {
          expect(startsAt - t).toBeGreaterThanOrEqual(3_600_000);
          expect(startsAt - t).toBeLessThanOrEqual(2 * 3_600_000);
        }
      }
    },
  );

  it('the tip fits a thing field and carries the code', () => {
    for (const lead of ['dayBefore', 'twoHoursBefore'] as const) {
      const tip = reminderTip(lead, '123456');
      expect(Array.from(tip).length).toBeLessThanOrEqual(20);
      expect(tip).toContain('123456');
    }
  });
});
