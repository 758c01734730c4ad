/**
 * What a source of records does for the figures: count its figures for a period and scope, with their
 * parts, and list the records behind one of them. Each source reads only through its own repository
 * functions, paged or aggregated (never one query CloudBase would cut at 100/1000).
 */
import type { Ymd } from '../../core/calendar/china-time';
import type {
  Breakdown,
  FigureDrill,
  FigurePeriod,
  FigureScope,
  RawFigure,
} from '../../core/figures/figures.types';

/** The scope as the records are filtered: every field null/absent means "no condition". */
export interface ResolvedScope {
  scope: FigureScope;
  /** Opinions, duty records, reception days… of this station. */
  stationCode?: string;
  /** Opinions (and bookings) of this village. */
  villageCode?: string;
  /** The deputies whose figures these are (one deputy, or every deputy of a level, active or not). */
  deputyIds?: string[];
}

export interface SourceQuery {
  period: FigurePeriod;
  /** The last day counted (the period's end, or today while it runs). */
  asOf: Ymd;
  scope: ResolvedScope;
  /** Names for the parts' labels. */
  names: PartNames;
}

/** Labels of the parts, read once per report. */
export interface PartNames {
  station(code: string): string;
  village(code: string): string;
  category(code: string): string;
  deputy(id: string): string;
  department(id: string): string;
  /** A part's label by its breakdown: a name above, a month ('2025年3月'), else the key itself. */
  label(breakdown: Breakdown, key: string): string;
}

/** One part of a figure to drill into: 按村 → 'v01'. */
export interface PartFilter {
  breakdown: Breakdown;
  key: string;
}

export interface DrillQuery extends SourceQuery {
  code: string;
  part?: PartFilter;
  /** Records already listed (from the previous page's `next`). */
  offset: number;
  limit: number;
}

export interface FigureSource {
  /** The source's name, the first part of its figures' codes ('opinions'). */
  name: string;
  /** The figures of `codes` (each one of this source, and meaningful in the query's scope). */
  compute(query: SourceQuery, codes: readonly string[]): Promise<Map<string, RawFigure>>;
  drill(query: DrillQuery): Promise<FigureDrill>;
}

/** The `next` of a drill page: the offset after it, or null at the end. */
export function nextOffset(offset: number, listed: number, total: number): string | null {
  return offset + listed < total ? String(offset + listed) : null;
}
