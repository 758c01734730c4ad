/**
 * A deputy's report-back (述职) put to the voters: read the report, rate it 满意/基本满意/不满意 once.
 * Those who attended (checked in that day) just rate; residents say which of the deputy's villages they
 * live in. After publication the counts are shown with the report.
 */
import { api, type EvaluationItem, type EvaluationRating } from '../../services/api';
import { chooseTownship, errorState, loadInto } from '../../services/page-state';
import { toast } from '../../services/platform';

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    id: '',
    evaluation: null as EvaluationItem | null,
    villages: [] as { code: string; name: string }[],
    villageIndex: -1,
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: decodeURIComponent(query.id ?? '') });
    return this.load();
  },

  async load() {
    const evaluation = await loadInto(this, () => api.duty.getEvaluation(this.data.id));
    if (!evaluation) return;
    const station = await api.station.get(evaluation.stationCode);
    if (!station.ok) return this.setData(errorState(station.error));
    const villages = station.data.villages.filter((v) => evaluation.villageCodes.includes(v.code));
    this.setData({ loading: false, evaluation, villages });
  },

  pickVillage(e: WechatMiniprogram.PickerChange) {
    this.setData({ villageIndex: Number(e.detail.value) });
  },

  async rate(e: WechatMiniprogram.TouchEvent) {
    const ev = this.data.evaluation;
    if (!ev || this.data.busy) return;
    const rating = (e.currentTarget.dataset as { rating: EvaluationRating }).rating;
    const village = this.data.villages[this.data.villageIndex];
    this.setData({ busy: true });
    const res = await api.duty.rateEvaluation(ev.id, rating, village?.code);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.setData({ evaluation: res.data });
    toast('感谢您的评价', 'success');
  },
});
