/**
 * Working-day arithmetic on the Chinese calendar. The calendar itself is an input (a port): in
 * production it is chinese-days plus the presidium's `holidays` overrides (chinese-calendar.ts); in
 * tests it can be any table. Deadlines count whole working days after the day something happened,
 * as offices count them: submitted on Friday with a 2-working-day limit → due end of Tuesday.
 */
import { addDays, weekday, type Ymd } from './china-time';

export interface WorkingCalendar {
  /** True on a day offices work: a weekday that is not a holiday, or a make-up workday (调休). */
  isWorkingDay(day: Ymd): boolean;
}

/** Search bound: no real calendar has a run of non-working days this long. */
const MAX_SCAN_DAYS = 60;
/** The most working days one call counts (a deadline is weeks, a figure a few years). */
export const MAX_WORKING_DAYS = 3660;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The `n`th working day after `day` (n ≥ 1); n = 0 answers `day` itself if it is a working day, else the next one. */
export function addWorkingDays(day: Ymd, n: number, calendar: WorkingCalendar): Ymd {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS)
    throw new RangeError(`working days must be a whole number 0–${MAX_WORKING_DAYS}, got ${n}`);
  let current = day;
  if (n === 0) return nextWorkingDay(current, calendar, true);
  for (let left = n; left > 0;) {
    current = nextWorkingDay(addDays(current, 1), calendar, true);
    left--;
  }
  return current;
}

/** The first working day on or after (`inclusive`) / after `day`. */
export function nextWorkingDay(day: Ymd, calendar: WorkingCalendar, inclusive = false): Ymd {
  let current = inclusive ? day : addDays(day, 1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (calendar.isWorkingDay(current)) return current;
    current = addDays(current, 1);
  }
  throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${day}: calendar data is wrong`);
}

/**
 * Working days in (from, to]: how many working days have passed since `from` by the end of `to`. Counts
 * at most MAX_WORKING_DAYS × 2 calendar days (a longer span throws RangeError); not real days count 0.
 */
export function workingDaysBetween(from: Ymd, to: Ymd, calendar: WorkingCalendar): number {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
  if (!(span > 0)) return 0;
  if (span > 2 * MAX_WORKING_DAYS) throw new RangeError(`${from}…${to}: too many days to count`);
  let count = 0;
  for (let k = 1; k <= span; k++) if (calendar.isWorkingDay(addDays(from, k))) count++;
  return count;
}

/** A calendar of plain weeks (Mon–Fri), for tests and as the base of overrides. */
export const WEEKDAYS_ONLY: WorkingCalendar = {
  isWorkingDay: (day) => weekday(day) >= 1 && weekday(day) <= 5,
};
