/**
 * The working calendar the functions use: the official Chinese calendar (chinese-days) with the
 * presidium's overrides from the `holidays` collection on top (for years the package does not cover
 * yet, or a local change).
 *
 * One calendar, true in every function at once: each function instance keeps the calendar it built,
 * stamped with the overrides' version (`configVersions/holidays`, raised in the same transaction as
 * every change of `holidays`). Every call reads that one small document and rebuilds when the version
 * moved, so an override takes effect in every function on its next call. A calendar older than
 * MAX_AGE_MS is rebuilt anyway (an edit made straight in the database console).
 */
import {
  chineseCalendar,
  type ChineseCalendar,
  type HolidayOverride,
} from '../core/calendar/chinese-calendar';
import { findAll, findById, type Transaction } from './db/collection';

export const HOLIDAYS = 'holidays';
/** The collection of version stamps (server/admin/config.repo CONFIG_VERSIONS) and the calendar's id in it. */
const CONFIG_VERSIONS = 'configVersions';
export const HOLIDAYS_VERSION_ID = 'holidays';
const MAX_AGE_MS = 5 * 60_000;

let cached: { at: number; version: number; calendar: ChineseCalendar } | null = null;

async function holidaysVersion(): Promise<number> {
  const stamp = await findById<{ version?: number }>(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID);
  return stamp?.version ?? 0;
}

export async function loadCalendar(): Promise<ChineseCalendar> {
  const at = Date.now();
  const version = await holidaysVersion();
  if (cached && cached.version === version && at - cached.at < MAX_AGE_MS) return cached.calendar;
  const overrides = await findAll<HolidayOverride & { _id: string }>(HOLIDAYS, {});
  cached = { at, version, calendar: chineseCalendar(overrides) };
  return cached.calendar;
}

/** Raises the overrides' version inside the transaction that changes `holidays`: every function rebuilds. */
export async function bumpHolidaysVersion(tx: Transaction, by: string, now: Date): Promise<number> {
  const stamp = await tx.get<{ version?: number }>(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID);
  const version = (stamp?.version ?? 0) + 1;
  await tx.set(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID, { version, updatedAt: now, updatedBy: by });
  return version;
}

/** Forget the cached calendar of this instance (after it changed `holidays` itself). */
export function forgetCalendar(): void {
  cached = null;
}
