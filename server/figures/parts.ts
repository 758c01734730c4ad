/**
 * How a source turns grouped rows into a figure and its parts: every page of a grouped aggregation,
 * then one pass that sums each breakdown's parts (so the parts add up to the figure by construction).
 */
import { pageStages } from '../../core/duty/disclosure.pipeline';
import type { Breakdown, FigurePart, RawFigure } from '../../core/figures/figures.types';
import { aggregate, MAX_PAGE } from '../db/collection';
import type { CollectionName } from '../db/collections';

/** Every page of a grouped aggregation (the grouped rows, not the records, are paged). */
export async function allGroups<T>(name: CollectionName, stages: Record<string, unknown>[]): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += MAX_PAGE) {
    const page = await aggregate<T>(name, [...stages, ...pageStages(skip, MAX_PAGE)]);
    out.push(...page);
    if (page.length < MAX_PAGE) return out;
  }
}

/**
 * A figure from rows that each carry a value and a key per breakdown: the sum, and per breakdown the
 * sums per key (months in calendar order, other parts largest first), labelled by `labelOf`.
 */
export function fold<R>(
  rows: readonly R[],
  valueOf: (row: R) => number,
  breakdowns: readonly Breakdown[],
  keyOf: (row: R, breakdown: Breakdown) => string,
  labelOf: (breakdown: Breakdown, key: string) => string,
): RawFigure {
  let value = 0;
  const sums = new Map<Breakdown, Map<string, number>>(breakdowns.map((b) => [b, new Map()]));
  for (const row of rows) {
    const v = valueOf(row);
    if (v === 0) continue;
    value += v;
    for (const [b, m] of sums) {
      const k = keyOf(row, b);
      m.set(k, (m.get(k) ?? 0) + v);
    }
  }
  const parts: Partial<Record<Breakdown, FigurePart[]>> = {};
  for (const [b, m] of sums)
    parts[b] = [...m]
      .map(([key, v]) => ({ key, label: labelOf(b, key), value: v }))
      .sort((x, y) =>
        b === 'month' ? (x.key < y.key ? -1 : 1) : y.value - x.value || (x.key < y.key ? -1 : 1),
      );
  return { value, parts };
}
