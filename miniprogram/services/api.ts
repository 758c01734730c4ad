/**
 * The only door to the backend. In production it calls the cloud functions through wx.cloud; in
 * development it posts the same event to the local cloud (`npm start`) with the chosen persona's
 * openid in `x-wx-openid`. Every call resolves to the envelope; it never throws.
 */
import type { ActionAnswer, ActionInput, ActionName, FunctionName } from './api.generated';
import { CONFIG } from './config';
import { errorText } from './errors';
import { devOpenid } from './platform';
import { currentTownship, forgetTownship } from './township';

export type ApiError = { code: string; message: string; details?: unknown };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export { DEV_OPENID_KEY } from './config';

function networkError<T>(): ApiResult<T> {
  return { ok: false, error: { code: 'NETWORK', message: errorText('NETWORK') } };
}

function normalise<T>(result: unknown): ApiResult<T> {
  const r = result as ApiResult<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return networkError<T>();
  // The township kept in storage is gone from the county's list: the home page asks again.
  if (!r.ok && r.error.code === 'TOWNSHIP_NOT_FOUND') forgetTownship();
  if (!r.ok) return { ok: false, error: { ...r.error, message: errorText(r.error.code, r.error.message) } };
  return r;
}

/** What action `A` of function `F` sends and answers, from the action table (services/api.generated.ts). */
export type Input<F extends FunctionName, A extends ActionName<F>> = ActionInput<F, A>;
export type Answer<F extends FunctionName, A extends ActionName<F>> = ActionAnswer<F, A>;
/** The payload may be left out when none of its fields is required. */
type Payload<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends Input<F, A> ? [payload?: Input<F, A>] : [payload: Input<F, A>];

/**
 * Calls `name.action` with its payload, typed by the action table; answers the envelope, never throws.
 * The township being shown (services/township.ts) goes beside `action` when one is chosen; without
 * one the server answers in the caller's own township (staff) or the county's only one.
 */
export function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[payload]: Payload<F, A>
): Promise<ApiResult<Answer<F, A>>> {
  return send(currentTownship(), name, action, payload);
}

/** A call door, as `call` is: the pages' api groups are built on one (services/api.ts callerIn). */
type Caller = <F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[payload]: Payload<F, A>
) => Promise<ApiResult<Answer<F, A>>>;

/** `call` itself: the default door of the api groups (the township shown). */
const callShown: Caller = call;

/** `call`, but in `townshipId` whatever township is shown. */
function callerIn(townshipId: string): Caller {
  return (name, action, ...[payload]) => send(townshipId, name, action, payload);
}

/**
 * The county's own pseudo-township (core/identity/township.rules.ts): county staff (县人大常委会) name it
 * to work for the whole county — the articles every township reads.
 */
export { COUNTY } from './core.generated';

/**
 * The article and holiday tools run in `townshipId` whatever township is shown: the presidium's pages
 * opened from the county's home run in COUNTY (`apiIn(COUNTY)`), a township's presidium uses `api`.
 */
export function apiIn(townshipId: string) {
  const c = callerIn(townshipId);
  return { article: articleApi(c), admin: adminApi(c) };
}

/** Calls `name.action` in `townshipId` whatever township is shown (before one is chosen, say). */
export function callIn<F extends FunctionName, A extends ActionName<F>>(
  townshipId: string,
  name: F,
  action: A,
  ...[payload]: Payload<F, A>
): Promise<ApiResult<Answer<F, A>>> {
  return send(townshipId, name, action, payload);
}

async function send<F extends FunctionName, A extends ActionName<F>>(
  townshipId: string,
  name: F,
  action: A,
  payload: Input<F, A> | undefined,
): Promise<ApiResult<Answer<F, A>>> {
  type T = Answer<F, A>;
  const data = { ...(payload as object | undefined), action, ...(townshipId ? { townshipId } : {}) };
  if (CONFIG.backend === 'cloud') {
    try {
      const res = await wx.cloud.callFunction({ name, data });
      return normalise<T>(res.result);
    } catch {
      return networkError<T>();
    }
  }
  return new Promise((resolve) => {
    wx.request({
      url: `${CONFIG.localUrl}/functions/${name}`,
      method: 'POST',
      data,
      header: {
        'content-type': 'application/json',
        'x-wx-openid': devOpenid(),
      },
      success: (res) => resolve(normalise<T>(res.data)),
      fail: () => resolve(networkError<T>()),
    });
  });
}

/**
 * The names pages use for what the functions answer: each is the generated answer type (or a part of
 * it), so a page that reads a field the server does not send fails the typecheck.
 */
type Item<T> = T extends readonly (infer I)[] ? I : never;
type Sent<F extends FunctionName, A extends ActionName<F>> = Omit<Input<F, A>, 'requestId'>;

export type Me = Answer<'account', 'whoami'>;
export type Binding = Item<Me['bindings']>;

// stations
export type StationSummary = Item<Answer<'station', 'list'>>;
export type StationView = Answer<'station', 'get'>;

