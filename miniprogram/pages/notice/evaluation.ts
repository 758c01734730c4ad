/**
 * A deputy's report-back (述职) put to the voters: read the report, rate it 满意/基本满意/不满意 once.
 * Those who attended (checked in that day) just rate; residents say which of the deputy's villages they
 * live in. After publication the counts are shown with the report.
 */
import { api, type EvaluationItem, type EvaluationRating } from '../../services/api';
import { toast } from '../../services/platform';

Page({
  data: {
    loading: true,
    errorMessage: '',
    evaluation: null as EvaluationItem | null,
    villages: [] as { code: string; name: string }[],
    villageIndex: -1,
    busy: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    return this.load(decodeURIComponent(query.id ?? ''));
  },

  async load(id: string) {
    const res = await api.duty.getEvaluation(id);
    if (!res.ok) return this.setData({ loading: false, errorMessage: res.error.message });
    const station = await api.station.get(res.data.stationCode);
    const villages = station.ok
      ? station.data.villages.filter((v) => res.data.villageCodes.includes(v.code))
      : [];
    this.setData({ loading: false, evaluation: res.data, villages });
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
