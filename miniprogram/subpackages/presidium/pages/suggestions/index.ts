/**
 * 建议办理 (the presidium): deputies' suggestions by status — overdue first — and, for one waiting to be
 * assigned or sent back by an office, the assignment: a lead office (主办), co-handling offices (协办)
 * and the deadline (empty: the settings' months from today). The settings' months are set here too.
 */
import { api, type SuggestionRow } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

type Status = 'submitted' | 'sentBack' | 'assigned' | 'answered' | 'closed';
const FILTERS: { status: Status | ''; label: string }[] = [
  { status: '', label: '全部在办' },
  { status: 'submitted', label: '待交办' },
  { status: 'sentBack', label: '被退回' },
  { status: 'assigned', label: '办理中' },
  { status: 'closed', label: '已办结' },
];

Page({
  data: {
    loading: true,
    errorMessage: '',
    filters: FILTERS,
    filter: '' as Status | '',
    items: [] as SuggestionRow[],
    overdue: 0,
    departments: [] as { id: string; name: string; co?: boolean }[],
    settings: { answerMonths: 3, rehandleMonths: 1 },
    assigning: '',
    leadIndex: 0,
    deadline: '',
    busy: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const res = await api.suggestion.list(this.data.filter || undefined);
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', ...res.data });
  },

  pickFilter(e: WechatMiniprogram.BaseEvent) {
    this.setData({ filter: e.currentTarget.dataset.status as Status | '', assigning: '' });
    return this.load();
  },

  startAssign(e: WechatMiniprogram.BaseEvent) {
    this.setData({
      assigning: String(e.currentTarget.dataset.id),
      leadIndex: 0,
      deadline: '',
      departments: this.data.departments.map((d) => ({ ...d, co: false })),
    });
  },
  cancelAssign() {
    this.setData({ assigning: '' });
  },
  pickLead(e: WechatMiniprogram.PickerChange) {
    this.setData({ leadIndex: Number(e.detail.value) });
  },
  toggleCo(e: WechatMiniprogram.BaseEvent) {
    const id = String(e.currentTarget.dataset.id);
    this.setData({ departments: this.data.departments.map((d) => (d.id === id ? { ...d, co: !d.co } : d)) });
  },
  pickDeadline(e: WechatMiniprogram.PickerChange) {
    this.setData({ deadline: String(e.detail.value) });
  },

  async assign() {
    const lead = this.data.departments[this.data.leadIndex];
    if (this.data.busy || !lead) return;
    this.setData({ busy: true });
    const res = await api.suggestion.assign({
      suggestionId: this.data.assigning,
      leadDepartmentId: lead.id,
      cohandlerIds: this.data.departments.filter((d) => d.co && d.id !== lead.id).map((d) => d.id),
      ...(this.data.deadline ? { deadline: this.data.deadline } : {}),
    });
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已交办，承办单位和代表会收到通知', 'success');
    this.setData({ assigning: '' });
    return this.load();
  },

  async changeMonths(e: WechatMiniprogram.BaseEvent) {
    const answerMonths = this.data.settings.answerMonths + Number(e.currentTarget.dataset.by);
    const res = await api.suggestion.setSettings(answerMonths, this.data.settings.rehandleMonths);
    if (!res.ok) return toast(res.error.message);
    this.setData({ settings: res.data });
  },
});
