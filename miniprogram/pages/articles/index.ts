/**
 * 法律知识: the published articles, newest issue first, by law category (tabs) or found by a search
 * word. A tap opens the article page. An article the county published (县人大常委会) says so on its card.
 */
import { api, type ArticleCard } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { enableShareMenu, goTo, stopPullDownRefresh } from '../../services/platform';
import { withTownshipQuery } from '../../services/township';

const ALL = '';
const PAGE_SIZE = 10;

interface ArticlesData {
  loading: boolean;
  errorMessage: string;
  tabs: { key: string; label: string }[];
  category: string;
  items: ArticleCard[];
  page: number;
  hasMore: boolean;
  query: string;
  /** The words of the search shown, '' when the list is by category. */
  searchedFor: string;
  /** The presidium gets a way into its writing pages from here. */
  canWrite: boolean;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    tabs: [{ key: ALL, label: '全部' }],
    category: ALL,
    items: [],
    page: 1,
    hasMore: false,
    query: '',
    searchedFor: '',
    canWrite: false,
  } as ArticlesData,

  chooseTownship,

  async onLoad(query: Record<string, string | undefined>) {
    enableShareMenu();
    const category = query.category ? decodeURIComponent(query.category) : ALL;
    this.setData({ category });
    const [cats, me] = await Promise.all([api.article.listCategories(), api.account.whoami()]);
    this.setData({ canWrite: me.ok && me.data.role === 'presidium' });
    if (cats.ok) {
      this.setData({
        tabs: [{ key: ALL, label: '全部' }, ...cats.data.list.map((c) => ({ key: c, label: c }))],
      });
    }
    return this.load(1);
  },

  onPullDownRefresh() {
    return this.load(1).then(stopPullDownRefresh);
  },

  onReachBottom() {
    if (this.data.hasMore && !this.data.loading && !this.data.searchedFor)
      return this.load(this.data.page + 1);
    return undefined;
  },

  async load(page: number) {
    const { category } = this.data;
    const data = await loadInto(this, () =>
      api.article.list({ ...(category ? { category } : {}), page, pageSize: PAGE_SIZE }),
    );
    if (!data) return;
    this.setData({
      loading: false,
      searchedFor: '',
      page,
      hasMore: data.hasMore,
      items: page === 1 ? data.items : [...this.data.items, ...data.items],
    });
  },

  selectCategory(e: WechatMiniprogram.TouchEvent) {
    this.setData({ category: String(e.currentTarget.dataset.key ?? ALL), query: '' });
    return this.load(1);
  },

  onQueryInput(e: WechatMiniprogram.Input) {
    this.setData({ query: e.detail.value });
  },

  async search() {
    const query = this.data.query.trim();
    if (!query) return this.load(1);
    const data = await loadInto(this, () => api.article.search(query));
    if (!data) return;
    this.setData({ loading: false, searchedFor: query, items: data.items, hasMore: false, page: 1 });
  },

  clearSearch() {
    this.setData({ query: '' });
    return this.load(1);
  },

  manage() {
    goTo('/subpackages/presidium/pages/articles/index');
  },

  openArticle(e: WechatMiniprogram.TouchEvent) {
    goTo(`/pages/article/index?id=${e.currentTarget.dataset.id}`);
  },

  onShareAppMessage() {
    const query = withTownshipQuery('');
    return { title: '法律知识 · 乡人大主席团', path: `/pages/articles/index${query ? `?${query}` : ''}` };
  },

  onShareTimeline() {
    return { title: '法律知识 · 乡人大主席团', query: withTownshipQuery('') };
  },
});
