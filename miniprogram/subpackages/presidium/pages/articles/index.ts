/**
 * The presidium's articles: drafts, published and unpublished, newest change first. Opened from the
 * county's home (`county=1`) it lists the county's own (县人大常委会, read in every township), in COUNTY.
 */
import type { ArticleAdminCard } from '../../../../../core/article/article.view';
import { api, apiIn, COUNTY } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, stopPullDownRefresh } from '../../../../services/platform';

interface ManageData {
  loading: boolean;
  errorMessage: string;
  items: ArticleAdminCard[];
  page: number;
  hasMore: boolean;
  /** Opened from the county's home: the county's articles, every call in the county (COUNTY). */
  inCounty: boolean;
}

/** This page's calls: in the county itself when opened from the county's home. */
function articles(inCounty: boolean) {
  return inCounty ? apiIn(COUNTY).article : api.article;
}

/** The editor's query ('?id=…&county=1'): the article, and the editor told to run where this list runs. */
function editorQuery(inCounty: boolean, id?: string): string {
  const query = [id ? `id=${id}` : '', inCounty ? 'county=1' : ''].filter(Boolean).join('&');
  return query ? `?${query}` : '';
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    items: [],
    page: 1,
    hasMore: false,
    inCounty: false,
  } as ManageData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined> = {}) {
    this.setData({ inCounty: query.county === '1' });
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
    const data = await loadInto(this, () => articles(this.data.inCounty).listAll(page));
    if (!data) return;
    this.setData({
      loading: false,
      page,
      hasMore: data.hasMore,
      items: page === 1 ? data.items : [...this.data.items, ...data.items],
    });
  },

  write() {
    goTo(`/subpackages/presidium/pages/articles/edit${editorQuery(this.data.inCounty)}`);
  },

  open(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    goTo(`/subpackages/presidium/pages/articles/edit${editorQuery(this.data.inCounty, id)}`);
  },
});
