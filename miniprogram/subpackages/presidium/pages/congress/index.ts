/**
 * 人代会管理 (the presidium): the sessions; a new session or a draft's edit (届次, 会次, dates, place, agenda
 * one line each "09:00 开幕"); convene (the deputies are then fixed) and close; the check-in code to show;
 * attendance and the quorum, marking a deputy present; the candidates (draft/edit with the villages as
 * chips and the opinions they come from picked from the township's recent ones, publish for comment, put
 * on the ballot); the pass rule in plain words, changed before the vote opens (全体/到会代表, 过半数 or a
 * larger share); open and close the vote; paper ballots entered by two staff; the results with counts
 * and the tally check.
 */
import {
  api,
  type BallotChoices,
  type CandidateView,
  type LinkableOpinion,
  type SessionAttendance,
  type SessionResults,
  type SessionView,
  type TallyCheck,
} from '../../../../services/api';
import { PASS_BASE_LABELS, passRuleLabel } from '../../../../services/core.generated';
import { chinaDateAfter, chooseTownship, errorState } from '../../../../services/page-state';
import { confirmDialog, newRequestId, toast } from '../../../../services/platform';

type Choice = 'yes' | 'no' | 'abstain';
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'yes', label: '赞成' },
  { value: 'no', label: '反对' },
  { value: 'abstain', label: '弃权' },
];

type PassBase = 'all' | 'present';
interface PassRule {
  base: PassBase;
  numerator: number;
  denominator: number;
}
const PASS_BASE_CHOICES: { value: PassBase; label: string }[] = [
  { value: 'all', label: PASS_BASE_LABELS.all },
  { value: 'present', label: PASS_BASE_LABELS.present },
];
/** The shares the form offers, after 赞成票要超过 (the rule is "more than" the share). */
const PASS_SHARES: { numerator: number; denominator: number; label: string }[] = [
  { numerator: 1, denominator: 2, label: '半数' },
  { numerator: 2, denominator: 3, label: '三分之二' },
  { numerator: 3, denominator: 4, label: '四分之三' },
];
/** A share set elsewhere (e.g. 3/5) in the form's words: 五分之三. */
const shareLabel = (r: { numerator: number; denominator: number }) =>
  passRuleLabel({ ...r, base: 'all' })
    .replace('获得超过全体代表', '')
    .replace('的赞成票通过', '');
const shareKey = (r: { numerator: number; denominator: number }) => `${r.numerator}/${r.denominator}`;

interface VillageChip {
  code: string;
  name: string;
  on: boolean;
}
interface OpinionRow extends LinkableOpinion {
  on: boolean;
}

interface CandidateRow extends CandidateView {
  pick: boolean;
  paper: Choice | '';
}

const emptySession = () => ({
  term: '',
  meeting: '',
  date: chinaDateAfter(30),
  endDate: '',
  place: '',
  agenda: '',
});
const emptyCandidate = () => ({
  candidateId: '',
  title: '',
  description: '',
  budget: '',
  departmentIndex: 0,
  opinionIds: [] as string[],
});

