import { chineseCalendar, OFFICIAL_DATA_LAST_YEAR } from '../../../core/calendar/chinese-calendar';

// 2026 dates as the chinese-days package (State Council notice) has them.
describe('chineseCalendar with the official 2026 data', () => {
  const calendar = chineseCalendar();

  it.each([
    ['元旦', '2026-01-02'],
    ['春节 (Monday)', '2026-02-16'],
    ['春节 (Monday 02-23, last day)', '2026-02-23'],
    ['清明', '2026-04-06'],
    ['劳动节 (Friday)', '2026-05-01'],
    ['劳动节 (Tuesday 05-05, last day)', '2026-05-05'],
    ['端午', '2026-06-19'],
    ['中秋', '2026-09-25'],
    ['国庆节 (Thursday)', '2026-10-01'],
    ['国庆节 (Wednesday 10-07, last day)', '2026-10-07'],
  ])('a weekday of %s is not a working day', (_name, day) => {
    expect(calendar.isWorkingDay(day)).toBe(false);
  });

  it.each([
    ['元旦 (Sunday)', '2026-01-04'],
    ['春节 (Saturday before)', '2026-02-14'],
    ['春节 (Saturday after)', '2026-02-28'],
    ['劳动节 (Saturday)', '2026-05-09'],
    ['国庆节 (Sunday before)', '2026-09-20'],
    ['国庆节 (Saturday after)', '2026-10-10'],
  ])('the 调休 make-up workday of %s is a working day', (_name, day) => {
    expect(calendar.isWorkingDay(day)).toBe(true);
  });

  it.each([
    ['a plain Thursday after National Day', '2026-10-08', true],
    ['a plain Sunday after National Day', '2026-10-11', false],
  ])('%s follows the week', (_ctx, day, working) => {
    expect(calendar.isWorkingDay(day)).toBe(working);
  });

  it('says the year is covered by official data', () => {
    expect(OFFICIAL_DATA_LAST_YEAR).toBe(2026);
    expect(calendar.coverage(2026)).toBe('official');
  });

  it('when the presidium overrides a 2026 day, the override wins', () => {
    const local = chineseCalendar([{ date: '2026-10-09', kind: 'holiday', name: '镇庆' }]);
    expect(local.isWorkingDay('2026-10-09')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-09')).toBe(true);
  });
});

describe('chineseCalendar for 2027, beyond the official data', () => {
  const overrides = [
    { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
    { date: '2027-02-07', kind: 'workday' as const, name: '春节' },
  ];

  it.each([
    ['New Year (Friday) marked holiday', '2027-01-01', false],
    ['a Sunday marked make-up workday', '2027-02-07', true],
    ['a day not marked: Monday', '2027-01-04', true],
    ['a day not marked: Saturday', '2027-01-02', false],
  ])('with overrides: %s', (_ctx, day, working) => {
    expect(chineseCalendar(overrides).isWorkingDay(day)).toBe(working);
  });

  it('with overrides, the year says its data comes from overrides', () => {
    expect(chineseCalendar(overrides).coverage(2027)).toBe('overrides');
  });

  it.each([
    ['New Year (Friday)', '2027-01-01', true],
    ['a Sunday', '2027-02-07', false],
  ])('without overrides, %s falls back to the weekday', (_ctx, day, working) => {
    expect(chineseCalendar().isWorkingDay(day)).toBe(working);
  });

  it('without overrides, the year says it is weekdays only', () => {
    expect(chineseCalendar().coverage(2027)).toBe('weekdays-only');
  });
});

describe('holidayName', () => {
  const cal = chineseCalendar([
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2026-10-02', kind: 'workday', name: '本乡调整' },
  ]);
  it.each([
    ['2026-10-01', '国庆节'],
    ['2026-10-10', null], // a make-up workday (调休) is no holiday
    ['2026-11-21', null], // a plain Saturday
    ['2027-01-01', '元旦'], // from the overrides
    ['2027-01-02', null], // beyond the package's data, no override
    ['2026-10-02', null], // overridden into a workday
  ])('%s → %s', (day, name) => {
    expect(cal.holidayName(day)).toBe(name);
  });
});
