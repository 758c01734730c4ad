/**
 * A case transferred to the caller's department, as its staff answer it: the villager's matter (as
 * deputies see it; the phone masked: the deputy calls the villager back), who transferred it and what
 * they asked, the answer deadline; and the two things a department can do: 答复 (content-checked, the
 * deputies are told to review and 办结) and 退回 a misrouted case with a reason (within 7 working days).
 */
import { api, type DepartmentCase } from '../../../../services/api';
import { type TimelineLine, staffTimelineLines } from '../../../../services/case-timeline';
import { ANSWER_MAX, NOTE_MAX } from '../../../../services/core.generated';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type Mode = '' | 'answer' | 'handBack';

/** What is missing before an action can be sent ('' = nothing). */
export function confirmProblem(d: { mode: Mode; answer: string; reason: string }): string {
  if (d.mode === 'answer' && !d.answer.trim()) return '请填写答复内容';
  if (d.mode === 'handBack' && !d.reason.trim()) return '退回时请写明原因，方便代表改转';
  return '';
}

Page({
  data: {
    /** The server's caps (core/opinion/opinion.limits.ts): the answer; a reason (twice a note). */
    limits: { answer: ANSWER_MAX, reason: NOTE_MAX * 2 },
    loading: true,
    id: '',
    view: null as DepartmentCase | null,
    timeline: [] as TimelineLine[],
    mode: '' as Mode,
    answer: '',
    reason: '',
    submitting: false,
    requestId: '',
    errorMessage: '',
    formError: '',
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '', requestId: newRequestId() });
    return this.load();
  },

  async load() {
    const view = await loadInto(this, () => api.department.get(this.data.id));
    if (view) this.show(view);
  },

  show(view: DepartmentCase) {
    this.setData({
      loading: false,
      view,
      mode: '',
      answer: '',
      reason: '',
      timeline: staffTimelineLines(view.timeline),
    });
  },

  startMode(e: { currentTarget: { dataset: { mode?: Mode } } }) {
    this.setData({ mode: e.currentTarget.dataset.mode ?? '', formError: '' });
  },
  cancelMode() {
    this.setData({ mode: '', formError: '' });
  },
  onAnswer(e: { detail: { value: string } }) {
    this.setData({ answer: e.detail.value.slice(0, ANSWER_MAX) });
  },
  onReason(e: { detail: { value: string } }) {
    this.setData({ reason: e.detail.value.slice(0, NOTE_MAX * 2) });
  },

  async confirm() {
    const d = this.data;
    if (d.submitting) return;
    const problem = confirmProblem(d);
    if (problem) return this.setData({ formError: problem });
    this.setData({ submitting: true, formError: '' });
    if (d.mode === 'answer') {
      const res = await api.department.answer(d.requestId, d.id, d.answer.trim());
      if (!res.ok) return this.setData({ submitting: false, formError: res.error.message });
      toast('已答复，代表会收到通知', 'success');
      this.setData({ submitting: false, requestId: newRequestId() });
      this.show(res.data);
    } else if (d.mode === 'handBack') {
      const res = await api.department.handBack(d.requestId, d.id, d.reason.trim());
      if (!res.ok) return this.setData({ submitting: false, formError: res.error.message });
      toast('已退回代表', 'success');
      this.setData({ submitting: false, requestId: newRequestId(), mode: '' });
      await this.load();
    }
  },
});
