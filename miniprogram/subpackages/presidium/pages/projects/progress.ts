/**
 * 录入项目进展 (the presidium, or staff of the project's responsible office): mark a milestone done on a
 * day (the project's followers are told), write a progress report with photos (the public sees the
 * photos once the presidium clears them), and — the presidium — clear a held report. Late milestones are
 * marked, as the scheduler chases them.
 */
import { api, type ProjectDetail } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { choosePhotos, newRequestId, toast, uploadPhoto } from '../../../../services/platform';

const PHOTOS_MAX = 6;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    project: null as ProjectDetail | null,
    presidium: false,
    doneOn: today(),
    maxDate: today(),
    text: '',
    photos: [] as string[],
    photosMax: PHOTOS_MAX,
    requestId: newRequestId(),
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: decodeURIComponent(query.id ?? '') });
    return this.load();
  },

  async load() {
    const [project, me] = await Promise.all([
      loadInto(this, () => api.congress.getProject(this.data.id)),
      api.account.whoami(),
    ]);
    if (!project) return;
    this.setData({ loading: false, project, presidium: me.ok && me.data.role === 'presidium' });
  },

  pickDoneOn(e: WechatMiniprogram.PickerChange) {
    this.setData({ doneOn: String(e.detail.value) });
  },

  async markDone(e: WechatMiniprogram.TouchEvent) {
    const milestoneId = (e.currentTarget.dataset as { id: string }).id;
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.congress.markMilestoneDone(
      newRequestId(),
      this.data.id,
      milestoneId,
      this.data.doneOn,
    );
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已标记完成，关注的群众会收到通知', 'success');
    this.setData({ project: res.data });
  },

  typeText(e: WechatMiniprogram.Input) {
    this.setData({ text: e.detail.value });
  },

  async addPhotos() {
    const paths = await choosePhotos(PHOTOS_MAX - this.data.photos.length);
    const ids = (await Promise.all(paths.map((p) => uploadPhoto(p, 'projects')))).filter(Boolean);
    if (ids.length < paths.length) toast('有照片没有上传成功，请重试');
    this.setData({ photos: [...this.data.photos, ...ids] });
  },

  async submitReport() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.congress.addProgress(
      this.data.requestId,
      this.data.id,
      this.data.text,
      this.data.photos,
    );
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('进展已登记', 'success');
    this.setData({ text: '', photos: [], requestId: newRequestId() });
    return this.load();
  },

  async clear(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const res = await api.congress.clearProgress(id);
    if (!res.ok) return toast(res.error.message);
    toast('已公开', 'success');
    return this.load();
  },
});
