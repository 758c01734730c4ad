/**
 * The deputy checks their row of a draft duty-disclosure notice: confirm it, or say what is wrong
 * (提出异议) for the presidium. Published notices they are in are listed too.
 */
import { api, type NoticeView } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

type Mine = NoticeView & { myResponse: string | null; canRespond: boolean; myChange: string | null };

Page({
  data: {
    loading: true,
    errorMessage: '',
    notices: [] as (Mine & { figures: { label: string; value: number }[] })[],
    commentFor: '',
    comment: '',
    busy: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const res = await api.duty.myNotices();
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({
      loading: false,
      errorMessage: '',
      notices: res.data.map((n) => ({
        ...n,
        figures: n.columns.map((c, i) => ({ label: c.label, value: n.rows[0]?.cells[i] ?? 0 })),
      })),
    });
  },

  async confirm(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.duty.confirmNotice(id);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已确认', 'success');
    return this.load();
  },

  openComment(e: WechatMiniprogram.TouchEvent) {
    this.setData({ commentFor: (e.currentTarget.dataset as { id: string }).id, comment: '' });
  },
  typeComment(e: WechatMiniprogram.Input) {
    this.setData({ comment: e.detail.value });
  },

  async sendComment() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.duty.commentNotice(this.data.commentFor, this.data.comment);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已提交，主席团会核实', 'success');
    this.setData({ commentFor: '' });
    return this.load();
  },
});
