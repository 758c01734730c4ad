/**
 * The working calendar the functions use: the official Chinese calendar (chinese-days) with the
 * presidium's overrides from the `holidays` collection on top (for years the package does not cover
 * yet, or a local change). Read once per warm instance and kept for CACHE_MS.
 */
import {
  chineseCalendar,
  type ChineseCalendar,
  type HolidayOverride,
} from '../core/calendar/chinese-calendar';
import { findAll } from './db/collection';

export const HOLIDAYS = 'holidays';
const CACHE_MS = 5 * 60_000;

let cached: { at: number; calendar: ChineseCalendar } | null = null;

export async function loadCalendar(): Promise<ChineseCalendar> {
  const at = Date.now();
  if (cached && at - cached.at < CACHE_MS) return cached.calendar;
  const overrides = await findAll<HolidayOverride & { _id: string }>(HOLIDAYS, {});
  cached = { at, calendar: chineseCalendar(overrides) };
  return cached.calendar;
}

/** Forget the cached calendar (after the presidium edits `holidays`). */
export function forgetCalendar(): void {
  cached = null;
}
