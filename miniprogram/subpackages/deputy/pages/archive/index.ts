/**
 * 我的履职档案: a deputy's own figures for a year (figures.report, scope: their own deputy id from
 * whoami), rates fair (样本不足 said kindly, never a number), and the records behind each figure.
 */
import type { DrillRow, FiguresReport } from '../../../../../core/figures/figures.types';
import { api } from '../../../../services/api';
import { FIGURE_SECTIONS, FIGURE_SECTION_LABELS, figureDef } from '../../../../services/core.generated';
import { chinaYear, chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

export interface ArchiveRow {
  code: string;
  label: string;
  display: string;
  /** A rate below the fair minimum sample, in kind words. */
  note: string;
}

export interface ArchiveSection {
  key: string;
  label: string;
  rows: ArchiveRow[];
}

/** The deputy's figures by section; a rate without enough cases says so in plain words. */
export function archiveSections(report: FiguresReport): ArchiveSection[] {
  return FIGURE_SECTIONS.map((key) => ({
    key,
    label: FIGURE_SECTION_LABELS[key],
    rows: report.figures
      .map((f) => ({ f, def: figureDef(f.code) }))
      .filter(({ def }) => def?.section === key)
      .map(({ f, def }) => {
        const insufficient = Boolean(def?.rate) && f.value === null;
        return {
          code: f.code,
          label: def?.label ?? f.code,
          display: insufficient ? '件数还不够多' : f.display,
          note: insufficient ? `只有${f.denominator ?? 0}件可以计算，满5件后再算比例，不作比较` : '',
        };
      }),
  })).filter((s) => s.rows.length > 0);
}

interface ArchiveData {
  loading: boolean;
  errorMessage: string;
  year: number;
  name: string;
  heading: string;
  sections: ArchiveSection[];
  /** The figure whose records are listed, its records and the next page's cursor. */
  openCode: string;
  openLabel: string;
  records: DrillRow[];
  total: number;
  next: string | null;
  recordsLoading: boolean;
  /** 打印履职档案: the A4 sheet's temporary link once made. */
  printing: boolean;
  sheetUrl: string;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    year: chinaYear(),
    name: '',
    heading: '',
    sections: [],
    openCode: '',
    openLabel: '',
    records: [],
    total: 0,
    next: null,
    recordsLoading: false,
    printing: false,
    sheetUrl: '',
  } as ArchiveData,

  chooseTownship,
  deputyId: '',

  async onLoad() {
    this.setData({ loading: true, errorMessage: '' });
    const me = await api.account.whoami();
    if (!me.ok) {
      this.setData(errorState(me.error));
      return;
    }
    if (!me.data.deputyId) {
      this.setData({ loading: false, errorMessage: '履职档案只有代表本人可以查看。' });
      return;
    }
    this.deputyId = me.data.deputyId;
    this.setData({ name: me.data.name ?? '' });
    await this.load();
  },

  query() {
    return {
      period: { kind: 'year' as const, year: this.data.year },
      scope: { kind: 'deputy' as const, deputyId: this.deputyId },
    };
  },

  async load() {
    if (!this.deputyId) return;
    this.setData({ loading: true, errorMessage: '', openCode: '', records: [], next: null, sheetUrl: '' });
    const res = await api.figures.report(this.query());
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    const report = res.data;
    const asOf = report.asOf < report.period.end ? `，截至${report.asOf}` : '';
    this.setData({
      loading: false,
      heading: `${report.scopeLabel} · ${report.period.label}${asOf}`,
      sections: archiveSections(report),
    });
  },

  changeYear(e: WechatMiniprogram.TouchEvent) {
    const year = this.data.year + Number(e.currentTarget.dataset.step);
    if (year > chinaYear()) return undefined;
    this.setData({ year });
    return this.load();
  },

  /** A figure tapped: its records below it (tapped again: closed). */
  openFigure(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    if (code === this.data.openCode) {
      this.setData({ openCode: '', records: [], next: null });
      return undefined;
    }
    this.setData({ openCode: code, openLabel: figureDef(code)?.label ?? '', records: [], next: null });
    return this.loadRecords(true);
  },

  async loadRecords(first: boolean) {
    const cursor = first ? undefined : this.data.next;
    if (!this.data.openCode || (!first && !cursor)) return;
    this.setData({ recordsLoading: true });
    const res = await api.figures.drill(this.query(), {
      code: this.data.openCode,
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    this.setData({ recordsLoading: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({
      records: first ? res.data.rows : [...this.data.records, ...res.data.rows],
      total: res.data.total,
      next: res.data.next,
    });
  },

  more() {
    return this.loadRecords(false);
  },

  /** 打印履职档案: the year's A4 archive, a link to open and print on a computer (copied). */
  async printArchive() {
    if (!this.deputyId || this.data.printing) return;
    this.setData({ printing: true, sheetUrl: '' });
    const res = await api.figures.printableArchive(this.data.year, this.deputyId);
    this.setData({ printing: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    if (!res.data.url) {
      toast('档案已生成，但暂时没能保存成链接，请稍后再试');
      return;
    }
    this.setData({ sheetUrl: res.data.url });
    wx.setClipboardData({ data: res.data.url });
  },
});
