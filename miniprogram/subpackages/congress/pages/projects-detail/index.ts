/**
 * One livelihood project's progress (民生实事项目进度), opened from the list or a milestone's message:
 * what it is, who is responsible, each milestone (done on which day, or late), the progress reports
 * (photos once the presidium has checked them), how many times deputies inspected it, and 关注: told at
 * each milestone done (the subscription is asked for first).
 */
import { api, type ProjectDetail } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, requestSubscriptions, setTitle, toast } from '../../../../services/platform';

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    project: null as ProjectDetail | null,
    resultText: '',
    busy: false,
  },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: decodeURIComponent(query.id ?? '') });
    return this.load();
  },

  async load() {
    const project = await loadInto(this, () => api.congress.getProject(this.data.id));
    if (!project) return;
    setTitle('项目进度');
    const r = project.rating.result;
    this.setData({
      loading: false,
      project,
      resultText: r
        ? `代表测评：满意${r.satisfied}票、基本满意${r.basicallySatisfied}票、不满意${r.dissatisfied}票，满意率${r.rateLabel}`
        : '',
    });
  },

  /** The presidium's and the responsible office's progress entry. */
  openProgress() {
    goTo(`/subpackages/presidium/pages/projects/progress?id=${encodeURIComponent(this.data.id)}`);
  },

  async toggleFollow() {
    const project = this.data.project;
    if (!project || this.data.busy) return;
    this.setData({ busy: true });
    if (!project.following) await requestSubscriptions(['projectProgress']);
    const res = project.following
      ? await api.congress.unfollowProject(project.id)
      : await api.congress.followProject(project.id);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast(res.data.following ? '已关注，每完成一个节点会通知您' : '已取消关注');
    this.setData({ 'project.following': res.data.following });
  },
});
