/**
 * A case as the deputy sees it (anonymous cases show no villager at all): the text, photos, village and
 * category, the deadlines and why it was routed to them, the timeline; and the buttons the case's status
 * allows: 受理, 答复群众, 转交部门 (转办), 退回 (within 7 working days, with a reason), 办结.
 * The answer box offers the deputy's own 常用答复: picking one fills the box (edited before sending);
 * the current answer can be saved as one, and the saved ones updated or deleted (管理常用答复).
 * While the case is open and the deputy holds it, 转为代表建议 opens the filing form prefilled from the
 * case (suggestion.raiseOpinion); once raised, the page says 已转为代表建议 (suggestion.ofOpinion).
 */
import {
  api,
  type AnswerTemplateItem,
  type DeputyCase,
  type SuggestionOfOpinion,
} from '../../../../services/api';
import { type TimelineLine, staffTimelineLines } from '../../../../services/case-timeline';
import {
  ANSWER_MAX,
  NOTE_MAX,
  TEMPLATES_MAX,
  TEMPLATE_TEXT_MAX,
  TEMPLATE_TITLE_MAX,
} from '../../../../services/core.generated';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import {
  CASE_HANDLER_TEMPLATES,
  callPhone,
  goTo,
  newRequestId,
  requestSubscriptions,
  toast,
} from '../../../../services/platform';

/** A case still open (core OPEN_STATUSES): it may be raised into a suggestion (转为代表建议). */
const RAISABLE = ['assigned', 'accepted', 'transferred', 'replied'];

type Mode = '' | 'reply' | 'transfer' | 'handBack' | 'resolve' | 'noReply';

/** What is missing before a case action can be sent ('' = nothing). */
function confirmProblem(d: { mode: Mode; answer: string; departmentId: string; reason: string }): string {
  if (d.mode === 'reply' && !d.answer.trim()) return '请填写答复内容';
  if (d.mode === 'transfer' && !d.departmentId) return '请选择转交的部门';
  if (d.mode === 'handBack' && !d.reason.trim()) return '退回时请写明原因，方便重新分办';
  if (d.mode === 'noReply' && !d.reason.trim()) return '请记下群众的原话';
  return '';
}

