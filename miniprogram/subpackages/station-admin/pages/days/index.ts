/**
 * The station desk's list of reception days (two weeks back, five weeks ahead): the station admin sees
 * their station's days, a deputy the days they are on duty. Opened with `?code=JG01`, or the caller's
 * own station.
 */
import { api, type StationDay } from '../../../../services/api';
import { chinaDateAfter, chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, toast } from '../../../../services/platform';
import { stationCodeOf } from '../../station-code';

const STATUS: Record<StationDay['status'], string> = {
  scheduled: '待接待',
  done: '已结束',
  cancelled: '已取消',
};

Page({
  data: {
    loading: true,
    code: '',
    days: [] as (StationDay & { statusLabel: string; placesText: string })[],
    errorMessage: '',
    /** The station admin and the presidium may add a one-off day (the function checks it again). */
    canManage: false,
    deputies: [] as { id: string; name: string; on: boolean }[],
    draft: { date: '', start: '09:00', end: '11:30', places: '', unlimited: false },
    /** Villagers must see a day at least 3 days ahead (the server answers DAY_TOO_SOON otherwise). */
    earliestDate: chinaDateAfter(3),
    message: '',
  },

  chooseTownship,

  async onLoad(query: Record<string, string | undefined>) {
    const code = await stationCodeOf(query);
    this.setData({ code });
    const [me, station] = await Promise.all([api.account.whoami(), api.station.get(code)]);
    const canManage = me.ok && (me.data.role === 'presidium' || me.data.role === 'stationAdmin');
    this.setData({
      canManage,
      deputies: station.ok ? station.data.deputies.map((d) => ({ id: d.id, name: d.name, on: false })) : [],
    });
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.booking.stationDays(this.data.code));
    if (!data) return;
    this.setData({
      loading: false,
      days: data.map((d) => ({
        ...d,
        statusLabel: d.isToday && d.status === 'scheduled' ? '今天' : STATUS[d.status],
        placesText: d.capacity === 'unlimited' ? `已约${d.booked}人` : `已约${d.booked}/${d.capacity}人`,
      })),
    });
  },

  onDate(e: { detail: { value: string } }) {
    this.setData({ 'draft.date': e.detail.value });
  },
  onStart(e: { detail: { value: string } }) {
    this.setData({ 'draft.start': e.detail.value });
  },
  onEnd(e: { detail: { value: string } }) {
    this.setData({ 'draft.end': e.detail.value });
  },
  onPlaces(e: { detail: { value: string } }) {
    this.setData({ 'draft.places': e.detail.value });
  },
  toggleUnlimited() {
    this.setData({ 'draft.unlimited': !this.data.draft.unlimited });
  },
  toggleDeputy(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    this.setData({ deputies: this.data.deputies.map((d) => (d.id === id ? { ...d, on: !d.on } : d)) });
  },

  /** Adds a one-off reception day with one slot covering the window. */
  async addDay() {
    const d = this.data.draft;
    const places = Number(d.places);
    const deputyIds = this.data.deputies.filter((x) => x.on).map((x) => x.id);
    if (!d.date) return this.setData({ message: '请选择日期' });
    if (!d.unlimited && !(Number.isInteger(places) && places >= 1))
      return this.setData({ message: '请填写名额（1人以上），或选择不限名额' });
    if (deputyIds.length === 0) return this.setData({ message: '请至少选择一位接待代表' });
    const res = await api.booking.addDay({
      stationCode: this.data.code,
      date: d.date,
      start: d.start,
      end: d.end,
      slots: [{ id: 'a', start: d.start, end: d.end, capacity: d.unlimited ? 'unlimited' : places }],
      deputyIds,
    });
    if (!res.ok) return this.setData({ message: res.error.message });
    this.setData({ message: '', 'draft.date': '' });
    toast('已添加接待日', 'success');
    return this.load();
  },

  /** The recurring schedule (接待安排) of this station. */
  openSchedule() {
    goTo(`/subpackages/station-admin/pages/schedule/index?code=${this.data.code}`);
  },

  openDay(e: { currentTarget: { dataset: { id?: string } } }) {
    const dayId = e.currentTarget.dataset.id ?? '';
    if (dayId)
      goTo(
        `/subpackages/station-admin/pages/day/index?dayId=${encodeURIComponent(dayId)}&code=${this.data.code}`,
      );
  },
});
