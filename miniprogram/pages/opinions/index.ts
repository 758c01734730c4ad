/** 我的意见建议: the opinions the villager filed or follows, newest first; a tap opens the case. */
import { api, type MyOpinion } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { goTo } from '../../services/platform';

Page({
  data: {
    loading: true,
    items: [] as MyOpinion[],
    errorMessage: '',
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) void this.load();
  },

  async load() {
    const items = await loadInto(this, () => api.opinion.mine());
    if (items) this.setData({ loading: false, items });
  },

  open(e: { currentTarget: { dataset: { id?: string } } }) {
    goTo(`/pages/opinions/case?id=${e.currentTarget.dataset.id ?? ''}`);
  },
});