// articles (法律知识)
export type ArticleCard = Item<Answer<'article', 'list'>['items']>;
export type ArticleReading = Answer<'article', 'get'>;
export type ArticleInput = Omit<Sent<'article', 'saveDraft'>, 'articleId'>;
export type ArticleReach = Answer<'article', 'reach'>;

// reception days and bookings (接待日、预约)
export type BookingDay = Item<Answer<'booking', 'listDays'>>;
export type BookingInput = Sent<'booking', 'book'>;
export type BookingDone = Answer<'booking', 'book'>;
export type MyBooking = Item<Answer<'booking', 'mine'>>;
export type WaitlistJoined = Answer<'booking', 'joinWaitlist'>;
export type MyWaitlistEntry = Item<Answer<'booking', 'myWaitlist'>>;
export type BookingSettings = Answer<'booking', 'getSettings'>;
export type StationDay = Item<Answer<'booking', 'stationDays'>>;
export type Roster = Answer<'booking', 'roster'>;
export type RosterRow = Item<Roster['bookings']>;
export type CheckedIn = Answer<'booking', 'checkIn'>;
export type RecordDone = Answer<'booking', 'record'>;
export type StoredRecord = NonNullable<Answer<'booking', 'getRecord'>>;
export type RecordForm = Answer<'booking', 'recordForm'>;
export type MatterInput = Item<Sent<'booking', 'record'>['matters']>;
/** A station's recurring reception rule, as booking.setSchedule takes it. */
export type ScheduleInput = Input<'booking', 'setSchedule'>;

// the presidium's configuration
export type CategoryInput = Input<'admin', 'upsertCategory'>;
export type StationInput = Input<'admin', 'upsertStation'>;
export type DeputyInput = Input<'admin', 'upsertDeputy'>;
export type DepartmentInput = Input<'admin', 'upsertDepartment'>;

// opinions (意见建议)
export type OpinionCategory = Item<Answer<'opinion', 'categories'>>;
export type OpinionDraftInput = Sent<'opinion', 'submit'>;
export type OpinionSubmitted = Answer<'opinion', 'submit'>;
export type SimilarOpinion = Item<Answer<'opinion', 'similar'>['matches']>;
export type MyOpinion = Item<Answer<'opinion', 'mine'>>;
export type OpinionCase = Answer<'opinion', 'get'>;
export type VillagerCase = Extract<OpinionCase, { role: 'villager' | 'follower' }>;
export type DeputyCase = Extract<OpinionCase, { role: 'deputy' }>;
export type AnswerTemplateItem = Item<Answer<'opinion', 'templates'>['templates']>;
export type PresidiumCase = Extract<OpinionCase, { role: 'presidium' }>;
export type InboxItem = Item<Answer<'opinion', 'inbox'>['open']>;
export type OpinionRating = Input<'opinion', 'rate'>['rating'];
export type PublicAnswerItem = Item<Answer<'opinion', 'publicAnswers'>>;

// a department's transferred cases (部门工作人员)
export type DepartmentInboxItem = Item<Answer<'department', 'inbox'>['open']>;
export type DepartmentCase = Answer<'department', 'get'>;

// duty records (履职登记), notices (履职登记公示), evaluations (述职测评)
export type DutyRecordItem = Answer<'duty', 'addRecord'>;
export type DutyRecordInput = Sent<'duty', 'addRecord'>;
export type NoticeView = Answer<'duty', 'approveNotice'>;
export type NoticeListItem = Item<Answer<'duty', 'listNotices'>>;
export type NoticeDeputyAnswer = Item<NoticeListItem['deputyAnswers']>;
export type ConfirmationChannel = Input<'duty', 'recordConfirmation'>['channel'];
export type NoticeHistoryItem = Item<Answer<'duty', 'noticeHistory'>>;
export type PeriodItem = Item<Answer<'duty', 'listPeriods'>>;
export type EvaluationItem = Answer<'duty', 'getEvaluation'>;
export type Subscriptions = Answer<'account', 'mySubscriptions'>;
export type EvaluationRating = Input<'duty', 'rateEvaluation'>['rating'];

