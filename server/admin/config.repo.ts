/**
 * The township's configuration as the presidium edits it (function `admin`): stations, villages,
 * deputies, opinion categories, departments and the routing table, each township its own; and the
 * holiday overrides, which the county sets for every township (a county collection). The shapes are
 * exactly those the demo seed writes and the station/booking/opinion functions read:
 *
 *   stations      `_id` = code (Station)                 villages   `_id` = code (Village)
 *   deputies      `_id` = deputy id (Deputy)             categories `_id` = code (Category + order)
 *   departments   `_id` (name, phone, active)            holidays   `_id` = date (HolidayOverride)
 *   routingRules  one document per rule, `_id` = routingRuleId (server/opinion/opinions.repo.ts)
 *   configVersions  `_id` = 'routingRules': the routing table's version, for optimistic concurrency;
 *                   `_id` = 'holidays': the overrides' county-wide version (the county's record),
 *                   raised with every change (server/calendar)
 *
 * Every write is a transaction; the routing table is replaced whole, and only when the version it was
 * edited from is still the stored one (else CONFLICT: two presidium members never overwrite each other).
 */
import type { CollectionName } from '../db/collections';
import type { HolidayOverride } from '../../core/calendar/chinese-calendar';
import type { RoutingRule } from '../../core/opinion/opinion.types';
import type { Deputy, Station, Village } from '../../core/station/station.types';
import { HOLIDAYS, bumpHolidaysVersion, forgetCalendar } from '../calendar';
import { findAll, findById, transaction } from '../db/collection';
import { withoutUndefined } from '../db/documents';
import { fail, orFail } from '../errors';
import { checkBaseVersion } from '../../core/admin/admin.rules';
import {
  CATEGORIES,
  DEPARTMENTS,
  ROUTING_RULES,
  routingRuleId,
  type CategoryRecord,
  type DepartmentRecord,
  type RoutingRuleRecord,
} from '../opinion/opinions.repo';
import { DEPUTIES, STATIONS, VILLAGES } from '../station/stations.repo';

export const CONFIG_VERSIONS = 'configVersions';
const ROUTING_VERSION_ID = 'routingRules';

export type StationRecord = Station & { _id: string };
export type VillageRecord = Village & { _id: string };
export type HolidayRecord = HolidayOverride & { _id: string; updatedAt?: Date; updatedBy?: string };

