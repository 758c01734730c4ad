/**
 * 督办清单: cases that need the presidium (待分办, 已超期, 督办中; or one bucket from the dashboard), each
 * with why it is here, who has it and its deadline. 催办 sends the handling deputies a reminder, at most
 * once a day per case; a case in the presidium queue is given to a deputy (分办) with a reason.
 */
import type { SupervisionItem } from '../../../../../core/admin/admin.views';
import type { SupervisionFilterKey } from '../../../../../core/admin/supervision.filters';
import type { BucketCounts } from '../../../../../core/admin/supervision.rules';
import { api } from '../../../../services/api';
import { BUCKET_LABELS, SUPERVISION_FILTERS } from '../../../../services/core.generated';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, setTitle, stopPullDownRefresh, toast } from '../../../../services/platform';
import { deadlineText, supervisionQuery } from '../../../../services/supervision';

type FilterKey = SupervisionFilterKey;

/** The tabs, labelled as the server's buckets (core/admin/supervision.filters.ts). */
const FILTERS = SUPERVISION_FILTERS;

type Row = SupervisionItem & { chaseText: string; deadlineText: string };

interface DeputyOption {
  id: string;
  name: string;
  stationCode: string;
  picked: boolean;
}

interface SupervisionData {
  loading: boolean;
  errorMessage: string;
  bucket: FilterKey;
  filters: typeof FILTERS;
  /** The buckets' names (core's BUCKET_LABELS), for the summary line. */
  labels: typeof BUCKET_LABELS;
  items: Row[];
  counts: BucketCounts | null;
  hiddenCount: number;
  busyId: string;
  assigningId: string;
  deputyOptions: DeputyOption[];
  assignReason: string;
  answers: Record<string, string>;
  mergeSourceId: string;
  mergeStationCode: string;
}

export function rowOf(item: SupervisionItem): Row {
  return {
    ...item,
    chaseText: item.chasedToday ? '今天已催办' : '催办',
    deadlineText: deadlineText(item.deadline),
  };
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    bucket: '',
    filters: FILTERS,
    labels: BUCKET_LABELS,
    items: [],
    counts: null,
    hiddenCount: 0,
    busyId: '',
    assigningId: '',
    deputyOptions: [],
    assignReason: '',
    answers: {},
    mergeSourceId: '',
    mergeStationCode: '',
  } as SupervisionData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    const bucket = FILTERS.some((f) => f.key === query.bucket) ? (query.bucket as FilterKey) : '';
    this.setData({ bucket });
    setTitle('督办清单');
    return this.load();
  },

  onPullDownRefresh() {
    return this.load().then(stopPullDownRefresh);
  },

  async load() {
    const data = await loadInto(this, () => api.admin.supervisionList(supervisionQuery(this.data.bucket)));
    if (!data) return;
    this.setData({
      loading: false,
      items: data.items.map(rowOf),
      counts: data.counts,
      hiddenCount: data.itemCount - data.items.length,
    });
  },

  pickFilter(e: WechatMiniprogram.TouchEvent) {
    this.setData({ bucket: e.currentTarget.dataset.key as FilterKey });
    return this.load();
  },

  async chase(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    if (this.data.busyId) return;
    this.setData({ busyId: id });
    const res = await api.admin.chase(id);
    this.setData({ busyId: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast(
      res.data.notified > 0
        ? `已催办，已通知${res.data.notified}位代表`
        : '已催办（代表未绑定微信，请电话联系）',
      'none',
    );
    await this.load();
  },

  async startAssign(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const res = await api.admin.listConfig();
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    const item = this.data.items.find((i) => i.id === id);
    const stationCode = item?.stationCode;
    const options = res.data.deputies
      .filter((d) => d.active && (!stationCode || d.stationCode === stationCode))
      .map((d) => ({ id: d._id, name: d.name, stationCode: d.stationCode, picked: false }));
    this.setData({ assigningId: id, deputyOptions: options, assignReason: '' });
  },

  toggleDeputy(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    this.setData({
      deputyOptions: this.data.deputyOptions.map((d) => (d.id === id ? { ...d, picked: !d.picked } : d)),
    });
  },

  onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ assignReason: e.detail.value });
  },

  cancelAssign() {
    this.setData({ assigningId: '', deputyOptions: [], assignReason: '' });
  },

  async confirmAssign() {
    const picked = this.data.deputyOptions.filter((d) => d.picked).map((d) => d.id);
    if (picked.length === 0) {
      toast('请至少选择一位代表');
      return;
    }
    if (!this.data.assignReason.trim()) {
      toast('请写明分办原因');
      return;
    }
    const res = await api.admin.reassign(this.data.assigningId, picked, this.data.assignReason.trim());
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast(`已交${res.data.owner}办理`, 'success');
    this.cancelAssign();
    await this.load();
  },

  onAnswer(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const id = String((e.currentTarget as { dataset: { id?: string } }).dataset.id);
    this.setData({ answers: { ...this.data.answers, [id]: e.detail.value } });
  },

  /** 录入部门答复: the department's answer goes back to the deputies, who resolve it with the villager. */
  async recordAnswer(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const answer = (this.data.answers[id] ?? '').trim();
    if (!answer) {
      toast('请填写部门的答复内容');
      return;
    }
    if (this.data.busyId) return;
    this.setData({ busyId: id });
    const res = await api.admin.recordDepartmentAnswer(id, answer);
    this.setData({ busyId: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已录入，交代表答复群众', 'success');
    await this.load();
  },

  /** 重复件: marks this case as the duplicate; then 并入这件 on the main case at the same station. */
  startMerge(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const item = this.data.items.find((i) => i.id === id);
    this.setData({ mergeSourceId: id, mergeStationCode: item?.stationCode ?? '' });
  },

  cancelMerge() {
    this.setData({ mergeSourceId: '', mergeStationCode: '' });
  },

  async mergeInto(e: WechatMiniprogram.TouchEvent) {
    const targetId = String(e.currentTarget.dataset.id);
    const res = await api.admin.mergeOpinions(this.data.mergeSourceId, targetId);
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast(res.data.informed > 0 ? `已合并，已通知${res.data.informed}位群众` : '已合并', 'none');
    this.cancelMerge();
    await this.load();
  },

  openCase(e: WechatMiniprogram.TouchEvent) {
    goTo(`/subpackages/presidium/pages/case/index?id=${e.currentTarget.dataset.id}`);
  },
});
