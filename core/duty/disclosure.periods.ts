/**
 * Disclosure periods. Stations publish each deputy's duties twice a year, in May and in November
 * (seed 000: "分别在5月及11月前全面完成…每年两次的履职登记公示"). For the draft to be ready *before* those
 * months, a period must end a month earlier, so the default half-years are:
 *
 *   1 Oct – 31 Mar → drafted on 1 Apr, confirmed by deputies and reviewed in April, published by 31 May
 *   1 Apr – 30 Sep → drafted on 1 Oct, confirmed by deputies and reviewed in October, published by 30 Nov
 *
 * A period is named by its publication month ('2025-05' covers 2024-10-01 … 2025-03-31). Periods
 * tile the calendar: every day belongs to exactly one.
 */
import { addDays, isYmd, type Ymd } from '../calendar/china-time';
import { isCalendarDay } from '../calendar/date-window';
import { allow, deny, type Decision } from '../result';
import type { DisclosurePeriod } from './duty.types';

type PublicationMonth = '05' | '11';

/** The period a day belongs to. */
export function periodFor(day: Ymd): DisclosurePeriod {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (month >= 4 && month <= 9) return buildPeriod(year, '11');
  return buildPeriod(month >= 10 ? year + 1 : year, '05');
}

/** The period named by `id` ('2025-05' or '2025-11'). */
export function periodById(id: string): Decision<DisclosurePeriod> {
  const match = /^(\d{4})-(05|11)$/.exec(id);
  if (!match) return deny('PERIOD_NOT_FOUND');
  return allow(buildPeriod(Number(match[1]), match[2] as PublicationMonth));
}

/** The day the draft is built (the scheduler's job): the day after the period ends. */
export function draftDueDay(period: DisclosurePeriod): Ymd {
  return addDays(period.end, 1);
}

/** The most periods one call lists: fifty years of half-years. */
export const MAX_PERIODS = 100;

/**
 * The periods that overlap [from, to], oldest first; none when `from` is after `to` (or either is not a
 * day). Bounded by a count: a range longer than MAX_PERIODS half-years throws RangeError.
 */
export function periodsBetween(from: Ymd, to: Ymd): DisclosurePeriod[] {
  const periods: DisclosurePeriod[] = [];
  if (!isYmd(from) || !isYmd(to) || from > to) return periods;
  let p = periodFor(from);
  for (let k = 0; k < MAX_PERIODS; k++) {
    periods.push(p);
    if (p.end >= to) return periods;
    p = nextPeriod(p);
  }
  throw new RangeError(`${from}…${to}: more than ${MAX_PERIODS} periods`);
}

export function nextPeriod(period: DisclosurePeriod): DisclosurePeriod {
  return periodFor(addDays(period.end, 1));
}

export function periodContains(period: DisclosurePeriod, day: Ymd): boolean {
  return period.start <= day && day <= period.end;
}

function buildPeriod(year: number, publication: PublicationMonth): DisclosurePeriod {
  const [start, end] =
    publication === '05' ? [`${year - 1}-10-01`, `${year}-03-31`] : [`${year}-04-01`, `${year}-09-30`];
  return { id: `${year}-${publication}`, start, end, label: `${chineseDate(start)}至${chineseDate(end)}` };
}

function chineseDate(day: Ymd): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Longest custom period the presidium may set (a year and a day, for leap years). */
export const CUSTOM_PERIOD_MAX_DAYS = 367;

/**
 * A period the presidium sets by hand (a quarter, a special campaign), besides the default half-years.
 * Its id must not look like a default id, so '2025-05' always means the same half-year.
 */
export function customPeriod(id: string, start: Ymd, end: Ymd): Decision<DisclosurePeriod> {
  if (!/^[A-Za-z0-9_-]{2,32}$/.test(id) || /^\d{4}-(05|11)$/.test(id)) return deny('PERIOD_INVALID');
  if (!isCalendarDay(start) || !isCalendarDay(end) || start > end) return deny('PERIOD_INVALID');
  if (addDays(start, CUSTOM_PERIOD_MAX_DAYS) <= end) return deny('PERIOD_INVALID');
  return allow({ id, start, end, label: `${chineseDate(start)}至${chineseDate(end)}` });
}

/**
 * The last `count` default half-years that have ended by `today`, oldest first: their drafts are due
 * (draftDueDay ≤ today). The scheduler drafts each that has no notice yet.
 */
export function dueDefaultPeriods(today: Ymd, count = 1): DisclosurePeriod[] {
  const due: DisclosurePeriod[] = [];
  let lastDay = addDays(periodFor(today).start, -1);
  for (let i = 0; i < count; i++) {
    const p = periodFor(lastDay);
    due.unshift(p);
    lastDay = addDays(p.start, -1);
  }
  return due;
}
