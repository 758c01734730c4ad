/**
 * The reception record (接待记录) of a day, after it: who came is the checked-in list; the deputy or
 * admin adds each matter raised: who raised it (one of the attendees: it becomes their own case, which
 * they follow in WeChat; a walk-in's is followed by the station), category, and the text (their
 * booking's topic when left empty). Every deputy who served gets a duty record. Sent once (a request
 * id kept across retries).
 */
import { api, type MatterInput, type RecordForm } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type InputEvent = { detail: { value: string } };
type TapEvent = { currentTarget: { dataset: { id?: string; index?: number } } };

/** A matter as listed on the page: what is sent, and who raised it in words. */
type MatterDraft = MatterInput & { text: string };
type MatterRow = MatterDraft & { who: string; shown: string };

const EMPTY_DRAFT: MatterDraft = { bookingId: '', villageCode: '', categoryCode: '', text: '' };

Page({
  data: {
    loading: true,
    dayId: '',
    form: null as RecordForm | null,
    summary: '',
    matters: [] as MatterRow[],
    draft: { ...EMPTY_DRAFT },
    /** The picked attendee's topic: the matter's text when none is typed. */
    draftTopic: '',
    requestId: '',
    submitting: false,
    saved: false,
    message: '',
    errorMessage: '',
  },

  chooseTownship,

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
  /** Who raised the matter: their village comes with them (it can still be changed). */
  pickAttendee(e: TapEvent) {
    const a = this.data.form?.attendees.find((x) => x.bookingId === e.currentTarget.dataset.id);
    if (!a) return;
    this.setData({ 'draft.bookingId': a.bookingId, 'draft.villageCode': a.villageCode, draftTopic: a.topic });
  },
  pickVillage(e: TapEvent) {
    this.setData({ 'draft.villageCode': e.currentTarget.dataset.id ?? '' });
  },
  pickCategory(e: TapEvent) {
    this.setData({ 'draft.categoryCode': e.currentTarget.dataset.id ?? '' });
  },

  addMatter() {
    const d = this.data.draft;
    const a = this.data.form?.attendees.find((x) => x.bookingId === d.bookingId);
    if (!a) {
      this.setData({ message: '请选择是哪位群众反映的' });
      return;
    }
    if (!d.villageCode || !d.categoryCode) {
      this.setData({ message: '请选择村和分类' });
      return;
    }
    const text = d.text.trim();
    const row: MatterRow = {
      ...d,
      text,
      who: `${a.name || '未留姓名'}${a.walkIn ? '（现场登记）' : ''}`,
      shown: text || a.topic,
    };
    this.setData({
      matters: [...this.data.matters, row],
      draft: { ...EMPTY_DRAFT },
      draftTopic: '',
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
      matters: this.data.matters.map((m) => ({
        bookingId: m.bookingId,
        villageCode: m.villageCode,
        categoryCode: m.categoryCode,
        ...(m.text && { text: m.text }),
      })),
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
