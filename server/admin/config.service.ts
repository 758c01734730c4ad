/**
 * The presidium's configuration of the township, for the `admin` function: stations, villages,
 * deputies, categories, departments, the routing table and the limits on abuse; and the county's
 * calendar overrides, which every township's calendar applies.
 * Each use case checks with core/admin (admin.rules.ts, abuse.limits.ts) and writes through
 * server/admin/config.repo.ts; a new record's id comes from the client's request id, so a retried
 * create writes the same record again.
 */
import { createHash } from 'node:crypto';
import {
  checkLimits,
  ABUSE_LIMITS_DEFAULT,
  ABUSE_LIMITS_RANGE,
  type AbuseLimits,
} from '../../core/admin/abuse.limits';
import {
  checkCategoryDays,
  checkDeputy,
  checkHolidayOverrides,
  checkStationLead,
  checkVillageMove,
  normaliseRoutingTable,
  validateRoutingTable,
} from '../../core/admin/admin.rules';
import { chinaDate } from '../../core/calendar/china-time';
import type { HolidayOverride } from '../../core/calendar/chinese-calendar';
import { ROUTING_PATH_LABELS } from '../../core/opinion/opinion.routing';
import type { RoutingRule } from '../../core/opinion/opinion.types';
import type { Deputy, DeputyLevel } from '../../core/station/station.types';
import { loadLimits, saveLimits } from '../abuse-limits';
import { moveDaysOffHolidays } from '../booking/reception.service';
import { loadCalendar } from '../calendar';
import { fail, orFail } from '../errors';
import { listTownshipIds } from '../identity/townships.repo';
import { CATEGORIES, DEPARTMENTS, type CategoryRecord } from '../opinion/opinions.repo';
import { routeFor } from '../opinion/opinions.service';
import { requireDateIn } from '../schemas';
import { DEPUTIES, STATIONS, VILLAGES } from '../station/stations.repo';
import { requireTownship, withTownship } from '../tenancy';
import {
  getRecord,
  listHolidays,
  loadConfig,
  loadRoutingTable,
  putDeputy,
  putRecord,
  replaceRoutingTable,
  writeHolidays,
  type StationRecord,
  type VillageRecord,
} from './config.repo';

/**
 * A new record's id from the client's request id in the call's township: a retried create writes the
 * same record again; the same request id in another township makes another record.
 */
function newId(prefix: string, requestId: string | undefined): string {
  if (!requestId) fail('BAD_INPUT', [{ path: 'requestId', message: '新建时请附上请求编号' }]);
  return prefix + createHash('sha256').update(`${requireTownship()}:${requestId}`).digest('hex').slice(0, 10);
}

/** Everything the presidium edits, deputies with their binding state (never the openid itself). */
export async function configView() {
  const [config, routing] = await Promise.all([loadConfig(), loadRoutingTable()]);
  return {
    ...config,
    // The openid itself never leaves the server; the page only needs to know the deputy is bound.
    deputies: config.deputies.map(({ openid, ...d }) => ({ ...d, bound: Boolean(openid) })),
    routingVersion: routing.version,
    routingRuleCount: routing.rules.length,
  };
}

export interface StationInput {
  code: string;
  name: string;
  address: string;
  openHours: string;
  contactPhone: string;
  intro: string;
  /** Omitted: the station keeps its lead (none for a new station); '' removes it. */
  leadDeputyId?: string;
  active: boolean;
}

/** Adds or replaces a station; its lead (kept when omitted) must be an active deputy of the station. */
export async function upsertStation(input: StationInput): Promise<StationRecord> {
  const config = await loadConfig();
  const previous = config.stations.find((s) => s.code === input.code);
  const leadDeputyId = input.leadDeputyId ?? previous?.leadDeputyId ?? '';
  orFail(checkStationLead({ code: input.code, leadDeputyId }, config.deputies));
  const station: StationRecord = { _id: input.code, ...input, leadDeputyId };
  await putRecord(STATIONS, input.code, { ...station });
  return station;
}

