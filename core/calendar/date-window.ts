/**
 * Which calendar days a caller may send. Every date the product takes is a real calendar day
 * ('2027-02-30' and '2027-13-01' are not) in the product's years FIRST_DAY … LAST_DAY, so date
 * arithmetic on it never leaves four-digit years ('9999-12-31' + 1 day is '+010000-01-01', which
 * compares before every real date as a string). Each field then has its own window around today:
 * a reception schedule starts within a year, a duty record lies in the past, a holiday override in
 * the years the calendar is kept for.
 */
import { addDays, isYmd, type Ymd } from './china-time';
import { allow, deny, type Decision } from '../result';

export const FIRST_DAY: Ymd = '2000-01-01';
export const LAST_DAY: Ymd = '2099-12-31';

/** A real calendar day 'YYYY-MM-DD' between FIRST_DAY and LAST_DAY. */
export function isCalendarDay(value: string): boolean {
  return isYmd(value) && value >= FIRST_DAY && value <= LAST_DAY;
}

/** How many days before and after today a field's date may lie (both ends included). */
export interface DateWindow {
  before: number;
  after: number;
}

const YEAR = 366;

/** The window of each date a caller sends. */
export const DATE_WINDOWS = {
  /** A schedule's first day: restarted up to a year back (the rota counts from it), planned up to a year ahead. */
  scheduleStart: { before: YEAR, after: YEAR },
  /** A schedule's last day: at most three years ahead. */
  scheduleEnd: { before: YEAR, after: 3 * YEAR },
  /** A one-off reception day: at most a year ahead (the earliest day is NOTICE_DAYS, a booking rule). */
  receptionDay: { before: 0, after: YEAR },
  /** A duty activity a deputy records: in the last three years (not after today, a duty rule). */
  dutyRecord: { before: 3 * YEAR, after: 0 },
  /** A holiday or 调休 override: the calendar is kept five years back and three ahead. */
  holiday: { before: 5 * YEAR, after: 3 * YEAR },
  /** A custom disclosure period's days: five years back, two ahead. */
  period: { before: 5 * YEAR, after: 2 * YEAR },
  /** The first day of a period of figures (统计时段) or a ledger: in the last ten years, not after today. */
  figures: { before: 10 * YEAR, after: 0 },
  /** A report-back day: from a month back (entered late) to a year ahead. */
  evaluation: { before: 31, after: YEAR },
  /** A livelihood project's milestone due day: from a year back (a plan entered late) to two years ahead. */
  milestone: { before: YEAR, after: 2 * YEAR },
  /** The day a milestone was done, or a project inspected: in the last three months, not after today. */
  projectDay: { before: 92, after: 0 },
  /** A suggestion's answer deadline the presidium sets: from today to a year ahead. */
  suggestionDeadline: { before: 0, after: YEAR },
  /** An activity's day (学习培训, 视察 …): planned up to a year ahead, entered up to a month after it was held. */
  activityDay: { before: 31, after: YEAR },
  /** An inspection finding's rectification deadline: up to a year ahead (also after the activity's day). */
  rectificationDeadline: { before: 31, after: YEAR },
  /** A congress session's first day: entered up to a month after it was held, planned up to a year ahead. */
  session: { before: 31, after: YEAR },
  /** The last day a candidate project takes comments: from today to 60 days ahead. */
  candidateComment: { before: 0, after: 60 },
} as const satisfies Record<string, DateWindow>;

export type DateField = keyof typeof DATE_WINDOWS;

/** The first and last day a field admits on `today`. */
export function windowOn(today: Ymd, field: DateField): { from: Ymd; to: Ymd } {
  const w: DateWindow = DATE_WINDOWS[field];
  const from = addDays(today, -w.before);
  const to = addDays(today, w.after);
  return { from: from < FIRST_DAY ? FIRST_DAY : from, to: to > LAST_DAY ? LAST_DAY : to };
}

/** The day, if it is a real calendar day inside the field's window on `today`; DATE_OUT_OF_RANGE otherwise. */
export function checkDateWindow(day: Ymd, today: Ymd, field: DateField): Decision<Ymd> {
  const { from, to } = windowOn(today, field);
  return isCalendarDay(day) && day >= from && day <= to ? allow(day) : deny('DATE_OUT_OF_RANGE');
}