Page({
  data: {
    /** The server's caps (core/opinion/opinion.limits.ts): the answer; a note; a reason (twice a note). */
    limits: {
      answer: ANSWER_MAX,
      note: NOTE_MAX,
      reason: NOTE_MAX * 2,
      templateTitle: TEMPLATE_TITLE_MAX,
      templateText: TEMPLATE_TEXT_MAX,
      templates: TEMPLATES_MAX,
    },
    loading: true,
    id: '',
    view: null as DeputyCase | null,
    timeline: [] as TimelineLine[],
    can: { accept: false, reply: false, transfer: false, handBack: false, resolve: false, noReply: false },
    mode: '' as Mode,
    answer: '',
    reason: '',
    note: '',
    departments: [] as { id: string; name: string }[],
    departmentId: '',
    submitting: false,
    requestId: '',
    errorMessage: '',
    formError: '',
    /** 常用答复: the deputy's own, loaded when the answer box opens. */
    templates: [] as AnswerTemplateItem[],
    templatesLoaded: false,
    templateTitle: '',
    /** The template picked into the box ('' = none): 更新 saves the box's text over it. */
    templateId: '',
    managing: false,
    templateMessage: '',
    /** The suggestion this case was raised into (已转为代表建议), null when none or not known. */
    raised: null as SuggestionOfOpinion | null,
    canRaise: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '', requestId: newRequestId() });
    return this.load();
  },

  /** Back from the filing form: the 已转为代表建议 line is read again. */
  onShow() {
    if (this.data.view) return this.loadRaised();
  },

  async load() {
    const data = await loadInto(this, () => api.opinion.get(this.data.id));
    if (data) this.show(data as DeputyCase);
    if (data) await this.loadRaised();
  },

  async loadRaised() {
    const res = await api.suggestion.ofOpinion(this.data.id);
    if (res.ok) this.setData({ raised: res.data.suggestion });
  },

  /** 转为代表建议: the deputy's filing form, prefilled from this case. */
  raise() {
    goTo(`/subpackages/deputy/pages/suggestions/index?opinionId=${encodeURIComponent(this.data.id)}`);
  },

  show(view: DeputyCase) {
    const has = (c: DeputyCase['commands'][number]) => view.mine && view.commands.includes(c);
    this.setData({
      loading: false,
      view,
      mode: '',
      answer: '',
      reason: '',
      note: '',
      timeline: staffTimelineLines(view.timeline),
      can: {
        accept: has('accept'),
        reply: has('reply'),
        transfer: has('transfer'),
        handBack: has('handBack') && view.canHandBack,
        resolve: has('resolve'),
        noReply: has('closeNoReply'),
      },
      canRaise: view.mine && RAISABLE.includes(view.status),
    });
  },

  async startMode(e: { currentTarget: { dataset: { mode?: Mode } } }) {
    const mode = e.currentTarget.dataset.mode ?? '';
    this.setData({ mode, formError: '' });
    if (mode === 'reply' && !this.data.templatesLoaded) await this.loadTemplates();
    if (mode === 'transfer' && this.data.departments.length === 0) {
      const res = await api.opinion.departments();
      if (res.ok) this.setData({ departments: res.data });
    }
  },
  cancelMode() {
    this.setData({ mode: '', formError: '' });
  },
  onAnswer(e: { detail: { value: string } }) {
    this.setData({ answer: e.detail.value.slice(0, 2000) });
  },
  onReason(e: { detail: { value: string } }) {
    this.setData({ reason: e.detail.value.slice(0, 500) });
  },
  onNote(e: { detail: { value: string } }) {
    this.setData({ note: e.detail.value.slice(0, 500) });
  },
  pickDepartment(e: { currentTarget: { dataset: { id?: string } } }) {
    this.setData({ departmentId: e.currentTarget.dataset.id ?? '' });
  },
  async loadTemplates() {
    const res = await api.opinion.templates();
    if (res.ok) this.setData({ templates: res.data.templates, templatesLoaded: true });
    else this.setData({ templateMessage: res.error.message });
  },
  /** Picking a template fills the answer box; the deputy edits it before sending. */
  pickTemplate(e: { currentTarget: { dataset: { id?: string } } }) {
    const t = this.data.templates.find((x) => x.id === e.currentTarget.dataset.id);
    if (t) this.setData({ answer: t.text, templateId: t.id, templateTitle: t.title, templateMessage: '' });
  },
  onTemplateTitle(e: { detail: { value: string } }) {
    this.setData({ templateTitle: e.detail.value.slice(0, TEMPLATE_TITLE_MAX) });
  },
  toggleManage() {
    this.setData({ managing: !this.data.managing });
  },
  /** Saves the box's text as a new template, or (data-update) over the picked one. */
  async saveTemplate(e: { currentTarget: { dataset: { update?: string } } }) {
    const d = this.data;
    if (d.submitting) return;
    if (!d.templateTitle.trim() || !d.answer.trim()) {
      return this.setData({ templateMessage: '请先写好答复内容，再给它起个标题' });
    }
    const update = !!e.currentTarget.dataset.update && !!d.templateId;
    this.setData({ submitting: true, templateMessage: '' });
    const res = await api.opinion.saveTemplate(
      newRequestId(),
      d.templateTitle.trim(),
      d.answer.trim(),
      update ? d.templateId : undefined,
    );
    if (!res.ok) return this.setData({ submitting: false, templateMessage: res.error.message });
    this.setData({
      submitting: false,
      templates: res.data.templates,
      templateId: res.data.id,
      templateMessage: update ? '常用答复已更新' : '已存为常用答复',
    });
  },
  async deleteTemplate(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    if (!id || this.data.submitting) return;
    this.setData({ submitting: true, templateMessage: '' });
    const res = await api.opinion.deleteTemplate(newRequestId(), id);
    if (!res.ok) return this.setData({ submitting: false, templateMessage: res.error.message });
    this.setData({
      submitting: false,
      templates: res.data.templates,
      templateId: this.data.templateId === id ? '' : this.data.templateId,
      templateMessage: '已删除',
    });
  },
  callVillager() {
    if (this.data.view?.contactPhone) callPhone(this.data.view.contactPhone);
  },

  /** Each case action asks first (from the tap) for the next new-case and deadline messages. */
  async accept() {
    if (this.data.submitting) return;
    await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    await this.run(() => api.opinion.accept(this.data.requestId, this.data.id), '已受理');
  },

  async confirm() {
    const d = this.data;
    if (d.submitting) return;
    const problem = confirmProblem(d);
    if (problem) return this.setData({ formError: problem });
    await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    if (d.mode === 'reply') {
      await this.run(() => api.opinion.reply(d.requestId, d.id, d.answer.trim()), '已答复，群众会收到通知');
    } else if (d.mode === 'transfer') {
      await this.run(
        () => api.opinion.transfer(d.requestId, d.id, d.departmentId, d.note.trim() || undefined),
        '已转交部门办理',
      );
    } else if (d.mode === 'handBack') {
      const res = await api.opinion.handBack(d.requestId, d.id, d.reason.trim());
      if (!res.ok) return this.setData({ formError: res.error.message });
      toast('已退回，将重新分办', 'success');
      this.setData({ requestId: newRequestId() });
      await this.load();
    } else if (d.mode === 'noReply') {
      await this.run(
        () => api.opinion.closeNoReply(d.requestId, d.id, d.reason.trim()),
        '已办结（群众表示无需答复）',
      );
    } else if (d.mode === 'resolve') {
      await this.run(() => api.opinion.resolve(d.requestId, d.id), '已办结，群众会收到评价邀请');
    }
  },

  async run(
    send: () => Promise<{ ok: true; data: DeputyCase } | { ok: false; error: { message: string } }>,
    done: string,
  ) {
    if (this.data.submitting) return;
    this.setData({ submitting: true, formError: '' });
    const res = await send();
    if (!res.ok) {
      this.setData({ submitting: false, formError: res.error.message });
      return;
    }
    toast(done, 'success');
    this.setData({ submitting: false, requestId: newRequestId() });
    this.show(res.data);
  },
});
