/** "我的意见": the opinions the villager filed or follows, newest first; a tap opens the case. */
import { api, type MyOpinion } from '../../services/api';
import { goTo } from '../../services/platform';

Page({
  data: {
    loading: true,
    items: [] as MyOpinion[],
    errorMessage: '',
  },

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) void this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const res = await api.opinion.mine();
    if (!res.ok) {
      this.setData({ loading: false, errorMessage: res.error.message });
      return;
    }
    this.setData({ loading: false, items: res.data });
  },

  open(e: { currentTarget: { dataset: { id?: string } } }) {
    goTo(`/pages/opinions/case?id=${e.currentTarget.dataset.id ?? ''}`);
  },
});
