/**
 * The presidium's desk for duty disclosure: review deputies' activity entries (approve / return with a
 * comment), draft a period's notices from the records, see each deputy's answer, approve, publish,
 * and correct a published notice (a new version with the reason).
 */
import {
  api,
  type ConfirmationChannel,
  type DutyRecordItem,
  type NoticeListItem,
  type PeriodItem,
} from '../../../../services/api';
import { chooseTownship, errorState, loadInto } from '../../../../services/page-state';
import { confirmDialog, toast } from '../../../../services/platform';

/** How a deputy confirmed outside WeChat (duty.recordConfirmation `channel`). */
export const CONFIRMATION_CHOICES: { value: ConfirmationChannel; label: string }[] = [
  { value: 'paper', label: '纸质确认' },
  { value: 'phone', label: '电话确认' },
];
/** The reason's cap on the server (duty.recordConfirmation). */
const CONFIRM_REASON_MAX = 200;

Page({
  data: {
    loading: true,
    periods: [] as PeriodItem[],
    periodIndex: 0,
    notices: [] as NoticeListItem[],
    queue: [] as DutyRecordItem[],
    queueTotal: 0,
    returnFor: '',
    reasonFor: '',
    text: '',
    busy: false,
    errorMessage: '',
    errorRetry: false,
    /** The open 记录纸质/电话确认 form: `${noticeId}|${deputyId}`, its channel and reason. */
    confirmFor: '',
    channels: CONFIRMATION_CHOICES,
    channel: '' as ConfirmationChannel | '',
    reason: '',
    reasonMax: CONFIRM_REASON_MAX,
    formError: '',
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  /** Periods, the review queue and the notices; a failed load says why (with 重新加载 when it can help). */
  async load() {
    const periods = await loadInto(this, () => api.duty.listPeriods());
    if (!periods) return;
    const queue = await api.duty.reviewQueue();
    if (!queue.ok) return this.setData(errorState(queue.error));
    this.setData({
      periods: periods.filter((p) => p.ended),
      queue: queue.data.records,
      queueTotal: queue.data.total,
    });
    return this.loadNotices();
  },

  async loadNotices() {
    const period = this.data.periods[this.data.periodIndex];
    const res = await api.duty.listNotices(period?.id);
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', notices: res.data });
  },

  /** 记录纸质/电话确认: opens the form under that deputy's row. */
  openConfirm(e: WechatMiniprogram.TouchEvent) {
    const { id, deputy } = e.currentTarget.dataset as { id: string; deputy: string };
    this.setData({ confirmFor: `${id}|${deputy}`, channel: '', reason: '', formError: '' });
  },
  pickChannel(e: WechatMiniprogram.TouchEvent) {
    this.setData({
      channel: (e.currentTarget.dataset as { value: ConfirmationChannel }).value,
      formError: '',
    });
  },
  typeReason(e: WechatMiniprogram.Input) {
    this.setData({ reason: e.detail.value.slice(0, CONFIRM_REASON_MAX) });
  },
  cancelConfirm() {
    this.setData({ confirmFor: '', formError: '' });
  },

  async sendConfirm() {
    if (this.data.busy) return;
    const [id, deputyId] = this.data.confirmFor.split('|');
    if (!this.data.channel) return this.setData({ formError: '请选择纸质确认或电话确认' });
    if (!this.data.reason.trim())
      return this.setData({ formError: '请写明原因，例如代表未绑定微信，已电话确认' });
    this.setData({ busy: true, formError: '' });
    const res = await api.duty.recordConfirmation({
      id,
      deputyId,
      channel: this.data.channel,
      reason: this.data.reason.trim(),
    });
    this.setData({ busy: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    toast('已记录代表确认', 'success');
    this.setData({ confirmFor: '', reason: '', channel: '' });
    return this.loadNotices();
  },

  pickPeriod(e: WechatMiniprogram.PickerChange) {
    this.setData({ periodIndex: Number(e.detail.value) });
    return this.loadNotices();
  },

  async draftAll() {
    const period = this.data.periods[this.data.periodIndex];
    if (!period || this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.duty.draftAllNotices(period.id);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast(`已生成${res.data.drafted + res.data.redrafted}份草稿`, 'success');
    return this.loadNotices();
  },

  async approveRecord(e: WechatMiniprogram.TouchEvent) {
    const res = await api.duty.approveRecord((e.currentTarget.dataset as { id: string }).id);
    if (!res.ok) return toast(res.error.message);
    return this.load();
  },

  openReturn(e: WechatMiniprogram.TouchEvent) {
    this.setData({ returnFor: (e.currentTarget.dataset as { id: string }).id, reasonFor: '', text: '' });
  },
  openCorrect(e: WechatMiniprogram.TouchEvent) {
    this.setData({ reasonFor: (e.currentTarget.dataset as { id: string }).id, returnFor: '', text: '' });
  },
  typeText(e: WechatMiniprogram.Input) {
    this.setData({ text: e.detail.value });
  },

  async sendReturn() {
    const res = await api.duty.returnRecord(this.data.returnFor, this.data.text);
    if (!res.ok) return toast(res.error.message);
    this.setData({ returnFor: '' });
    return this.load();
  },

  async approveNotice(e: WechatMiniprogram.TouchEvent) {
    const res = await api.duty.approveNotice((e.currentTarget.dataset as { id: string }).id);
    if (!res.ok) return toast(res.error.message);
    toast('已审核通过', 'success');
    return this.loadNotices();
  },

  async publishNotice(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    if (
      !(await confirmDialog('发布公示', '发布后公示内容不能修改，如有错误只能发布更正。确定发布吗？', '发布'))
    )
      return;
    const res = await api.duty.publishNotice(id);
    if (!res.ok) return toast(res.error.message);
    toast(`已发布，通知${res.data.notified}位关注群众`, 'none');
    return this.loadNotices();
  },

  async sendCorrection() {
    const res = await api.duty.correctNotice(this.data.reasonFor, this.data.text);
    if (!res.ok) return toast(res.error.message);
    toast('已发布更正', 'success');
    this.setData({ reasonFor: '' });
    return this.loadNotices();
  },
});
