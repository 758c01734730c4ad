/**
 * Whether the working calendar knows the coming weeks. Reception days are materialised and opinion
 * deadlines counted on the Chinese calendar; for a year that neither the official data (chinese-days)
 * nor the presidium's `holidays` overrides cover, plain weekdays are assumed (chinese-calendar.ts), so a
 * reception day could be put on 元旦 and a deadline could count 国庆 as working days. The presidium is
 * warned while there is still time to enter the State Council's notice.
 */
import { addDays, type Ymd } from './china-time';

/** How far ahead the presidium is warned: reception days (materialised 35 days ahead, shown 30) and the
 *  deadlines of cases filed now (up to 15 working days, more across a holiday) fall within it. */
export const CALENDAR_COVERAGE_HORIZON_DAYS = 60;

export interface CalendarCoverageGap {
  year: number;
  /** The first day of the horizon in that year: from then on plain weekdays would be assumed. */
  from: Ymd;
  /** For the presidium's dashboard. */
  message: string;
}

/** '2027年的法定节假日安排尚未录入，请县人大常委会在“节假日调整”中补录'. */
export function coverageGapMessage(year: number): string {
  return `${year}年的法定节假日安排尚未录入，请县人大常委会在“节假日调整”中补录`;
}

/** The calendar years [today, today + horizonDays] touches, in order. */
export function yearsWithin(today: Ymd, horizonDays: number): number[] {
  const first = Number(today.slice(0, 4));
  const last = Number(addDays(today, Math.max(0, horizonDays)).slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/**
 * The years of the next `horizonDays` days (today included) that are not in `coveredYears` (the
 * years the official data or an override covers), soonest first; [] when the calendar knows them all.
 */
export function calendarCoverageGap(
  today: Ymd,
  horizonDays: number,
  coveredYears: Iterable<number>,
): CalendarCoverageGap[] {
  const covered = new Set(coveredYears);
  return yearsWithin(today, horizonDays)
    .filter((year) => !covered.has(year))
    .map((year) => {
      const from = `${year}-01-01` > today ? `${year}-01-01` : today;
      return { year, from, message: coverageGapMessage(year) };
    });
}
