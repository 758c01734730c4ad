/**
 * 代表建议 inbox (an office's staff, the department role): the suggestions their office leads (主办) or
 * co-handles (协办), those waiting for it first (to answer, or to sign off), overdue marked.
 */
import { api, type SuggestionOfficeItem } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { goTo } from '../../../../services/platform';

Page({
  data: {
    loading: true,
    errorMessage: '',
    departmentName: '',
    items: [] as SuggestionOfficeItem[],
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const res = await api.suggestion.inbox();
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', ...res.data });
  },

  open(e: WechatMiniprogram.BaseEvent) {
    goTo(
      `/subpackages/department/pages/suggestion/index?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}`,
    );
  },
});
