/**
 * The presidium schedules deputies' report-backs (述职测评), follows the counts, closes and publishes.
 */
import { api, type EvaluationItem } from '../../../../services/api';
import { chooseTownship, errorState, loadInto } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    stations: [] as { code: string; name: string }[],
    stationIndex: 0,
    deputies: [] as { id: string; name: string }[],
    deputyIndex: 0,
    date: '',
    evaluations: [] as EvaluationItem[],
  },

  chooseTownship,

  onLoad() {
    this.setData({ date: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) });
    return this.load();
  },

  /** The stations, then the chosen station's deputies and report-backs; a failed load says why. */
  async load() {
    const list = await loadInto(this, () => api.station.list());
    if (!list) return;
    this.setData({ stations: list.map((s) => ({ code: s.code, name: s.name })) });
    return this.loadStation();
  },

  async loadStation() {
    const station = this.data.stations[this.data.stationIndex];
    if (!station) return this.setData({ loading: false });
    this.setData({ loading: true, errorMessage: '' });
    const [view, list] = await Promise.all([
      api.station.get(station.code),
      api.duty.listEvaluations(station.code),
    ]);
    if (!view.ok) return this.setData(errorState(view.error));
    if (!list.ok) return this.setData(errorState(list.error));
    this.setData({
      loading: false,
      deputies: view.data.deputies.map((d) => ({ id: d.id, name: d.name })),
      evaluations: list.data,
    });
  },

  pickStation(e: WechatMiniprogram.PickerChange) {
    this.setData({ stationIndex: Number(e.detail.value), deputyIndex: 0 });
    return this.loadStation();
  },
  pickDeputy(e: WechatMiniprogram.PickerChange) {
    this.setData({ deputyIndex: Number(e.detail.value) });
  },
  pickDate(e: WechatMiniprogram.PickerChange) {
    this.setData({ date: String(e.detail.value) });
  },

  async schedule() {
    const deputy = this.data.deputies[this.data.deputyIndex];
    if (!deputy) return;
    const res = await api.duty.scheduleEvaluation(deputy.id, this.data.date);
    if (!res.ok) return toast(res.error.message);
    toast('已安排述职测评', 'success');
    return this.loadStation();
  },

  async close(e: WechatMiniprogram.TouchEvent) {
    const res = await api.duty.closeEvaluation((e.currentTarget.dataset as { id: string }).id);
    if (!res.ok) return toast(res.error.message);
    return this.loadStation();
  },

  async publish(e: WechatMiniprogram.TouchEvent) {
    const res = await api.duty.publishEvaluation((e.currentTarget.dataset as { id: string }).id);
    if (!res.ok) return toast(res.error.message);
    return this.loadStation();
  },
});
