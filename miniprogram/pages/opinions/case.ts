/**
 * One of the villager's opinions: what they wrote, where it stands, the answer, the timeline in plain
 * words ("已转交乡农业办办理"), and, once 办结, the rating form (满意 / 基本满意 / 不满意 + a comment).
 */
import { api, type OpinionRating, type VillagerCase } from '../../services/api';
import { type TimelineLine, villagerTimelineLines } from '../../services/case-timeline';
import { NOTE_MAX } from '../../services/core.generated';
import { loadInto } from '../../services/page-state';
import { newRequestId, toast } from '../../services/platform';

export const RATING_CHOICES = [
  { value: 'satisfied', label: '满意' },
  { value: 'basicallySatisfied', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
];

Page({
  data: {
    /** The rating comment's cap on the server (core/opinion/opinion.limits.ts). */
    commentMax: NOTE_MAX,
    loading: true,
    id: '',
    view: null as VillagerCase | null,
    timeline: [] as TimelineLine[],
    ratings: RATING_CHOICES,
    rating: '' as OpinionRating | '',
    comment: '',
    rated: '',
    submitting: false,
    requestId: '',
    errorMessage: '',
    formError: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '', requestId: newRequestId() });
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.opinion.get(this.data.id));
    if (!data) return;
    const view = data as VillagerCase;
    this.setData({
      loading: false,
      view,
      timeline: villagerTimelineLines(view.timeline),
    });
  },

  pickRating(e: { currentTarget: { dataset: { value?: OpinionRating } } }) {
    this.setData({ rating: e.currentTarget.dataset.value ?? '', formError: '' });
  },
  onComment(e: { detail: { value: string } }) {
    this.setData({ comment: e.detail.value.slice(0, 500) });
  },

  async rate() {
    if (this.data.submitting) return;
    if (!this.data.rating) {
      this.setData({ formError: '请选择满意、基本满意或不满意' });
      return;
    }
    this.setData({ submitting: true, formError: '' });
    const res = await api.opinion.rate(
      this.data.requestId,
      this.data.id,
      this.data.rating,
      this.data.comment.trim() || undefined,
    );
    if (!res.ok) {
      this.setData({ submitting: false, formError: res.error.message });
      return;
    }
    toast('感谢您的评价', 'success');
    this.setData({ submitting: false, rated: res.data.ratingLabel, requestId: newRequestId(), rating: '' });
    await this.load();
  },
});
