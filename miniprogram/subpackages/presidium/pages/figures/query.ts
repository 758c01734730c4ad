/**
 * The period and scope the presidium chooses on the 统计 page, as the figures function takes them, and
 * how they travel to a figure's own page (its query string).
 */
import type { FigurePeriodInput, FigureScope } from '../../../../../core/figures/figures.types';

export type PeriodChoice = 'year' | 'half1' | 'half2' | 'quarter' | 'custom';

export const PERIOD_CHOICES: { key: PeriodChoice; label: string }[] = [
  { key: 'year', label: '年度' },
  { key: 'half1', label: '上半年' },
  { key: 'half2', label: '下半年' },
  { key: 'quarter', label: '季度' },
  { key: 'custom', label: '自定义' },
];

export const QUARTER_CHOICES = [
  { key: 1, label: '第一季度' },
  { key: 2, label: '第二季度' },
  { key: 3, label: '第三季度' },
  { key: 4, label: '第四季度' },
] as const;

export interface PeriodState {
  year: number;
  choice: PeriodChoice;
  quarter: 1 | 2 | 3 | 4;
  /** Custom dates, 'YYYY-MM-DD'. */
  start: string;
  end: string;
}

export function periodInput(p: PeriodState): FigurePeriodInput {
  switch (p.choice) {
    case 'half1':
      return { kind: 'half', year: p.year, half: 1 };
    case 'half2':
      return { kind: 'half', year: p.year, half: 2 };
    case 'quarter':
      return { kind: 'quarter', year: p.year, quarter: p.quarter };
    case 'custom':
      return { kind: 'custom', start: p.start, end: p.end };
    default:
      return { kind: 'year', year: p.year };
  }
}

/** A period and scope as a figure page's query: `p` and `s`, JSON, encoded. */
export function figureQuery(period: FigurePeriodInput, scope: FigureScope): string {
  return `p=${encodeURIComponent(JSON.stringify(period))}&s=${encodeURIComponent(JSON.stringify(scope))}`;
}

/** Back from the query; null when it is not one (a cut link): the page says so. */
export function readFigureQuery(query: Record<string, string | undefined>): {
  period: FigurePeriodInput;
  scope: FigureScope;
} | null {
  try {
    const period = JSON.parse(decodeURIComponent(query.p ?? '')) as FigurePeriodInput;
    const scope = JSON.parse(decodeURIComponent(query.s ?? '')) as FigureScope;
    if (!period || typeof period.kind !== 'string' || !scope || typeof scope.kind !== 'string') return null;
    return { period, scope };
  } catch {
    return null;
  }
}
