/**
 * The printable 年度工作情况统计 sheet and a deputy's 履职档案, as data: what goes where, in which order
 * and in which words (server/figures/report-print.ts draws them as A4 HTML). Pure: from a FiguresReport
 * (figures.service.ts) and the table (figures.table.ts), nothing else.
 *
 * Layout: per section of FIGURE_SECTIONS, a table of every figure the report holds (项目 / 数字 / 说明),
 * then the charts (the same data the pages chart), then "可直接用于工作报告的表述": each section's
 * sentences as one plain paragraph, and the definitions as numbered footnotes.
 */
import type { Ymd } from '../calendar/china-time';
import { DUTY_TYPE_LABELS, type DutyType } from '../duty/duty.types';
import { fairRate, MIN_SAMPLE } from '../stats/fair-rate';
import { countLabel } from './figures.format';
import { monthLabel, monthsOf } from './figures.period';
import { figureDef } from './figures.table';
import {
  BREAKDOWN_LABELS,
  FIGURE_SECTION_LABELS,
  FIGURE_SECTIONS,
  FIGURE_UNIT_LABELS,
  type Breakdown,
  type FigureDef,
  type FigureSection,
  type FiguresReport,
  type FigureValue,
} from './figures.types';

/** '2025年12月31日'. */
export function ymdWords(day: Ymd): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** How many parts the 说明 column names before '等'. */
const NOTE_PARTS = 3;

export interface SheetRow {
  code: string;
  label: string;
  display: string;
  /** 说明: a rate's counts, or the largest parts of the figure's first breakdown, then 注n. */
  note: string;
  /** The footnote holding its definition. */
  footnote: number;
}

export interface SheetSection {
  section: FigureSection;
  title: string;
  rows: SheetRow[];
  /** The section's sentences as one paragraph ('联络站接待选民：……；……。'), ready to paste. */
  paragraph: string;
}

export interface SheetFootnote {
  n: number;
  label: string;
  definition: string;
}

/** A chart as the uCharts engine takes it (categories on the x axis, one series per line or column). */
export interface SheetChart {
  id: string;
  title: string;
  type: 'column' | 'line';
  /** The y axis' unit: '件', '人次', '%'. */
  unit: string;
  categories: string[];
  /** A null point is a month whose rate has too small a sample (样本不足): no point is drawn. */
  series: { name: string; data: (number | null)[] }[];
  /** What the chart leaves out, in words ('样本不足的月份不画点'). */
  note?: string;
}

export interface ReportSheet {
  /** '金鼓乡人大主席团 2025年工作情况统计'. */
  title: string;
  /** '统计范围：金鼓乡　统计时段：2025年1月1日至2025年12月31日'. */
  subtitle: string;
  /** '截至2025年12月31日'. */
  asOfWords: string;
  sections: SheetSection[];
  charts: SheetChart[];
  /** '以下数字统计截至2025年12月31日，由系统根据……自动统计。' */
  preamble: string;
  footnotes: SheetFootnote[];
}

/**
 * The charts the sheet carries when the report holds their figures with the breakdown they need (a
 * chart whose figure is not in the report, or not split that way, is left out; it is never drawn from
 * anything else). Counts name their figures; a rate chart names the rate, and is drawn month by month
 * from its numerator's and denominator's month parts, with the rate's own fair rule.
 */
export const SHEET_CHARTS: readonly {
  id: string;
  title: string;
  type: 'column' | 'line';
  breakdown: Breakdown;
  codes: readonly string[];
}[] = [
  {
    id: 'opinionsByMonth',
    title: '每月收集意见建议（件）',
    type: 'column',
    breakdown: 'month',
    codes: ['opinions.received'],
  },
  {
    id: 'onTimeByMonth',
    title: '每月答复及时率（%）',
    type: 'line',
    breakdown: 'month',
    codes: ['opinions.onTimeRate'],
  },
  {
    id: 'receptionByMonth',
    title: '每月接待选民（人次）',
    type: 'column',
    breakdown: 'month',
    codes: ['reception.visitors'],
  },
  {
    id: 'byStation',
    title: '各联络站比较',
    type: 'column',
    breakdown: 'station',
    codes: ['opinions.received', 'reception.visitors', 'duties.records'],
  },
];

const trimEnd = (s: string) => s.replace(/[。；，、\s]+$/u, '');

/**
 * A figure's sentence for the report, with the sample rule in words: a rate below the minimum sample
 * says so instead of a number; a rate with nothing to count says that.
 */
