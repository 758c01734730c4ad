import {
  CALENDAR_COVERAGE_HORIZON_DAYS,
  calendarCoverageGap,
  coverageGapMessage,
  yearsWithin,
} from '../../../core/calendar/coverage';

describe('calendarCoverageGap', () => {
  const H = CALENDAR_COVERAGE_HORIZON_DAYS;
  it.each([
    ['mid-year, the year covered', '2026-06-01', H, [2026], []],
    ['mid-year, the year not covered', '2027-06-01', H, [2026], [{ year: 2027, from: '2027-06-01' }]],
    ['61 days before New Year: next year not reached yet', '2026-11-01', H, [2026], []],
    [
      '59 days before New Year: next year reached',
      '2026-11-03',
      H,
      [2026],
      [{ year: 2027, from: '2027-01-01' }],
    ],
    ['1 December, next year entered as an override', '2026-12-01', H, [2026, 2027], []],
    ['1 December, next year missing', '2026-12-01', H, [2026], [{ year: 2027, from: '2027-01-01' }]],
    [
      'both this year and next missing',
      '2027-12-15',
      H,
      [2026],
      [
        { year: 2027, from: '2027-12-15' },
        { year: 2028, from: '2028-01-01' },
      ],
    ],
    ['next year covered, this year not', '2027-12-15', H, [2028], [{ year: 2027, from: '2027-12-15' }]],
    ['a horizon of 0 days: today only', '2026-12-31', 0, [2026], []],
    ['New Year’s Eve with a 1-day horizon', '2026-12-31', 1, [2026], [{ year: 2027, from: '2027-01-01' }]],
  ] as const)('%s', (_ctx, today, horizon, covered, gaps) => {
    expect(calendarCoverageGap(today, horizon, covered)).toEqual(
      gaps.map((g) => ({ ...g, message: coverageGapMessage(g.year) })),
    );
  });

  it('says which year is missing and where to enter it', () => {
    expect(coverageGapMessage(2027)).toBe(
      '2027年的法定节假日安排尚未录入，请县人大常委会在“节假日调整”中补录',
    );
  });

  it.each([
    ['within one year', '2026-03-01', 60, [2026]],
    ['across New Year', '2026-12-01', 60, [2026, 2027]],
    ['a negative horizon counts as today', '2026-12-31', -5, [2026]],
  ] as const)('yearsWithin: %s', (_ctx, today, horizon, years) => {
    expect(yearsWithin(today, horizon)).toEqual(years);
  });
});
