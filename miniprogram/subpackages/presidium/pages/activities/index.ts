/**
 * 代表活动 (the presidium; a group leader for their group): the activities by month, filtered by status,
 * and the form that schedules one — kind (学习培训, 集中视察 …), title, the group it is for, day and time,
 * place, and the invitees (a group's members chosen when the group is picked; tap to add or remove).
 * The invitees are told by the server; a retried schedule is one activity (the form's request id).
 *
 * Opened with `?edit=<activityId>` (修改 on the activity's page) the same form edits a scheduled one:
 * prefilled with its title, day, times, place, description and invitees; its kind and group shown, not
 * changed. 保存修改 sends every field with the revision the form was loaded with (someone else's edit
 * since answers CONFLICT: the form reloads); the server tells the invitees what concerns them, and the
 * page goes back to the activity.
 */
import {
  api,
  type ActivityDetail,
  type ActivityFormView,
  type ActivityStatus,
  type ActivitySummary,
} from '../../../../services/api';
import { chinaDateAfter, chooseTownship, errorState, readyToSend } from '../../../../services/page-state';
import { goBack, goTo, newRequestId, toast } from '../../../../services/platform';

type Option = { id: string; name: string; chosen: boolean };
interface Month {
  month: string;
  label: string;
  items: ActivitySummary[];
}

const FILTERS: { status: ActivityStatus | ''; label: string }[] = [
  { status: '', label: '全部' },
  { status: 'scheduled', label: '待开展' },
  { status: 'closed', label: '已完成' },
  { status: 'cancelled', label: '已取消' },
];

/** The activities by month, newest month first (the server answers newest day first). */
export function byMonth(activities: ActivitySummary[]): Month[] {
  const months: Month[] = [];
  for (const a of activities) {
    const month = a.date.slice(0, 7);
    let m = months.find((x) => x.month === month);
    if (!m) {
      m = { month, label: `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`, items: [] };
      months.push(m);
    }
    m.items.push(a);
  }
  return months;
}

