/**
 * One of the villager's opinions: what they wrote, where it stands, the answer, the timeline in plain
 * words ("已转交乡农业办办理"), its 答复期限 and 承办代表, and, once 办结, the rating form (满意 / 基本满意 /
 * 不满意 + a comment). The villager may turn a named case anonymous (隐藏我的姓名, never back); a
 * neighbour who follows it may say 还没解决 once it is answered (the presidium sees it; it does not
 * reopen the case: only the author's rating does). When a deputy raised the opinion into a suggestion
 * (转为代表建议), a card shows it: title, 办理单位, status, result class and the answer once public
 * (suggestion.ofOpinion; the page shows without it when that call fails).
 */
import { api, type OpinionRating, type SuggestionOfOpinion, type VillagerCase } from '../../services/api';
import { type TimelineLine, villagerTimelineLines } from '../../services/case-timeline';
import { NOTE_MAX } from '../../services/core.generated';
import { chooseTownship, loadInto } from '../../services/page-state';
import { askForReminders, confirmDialog, newRequestId, toast } from '../../services/platform';

/** What the villager is told about their case: its progress (办理进度通知). */
const PROGRESS_TEMPLATES = ['opinionProgress'] as const;

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
    /** 您还可以收到N条提醒: progress messages the server may still send (null: unknown). */
    reminders: null as number | null,
    /** 承办代表 as one line ('王建国、李秀英代表'), '' when none. */
    handlers: '',
    canHideName: false,
    canSayNotResolved: false,
    saidNotResolved: false,
    notResolvedNote: '',
    /** 已转为代表建议: the suggestion this opinion was raised into (null: none, or not known). */
    raised: null as SuggestionOfOpinion | null,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '', requestId: newRequestId() });
    return this.load();
  },

  async load() {
    const [data, subs, raised] = await Promise.all([
      loadInto(this, () => api.opinion.get(this.data.id)),
      api.account.mySubscriptions([...PROGRESS_TEMPLATES]),
      api.suggestion.ofOpinion(this.data.id),
    ]);
    if (!data) return;
    const view = data as VillagerCase;
    this.setData({
      loading: false,
      reminders: subs.ok ? subs.data.reminders : null,
      raised: raised.ok ? raised.data.suggestion : null,
      ...this.shown(view),
    });
  },

  shown(view: VillagerCase) {
    const handlers = view.handlingDeputies.length > 0 ? `${view.handlingDeputies.join('、')}代表` : '';
    return {
      view,
      timeline: villagerTimelineLines(view.timeline),
      handlers,
      canHideName: view.role === 'villager' && view.canHideName,
      canSayNotResolved: view.role === 'follower' && view.canSayNotResolved,
      saidNotResolved: view.role === 'follower' && view.saidNotResolved,
    };
  },

  /** 隐藏我的姓名: asked first, because it cannot be undone (and the deputy can no longer call back). */
  async hideName() {
    if (this.data.submitting) return;
    const sure = await confirmDialog(
      '改为匿名？',
      '改为匿名后，代表和其他人都看不到您的姓名和电话，代表也无法再给您回电。改为匿名后不能改回。',
      '改为匿名',
    );
    if (!sure) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.opinion.hideName(this.data.requestId, this.data.id);
    if (!res.ok) return this.setData({ submitting: false, formError: res.error.message });
    toast('已改为匿名', 'success');
    this.setData({ submitting: false, requestId: newRequestId(), ...this.shown(res.data as VillagerCase) });
  },

  onNotResolvedNote(e: { detail: { value: string } }) {
    this.setData({ notResolvedNote: e.detail.value.slice(0, NOTE_MAX) });
  },

  /** 还没解决 (a follower): once; the presidium sees it. */
  async sayNotResolved() {
    if (this.data.submitting) return;
    this.setData({ submitting: true, formError: '' });
    const note = this.data.notResolvedNote.trim() || undefined;
    const res = await api.opinion.notResolved(this.data.requestId, this.data.id, note);
    if (!res.ok) return this.setData({ submitting: false, formError: res.error.message });
    toast('已反馈，乡镇人大主席团会看到', 'success');
    this.setData({
      submitting: false,
      requestId: newRequestId(),
      notResolvedNote: '',
      ...this.shown(res.data as VillagerCase),
    });
  },

  /** 接收办理进度提醒: the dialog first in the tap, then the count the server now holds. */
  async subscribe() {
    const reminders = await askForReminders(PROGRESS_TEMPLATES);
    if (reminders === null) return;
    const more = reminders > (this.data.reminders ?? 0);
    this.setData({ reminders });
    toast(more ? '已开启提醒，办理有进展时会通知您' : '未开启提醒，可以随时再点这里开启');
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
