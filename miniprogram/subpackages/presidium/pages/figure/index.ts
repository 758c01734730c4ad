/**
 * One figure (统计项): its value, what it counts (the table's definition), the sentence for the annual
 * report, its parts per breakdown (tap one: the records of that part), then the records that make it,
 * a page at a time (figures.drill).
 */
import type { DrillRow, FigurePeriodInput, FigureScope } from '../../../../../core/figures/figures.types';
import { api } from '../../../../services/api';
import { figureDef } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { setTitle, toast } from '../../../../services/platform';
import type { ChartSpec } from '../../components/chart/options';
import { monthKeys } from '../../components/chart/series';
import { readFigureQuery } from '../figures/query';
import { partGroups, type PartGroup } from './parts';

const UNIT_WORDS: Record<string, string> = {
  items: '件',
  times: '次',
  personTimes: '人次',
  people: '人',
  issues: '期',
  rate: '%',
  workingDays: '个工作日',
};

interface FigurePageData {
  loading: boolean;
  errorMessage: string;
  code: string;
  label: string;
  display: string;
  definition: string;
  sentence: string;
  heading: string;
  groups: PartGroup[];
  chart: ChartSpec | null;
  /** The part whose records are listed ('' the whole figure), in words: '按村（社区）：红旗村'. */
  partLabel: string;
  records: DrillRow[];
  total: number;
  next: string | null;
  recordsLoading: boolean;
}

const PAGE = 20;

Page({
  data: {
    loading: true,
    errorMessage: '',
    code: '',
    label: '',
    display: '',
    definition: '',
    sentence: '',
    heading: '',
    groups: [],
    chart: null,
    partLabel: '',
    records: [],
    total: 0,
    next: null,
    recordsLoading: false,
  } as FigurePageData,

  chooseTownship,
  period: null as FigurePeriodInput | null,
  scope: null as FigureScope | null,
  part: undefined as { breakdown: PartGroup['breakdown']; key: string } | undefined,

  onLoad(query: Record<string, string | undefined>) {
    const read = readFigureQuery(query);
    const def = figureDef(query.code ?? '');
    if (!read || !def) {
      this.setData({ loading: false, errorMessage: '没有找到这项统计，请回到统计页重新选择。' });
      return undefined;
    }
    this.period = read.period;
    this.scope = read.scope;
    this.setData({ code: def.code, label: def.label, definition: def.definition });
    setTitle(def.label);
    return this.load();
  },

  async load() {
    const def = figureDef(this.data.code);
    if (!def || !this.period || !this.scope) return;
    this.setData({ loading: true, errorMessage: '' });
    const res = await api.figures.report({ period: this.period, scope: this.scope });
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    const report = res.data;
    const figure = report.figures.find((f) => f.code === def.code);
    if (!figure) {
      this.setData({ loading: false, errorMessage: '这项统计在所选范围内不适用。' });
      return;
    }
    const unit = UNIT_WORDS[def.unit] ?? '';
    const months = figure.parts.month;
    const keys = monthKeys(
      report.period.start,
      report.asOf < report.period.end ? report.asOf : report.period.end,
    );
    const values = new Map((months ?? []).map((p) => [p.key, p.value]));
    this.setData({
      loading: false,
      display: figure.display,
      sentence: figure.sentence,
      heading: `${report.scopeLabel} · ${report.period.label}`,
      groups: partGroups(def, report, unit),
      chart:
        months && !def.rate && keys.length > 1
          ? {
              key: 'month',
              title: `每月${def.label}（${unit}）`,
              kind: 'column',
              categories: keys.map((k) => `${Number(k.slice(5))}月`),
              series: [{ name: def.label, data: keys.map((k) => values.get(k) ?? 0) }],
              unit,
              note: '',
            }
          : null,
    });
    await this.loadRecords(true);
  },

  /** The records of the figure (or of the part chosen), the first page or the next. */
  async loadRecords(first: boolean) {
    if (!this.period || !this.scope) return;
    const cursor = first ? undefined : this.data.next;
    if (!first && !cursor) return;
    this.setData({ recordsLoading: true });
    const res = await api.figures.drill(
      { period: this.period, scope: this.scope },
      {
        code: this.data.code,
        limit: PAGE,
        ...(this.part ? { part: this.part } : {}),
        ...(cursor ? { cursor } : {}),
      },
    );
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

  /** A part tapped: its records (tap again, or 查看全部, for the whole figure's). */
  pickPart(e: WechatMiniprogram.TouchEvent) {
    const { breakdown, key, label } = e.currentTarget.dataset as {
      breakdown: PartGroup['breakdown'];
      key: string;
      label: string;
    };
    const same = this.part?.breakdown === breakdown && this.part.key === key;
    this.part = same ? undefined : { breakdown, key };
    const group = this.data.groups.find((g) => g.breakdown === breakdown);
    this.setData({ partLabel: same ? '' : `${group?.label ?? ''}：${label}` });
    return this.loadRecords(true);
  },

  allRecords() {
    this.part = undefined;
    this.setData({ partLabel: '' });
    return this.loadRecords(true);
  },
});
