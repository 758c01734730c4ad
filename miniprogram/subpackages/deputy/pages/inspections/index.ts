/**
 * 视察记录 (a deputy): their inspections of the livelihood projects, and the form for a new one — which
 * project, which day, what they found, how many people they met. Each becomes their duty record (视察调研)
 * automatically; a retried submit is one record.
 */
import { api, type InspectionItem } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, newRequestId, toast } from '../../../../services/platform';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

Page({
  data: {
    loading: true,
    errorMessage: '',
    deputyName: '',
    projects: [] as { id: string; title: string }[],
    inspections: [] as InspectionItem[],
    showForm: false,
    projectIndex: 0,
    date: today(),
    maxDate: today(),
    findings: '',
    peopleReached: '',
    requestId: '',
    busy: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const res = await api.congress.myInspections();
    if (!res.ok) return this.setData(errorState(res.error));
    this.setData({ loading: false, errorMessage: '', ...res.data });
  },

  openForm() {
    this.setData({
      showForm: true,
      date: today(),
      maxDate: today(),
      findings: '',
      peopleReached: '',
      requestId: newRequestId(),
    });
  },
  cancelForm() {
    this.setData({ showForm: false });
  },
  pickProject(e: WechatMiniprogram.PickerChange) {
    this.setData({ projectIndex: Number(e.detail.value) });
  },
  pickDate(e: WechatMiniprogram.PickerChange) {
    this.setData({ date: String(e.detail.value) });
  },
  typeFindings(e: WechatMiniprogram.Input) {
    this.setData({ findings: e.detail.value });
  },
  typePeople(e: WechatMiniprogram.Input) {
    this.setData({ peopleReached: e.detail.value });
  },

  async submit() {
    const project = this.data.projects[this.data.projectIndex];
    if (this.data.busy || !project) return;
    this.setData({ busy: true });
    const res = await api.congress.recordInspection(this.data.requestId, {
      projectId: project.id,
      date: this.data.date,
      findings: this.data.findings,
      peopleReached: Number(this.data.peopleReached || 0),
    });
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已记录，并计入您的履职登记', 'success');
    this.setData({ showForm: false });
    return this.load();
  },

  openRating() {
    goTo('/subpackages/deputy/pages/project-rating/index');
  },
});
