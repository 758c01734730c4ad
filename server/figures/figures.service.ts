/**
 * The township's figures for a period and scope (core/figures/figures.table.ts), each computed by its
 * source from the records, and the records behind any figure or part. Read only.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { checkFiguresAccess } from '../../core/figures/figures.access';
import { figureValue } from '../../core/figures/figures.format';
import { asOfDay, monthLabel, resolvePeriod } from '../../core/figures/figures.period';
import { FIGURES, figureDef, sourceOf } from '../../core/figures/figures.table';
import type {
  Breakdown,
  FigureDrill,
  FigurePeriodInput,
  FigureScope,
  FiguresReport,
  RawFigure,
} from '../../core/figures/figures.types';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import { DEPUTY_LEVEL_LABELS, type Deputy } from '../../core/station/station.types';
import { command, findAll, findById } from '../db/collection';
import { fail, orFail } from '../errors';
import { townshipName } from '../identity/townships.repo';
import { DEPARTMENTS, listCategories } from '../opinion/opinions.repo';
import type { Caller } from '../pipeline';
import { DEPUTIES, STATIONS, VILLAGES } from '../station/stations.repo';
import { requireTownship } from '../tenancy';
import type { PartFilter, PartNames, ResolvedScope, SourceQuery } from './figure-source';
import { SOURCES } from './sources';

export interface FiguresInput {
  period: FigurePeriodInput;
  scope: FigureScope;
}

/**
 * What a figures scope touches, for the pipeline's one scope rule (core/identity/scope.rules.ts): a
 * station, a deputy (and their station), or more than one station — which no station admin holds.
 */
export async function scopeTarget(scope: FigureScope): Promise<ScopeTarget | null> {
  switch (scope.kind) {
    case 'station':
      return { stationCode: scope.stationCode };
    case 'deputy': {
      const d = await findById<Deputy>(DEPUTIES, scope.deputyId);
      return d ? { stationCode: d.stationCode, deputyId: d._id } : null;
    }
    default:
      return { stationCode: SEVERAL_STATIONS };
  }
}

/** No station's code (codes are letters and digits): a scope wider than one station. */
const SEVERAL_STATIONS = '*';

/** The caller may read this scope (core/figures/figures.access.ts). */
function requireAccess(caller: Caller, scope: FigureScope): void {
  orFail(
    checkFiguresAccess(
      { role: caller.role, stationCode: caller.user?.stationCode, deputyId: caller.user?.deputyId },
      scope,
    ),
  );
}

/** Names of the township's stations, villages, categories, deputies and departments, read once. */
async function partNames(): Promise<PartNames> {
  const [stations, villages, categories, deputies, departments] = await Promise.all([
    findAll<{ _id: string; code: string; name: string }>(STATIONS, {}, { code: true, name: true }),
    findAll<{ _id: string; code: string; name: string }>(VILLAGES, {}, { code: true, name: true }),
    listCategories(true),
    findAll<{ _id: string; name: string }>(DEPUTIES, {}, { name: true }),
    findAll<{ _id: string; name: string }>(DEPARTMENTS, {}, { name: true }),
  ]);
  const map = (rows: { key: string; name: string }[]) => new Map(rows.map((r) => [r.key, r.name]));
  const s = map(stations.map((r) => ({ key: r.code ?? r._id, name: r.name })));
  const v = map(villages.map((r) => ({ key: r.code, name: r.name })));
  const c = map(categories.map((r) => ({ key: r.code, name: r.name })));
  const d = map(deputies.map((r) => ({ key: r._id, name: r.name })));
  const dep = map(departments.map((r) => ({ key: r._id, name: r.name })));
  const names: PartNames = {
    station: (k) => s.get(k) ?? k,
    village: (k) => v.get(k) ?? k,
    category: (k) => c.get(k) ?? k,
    deputy: (k) => d.get(k) ?? k,
    department: (k) => dep.get(k) ?? k,
    label: (b: Breakdown, k: string) => {
      switch (b) {
        case 'station':
          return names.station(k);
        case 'village':
          return names.village(k);
        case 'category':
          return names.category(k);
        case 'deputy':
          return names.deputy(k);
        case 'department':
          return names.department(k);
        case 'month':
          return monthLabel(k);
        default:
          return k;
      }
    },
  };
  return names;
}

