/**
 * The presidium's desk for duty disclosure: review deputies' activity entries (approve / return with a
 * comment), draft a period's notices from the records, see each deputy's answer, approve, publish,
 * and correct a published notice (a new version with the reason).
 */
import { api, type DutyRecordItem, type NoticeListItem, type PeriodItem } from '../../../../services/api';
import { confirmDialog, toast } from '../../../../services/platform';

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
  },

  onLoad() {
    return this.load();
  },

  async load() {
    const [periods, queue] = await Promise.all([api.duty.listPeriods(), api.duty.reviewQueue()]);
    const list = periods.ok ? periods.data.filter((p) => p.ended) : [];
    this.setData({
      loading: false,
      periods: list,
      queue: queue.ok ? queue.data.records : [],
      queueTotal: queue.ok ? queue.data.total : 0,
    });
    return this.loadNotices();
  },

  async loadNotices() {
    const period = this.data.periods[this.data.periodIndex];
    const res = await api.duty.listNotices(period?.id);
    this.setData({ notices: res.ok ? res.data : [] });
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
