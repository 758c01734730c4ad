/**
 * A station's recurring reception schedule (每周二上午, 每月第一周周五下午, 每月15日) and the concrete reception
 * days it makes. The calendar is an input: a day that falls on a non-working day (statutory holiday,
 * 调休 weekend) is moved by the schedule's holiday policy, and says where it came from and why.
 */
import { WEEKDAY_LABELS, addDays, isYmd, weekday, type Ymd } from '../calendar/china-time';
import { isCalendarDay } from '../calendar/date-window';
import type { WorkingCalendar } from '../calendar/working-days';
import { allow, deny, type Decision } from '../result';
import type { Capacity, ReceptionDay, SlotTemplate } from './booking.types';

/** Which week of the month: the 1st … 4th such weekday, or the last one. */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 'last';

/**
 * `weekday` is 1 = Monday … 5 = Friday (as Date#getUTCDay). `monthDay` is a day of the month ('每月15日'),
 * `day` 1–31: in a month without that day (29–31 in short months) it is the month's last day, so every
 * month has its reception day ('每月31日' → 2月28日); on a weekend or holiday it moves to the next
 * working day (its only holiday policy: a week later could land on a weekend again).
 */
export type Recurrence =
  | { every: 'week'; weekday: number }
  | { every: 'month'; week: WeekOfMonth; weekday: number }
  | { every: 'monthDay'; day: number };

/** Where a reception day goes when its date is not a working day (repeated until it lands on one). */
export type HolidayPolicy = 'nextWorkingDay' | 'oneWeekLater';

export interface ScheduleRule {
  stationCode: string;
  recurrence: Recurrence;
  /** The reception window, 'HH:mm' China time. */
  start: string;
  end: string;
  /** Bookable parts of the window; one slot covering the window when the station does not split it. */
  slots: SlotTemplate[];
  /** Deputies take turns: occurrence n has `perDay` deputies, continuing round the list. */
  rota: { deputyIds: string[]; perDay: number };
  holidayPolicy: HolidayPolicy;
  /** The first day the schedule applies; the rota starts at its first occurrence. */
  startsOn: Ymd;
  endsOn?: Ymd;
}

/** A calendar that may also name the holiday on a day ('国庆节'), for the notice. */
export interface ScheduleCalendar extends WorkingCalendar {
  holidayName?(day: Ymd): string | null;
}

/** One occurrence of a schedule, ready to be stored as a reception day. */
export interface MaterialisedDay {
  /** `${stationCode}:${originalDate}`: the same occurrence always has the same key. */
  key: string;
  stationCode: string;
  date: Ymd;
  start: string;
  end: string;
  slots: SlotTemplate[];
  deputyIds: string[];
  movedFrom?: Ymd;
  moveReason?: string;
}

/** A moved day never lands further than this from its scheduled date (and days are looked for this far back). */
const MAX_MOVE_DAYS = 31;
/** Two occurrences of a rule are never further apart than this. */
const MAX_GAP_DAYS = 62;
/**
 * The longest range of days one call looks at (a stored schedule is materialised a few weeks at a time;
 * the window of a date field is at most a few years). Every loop below runs a count derived from it.
 */
export const MAX_RANGE_DAYS = 4 * 366;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_LABELS: Record<WeekOfMonth, string> = {
  1: '第一个',
  2: '第二个',
  3: '第三个',
  4: '第四个',
  last: '最后一个',
};

/** '每周二 09:00-11:30', '每月第一个周五 14:30-17:00', '每月最后一个周三 …', '每月15日 09:00-17:00'. */
export function describeSchedule(rule: Pick<ScheduleRule, 'recurrence' | 'start' | 'end'>): string {
  return `${describeRecurrence(rule.recurrence)} ${rule.start}-${rule.end}`;
}

