import { chineseCalendar } from '../../../core/calendar/chinese-calendar';
import {
  addWorkingDays,
  nextWorkingDay,
  WEEKDAYS_ONLY,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../../core/calendar/working-days';

const official = chineseCalendar();

describe('addWorkingDays', () => {
  describe('on plain weeks', () => {
    it.each([
      ['a Monday, 1 day', '2026-03-02', 1, '2026-03-03'],
      ['a Friday, 2 days (due end of Tuesday)', '2026-03-06', 2, '2026-03-10'],
      ['a Saturday, 1 day', '2026-03-07', 1, '2026-03-09'],
      ['a Friday, 5 days', '2026-03-06', 5, '2026-03-13'],
      ['a working day, 0 days', '2026-03-04', 0, '2026-03-04'],
      ['a Sunday, 0 days', '2026-03-08', 0, '2026-03-09'],
    ])('from %s → %s', (_ctx, from, n, due) => {
      expect(addWorkingDays(from, n, WEEKDAYS_ONLY)).toBe(due);
    });
  });

  describe('on the official 2026 calendar', () => {
    it.each([
      ['the eve of National Day, 2 days', '2026-09-30', 2, '2026-10-09'],
      [
        'the eve of National Day, 3 days (Saturday 10-10 is a make-up workday)',
        '2026-09-30',
        3,
        '2026-10-10',
      ],
      [
        'the Friday before Spring Festival, 1 day (Saturday 02-14 is a make-up workday)',
        '2026-02-13',
        1,
        '2026-02-14',
      ],
      ['the Friday before Spring Festival, 2 days (02-15…02-23 off)', '2026-02-13', 2, '2026-02-24'],
      ['the eve of Labour Day, 1 day (05-01…05-05 off)', '2026-04-30', 1, '2026-05-06'],
      ['National Day itself, 0 days', '2026-10-01', 0, '2026-10-08'],
    ])('from %s → %s', (_ctx, from, n, due) => {
      expect(addWorkingDays(from, n, official)).toBe(due);
    });
  });

  it.each([-1, 1.5, Number.NaN])('when the number of days is %s it refuses', (n) => {
    expect(() => addWorkingDays('2026-03-02', n, WEEKDAYS_ONLY)).toThrow(RangeError);
  });
});

describe('nextWorkingDay', () => {
  it.each([
    ['a Friday, exclusive', '2026-03-06', false, '2026-03-09'],
    ['a Friday, inclusive', '2026-03-06', true, '2026-03-06'],
    ['the last day of National Day', '2026-10-07', false, '2026-10-08'],
    ['the Saturday before the New Year make-up Sunday', '2026-01-03', false, '2026-01-04'],
  ])('after %s', (_ctx, day, inclusive, next) => {
    expect(nextWorkingDay(day, official, inclusive)).toBe(next);
  });

  it('when the calendar has no working day at all it says the data is wrong', () => {
    const never: WorkingCalendar = { isWorkingDay: () => false };
    expect(() => nextWorkingDay('2026-03-02', never)).toThrow(/calendar data is wrong/);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['across National Day', '2026-09-30', '2026-10-10', 3],
    ['across Spring Festival', '2026-02-13', '2026-02-24', 2],
    ['the same day', '2026-03-02', '2026-03-02', 0],
    ['to before from', '2026-03-05', '2026-03-02', 0],
  ])('%s', (_ctx, from, to, n) => {
    expect(workingDaysBetween(from, to, official)).toBe(n);
  });
});
