/**
 * A deputy's duty record (我的履职): what the system recorded and what they entered, with review status;
 * and a short form to enter an activity the system did not see (走访、视察调研、会议、建议、办实事…).
 * A returned entry shows the presidium's comment and can be corrected.
 */
import type { ManualDutyType } from '../../../../../core/duty/duty.types';
import { api, type DutyRecordItem } from '../../../../services/api';
import { DUTY_PHOTOS_MAX } from '../../../../services/core.generated';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { choosePhotos, newRequestId, toast, uploadPhoto } from '../../../../services/platform';

const today = () => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return d.toISOString().slice(0, 10);
};

Page({
  data: {
    photosMax: DUTY_PHOTOS_MAX,
    loading: true,
    errorMessage: '',
    deputyName: '',
    total: 0,
    pending: 0,
    records: [] as DutyRecordItem[],
    /** The kinds a deputy may enter by hand (duty.myRecords). */
    types: [] as { value: ManualDutyType; label: string }[],
    showForm: false,
    editingId: '',
    typeIndex: 1,
    date: '',
    maxDate: '',
    description: '',
    peopleReached: '',
    photos: [] as string[],
    busy: false,
    requestId: '',
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const res = await api.duty.myRecords();
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', ...res.data });
  },

  openForm() {
    this.setData({
      showForm: true,
      editingId: '',
      date: today(),
      maxDate: today(),
      description: '',
      peopleReached: '',
      photos: [],
      requestId: newRequestId(),
    });
  },

  editRecord(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const r = this.data.records.find((x) => x.id === id);
    if (!r) return;
    this.setData({
      showForm: true,
      editingId: r.id,
      typeIndex: Math.max(
        0,
        this.data.types.findIndex((t) => t.value === r.type),
      ),
      date: r.date,
      maxDate: today(),
      description: r.description,
      peopleReached: String(r.peopleReached),
      photos: r.photos,
    });
  },

  pickType(e: WechatMiniprogram.PickerChange) {
    this.setData({ typeIndex: Number(e.detail.value) });
  },
  pickDate(e: WechatMiniprogram.PickerChange) {
    this.setData({ date: String(e.detail.value) });
  },
  typeDescription(e: WechatMiniprogram.Input) {
    this.setData({ description: e.detail.value });
  },
  typePeople(e: WechatMiniprogram.Input) {
    this.setData({ peopleReached: e.detail.value });
  },

  async addPhotos() {
    const paths = await choosePhotos(DUTY_PHOTOS_MAX - this.data.photos.length);
    const ids = (await Promise.all(paths.map((p) => uploadPhoto(p, 'duty')))).filter(Boolean);
    if (ids.length < paths.length) toast('有照片没有上传成功，请重试');
    this.setData({ photos: [...this.data.photos, ...ids] });
  },

  cancelForm() {
    this.setData({ showForm: false });
  },

  async submit() {
    if (this.data.busy) return;
    const input = {
      type: this.data.types[this.data.typeIndex]?.value ?? 'visit',
      date: this.data.date,
      description: this.data.description,
      peopleReached: Number(this.data.peopleReached || 0),
      photos: this.data.photos,
    };
    this.setData({ busy: true });
    const res = this.data.editingId
      ? await api.duty.editRecord(this.data.editingId, input)
      : await api.duty.addRecord(this.data.requestId, input);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已提交，等待主席团审核', 'success');
    this.setData({ showForm: false });
    return this.load();
  },
});
