/**
 * 我的建议 (a deputy): the suggestions they filed with where each stands, the co-sign invitations they
 * received (附议 or not, right here), and the form for a new suggestion — title, content, category and
 * the deputies invited to co-sign. Filing is one duty record (提出建议); a retried submit is one filing.
 * Opened with `?opinionId=` (转为代表建议 on a case page), the form is prefilled from the villager's case
 * (title from its village and category, content from its text) and submitting raises that opinion
 * (suggestion.raiseOpinion; no co-signers).
 */
import { api, type DeputyCase, type SuggestionInvite, type SuggestionItem } from '../../../../services/api';
import {
  SUGGESTION_CATEGORIES,
  SUGGESTION_CATEGORY_LABELS,
  SUGGESTION_CONTENT_MAX,
  SUGGESTION_TITLE_MAX,
} from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, newRequestId, toast } from '../../../../services/platform';

const categories = SUGGESTION_CATEGORIES.map((code) => ({ code, label: SUGGESTION_CATEGORY_LABELS[code] }));

Page({
  data: {
    loading: true,
    errorMessage: '',
    deputyName: '',
    filed: [] as SuggestionItem[],
    invites: [] as SuggestionInvite[],
    showForm: false,
    categories,
    categoryIndex: 0,
    title: '',
    content: '',
    deputies: [] as { id: string; name: string; picked?: boolean }[],
    titleMax: SUGGESTION_TITLE_MAX,
    contentMax: SUGGESTION_CONTENT_MAX,
    requestId: '',
    busy: false,
    /** The villager's opinion being raised into this suggestion ('' = a new suggestion of the deputy's). */
    opinionId: '',
  },

  chooseTownship,

  async onLoad(query: Record<string, string | undefined> = {}) {
    await this.load();
    if (query.opinionId) await this.prefillFrom(query.opinionId);
  },

  /** 转为代表建议: the form opens filled from the case; the deputy edits it and picks the category. */
  async prefillFrom(opinionId: string) {
    const res = await api.opinion.get(opinionId);
    if (!res.ok) return toast(res.error.message);
    const c = res.data as DeputyCase;
    this.setData({
      showForm: true,
      opinionId,
      title: `关于${c.villageName}${c.categoryName}的建议`.slice(0, SUGGESTION_TITLE_MAX),
      content: c.text.slice(0, SUGGESTION_CONTENT_MAX),
      deputies: this.data.deputies.map((d) => ({ ...d, picked: false })),
      requestId: newRequestId(),
    });
  },

  async load() {
    const res = await api.suggestion.mine();
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', ...res.data });
  },

  openForm() {
    this.setData({
      showForm: true,
      title: '',
      content: '',
      deputies: this.data.deputies.map((d) => ({ ...d, picked: false })),
      requestId: newRequestId(),
      opinionId: '',
    });
  },
  cancelForm() {
    this.setData({ showForm: false, opinionId: '' });
  },
  pickCategory(e: WechatMiniprogram.PickerChange) {
    this.setData({ categoryIndex: Number(e.detail.value) });
  },
  typeTitle(e: WechatMiniprogram.Input) {
    this.setData({ title: e.detail.value });
  },
  typeContent(e: WechatMiniprogram.Input) {
    this.setData({ content: e.detail.value });
  },
  toggleCosigner(e: WechatMiniprogram.BaseEvent) {
    const id = String(e.currentTarget.dataset.id);
    this.setData({
      deputies: this.data.deputies.map((d) => (d.id === id ? { ...d, picked: !d.picked } : d)),
    });
  },

  async submit() {
    if (this.data.busy) return;
    if (this.data.opinionId) return this.raise();
    this.setData({ busy: true });
    const cosignerIds = this.data.deputies.filter((d) => d.picked).map((d) => d.id);
    const res = await api.suggestion.file(this.data.requestId, {
      title: this.data.title,
      content: this.data.content,
      category: categories[this.data.categoryIndex].code,
      cosignerIds,
    });
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast(cosignerIds.length ? '已提交，等待代表附议' : '已提交乡镇人大主席团', 'success');
    this.setData({ showForm: false });
    return this.load();
  },

  /** Submitting a form opened from a case raises that opinion (one suggestion per opinion). */
  async raise() {
    this.setData({ busy: true });
    const res = await api.suggestion.raiseOpinion(this.data.requestId, this.data.opinionId, {
      title: this.data.title,
      content: this.data.content,
      category: categories[this.data.categoryIndex].code,
    });
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已转为代表建议', 'success');
    this.setData({ showForm: false, opinionId: '' });
    return this.load();
  },

  async answerInvite(e: WechatMiniprogram.BaseEvent) {
    const { id, confirm } = e.currentTarget.dataset as { id: string; confirm: string };
    const res = await api.suggestion.answerInvite(id, confirm === 'yes');
    if (!res.ok) return toast(res.error.message);
    toast(confirm === 'yes' ? '已附议，并计入您的履职登记' : '已回复', 'success');
    return this.load();
  },

  open(e: WechatMiniprogram.BaseEvent) {
    goTo(
      `/subpackages/deputy/pages/suggestion/index?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}`,
    );
  },
});
