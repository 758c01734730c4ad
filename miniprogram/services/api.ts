/**
 * The only door to the backend. In production it calls the cloud functions through wx.cloud; in
 * development it posts the same event to the local cloud (`npm start`) with the chosen persona's
 * openid in `x-wx-openid`. Every call resolves to the envelope; it never throws.
 */
import type { StationSummary, StationView } from '../../core/station/station.view';
import type { ArticleAdminCard, ArticleCard } from '../../core/article/article.view';
import type { RichTextNode } from '../../core/article/article.render';
import type {
  CaseSummaryView,
  ChaseResult,
  ConfigView,
  DashboardView,
  ExplainView,
  HolidayView,
  MergeResult,
  ModerationItem,
  RoutingTableView,
  SupervisionListView,
} from '../../core/admin/admin.views';
import type { SupervisionBucket } from '../../core/admin/supervision.rules';
import type { OpinionDraft, RoutingRule } from '../../core/opinion/opinion.types';
import type {
  DeputyView,
  PresidiumView,
  PublicAnswer,
  VillagerView,
} from '../../core/opinion/opinion.privacy';
import type { NoticeView } from '../../core/duty/disclosure.view';
import { CONFIG } from './config';
import { errorText } from './errors';
import { devOpenid } from './platform';

export type ApiError = { code: string; message: string; details?: unknown };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export { DEV_OPENID_KEY } from './config';

function networkError<T>(): ApiResult<T> {
  return { ok: false, error: { code: 'NETWORK', message: errorText('NETWORK') } };
}

function normalise<T>(result: unknown): ApiResult<T> {
  const r = result as ApiResult<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return networkError<T>();
  if (!r.ok) return { ok: false, error: { ...r.error, message: errorText(r.error.code, r.error.message) } };
  return r;
}

