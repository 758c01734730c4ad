/** The presidium's articles: drafts, published and unpublished, newest change first. */
import type { ArticleAdminCard } from '../../../../../core/article/article.view';
import { api } from '../../../../services/api';
import { loadInto } from '../../../../services/page-state';
import { goTo, stopPullDownRefresh } from '../../../../services/platform';

interface ManageData {
  loading: boolean;
  errorMessage: string;
  items: ArticleAdminCard[];
  page: number;
  hasMore: boolean;
}

Page({
  data: { loading: true, errorMessage: '', items: [], page: 1, hasMore: false } as ManageData,

  onLoad() {
    return this.load(1);
  },

  onShow() {
    // back from the editor: show what changed
    if (!this.data.loading) return this.load(1);
    return undefined;
  },

  onPullDownRefresh() {
    return this.load(1).then(stopPullDownRefresh);
  },

  onReachBottom() {
    if (this.data.hasMore && !this.data.loading) return this.load(this.data.page + 1);
    return undefined;
  },

  async load(page: number) {
    const data = await loadInto(this, () => api.article.listAll(page));
    if (!data) return;
    this.setData({
      loading: false,
      page,
      hasMore: data.hasMore,
      items: page === 1 ? data.items : [...this.data.items, ...data.items],
    });
  },

  write() {
    goTo('/subpackages/presidium/pages/articles/edit');
  },

  open(e: WechatMiniprogram.TouchEvent) {
    goTo(`/subpackages/presidium/pages/articles/edit?id=${e.currentTarget.dataset.id}`);
  },
});
