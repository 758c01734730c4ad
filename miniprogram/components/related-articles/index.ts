/**
 * "相关法律知识" for an opinion category: put it on a form and bind `category` to the category code the
 * villager picked; it loads the published articles of the related law categories (article.related) and
 * shows nothing when there are none.
 */
import type { ArticleCard } from '../../../core/article/article.view';
import { api } from '../../services/api';
import { goTo } from '../../services/platform';

Component({
  properties: {
    /** An opinion category code (road, agriculture …). */
    category: { type: String, value: '' },
    limit: { type: Number, value: 3 },
  },
  data: { items: [] as ArticleCard[], loadedFor: '' },
  observers: {
    category(category: string) {
      void this.load(category);
    },
  },
  lifetimes: {
    attached() {
      if (this.properties.category) void this.load(this.properties.category);
    },
  },
  methods: {
    async load(category: string) {
      if (!category) {
        this.setData({ items: [], loadedFor: '' });
        return;
      }
      if (category === this.data.loadedFor) return;
      this.setData({ loadedFor: category });
      const res = await api.article.related(category, this.properties.limit);
      // a later pick may have answered first: keep only the answer for the current category
      if (this.data.loadedFor !== category) return;
      this.setData({ items: res.ok ? res.data.items : [] });
    },
    open(e: WechatMiniprogram.CustomEvent) {
      goTo(`/pages/article/index?id=${String(e.currentTarget.dataset.id)}`);
    },
  },
});
