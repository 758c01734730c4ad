/**
 * 统计 (the presidium's figures): choose the period (年度 / 上半年 / 下半年 / 季度 / 自定义, this year by
 * default) and whose figures (全乡, a station, a village, a deputy, a level); every figure of the table by
 * section, each a row to tap for its parts and records; the charts; the printable sheet and the ledgers.
 */
import type { FigureScope, FiguresReport, ScopeKind } from '../../../../../core/figures/figures.types';
import { api } from '../../../../services/api';
import {
  DEPUTY_LEVELS,
  DEPUTY_LEVEL_LABELS,
  FIGURE_SECTIONS,
  FIGURE_SECTION_LABELS,
  figureDef,
} from '../../../../services/core.generated';
import { chinaDateAfter, chinaYear, chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, stopPullDownRefresh, toast } from '../../../../services/platform';
import { chartsFor } from '../../components/chart/series';
import type { ChartSpec } from '../../components/chart/options';
import {
  PERIOD_CHOICES,
  QUARTER_CHOICES,
  figureQuery,
  periodInput,
  type PeriodChoice,
  type PeriodState,
} from './query';

export interface FigureRow {
  code: string;
  label: string;
  display: string;
  /** A rate below the fair minimum sample: said in words beside the figure. */
  insufficient: boolean;
}

export interface FigureSectionView {
  key: string;
  label: string;
  rows: FigureRow[];
}

interface ScopeOption {
  key: string;
  label: string;
}

export const SCOPE_CHOICES: { key: ScopeKind; label: string }[] = [
  { key: 'township', label: '全乡' },
  { key: 'station', label: '联络站' },
  { key: 'village', label: '村（社区）' },
  { key: 'deputy', label: '代表' },
  { key: 'level', label: '代表层级' },
];

/** The report's figures by section, in the table's order, each a row. */
export function sectionsOf(report: FiguresReport): FigureSectionView[] {
  return FIGURE_SECTIONS.map((key) => ({
    key,
    label: FIGURE_SECTION_LABELS[key],
    rows: report.figures
      .map((f) => ({ f, def: figureDef(f.code) }))
      .filter(({ def }) => def?.section === key)
      .map(({ f, def }) => ({
        code: f.code,
        label: def?.label ?? f.code,
        display: f.display,
        insufficient: Boolean(def?.rate) && f.value === null,
      })),
  })).filter((s) => s.rows.length > 0);
}

function scopeOf(kind: ScopeKind, key: string): FigureScope | null {
  switch (kind) {
    case 'township':
      return { kind: 'township' };
    case 'station':
      return key ? { kind: 'station', stationCode: key } : null;
    case 'village':
      return key ? { kind: 'village', villageCode: key } : null;
    case 'deputy':
      return key ? { kind: 'deputy', deputyId: key } : null;
    case 'level':
      return key ? { kind: 'level', level: key as (typeof DEPUTY_LEVELS)[number] } : null;
    default:
      return null;
  }
}

/** The four ledgers a township keeps (figures.exportLedger). */
export const LEDGERS = [
  { key: 'reception', label: '接待登记台账' },
  { key: 'cases', label: '意见建议办理台账' },
  { key: 'duties', label: '代表履职登记台账' },
  { key: 'law', label: '法律知识推送台账' },
] as const;
type LedgerKey = (typeof LEDGERS)[number]['key'];

interface Exported {
  url: string;
  fileName: string;
  rows: number;
}

