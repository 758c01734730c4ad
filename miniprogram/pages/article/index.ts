/**
 * One legal-knowledge article: rendered by `rich-text` from the nodes the server built from a whitelist
 * (core/article/article.render.ts), shared to a chat or to Moments, and "订阅下一期": one tap asks
 * WeChat for one message, which the server sends when the next issue is published.
 */
import type { RichTextNode } from '../../../core/article/article.render';
import { api, type ArticleReading } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { enableShareMenu, goTo, requestSubscriptions, setTitle, toast } from '../../services/platform';
import { withTownshipQuery } from '../../services/township';

interface ArticleData {
  loading: boolean;
  errorMessage: string;
  id: string;
  article: Omit<ArticleReading, 'nodes'> | null;
  nodes: RichTextNode[];
  subscribing: boolean;
  subscribed: boolean;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    article: null,
    nodes: [],
    subscribing: false,
    subscribed: false,
  } as ArticleData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    enableShareMenu();
    this.setData({ id: query.id ?? '' });
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.article.get(this.data.id));
    if (!data) return;
    const { nodes, ...article } = data;
    this.setData({ loading: false, article, nodes, subscribed: article.subscribed });
    setTitle(article.issueLabel ? `法律知识 ${article.issueLabel}` : '法律知识');
  },

  /** Must run from the tap itself: WeChat shows the subscription dialog only in a user gesture. */
  async subscribeNext() {
    if (this.data.subscribing) return;
    this.setData({ subscribing: true });
    const accepted = await requestSubscriptions(['articlePublished']);
    if (!accepted.includes('articlePublished')) {
      this.setData({ subscribing: false });
      toast('没有允许通知，下一期发布时就收不到提醒了');
      return;
    }
    const res = await api.article.subscribeNext();
    this.setData({ subscribing: false, subscribed: res.ok });
    toast(res.ok ? '订阅成功，下一期发布时会通知您' : res.error.message, res.ok ? 'success' : 'none');
  },

  openList() {
    goTo('/pages/articles/index');
  },

  onShareAppMessage() {
    const a = this.data.article;
    return {
      title: a ? `${a.issueLabel} ${a.title}` : '法律知识',
      path: `/pages/article/index?${withTownshipQuery(`id=${this.data.id}`)}`,
    };
  },

  onShareTimeline() {
    const a = this.data.article;
    return {
      title: a ? `${a.issueLabel} ${a.title}` : '法律知识',
      query: withTownshipQuery(`id=${this.data.id}`),
    };
  },
});
