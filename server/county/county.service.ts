/**
 * The county congress standing committee's view (县人大常委会), for the `county` function: every
 * township side by side, a new township with the invite of its first presidium member, and a
 * township's cases as its presidium's supervision list shows them (read only: county staff handle no
 * case).
 *
 * The overview runs across townships (the action is `township: 'across'`) and computes each township's
 * row by running that township's own code inside it (`withTownship`): the presidium's supervision
 * buckets (server/admin/admin.service.ts); the year's cases received and resolved and its reception days
 * held and villagers received from the figures table (core/figures/figures.table.ts, computed by its
 * sources: the same numbers the township's own 年度工作情况统计 shows); the three levels of satisfaction,
 * which the table counts only together, from the disclosure's opinion figures counted once per case
 * (core/duty/disclosure.pipeline.ts). The county row is the sum of the township rows (core/county/county.view.ts).
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import {
  countyOverview,
  zeroCounts,
  type CountyOverview,
  type TownshipCounts,
} from '../../core/county/county.view';
import { townshipOpinionFigurePipeline, type PipelineRow } from '../../core/duty/disclosure.pipeline';
import type { DisclosurePeriod } from '../../core/duty/duty.types';
import { asOfDay, resolvePeriod } from '../../core/figures/figures.period';
import { INVITE_DEFAULT_TTL_DAYS } from '../../core/identity/invite.rules';
import { supervisionList } from '../admin/admin.service';
import { aggregate } from '../db/collection';
import { activeDeputies, activeStationCodes } from '../duty/duty-sources.repo';
import { fail, orFail } from '../errors';
import type { PartNames, SourceQuery } from '../figures/figure-source';
import { SOURCES } from '../figures/sources';
import { createInvite } from '../identity/account.service';
import { insertTownship, listTownships } from '../identity/townships.repo';
import { OPINIONS } from '../opinion/opinions.repo';
import type { Caller } from '../pipeline';
import { withTownship } from '../tenancy';

/** The China calendar year of `today` as a period: 1 January to 31 December, counted as of today. */
export function yearPeriod(today: Ymd): DisclosurePeriod {
  const year = today.slice(0, 4);
  return { id: year, start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}年` };
}

/** The overview's figures of the table, by source: the same codes the township's own report shows. */
const TABLE_FIGURES = {
  opinions: ['opinions.received', 'opinions.resolved'],
  reception: ['reception.daysHeld', 'reception.visitors'],
} as const;

/** The overview shows no parts: their labels are their keys. */
const KEYS_AS_NAMES: PartNames = {
  station: (k) => k,
  village: (k) => k,
  category: (k) => k,
  deputy: (k) => k,
  department: (k) => k,
  label: (_b, k) => k,
};

/** The table's figures of the township's year (as of today), by code. */
async function tableFigures(today: Ymd): Promise<Map<string, number>> {
  const period = orFail(resolvePeriod({ kind: 'year', year: Number(today.slice(0, 4)) }, today));
  const query: SourceQuery = {
    period,
    asOf: asOfDay(period, today),
    scope: { scope: { kind: 'township' } },
    names: KEYS_AS_NAMES,
  };
  const computed = await Promise.all(
    Object.entries(TABLE_FIGURES).map(([name, codes]) => {
      const source = SOURCES.get(name);
      if (!source) throw new Error(`county: no figures source '${name}'`);
      return source.compute(query, codes);
    }),
  );
  return new Map(computed.flatMap((m) => [...m].map(([code, f]) => [code, f.value] as const)));
}

/** One township's counts, computed inside it (every read narrowed to it). */
export async function townshipCounts(now: Date): Promise<TownshipCounts> {
  const today = chinaDate(now);
  const period = yearPeriod(today);
  const [stations, deputies, supervision, opinionRows, figures] = await Promise.all([
    activeStationCodes(),
    activeDeputies(),
    supervisionList(now),
    aggregate<PipelineRow>(OPINIONS, townshipOpinionFigurePipeline(period, today)),
    tableFigures(today),
  ]);
  const o = opinionRows[0];
  return {
    ...zeroCounts(),
    stations: stations.length,
    deputies: deputies.length,
    openCases: supervision.counts.open,
    overdueCases: supervision.counts.overdue,
    receivedThisYear: figures.get('opinions.received') ?? 0,
    resolvedThisYear: figures.get('opinions.resolved') ?? 0,
    satisfied: o?.satisfied ?? 0,
    basicallySatisfied: o?.basicallySatisfied ?? 0,
    dissatisfied: o?.dissatisfied ?? 0,
    receptionDaysHeld: figures.get('reception.daysHeld') ?? 0,
    villagersReceived: figures.get('reception.visitors') ?? 0,
  };
}

/** Every township's row (in the county's order) and the county's total row. */
export async function countyTownships(now: Date): Promise<CountyOverview> {
  const today = chinaDate(now);
  const townships = await listTownships();
  const rows: { id: string; name: string; counts: TownshipCounts }[] = [];
  // One township after another: each is a handful of paged reads, and a county has a few dozen.
  for (const t of townships) {
    rows.push({ id: t._id, name: t.name, counts: await withTownship(t._id, () => townshipCounts(now)) });
  }
  return countyOverview(Number(today.slice(0, 4)), today, rows);
}

/**
 * Adds a township to the county (its id is taken once: TOWNSHIP_ID_TAKEN), then issues, inside the new
 * township, the invite code of its first presidium member, to be handed over; that member invites the
 * rest. A retry with the same request id answers the same code (the action is idempotent).
 */
export async function addTownship(
  caller: Caller,
  input: { id: string; name: string; presidiumName: string },
  now: Date,
) {
  const existing = await listTownships();
  if (existing.some((t) => t._id === input.id)) fail('TOWNSHIP_ID_TAKEN');
  const order = existing.reduce((max, t) => Math.max(max, t.order), 0) + 1;
  const written = await insertTownship({
    _id: input.id,
    name: input.name,
    order,
    createdAt: now,
    createdBy: caller.openid,
  });
  if (!written) fail('TOWNSHIP_ID_TAKEN');
  const invite = await withTownship(input.id, () =>
    createInvite(
      caller,
      { role: 'presidium', name: input.presidiumName, ttlDays: INVITE_DEFAULT_TTL_DAYS },
      now,
    ),
  );
  return { id: input.id, name: input.name, invite };
}

/**
 * Another invite code for a township's presidium member (the first one expired, was lost, or the member
 * changed); the call runs in that township (named by `townshipId` beside `action`).
 */
export function invitePresidium(caller: Caller, name: string, now: Date) {
  return createInvite(caller, { role: 'presidium', name, ttlDays: INVITE_DEFAULT_TTL_DAYS }, now);
}

/** An invite code for a colleague on the county's staff; the call runs in the county itself. */
export function inviteStaff(caller: Caller, name: string, now: Date) {
  return createInvite(caller, { role: 'county', name, ttlDays: INVITE_DEFAULT_TTL_DAYS }, now);
}

/** A township's cases as its presidium's supervision list shows them; the call runs in that township. */
export function townshipCases(now: Date, filter: Parameters<typeof supervisionList>[1]) {
  return supervisionList(now, filter);
}
