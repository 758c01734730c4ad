/**
 * The presidium's configuration rules: what a station, deputy, category, routing table or holiday
 * override must satisfy before it is saved. Every rule answers with a reason code (admin.errors.ts),
 * never a bare boolean; the routing table answers every problem at once, row by row, so the editor can
 * point at each.
 */
import type { Ymd } from '../calendar/china-time';
import { isCalendarDay } from '../calendar/date-window';
import type { HolidayOverride } from '../calendar/chinese-calendar';
import { messageFor, type ErrorCode } from '../errors/error.codes';
import { checkRoutingTable, routingKey } from '../opinion/opinion.routing';
import { WILDCARD, type Category, type RoutingRule } from '../opinion/opinion.types';
import { allow, deny, type Decision } from '../result';
import type { Deputy, Station, Village } from '../station/station.types';

/** Working-day limits a category may carry. */
export const ACCEPT_DAYS_MAX = 10;
export const ANSWER_DAYS_MAX = 60;
/** A township's routing table stays small; a cap keeps one document well under the platform's limits. */
export const ROUTING_RULES_MAX = 2000;

type Ref<T, K extends keyof T> = Pick<T, K>;

/** A station's lead deputy must be an active deputy of the station; '' = none yet (a new station). */
export function checkStationLead(
  station: Ref<Station, 'code' | 'leadDeputyId'>,
  deputies: readonly Ref<Deputy, '_id' | 'stationCode' | 'active'>[],
): Decision<void> {
  if (station.leadDeputyId === '') return allow(undefined);
  const lead = deputies.find((d) => d._id === station.leadDeputyId);
  if (!lead || !lead.active || lead.stationCode !== station.code) return deny('ADMIN_LEAD_NOT_AT_STATION');
  return allow(undefined);
}

export interface DeputyContext {
  stations: readonly Ref<Station, 'code' | 'leadDeputyId'>[];
  villages: readonly Ref<Village, 'code' | 'stationCode'>[];
  categories: readonly Ref<Category, 'code'>[];
}

/**
 * A deputy's record: their station exists, the villages they keep in touch with belong to that station,
 * their categories exist; a station's lead deputy can neither be deactivated nor moved away (pick
 * another lead first, so routing's fallback never points at nobody).
 */
export function checkDeputy(
  deputy: Ref<Deputy, '_id' | 'stationCode' | 'villageCodes' | 'categories' | 'active'>,
  ctx: DeputyContext,
): Decision<void> {
  if (!ctx.stations.some((s) => s.code === deputy.stationCode)) return deny('ADMIN_STATION_NOT_FOUND');
  for (const code of deputy.villageCodes) {
    const village = ctx.villages.find((v) => v.code === code);
    if (!village) return deny('ADMIN_VILLAGE_NOT_FOUND');
    if (village.stationCode !== deputy.stationCode) return deny('ADMIN_VILLAGE_OTHER_STATION');
  }
  if (deputy.categories.some((c) => !ctx.categories.some((k) => k.code === c))) {
    return deny('ADMIN_CATEGORY_UNKNOWN');
  }
  const leads = ctx.stations.filter((s) => s.leadDeputyId === deputy._id);
  if (leads.some((s) => !deputy.active || s.code !== deputy.stationCode)) return deny('ADMIN_LEAD_INACTIVE');
  return allow(undefined);
}

/** Working-day limits: accept within 1..ACCEPT_DAYS_MAX, answer no sooner than accept and within ANSWER_DAYS_MAX. */
export function checkCategoryDays(c: Ref<Category, 'acceptDays' | 'answerDays'>): Decision<void> {
  const whole = Number.isInteger(c.acceptDays) && Number.isInteger(c.answerDays);
  if (
    !whole ||
    c.acceptDays < 1 ||
    c.acceptDays > ACCEPT_DAYS_MAX ||
    c.answerDays < c.acceptDays ||
    c.answerDays > ANSWER_DAYS_MAX
  ) {
    return deny('ADMIN_CATEGORY_DAYS_INVALID');
  }
  return allow(undefined);
}

/**
 * A village may change station only when nothing still ties it to the old one: a routing rule keyed by
 * (old station, village), or a deputy of the old station who keeps in touch with it.
 */
export function checkVillageMove(
  village: Ref<Village, 'code' | 'stationCode'>,
  previous: Ref<Village, 'stationCode'> | null,
  rules: readonly RoutingRule[],
  deputies: readonly Ref<Deputy, 'stationCode' | 'villageCodes'>[],
): Decision<void> {
  if (!previous || previous.stationCode === village.stationCode) return allow(undefined);
  const ruled = rules.some((r) => r.villageCode === village.code && r.stationCode === previous.stationCode);
  const kept = deputies.some(
    (d) => d.stationCode === previous.stationCode && d.villageCodes.includes(village.code),
  );
  return ruled || kept ? deny('ADMIN_VILLAGE_IN_USE') : allow(undefined);
}

