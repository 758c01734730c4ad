/**
 * The township's figures (统计数字): the numbers its annual work report is made of, each computed from
 * the records, for any period and scope, drilling down to the records that make it. The table of every
 * figure is figures.table.ts; each source of records (opinions, reception days, duty records, notices,
 * legal-knowledge issues) declares its figures in its own module (figures.<source>.ts) and computes them in
 * server/figures/sources/<source>.source.ts.
 */
import type { Ymd } from '../calendar/china-time';
import type { DeputyLevel } from '../station/station.types';

/**
 * The sections of the 年度工作情况统计 sheet, in the order the township reports present their work
 * (../shared/seeds: 规范化建设 and 接待 → 监督 → 代表活动 → 建议办理 → 宣传 → 票决).
 */
export const FIGURE_SECTIONS = ['reception', 'supervision', 'duties', 'opinions', 'publicity'] as const;
export type FigureSection = (typeof FIGURE_SECTIONS)[number];

export const FIGURE_SECTION_LABELS: Record<FigureSection, string> = {
  reception: '联络站接待选民',
  supervision: '人大监督',
  duties: '代表履职',
  opinions: '意见建议办理',
  publicity: '宣传与公开',
};

/** What a figure counts in: 件 (cases), 次 (times), 人次 (people-times), 人, 期 (issues), a rate, working days. */
export const FIGURE_UNITS = [
  'items',
  'times',
  'personTimes',
  'people',
  'issues',
  'rate',
  'workingDays',
  'households',
] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

export const FIGURE_UNIT_LABELS: Record<FigureUnit, string> = {
  items: '件',
  times: '次',
  personTimes: '人次',
  people: '人',
  issues: '期',
  rate: '%',
  workingDays: '个工作日',
  households: '户',
};

/** How a figure splits into parts that add up to it. */
export const BREAKDOWNS = [
  'station',
  'village',
  'category',
  'channel',
  'deputy',
  'type',
  'month',
  'department',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  station: '按联络站',
  village: '按村（社区）',
  category: '按类别',
  channel: '按渠道',
  deputy: '按代表',
  type: '按类型',
  month: '按月份',
  department: '按部门',
};

/** Whose figures: the whole township, one station, one village, one deputy, or every deputy of a level. */
export const SCOPE_KINDS = ['township', 'station', 'village', 'deputy', 'level'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type FigureScope =
  | { kind: 'township' }
  | { kind: 'station'; stationCode: string }
  | { kind: 'village'; villageCode: string }
  | { kind: 'deputy'; deputyId: string }
  | { kind: 'level'; level: DeputyLevel };

/** The records a figure drills down to. */
export const DRILL_KINDS = [
  'opinion',
  'receptionDay',
  'booking',
  'dutyRecord',
  'notice',
  'evaluation',
  'articleIssue',
  'activity',
  'rectification',
  'session',
  'candidate',
  'household',
  'contact',
  'suggestion',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** One figure of the table: what it counts, in words a presidium member can check, and how. */
export interface FigureDef {
  /** Stable code, `<source>.<name>`: 'opinions.received'. */
  code: string;
  section: FigureSection;
  /** As the report says it: 收集意见建议. */
  label: string;
  /** One sentence: what counts, what does not, as of when. */
  definition: string;
  unit: FigureUnit;
  /** One sentence for engineers: which records and fields make it. */
  computation: string;
  /**
   * The sentence for the annual report, `{value}` standing for the figure with its unit
   * ('收集意见建议{value}'); a rate's sentence may also use `{numerator}` and `{denominator}`.
   */
  sentence: string;
  /**
   * The breakdowns computed for it; each one's parts add up to the figure. A rate has none of its own (it
   * splits through its numerator's and denominator's parts); nor has an average (working days).
   */
  breakdowns: readonly Breakdown[];
  /** The scopes it means something in (a township-only figure, such as notices published, is not a deputy's). */
  scopes: readonly ScopeKind[];
  /** A rate: numerator / denominator, both counts of this table; `fair`: below MIN_SAMPLE it is 样本不足. */
  rate?: { numerator: string; denominator: string; fair: boolean };
  /** What its drill-down lists. */
  drill: DrillKind;
}

/** A part of a figure: 按村 → { key: 'v01', label: '红旗村', value: 12 }. */
export interface FigurePart {
  key: string;
  label: string;
  value: number;
}

/** What a source computes for one figure: a count (or an average, for workingDays) and its parts. */
export interface RawFigure {
  value: number;
  /** An average's sample: how many records it averages (0: nothing to average, shown as 暂无). */
  sample?: number;
  parts?: Partial<Record<Breakdown, FigurePart[]>>;
}

/** One computed figure, ready to show and to paste into the report. */
export interface FigureValue {
  code: string;
  /** A count; a rate as 0…1; null for a rate below the fair minimum sample (样本不足). */
  value: number | null;
  /** A rate's counts. */
  numerator?: number;
  denominator?: number;
  /** '1 234人次', '86%', '样本不足（3/5）'. */
  display: string;
  /** The report sentence with the figure in it. */
  sentence: string;
  parts: Partial<Record<Breakdown, FigurePart[]>>;
}

/** A period asked for: a year, a half-year, a quarter, or custom dates. */
export type FigurePeriodInput =
  | { kind: 'year'; year: number }
  | { kind: 'half'; year: number; half: 1 | 2 }
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'custom'; start: Ymd; end: Ymd };

/** A resolved period: first and last day (China time, both included) and how people say it. */
export interface FigurePeriod {
  kind: FigurePeriodInput['kind'];
  start: Ymd;
  end: Ymd;
  /** '2025年', '2025年上半年', '2025年第三季度', '2025年3月1日至2025年6月30日'. */
  label: string;
}

/** The figures of one period and scope, in the table's order, as of a day. */
export interface FiguresReport {
  period: FigurePeriod;
  scope: FigureScope;
  /** '金鼓乡', '红旗村联络站', '王建国代表', '县（区）人大代表'. */
  scopeLabel: string;
  townshipName: string;
  /** The last day the records are counted to: the period's end, or today while it runs. */
  asOf: Ymd;
  figures: FigureValue[];
}

/** One record behind a figure. */
export interface DrillRow {
  id: string;
  kind: DrillKind;
  date: Ymd;
  /** A line naming the record: '红旗村 · 道路交通 · 村口路灯坏了'. */
  title: string;
  /** What makes it count: '2025-03-02 办结，满意'. */
  detail: string;
}

/** A page of the records behind a figure (or one of its parts). */
export interface FigureDrill {
  code: string;
  total: number;
  rows: DrillRow[];
  /** Pass back to get the next page; null at the end. */
  next: string | null;
}