/** The rule's days in words: '每周二', '每月第一个周五', '每月15日', '每月31日（无31日的月份为月末）'. */
export function describeRecurrence(r: Recurrence): string {
  if (r.every === 'week') return `每${WEEKDAY_LABELS[r.weekday]}`;
  if (r.every === 'month') return `每月${WEEK_LABELS[r.week]}${WEEKDAY_LABELS[r.weekday]}`;
  return r.day >= 29 ? `每月${r.day}日（无${r.day}日的月份为月末）` : `每月${r.day}日`;
}

/**
 * Whether a rule can be saved. SCHEDULE_INVALID when: a time is malformed or a date is not a real
 * calendar day in FIRST_DAY … LAST_DAY (core/calendar/date-window.ts); the window or a
 * slot ends before it starts; a slot lies outside the window or overlaps another; slot ids repeat;
 * a capacity is not a whole number ≥ 1 or 'unlimited'; the weekday is not Monday–Friday (reception
 * days are held on working days, so a weekend rule would be moved every time); a day of the month is
 * not a whole number 1–31; a weekly or day-of-month rule asks for 'oneWeekLater' (a week later is
 * already a weekly rule's next day, and the 15th put off a week may be a weekend again); the rota is empty, repeats a deputy,
 * or asks for more deputies per day than it has.
 */
export function checkSchedule(rule: ScheduleRule): Decision<ScheduleRule> {
  const valid =
    rule.stationCode.trim() !== '' &&
    isCalendarDay(rule.startsOn) &&
    (rule.endsOn === undefined || (isCalendarDay(rule.endsOn) && rule.endsOn >= rule.startsOn)) &&
    recurrenceIsValid(rule.recurrence) &&
    policyFits(rule.recurrence, rule.holidayPolicy) &&
    windowIsValid(rule.start, rule.end) &&
    slotsAreValid(rule.slots, rule.start, rule.end) &&
    rotaIsValid(rule.rota);
  return valid ? allow(rule) : deny('SCHEDULE_INVALID');
}

/**
 * The reception days of a valid rule whose (possibly moved) date is in [fromDay, toDay], soonest
 * first. A day on a non-working day moves by the holiday policy, skipping non-working days, the
 * rule's own dates and `existingDates`, and carries `movedFrom` and `moveReason`.
 *
 * `existingDates` are dates the station already holds a reception day that this rule did NOT make
 * (days added by hand); pass none of the rule's own days, or a moved day would move again.
 * Pure and idempotent: the same input gives the same days with the same keys, so a scheduler that
 * runs every hour upserts by `key` and never duplicates. Throws RangeError if the rule fails
 * checkSchedule, or if [fromDay, toDay] is not real days at most MAX_RANGE_DAYS apart.
 */