export interface RoutingProblem {
  code: ErrorCode;
  /** The rule's key, `station/village/category`. */
  key: string;
  /** Positions of the offending rows in the table as given. */
  rows: number[];
  /** The id or code at fault, when the problem is one reference. */
  ref?: string;
  message: string;
}

export interface RoutingReferences {
  stations: readonly Ref<Station, 'code' | 'active'>[];
  villages: readonly Ref<Village, 'code' | 'stationCode'>[];
  categories: readonly Ref<Category, 'code' | 'active'>[];
  deputies: readonly Ref<Deputy, '_id' | 'stationCode' | 'active'>[];
}

/**
 * Everything wrong with a routing table before it is saved: duplicate keys and rules naming nobody
 * (checkRoutingTable), then each reference: the station exists and is active, the village belongs to
 * the station, the category exists and is active, each deputy exists, is active and serves the
 * station. Empty = the table may be saved.
 */
export function validateRoutingTable(
  rules: readonly RoutingRule[],
  refs: RoutingReferences,
): RoutingProblem[] {
  const problem = (code: ErrorCode, rule: RoutingRule, row: number, ref?: string): RoutingProblem => ({
    code,
    key: routingKey(rule),
    rows: [row],
    ...(ref !== undefined && { ref }),
    message: messageFor(code),
  });
  const structural: RoutingProblem[] = checkRoutingTable(rules).map((p) => ({
    ...p,
    message: messageFor(p.code),
  }));
  const references = rules.flatMap((rule, row): RoutingProblem[] => {
    const out: RoutingProblem[] = [];
    if (!refs.stations.some((s) => s.code === rule.stationCode && s.active)) {
      // Nothing else in the row can be judged against a station that is not there.
      return [problem('ROUTING_UNKNOWN_STATION', rule, row, rule.stationCode)];
    }
    if (
      rule.villageCode !== WILDCARD &&
      !refs.villages.some((v) => v.code === rule.villageCode && v.stationCode === rule.stationCode)
    ) {
      out.push(problem('ROUTING_UNKNOWN_VILLAGE', rule, row, rule.villageCode));
    }
    if (
      rule.categoryCode !== WILDCARD &&
      !refs.categories.some((c) => c.code === rule.categoryCode && c.active)
    ) {
      out.push(problem('ROUTING_UNKNOWN_CATEGORY', rule, row, rule.categoryCode));
    }
    for (const id of rule.deputyIds) {
      const d = refs.deputies.find((x) => x._id === id);
      if (!d) out.push(problem('ROUTING_UNKNOWN_DEPUTY', rule, row, id));
      else if (!d.active) out.push(problem('ROUTING_DEPUTY_INACTIVE', rule, row, id));
      else if (d.stationCode !== rule.stationCode)
        out.push(problem('ROUTING_DEPUTY_OTHER_STATION', rule, row, id));
    }
    return out;
  });
  return [...structural, ...references];
}

/** A routing table as stored: sorted by key so the same table always reads the same. */
export function normaliseRoutingTable(rules: readonly RoutingRule[]): RoutingRule[] {
  return rules
    .map((r) => ({
      stationCode: r.stationCode,
      villageCode: r.villageCode,
      categoryCode: r.categoryCode,
      deputyIds: [...new Set(r.deputyIds)],
    }))
    .sort((a, b) => (routingKey(a) < routingKey(b) ? -1 : routingKey(a) > routingKey(b) ? 1 : 0));
}

/**
 * Optimistic concurrency for a table two presidium members may edit at once: a save names the version
 * it was based on; if someone saved since, it is refused (CONFLICT) instead of silently losing their edit.
 */
export function checkBaseVersion(stored: number, base: number): Decision<number> {
  return stored === base ? allow(stored + 1) : deny('CONFLICT');
}

/**
 * Holiday overrides entered by the presidium (from the State Council's notice): real dates, each at most
 * once, a holiday named. Answers them normalised (names trimmed, sorted by date).
 */
export function checkHolidayOverrides(days: readonly HolidayOverride[]): Decision<HolidayOverride[]> {
  const seen = new Set<Ymd>();
  const out: HolidayOverride[] = [];
  for (const d of days) {
    if (!isCalendarDay(d.date)) return deny('HOLIDAY_DATE_INVALID');
    if (seen.has(d.date)) return deny('HOLIDAY_DUPLICATE');
    seen.add(d.date);
    const name = d.name.trim();
    if (d.kind === 'holiday' && !name) return deny('HOLIDAY_NAME_REQUIRED');
    out.push({ date: d.date, kind: d.kind, name });
  }
  return allow(out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
}
