/**
 * 民生实事候选项目 (villagers): the candidates the presidium has put up for comment before the congress
 * votes — title, budget, the office responsible and the villages, 源自群众意见N件, how long comments stay open — each opening to its comments and
 * a comment box; and the results of the last vote (each candidate with its counts, 通过 or not).
 */
import { api, type CandidateView, type SessionResults } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo } from '../../../../services/platform';

interface Card extends CandidateView {
  untilText: string;
  villagesText: string;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    sessionTitle: '',
    candidates: [] as Card[],
    lastTitle: '',
    results: null as SessionResults | null,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const sessions = await loadInto(this, () => api.congress.listSessions());
    if (!sessions) return;
    const coming = sessions.filter((s) => s.status !== 'closed');
    const last = sessions.find((s) => s.vote === 'closed');
    const candidates: Card[] = [];
    for (const session of coming) {
      const list = await loadInto(this, () => api.congress.listCandidates(session._id));
      if (!list) return;
      for (const c of list)
        if (c.status === 'commenting' || c.status === 'onBallot')
          candidates.push({
            ...c,
            untilText: c.commentsOpen && c.commentUntil ? `${c.commentUntil}前可以提意见` : '已停止收集意见',
            villagesText: c.villageNames.join('、'),
          });
    }
    let results: SessionResults | null = null;
    if (last) {
      const r = await api.congress.sessionResults(last._id);
      if (r.ok) results = r.data;
    }
    this.setData({
      loading: false,
      sessionTitle: coming.length === 1 ? coming[0].title : '',
      candidates,
      lastTitle: last?.title ?? '',
      results,
    });
  },

  open(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    goTo(`/subpackages/congress/pages/candidate/index?id=${encodeURIComponent(id)}`);
  },
});