export interface TownshipConfig {
  stations: StationRecord[];
  villages: VillageRecord[];
  deputies: Deputy[];
  categories: CategoryRecord[];
  departments: DepartmentRecord[];
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Everything the presidium edits, active or not, in a stable order. */
export async function loadConfig(): Promise<TownshipConfig> {
  const [stations, villages, deputies, categories, departments] = await Promise.all([
    findAll<StationRecord>(STATIONS, {}),
    findAll<VillageRecord>(VILLAGES, {}),
    findAll<Deputy>(DEPUTIES, {}),
    findAll<CategoryRecord>(CATEGORIES, {}),
    findAll<DepartmentRecord>(DEPARTMENTS, {}),
  ]);
  return {
    stations: stations.sort(byKey((s) => s.code)),
    villages: villages.sort(byKey((v) => `${v.stationCode}/${v.code}`)),
    deputies: deputies.sort(byKey((d) => `${d.stationCode}/${d._id}`)),
    categories: categories.sort(
      (a, b) => (a.order ?? 0) - (b.order ?? 0) || byKey<CategoryRecord>((c) => c.code)(a, b),
    ),
    departments: departments.sort(byKey((d) => d._id)),
  };
}

// ------------------------------------------------------------------ plain records

/** Writes one configuration record whole (insert or replace), in a transaction. */
export async function putRecord(
  collection: CollectionName,
  id: string,
  doc: Record<string, unknown>,
): Promise<void> {
  await transaction(async (tx) => {
    const { _id: _ignored, ...rest } = doc;
    await tx.set(collection, id, withoutUndefined(rest));
  });
}

export function getRecord<T>(collection: CollectionName, id: string): Promise<T | null> {
  return findById<T>(collection, id);
}

/**
 * A deputy written together with the stations whose lead changes because of it (the deputy becomes
 * their station's lead, or stops being one), in one transaction.
 */
export async function putDeputy(
  deputy: Deputy,
  leadChanges: readonly Pick<Station, 'code' | 'leadDeputyId'>[],
): Promise<void> {
  await transaction(async (tx) => {
    const { _id, ...doc } = deputy;
    await tx.set(DEPUTIES, _id, withoutUndefined(doc as unknown as Record<string, unknown>));
    for (const change of leadChanges) {
      if (!(await tx.get<StationRecord>(STATIONS, change.code))) fail('ADMIN_STATION_NOT_FOUND');
      await tx.update(STATIONS, change.code, { leadDeputyId: change.leadDeputyId });
    }
  });
}

// ------------------------------------------------------------------ routing table

export interface RoutingTable {
  rules: RoutingRule[];
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const ruleOf = (r: RoutingRuleRecord): RoutingRule => ({
  stationCode: r.stationCode,
  villageCode: r.villageCode,
  categoryCode: r.categoryCode,
  deputyIds: r.deputyIds,
});

export async function loadRoutingTable(): Promise<RoutingTable> {
  const [records, version] = await Promise.all([
    findAll<RoutingRuleRecord>(ROUTING_RULES, {}),
    findById<{ version: number; updatedAt: Date; updatedBy: string }>(CONFIG_VERSIONS, ROUTING_VERSION_ID),
  ]);
  return {
    rules: records.map(ruleOf).sort(byKey((r) => routingRuleId(r))),
    version: version?.version ?? 0,
    updatedAt: version?.updatedAt ?? null,
    updatedBy: version?.updatedBy ?? null,
  };
}

/**
 * Replaces the whole routing table, if `baseVersion` is still the stored version: rules no longer in
 * the table are removed, the others written, the version bumped, all in one transaction. Answers the
 * new version. The table must already be validated (core validateRoutingTable).
 */
export async function replaceRoutingTable(
  rules: readonly RoutingRule[],
  baseVersion: number,
  by: string,
  now: Date,
): Promise<number> {
  const existingIds = (await findAll<RoutingRuleRecord>(ROUTING_RULES, {}, { stationCode: true })).map(
    (r) => r._id,
  );
  return transaction(async (tx) => {
    const stored = await tx.get<{ version: number }>(CONFIG_VERSIONS, ROUTING_VERSION_ID);
    const next = orFail(checkBaseVersion(stored?.version ?? 0, baseVersion));
    const keep = new Set(rules.map((r) => routingRuleId(r)));
    for (const id of existingIds) if (!keep.has(id)) await tx.remove(ROUTING_RULES, id);
    for (const rule of rules) {
      await tx.set(ROUTING_RULES, routingRuleId(rule), { ...rule, updatedAt: now, updatedBy: by });
    }
    await tx.set(CONFIG_VERSIONS, ROUTING_VERSION_ID, { version: next, updatedAt: now, updatedBy: by });
    return next;
  });
}

// ------------------------------------------------------------------ holidays

export async function listHolidays(year?: number): Promise<HolidayRecord[]> {
  const all = await findAll<HolidayRecord>(HOLIDAYS, {});
  return all.filter((h) => year === undefined || h.date.startsWith(`${year}-`)).sort(byKey((h) => h.date));
}

/** Writes overrides (one document per date, so a date can never be there twice) and removes `remove`. */
export async function writeHolidays(
  days: readonly HolidayOverride[],
  remove: readonly string[],
  by: string,
  now: Date,
): Promise<void> {
  await transaction(async (tx) => {
    for (const d of days) await tx.set(HOLIDAYS, d.date, { ...d, updatedAt: now, updatedBy: by });
    for (const date of remove) if (await tx.get(HOLIDAYS, date)) await tx.remove(HOLIDAYS, date);
    // Every function instance rebuilds its calendar on its next call (server/calendar).
    await bumpHolidaysVersion(tx, by, now);
  });
  forgetCalendar();
}
