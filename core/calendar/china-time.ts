/**
 * China has one time zone, UTC+8, with no daylight saving. Calendar days in this product are
 * 'YYYY-MM-DD' strings in China time; instants are Dates. These helpers convert between the two
 * without depending on the machine's time zone (a cloud function runs in UTC).
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Ymd = string;

/** The China calendar day of an instant. */
export function chinaDate(instant: Date): Ymd {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a China wall-clock time on a day ('HH:mm', default midnight). */
export function chinaInstant(day: Ymd, hhmm = '00:00'): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  return new Date(utcMidnight - CHINA_OFFSET_MS + (h * 60 + m) * 60 * 1000);
}

/** Adds whole calendar days to a day. */
export function addDays(day: Ymd, days: number): Ymd {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekday(day: Ymd): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** '11月27日 周五' for a notice board. */
export function dayLabel(day: Ymd): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日 ${WEEKDAY_LABELS[weekday(day)]}`;
}

export function isYmd(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && chinaDateRoundTrips(value);
}

function chinaDateRoundTrips(value: string): boolean {
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}
