/**
 * The working calendar the functions use: the official Chinese calendar (chinese-days) with the
 * county's overrides from the `holidays` collection on top (for years the package does not cover yet,
 * or a local change). The county sets them (县人大常委会, admin.upsertHolidays): one calendar for every
 * township, as `holidays` is a county collection.
 *
 * One calendar, true in every function at once: each function instance keeps the calendar it built,
 * stamped with the overrides' version (`configVersions/holidays`, raised in the same transaction as
 * every change of `holidays`). `configVersions` is keyed per township (each township versions its own
 * routing table), so the holidays' version is kept as the county's record (stored id
 * `county:holidays`): read and written inside `withTownship(COUNTY, …)`, every township — and a call
 * made across townships — reads the same one. Every call reads that one small document and rebuilds
 * when the version moved, so an override takes effect in every function on its next call. A calendar
 * older than MAX_AGE_MS is rebuilt anyway (an edit made straight in the database console).
 */
import {
  chineseCalendar,
  type ChineseCalendar,
  type HolidayOverride,
} from '../core/calendar/chinese-calendar';
import { findAll, findById, type Transaction } from './db/collection';
import { COUNTY, withTownship } from './tenancy';

export const HOLIDAYS = 'holidays';
/** The collection of version stamps (server/admin/config.repo CONFIG_VERSIONS) and the calendar's id in it. */
const CONFIG_VERSIONS = 'configVersions';
export const HOLIDAYS_VERSION_ID = 'holidays';
const MAX_AGE_MS = 5 * 60_000;

let cached: { at: number; version: number; calendar: ChineseCalendar } | null = null;

/** The county-wide version of the overrides (the county's `configVersions/holidays`). */
async function holidaysVersion(): Promise<number> {
  const stamp = await withTownship(COUNTY, () =>
    findById<{ version?: number }>(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID),
  );
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

/**
 * Raises the overrides' county-wide version inside the transaction that changes `holidays`: every
 * function of every township rebuilds.
 */
export function bumpHolidaysVersion(tx: Transaction, by: string, now: Date): Promise<number> {
  return withTownship(COUNTY, async () => {
    const stamp = await tx.get<{ version?: number }>(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID);
    const version = (stamp?.version ?? 0) + 1;
    await tx.set(CONFIG_VERSIONS, HOLIDAYS_VERSION_ID, { version, updatedAt: now, updatedBy: by });
    return version;
  });
}

/** Forget the cached calendar of this instance (after it changed `holidays` itself). */
export function forgetCalendar(): void {
  cached = null;
}
