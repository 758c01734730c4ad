/**
 * One activity (代表活动), for the presidium, its organiser (a group leader) and its invitees: the details;
 * for the organiser the check-in code to show on a screen or print, the invitees with who checked in and
 * the list to mark attendance from, cancelling, and the close with its record (summary, photos, people
 * reached, matters raised → each an opinion, for 集中视察/执法检查 the findings as rectification items);
 * for an invitee 扫码签到 or typing the code shown at the venue. While it is scheduled and nobody is
 * present yet the organiser's 修改活动 opens the schedule form in its edit mode (presidium activities
 * page, `?edit=`); back here the page reads the activity again. Attendees' duty records are written by
 * the server when the activity is closed. It lives in the deputy subpackage because the invitation
 * message opens it (core/notify/pages.ts deputyActivity); the presidium's pages open it too.
 */
import { api, type ActivityDetail, type ActivityFormView } from '../../../../services/api';
import { chinaDateAfter, chooseTownship, errorState, readyToSend } from '../../../../services/page-state';
import {
  choosePhotos,
  confirmDialog,
  goTo,
  newRequestId,
  scanCode,
  setTitle,
  toast,
  uploadPhoto,
} from '../../../../services/platform';

const PHOTOS_MAX = 9;

type Invitee = ActivityDetail['invitees'][number] & { mark: boolean; viaText: string };
interface MatterRow {
  villageIndex: number;
  categoryIndex: number;
  text: string;
}
interface FindingRow {
  departmentIndex: number;
  deadline: string;
  text: string;
}

