/**
 * One 民生实事候选项目 (villagers): what it is, its budget, the office responsible and the villages, 源自群众意见N件, the comments others left (never
 * who wrote them), and a large comment box while comments are open. A comment the content check holds
 * back is said so plainly; a refused one shows the server's Chinese message.
 */
import { api, type CandidateDetail } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { newRequestId, setTitle, toast } from '../../../../services/platform';

const MAX = 300;

interface CommentRow {
  key: string;
  content: string;
  mine: boolean;
  held: boolean;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    candidate: null as CandidateDetail | null,
    villagesText: '',
    comments: [] as CommentRow[],
    text: '',
    max: MAX,
    formError: '',
    sentNote: '',
    busy: false,
  },

  candidateId: '',
  requestId: '',

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.candidateId = query.id ?? '';
    return this.load();
  },

  async load() {
    const candidate = await loadInto(this, () => api.congress.getCandidate(this.candidateId));
    if (!candidate) return;
    setTitle(candidate.title);
    this.setData({
      loading: false,
      candidate,
      villagesText: candidate.villageNames.join('、'),
      comments: candidate.commentList.map((c, i) => ({
        key: `c${i}`,
        content: c.content,
        mine: c.mine,
        held: c.held,
      })),
    });
  },

  onText(e: { detail: { value: string } }) {
    this.setData({ text: e.detail.value, formError: '' });
  },

  async send() {
    if (this.data.busy) return;
    const text = this.data.text.trim();
    if (!text) return this.setData({ formError: '请先写下您的意见' });
    if (!this.requestId) this.requestId = newRequestId();
    this.setData({ busy: true, formError: '' });
    const res = await api.congress.commentCandidate(this.requestId, this.candidateId, text);
    this.setData({ busy: false });
    if (!res.ok) {
      // the same words can be sent again once changed: a new request
      this.requestId = '';
      return this.setData({ formError: res.error.message });
    }
    this.requestId = '';
    this.setData({
      text: '',
      sentNote: res.data.held ? '您的意见已收到，需要工作人员看过后才显示。' : '您的意见已发表，谢谢！',
    });
    toast('已提交', 'success');
    return this.load();
  },
});
