/**
 * Routing is data: the presidium edits a table of rules keyed by (station, village | '*', category | '*').
 * For a new case the most specific rule with an available deputy wins, in this order:
 *
 *   1. village + category   the village's deputy for this kind of matter
 *   2. village + '*'        the deputy who lives in or represents the village: knows the place and people
 *   3. '*' + category       a deputy who follows this kind of matter across the station
 *   4. '*' + '*'            the station's catch-all
 *
 * The village comes before the category because a liaison station is about the place: a villager
 * expects "our" deputy first. After the rules: the station's lead deputy, then the presidium queue, so
 * a case is never left without an owner who can act. A deputy is available when active, not excluded
 * (one who handed the case back) and reachable: bound to WeChat (`openid`), so they can sign in and be
 * told. An unbound deputy is skipped and the reason names them, so the presidium sees whom to invite.
 * Among a rule's available deputies the one with the fewest open cases takes it (ties by id, so the
 * same input always gives the same answer).
 */
import type { Deputy, Station } from '../station/station.types';
import {
  WILDCARD,
  type Category,
  type RoutingDecision,
  type RoutingPath,
  type RoutingRule,
} from './opinion.types';
import type { ErrorCode } from '../errors/error.codes';

export interface RoutingInput {
  stationCode: string;
  villageCode: string;
  /** For the reason text the presidium reads. */
  villageName: string;
  category: Pick<Category, 'code' | 'name'>;
}

export interface RoutingOptions {
  /** Deputies who must not get the case again (they handed it back). */
  exclude?: readonly string[];
  /**
   * 给代表留言: the deputy the villager wrote to (their code, or picked on the station page), as read
   * (`deputy` absent when no such deputy). They take the case first if they can act and serve the
   * station; otherwise routing goes on as usual and the reason says why.
   */
  addressed?: {
    deputyId: string;
    deputy?: Pick<Deputy, '_id' | 'name' | 'active' | 'openid' | 'stationCode'>;
  };
}

/** Open cases per deputy id; a missing id counts as 0. */
export type OpenCaseCounts = Readonly<Record<string, number>>;

/** The presidium's words for the step that chose a case's owner (shown by the routing dry run). */
export const ROUTING_PATH_LABELS: Record<RoutingPath, string> = {
  addressed: '写给代表',
  'village+category': '按村和类别',
  village: '按村',
  category: '按类别',
  station: '本站兜底规则',
  lead: '联络站牵头代表',
  presidium: '主席团待分办',
  manual: '主席团分办',
};

const PRECEDENCE: { path: RoutingPath; village: boolean; category: boolean }[] = [
  { path: 'village+category', village: true, category: true },
  { path: 'village', village: true, category: false },
  { path: 'category', village: false, category: true },
  { path: 'station', village: false, category: false },
];

export function routingKey(rule: Pick<RoutingRule, 'stationCode' | 'villageCode' | 'categoryCode'>): string {
  return `${rule.stationCode}/${rule.villageCode}/${rule.categoryCode}`;
}

/** Chooses the owner of a new (or handed-back) case and says why. */
export function routeOpinion(
  input: RoutingInput,
  rules: readonly RoutingRule[],
  deputies: readonly Deputy[],
  openCaseCounts: OpenCaseCounts,
  station: Pick<Station, 'code' | 'leadDeputyId'>,
  options: RoutingOptions = {},
): RoutingDecision {
  const addressed = options.addressed;
  if (!addressed) return routeByRules(input, rules, deputies, openCaseCounts, station, options);
  const why = addressedRefusal(addressed, input.stationCode, options.exclude ?? []);
  if (!why) {
    return toDeputy(addressed.deputyId, `写给${addressed.deputy?.name ?? ''}代表，由其本人办理`, 'addressed');
  }
  const usual = routeByRules(input, rules, deputies, openCaseCounts, station, options);
  return { ...usual, reason: `${why}，按常规分办：${usual.reason}` };
}

/** Why the addressed deputy cannot take the case (Chinese, for the reason), or undefined when they can. */
function addressedRefusal(
  addressed: NonNullable<RoutingOptions['addressed']>,
  stationCode: string,
  exclude: readonly string[],
): string | undefined {
  const d = addressed.deputy;
  if (!d) return '写给的代表不存在';
  if (exclude.includes(d._id)) return `写给的${d.name}代表已退回`;
  if (!d.active) return `写给的${d.name}代表已停用`;
  if (d.stationCode !== stationCode) return `写给的${d.name}代表不在本联络站`;
  if (!canActAsOwner(d)) return `写给的${d.name}代表未绑定微信`;
  return undefined;
}