const STATUS_THEME: Record<string, string> = {
  scheduled: 'primary',
  closed: 'success',
  cancelled: 'default',
};

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
    filters: FILTERS,
    status: '' as ActivityStatus | '',
    months: [] as Month[],
    statusTheme: STATUS_THEME,
    canOrganise: false,
    isPresidium: false,
    kinds: [] as ActivityFormView['kinds'],
    groups: [] as { id: string; name: string; stationCode: string; memberIds: string[] }[],
    stations: [] as ActivityFormView['stations'],
    deputies: [] as ActivityFormView['deputies'],
    // the form
    showForm: false,
    requestId: '',
    kindIndex: 0,
    title: '',
    groupOptions: [] as { id: string; name: string }[],
    groupIndex: 0,
    stationIndex: 0,
    date: chinaDateAfter(1),
    minDate: chinaDateAfter(0),
    maxDate: chinaDateAfter(365),
    start: '09:00',
    end: '11:00',
    place: '',
    description: '',
    invitees: [] as Option[],
    inviteeCount: 0,
    formError: '',
    submitting: false,
    // edit mode (?edit=<activityId>): the activity as loaded, its revision sent back
    editId: '',
    editing: null as null | Pick<
      ActivityDetail,
      'id' | 'kindLabel' | 'groupName' | 'revision' | 'groupId' | 'stationCode'
    >,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    if (query.edit) this.setData({ editId: query.edit, showForm: true });
    else if (query.new === '1') this.setData({ showForm: true });
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const status = this.data.status || undefined;
    const [list, form, me] = await Promise.all([
      api.groups.listActivities(status),
      api.groups.activityForm(),
      api.account.whoami(),
    ]);
    const failed = [list, form, me].find((r) => !r.ok);
    if (failed && !failed.ok) return this.setData(errorState(failed.error));
    if (!list.ok || !form.ok || !me.ok) return;
    const isPresidium = me.data.role === 'presidium';
    const groups = form.data.groups.map((g) => ({
      id: g.id,
      name: g.name,
      stationCode: g.stationCode,
      memberIds: g.members.map((m) => m.id),
    }));
    this.setData({
      // edit mode: the form shows once the activity is read (openEdit)
      loading: !!this.data.editId,
      months: byMonth(list.data.activities),
      canOrganise: form.data.canOrganise,
      isPresidium,
      kinds: form.data.kinds,
      groups,
      stations: form.data.stations,
      deputies: form.data.deputies,
      // the presidium may schedule for the whole township; a leader always for one of their groups
      groupOptions: [
        ...(isPresidium ? [{ id: '', name: '不限小组' }] : []),
        ...groups.map(({ id, name }) => ({ id, name })),
      ],
    });
    if (this.data.editId) return this.openEdit();
    // opened with ?new=1 (a leader's 安排小组活动): the form, when the caller may organise at all
    if (!form.data.canOrganise) this.setData({ showForm: false });
    else if (this.data.showForm && !this.data.requestId) this.openForm();
  },

  pickFilter(e: { currentTarget: { dataset: { id?: string } } }) {
    this.setData({ status: (e.currentTarget.dataset.id ?? '') as ActivityStatus | '' });
    return this.load();
  },

  openActivity(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    if (id) goTo(`/subpackages/deputy/pages/activity/index?id=${id}`);
  },

  openForm() {
    this.setData({
      showForm: true,
      requestId: newRequestId(),
      kindIndex: 0,
      title: '',
      groupIndex: 0,
      stationIndex: 0,
      date: chinaDateAfter(1),
      minDate: chinaDateAfter(0),
      maxDate: chinaDateAfter(365),
      start: '09:00',
      end: '11:00',
      place: '',
      formError: '',
    });
    this.fillInvitees();
  },
  cancelForm() {
    if (this.data.editId) return goBack();
    this.setData({ showForm: false, requestId: '' });
  },

  /** The edit form, prefilled from the activity as it is now (refused when it can no longer change). */
  async openEdit() {
    const res = await api.groups.getActivity(this.data.editId);
    if (!res.ok) return this.setData(errorState(res.error));
    const a = res.data;
    if (!a.canEdit) {
      return this.setData({
        loading: false,
        errorMessage:
          a.status !== 'scheduled' ? '这项活动已经结束或取消，不能再修改' : '已有代表签到，活动不能再修改',
        errorRetry: false,
      });
    }
    const group = this.data.groups.find((g) => g.id === a.groupId);
    const invited = new Set(a.invitees.map((i) => i.id));
    // The deputies the form offers (the group's station's, or everyone), and whoever is invited now.
    const offered = this.data.deputies.filter(
      (d) =>
        !group || d.stationCode === group.stationCode || group.memberIds.includes(d.id) || invited.has(d.id),
    );
    const invitees = [
      ...offered.map((d) => ({ id: d.id, name: d.name, chosen: invited.has(d.id) })),
      ...a.invitees
        .filter((i) => !offered.some((d) => d.id === i.id))
        .map((i) => ({ id: i.id, name: i.name, chosen: true })),
    ];
    this.setData({
      loading: false,
      showForm: true,
      requestId: newRequestId(),
      editing: {
        id: a.id,
        kindLabel: a.kindLabel,
        groupName: a.groupName,
        revision: a.revision,
        groupId: a.groupId,
        stationCode: a.stationCode,
      },
      title: a.title,
      date: a.date,
      minDate: a.date < chinaDateAfter(0) ? a.date : chinaDateAfter(0),
      maxDate: chinaDateAfter(365),
      start: a.start,
      end: a.end,
      place: a.place,
      description: a.description,
      invitees,
      inviteeCount: invitees.filter((d) => d.chosen).length,
      formError: '',
    });
  },

  /** The invitees offered: the group's station's deputies (every deputy without a group), the group's members chosen. */
  fillInvitees() {
    const groupId = this.data.groupOptions[this.data.groupIndex]?.id ?? '';
    const group = this.data.groups.find((g) => g.id === groupId);
    const members = new Set(group?.memberIds ?? []);
    const stationCode = group?.stationCode ?? '';
    const invitees = this.data.deputies
      .filter((d) => !stationCode || d.stationCode === stationCode || members.has(d.id))
      .map((d) => ({ id: d.id, name: d.name, chosen: members.has(d.id) }));
    this.setData({ invitees, inviteeCount: members.size });
  },

  pickKind(e: { detail: { value: string | number } }) {
    this.setData({ kindIndex: Number(e.detail.value) });
  },
  typeTitle(e: { detail: { value: string } }) {
    this.setData({ title: e.detail.value, formError: '' });
  },
  pickGroup(e: { detail: { value: string | number } }) {
    this.setData({ groupIndex: Number(e.detail.value) });
    this.fillInvitees();
  },
  pickStation(e: { detail: { value: string | number } }) {
    this.setData({ stationIndex: Number(e.detail.value) });
  },
  pickDate(e: { detail: { value: string } }) {
    this.setData({ date: e.detail.value });
  },
  pickStart(e: { detail: { value: string } }) {
    this.setData({ start: e.detail.value });
  },
  pickEnd(e: { detail: { value: string } }) {
    this.setData({ end: e.detail.value });
  },
  typePlace(e: { detail: { value: string } }) {
    this.setData({ place: e.detail.value, formError: '' });
  },
  typeDescription(e: { detail: { value: string } }) {
    this.setData({ description: e.detail.value, formError: '' });
  },
  toggleInvitee(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    const invitees = this.data.invitees.map((d) => (d.id === id ? { ...d, chosen: !d.chosen } : d));
    this.setData({ invitees, inviteeCount: invitees.filter((d) => d.chosen).length });
  },
  inviteAll() {
    const invitees = this.data.invitees.map((d) => ({ ...d, chosen: true }));
    this.setData({ invitees, inviteeCount: invitees.length });
  },

  /** What is missing or wrong in the form, in plain words ('' when it can be sent). */
  problem(inviteeIds: string[]): string {
    return !this.data.title.trim()
      ? '请填写活动名称'
      : !this.data.place.trim()
        ? '请填写活动地点'
        : this.data.end <= this.data.start
          ? '结束时间要晚于开始时间'
          : inviteeIds.length === 0
            ? '请至少邀请一位代表'
            : '';
  },

  async schedule() {
    if (this.data.editId) return this.saveEdit();
    const kind = this.data.kinds[this.data.kindIndex];
    const groupId = this.data.groupOptions[this.data.groupIndex]?.id ?? '';
    const inviteeIds = this.data.invitees.filter((d) => d.chosen).map((d) => d.id);
    if (!readyToSend(this, this.problem(inviteeIds)) || !kind) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.groups.scheduleActivity(this.data.requestId, {
      kind: kind.kind,
      title: this.data.title.trim(),
      ...(groupId ? { groupId } : { stationCode: this.data.stations[this.data.stationIndex]?.code ?? '' }),
      date: this.data.date,
      start: this.data.start,
      end: this.data.end,
      place: this.data.place.trim(),
      ...(this.data.description.trim() && { description: this.data.description.trim() }),
      inviteeIds,
    });
    this.setData({ submitting: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    toast('已安排，受邀代表会收到通知', 'success');
    this.setData({ showForm: false, requestId: '' });
    goTo(`/subpackages/deputy/pages/activity/index?id=${res.data.id}`);
    return this.load();
  },

  /** 保存修改: every field with the revision loaded; someone else's edit since reloads the form. */
  async saveEdit() {
    const editing = this.data.editing;
    const inviteeIds = this.data.invitees.filter((d) => d.chosen).map((d) => d.id);
    if (!readyToSend(this, this.problem(inviteeIds)) || !editing) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.groups.updateActivity(this.data.requestId, {
      activityId: editing.id,
      revision: editing.revision,
      title: this.data.title.trim(),
      date: this.data.date,
      start: this.data.start,
      end: this.data.end,
      place: this.data.place.trim(),
      description: this.data.description.trim(),
      inviteeIds,
    });
    this.setData({ submitting: false });
    if (!res.ok) {
      if (res.error.code !== 'CONFLICT') return this.setData({ formError: res.error.message });
      await this.openEdit();
      return this.setData({ formError: '这项活动刚被其他人修改过，已显示最新内容，请核对后再保存' });
    }
    toast(res.data.told > 0 ? '已修改，已通知相关代表' : '已保存修改', 'success');
    goBack();
  },
});
