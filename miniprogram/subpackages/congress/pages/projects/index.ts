/**
 * 民生实事: the livelihood projects the township congress passed this year, each with how far it has got
 * (节点完成几个, 逾期几个) and, once the deputies' year-end rating is published, its result. A tap opens
 * the project's progress.
 */
import { api, type ProjectListItem } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, setTitle } from '../../../../services/platform';

interface Card extends ProjectListItem {
  progressText: string;
  resultText: string;
}

Page({
  data: { loading: true, errorMessage: '', year: 0, ratingLabel: '', projects: [] as Card[] },

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    return this.load(query.year ? Number(query.year) : undefined);
  },

  async load(year?: number) {
    const data = await loadInto(this, () => api.congress.listProjects(year));
    if (!data) return;
    setTitle(`${data.year}年民生实事`);
    this.setData({
      loading: false,
      year: data.year,
      ratingLabel: data.rating.published ? '代表已对完成情况进行测评，结果如下' : '',
      projects: data.projects.map((p) => ({
        ...p,
        progressText: `已完成${p.milestonesDone}个节点，共${p.milestonesTotal}个`,
        resultText: p.result
          ? `满意${p.result.satisfied}票、基本满意${p.result.basicallySatisfied}票、不满意${p.result.dissatisfied}票，满意率${p.result.rateLabel}`
          : '',
      })),
    });
  },

  open(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    goTo(`/subpackages/congress/pages/projects-detail/index?id=${encodeURIComponent(id)}`);
  },

  previousYear() {
    return this.load(this.data.year - 1);
  },
});
