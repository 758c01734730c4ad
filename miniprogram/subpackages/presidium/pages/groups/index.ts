/**
 * 代表小组 (the presidium): every group with its leader, members and the villages it serves, and the
 * form that creates or edits one — name, station, members (tap to choose among the station's deputies),
 * the leader among them, the villages. A retried save is one group (its request id is kept per form).
 */
import { api, type ActivityFormView, type GroupView } from '../../../../services/api';
import { chooseTownship, errorState, readyToSend } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type Option = { id: string; name: string; chosen: boolean };

interface GroupRow extends GroupView {
  membersText: string;
  villagesText: string;
}

const row = (g: GroupView): GroupRow => ({
  ...g,
  membersText: g.members.map((m) => m.name).join('、'),
  villagesText: g.villages.map((v) => v.name).join('、'),
});

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
    groups: [] as GroupRow[],
    stations: [] as ActivityFormView['stations'],
    deputies: [] as ActivityFormView['deputies'],
    villages: [] as ActivityFormView['villages'],
    // the form
    showForm: false,
    groupId: '',
    requestId: '',
    name: '',
    stationIndex: 0,
    memberOptions: [] as Option[],
    villageOptions: [] as Option[],
    leaderOptions: [] as { id: string; name: string }[],
    leaderIndex: 0,
    active: true,
    formError: '',
    submitting: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const [list, form] = await Promise.all([api.groups.listGroups(), api.groups.activityForm()]);
    if (!list.ok) return this.setData(errorState(list.error));
    if (!form.ok) return this.setData(errorState(form.error));
    this.setData({
      loading: false,
      groups: list.data.groups.map(row),
      stations: form.data.stations,
      deputies: form.data.deputies,
      villages: form.data.villages,
    });
  },

  /** 新建小组, or 修改 on a group's card (data-id). */
  openForm(e?: { currentTarget: { dataset: { id?: string } } }) {
    const id = e?.currentTarget.dataset.id ?? '';
    const g = this.data.groups.find((x) => x.id === id);
    const stationIndex = Math.max(
      0,
      this.data.stations.findIndex((s) => s.code === g?.stationCode),
    );
    this.setData({
      showForm: true,
      groupId: g?.id ?? '',
      requestId: newRequestId(),
      name: g?.name ?? '',
      stationIndex,
      active: g?.active ?? true,
      formError: '',
    });
    this.fillOptions(
      g ? g.members.map((m) => m.id) : [],
      g ? g.villages.map((v) => v.code) : [],
      g?.leader.id ?? '',
    );
  },

  /** The station's deputies and villages as choices (the chosen ones kept even from another station). */
  fillOptions(memberIds: string[], villageCodes: string[], leaderId: string) {
    const code = this.data.stations[this.data.stationIndex]?.code ?? '';
    const members = new Set(memberIds);
    const villages = new Set(villageCodes);
    const memberOptions = this.data.deputies
      .filter((d) => d.stationCode === code || members.has(d.id))
      .map((d) => ({ id: d.id, name: d.name, chosen: members.has(d.id) }));
    const villageOptions = this.data.villages
      .filter((v) => v.stationCode === code || villages.has(v.code))
      .map((v) => ({ id: v.code, name: v.name, chosen: villages.has(v.code) }));
    this.setData({ memberOptions, villageOptions });
    this.fillLeaders(leaderId);
  },

  fillLeaders(leaderId: string) {
    const leaderOptions = this.data.memberOptions
      .filter((m) => m.chosen)
      .map(({ id, name }) => ({ id, name }));
    this.setData({
      leaderOptions,
      leaderIndex: Math.max(
        0,
        leaderOptions.findIndex((m) => m.id === leaderId),
      ),
    });
  },

  cancelForm() {
    this.setData({ showForm: false });
  },
  typeName(e: { detail: { value: string } }) {
    this.setData({ name: e.detail.value, formError: '' });
  },
  pickStation(e: { detail: { value: string | number } }) {
    this.setData({ stationIndex: Number(e.detail.value) });
    this.fillOptions([], [], '');
  },
  toggleMember(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    const leader = this.data.leaderOptions[this.data.leaderIndex]?.id ?? '';
    this.setData({
      memberOptions: this.data.memberOptions.map((m) => (m.id === id ? { ...m, chosen: !m.chosen } : m)),
      formError: '',
    });
    this.fillLeaders(leader);
  },
  toggleVillage(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    this.setData({
      villageOptions: this.data.villageOptions.map((v) => (v.id === id ? { ...v, chosen: !v.chosen } : v)),
    });
  },
  pickLeader(e: { detail: { value: string | number } }) {
    this.setData({ leaderIndex: Number(e.detail.value) });
  },
  toggleActive() {
    this.setData({ active: !this.data.active });
  },

  async save() {
    const leader = this.data.leaderOptions[this.data.leaderIndex];
    const problem = !this.data.name.trim()
      ? '请填写小组名称'
      : !leader
        ? '请至少选择一位成员，并从成员中选组长'
        : '';
    if (!readyToSend(this, problem) || !leader) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.groups.saveGroup(
      this.data.requestId,
      {
        name: this.data.name.trim(),
        stationCode: this.data.stations[this.data.stationIndex]?.code ?? '',
        leaderId: leader.id,
        memberIds: this.data.memberOptions.filter((m) => m.chosen).map((m) => m.id),
        villageCodes: this.data.villageOptions.filter((v) => v.chosen).map((v) => v.id),
        active: this.data.active,
      },
      this.data.groupId || undefined,
    );
    this.setData({ submitting: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    toast('已保存', 'success');
    this.setData({ showForm: false });
    return this.load();
  },
});
