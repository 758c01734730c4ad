/**
 * 整改事项 (the presidium; an office's staff for their own office's items): the findings of 集中视察 and
 * 执法检查 that an office must fix by a deadline — 整改中, 已超期 (open past the deadline; the scheduler
 * chases them), 已整改 — with the office and the activity, and for an open one the form that records the
 * fix (day and note): the office reports it, or the presidium records what the office reported.
 */
import { api, type RectificationView } from '../../../../services/api';
import { chinaDateAfter, chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, toast } from '../../../../services/platform';

type Filter = 'all' | 'open' | 'late' | 'fixed';
const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: '全部' },
  { id: 'open', label: '整改中' },
  { id: 'late', label: '已超期' },
  { id: 'fixed', label: '已整改' },
];

/** The items a filter shows: 已超期 is an open item past its deadline. */
export function shown(items: RectificationView[], filter: Filter): RectificationView[] {
  if (filter === 'all') return items;
  if (filter === 'late') return items.filter((i) => i.status === 'open' && i.late);
  return items.filter((i) => i.status === filter);
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
    filters: FILTERS,
    filter: 'all' as Filter,
    all: [] as RectificationView[],
    items: [] as RectificationView[],
    counts: { open: 0, late: 0, fixed: 0 },
    /** An office's staff: their items only, no way into the activity's page (the presidium's and deputies'). */
    isDepartment: false,
    fixing: '',
    fixedOn: chinaDateAfter(0),
    minDay: chinaDateAfter(-92),
    today: chinaDateAfter(0),
    note: '',
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    if (query.filter && FILTERS.some((f) => f.id === query.filter))
      this.setData({ filter: query.filter as Filter });
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const [res, me] = await Promise.all([api.groups.listRectifications(), api.account.whoami()]);
    if (!res.ok) return this.setData(errorState(res.error));
    const all = res.data.items;
    this.setData({
      loading: false,
      all,
      isDepartment: me.ok && me.data.role === 'department',
      items: shown(all, this.data.filter),
      // The server counts the whole (the list is one page: open items first).
      counts: res.data.counts,
    });
  },

  pickFilter(e: { currentTarget: { dataset: { id?: string } } }) {
    const filter = (e.currentTarget.dataset.id ?? 'all') as Filter;
    this.setData({ filter, items: shown(this.data.all, filter) });
  },

  openActivity(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    if (id && !this.data.isDepartment) goTo(`/subpackages/deputy/pages/activity/index?id=${id}`);
  },

  openFix(e: { currentTarget: { dataset: { id?: string } } }) {
    this.setData({ fixing: e.currentTarget.dataset.id ?? '', fixedOn: chinaDateAfter(0), note: '' });
  },
  cancelFix() {
    this.setData({ fixing: '' });
  },
  pickFixedOn(e: { detail: { value: string } }) {
    this.setData({ fixedOn: e.detail.value });
  },
  typeNote(e: { detail: { value: string } }) {
    this.setData({ note: e.detail.value });
  },
  async saveFix() {
    if (this.data.busy || !this.data.fixing) return;
    if (!this.data.note.trim()) return toast('请写明怎么整改的');
    this.setData({ busy: true });
    const res = await api.groups.reportFixed(this.data.fixing, this.data.fixedOn, this.data.note.trim());
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已记录整改完成', 'success');
    this.setData({ fixing: '' });
    return this.load();
  },
});