/** Adds or renames a village and sets its station (refused while routing or deputies still need it there). */
export async function upsertVillage(input: { code: string; name: string; stationCode: string }) {
  const [config, routing, previous] = await Promise.all([
    loadConfig(),
    loadRoutingTable(),
    getRecord<VillageRecord>(VILLAGES, input.code),
  ]);
  if (!config.stations.some((s) => s.code === input.stationCode)) fail('ADMIN_STATION_NOT_FOUND');
  orFail(checkVillageMove(input, previous, routing.rules, config.deputies));
  const village: VillageRecord = { _id: input.code, ...input };
  await putRecord(VILLAGES, input.code, { ...village });
  return village;
}

export interface DeputyInput {
  id?: string;
  requestId?: string;
  name: string;
  level: DeputyLevel;
  title: string;
  phone: string;
  photo: string;
  stationCode: string;
  villageCodes: string[];
  categories: string[];
  group: string;
  lead?: boolean;
  active: boolean;
}

/** Adds or replaces a deputy (the WeChat binding kept); `lead` makes them, or stops them being, the lead. */
export async function upsertDeputy(input: DeputyInput) {
  const id = input.id ?? newId('d', input.requestId);
  const [config, routing] = await Promise.all([loadConfig(), loadRoutingTable()]);
  const previous = config.deputies.find((d) => d._id === id);
  if (input.id && !previous) fail('ADMIN_DEPUTY_NOT_FOUND');
  const deputy: Deputy = {
    _id: id,
    name: input.name,
    level: input.level,
    title: input.title,
    photo: input.photo,
    phone: input.phone,
    stationCode: input.stationCode,
    villageCodes: [...new Set(input.villageCodes)],
    categories: [...new Set(input.categories)],
    group: input.group || `${input.stationCode}代表小组`,
    ...(previous?.openid && { openid: previous.openid }),
    active: input.active,
  };
  // The stations as they will be after this write, so the lead rule judges the outcome.
  const stations = config.stations.map((s) => {
    if (input.lead === true && s.code === deputy.stationCode) return { ...s, leadDeputyId: id };
    if (input.lead === false && s.leadDeputyId === id) return { ...s, leadDeputyId: '' };
    return s;
  });
  orFail(checkDeputy(deputy, { stations, villages: config.villages, categories: config.categories }));
  if (input.lead) orFail(checkStationLead({ code: deputy.stationCode, leadDeputyId: id }, [deputy]));
  if (
    previous &&
    previous.stationCode !== deputy.stationCode &&
    routing.rules.some((r) => r.deputyIds.includes(id))
  ) {
    fail('ADMIN_DEPUTY_IN_ROUTING');
  }
  const leadChanges = stations.filter((s, k) => s.leadDeputyId !== config.stations[k].leadDeputyId);
  await putDeputy(deputy, leadChanges);
  const { openid, ...shown } = deputy;
  return { ...shown, bound: Boolean(openid) };
}

/** Adds or changes a category and its limits (running cases keep the limits they were filed with). */
export async function upsertCategory(input: {
  code: string;
  name: string;
  acceptDays: number;
  answerDays: number;
  order?: number;
  active: boolean;
  /** 矛盾纠纷类 (the figures' disputes); absent: as it was. */
  dispute?: boolean;
}): Promise<CategoryRecord> {
  orFail(checkCategoryDays(input));
  const config = await loadConfig();
  const previous = config.categories.find((c) => c.code === input.code);
  const order =
    input.order ?? previous?.order ?? Math.max(-1, ...config.categories.map((c) => c.order ?? 0)) + 1;
  const dispute = input.dispute ?? previous?.dispute ?? false;
  const category: CategoryRecord = { _id: input.code, ...input, order, dispute };
  await putRecord(CATEGORIES, input.code, { ...category });
  return category;
}

