/**
 * One suggestion as its filer or a co-signer sees it: what was asked, who co-signed, the offices and the
 * deadline, its history, each formal answer (result class, the document) and, for the filer once it is
 * answered, the rating buttons (满意 / 基本满意 / 不满意 — 不满意 sends it back once for re-handling).
 */
import { api, type SuggestionDetail } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

type Rating = 'satisfied' | 'basicallySatisfied' | 'dissatisfied';

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    s: null as SuggestionDetail | null,
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '' });
    return this.load();
  },

  async load() {
    const res = await api.suggestion.get(this.data.id);
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', s: res.data });
  },

  async rate(e: WechatMiniprogram.BaseEvent) {
    if (this.data.busy) return;
    const rating = String(e.currentTarget.dataset.rating) as Rating;
    this.setData({ busy: true });
    const res = await api.suggestion.rate(this.data.id, rating);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast(
      rating === 'dissatisfied' && res.data.status === 'assigned' ? '已退回承办单位重新办理' : '感谢您的评价',
      'success',
    );
    this.setData({ s: res.data });
  },

  async cosign(e: WechatMiniprogram.BaseEvent) {
    const res = await api.suggestion.answerInvite(this.data.id, e.currentTarget.dataset.confirm === 'yes');
    if (!res.ok) return toast(res.error.message);
    this.setData({ s: res.data });
  },
});