interface FiguresPageData extends PeriodState {
  loading: boolean;
  errorMessage: string;
  periodChoices: typeof PERIOD_CHOICES;
  quarterChoices: typeof QUARTER_CHOICES;
  scopeChoices: typeof SCOPE_CHOICES;
  scopeKind: ScopeKind;
  /** The stations, villages, deputies or levels to choose from for the scope kind chosen. */
  scopeOptions: ScopeOption[];
  scopeOptionLabels: string[];
  scopeIndex: number;
  scopeKey: string;
  /** The report's own words for whose figures and when: '金鼓乡 · 2025年（截至2025-06-30）'. */
  heading: string;
  /** The days the report counted (its period's first day to the day counted to): what a ledger exports. */
  ledgerDays: { start: string; end: string } | null;
  sections: FigureSectionView[];
  charts: ChartSpec[];
  /** The choices for the options of each scope kind, from the township's configuration. */
  options: Record<string, ScopeOption[]>;
  ledgers: typeof LEDGERS;
  /** An export under way. */
  busy: boolean;
  /** The workbook last exported: open it, or copy its link to forward. */
  exported: Exported | null;
  /** The printable sheet's temporary link, once made ('' before). */
  sheetUrl: string;
  /** The sheet was made but could not be stored for a link. */
  sheetNoLink: boolean;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    year: chinaYear(),
    choice: 'year',
    quarter: 1,
    start: '',
    end: '',
    periodChoices: PERIOD_CHOICES,
    quarterChoices: QUARTER_CHOICES,
    scopeChoices: SCOPE_CHOICES,
    scopeKind: 'township',
    scopeOptions: [],
    scopeOptionLabels: [],
    scopeIndex: 0,
    scopeKey: '',
    heading: '',
    ledgerDays: null,
    sections: [],
    charts: [],
    options: {},
    ledgers: LEDGERS,
    busy: false,
    exported: null,
    sheetUrl: '',
    sheetNoLink: false,
  } as FiguresPageData,

  chooseTownship,

  async onLoad() {
    const today = chinaDateAfter(0);
    this.setData({ start: `${today.slice(0, 4)}-01-01`, end: today });
    const config = await api.admin.listConfig();
    if (config.ok) {
      const c = config.data;
      this.setData({
        options: {
          station: c.stations.map((s) => ({ key: s.code, label: s.name })),
          village: c.villages.map((v) => ({ key: v.code, label: v.name })),
          deputy: c.deputies.filter((d) => d.active).map((d) => ({ key: d._id, label: d.name })),
          level: DEPUTY_LEVELS.map((l) => ({ key: l, label: DEPUTY_LEVEL_LABELS[l] })),
        },
      });
    }
    return this.load();
  },

  onPullDownRefresh() {
    return this.load().then(stopPullDownRefresh);
  },

  /** The period and scope chosen, as the figures function takes them; null while a scope is not picked. */
  query() {
    const scope = scopeOf(this.data.scopeKind, this.data.scopeKey);
    return scope ? { period: periodInput(this.data), scope } : null;
  },

  async load() {
    const query = this.query();
    if (!query) return;
    this.setData({ loading: true, errorMessage: '', sheetUrl: '', sheetNoLink: false, exported: null });
    const res = await api.figures.report(query);
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    const report = res.data;
    const asOf = report.asOf < report.period.end ? `（截至${report.asOf}）` : '';
    this.setData({
      loading: false,
      heading: `${report.scopeLabel} · ${report.period.label}${asOf}`,
      ledgerDays: { start: report.period.start, end: report.asOf },
      sections: sectionsOf(report),
      charts: chartsFor(report),
    });
  },

  /** 上一年 / 下一年, never past this year (a year not begun has no figures). */
  changeYear(e: WechatMiniprogram.TouchEvent) {
    const year = this.data.year + Number(e.currentTarget.dataset.step);
    if (year > chinaYear()) return undefined;
    this.setData({ year });
    return this.load();
  },

  pickPeriod(e: WechatMiniprogram.TouchEvent) {
    this.setData({ choice: String(e.currentTarget.dataset.key) as PeriodChoice });
    return this.load();
  },

  pickQuarter(e: WechatMiniprogram.TouchEvent) {
    this.setData({ quarter: Number(e.currentTarget.dataset.key) as 1 | 2 | 3 | 4 });
    return this.load();
  },

  pickStart(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ start: e.detail.value });
    return this.load();
  },

  pickEnd(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ end: e.detail.value });
    return this.load();
  },

  /** 全乡, or a kind of scope: its first station, village, deputy or level is chosen until another is. */
  pickScopeKind(e: WechatMiniprogram.TouchEvent) {
    const kind = String(e.currentTarget.dataset.key) as ScopeKind;
    const options = kind === 'township' ? [] : (this.data.options[kind] ?? []);
    this.setData({
      scopeKind: kind,
      scopeOptions: options,
      scopeOptionLabels: options.map((o) => o.label),
      scopeIndex: 0,
      scopeKey: options[0]?.key ?? '',
    });
    return this.load();
  },

  pickScope(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
    const index = Number(e.detail.value);
    const option = this.data.scopeOptions[index];
    if (!option) return undefined;
    this.setData({ scopeIndex: index, scopeKey: option.key });
    return this.load();
  },

  /** 导出台账: the ledger of the days the report counted, in cloud storage, with a link. */
  async exportLedger(e: WechatMiniprogram.TouchEvent) {
    if (this.data.busy) return;
    const ledger = String(e.currentTarget.dataset.key) as LedgerKey;
    const days = this.data.ledgerDays;
    if (!days) return;
    this.setData({ busy: true, exported: null });
    const res = await api.figures.exportLedger({ ledger, start: days.start, end: days.end });
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    const { url, fileName, rows } = res.data;
    this.setData({ exported: { url, fileName, rows } });
  },

  /** 打印统计表: the A4 sheet of the period and scope chosen, a link to open and print on a computer. */
  async printSheet() {
    const query = this.query();
    if (!query || this.data.busy) return;
    this.setData({ busy: true, sheetUrl: '', sheetNoLink: false });
    const res = await api.figures.printableReport(query);
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    if (res.data.url) this.setData({ sheetUrl: res.data.url });
    else this.setData({ sheetNoLink: true });
  },

  copySheet() {
    if (this.data.sheetUrl) wx.setClipboardData({ data: this.data.sheetUrl });
  },

  /** Opens the workbook in WeChat's document viewer (from there it can be forwarded). */
  openExported() {
    const exported = this.data.exported;
    if (!exported) return;
    wx.downloadFile({
      url: exported.url,
      success: (res) =>
        wx.openDocument({
          filePath: res.tempFilePath,
          fileType: 'xlsx',
          showMenu: true,
          fail: () => toast('打不开这个文件，请复制链接在电脑上打开'),
        }),
      fail: () => toast('下载没有成功，请复制链接在电脑上打开'),
    });
  },

  copyExported() {
    const exported = this.data.exported;
    if (!exported) return;
    wx.setClipboardData({ data: exported.url });
  },

  openFigure(e: WechatMiniprogram.TouchEvent) {
    const query = this.query();
    if (!query) return;
    const code = String(e.currentTarget.dataset.code);
    goTo(`/subpackages/presidium/pages/figure/index?code=${code}&${figureQuery(query.period, query.scope)}`);
  },
});