export async function call<T>(
  name: string,
  action: string,
  payload: Record<string, unknown> = {},
): Promise<ApiResult<T>> {
  const data = { ...payload, action };
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

export interface Me {
  role: 'resident' | 'deputy' | 'stationAdmin' | 'presidium';
  roleLabel: string;
  name: string | null;
  deputyId: string | null;
  stationCode: string | null;
}

export const api = {
  account: {
    whoami: () => call<Me>('account', 'whoami'),
    redeemInvite: (code: string) =>
      call<{ role: string; roleLabel: string; name: string }>('account', 'redeemInvite', { code }),
  },
  station: {
    list: () => call<StationSummary[]>('station', 'list'),
    get: (code: string) => call<StationView>('station', 'get', { code }),
  },
  article: articleApi(),
  booking: bookingApi(),
  admin: adminApi(),
  opinion: opinionApi(),
  duty: dutyApi(),
};

/** Legal-knowledge articles (法律知识): what the article pages and the presidium's pages call. */
export interface ArticlePage<C = ArticleCard> {
  items: C[];
  total: number;
  page: number;
  hasMore: boolean;
}
export interface ArticleReading extends ArticleCard {
  source: string;
  status: ArticleAdminCard['status'];
  revision: number;
  updatedOn: string;
  nodes: RichTextNode[];
  reads: number;
  subscribed: boolean;
}
export interface ArticleInput {
  title: string;
  summary: string;
  category: string;
  source: string;
  body: string;
  coverFileId?: string;
  keywords?: string[];
}
export interface ArticleReach {
  issueLabel: string;
  sent: number;
  refused: number;
  failed: number;
  pending: number;
  queued: number;
  pushDone: boolean;
  reads: number;
}

function articleApi() {
  const a = <T>(action: string, payload: Record<string, unknown> = {}) => call<T>('article', action, payload);
  return {
    listCategories: () => a<{ list: string[]; related: Record<string, string[]> }>('listCategories'),
    list: (query: { category?: string; year?: number; number?: number; page?: number; pageSize?: number }) =>
      a<ArticlePage>('list', query),
    search: (query: string) => a<{ terms: string[]; items: ArticleCard[] }>('search', { query }),
    get: (articleId: string) => a<ArticleReading>('get', { articleId }),
    subscribeNext: () => a<{ subscribed: true }>('subscribeNext'),
    related: (opinionCategory: string, limit = 3) =>
      a<{ lawCategories: string[]; items: ArticleCard[] }>('related', { opinionCategory, limit }),
    // the presidium
    listAll: (page = 1) => a<ArticlePage<ArticleAdminCard>>('listAll', { page }),
    getForEdit: (articleId: string) =>
      a<
        ArticleAdminCard & {
          source: string;
          body: string;
          history: { revision: number; title: string; savedOn: string }[];
        }
      >('getForEdit', { articleId }),
    saveDraft: (requestId: string, input: ArticleInput, articleId?: string) =>
      a<ArticleAdminCard>('saveDraft', { requestId, ...input, ...(articleId ? { articleId } : {}) }),
    preview: (input: ArticleInput) => a<{ nodes: RichTextNode[] }>('preview', { ...input }),
    publish: (requestId: string, articleId: string, confirmed = false) =>
      a<ArticleAdminCard & { queued: number; sent: number }>('publish', { requestId, articleId, confirmed }),
    revise: (requestId: string, articleId: string, input: ArticleInput, confirmed = false) =>
      a<ArticleAdminCard>('revise', { requestId, articleId, confirmed, ...input }),
    unpublish: (requestId: string, articleId: string) =>
      a<ArticleAdminCard>('unpublish', { requestId, articleId }),
    reach: (articleId: string) => a<ArticleReach>('reach', { articleId }),
  };
}

/** Reception days and bookings (接待日、预约): villagers, the station desk and the presidium. */
export interface BookingDay {
  id: string;
  date: string;
  label: string;
  time: string;
  deputyNames: string[];
  placesLeft: number | 'unlimited';
  slots: { id: string; time: string; placesLeft: number | 'unlimited' }[];
  movedFrom?: string;
  moveReason?: string | null;
}
export interface BookingDone {
  bookingId: string;
  dayId: string;
  label: string;
  time: string;
  checkInCode: string;
  phoneMasked: string;
}
export interface MyBooking {
  bookingId: string;
  dayId: string;
  date: string;
  label: string;
  time: string;
  dayStatus: string | null;
  stationName: string;
  status: 'booked' | 'checkedIn' | 'cancelled' | 'noShow';
  checkInCode: string | null;
  topic: string;
  qrDataUrl: string | null;
}
export interface StationDay {
  dayId: string;
  date: string;
  label: string;
  time: string;
  status: 'scheduled' | 'cancelled' | 'done';
  capacity: number | 'unlimited';
  booked: number;
  placesLeft: number | 'unlimited';
  walkIns: number;
  isToday: boolean;
  deputyIds: string[];
  /** Whether villagers see the day in the mini-program; when not, why (the desk shows it). */
  shownToVillagers?: boolean;
  visibilityNotice?: string | null;
}
export interface RosterRow {
  bookingId: string;
  time: string;
  status: MyBooking['status'];
  topic: string;
  villageCode: string;
  villageName: string;
  name: string | null;
  phone: string | null;
  phoneMasked: string;
  walkIn: boolean;
}
export interface Roster {
  dayId: string;
  label: string;
  time: string;
  deputyIds: string[];
  status: StationDay['status'];
  capacity: number | 'unlimited';
  booked: number;
  placesLeft: number | 'unlimited';
  bookings: RosterRow[];
}
export interface BookingInput {
  dayId: string;
  slotId?: string;
  topic: string;
  villageCode: string;
  name?: string;
  phone?: string;
}
export interface MatterInput {
  /** Who raised it: an attendee of the day (a checked-in booking or walk-in). */
  bookingId: string;
  villageCode: string;
  categoryCode: string;
  /** Empty: the attendee's topic. */
  text: string;
}

export interface CheckedIn {
  bookingId: string;
  name: string | null;
  topic: string;
  villageName: string;
}
export interface RecordDone {
  dayId: string;
  peopleReached: number;
  matters: { n: number; bookingId: string | null; opinionId: string | null }[];
}
export interface StoredRecord {
  peopleReached: number;
  summary: string;
  matters: (MatterInput & { n: number })[];
}
export interface RecordForm {
  day: StationDay;
  attendees: {
    bookingId: string;
    name: string | null;
    topic: string;
    villageCode: string;
    villageName: string;
    walkIn: boolean;
  }[];
  villages: { code: string; name: string }[];
  categories: { code: string; name: string }[];
  deputies: { id: string; name: string }[];
  recorded: boolean;
}

function bookingApi() {
  const b = <T>(action: string, payload: Record<string, unknown> = {}) => call<T>('booking', action, payload);
  return {
    listDays: (stationCode: string) => b<BookingDay[]>('listDays', { stationCode }),
    book: (requestId: string, input: BookingInput) => b<BookingDone>('book', { requestId, ...input }),
    cancel: (bookingId: string) => b<{ bookingId: string; status: 'cancelled' }>('cancel', { bookingId }),
    mine: () => b<MyBooking[]>('mine'),
    // the station desk (station admin, deputies on duty)
    stationDays: (stationCode: string) => b<StationDay[]>('stationDays', { stationCode }),
    roster: (dayId: string) => b<Roster>('roster', { dayId }),
    checkInByCode: (dayId: string, code: string) => b<CheckedIn>('checkIn', { dayId, code }),
    checkInByQr: (qr: string) => b<CheckedIn>('checkIn', { qr }),
    walkIn: (
      requestId: string,
      input: { dayId: string; name: string; topic: string; villageCode: string; phone?: string },
    ) => b<{ bookingId: string }>('walkIn', { requestId, ...input }),
    record: (
      requestId: string,
      input: {
        dayId: string;
        summary: string;
        matters: (Omit<MatterInput, 'text'> & { text?: string })[];
        deputyIds?: string[];
      },
    ) => b<RecordDone>('record', { requestId, ...input }),
    getRecord: (dayId: string) => b<StoredRecord | null>('getRecord', { dayId }),
    recordForm: (dayId: string) => b<RecordForm>('recordForm', { dayId }),
    addDay: (input: {
      stationCode: string;
      date: string;
      start: string;
      end: string;
      slots: { id: string; start: string; end: string; capacity: number | 'unlimited' }[];
      deputyIds: string[];
    }) => b<StationDay>('addDay', { ...input }),
    changeDuty: (dayId: string, deputyIds: string[]) => b<StationDay>('changeDuty', { dayId, deputyIds }),
    cancelDay: (dayId: string, reason: string) =>
      b<{ dayId: string; bookingsCancelled: number }>('cancelDay', { dayId, reason }),
    // the recurring schedule (station admin: own station; presidium: any)
    getSchedule: (stationCode: string) =>
      b<(ScheduleInput & { description: string }) | null>('getSchedule', { stationCode }),
    setSchedule: (input: ScheduleInput) =>
      b<{ stationCode: string; description: string; daysMade: number }>('setSchedule', { ...input }),
  };
}

/** A station's recurring reception rule, as booking.getSchedule answers it and setSchedule takes it. */
export interface ScheduleInput {
  stationCode: string;
  recurrence:
    | { every: 'week'; weekday: number }
    | { every: 'month'; week: 1 | 2 | 3 | 4 | 'last'; weekday: number }
    | { every: 'monthDay'; day: number };
  start: string;
  end: string;
  slots: { id: string; start: string; end: string; capacity: number | 'unlimited' }[];
  rota: { deputyIds: string[]; perDay: number };
  holidayPolicy: 'nextWorkingDay' | 'oneWeekLater';
  startsOn: string;
  endsOn?: string;
}

export interface CategoryInput {
  code: string;
  name: string;
  acceptDays: number;
  answerDays: number;
  active: boolean;
}
export interface StationInput {
  code: string;
  name: string;
  address: string;
  openHours: string;
  contactPhone: string;
  intro: string;
  leadDeputyId?: string;
  active: boolean;
}
export interface DeputyInput {
  id?: string;
  requestId?: string;
  name: string;
  level: 'national' | 'provincial' | 'city' | 'county' | 'township';
  title: string;
  phone: string;
  stationCode: string;
  villageCodes: string[];
  categories: string[];
  lead?: boolean;
  active: boolean;
}
export interface DepartmentInput {
  id?: string;
  requestId?: string;
  name: string;
  phone?: string;
  active: boolean;
}

/** The presidium's tools (function `admin`), plus the invite codes deputies and staff bind with (account). */
function adminApi() {
  const a = <T>(action: string, payload: Record<string, unknown> = {}) => call<T>('admin', action, payload);
  return {
    dashboard: () => a<DashboardView>('dashboard'),
    supervisionList: (filter: { bucket?: SupervisionBucket; status?: 'transferred' } = {}) =>
      a<SupervisionListView>('supervisionList', { ...filter }),
    chase: (id: string, note?: string) => a<ChaseResult>('chase', note ? { id, note } : { id }),
    mergeOpinions: (sourceId: string, targetId: string) =>
      a<MergeResult>('mergeOpinions', { sourceId, targetId }),
    moderationQueue: () => a<ModerationItem[]>('moderationQueue'),
    moderate: (id: string, decision: 'approve' | 'reject', reason?: string) =>
      a<CaseSummaryView>('moderate', { id, decision, ...(reason ? { reason } : {}) }),
    recordDepartmentAnswer: (id: string, answer: string) =>
      a<CaseSummaryView>('recordDepartmentAnswer', { id, answer }),
    reassign: (id: string, deputyIds: string[], reason: string) =>
      a<CaseSummaryView>('reassign', { id, deputyIds, reason }),
    listConfig: () => a<ConfigView>('listConfig'),
    upsertCategory: (c: CategoryInput) => a<ConfigView['categories'][number]>('upsertCategory', { ...c }),
    upsertDepartment: (d: DepartmentInput) =>
      a<ConfigView['departments'][number]>('upsertDepartment', { ...d }),
    getRoutingTable: () => a<RoutingTableView>('getRoutingTable'),
    setRoutingRules: (baseVersion: number, rules: RoutingRule[]) =>
      a<{ version: number; ruleCount: number }>('setRoutingRules', { baseVersion, rules }),
    explainRoute: (stationCode: string, villageCode: string, categoryCode: string) =>
      a<ExplainView>('explainRoute', { stationCode, villageCode, categoryCode }),
    upsertStation: (station: StationInput) =>
      a<ConfigView['stations'][number]>('upsertStation', { ...station }),
    upsertVillage: (village: { code: string; name: string; stationCode: string }) =>
      a<ConfigView['villages'][number]>('upsertVillage', { ...village }),
    upsertDeputy: (deputy: DeputyInput) => a<ConfigView['deputies'][number]>('upsertDeputy', { ...deputy }),
    listHolidays: (year?: number) => a<HolidayView[]>('listHolidays', year ? { year } : {}),
    upsertHolidays: (days: HolidayView[]) => a<{ saved: number }>('upsertHolidays', { days }),
    removeHoliday: (date: string) => a<{ removed: string }>('removeHoliday', { date }),
    createInvite: (invite: {
      role: 'deputy' | 'stationAdmin' | 'presidium';
      name: string;
      deputyId?: string;
      stationCode?: string;
    }) => call<{ code: string; role: string; expiresAt: string }>('account', 'createInvite', { ...invite }),
  };
}

/** Opinions (意见建议): the villager's form, list and case; the deputy's inbox and case; public answers. */
export interface OpinionCategory {
  code: string;
  name: string;
  acceptDays: number;
  answerDays: number;
}
export type OpinionDraftInput = OpinionDraft;
export interface OpinionSubmitted {
  id: string;
  status: string;
  statusLabel: string;
  held: boolean;
  acceptBy: string;
  answerBy: string;
}
export interface SimilarOpinion {
  id: string;
  reporters: number;
  reportersLabel: string;
  excerpt: string | null;
  following: boolean;
}
export interface MyOpinion {
  id: string;
  excerpt: string;
  status: string;
  statusLabel: string;
  categoryCode: string;
  submittedOn: string;
  canRate: boolean;
  following: boolean;
  reporters: number;
}
interface CaseNames {
  categoryName: string;
  villageName: string;
  stationName: string;
}
export type VillagerCase = VillagerView & CaseNames & { role: 'villager' | 'follower' };
export type DeputyCase = DeputyView &
  CaseNames & {
    role: 'deputy';
    mine: boolean;
    commands: string[];
    handBackUntil: string;
    canHandBack: boolean;
  };
export type PresidiumCase = PresidiumView & CaseNames & { role: 'presidium' };
export type OpinionCase = VillagerCase | DeputyCase | PresidiumCase;
export interface InboxItem {
  id: string;
  excerpt: string;
  status: string;
  statusLabel: string;
  sla: 'onTime' | 'dueSoon' | 'overdue';
  due: string | null;
  supervised: boolean;
  anonymous: boolean;
  reporters: number;
  categoryName: string;
  villageName: string | null;
  submittedOn: string;
}
export type PublicAnswerItem = PublicAnswer & { categoryName: string; villageName: string | null };

function opinionApi() {
  const o = <T>(action: string, payload: Record<string, unknown> = {}) => call<T>('opinion', action, payload);
  return {
    categories: () => o<OpinionCategory[]>('categories'),
    submit: (requestId: string, draft: OpinionDraftInput) =>
      o<OpinionSubmitted>('submit', { requestId, ...draft }),
    similar: (stationCode: string, categoryCode: string, text: string) =>
      o<{ total: number; matches: SimilarOpinion[] }>('similar', { stationCode, categoryCode, text }),
    follow: (opinionId: string) =>
      o<{ id: string; reporters: number; reportersLabel: string }>('follow', { opinionId }),
    mine: () => o<MyOpinion[]>('mine'),
    get: (opinionId: string) => o<OpinionCase>('get', { opinionId }),
    rate: (requestId: string, opinionId: string, rating: string, comment?: string) =>
      o<VillagerCase & { ratingLabel: string }>('rate', {
        requestId,
        opinionId,
        rating,
        ...(comment ? { comment } : {}),
      }),
    publicAnswers: (stationCode: string, limit = 10) =>
      o<PublicAnswerItem[]>('publicAnswers', { stationCode, limit }),
    // deputies
    inbox: () => o<{ open: InboxItem[]; earlier: InboxItem[]; overdue: number }>('inbox'),
    departments: () => o<{ id: string; name: string }[]>('departments'),
    accept: (requestId: string, opinionId: string) => o<DeputyCase>('accept', { requestId, opinionId }),
    reply: (requestId: string, opinionId: string, answer: string) =>
      o<DeputyCase>('reply', { requestId, opinionId, answer }),
    transfer: (requestId: string, opinionId: string, departmentId: string, note?: string) =>
      o<DeputyCase>('transfer', { requestId, opinionId, departmentId, ...(note ? { note } : {}) }),
    handBack: (requestId: string, opinionId: string, reason: string) =>
      o<{ id: string; handedBack: true }>('handBack', { requestId, opinionId, reason }),
    resolve: (requestId: string, opinionId: string, answer?: string) =>
      o<DeputyCase>('resolve', { requestId, opinionId, ...(answer ? { answer } : {}) }),
    /** 群众表示无需答复: closes the case with the villager's own word. */
    closeNoReply: (requestId: string, opinionId: string, villagerWord: string) =>
      o<DeputyCase>('closeNoReply', { requestId, opinionId, villagerWord }),
  };
}

/** Duty records (履职登记), disclosure notices (履职登记公示) and report-back evaluations (述职测评). */
export interface DutyRecordItem {
  id: string;
  type: string;
  typeLabel: string;
  date: string;
  description: string;
  peopleReached: number;
  photos: string[];
  source: 'manual' | 'system';
  status: 'pending' | 'approved' | 'returned';
  statusLabel: string;
  reviewComment: string | null;
  editable: boolean;
  deputyName?: string;
}
export interface DutyRecordInput {
  type: string;
  date: string;
  description: string;
  peopleReached: number;
  photos: string[];
}
export interface NoticeListItem {
  id: string;
  title: string;
  stationCode: string;
  periodId: string;
  periodLabel: string;
  version: number;
  status: NoticeView['status'];
  statusLabel: string;
  answered: number;
  deputies: number;
  comments: number;
}
export interface NoticeHistoryItem {
  id: string;
  periodId: string;
  periodLabel: string;
  version: number;
  publishedOn: string | null;
  correction: boolean;
}
export interface PeriodItem {
  id: string;
  start: string;
  end: string;
  label: string;
  custom: boolean;
  ended: boolean;
}
export interface EvaluationItem {
  id: string;
  deputyId: string;
  deputyName: string;
  stationCode: string;
  date: string;
  closesOn: string;
  report: string | null;
  open: boolean;
  closed: boolean;
  published: boolean;
  villageCodes: string[];
  tally: {
    ratings: number;
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    labels: { level: string; label: string; count: number }[];
  } | null;
  myRating: string | null;
}
export type { NoticeView };

function dutyApi() {
  const d = <T>(action: string, payload: Record<string, unknown> = {}) => call<T>('duty', action, payload);
  return {
    // deputies
    addRecord: (requestId: string, input: DutyRecordInput) =>
      d<DutyRecordItem>('addRecord', { requestId, ...input }),
    editRecord: (id: string, input: DutyRecordInput) => d<DutyRecordItem>('editRecord', { id, ...input }),
    myRecords: () =>
      d<{
        deputyName: string;
        total: number;
        pending: number;
        types: { value: string; label: string }[];
        records: DutyRecordItem[];
      }>('myRecords'),
    myNotices: () =>
      d<(NoticeView & { myResponse: string | null; canRespond: boolean; myChange: string | null })[]>(
        'myNotices',
      ),
    confirmNotice: (id: string) => d<NoticeView>('confirmNotice', { id }),
    commentNotice: (id: string, comment: string) => d<NoticeView>('commentNotice', { id, comment }),
    postReport: (evaluationId: string, report: string) =>
      d<EvaluationItem>('postReport', { evaluationId, report }),
    // presidium
    reviewQueue: () => d<{ total: number; records: DutyRecordItem[] }>('reviewQueue'),
    approveRecord: (id: string) => d<DutyRecordItem>('approveRecord', { id }),
    returnRecord: (id: string, comment: string) => d<DutyRecordItem>('returnRecord', { id, comment }),
    listPeriods: () => d<PeriodItem[]>('listPeriods'),
    setPeriod: (id: string, start: string, end: string) => d<PeriodItem>('setPeriod', { id, start, end }),
    draftAllNotices: (periodId: string) =>
      d<{ drafted: number; redrafted: number; skipped: number }>('draftAllNotices', { periodId }),
    draftNotice: (stationCode: string, periodId: string) =>
      d<NoticeView>('draftNotice', { stationCode, periodId }),
    listNotices: (periodId?: string) => d<NoticeListItem[]>('listNotices', periodId ? { periodId } : {}),
    approveNotice: (id: string) => d<NoticeView>('approveNotice', { id }),
    publishNotice: (id: string) => d<NoticeView & { notified: number }>('publishNotice', { id }),
    correctNotice: (id: string, reason: string) =>
      d<NoticeView & { notified: number }>('correctNotice', { id, reason }),
    scheduleEvaluation: (deputyId: string, date: string, days?: number) =>
      d<{ id: string }>('scheduleEvaluation', { deputyId, date, ...(days ? { days } : {}) }),
    closeEvaluation: (evaluationId: string) => d<EvaluationItem>('closeEvaluation', { evaluationId }),
    publishEvaluation: (evaluationId: string) => d<EvaluationItem>('publishEvaluation', { evaluationId }),
    // everyone
    getNotice: (id: string, version?: number) =>
      d<NoticeView & { versions: { id: string; version: number; publishedOn: string | null }[] }>(
        'getNotice',
        version ? { id, version } : { id },
      ),
    currentNotice: (stationCode: string) => d<NoticeView | null>('currentNotice', { stationCode }),
    noticeHistory: (stationCode: string) => d<NoticeHistoryItem[]>('noticeHistory', { stationCode }),
    followState: (stationCode: string) => d<{ following: boolean }>('followState', { stationCode }),
    followStation: (stationCode: string) => d<{ following: boolean }>('followStation', { stationCode }),
    unfollowStation: (stationCode: string) => d<{ following: boolean }>('unfollowStation', { stationCode }),
    listEvaluations: (stationCode: string) => d<EvaluationItem[]>('listEvaluations', { stationCode }),
    getEvaluation: (evaluationId: string) => d<EvaluationItem>('getEvaluation', { evaluationId }),
    rateEvaluation: (evaluationId: string, rating: string, villageCode?: string) =>
      d<EvaluationItem>('rateEvaluation', { evaluationId, rating, ...(villageCode ? { villageCode } : {}) }),
  };
}
