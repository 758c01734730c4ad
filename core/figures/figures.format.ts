/**
 * From what a source counted to what the presidium reads: the figure with its unit, a rate (fair when
 * the table says so: below the minimum sample it is 样本不足, never a number), and the report sentence.
 */
import { fairRate, rateLabel } from '../stats/fair-rate';
import { FIGURE_UNIT_LABELS, type FigureDef, type FigureValue, type RawFigure } from './figures.types';

/** 1234 → '1,234' (the reports write thousands this way). */
export function countLabel(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}

function fill(sentence: string, values: Record<string, string>): string {
  return sentence.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The figure `def` from the raw counts of every figure (a rate reads its numerator and denominator
 * there; a missing count is 0).
 */
export function figureValue(def: FigureDef, raw: ReadonlyMap<string, RawFigure>): FigureValue {
  const own = raw.get(def.code);
  if (def.rate) {
    const numerator = raw.get(def.rate.numerator)?.value ?? 0;
    const denominator = raw.get(def.rate.denominator)?.value ?? 0;
    const rate = def.rate.fair
      ? fairRate(numerator, denominator - numerator)
      : denominator > 0
        ? ({ kind: 'rate', value: numerator / denominator, sample: denominator } as const)
        : ({ kind: 'insufficient', sample: 0, needed: 1 } as const);
    const value = rate.kind === 'rate' ? rate.value : null;
    const display = rate.kind === 'rate' ? rateLabel(rate) : def.rate.fair ? rateLabel(rate) : '无';
    return {
      code: def.code,
      value,
      numerator,
      denominator,
      display,
      sentence: fill(def.sentence, {
        value: display,
        numerator: countLabel(numerator),
        denominator: countLabel(denominator),
      }),
      parts: own?.parts ?? {},
    };
  }
  if (own?.sample === 0)
    // An average of nothing (no department has answered yet) is no figure, not 0.
    return { code: def.code, value: null, display: '暂无', sentence: `${def.label}暂无记录`, parts: {} };
  const value = own?.value ?? 0;
  const display = `${countLabel(value)}${FIGURE_UNIT_LABELS[def.unit]}`;
  return {
    code: def.code,
    value,
    display,
    sentence: fill(def.sentence, { value: display }),
    parts: own?.parts ?? {},
  };
}

/**
 * The breakdowns whose parts do not add up to the figure: empty when the figure is whole. Counts only: a
 * rate is split through its numerator's and denominator's parts, an average (working days) is not split.
 * Tests hold every figure to it.
 */
export function partsThatDoNotAddUp(def: FigureDef, figure: FigureValue): string[] {
  if (def.rate || def.unit === 'workingDays') return [];
  const whole = figure.value ?? 0;
  return Object.entries(figure.parts)
    .filter(([, parts]) => parts && parts.reduce((s, p) => s + p.value, 0) !== whole)
    .map(([breakdown]) => breakdown);
}