export function sentenceOf(def: FigureDef, f: FigureValue): string {
  if (def.rate && f.value === null) {
    const sample = f.denominator ?? 0;
    if (!def.rate.fair || sample === 0) return `${def.label}暂无可统计的记录`;
    return `${def.label}因样本不足（${countLabel(sample)}件，满${MIN_SAMPLE}件才计算）暂不计算`;
  }
  return trimEnd(f.sentence);
}

/** 说明: a rate's two counts; a count's largest parts (months are the chart's, not the note's). */
function noteOf(def: FigureDef, f: FigureValue, byCode: ReadonlyMap<string, FigureValue>): string {
  if (def.rate) {
    const side = (code: string, n: number | undefined) => {
      const d = figureDef(code);
      const shown =
        byCode.get(code)?.display ?? `${countLabel(n ?? 0)}${d ? FIGURE_UNIT_LABELS[d.unit] : ''}`;
      return `${d?.label ?? code}${shown}`;
    };
    return `${side(def.rate.numerator, f.numerator)}，${side(def.rate.denominator, f.denominator)}`;
  }
  const breakdown = def.breakdowns.find((b) => b !== 'month' && (f.parts[b]?.length ?? 0) > 0);
  if (!breakdown) return '';
  const parts = f.parts[breakdown]!;
  const unit = FIGURE_UNIT_LABELS[def.unit];
  const named = parts
    .slice(0, NOTE_PARTS)
    .map((p) => `${p.label}${countLabel(p.value)}${unit}`)
    .join('、');
  return `${BREAKDOWN_LABELS[breakdown]}：${named}${parts.length > NOTE_PARTS ? '等' : ''}`;
}

function monthSeries(report: FiguresReport, f: FigureValue, def: FigureDef, months: string[]) {
  if (def.rate) {
    const num = report.figures.find((x) => x.code === def.rate!.numerator)?.parts.month;
    const den = report.figures.find((x) => x.code === def.rate!.denominator)?.parts.month;
    if (!num || !den) return null;
    const at = (parts: typeof num, m: string) => parts.find((p) => p.key === m)?.value ?? 0;
    return months.map((m) => {
      const n = at(num, m);
      const d = at(den, m);
      if (def.rate!.fair) {
        const r = fairRate(n, d - n);
        return r.kind === 'rate' ? Math.round(r.value * 100) : null;
      }
      return d > 0 ? Math.round((n / d) * 100) : null;
    });
  }
  const parts = f.parts.month;
  if (!parts) return null;
  return months.map((m) => parts.find((p) => p.key === m)?.value ?? 0);
}

/** The charts SHEET_CHARTS names whose figures the report holds with the parts they need. */
export function sheetCharts(report: FiguresReport): SheetChart[] {
  const byCode = new Map(report.figures.map((f) => [f.code, f]));
  const months = monthsOf({ ...report.period, end: report.asOf });
  const oneYear = months[0]?.slice(0, 4) === months[months.length - 1]?.slice(0, 4);
  const charts: SheetChart[] = [];
  for (const spec of SHEET_CHARTS) {
    const present = spec.codes
      .map((code) => ({ f: byCode.get(code), def: figureDef(code) }))
      .filter((x): x is { f: FigureValue; def: FigureDef } => !!x.f && !!x.def);
    if (spec.breakdown === 'month') {
      const [first] = present;
      if (!first) continue;
      const data = monthSeries(report, first.f, first.def, months);
      if (!data) continue;
      const rate = !!first.def.rate;
      charts.push({
        id: spec.id,
        title: spec.title,
        type: spec.type,
        unit: FIGURE_UNIT_LABELS[first.def.unit],
        categories: months.map((m) => (oneYear ? monthLabel(m).replace(/^\d+年/, '') : monthLabel(m))),
        series: [{ name: first.def.label, data }],
        ...(rate && data.some((v) => v === null)
          ? { note: `当月样本不足${MIN_SAMPLE}件的月份不画点（样本不足，不计算比率）。` }
          : {}),
      });
      continue;
    }
    // Parts of several counts side by side (the same keys, in the first figure's order).
    const split = present.filter((x) => !x.def.rate && x.f.parts[spec.breakdown]);
    if (split.length === 0) continue;
    const keys: { key: string; label: string }[] = [];
    for (const { f } of split)
      for (const p of f.parts[spec.breakdown]!)
        if (!keys.some((k) => k.key === p.key)) keys.push({ key: p.key, label: p.label });
    if (keys.length < 2) continue; // one station is no comparison
    charts.push({
      id: spec.id,
      title: spec.title,
      type: spec.type,
      unit: '',
      categories: keys.map((k) => k.label),
      series: split.map(({ f, def }) => ({
        name: `${def.label}（${FIGURE_UNIT_LABELS[def.unit]}）`,
        data: keys.map((k) => f.parts[spec.breakdown]!.find((p) => p.key === k.key)?.value ?? 0),
      })),
    });
  }
  return charts;
}

