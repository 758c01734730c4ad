/**
 * The presidium's workbench (主席团工作台): the figures of cases in play, each a door to the list behind
 * it. Every case still in play is counted once, so the figures add up (core/admin/supervision.rules.ts).
 */
import type { CannotActItem } from '../../../../../core/admin/admin.views';
import type { BucketCounts } from '../../../../../core/admin/supervision.rules';
import { api } from '../../../../services/api';
import type { FiguresReport } from '../../../../../core/figures/figures.types';
import { BUCKET_LABELS, FIGURES } from '../../../../services/core.generated';
import type { ChartSpec } from '../../components/chart/options';
import { chartsFor } from '../../components/chart/series';
import { chinaYear, chooseTownship, loadInto } from '../../../../services/page-state';
import {
  CASE_HANDLER_TEMPLATES,
  goTo,
  requestSubscriptions,
  stopPullDownRefresh,
  toast,
} from '../../../../services/platform';

interface Tile {
  key: string;
  label: string;
  count: number;
  hint: string;
  url: string;
  urgent: boolean;
}

interface DashboardData {
  loading: boolean;
  errorMessage: string;
  today: string;
  counts: BucketCounts | null;
  tiles: Tile[];
  sumText: string;
  /** The buckets' names (core's BUCKET_LABELS). */
  labels: typeof BUCKET_LABELS;
  /** '2027年的法定节假日安排尚未录入，请县人大常委会在“节假日调整”中补录', one per year the calendar lacks. */
  calendarWarnings: string[];
  /** Open cases whose deputies cannot act (never bound WeChat, or stopped): the presidium reassigns them. */
  cannotAct: CannotActItem[];
  cannotActCount: number;
  /** Open cases whose deputies hold no reminder (no subscription grant): the presidium phones them. */
  noReminders: CannotActItem[];
  noRemindersCount: number;
  /** 年度统计: this year's key figures of the township and a chart (the 统计 page has them all). */
  yearHeading: string;
  yearFigures: { code: string; label: string; display: string; insufficient: boolean }[];
  yearChart: ChartSpec | null;
}

const SUPERVISION = '/subpackages/presidium/pages/supervision/index';
/** How many cases 代表收不到提醒 lists on the dashboard (the title says how many in all). */
const NO_REMINDERS_SHOWN = 5;

/**
 * The key figures of the year on the workbench: people received, opinions received, the on-time rate,
 * those of them the report carries.
 */
export function keyFigures(
  report: FiguresReport,
): { code: string; label: string; display: string; insufficient: boolean }[] {
  const picks = [
    (code: string, unit: string) => code.startsWith('reception.') && unit === 'personTimes',
    (code: string) => code === 'opinions.received',
    (code: string, unit: string) => /onTime/i.test(code) && unit === 'rate',
  ];
  const byCode = new Map(report.figures.map((f) => [f.code, f]));
  return picks
    .map((test) => FIGURES.find((d) => byCode.has(d.code) && test(d.code, d.unit)))
    .filter((d): d is (typeof FIGURES)[number] => Boolean(d))
    .map((d) => ({
      code: d.code,
      label: d.label,
      display: byCode.get(d.code)?.display ?? '',
      insufficient: Boolean(d.rate) && byCode.get(d.code)?.value === null,
    }));
}

export function tilesFor(c: BucketCounts): Tile[] {
  return [
    {
      key: 'moderation',
      label: BUCKET_LABELS.moderation,
      count: c.moderation,
      hint: '内容需要人工看一看',
      url: '/subpackages/presidium/pages/moderation/index',
      urgent: c.moderation > 0,
    },
    {
      key: 'queue',
      label: BUCKET_LABELS.queue,
      count: c.queue,
      hint: '没有代表可接，需主席团分办',
      url: `${SUPERVISION}?bucket=queue`,
      urgent: c.queue > 0,
    },
    {
      key: 'overdue',
      label: BUCKET_LABELS.overdue,
      count: c.overdue,
      hint: '超过办理时限，可以催办',
      url: `${SUPERVISION}?bucket=overdue`,
      urgent: c.overdue > 0,
    },
    {
      key: 'supervised',
      label: BUCKET_LABELS.supervised,
      count: c.supervised,
      hint: '群众不满意或曾经超期',
      url: `${SUPERVISION}?bucket=supervised`,
      urgent: false,
    },
    {
      key: 'onTrack',
      label: BUCKET_LABELS.onTrack,
      count: c.onTrack,
      hint: '在时限内办理中',
      url: `${SUPERVISION}?bucket=onTrack`,
      urgent: false,
    },
  ];
}

/** "在办 12 件 = 待分办 1 + 已超期 3 + 督办中 2 + 正常办理 6" — the figures visibly add up. */
export function sumText(c: BucketCounts): string {
  const L = BUCKET_LABELS;
  return `在办${c.open}件 = ${L.queue}${c.queue} + ${L.overdue}${c.overdue} + ${L.supervised}${c.supervised} + ${L.onTrack}${c.onTrack}`;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    today: '',
    counts: null,
    tiles: [],
    sumText: '',
    labels: BUCKET_LABELS,
    calendarWarnings: [],
    cannotAct: [],
    cannotActCount: 0,
    noReminders: [],
    noRemindersCount: 0,
    yearHeading: '',
    yearFigures: [],
    yearChart: null,
  } as DashboardData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    if (this.data.counts) return this.load();
    return undefined;
  },

  onPullDownRefresh() {
    return this.load().then(stopPullDownRefresh);
  },

  async load() {
    const [data] = await Promise.all([loadInto(this, () => api.admin.dashboard()), this.loadYear()]);
    if (!data) return;
    const counts = data.counts;
    this.setData({
      loading: false,
      today: data.today,
      counts,
      tiles: tilesFor(counts),
      sumText: sumText(counts),
      calendarWarnings: (data.calendarGaps ?? []).map((g) => g.message),
      cannotAct: data.cannotAct?.items ?? [],
      cannotActCount: data.cannotAct?.count ?? 0,
      // The first few: the page stays a workbench; the count says how many in all.
      noReminders: (data.noReminders?.items ?? []).slice(0, NO_REMINDERS_SHOWN),
      noRemindersCount: data.noReminders?.count ?? 0,
    });
  },

  /** 年度统计: this year's township figures; the card stays away when they cannot be had. */
  async loadYear() {
    const year = chinaYear();
    const res = await api.figures.report({ period: { kind: 'year', year }, scope: { kind: 'township' } });
    if (!res.ok) return;
    const charts = chartsFor(res.data);
    this.setData({
      yearHeading: `${res.data.period.label}（截至${res.data.asOf}）`,
      yearFigures: keyFigures(res.data),
      yearChart: charts.find((c) => c.key === 'received') ?? charts[0] ?? null,
    });
  },

  /** "接收待分办和超期提醒": asked from the tap, one message each. */
  async subscribe() {
    const accepted = await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    toast(accepted.length ? '已开启提醒' : '未开启提醒，可以随时再点这里开启');
  },

  /** A figure's tile: the presidium is about to work on cases, so the request comes first in the tap. */
  async openCases(e: WechatMiniprogram.TouchEvent) {
    const url = String(e.currentTarget.dataset.url);
    await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    goTo(url);
  },

  openCase(e: WechatMiniprogram.TouchEvent) {
    goTo(`/subpackages/presidium/pages/case/index?id=${String(e.currentTarget.dataset.id)}`);
  },

  open(e: WechatMiniprogram.TouchEvent) {
    goTo(String(e.currentTarget.dataset.url));
  },
});
