/**
 * "相关法律知识" for an opinion category. Presentational: the page loads the published articles of the
 * related law categories (article.related) and passes `items`, with `loading` while they come and, for
 * a failed load, `errorMessage` (and `errorRetry` when trying again can help: then 重新加载 fires
 * `bind:retry`), as page-state's one pattern. Nothing shows when there are none.
 */
import type { ArticleCard } from '../../../core/article/article.view';
import { goTo } from '../../services/platform';

Component({
  properties: {
    items: { type: Array, value: [] as ArticleCard[] },
    loading: { type: Boolean, value: false },
    errorMessage: { type: String, value: '' },
    errorRetry: { type: Boolean, value: false },
  },
  methods: {
    open(e: WechatMiniprogram.CustomEvent) {
      goTo(`/pages/article/index?id=${String(e.currentTarget.dataset.id)}`);
    },
    retry() {
      this.triggerEvent('retry');
    },
  },
});