/** "09:00 开幕" lines → agenda items; a line without a time is refused in plain words. */
function agendaOf(text: string): { items: { time: string; title: string }[]; problem: string } {
  const items: { time: string; title: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{1,2})[:：](\d{2})\s*(.+)$/.exec(line);
    if (!m) return { items, problem: `议程“${line}”请写成“09:00 开幕”这样` };
    items.push({ time: `${m[1].padStart(2, '0')}:${m[2]}`, title: m[3].trim() });
  }
  return { items, problem: '' };
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    sessions: [] as SessionView[],
    session: null as SessionView | null,
    attendance: null as SessionAttendance | null,
    candidates: [] as CandidateRow[],
    results: null as SessionResults | null,
    tally: null as TallyCheck | null,
    departments: [] as { id: string; name: string }[],
    choices: CHOICES,
    // the session form ('new' or 'edit'), the candidate form
    sessionForm: '',
    sf: emptySession(),
    candidateForm: false,
    cf: emptyCandidate(),
    villageChips: [] as VillageChip[],
    opinionRows: [] as OpinionRow[],
    opinionQuery: '',
    opinionCursor: 0,
    opinionsLoading: false,
    formError: '',
    commentUntil: chinaDateAfter(14),
    minDate: chinaDateAfter(0),
    // the pass rule's form
    ruleForm: false,
    rf: { base: 'all', numerator: 1, denominator: 2 } as PassRule,
    ruleKey: '1/2',
    rulePreview: '',
    passBases: PASS_BASE_CHOICES,
    passShares: PASS_SHARES.map((x) => ({ key: shareKey(x), label: x.label })),
    // paper ballot
    paperIndex: 0,
    paperCode: '',
    paperNote: '',
    busy: false,
  },

  sessionId: '',
  requestId: '',
  villageList: [] as { code: string; name: string }[],

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.sessionId = query.id ?? '';
    return this.load();
  },

  async load() {
    const [list, departments] = await Promise.all([api.congress.listSessions(), api.opinion.departments()]);
    if (!list.ok) return this.setData(errorState(list.error));
    const deps = departments.ok ? departments.data.map((d) => ({ id: d.id, name: d.name })) : [];
    if (!this.sessionId) {
      this.setData({
        loading: false,
        errorMessage: '',
        sessions: list.data,
        session: null,
        departments: deps,
      });
      return;
    }
    const id = this.sessionId;
    const [session, candidates, attendance] = await Promise.all([
      api.congress.getSession(id),
      api.congress.listCandidates(id),
      api.congress.sessionAttendance(id),
    ]);
    if (!session.ok) return this.setData(errorState(session.error));
    let results: SessionResults | null = null;
    let tally: TallyCheck | null = null;
    if (session.data.vote === 'closed') {
      const [r, t] = await Promise.all([api.congress.sessionResults(id), api.congress.verifyTally(id)]);
      if (r.ok) results = r.data;
      if (t.ok) tally = t.data;
    }
    this.setData({
      loading: false,
      errorMessage: '',
      sessions: list.data,
      session: session.data,
      departments: deps,
      attendance: attendance.ok ? attendance.data : null,
      candidates: candidates.ok
        ? candidates.data.map((c) => ({ ...c, pick: c.status === 'onBallot', paper: '' as const }))
        : [],
      results,
      tally,
    });
  },

  open(e: WechatMiniprogram.TouchEvent) {
    this.sessionId = (e.currentTarget.dataset as { id: string }).id;
    this.setData({
      loading: true,
      sessionForm: '',
      candidateForm: false,
      ruleForm: false,
      paperNote: '',
      paperCode: '',
    });
    return this.load();
  },

  backToList() {
    this.sessionId = '';
    return this.load();
  },

  // the session form
  newSession() {
    this.setData({ sessionForm: 'new', sf: emptySession(), formError: '' });
  },
  editSession() {
    const s = this.data.session;
    if (!s) return;
    this.setData({
      sessionForm: 'edit',
      formError: '',
      sf: {
        term: String(s.term),
        meeting: String(s.meeting),
        date: s.date,
        endDate: s.endDate ?? '',
        place: s.place,
        agenda: s.agenda.map((a) => `${a.time} ${a.title}`).join('\n'),
      },
    });
  },
  typeSession(e: WechatMiniprogram.Input) {
    const field = (e.currentTarget.dataset as { field: string }).field;
    this.setData({ [`sf.${field}`]: e.detail.value, formError: '' });
  },
  cancelForm() {
    this.setData({ sessionForm: '', candidateForm: false, formError: '' });
  },
  async saveSession() {
    const f = this.data.sf;
    const { items, problem } = agendaOf(f.agenda);
    const term = Number(f.term);
    const meeting = Number(f.meeting);
    const missing =
      problem ||
      (!term || !meeting ? '请填写第几届第几次会议' : '') ||
      (!f.place.trim() ? '请填写会议地点' : '');
    if (missing) return this.setData({ formError: missing });
    if (this.data.busy) return;
    this.setData({ busy: true });
    const common = {
      date: f.date,
      place: f.place.trim(),
      agenda: items,
      ...(f.endDate ? { endDate: f.endDate } : {}),
    };
    const res =
      this.data.sessionForm === 'new'
        ? await api.congress.createSession({ term, meeting, ...common })
        : await api.congress.editSession({ sessionId: this.sessionId, ...common });
    this.setData({ busy: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    this.sessionId = res.data.sessionId;
    this.setData({ sessionForm: '' });
    toast('已保存', 'success');
    return this.load();
  },

  // the pass rule (before the vote opens)
  editRule() {
    const s = this.data.session;
    if (!s) return;
    const rule: PassRule = { ...s.passRule };
    const shares = PASS_SHARES.some((x) => shareKey(x) === shareKey(rule))
      ? PASS_SHARES
      : [...PASS_SHARES, { ...rule, label: shareLabel(rule) }];
    this.setData({
      ruleForm: true,
      rf: rule,
      ruleKey: shareKey(rule),
      rulePreview: passRuleLabel(rule),
      passShares: shares.map((x) => ({ key: shareKey(x), label: x.label })),
    });
  },
  pickRuleBase(e: WechatMiniprogram.TouchEvent) {
    const base = (e.currentTarget.dataset as { value: PassBase }).value;
    const rf = { ...this.data.rf, base };
    this.setData({ rf, rulePreview: passRuleLabel(rf) });
  },
  pickRuleShare(e: WechatMiniprogram.TouchEvent) {
    const key = (e.currentTarget.dataset as { key: string }).key;
    const [numerator, denominator] = key.split('/').map(Number);
    const rf = { ...this.data.rf, numerator, denominator };
    this.setData({ rf, ruleKey: key, rulePreview: passRuleLabel(rf) });
  },
  cancelRule() {
    this.setData({ ruleForm: false });
  },
  async saveRule() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.congress.setPassRule(this.sessionId, this.data.rf);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    this.setData({ ruleForm: false });
    toast('通过规则已保存', 'success');
    return this.load();
  },

  async act(name: 'convene' | 'closeSession' | 'openVote' | 'closeVote', question: string) {
    if (this.data.busy || !(await confirmDialog('请确认', question))) return;
    this.setData({ busy: true });
    const res = await api.congress[name](this.sessionId);
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    toast('已完成', 'success');
    return this.load();
  },
  convene() {
    return this.act('convene', '宣布开会后，本次会议的代表名单就确定了。');
  },
  closeSession() {
    return this.act('closeSession', '确定闭会吗？闭会后不能再签到。');
  },
  openVote() {
    const rule = this.data.session?.passRuleText ?? '';
    return this.act('openVote', `开始投票后不能再改选票上的项目和通过规则（${rule}）。`);
  },
  closeVote() {
    return this.act('closeVote', '结束投票后将计票并公布结果。');
  },

  async markPresent(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const res = await api.congress.markPresent(this.sessionId, id);
    if (!res.ok) return toast(res.error.message);
    return this.load();
  },

  // candidates
  newCandidate() {
    this.requestId = newRequestId();
    this.setData({ candidateForm: true, cf: emptyCandidate(), formError: '' });
    return this.loadPickers([]);
  },
  /** The form's pickers: the township's villages as chips, and its recent opinions to link. */
  async loadPickers(villageCodes: string[]) {
    if (!this.villageList?.length) {
      const cfg = await api.admin.listConfig();
      if (cfg.ok) this.villageList = cfg.data.villages.map((v) => ({ code: v.code, name: v.name }));
    }
    this.setData({
      villageChips: (this.villageList ?? []).map((v: { code: string; name: string }) => ({
        ...v,
        on: villageCodes.includes(v.code),
      })),
      opinionQuery: '',
    });
    return this.loadOpinions(false);
  },
  async loadOpinions(more: boolean) {
    this.setData({ opinionsLoading: true });
    const q = this.data.opinionQuery.trim();
    const res = await api.congress.opinionsForCandidate(q, more ? this.data.opinionCursor : undefined);
    this.setData({ opinionsLoading: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    const linked = this.data.cf.opinionIds;
    const rows = res.data.opinions.map((o) => ({ ...o, on: linked.includes(o.id) }));
    this.setData({
      opinionRows: more ? [...this.data.opinionRows, ...rows] : rows,
      opinionCursor: res.data.nextCursor ?? 0,
    });
  },
  toggleVillage(e: WechatMiniprogram.TouchEvent) {
    const code = (e.currentTarget.dataset as { code: string }).code;
    this.setData({
      villageChips: this.data.villageChips.map((v) => (v.code === code ? { ...v, on: !v.on } : v)),
    });
  },
  toggleOpinion(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const linked = this.data.cf.opinionIds;
    const opinionIds = linked.includes(id) ? linked.filter((x) => x !== id) : [...linked, id];
    this.setData({
      'cf.opinionIds': opinionIds,
      opinionRows: this.data.opinionRows.map((o) => ({ ...o, on: opinionIds.includes(o.id) })),
    });
  },
  typeOpinionQuery(e: WechatMiniprogram.Input) {
    this.setData({ opinionQuery: e.detail.value });
  },
  searchOpinions() {
    return this.loadOpinions(false);
  },
  moreOpinions() {
    return this.loadOpinions(true);
  },
  editCandidate(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const c = this.data.candidates.find((x) => x._id === id);
    if (!c) return;
    this.requestId = newRequestId();
    this.setData({
      candidateForm: true,
      formError: '',
      cf: {
        candidateId: c._id,
        title: c.title,
        description: c.description,
        budget: String(c.budgetWan),
        departmentIndex: Math.max(
          0,
          this.data.departments.findIndex((d) => d.id === c.departmentId),
        ),
        opinionIds: [...c.opinionIds],
      },
    });
    return this.loadPickers(c.villageCodes);
  },
  typeCandidate(e: WechatMiniprogram.Input) {
    const field = (e.currentTarget.dataset as { field: string }).field;
    this.setData({ [`cf.${field}`]: e.detail.value, formError: '' });
  },
  pickDepartment(e: WechatMiniprogram.PickerChange) {
    this.setData({ 'cf.departmentIndex': Number(e.detail.value) });
  },
  async saveCandidate() {
    const f = this.data.cf;
    const department = this.data.departments[f.departmentIndex];
    const budgetWan = Number(f.budget);
    const missing =
      (!f.title.trim() ? '请填写项目名称' : '') ||
      (!f.budget || !Number.isFinite(budgetWan) ? '请填写投资（万元）' : '') ||
      (!department ? '请选择责任单位' : '');
    if (missing) return this.setData({ formError: missing });
    this.setData({ busy: true });
    const res = await api.congress.saveCandidate(this.requestId, {
      sessionId: this.sessionId,
      ...(f.candidateId ? { candidateId: f.candidateId } : {}),
      title: f.title.trim(),
      description: f.description.trim(),
      budgetWan,
      departmentId: department.id,
      villageCodes: this.data.villageChips.filter((v) => v.on).map((v) => v.code),
      opinionIds: f.opinionIds,
    });
    this.setData({ busy: false });
    if (!res.ok) return this.setData({ formError: res.error.message });
    this.setData({ candidateForm: false });
    toast('已保存', 'success');
    return this.load();
  },
  pickUntil(e: WechatMiniprogram.PickerChange) {
    this.setData({ commentUntil: String(e.detail.value) });
  },
  async publish(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    const res = await api.congress.publishCandidate(id, this.data.commentUntil);
    if (!res.ok) return toast(res.error.message);
    toast(`已公布，已通知${res.data.told}人`, 'success');
    return this.load();
  },
  togglePick(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    this.setData({
      candidates: this.data.candidates.map((c) => (c._id === id ? { ...c, pick: !c.pick } : c)),
    });
  },
  async putOnBallot() {
    const ids = this.data.candidates.filter((c) => c.pick).map((c) => c._id);
    if (ids.length === 0) return toast('请先勾选要列入选票的项目');
    const res = await api.congress.putOnBallot(this.sessionId, ids);
    if (!res.ok) return toast(res.error.message);
    toast(`选票上共${res.data.onBallot.length}个项目`, 'success');
    return this.load();
  },

  // paper ballots (two different staff enter the same ballot)
  pickPaperDeputy(e: WechatMiniprogram.PickerChange) {
    this.setData({ paperIndex: Number(e.detail.value) });
  },
  typePaperCode(e: WechatMiniprogram.Input) {
    this.setData({ paperCode: e.detail.value });
  },
  choosePaper(e: WechatMiniprogram.TouchEvent) {
    const { id, value } = e.currentTarget.dataset as { id: string; value: Choice };
    this.setData({
      candidates: this.data.candidates.map((c) => (c._id === id ? { ...c, paper: value } : c)),
    });
  },
  async enterPaper() {
    const deputy = this.data.attendance?.deputies[this.data.paperIndex];
    const onBallot = this.data.candidates.filter((c) => c.status === 'onBallot');
    if (!deputy) return toast('请选择代表');
    if (onBallot.some((c) => !c.paper)) return toast('请把每个项目都录入');
    const choices: BallotChoices = {};
    for (const c of onBallot) choices[c._id] = c.paper as Choice;
    this.setData({ busy: true });
    const res = await api.congress.enterPaperBallot(
      this.sessionId,
      deputy.deputyId,
      choices,
      this.data.paperCode.trim() || undefined,
    );
    this.setData({ busy: false });
    if (!res.ok) return toast(res.error.message);
    const data = res.data as { held?: boolean; pairingCode?: string; voted?: boolean };
    this.setData({
      paperCode: '',
      paperNote: data.held
        ? `已录入第一遍。请另一位工作人员录入${deputy.name}的同一张选票，配对码 ${data.pairingCode ?? ''}`
        : `${deputy.name}的纸质选票两遍录入一致，已计入`,
      candidates: this.data.candidates.map((c) => ({ ...c, paper: '' as const })),
    });
    return this.load();
  },
});