/** The sheet of a report: every figure it holds, in the table's order, section by section. */
export function reportSheet(report: FiguresReport, options: { title?: string } = {}): ReportSheet {
  const byCode = new Map(report.figures.map((f) => [f.code, f]));
  const footnotes: SheetFootnote[] = [];
  const sections: SheetSection[] = [];
  for (const section of FIGURE_SECTIONS) {
    const rows: SheetRow[] = [];
    const sentences: string[] = [];
    for (const f of report.figures) {
      const def = figureDef(f.code);
      if (!def || def.section !== section) continue;
      const n = footnotes.length + 1;
      footnotes.push({ n, label: def.label, definition: def.definition });
      const note = noteOf(def, f, byCode);
      rows.push({
        code: f.code,
        label: def.label,
        display: f.display,
        note: note ? `${note}（注${n}）` : `注${n}`,
        footnote: n,
      });
      sentences.push(sentenceOf(def, f));
    }
    if (rows.length === 0) continue;
    const title = FIGURE_SECTION_LABELS[section];
    sections.push({ section, title, rows, paragraph: `${title}：${sentences.join('；')}。` });
  }
  const scopeWords = report.scope.kind === 'township' ? '' : `（${report.scopeLabel}）`;
  const asOfWords = `截至${ymdWords(report.asOf)}`;
  return {
    title:
      options.title ?? `${report.townshipName}人大主席团 ${report.period.label}工作情况统计${scopeWords}`,
    subtitle: `统计范围：${report.scopeLabel}　统计时段：${ymdWords(report.period.start)}至${ymdWords(report.period.end)}　${asOfWords}`,
    asOfWords,
    sections,
    charts: sheetCharts(report),
    preamble: `以下数字统计${asOfWords}，由系统根据接待登记、意见建议办理、代表履职登记和公示记录自动统计，各项口径见文末注释。`,
    footnotes,
  };
}

/** Who the deputy is, as the archive shows it (no contact data). */
export interface ArchiveDeputy {
  name: string;
  levelLabel: string;
  title: string;
  stationName: string;
  villageNames: string[];
  group: string;
}

/** A duty record as the archive lists it. */
export interface ArchiveRecordInput {
  id: string;
  date: Ymd;
  type: DutyType;
  description: string;
  peopleReached: number;
  source: 'system' | 'manual';
}

export interface ArchiveRecordRow {
  id: string;
  date: Ymd;
  typeLabel: string;
  description: string;
  peopleReached: number;
  sourceLabel: string;
}

export interface ArchiveSheet {
  /** '王建国代表 2025年履职档案'. */
  title: string;
  subtitle: string;
  deputy: ArchiveDeputy;
  sections: SheetSection[];
  records: ArchiveRecordRow[];
  preamble: string;
  footnotes: SheetFootnote[];
}

/** What the archive lists: approved records the deputy typed, and what the system recorded. */
export const ARCHIVE_SOURCE_LABELS = { system: '系统记录', manual: '本人登记' } as const;

/** A deputy's 履职档案: their figures (deputy scope) and their records, by date then id. */
export function archiveSheet(
  report: FiguresReport,
  deputy: ArchiveDeputy,
  records: readonly ArchiveRecordInput[],
): ArchiveSheet {
  const sheet = reportSheet(report);
  return {
    title: `${deputy.name}代表 ${report.period.label}履职档案`,
    subtitle: `${report.townshipName}人大主席团　统计时段：${ymdWords(report.period.start)}至${ymdWords(report.period.end)}　${sheet.asOfWords}`,
    deputy,
    sections: sheet.sections,
    records: [...records]
      .sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1))
      .map((r) => ({
        id: r.id,
        date: r.date,
        typeLabel: DUTY_TYPE_LABELS[r.type] ?? r.type,
        description: r.description,
        peopleReached: r.peopleReached,
        sourceLabel: ARCHIVE_SOURCE_LABELS[r.source],
      })),
    preamble: `以下数字统计${sheet.asOfWords}，由系统根据${deputy.name}代表的接待、意见建议办理和履职登记记录自动统计（本人登记的记录经主席团审核通过后计入），各项口径见文末注释。`,
    footnotes: sheet.footnotes,
  };
}