function routeByRules(
  input: RoutingInput,
  rules: readonly RoutingRule[],
  deputies: readonly Deputy[],
  openCaseCounts: OpenCaseCounts,
  station: Pick<Station, 'code' | 'leadDeputyId'>,
  options: RoutingOptions,
): RoutingDecision {
  const exclude = options.exclude ?? [];
  const available = availableDeputies(deputies, exclude);
  const unbound = unboundDeputies(deputies, exclude);
  const load = (id: string) => openCaseCounts[id] ?? 0;
  let matchedButUnavailable = false;
  const skipped: string[] = [];
  const skip = (ids: readonly string[]) => {
    for (const id of ids) if (unbound.has(id) && !skipped.includes(id)) skipped.push(id);
  };
  const skippedNote = () =>
    skipped.length ? `（跳过未绑定微信的代表：${skipped.map((id) => unbound.get(id)).join('、')}）` : '';

  for (const step of PRECEDENCE) {
    const rule = rules.find((r) => routingKey(r) === routingKey(keyFor(input, step)));
    if (!rule) continue;
    skip(rule.deputyIds);
    const chosen = leastLoaded(
      rule.deputyIds.filter((id) => available.has(id)),
      load,
    );
    if (!chosen) {
      matchedButUnavailable = true;
      continue;
    }
    const place = step.village ? `覆盖${input.villageName}` : '覆盖本站各村';
    const kind = step.category ? input.category.name : '全部类别';
    return toDeputy(chosen, `${place} · ${kind} · 在办${load(chosen)}件${skippedNote()}`, step.path);
  }

  if (available.has(station.leadDeputyId)) {
    const why = !matchedButUnavailable
      ? '无匹配规则'
      : skipped.length
        ? '规则中的代表均已停用、已退回或未绑定微信'
        : '规则中的代表均已停用或已退回';
    return toDeputy(station.leadDeputyId, `${why}，交联络站牵头代表${skippedNote()}`, 'lead');
  }
  skip([station.leadDeputyId]);
  return {
    owner: { kind: 'presidium' },
    deputyIds: [],
    reason: skipped.length
      ? `联络站无可联系的代表，进入主席团待分办队列${skippedNote()}`
      : '联络站无可用代表，进入主席团待分办队列',
    path: 'presidium',
  };
}

/** A deputy who can act on a case: active and bound to WeChat (they can sign in and be told). */
export function canActAsOwner(d: Pick<Deputy, 'active' | 'openid'> | undefined): boolean {
  return !!d && d.active && !!d.openid;
}

/**
 * The deputies routeOpinion may weigh for this input: those named by the rules that match it, and the
 * station's lead. Only their open-case counts are needed (a handler counts a few, not the whole station).
 */
export function routingCandidates(
  input: Pick<RoutingInput, 'stationCode' | 'villageCode' | 'category'>,
  rules: readonly RoutingRule[],
  station: Pick<Station, 'leadDeputyId'>,
): string[] {
  const keys = new Set(PRECEDENCE.map((step) => routingKey(keyFor(input, step))));
  const ids = rules.filter((r) => keys.has(routingKey(r))).flatMap((r) => r.deputyIds);
  return [...new Set([...ids, station.leadDeputyId])].sort();
}

function keyFor(
  input: Pick<RoutingInput, 'stationCode' | 'villageCode' | 'category'>,
  step: { village: boolean; category: boolean },
) {
  return {
    stationCode: input.stationCode,
    villageCode: step.village ? input.villageCode : WILDCARD,
    categoryCode: step.category ? input.category.code : WILDCARD,
  };
}

function availableDeputies(deputies: readonly Deputy[], exclude: readonly string[]): Set<string> {
  return new Set(deputies.filter((d) => canActAsOwner(d) && !exclude.includes(d._id)).map((d) => d._id));
}

/** Active deputies (not excluded) who have never bound WeChat, by id → name. */
function unboundDeputies(deputies: readonly Deputy[], exclude: readonly string[]): Map<string, string> {
  return new Map(
    deputies.filter((d) => d.active && !d.openid && !exclude.includes(d._id)).map((d) => [d._id, d.name]),
  );
}

function leastLoaded(ids: string[], load: (id: string) => number): string | undefined {
  return [...ids].sort((a, b) => load(a) - load(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}

function toDeputy(deputyId: string, reason: string, path: RoutingPath): RoutingDecision {
  return { owner: { kind: 'deputies', deputyIds: [deputyId] }, deputyIds: [deputyId], reason, path };
}

export interface RoutingTableProblem {
  code: Extract<ErrorCode, 'ROUTING_RULE_DUPLICATE' | 'ROUTING_RULE_EMPTY'>;
  key: string;
  /** Positions of the offending rows in the table as given. */
  rows: number[];
}

/** What is wrong with a routing table before it is saved: duplicate keys, rules naming no deputy. Empty = fine. */
export function checkRoutingTable(rules: readonly RoutingRule[]): RoutingTableProblem[] {
  const rowsByKey = new Map<string, number[]>();
  rules.forEach((rule, row) =>
    rowsByKey.set(routingKey(rule), [...(rowsByKey.get(routingKey(rule)) ?? []), row]),
  );
  const duplicates: RoutingTableProblem[] = [...rowsByKey]
    .filter(([, rows]) => rows.length > 1)
    .map(([key, rows]) => ({ code: 'ROUTING_RULE_DUPLICATE', key, rows }));
  const empty: RoutingTableProblem[] = rules.flatMap((rule, row) =>
    rule.deputyIds.length === 0
      ? [{ code: 'ROUTING_RULE_EMPTY' as const, key: routingKey(rule), rows: [row] }]
      : [],
  );
  return [...duplicates, ...empty];
}
