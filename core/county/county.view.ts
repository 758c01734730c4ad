/**
 * What the county congress standing committee (县人大常委会) sees of its townships side by side: one row
 * of figures per township and the county's total row. Every count is a township's own figure (computed
 * by that township's code, server/county/county.service.ts); the total row is their sum, and its rates
 * are computed from the summed counts, never averaged, so the parts always add up.
 */
import { fairRate, MIN_SAMPLE, rateLabel, satisfactionRate, type FairRate } from '../stats/fair-rate';

/** The counts of one township (or of the county): each one a number the total row sums. */
export const TOWNSHIP_COUNT_KEYS = [
  'stations',
  'deputies',
  'openCases',
  'overdueCases',
  'receivedThisYear',
  'resolvedThisYear',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'receptionDaysHeld',
  'villagersReceived',
] as const;
export type TownshipCountKey = (typeof TOWNSHIP_COUNT_KEYS)[number];
export type TownshipCounts = Record<TownshipCountKey, number>;

export const TOWNSHIP_COUNT_LABELS: Record<TownshipCountKey, string> = {
  stations: '联络站（个）',
  deputies: '代表（名）',
  openCases: '在办意见（件）',
  overdueCases: '超期意见（件）',
  receivedThisYear: '今年收到（件）',
  resolvedThisYear: '今年办结（件）',
  satisfied: '满意（件）',
  basicallySatisfied: '基本满意（件）',
  dissatisfied: '不满意（件）',
  receptionDaysHeld: '今年接待日（次）',
  villagersReceived: '今年接待群众（人次）',
};

export interface TownshipFiguresRow extends TownshipCounts {
  /** The township's id, or 'total' for the county's row. */
  id: string;
  name: string;
  /** 办结率: resolved this year / received this year, once enough cases were received (fair-rate.ts). */
  resolutionRate: FairRate;
  resolutionLabel: string;
  /** 满意率 of the cases resolved this year that the villagers rated (fair-rate.ts satisfactionRate). */
  satisfactionRate: FairRate;
  satisfactionLabel: string;
}

export interface CountyOverview {
  /** The year the "this year" figures cover (China calendar), e.g. 2026. */
  year: number;
  /** China date the figures are as of. */
  today: string;
  total: TownshipFiguresRow;
  townships: TownshipFiguresRow[];
}

export function zeroCounts(): TownshipCounts {
  return Object.fromEntries(TOWNSHIP_COUNT_KEYS.map((k) => [k, 0])) as TownshipCounts;
}

/**
 * 办结率 = resolved / received in the year, shown only when at least MIN_SAMPLE cases were received
 * (below it: 'insufficient', like every fair rate). A case received last year and resolved this year
 * counts as resolved this year, so the rate can pass 100% in a year that cleared old cases.
 */
export function resolutionRate(received: number, resolved: number): FairRate {
  if (received < MIN_SAMPLE) return { kind: 'insufficient', sample: received, needed: MIN_SAMPLE };
  if (resolved <= received) return fairRate(resolved, received - resolved);
  return { kind: 'rate', value: resolved / received, sample: received };
}

/** A row of figures with its rates, from its counts. */
export function figuresRow(id: string, name: string, counts: TownshipCounts): TownshipFiguresRow {
  const resolution = resolutionRate(counts.receivedThisYear, counts.resolvedThisYear);
  const satisfaction = satisfactionRate(counts);
  return {
    id,
    name,
    ...counts,
    resolutionRate: resolution,
    resolutionLabel: rateLabel(resolution),
    satisfactionRate: satisfaction,
    satisfactionLabel: rateLabel(satisfaction),
  };
}

/** The county's row: every count the sum of the townships', the rates computed from those sums. */
export function countyTotalRow(rows: readonly TownshipCounts[]): TownshipFiguresRow {
  const sum = zeroCounts();
  for (const row of rows) for (const k of TOWNSHIP_COUNT_KEYS) sum[k] += row[k];
  return figuresRow('total', '全县合计', sum);
}

/** The overview: the townships in the county's order, and the total row. */
export function countyOverview(
  year: number,
  today: string,
  townships: readonly { id: string; name: string; counts: TownshipCounts }[],
): CountyOverview {
  return {
    year,
    today,
    total: countyTotalRow(townships.map((t) => t.counts)),
    townships: townships.map((t) => figuresRow(t.id, t.name, t.counts)),
  };
}
