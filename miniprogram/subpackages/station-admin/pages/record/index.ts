/**
 * The reception record (接待记录) of a day, after it: who came is the checked-in list; the deputy or
 * admin adds each matter raised (village, category, text). Each matter becomes an opinion; every
 * deputy who served gets a duty record. Sent once (a request id kept across retries).
 */
import { api, type MatterInput, type RecordForm } from '../../../../services/api';
import { errorState } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type InputEvent = { detail: { value: string } };
type TapEvent = { currentTarget: { dataset: { id?: string; index?: number } } };

Page({
  data: {
    loading: true,
    dayId: '',
    form: null as RecordForm | null,
    summary: '',
    matters: [] as MatterInput[],
    draft: { villageCode: '', categoryCode: '', text: '' } as MatterInput,
    requestId: '',
    submitting: false,
    saved: false,
    message: '',
    errorMessage: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ dayId: decodeURIComponent(query.dayId ?? ''), requestId: newRequestId() });
    return this.load();
  },

  async load() {
    const res = await api.booking.recordForm(this.data.dayId);
    if (!res.ok) {
      this.setData(errorState(res.error));
      return;
    }
    this.setData({ loading: false, errorMessage: '', form: res.data, saved: res.data.recorded });
  },

  onSummary(e: InputEvent) {
    this.setData({ summary: e.detail.value });
  },
  onText(e: InputEvent) {
    this.setData({ 'draft.text': e.detail.value });
  },
  pickVillage(e: TapEvent) {
    this.setData({ 'draft.villageCode': e.currentTarget.dataset.id ?? '' });
  },
  pickCategory(e: TapEvent) {
    this.setData({ 'draft.categoryCode': e.currentTarget.dataset.id ?? '' });
  },

  addMatter() {
    const d = this.data.draft;
    if (!d.villageCode || !d.categoryCode || !d.text.trim()) {
      this.setData({ message: '请选择村和分类，并写下问题' });
      return;
    }
    this.setData({
      matters: [...this.data.matters, { ...d, text: d.text.trim() }],
      draft: { villageCode: d.villageCode, categoryCode: '', text: '' },
      message: '',
    });
  },

  removeMatter(e: TapEvent) {
    const i = Number(e.currentTarget.dataset.index);
    this.setData({ matters: this.data.matters.filter((_, k) => k !== i) });
  },

  async submit() {
    if (this.data.submitting) return;
    this.setData({ submitting: true, message: '' });
    const res = await api.booking.record(this.data.requestId, {
      dayId: this.data.dayId,
      summary: this.data.summary.trim(),
      matters: this.data.matters,
    });
    this.setData({ submitting: false });
    if (!res.ok) {
      this.setData({ message: res.error.message });
      return;
    }
    this.setData({ saved: true });
    toast('接待记录已保存', 'success');
  },
});
