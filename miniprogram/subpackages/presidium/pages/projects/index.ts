/**
 * 民生实事实施计划 (the presidium): every candidate the congress passed, with its plan or a note that it
 * has none; the plan editor (责任单位, 负责人, 实施节点 with due days: add, edit, remove an open one); a
 * link to each project's progress entry; and the year's completion rating (满意度测评) opened and closed.
 */
import { api, type PlanningCandidate } from '../../../../services/api';
import { chinaYear, chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, toast } from '../../../../services/platform';

interface Row {
  id?: string;
  title: string;
  due: string;
  done: boolean;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    candidates: [] as PlanningCandidate[],
    departments: [] as { id: string; name: string }[],
    year: chinaYear(),
    ratingLabel: '',
    ratingStatus: 'notOpen',
    editing: '',
    editingTitle: '',
    departmentIndex: 0,
    lead: '',
    rows: [] as Row[],
    busy: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const [res, round] = await Promise.all([api.congress.passedForPlanning(), api.congress.ratingRound()]);
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({
      loading: false,
      errorMessage: '',
      candidates: res.data.candidates,
      departments: res.data.departments,
      ...(round.ok
        ? { year: round.data.year, ratingLabel: round.data.statusLabel, ratingStatus: round.data.status }
        : {}),
    });
  },

  edit(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const c = this.data.candidates.find((x) => x.id === id);
    if (!c) return;
    const departmentId = c.plan?.departmentId ?? c.departmentId;
    this.setData({
      editing: c.id,
      editingTitle: c.title,
      departmentIndex: Math.max(
        0,
        this.data.departments.findIndex((d) => d.id === departmentId),
      ),
      lead: c.plan?.lead ?? '',
      rows: c.plan
        ? c.plan.milestones.map((m) => ({ id: m.id, title: m.title, due: m.due, done: !!m.doneOn }))
        : [{ title: '', due: '', done: false }],
    });
  },

  pickDepartment(e: WechatMiniprogram.PickerChange) {
    this.setData({ departmentIndex: Number(e.detail.value) });
  },
  typeLead(e: WechatMiniprogram.Input) {
    this.setData({ lead: e.detail.value });
  },
  typeRow(e: WechatMiniprogram.Input) {
    const i = Number((e.currentTarget.dataset as { index: string }).index);
    this.setData({ [`rows[${i}].title`]: e.detail.value });
  },
  pickDue(e: WechatMiniprogram.PickerChange) {
    const i = Number((e.currentTarget.dataset as { index: string }).index);
    this.setData({ [`rows[${i}].due`]: String(e.detail.value) });
  },
  addRow() {
    this.setData({ rows: [...this.data.rows, { title: '', due: '', done: false }] });
  },
  removeRow(e: WechatMiniprogram.TouchEvent) {
    const i = Number((e.currentTarget.dataset as { index: string }).index);
    this.setData({ rows: this.data.rows.filter((_, k) => k !== i) });
  },
  cancel() {
    this.setData({ editing: '' });
  },

  async save() {
    if (this.data.busy) return;
    if (this.data.rows.some((r) => !r.due)) return toast('请为每个节点选择完成日期');
    this.setData({ busy: true });
    const res = await api.congress.planProject(this.data.editing, {
      departmentId: this.data.departments[this.data.departmentIndex]?.id ?? '',
      lead: this.data.lead,
      milestones: this.data.rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), title: r.title, due: r.due })),
    });
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('实施计划已保存', 'success');
    this.setData({ editing: '' });
    return this.load();
  },

  openProgress(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    goTo(`/subpackages/presidium/pages/projects/progress?id=${encodeURIComponent(id)}`);
  },

  async toggleRating() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res =
      this.data.ratingStatus === 'open'
        ? await api.congress.closeRating(this.data.year)
        : await api.congress.openRating(this.data.year);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.setData({ ratingLabel: res.data.statusLabel, ratingStatus: res.data.status });
  },
});