export function materialiseDays(
  rule: ScheduleRule,
  fromDay: Ymd,
  toDay: Ymd,
  calendar: ScheduleCalendar,
  existingDates: readonly Ymd[] = [],
): MaterialisedDay[] {
  if (!checkSchedule(rule).ok) throw new RangeError(`schedule of station ${rule.stationCode} is invalid`);
  const span = daysBetween(fromDay, toDay);
  if (!isYmd(fromDay) || !isYmd(toDay) || !(span <= MAX_RANGE_DAYS))
    throw new RangeError(`days ${fromDay}…${toDay}: not a range of real days`);
  const existing = new Set(existingDates);
  const taken = (day: Ymd) => existing.has(day) || isScheduledDate(rule, day);
  return scheduledDates(rule, addDays(fromDay, -MAX_MOVE_DAYS), toDay)
    .map((original) =>
      occurrence(rule, original, movedDate(rule.holidayPolicy, original, calendar, taken), calendar),
    )
    .filter((day) => day.date >= fromDay && day.date <= toDay)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** A stored reception day for a materialised one: all places free, scheduled, announced on `announcedOn`. */
export function newReceptionDay(day: MaterialisedDay, id: string, announcedOn: Ymd): ReceptionDay {
  return {
    ...day,
    _id: id,
    capacity: totalCapacity(day.slots),
    booked: 0,
    status: 'scheduled',
    slots: day.slots.map((s) => ({ ...s, booked: 0 })),
    announcedOn,
  };
}

/** The places of a day: the sum of its slots, or 'unlimited' if any slot is. */
export function totalCapacity(slots: readonly { capacity: Capacity }[]): Capacity {
  let total = 0;
  for (const { capacity } of slots) {
    if (capacity === 'unlimited') return 'unlimited';
    total += capacity;
  }
  return total;
}

function occurrence(
  rule: ScheduleRule,
  original: Ymd,
  date: Ymd,
  calendar: ScheduleCalendar,
): MaterialisedDay {
  const day: MaterialisedDay = {
    key: `${rule.stationCode}:${original}`,
    stationCode: rule.stationCode,
    date,
    start: rule.start,
    end: rule.end,
    slots: rule.slots.map((s) => ({ ...s })),
    deputyIds: deputiesOnDuty(rule.rota, occurrenceIndex(rule, original)),
  };
  if (date === original) return day;
  return { ...day, movedFrom: original, moveReason: moveReasonFor(original, calendar) };
}

/** Why a day on `original` moved, for the notice ('因国庆节假期顺延'). */
function moveReasonFor(original: Ymd, calendar: ScheduleCalendar): string {
  const holiday = calendar.holidayName?.(original);
  const weekend = weekday(original) === 0 || weekday(original) === 6;
  return holiday ? `因${holiday}假期顺延` : weekend ? '因周末顺延' : '因节假日顺延';
}

/**
 * Where a stored reception day on `date` goes once `date` is no longer a working day (a holiday
 * declared after the day was made): by the station's `policy`, skipping non-working days and the
 * dates `taken` says are held (the station's other days, its schedule's own dates), with the reason
 * for the notice. Null while `date` is a working day. Throws, as materialising does, when no working
 * day is free within MAX_MOVE_DAYS (calendar data is wrong).
 */
export function moveOffHoliday(
  date: Ymd,
  policy: HolidayPolicy,
  calendar: ScheduleCalendar,
  taken: (day: Ymd) => boolean,
): { date: Ymd; moveReason: string } | null {
  if (calendar.isWorkingDay(date)) return null;
  return { date: movedDate(policy, date, calendar, taken), moveReason: moveReasonFor(date, calendar) };
}

function movedDate(
  policy: HolidayPolicy,
  original: Ymd,
  calendar: WorkingCalendar,
  taken: (day: Ymd) => boolean,
): Ymd {
  const step = policy === 'nextWorkingDay' ? 1 : 7;
  if (calendar.isWorkingDay(original)) return original;
  for (let k = 1; k * step <= MAX_MOVE_DAYS; k++) {
    const day = addDays(original, k * step);
    if (calendar.isWorkingDay(day) && !taken(day)) return day;
  }
  throw new Error(`no free working day within ${MAX_MOVE_DAYS} days of ${original}: calendar data is wrong`);
}

function deputiesOnDuty(rota: ScheduleRule['rota'], index: number): string[] {
  const n = rota.deputyIds.length;
  return Array.from({ length: rota.perDay }, (_, k) => rota.deputyIds[(index * rota.perDay + k) % n]);
}

/** How many occurrences came before this one since the rule started (0 for the first). */
function occurrenceIndex(rule: ScheduleRule, date: Ymd): number {
  const first = scheduledDates(rule, rule.startsOn, addDays(rule.startsOn, MAX_GAP_DAYS))[0];
  return rule.recurrence.every === 'week'
    ? daysBetween(first, date) / 7
    : monthNumber(date) - monthNumber(first);
}

/**
 * The dates the rule names (before any move) in [from, to], within the rule's own start and end. Bounded
 * by construction: it counts weeks or months over a span of at most MAX_RANGE_DAYS (no comparison of
 * dates decides when to stop), and a longer or unreal span is an error.
 */
function scheduledDates(rule: ScheduleRule, from: Ymd, to: Ymd): Ymd[] {
  const first = from > rule.startsOn ? from : rule.startsOn;
  const last = rule.endsOn !== undefined && rule.endsOn < to ? rule.endsOn : to;
  const span = daysBetween(first, last);
  if (Number.isNaN(span) || span > MAX_RANGE_DAYS)
    throw new RangeError(`dates ${first}…${last}: not a range of real days`);
  const dates: Ymd[] = [];
  if (span < 0) return dates;
  if (rule.recurrence.every === 'week') {
    const offset = (rule.recurrence.weekday - weekday(first) + 7) % 7;
    for (let k = 0; offset + 7 * k <= span; k++) dates.push(addDays(first, offset + 7 * k));
  } else {
    const r = rule.recurrence;
    const m0 = monthNumber(first);
    const months = monthNumber(last) - m0;
    for (let k = 0; k <= months; k++) {
      const d = r.every === 'month' ? nthWeekday(m0 + k, r.week, r.weekday) : dayOfMonth(m0 + k, r.day);
      if (d >= first && d <= last) dates.push(d);
    }
  }
  return dates;
}

/** Whether `day` is one of the dates the rule names (before any move). */
export function isScheduledDate(rule: ScheduleRule, day: Ymd): boolean {
  return scheduledDates(rule, day, day).length === 1;
}

/** The given weekday in the given week of month number `m` (months counted from year 0). */
function nthWeekday(m: number, week: WeekOfMonth, wd: number): Ymd {
  if (week === 'last') {
    const lastOfMonth = addDays(monthStart(m + 1), -1);
    return addDays(lastOfMonth, -((weekday(lastOfMonth) - wd + 7) % 7));
  }
  const first = monthStart(m);
  return addDays(first, ((wd - weekday(first) + 7) % 7) + (week - 1) * 7);
}

/** Day `day` of month number `m`, or the month's last day when it is shorter ('31' in June → 06-30). */
function dayOfMonth(m: number, day: number): Ymd {
  const lastOfMonth = addDays(monthStart(m + 1), -1);
  return day >= Number(lastOfMonth.slice(8))
    ? lastOfMonth
    : `${monthStart(m).slice(0, 8)}${String(day).padStart(2, '0')}`;
}

function monthStart(m: number): Ymd {
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

function monthNumber(day: Ymd): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

function daysBetween(from: Ymd, to: Ymd): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function recurrenceIsValid(r: Recurrence): boolean {
  if (r.every === 'monthDay') return Number.isInteger(r.day) && r.day >= 1 && r.day <= 31;
  const weekdayOk = Number.isInteger(r.weekday) && r.weekday >= 1 && r.weekday <= 5;
  return weekdayOk && (r.every === 'week' || (r.every === 'month' && [1, 2, 3, 4, 'last'].includes(r.week)));
}

function policyFits(r: Recurrence, policy: HolidayPolicy): boolean {
  return policy === 'nextWorkingDay' || (policy === 'oneWeekLater' && r.every === 'month');
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function windowIsValid(start: string, end: string): boolean {
  return HHMM.test(start) && HHMM.test(end) && start < end;
}

function slotsAreValid(slots: readonly SlotTemplate[], start: string, end: string): boolean {
  const sorted = [...slots].sort((a, b) => a.start.localeCompare(b.start));
  return (
    slots.length > 0 &&
    new Set(slots.map((s) => s.id)).size === slots.length &&
    sorted.every(
      (s, i) =>
        s.id.trim() !== '' &&
        windowIsValid(s.start, s.end) &&
        s.start >= start &&
        s.end <= end &&
        (i === 0 || sorted[i - 1].end <= s.start) &&
        (s.capacity === 'unlimited' || (Number.isInteger(s.capacity) && s.capacity >= 1)),
    )
  );
}

function rotaIsValid(rota: ScheduleRule['rota']): boolean {
  const ids = rota.deputyIds;
  return (
    ids.length > 0 &&
    ids.every((id) => id.trim() !== '') &&
    new Set(ids).size === ids.length &&
    Number.isInteger(rota.perDay) &&
    rota.perDay >= 1 &&
    rota.perDay <= ids.length
  );
}
