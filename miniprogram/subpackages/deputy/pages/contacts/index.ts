/**
 * 我的联系户: the households the deputy helps (结对帮扶, named to them and the presidium only), who of
 * the presidium contacts them (分片联系), their latest visits, and 记录走访: a visit logged against a
 * household becomes a duty record by itself.
 */
import {
  api,
  type ContactVisitView,
  type HouseholdPairView,
  type MyContacts,
} from '../../../../services/api';
import { VISIT_NOTE_MAX } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { newRequestId, toast } from '../../../../services/platform';

type VisitKind = 'visit' | 'help';

interface ContactsData {
  loading: boolean;
  member: MyContacts['member'];
  pairs: HouseholdPairView[];
  visits: ContactVisitView[];
  noteMax: number;
  /** The household a visit is being logged for ('' = no form open). */
  formPairId: string;
  formName: string;
  kind: VisitKind;
  date: string;
  today: string;
  note: string;
  people: string;
  requestId: string;
  saving: boolean;
  formError: string;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
}

type TapEvent = { currentTarget: { dataset: { id?: string; kind?: VisitKind } } };
type InputEvent = { detail: { value: string } };

function chinaToday(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return d.toISOString().slice(0, 10);
}

Page({
  data: {
    loading: true,
    member: null,
    pairs: [],
    visits: [],
    noteMax: VISIT_NOTE_MAX,
    formPairId: '',
    formName: '',
    kind: 'visit',
    date: '',
    today: '',
    note: '',
    people: '1',
    requestId: '',
    saving: false,
    formError: '',
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
  } as ContactsData,

  onLoad() {
    return this.load();
  },

  chooseTownship,

  async load() {
    this.setData({ loading: true, errorCode: '', errorMessage: '' });
    const res = await api.groups.myContacts();
    if (!res.ok) {
      this.setData({ ...errorState(res.error), errorCode: res.error.code });
      return;
    }
    this.setData({ loading: false, ...res.data });
  },

  openForm(e: TapEvent) {
    const id = e.currentTarget.dataset.id ?? '';
    const pair = this.data.pairs.find((p) => p.id === id);
    if (!pair) return;
    const today = chinaToday();
    this.setData({
      formPairId: id,
      formName: `${pair.villageName} · ${pair.householdName}`,
      kind: 'visit',
      date: today,
      today,
      note: '',
      people: '1',
      requestId: newRequestId(),
      formError: '',
    });
  },

  closeForm() {
    this.setData({ formPairId: '' });
  },

  pickKind(e: TapEvent) {
    this.setData({ kind: e.currentTarget.dataset.kind ?? 'visit' });
  },
  onDate(e: InputEvent) {
    this.setData({ date: e.detail.value });
  },
  onNote(e: InputEvent) {
    this.setData({ note: e.detail.value });
  },
  onPeople(e: InputEvent) {
    this.setData({ people: e.detail.value });
  },

  async saveVisit() {
    const d = this.data;
    if (d.saving) return;
    if (!d.note.trim()) {
      this.setData({ formError: '请写明走访做了什么' });
      return;
    }
    this.setData({ saving: true, formError: '' });
    const res = await api.groups.logVisit(d.requestId, {
      pairId: d.formPairId,
      kind: d.kind,
      date: d.date,
      note: d.note.trim(),
      peopleReached: Number(d.people) || 0,
    });
    if (!res.ok) {
      this.setData({ saving: false, formError: res.error.message });
      return;
    }
    this.setData({ saving: false, formPairId: '' });
    toast('已记录，已自动生成履职记录');
    await this.load();
  },
});