/** Adds (with a request id) or changes a department cases can be transferred to. */
export async function upsertDepartment(input: {
  id?: string;
  requestId?: string;
  name: string;
  phone: string;
  active: boolean;
}) {
  const id = input.id ?? newId('dept', input.requestId);
  if (input.id && !(await getRecord(DEPARTMENTS, id))) fail('DEPARTMENT_NOT_FOUND');
  const department = { _id: id, name: input.name, phone: input.phone, active: input.active };
  await putRecord(DEPARTMENTS, id, department);
  return department;
}

/** The routing table and its version. */
export function routingTable() {
  return loadRoutingTable();
}

/** Replaces the whole routing table: every problem listed and nothing written, or the new version. */
export async function setRoutingRules(rules: RoutingRule[], baseVersion: number, by: string, now: Date) {
  const config = await loadConfig();
  const problems = validateRoutingTable(rules, config);
  if (problems.length > 0) fail(problems[0].code, problems.slice(0, 50));
  const normalised = normaliseRoutingTable(rules);
  const version = await replaceRoutingTable(normalised, baseVersion, by, now);
  return { version, ruleCount: normalised.length };
}

/** Dry run: where a new opinion would go now, and why (the routing the opinion function uses). */
export async function explainRoute(input: {
  stationCode: string;
  villageCode: string;
  categoryCode: string;
}) {
  const [station, village, category] = await Promise.all([
    getRecord<StationRecord>(STATIONS, input.stationCode),
    getRecord<VillageRecord>(VILLAGES, input.villageCode),
    getRecord<CategoryRecord>(CATEGORIES, input.categoryCode),
  ]);
  if (!station?.active) fail('ADMIN_STATION_NOT_FOUND');
  if (village?.stationCode !== input.stationCode) fail('VILLAGE_NOT_IN_STATION');
  if (!category) fail('CATEGORY_NOT_FOUND');
  const decision = await routeFor(input);
  const deputies = await Promise.all(decision.deputyIds.map((id) => getRecord<Deputy>(DEPUTIES, id)));
  return {
    ...decision,
    deputyNames: decision.deputyIds.map((id, k) => deputies[k]?.name ?? id),
    pathLabel: ROUTING_PATH_LABELS[decision.path],
  };
}

/** The calendar overrides (holidays and 调休 workdays), optionally of one year. */
export async function holidayList(year?: number) {
  return (await listHolidays(year)).map(({ date, kind, name }) => ({ date, kind, name }));
}

/**
 * Adds or replaces the county's calendar overrides (one calendar for every township); in every
 * township, reception days already made on a newly declared holiday move by their station's policy,
 * and the villagers booked on them are told.
 */
export async function upsertHolidays(input: HolidayOverride[], by: string, now: Date) {
  const days = orFail(checkHolidayOverrides(input));
  for (const d of days) requireDateIn('holiday', d.date, chinaDate(now));
  await writeHolidays(days, [], by, now);
  const holidays = days.filter((d) => d.kind === 'holiday').map((d) => d.date);
  let daysMoved = 0;
  if (holidays.length > 0) {
    const calendar = await loadCalendar();
    for (const townshipId of await listTownshipIds())
      daysMoved += await withTownship(townshipId, () => moveDaysOffHolidays(now, calendar, holidays));
  }
  return { saved: days.length, daysMoved };
}

/** Removes one calendar override (the official calendar applies to that date again). */
export async function removeHoliday(date: string, by: string, now: Date) {
  const days = orFail(checkHolidayOverrides([{ date, kind: 'workday', name: '' }]));
  requireDateIn('holiday', date, chinaDate(now));
  await writeHolidays([], [days[0].date], by, now);
  return { removed: date };
}

/** The limits on abuse in force, with the range each may be set to and its default (恢复默认). */
export async function limitsView() {
  return { limits: await loadLimits(), ranges: ABUSE_LIMITS_RANGE, defaults: ABUSE_LIMITS_DEFAULT };
}

/** Sets one or more limits (each inside its range, else LIMIT_INVALID); unset ones keep their value. */
export async function setLimits(input: Partial<AbuseLimits>, by: string, now: Date) {
  const next = orFail(checkLimits(await loadLimits(), input));
  await saveLimits(next, by, now);
  return { limits: next };
}
