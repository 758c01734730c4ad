/**
 * A figure's parts as the figure page shows them: per breakdown, each part a bar as long as its share
 * of the largest part. A rate's parts are its numerator's over its denominator's (key by key), each a
 * rate of its own, 样本不足 below the fair minimum sample.
 */
import type {
  Breakdown,
  FigureDef,
  FigurePart,
  FiguresReport,
} from '../../../../../core/figures/figures.types';
import { BREAKDOWN_LABELS, MIN_SAMPLE } from '../../../../services/core.generated';

export interface PartRow {
  key: string;
  label: string;
  /** '12件', '86%（43/50）', '样本不足（3/5）'. */
  display: string;
  /** The bar, 0…100 (a share of the largest part, or the rate itself). */
  bar: number;
}

export interface PartGroup {
  breakdown: Breakdown;
  label: string;
  rows: PartRow[];
}

const byMonthFirst = (breakdown: string, parts: FigurePart[]) =>
  breakdown === 'month' ? [...parts].sort((a, b) => a.key.localeCompare(b.key)) : parts;

export function partGroups(def: FigureDef, report: FiguresReport, unit: string): PartGroup[] {
  const byCode = new Map(report.figures.map((f) => [f.code, f]));
  if (def.rate) {
    const num = byCode.get(def.rate.numerator)?.parts ?? {};
    const den = byCode.get(def.rate.denominator)?.parts ?? {};
    const minimum = def.rate.fair ? MIN_SAMPLE : 1;
    return (Object.keys(den) as Breakdown[]).map((breakdown) => {
      const top = new Map((num[breakdown] ?? []).map((p) => [p.key, p.value]));
      return {
        breakdown,
        label: BREAKDOWN_LABELS[breakdown],
        rows: byMonthFirst(breakdown, den[breakdown] ?? []).map((p) => {
          const n = top.get(p.key) ?? 0;
          const rate = p.value >= minimum ? Math.round((n / p.value) * 100) : null;
          return {
            key: p.key,
            label: p.label,
            display: rate === null ? `样本不足（${p.value}/${minimum}）` : `${rate}%（${n}/${p.value}）`,
            bar: rate ?? 0,
          };
        }),
      };
    });
  }
  const parts = byCode.get(def.code)?.parts ?? {};
  return def.breakdowns
    .filter((b) => parts[b])
    .map((breakdown) => {
      const list = byMonthFirst(breakdown, parts[breakdown] ?? []);
      const max = Math.max(1, ...list.map((p) => p.value));
      return {
        breakdown,
        label: BREAKDOWN_LABELS[breakdown],
        rows: list.map((p) => ({
          key: p.key,
          label: p.label,
          display: `${Number.isInteger(p.value) ? p.value : p.value.toFixed(1)}${unit}`,
          bar: Math.round((p.value / max) * 100),
        })),
      };
    });
}