export const api = {
  account: {
    whoami: () => call('account', 'whoami'),
    /** Who the caller is in `townshipId` (and, in `bindings`, where else they work). */
    whoamiIn: (townshipId: string) => callIn(townshipId, 'account', 'whoami'),
    redeemInvite: (code: string) => call('account', 'redeemInvite', { code }),
    recordSubscriptions: (
      requestId: string,
      templates: Input<'account', 'recordSubscriptions'>['templates'],
    ) => call('account', 'recordSubscriptions', { requestId, templates }),
    mySubscriptions: (templates: Input<'account', 'mySubscriptions'>['templates']) =>
      call('account', 'mySubscriptions', { templates }),
  },
  station: {
    townships: () => call('station', 'townships'),
    list: () => call('station', 'list'),
    get: (code: string) => call('station', 'get', { code }),
  },
  article: articleApi(),
  booking: bookingApi(),
  admin: adminApi(),
  opinion: opinionApi(),
  department: {
    inbox: () => call('department', 'inbox'),
    get: (opinionId: string) => call('department', 'get', { opinionId }),
    answer: (requestId: string, opinionId: string, answer: string) =>
      call('department', 'answer', { requestId, opinionId, answer }),
    handBack: (requestId: string, opinionId: string, reason: string) =>
      call('department', 'handBack', { requestId, opinionId, reason }),
  },
  duty: dutyApi(),
  figures: figuresApi(),
  /** The township congress (人代会): sessions and the vote, and the livelihood projects that passed. */
  congress: { ...sessionsApi(), ...projectsApi() },
  /** Deputy groups (代表小组) and their activities (代表活动), rectification items (整改事项). */
  groups: { ...activitiesApi(), ...contactsApi() },
  /** Deputies' suggestions (代表建议): filing, co-signing, assignment, the offices' answers, the rating. */
  suggestion: suggestionApi(),
  /** The presidium's keys to the Open311 door for the county's systems (12345 hotline …). */
  open311: {
    issueKey: (input: Input<'open311', 'issueKey'>) => call('open311', 'issueKey', { ...input }),
    listKeys: () => call('open311', 'listKeys'),
    revokeKey: (id: string) => call('open311', 'revokeKey', { id }),
  },
};

/** An API key as the presidium sees it (never the key itself); the issued one carries `token` once. */
export type ApiKeyView = Item<Answer<'open311', 'listKeys'>>;
export type IssuedKey = Answer<'open311', 'issueKey'>;

/** The township's figures (统计): a report for a period and scope, the records behind a figure. */
export type FiguresQuery = Input<'figures', 'report'>;
export type FigureDrillQuery = Omit<Input<'figures', 'drill'>, 'period' | 'scope'>;
export type PublicCardView = Answer<'figures', 'publicCard'>;

function figuresApi() {
  return {
    report: (query: FiguresQuery) => call('figures', 'report', { ...query }),
    drill: (query: FiguresQuery, drill: FigureDrillQuery) => call('figures', 'drill', { ...query, ...drill }),
    /** A ledger (台账) as an Excel workbook: { fileID, url (a temporary link), rows, fileName }. */
    exportLedger: (input: Input<'figures', 'exportLedger'>) => call('figures', 'exportLedger', { ...input }),
    /** The printable A4 年度工作情况统计 sheet: { html, url? (a temporary link to open and print) }. */
    printableReport: (query: FiguresQuery) => call('figures', 'printableReport', { ...query }),
    /** A deputy's printable 履职档案 for a year. */
    printableArchive: (year: number, deputyId: string) =>
      call('figures', 'printableArchive', { year, deputyId }),
    /** A station's public card (villagers): this year's received, answered, on time, satisfied. */
    publicCard: (stationCode: string) => call('figures', 'publicCard', { stationCode }),
  };
}

/** Legal-knowledge articles (法律知识): what the article pages and the presidium's pages call. */
function articleApi(call: Caller = callShown) {
  return {
    listCategories: () => call('article', 'listCategories'),
    list: (query: Input<'article', 'list'>) => call('article', 'list', query),
    search: (query: string) => call('article', 'search', { query }),
    get: (articleId: string) => call('article', 'get', { articleId }),
    subscribeNext: () => call('article', 'subscribeNext'),
    related: (opinionCategory: string, limit = 3) => call('article', 'related', { opinionCategory, limit }),
    // the presidium
    listAll: (page = 1) => call('article', 'listAll', { page }),
    getForEdit: (articleId: string) => call('article', 'getForEdit', { articleId }),
    saveDraft: (requestId: string, input: ArticleInput, articleId?: string) =>
      call('article', 'saveDraft', { requestId, ...input, ...(articleId ? { articleId } : {}) }),
    preview: (input: ArticleInput) => call('article', 'preview', { ...input }),
    publish: (requestId: string, articleId: string, confirmed = false) =>
      call('article', 'publish', { requestId, articleId, confirmed }),
    revise: (requestId: string, articleId: string, input: ArticleInput, confirmed = false) =>
      call('article', 'revise', { requestId, articleId, confirmed, ...input }),
    unpublish: (requestId: string, articleId: string) =>
      call('article', 'unpublish', { requestId, articleId }),
    reach: (articleId: string) => call('article', 'reach', { articleId }),
  };
}

