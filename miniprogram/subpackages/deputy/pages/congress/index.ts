/**
 * 人代会 (a deputy of the township congress): the session's agenda, 签到 by scanning the session's code
 * (or 已签到), the quorum (已到X人/应到Y人/需Z人), and while the vote is open the ballot: one list, each
 * candidate with three large buttons 赞成/反对/弃权, nothing chosen at first; 提交 only once every
 * candidate is chosen, then a confirmation listing every choice (提交后不能修改) before the final submit,
 * then 已投票. The choices are never shown again: the server does not keep them with the deputy.
 */
import {
  api,
  type BallotChoices,
  type CandidateView,
  type SessionResults,
  type SessionView,
} from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { scanCode, toast } from '../../../../services/platform';

type Choice = 'yes' | 'no' | 'abstain';
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'yes', label: '赞成' },
  { value: 'no', label: '反对' },
  { value: 'abstain', label: '弃权' },
];
const LABEL: Record<Choice, string> = { yes: '赞成', no: '反对', abstain: '弃权' };

interface BallotRow {
  id: string;
  title: string;
  budgetWan: number;
  choice: Choice | '';
  choiceLabel: string;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    session: null as SessionView | null,
    quorumText: '',
    choices: CHOICES,
    ballot: [] as BallotRow[],
    complete: false,
    step: 'ballot' as 'ballot' | 'confirm',
    busy: false,
    results: null as SessionResults | null,
  },

  sessionId: '',

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.sessionId = query.id ?? '';
    return this.load();
  },

  async load() {
    if (!this.sessionId) {
      const list = await loadInto(this, () => api.congress.listSessions());
      if (!list) return;
      // the session being held, else the next one, else the last one held
      const pick =
        list.find((s) => s.status === 'convened') ??
        list.find((s) => s.status === 'draft') ??
        list.find((s) => s.status === 'closed');
      if (!pick) {
        this.setData({ loading: false, session: null });
        return;
      }
      this.sessionId = pick._id;
    }
    const session = await loadInto(this, () => api.congress.getSession(this.sessionId));
    if (!session) return;
    const q = session.quorum;
    let ballot: BallotRow[] = [];
    if (session.vote === 'open' && session.me?.present && !session.me.voted) {
      const candidates = await api.congress.listCandidates(session._id);
      if (!candidates.ok) return toast(candidates.error.message);
      ballot = candidates.data
        .filter((c: CandidateView) => c.status === 'onBallot')
        .map((c: CandidateView) => ({
          id: c._id,
          title: c.title,
          budgetWan: c.budgetWan,
          choice: '' as const,
          choiceLabel: '',
        }));
    }
    let results: SessionResults | null = null;
    if (session.vote === 'closed') {
      const r = await api.congress.sessionResults(session._id);
      if (r.ok) results = r.data;
    }
    this.setData({
      loading: false,
      session,
      quorumText: `已到${q.present}人 / 应到${q.total}人 / 需${q.needed}人`,
      ballot,
      complete: false,
      step: 'ballot',
      results,
    });
  },

  async checkIn() {
    const code = await scanCode();
    if (!code) return;
    const res = await api.congress.checkIn(this.sessionId, code);
    if (!res.ok) return toast(res.error.message);
    toast('已签到', 'success');
    return this.load();
  },

  choose(e: WechatMiniprogram.TouchEvent) {
    const { id, value } = e.currentTarget.dataset as { id: string; value: Choice };
    const ballot = this.data.ballot.map((r) =>
      r.id === id ? { ...r, choice: value, choiceLabel: LABEL[value] } : r,
    );
    this.setData({ ballot, complete: ballot.length > 0 && ballot.every((r) => r.choice !== '') });
  },

  review() {
    if (!this.data.complete) return toast('请对每个项目都作出选择');
    this.setData({ step: 'confirm' });
  },

  back() {
    this.setData({ step: 'ballot' });
  },

  async submit() {
    if (!this.data.complete || this.data.busy) return;
    const choices: BallotChoices = {};
    for (const r of this.data.ballot) choices[r.id] = r.choice as Choice;
    this.setData({ busy: true });
    const res = await api.congress.castBallot(this.sessionId, choices);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已投票', 'success');
    return this.load();
  },
});