/** The scope as the records are filtered, and its label; NOT_FOUND for a station, village or deputy not of the township. */
async function resolveScope(scope: FigureScope): Promise<{ resolved: ResolvedScope; label: string }> {
  switch (scope.kind) {
    case 'township':
      return { resolved: { scope }, label: await townshipName(requireTownship()) };
    case 'station': {
      const st = await findById<{ name: string }>(STATIONS, scope.stationCode);
      if (!st) fail('STATION_NOT_FOUND');
      return { resolved: { scope, stationCode: scope.stationCode }, label: st.name };
    }
    case 'village': {
      const [v] = await findAll<{ _id: string; name: string }>(
        VILLAGES,
        { code: scope.villageCode },
        { name: true },
      );
      if (!v) fail('NOT_FOUND');
      return { resolved: { scope, villageCode: scope.villageCode }, label: v.name };
    }
    case 'deputy': {
      const d = await findById<Deputy>(DEPUTIES, scope.deputyId);
      if (!d) fail('NOT_FOUND');
      return { resolved: { scope, deputyIds: [d._id] }, label: `${d.name}代表` };
    }
    case 'level': {
      const ds = await findAll<Deputy>(DEPUTIES, { level: command().eq(scope.level) }, { name: true });
      return {
        resolved: { scope, deputyIds: ds.map((d) => d._id) },
        label: DEPUTY_LEVEL_LABELS[scope.level],
      };
    }
  }
}

async function prepare(caller: Caller, now: Date, input: FiguresInput) {
  requireAccess(caller, input.scope);
  const today = chinaDate(now);
  const period = orFail(resolvePeriod(input.period, today));
  const [{ resolved, label }, names] = await Promise.all([resolveScope(input.scope), partNames()]);
  const query: SourceQuery = { period, asOf: asOfDay(period, today), scope: resolved, names };
  return { query, label };
}

/** Every figure of the table meaningful in the scope, for the period, in the table's order. */
export async function report(caller: Caller, now: Date, input: FiguresInput): Promise<FiguresReport> {
  const { query, label } = await prepare(caller, now, input);
  const defs = FIGURES.filter((f) => f.scopes.includes(input.scope.kind));
  // The counts each source must compute: its own figures, and the counts its rates are made of.
  const wanted = new Set(
    defs.flatMap((f) => (f.rate ? [f.code, f.rate.numerator, f.rate.denominator] : [f.code])),
  );
  const bySource = new Map<string, string[]>();
  for (const code of wanted) {
    if (figureDef(code)?.rate) continue;
    const s = sourceOf(code);
    bySource.set(s, [...(bySource.get(s) ?? []), code]);
  }
  const raw = new Map<string, RawFigure>();
  const results = await Promise.all(
    [...bySource].map(([name, codes]) => {
      const source = SOURCES.get(name);
      if (!source) throw new Error(`figures: no source '${name}' for ${codes.join(', ')}`);
      return source.compute(query, codes);
    }),
  );
  for (const m of results) for (const [code, f] of m) raw.set(code, f);
  return {
    period: query.period,
    scope: input.scope,
    scopeLabel: label,
    townshipName: await townshipName(requireTownship()),
    asOf: query.asOf,
    figures: defs.map((def) => figureValue(def, raw)),
  };
}

export interface DrillInput extends FiguresInput {
  code: string;
  part?: PartFilter;
  cursor?: string;
  limit: number;
}

/** A page of the records behind a figure (or one of its parts); a rate drills into its denominator. */
export async function drill(caller: Caller, now: Date, input: DrillInput): Promise<FigureDrill> {
  const def = figureDef(input.code) ?? fail('FIGURE_NOT_FOUND');
  if (!def.scopes.includes(input.scope.kind)) fail('FIGURE_NOT_IN_SCOPE');
  const { query } = await prepare(caller, now, input);
  const code = def.rate ? def.rate.denominator : def.code;
  const source = SOURCES.get(sourceOf(code)) ?? fail('FIGURE_NOT_FOUND');
  const offset = input.cursor ? Number(input.cursor) : 0;
  return source.drill({ ...query, code, part: input.part, offset, limit: input.limit });
}