/** Reception days and bookings (接待日、预约): villagers, the station desk and the presidium. */
function bookingApi() {
  return {
    listDays: (stationCode: string) => call('booking', 'listDays', { stationCode }),
    book: (requestId: string, input: BookingInput) => call('booking', 'book', { requestId, ...input }),
    cancel: (bookingId: string) => call('booking', 'cancel', { bookingId }),
    mine: () => call('booking', 'mine'),
    joinWaitlist: (requestId: string, input: BookingInput) =>
      call('booking', 'joinWaitlist', { requestId, ...input }),
    leaveWaitlist: (dayId: string) => call('booking', 'leaveWaitlist', { dayId }),
    myWaitlist: () => call('booking', 'myWaitlist'),
    getSettings: () => call('booking', 'getSettings'),
    setSettings: (reminderLead: BookingSettings['reminderLead']) =>
      call('booking', 'setSettings', { reminderLead }),
    // the station desk (station admin, deputies on duty)
    stationDays: (stationCode: string) => call('booking', 'stationDays', { stationCode }),
    roster: (dayId: string) => call('booking', 'roster', { dayId }),
    checkInByCode: (dayId: string, code: string) => call('booking', 'checkIn', { dayId, code }),
    checkInByQr: (qr: string) => call('booking', 'checkIn', { qr }),
    walkIn: (requestId: string, input: Sent<'booking', 'walkIn'>) =>
      call('booking', 'walkIn', { requestId, ...input }),
    record: (requestId: string, input: Sent<'booking', 'record'>) =>
      call('booking', 'record', { requestId, ...input }),
    getRecord: (dayId: string) => call('booking', 'getRecord', { dayId }),
    recordForm: (dayId: string) => call('booking', 'recordForm', { dayId }),
    addDay: (input: Input<'booking', 'addDay'>) => call('booking', 'addDay', { ...input }),
    changeDuty: (dayId: string, deputyIds: string[]) => call('booking', 'changeDuty', { dayId, deputyIds }),
    cancelDay: (dayId: string, reason: string) => call('booking', 'cancelDay', { dayId, reason }),
    // the recurring schedule (station admin: own station; presidium: any)
    getSchedule: (stationCode: string) => call('booking', 'getSchedule', { stationCode }),
    setSchedule: (input: ScheduleInput) => call('booking', 'setSchedule', { ...input }),
  };
}

/** The presidium's tools (function `admin`), plus the invite codes deputies and staff bind with (account). */
function adminApi(call: Caller = callShown) {
  return {
    dashboard: () => call('admin', 'dashboard'),
    supervisionList: (filter: Input<'admin', 'supervisionList'> = {}) =>
      call('admin', 'supervisionList', { ...filter }),
    chase: (id: string, note?: string) => call('admin', 'chase', note ? { id, note } : { id }),
    mergeOpinions: (sourceId: string, targetId: string) =>
      call('admin', 'mergeOpinions', { sourceId, targetId }),
    moderationQueue: () => call('admin', 'moderationQueue'),
    moderate: (id: string, decision: Input<'admin', 'moderate'>['decision'], reason?: string) =>
      call('admin', 'moderate', { id, decision, ...(reason ? { reason } : {}) }),
    recordDepartmentAnswer: (id: string, answer: string) =>
      call('admin', 'recordDepartmentAnswer', { id, answer }),
    reassign: (id: string, deputyIds: string[], reason: string) =>
      call('admin', 'reassign', { id, deputyIds, reason }),
    listConfig: () => call('admin', 'listConfig'),
    upsertCategory: (c: CategoryInput) => call('admin', 'upsertCategory', { ...c }),
    upsertDepartment: (d: DepartmentInput) => call('admin', 'upsertDepartment', { ...d }),
    getRoutingTable: () => call('admin', 'getRoutingTable'),
    setRoutingRules: (baseVersion: number, rules: Input<'admin', 'setRoutingRules'>['rules']) =>
      call('admin', 'setRoutingRules', { baseVersion, rules }),
    explainRoute: (stationCode: string, villageCode: string, categoryCode: string) =>
      call('admin', 'explainRoute', { stationCode, villageCode, categoryCode }),
    upsertStation: (station: StationInput) => call('admin', 'upsertStation', { ...station }),
    upsertVillage: (village: Input<'admin', 'upsertVillage'>) =>
      call('admin', 'upsertVillage', { ...village }),
    upsertDeputy: (deputy: DeputyInput) => call('admin', 'upsertDeputy', { ...deputy }),
    listHolidays: (year?: number) => call('admin', 'listHolidays', year ? { year } : {}),
    upsertHolidays: (days: Input<'admin', 'upsertHolidays'>['days']) =>
      call('admin', 'upsertHolidays', { days }),
    removeHoliday: (date: string) => call('admin', 'removeHoliday', { date }),
    /** 防滥用设置: the limits in force, the range each may be set to, and the defaults. */
    getLimits: () => call('admin', 'getLimits'),
    setLimits: (change: Input<'admin', 'setLimits'>) => call('admin', 'setLimits', { ...change }),
    createInvite: (invite: Input<'account', 'createInvite'>) =>
      call('account', 'createInvite', { ...invite }),
  };
}

