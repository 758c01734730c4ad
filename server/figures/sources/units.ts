/**
 * A drill-down over what a figure was folded from: the figure is a sum of units (a grouped row, a day, a
 * deputy…), each knowing its count, its key per breakdown and how to list its own records. A part keeps
 * the units of its key; a page walks the units in order, skipping `offset` records, and asks each unit
 * only for the records it needs. So a drill's total is the figure's (or the part's) by construction,
 * and no query lists more than one unit's records.
 */
import type { Breakdown, DrillRow, FigureDrill, RawFigure } from '../../../core/figures/figures.types';
import { nextOffset, type DrillQuery } from '../figure-source';
import { fold } from '../parts';

export interface DrillUnit {
  /** Records in this unit (its share of the figure). */
  n: number;
  /** Its key per breakdown (as the figure's parts are keyed). */
  keys: Partial<Record<Breakdown, string>>;
  /** Sort key: units are listed in this order. */
  order: string;
  /** The unit's records from `skip`, at most `take` of them. */
  list(skip: number, take: number): Promise<DrillRow[]> | DrillRow[];
}

/** A figure folded from its units: their sum, and per breakdown the sums per key (server/figures/parts.ts). */
export function foldUnits(
  units: readonly DrillUnit[],
  breakdowns: readonly Breakdown[],
  labelOf: (breakdown: Breakdown, key: string) => string,
): RawFigure {
  return fold(
    units,
    (u) => u.n,
    breakdowns,
    (u, b) => u.keys[b] ?? '',
    labelOf,
  );
}

/** The page of the drill query over `units` (only the part's, when the query names one). */
export async function drillUnits(q: DrillQuery, units: readonly DrillUnit[]): Promise<FigureDrill> {
  const part = q.part;
  const kept = units
    .filter((u) => u.n > 0 && (!part || u.keys[part.breakdown] === part.key))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const total = kept.reduce((s, u) => s + u.n, 0);
  const rows: DrillRow[] = [];
  let skip = q.offset;
  for (const u of kept) {
    if (rows.length >= q.limit) break;
    if (skip >= u.n) {
      skip -= u.n;
      continue;
    }
    const take = Math.min(u.n - skip, q.limit - rows.length);
    rows.push(...(await u.list(skip, take)).slice(0, take));
    skip = 0;
  }
  return { code: q.code, total, rows, next: nextOffset(q.offset, rows.length, total) };
}

/** The instant a China-calendar month key starts ('2025-03' → 2025-03-01 00:00 +08:00), and the next. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