const viaText = (i: ActivityDetail['invitees'][number]) =>
  !i.present ? '未签到' : i.via === 'code' ? '已扫码签到' : '已到会';

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
    id: '',
    activity: null as ActivityDetail | null,
    invitees: [] as Invitee[],
    presentCount: 0,
    marksChanged: false,
    /** The check-in QR code as an image (organiser and presidium, while scheduled). */
    qrImage: null as string | null,
    /** The activity's day has come: attendance can be taken and the record written. */
    started: false,
    findingsKind: false,
    isPresidium: false,
    form: null as ActivityFormView | null,
    // check-in by the code shown at the venue
    code: '',
    checking: false,
    // cancel
    showCancel: false,
    reason: '',
    // the close form
    showClose: false,
    requestId: '',
    summary: '',
    peopleReached: '',
    photos: [] as string[],
    photosMax: PHOTOS_MAX,
    matters: [] as MatterRow[],
    findings: [] as FindingRow[],
    minDeadline: chinaDateAfter(1),
    maxDeadline: chinaDateAfter(365),
    formError: '',
    submitting: false,
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '' });
    return this.load();
  },

  onShow() {
    // back from the edit form: the new day, place and invitees show
    if (!this.data.loading && this.data.activity) void this.load();
  },

  openEdit() {
    if (this.data.activity?.canEdit)
      goTo(`/subpackages/presidium/pages/activities/index?edit=${this.data.id}`);
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const [res, me] = await Promise.all([api.groups.getActivity(this.data.id), api.account.whoami()]);
    if (!res.ok) return this.setData(errorState(res.error));
    const a = res.data;
    // the close form's choices (villages, categories, offices) only for whoever runs the activity
    const form = a.canRun && !this.data.form ? await api.groups.activityForm() : null;
    this.show(a);
    this.setData({
      loading: false,
      isPresidium: me.ok && me.data.role === 'presidium',
      ...(form?.ok ? { form: form.data } : {}),
    });
    const kinds = (form?.ok ? form.data : this.data.form)?.kinds ?? [];
    this.setData({ findingsKind: kinds.some((k) => k.kind === a.kind && k.findings) });
    setTitle(a.kindLabel);
  },

  show(a: ActivityDetail) {
    const invitees = a.invitees.map((i) => ({ ...i, mark: i.present, viaText: viaText(i) }));
    this.setData({
      activity: a,
      invitees,
      presentCount: invitees.filter((i) => i.present).length,
      marksChanged: false,
      started: a.date <= chinaDateAfter(0),
      qrImage: a.status === 'scheduled' ? a.checkInQrDataUrl : null,
    });
  },

  // --- an invitee checks in ------------------------------------------------------------------------------

  async scan() {
    if (this.data.checking) return;
    const qr = await scanCode();
    if (!qr) return;
    this.setData({ checking: true });
    const res = await api.groups.checkInByQr(qr);
    this.setData({ checking: false });
    if (!res.ok) return toast(res.error.message);
    toast('签到成功', 'success');
    return this.load();
  },
  typeCode(e: { detail: { value: string } }) {
    this.setData({ code: e.detail.value.replace(/\D/g, '').slice(0, 6) });
  },
  async checkInWithCode() {
    if (this.data.checking) return;
    if (this.data.code.length !== 6) return toast('请输入会场公布的6位签到码');
    this.setData({ checking: true });
    const res = await api.groups.checkInByCode(this.data.id, this.data.code);
    this.setData({ checking: false });
    if (!res.ok) return toast(res.error.message);
    toast('签到成功', 'success');
    this.setData({ code: '' });
    return this.load();
  },

  // --- the organiser marks attendance --------------------------------------------------------------------

  toggleMark(e: { currentTarget: { dataset: { id?: string } } }) {
    const a = this.data.activity;
    if (!a?.canRun || a.status === 'cancelled' || !this.data.started) return;
    const id = e.currentTarget.dataset.id;
    // after the close a name may only be added (its duty record stands)
    const invitees = this.data.invitees.map((i) =>
      i.id === id && !(a.status === 'closed' && i.confirmed) ? { ...i, mark: !i.mark } : i,
    );
    this.setData({
      invitees,
      marksChanged: invitees.some((i) => i.mark !== i.present),
    });
  },
  async saveMarks() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const present = this.data.invitees.filter((i) => i.mark).map((i) => i.id);
    const res = await api.groups.markAttendance(this.data.id, present);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.show(res.data);
    toast(res.data.status === 'closed' ? '已补记，已计入履职记录' : '出勤已保存', 'success');
  },

  // --- cancel ----------------------------------------------------------------------------------------

  openCancel() {
    this.setData({ showCancel: true, reason: '' });
  },
  closeCancel() {
    this.setData({ showCancel: false });
  },
  typeReason(e: { detail: { value: string } }) {
    this.setData({ reason: e.detail.value });
  },
  async cancelActivity() {
    if (this.data.busy) return;
    if (!this.data.reason.trim()) return toast('请填写取消的原因，会告诉受邀代表');
    this.setData({ busy: true });
    const res = await api.groups.cancelActivity(this.data.id, this.data.reason.trim());
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.show(res.data);
    this.setData({ showCancel: false });
    toast('已取消，已通知受邀代表', 'success');
  },

  // --- the record (close) ------------------------------------------------------------------------------

  openClose() {
    const r = this.data.activity?.record;
    this.setData({
      showClose: true,
      requestId: newRequestId(),
      summary: r?.summary ?? '',
      peopleReached: r ? String(r.peopleReached) : '',
      photos: r?.photos ?? [],
      // Matters and findings already filed are fixed facts (shown read-only above the new ones, with
      // their status): a close sends only the NEW ones, numbered after the last by the server.
      matters: [],
      findings: [],
      formError: '',
    });
  },
  cancelClose() {
    this.setData({ showClose: false });
  },
  typeSummary(e: { detail: { value: string } }) {
    this.setData({ summary: e.detail.value, formError: '' });
  },
  typePeople(e: { detail: { value: string } }) {
    this.setData({ peopleReached: e.detail.value });
  },
  async addPhotos() {
    const paths = await choosePhotos(PHOTOS_MAX - this.data.photos.length);
    const ids = (await Promise.all(paths.map((p) => uploadPhoto(p, 'activities')))).filter(Boolean);
    if (ids.length) this.setData({ photos: [...this.data.photos, ...ids].slice(0, PHOTOS_MAX) });
  },
  removePhoto(e: { currentTarget: { dataset: { index?: number } } }) {
    const n = Number(e.currentTarget.dataset.index);
    this.setData({ photos: this.data.photos.filter((_, i) => i !== n) });
  },
  addMatter() {
    this.setData({ matters: [...this.data.matters, { villageIndex: 0, categoryIndex: 0, text: '' }] });
  },
  addFinding() {
    this.setData({
      findings: [...this.data.findings, { departmentIndex: 0, deadline: chinaDateAfter(30), text: '' }],
    });
  },
  /** A matter's or finding's field (data-list, data-index, data-field) changed. */
  editRow(e: {
    currentTarget: { dataset: { list?: string; index?: number; field?: string } };
    detail: { value: string | number };
  }) {
    const { list, index, field } = e.currentTarget.dataset;
    if ((list !== 'matters' && list !== 'findings') || !field) return;
    const rows = [...(this.data[list] as object[])] as Record<string, unknown>[];
    const n = Number(index);
    const value = field.endsWith('Index') ? Number(e.detail.value) : String(e.detail.value);
    rows[n] = { ...rows[n], [field]: value };
    this.setData({ [list]: rows });
  },
  removeRow(e: { currentTarget: { dataset: { list?: string; index?: number } } }) {
    const { list, index } = e.currentTarget.dataset;
    if (list !== 'matters' && list !== 'findings') return;
    this.setData({ [list]: (this.data[list] as object[]).filter((_, i) => i !== Number(index)) });
  },

  async closeActivity() {
    const form = this.data.form;
    const problem = !this.data.summary.trim()
      ? '请填写活动情况'
      : this.data.matters.some((m) => !m.text.trim())
        ? '请填写每件群众反映的问题，或删掉空的'
        : this.data.findings.some((f) => !f.text.trim())
          ? '请填写每个整改事项，或删掉空的'
          : '';
    if (!readyToSend(this, problem) || !form) return;
    this.setData({ submitting: true, formError: '' });
    const res = await api.groups.closeActivity(this.data.requestId, this.data.id, {
      summary: this.data.summary.trim(),
      photos: this.data.photos,
      peopleReached: Number(this.data.peopleReached || 0),
      matters: this.data.matters.map((m) => ({
        villageCode: form.villages[m.villageIndex]?.code ?? '',
        categoryCode: form.categories[m.categoryIndex]?.code ?? '',
        text: m.text.trim(),
      })),
      findings: this.data.findings.map((f) => ({
        departmentId: form.departments[f.departmentIndex]?.id ?? '',
        deadline: f.deadline,
        text: f.text.trim(),
      })),
    });
    this.setData({ submitting: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    this.show(res.data);
    this.setData({ showClose: false });
    toast('活动记录已保存，到会代表已计入履职', 'success');
  },

  async clearRecord() {
    if (this.data.busy) return;
    const ok = await confirmDialog(
      '公开活动记录',
      '看过活动情况和照片后公开，群众在联络站页面可以看到。',
      '公开',
    );
    if (!ok) return;
    this.setData({ busy: true });
    const res = await api.groups.clearActivityRecord(this.data.id);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.show(res.data);
    toast('已公开', 'success');
  },
});