/** Opinions (意见建议): the villager's form, list and case; the deputy's inbox and case; public answers. */
function opinionApi() {
  return {
    categories: () => call('opinion', 'categories'),
    submit: (requestId: string, draft: OpinionDraftInput) =>
      call('opinion', 'submit', { requestId, ...draft }),
    similar: (stationCode: string, categoryCode: string, text: string) =>
      call('opinion', 'similar', { stationCode, categoryCode, text }),
    follow: (opinionId: string) => call('opinion', 'follow', { opinionId }),
    mine: () => call('opinion', 'mine'),
    get: (opinionId: string) => call('opinion', 'get', { opinionId }),
    rate: (
      requestId: string,
      opinionId: string,
      rating: Input<'opinion', 'rate'>['rating'],
      comment?: string,
    ) => call('opinion', 'rate', { requestId, opinionId, rating, ...(comment ? { comment } : {}) }),
    publicAnswers: (stationCode: string, limit = 10) =>
      call('opinion', 'publicAnswers', { stationCode, limit }),
    // deputies
    inbox: () => call('opinion', 'inbox'),
    departments: () => call('opinion', 'departments'),
    accept: (requestId: string, opinionId: string) => call('opinion', 'accept', { requestId, opinionId }),
    reply: (requestId: string, opinionId: string, answer: string) =>
      call('opinion', 'reply', { requestId, opinionId, answer }),
    transfer: (requestId: string, opinionId: string, departmentId: string, note?: string) =>
      call('opinion', 'transfer', { requestId, opinionId, departmentId, ...(note ? { note } : {}) }),
    handBack: (requestId: string, opinionId: string, reason: string) =>
      call('opinion', 'handBack', { requestId, opinionId, reason }),
    resolve: (requestId: string, opinionId: string, answer?: string) =>
      call('opinion', 'resolve', { requestId, opinionId, ...(answer ? { answer } : {}) }),
    /** 群众表示无需答复: closes the case with the villager's own word. */
    closeNoReply: (requestId: string, opinionId: string, villagerWord: string) =>
      call('opinion', 'closeNoReply', { requestId, opinionId, villagerWord }),
    /** The villager turns their named case anonymous (never the reverse). */
    hideName: (requestId: string, opinionId: string) => call('opinion', 'hideName', { requestId, opinionId }),
    /** 还没解决, by a follower of an answered case. */
    notResolved: (requestId: string, opinionId: string, note?: string) =>
      call('opinion', 'notResolved', { requestId, opinionId, ...(note ? { note } : {}) }),
    /** The deputy's own 常用答复. */
    templates: () => call('opinion', 'templates'),
    saveTemplate: (requestId: string, title: string, text: string, templateId?: string) =>
      call('opinion', 'saveTemplate', { requestId, title, text, ...(templateId ? { templateId } : {}) }),
    deleteTemplate: (requestId: string, templateId: string) =>
      call('opinion', 'deleteTemplate', { requestId, templateId }),
  };
}

// the township congress (人代会): sessions, check-in, candidates and comments, the vote
export type SessionView = Answer<'congress', 'getSession'>;
export type CandidateView = Item<Answer<'congress', 'listCandidates'>>;
export type CandidateDetail = Answer<'congress', 'getCandidate'>;
export type SessionResults = Answer<'congress', 'sessionResults'>;
export type SessionAttendance = Answer<'congress', 'sessionAttendance'>;
export type LinkableOpinion = Item<Answer<'congress', 'opinionsForCandidate'>['opinions']>;
export type TallyCheck = Answer<'congress', 'verifyTally'>;
export type SessionInput = Input<'congress', 'createSession'>;
export type CandidateInput = Omit<Input<'congress', 'saveCandidate'>, 'requestId'>;
export type BallotChoices = Input<'congress', 'castBallot'>['choices'];

