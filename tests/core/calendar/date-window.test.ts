/**
 * Real dates in a window, and loops over dates bounded by a count. A loop that could fail to end is
 * caught here without a clock: the calendars below count how often they are asked and throw past a
 * bound, so a runaway loop fails the test at CALLS_BOUND questions instead of hanging it.
 */
import { contentCheckChunks } from '../../../core/article/article.push';
import {
  MAX_RANGE_DAYS,
  checkSchedule,
  materialiseDays,
  type ScheduleRule,
} from '../../../core/booking/schedule.rules';
import { addDays } from '../../../core/calendar/china-time';
import {
  DATE_WINDOWS,
  FIRST_DAY,
  LAST_DAY,
  checkDateWindow,
  isCalendarDay,
  windowOn,
} from '../../../core/calendar/date-window';
import {
  MAX_WORKING_DAYS,
  WEEKDAYS_ONLY,
  addWorkingDays,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../../core/calendar/working-days';
import { MAX_PERIODS, periodsBetween } from '../../../core/duty/disclosure.periods';

/** No call below may ask a calendar more than this many questions. */
const CALLS_BOUND = 50_000;

function counting(): WorkingCalendar & { calls: number } {
  const cal = {
    calls: 0,
    isWorkingDay(day: string) {
      if (++cal.calls > CALLS_BOUND)
        throw new Error(`asked about more than ${CALLS_BOUND} days: a runaway loop`);
      return WEEKDAYS_ONLY.isWorkingDay(day);
    },
  };
  return cal;
}

describe('isCalendarDay', () => {
  it.each([
    ['2026-12-01', true],
    ['2028-02-29', true],
    [FIRST_DAY, true],
    [LAST_DAY, true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['2027-13-01', false],
    ['2027-04-31', false],
    ['0001-01-01', false],
    ['1999-12-31', false],
    ['2100-01-01', false],
    ['9999-12-31', false],
    ['+010000-01-01', false],
    ['2027-1-1', false],
    ['', false],
  ])('%s → %s', (day, ok) => {
    expect(isCalendarDay(day)).toBe(ok);
  });
});

describe('windowOn / checkDateWindow', () => {
  it('admits the window’s ends and refuses a day past either', () => {
    const today = '2026-12-01';
    for (const field of Object.keys(DATE_WINDOWS) as (keyof typeof DATE_WINDOWS)[]) {
      const { from, to } = windowOn(today, field);
      expect(checkDateWindow(from, today, field).ok).toBe(true);
      expect(checkDateWindow(to, today, field).ok).toBe(true);
      expect(checkDateWindow(addDays(from, -1), today, field)).toEqual({
        ok: false,
        reason: 'DATE_OUT_OF_RANGE',
      });
      expect(checkDateWindow(addDays(to, 1), today, field)).toEqual({
        ok: false,
        reason: 'DATE_OUT_OF_RANGE',
      });
    }
  });

  it('never reaches past the product’s years', () => {
    expect(windowOn('2099-12-01', 'scheduleEnd').to).toBe(LAST_DAY);
    expect(windowOn('2000-01-05', 'holiday').from).toBe(FIRST_DAY);
    expect(checkDateWindow('2027-02-30', '2027-02-01', 'holiday').ok).toBe(false);
  });
});

const weekly: ScheduleRule = {
  stationCode: 'JG03',
  recurrence: { every: 'week', weekday: 4 },
  start: '09:00',
  end: '12:00',
  slots: [{ id: 'am', start: '09:00', end: '12:00', capacity: 5 }],
  rota: { deputyIds: ['d06', 'd07'], perDay: 1 },
  holidayPolicy: 'nextWorkingDay',
  startsOn: '2026-09-01',
};
const monthly: ScheduleRule = { ...weekly, recurrence: { every: 'monthDay', day: 31 } };

describe('schedules far in the future (the 9999-12-31 hang)', () => {
  it.each(['9999-12-31', '2100-01-01', '0001-01-01', '2027-02-30'])(
    'a rule starting %s is invalid',
    (startsOn) => {
      expect(checkSchedule({ ...weekly, startsOn })).toEqual({ ok: false, reason: 'SCHEDULE_INVALID' });
      expect(() => materialiseDays({ ...weekly, startsOn }, '2026-12-01', '2027-01-05', counting())).toThrow(
        RangeError,
      );
    },
  );

  it.each([weekly, monthly])('the latest start the product takes makes its days and stops (%#)', (rule) => {
    const cal = counting();
    const days = materialiseDays({ ...rule, startsOn: LAST_DAY }, addDays(LAST_DAY, -30), LAST_DAY, cal);
    expect(days.length).toBeLessThanOrEqual(1);
    expect(cal.calls).toBeLessThan(CALLS_BOUND);
  });

  it('a range longer than MAX_RANGE_DAYS is refused, not walked', () => {
    expect(() => materialiseDays(weekly, FIRST_DAY, LAST_DAY, counting())).toThrow(RangeError);
    const cal = counting();
    const days = materialiseDays(weekly, '2026-09-01', addDays('2026-09-01', MAX_RANGE_DAYS), cal);
    expect(days.length).toBeGreaterThan(200);
    expect(cal.calls).toBeLessThan(CALLS_BOUND);
  });

  it.each(['+010000-01-01', 'not a day', '2027-02-30'])('an unreal end %s is refused', (to) => {
    expect(() => materialiseDays(weekly, '2026-12-01', to, counting())).toThrow(RangeError);
  });
});

describe('working days: counted, not walked to a date', () => {
  it('counts a span day by day and refuses a span too long to count', () => {
    const cal = counting();
    expect(workingDaysBetween('2026-11-30', '2026-12-07', cal)).toBe(5);
    expect(cal.calls).toBe(7);
    expect(() => workingDaysBetween(FIRST_DAY, '9999-12-31', counting())).toThrow(RangeError);
    expect(() => workingDaysBetween('2026-12-01', '+010000-01-01', counting())).toThrow(RangeError);
    expect(workingDaysBetween('2026-12-01', 'not a day', counting())).toBe(0);
  });

  it('refuses to add more than MAX_WORKING_DAYS', () => {
    expect(() => addWorkingDays('2026-12-01', MAX_WORKING_DAYS + 1, counting())).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-01', 1e9, counting())).toThrow(RangeError);
  });
});

describe('disclosure periods and content chunks: bounded by a count', () => {
  it('lists periods of a real range and refuses a range of more than MAX_PERIODS', () => {
    expect(periodsBetween('2025-01-01', '2026-12-01').map((p) => p.id)).toEqual([
      '2025-05',
      '2025-11',
      '2026-05',
      '2026-11',
      '2027-05',
    ]);
    expect(() => periodsBetween(FIRST_DAY, '9999-12-31')).toThrow(RangeError);
    expect(periodsBetween('2026-12-01', '2026-01-01')).toEqual([]);
    expect(MAX_PERIODS).toBeGreaterThanOrEqual(2 * 50);
  });

  it('cuts text into pieces that always advance', () => {
    expect(contentCheckChunks('字'.repeat(5000))).toHaveLength(3);
    expect(() => contentCheckChunks('abc', 16, 16)).toThrow(RangeError);
    expect(() => contentCheckChunks('abc', 0, 0)).toThrow(RangeError);
  });
});
