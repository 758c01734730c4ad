/**
 * 民生实事完成情况测评 (a deputy): while the presidium has the year's rating open, each project with three
 * large buttons (满意 / 基本满意 / 不满意); a rating once given stays (one per deputy per project). Once the
 * rating is closed, the published counts.
 */
import { api, type ProjectRating, type ProjectRatingRound } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { confirmDialog, newRequestId, toast } from '../../../../services/platform';

Page({
  data: { loading: true, errorMessage: '', round: null as ProjectRatingRound | null, busy: false },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const round = await loadInto(this, () => api.congress.ratingRound());
    if (!round) return;
    this.setData({ loading: false, round });
  },

  async rate(e: WechatMiniprogram.TouchEvent) {
    const { id, level, label } = e.currentTarget.dataset as {
      id: string;
      level: ProjectRating;
      label: string;
    };
    if (this.data.busy) return;
    if (!(await confirmDialog('确认测评', `您对这个项目的评价是“${label}”，提交后不能修改。`, '提交')))
      return;
    this.setData({ busy: true });
    const res = await api.congress.rateProject(newRequestId(), id, level);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已提交', 'success');
    return this.load();
  },
});