/** The `congress` function's session actions (人代会). */
function sessionsApi() {
  return {
    listSessions: () => call('congress', 'listSessions'),
    getSession: (sessionId: string) => call('congress', 'getSession', { sessionId }),
    listCandidates: (sessionId: string) => call('congress', 'listCandidates', { sessionId }),
    getCandidate: (candidateId: string) => call('congress', 'getCandidate', { candidateId }),
    commentCandidate: (requestId: string, candidateId: string, content: string) =>
      call('congress', 'commentCandidate', { requestId, candidateId, content }),
    sessionResults: (sessionId: string) => call('congress', 'sessionResults', { sessionId }),
    verifyTally: (sessionId: string) => call('congress', 'verifyTally', { sessionId }),
    // deputies
    checkIn: (sessionId: string, code: string) => call('congress', 'checkIn', { sessionId, code }),
    castBallot: (sessionId: string, choices: BallotChoices) =>
      call('congress', 'castBallot', { sessionId, choices }),
    // presidium
    createSession: (input: SessionInput) => call('congress', 'createSession', { ...input }),
    editSession: (input: Input<'congress', 'editSession'>) => call('congress', 'editSession', { ...input }),
    convene: (sessionId: string) => call('congress', 'convene', { sessionId }),
    closeSession: (sessionId: string) => call('congress', 'closeSession', { sessionId }),
    markPresent: (sessionId: string, deputyId: string) =>
      call('congress', 'markPresent', { sessionId, deputyId }),
    sessionAttendance: (sessionId: string) => call('congress', 'sessionAttendance', { sessionId }),
    saveCandidate: (requestId: string, input: CandidateInput) =>
      call('congress', 'saveCandidate', { requestId, ...input }),
    opinionsForCandidate: (query?: string, cursor?: number) =>
      call('congress', 'opinionsForCandidate', {
        ...(query ? { query } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      }),
    publishCandidate: (candidateId: string, commentUntil: string) =>
      call('congress', 'publishCandidate', { candidateId, commentUntil }),
    putOnBallot: (sessionId: string, candidateIds: string[]) =>
      call('congress', 'putOnBallot', { sessionId, candidateIds }),
    setPassRule: (sessionId: string, rule: Omit<Input<'congress', 'setPassRule'>, 'sessionId'>) =>
      call('congress', 'setPassRule', { sessionId, ...rule }),
    openVote: (sessionId: string) => call('congress', 'openVote', { sessionId }),
    closeVote: (sessionId: string) => call('congress', 'closeVote', { sessionId }),
    enterPaperBallot: (sessionId: string, deputyId: string, choices: BallotChoices, pairingCode?: string) =>
      call('congress', 'enterPaperBallot', {
        sessionId,
        deputyId,
        choices,
        ...(pairingCode ? { pairingCode } : {}),
      }),
  };
}

// livelihood projects that passed (民生实事): plan, progress, inspections, the year's rating
export type ProjectListItem = Item<Answer<'congress', 'listProjects'>['projects']>;
export type ProjectDetail = Answer<'congress', 'getProject'>;
export type ProjectPlanInput = Omit<Input<'congress', 'planProject'>, 'candidateId'>;
export type PlanningCandidate = Item<Answer<'congress', 'passedForPlanning'>['candidates']>;
export type ProjectRatingRound = Answer<'congress', 'ratingRound'>;
export type ProjectRating = Input<'congress', 'rateProject'>['rating'];
export type InspectionItem = Item<Answer<'congress', 'myInspections'>['inspections']>;

/** The `congress` function's project actions (民生实事). */
function projectsApi() {
  return {
    listProjects: (year?: number) => call('congress', 'listProjects', year ? { year } : {}),
    getProject: (projectId: string) => call('congress', 'getProject', { projectId }),
    followProject: (projectId: string) => call('congress', 'followProject', { projectId }),
    unfollowProject: (projectId: string) => call('congress', 'unfollowProject', { projectId }),
    // presidium and the responsible office
    passedForPlanning: () => call('congress', 'passedForPlanning'),
    planProject: (candidateId: string, plan: ProjectPlanInput) =>
      call('congress', 'planProject', { candidateId, ...plan }),
    addProgress: (requestId: string, projectId: string, text: string, photos: string[]) =>
      call('congress', 'addProgress', { requestId, projectId, text, photos }),
    clearProgress: (reportId: string) => call('congress', 'clearProgress', { reportId }),
    markMilestoneDone: (
      requestId: string,
      projectId: string,
      milestoneId: string,
      doneOn: string,
      note = '',
    ) => call('congress', 'markMilestoneDone', { requestId, projectId, milestoneId, doneOn, note }),
    openRating: (year: number) => call('congress', 'openRating', { year }),
    closeRating: (year: number) => call('congress', 'closeRating', { year }),
    // deputies
    recordInspection: (requestId: string, input: Omit<Input<'congress', 'recordInspection'>, 'requestId'>) =>
      call('congress', 'recordInspection', { requestId, ...input }),
    myInspections: () => call('congress', 'myInspections'),
    ratingRound: (year?: number) => call('congress', 'ratingRound', year ? { year } : {}),
    rateProject: (requestId: string, projectId: string, rating: ProjectRating) =>
      call('congress', 'rateProject', { requestId, projectId, rating }),
  };
}

// deputies' suggestions (代表建议)
export type SuggestionDetail = Answer<'suggestion', 'get'>;
export type SuggestionItem = Item<Answer<'suggestion', 'mine'>['filed']>;
export type SuggestionInvite = Item<Answer<'suggestion', 'mine'>['invites']>;
export type SuggestionFiling = Omit<Input<'suggestion', 'file'>, 'requestId'>;
export type SuggestionRow = Item<Answer<'suggestion', 'list'>['items']>;
export type SuggestionOfficeItem = Item<Answer<'suggestion', 'inbox'>['items']>;
export type SuggestionOfOpinion = NonNullable<Answer<'suggestion', 'ofOpinion'>['suggestion']>;

/** The `suggestion` function's actions. */
function suggestionApi() {
  return {
    file: (requestId: string, filing: SuggestionFiling) =>
      call('suggestion', 'file', { requestId, ...filing }),
    raiseOpinion: (
      requestId: string,
      opinionId: string,
      filing: Omit<SuggestionFiling, 'cosignerIds' | 'sessionId'>,
    ) => call('suggestion', 'raiseOpinion', { requestId, opinionId, ...filing }),
    answerInvite: (suggestionId: string, confirm: boolean) =>
      call('suggestion', 'answerInvite', { suggestionId, confirm }),
    mine: () => call('suggestion', 'mine'),
    get: (suggestionId: string) => call('suggestion', 'get', { suggestionId }),
    rate: (suggestionId: string, rating: Input<'suggestion', 'rate'>['rating']) =>
      call('suggestion', 'rate', { suggestionId, rating }),
    list: (status?: Input<'suggestion', 'list'>['status']) =>
      call('suggestion', 'list', status ? { status } : {}),
    assign: (input: Input<'suggestion', 'assign'>) => call('suggestion', 'assign', { ...input }),
    setSettings: (answerMonths: number, rehandleMonths: number) =>
      call('suggestion', 'setSettings', { answerMonths, rehandleMonths }),
    inbox: () => call('suggestion', 'inbox'),
    signOff: (suggestionId: string, opinion: string) =>
      call('suggestion', 'signOff', { suggestionId, opinion }),
    answer: (input: Input<'suggestion', 'answer'>) => call('suggestion', 'answer', { ...input }),
    sendBack: (suggestionId: string, reason: string) =>
      call('suggestion', 'sendBack', { suggestionId, reason }),
    ofOpinion: (opinionId: string) => call('suggestion', 'ofOpinion', { opinionId }),
  };
}

// deputy groups and their activities (代表小组、代表活动、整改事项)
export type GroupView = Item<Answer<'groups', 'listGroups'>['groups']>;
export type GroupInput = Omit<Sent<'groups', 'saveGroup'>, 'groupId'>;
export type StationGroup = Item<Answer<'groups', 'stationGroups'>['groups']>;
export type StationActivity = Item<Answer<'groups', 'stationActivities'>['activities']>;
export type ActivityFormView = Answer<'groups', 'activityForm'>;
export type ActivityInput = Sent<'groups', 'scheduleActivity'>;
export type ActivitySummary = Item<Answer<'groups', 'listActivities'>['activities']>;
export type ActivityStatus = NonNullable<Input<'groups', 'listActivities'>['status']>;
export type ActivityDetail = Answer<'groups', 'getActivity'>;
export type ActivityInvitee = Item<ActivityDetail['invitees']>;
export type ActivityClose = Omit<Sent<'groups', 'closeActivity'>, 'activityId'>;
export type ActivityEdit = Sent<'groups', 'updateActivity'>;
export type RectificationView = Item<Answer<'groups', 'listRectifications'>['items']>;
export type RectificationStatus = NonNullable<Input<'groups', 'listRectifications'>['status']>;

/** The `groups` function's group, activity and rectification actions. */
function activitiesApi() {
  return {
    // groups
    saveGroup: (requestId: string, input: GroupInput, groupId?: string) =>
      call('groups', 'saveGroup', { requestId, ...input, ...(groupId ? { groupId } : {}) }),
    listGroups: (stationCode?: string) => call('groups', 'listGroups', stationCode ? { stationCode } : {}),
    stationGroups: (stationCode: string) => call('groups', 'stationGroups', { stationCode }),
    // activities
    activityForm: () => call('groups', 'activityForm'),
    scheduleActivity: (requestId: string, input: ActivityInput) =>
      call('groups', 'scheduleActivity', { requestId, ...input }),
    updateActivity: (requestId: string, edit: ActivityEdit) =>
      call('groups', 'updateActivity', { requestId, ...edit }),
    cancelActivity: (activityId: string, reason: string) =>
      call('groups', 'cancelActivity', { activityId, reason }),
    listActivities: (status?: ActivityStatus) => call('groups', 'listActivities', status ? { status } : {}),
    getActivity: (activityId: string) => call('groups', 'getActivity', { activityId }),
    checkInByQr: (qr: string) => call('groups', 'checkIn', { qr }),
    checkInByCode: (activityId: string, code: string) => call('groups', 'checkIn', { activityId, code }),
    markAttendance: (activityId: string, present: string[]) =>
      call('groups', 'markAttendance', { activityId, present }),
    closeActivity: (requestId: string, activityId: string, record: ActivityClose) =>
      call('groups', 'closeActivity', { requestId, activityId, ...record }),
    clearActivityRecord: (activityId: string) => call('groups', 'clearActivityRecord', { activityId }),
    stationActivities: (stationCode: string) => call('groups', 'stationActivities', { stationCode }),
    // rectification items
    listRectifications: (status?: RectificationStatus) =>
      call('groups', 'listRectifications', status ? { status } : {}),
    reportFixed: (rectificationId: string, fixedOn: string, note: string) =>
      call('groups', 'reportFixed', { rectificationId, fixedOn, note }),
  };
}

// the deputy's code (代表码) and contact duties (分片联系、结对帮扶)
export type DeputyPageView = Answer<'groups', 'deputyPage'>;
export type ContactOverview = Answer<'groups', 'contactOverview'>;
export type ContactDeputy = Item<ContactOverview['deputies']>;
export type HouseholdPairView = Item<ContactDeputy['pairs']>;
export type MyContacts = Answer<'groups', 'myContacts'>;
export type ContactVisitView = Item<MyContacts['visits']>;
export type PairInput = Omit<Sent<'groups', 'savePair'>, 'pairId'>;
export type VisitInput = Sent<'groups', 'logVisit'>;

/** The `groups` function's 代表码 and contact-duty actions. */
function contactsApi() {
  return {
    deputyCode: (deputyId: string) => call('groups', 'deputyCode', { deputyId }),
    deputyPage: (deputyId: string) => call('groups', 'deputyPage', { deputyId }),
    printDeputyCodes: () => call('groups', 'printDeputyCodes'),
    contactOverview: () => call('groups', 'contactOverview'),
    assignContact: (deputyId: string, memberOpenid: string | null) =>
      call('groups', 'assignContact', { deputyId, memberOpenid }),
    savePair: (requestId: string, input: PairInput, pairId?: string) =>
      call('groups', 'savePair', { requestId, ...input, ...(pairId ? { pairId } : {}) }),
    endPair: (pairId: string) => call('groups', 'endPair', { pairId }),
    myContacts: () => call('groups', 'myContacts'),
    logVisit: (requestId: string, input: VisitInput) => call('groups', 'logVisit', { requestId, ...input }),
  };
}

/** Duty records (履职登记), disclosure notices (履职登记公示) and report-back evaluations (述职测评). */
function dutyApi() {
  return {
    // deputies
    addRecord: (requestId: string, input: DutyRecordInput) =>
      call('duty', 'addRecord', { requestId, ...input }),
    editRecord: (id: string, input: DutyRecordInput) => call('duty', 'editRecord', { id, ...input }),
    myRecords: () => call('duty', 'myRecords'),
    myNotices: () => call('duty', 'myNotices'),
    confirmNotice: (id: string) => call('duty', 'confirmNotice', { id }),
    commentNotice: (id: string, comment: string) => call('duty', 'commentNotice', { id, comment }),
    postReport: (evaluationId: string, report: string) =>
      call('duty', 'postReport', { evaluationId, report }),
    // presidium
    reviewQueue: () => call('duty', 'reviewQueue'),
    approveRecord: (id: string) => call('duty', 'approveRecord', { id }),
    returnRecord: (id: string, comment: string) => call('duty', 'returnRecord', { id, comment }),
    listPeriods: () => call('duty', 'listPeriods'),
    setPeriod: (id: string, start: string, end: string) => call('duty', 'setPeriod', { id, start, end }),
    draftAllNotices: (periodId: string) => call('duty', 'draftAllNotices', { periodId }),
    draftNotice: (stationCode: string, periodId: string) =>
      call('duty', 'draftNotice', { stationCode, periodId }),
    listNotices: (periodId?: string) => call('duty', 'listNotices', periodId ? { periodId } : {}),
    approveNotice: (id: string) => call('duty', 'approveNotice', { id }),
    publishNotice: (id: string) => call('duty', 'publishNotice', { id }),
    correctNotice: (id: string, reason: string) => call('duty', 'correctNotice', { id, reason }),
    recordConfirmation: (input: Input<'duty', 'recordConfirmation'>) =>
      call('duty', 'recordConfirmation', input),
    scheduleEvaluation: (deputyId: string, date: string, days?: number) =>
      call('duty', 'scheduleEvaluation', { deputyId, date, ...(days ? { days } : {}) }),
    closeEvaluation: (evaluationId: string) => call('duty', 'closeEvaluation', { evaluationId }),
    publishEvaluation: (evaluationId: string) => call('duty', 'publishEvaluation', { evaluationId }),
    // everyone
    getNotice: (id: string, version?: number) =>
      call('duty', 'getNotice', version ? { id, version } : { id }),
    currentNotice: (stationCode: string) => call('duty', 'currentNotice', { stationCode }),
    noticeHistory: (stationCode: string) => call('duty', 'noticeHistory', { stationCode }),
    followState: (stationCode: string) => call('duty', 'followState', { stationCode }),
    followStation: (stationCode: string) => call('duty', 'followStation', { stationCode }),
    unfollowStation: (stationCode: string) => call('duty', 'unfollowStation', { stationCode }),
    listEvaluations: (stationCode: string) => call('duty', 'listEvaluations', { stationCode }),
    getEvaluation: (evaluationId: string) => call('duty', 'getEvaluation', { evaluationId }),
    rateEvaluation: (
      evaluationId: string,
      rating: Input<'duty', 'rateEvaluation'>['rating'],
      villageCode?: string,
    ) => call('duty', 'rateEvaluation', { evaluationId, rating, ...(villageCode ? { villageCode } : {}) }),
  };
}
