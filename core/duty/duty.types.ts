/**
 * Deputies' duty records (履职登记), the disclosure notices built from them (履职登记公示) and the
 * yearly report-back evaluation (述职测评).
 */
import type { Ymd } from '../calendar/china-time';

/** Activities a deputy records by hand (and the presidium approves). */
export const MANUAL_DUTY_TYPES = [
  'reception',
  'visit',
  'inspection',
  'meeting',
  'suggestion',
  'training',
  'help',
] as const;

/** Activities the system records from the opinion timeline; nobody types them. */
export const OPINION_DUTY_TYPES = [
  'opinionAccepted',
  'opinionReplied',
  'opinionTransferred',
  'opinionResolved',
] as const;

export const DUTY_TYPES = [...MANUAL_DUTY_TYPES, ...OPINION_DUTY_TYPES] as const;
export type ManualDutyType = (typeof MANUAL_DUTY_TYPES)[number];
export type DutyType = (typeof DUTY_TYPES)[number];

export const DUTY_TYPE_LABELS: Record<DutyType, string> = {
  reception: '接待选民',
  visit: '走访选民',
  inspection: '视察调研',
  meeting: '参加会议',
  suggestion: '提出建议',
  training: '参加培训',
  help: '为民办实事',
  opinionAccepted: '受理意见建议',
  opinionReplied: '答复意见建议',
  opinionTransferred: '转办意见建议',
  opinionResolved: '办结意见建议',
};

export type ManualRecordStatus = 'pending' | 'approved' | 'returned';

export const MANUAL_RECORD_STATUS_LABELS: Record<ManualRecordStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  returned: '已退回',
};

/** What a deputy types for one activity. */
export interface ManualRecordInput {
  type: ManualDutyType;
  date: Ymd;
  description: string;
  /** People the activity reached (villagers visited, received…); 0 is a real answer. */
  peopleReached: number;
  /** Cloud storage file ids ('cloud://…'). */
  photos: string[];
}

interface DutyRecordBase {
  _id?: string;
  deputyId: string;
  stationCode: string;
  type: DutyType;
  date: Ymd;
  description: string;
  peopleReached: number;
  photos: string[];
  createdAt: Date;
}

/**
 * Written by the system from another record (an opinion's timeline). `sourceRef` names that record and
 * event ('opinion:<id>:accepted'); the record's `_id` is derived from (deputyId, sourceRef) by
 * `systemRecordId`, so writing it twice is a no-op, never a duplicate.
 */
export interface SystemDutyRecord extends DutyRecordBase {
  source: 'system';
  sourceRef: string;
}

/** Typed by the deputy: pending → approved | returned (with a comment) → edited → pending … */
export interface ManualDutyRecord extends DutyRecordBase {
  source: 'manual';
  type: ManualDutyType;
  status: ManualRecordStatus;
  reviewedBy?: string;
  reviewedAt?: Date;
  /** Why the presidium returned it; cleared when the deputy resubmits. */
  reviewComment?: string;
  updatedAt?: Date;
}

export type DutyRecord = SystemDutyRecord | ManualDutyRecord;

/**
 * A disclosure period. `id` is the month of publication ('2025-05', '2025-11'): that is how people
 * name a notice ("五月份的公示"). See disclosure.periods.ts for the boundaries and why.
 */
export interface DisclosurePeriod {
  id: string;
  start: Ymd;
  end: Ymd;
  /** '2024年11月1日至2025年4月30日' */
  label: string;
}

/** The opinion figures of a deputy (computed by the aggregation in disclosure.pipeline.ts). */
export const OPINION_FIGURE_KEYS = [
  'opinionsReceived',
  'opinionsAnswered',
  'opinionsResolved',
  'opinionsOverdue',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'noReplyNeeded',
  /** Resolved cases whose rating staff gave on the villager's behalf: counted apart, never as satisfaction. */
  'ratedByStaff',
] as const;

/** Every number a notice shows for one deputy. Always computed from records (disclosure.aggregate.ts). */
export const FIGURE_KEYS = [
  ...MANUAL_DUTY_TYPES,
  'peopleReached',
  'receptionsAttended',
  'villagersReceived',
  ...OPINION_FIGURE_KEYS,
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type Figures = Record<FigureKey, number>;

export const FIGURE_LABELS: Record<FigureKey, string> = {
  reception: '其他接待选民（次）',
  visit: '走访选民（次）',
  inspection: '视察调研（次）',
  meeting: '参加会议（次）',
  suggestion: '提出建议（件）',
  training: '参加培训（次）',
  help: '为民办实事（件）',
  peopleReached: '联系服务群众（人次）',
  receptionsAttended: '参加联络站接待日（次）',
  villagersReceived: '接待日接待群众（人次）',
  opinionsReceived: '收到意见建议（件）',
  opinionsAnswered: '答复意见建议（件）',
  opinionsResolved: '办结意见建议（件）',
  opinionsOverdue: '超期未办结（件）',
  satisfied: '群众评价满意（件）',
  basicallySatisfied: '群众评价基本满意（件）',
  dissatisfied: '群众评价不满意（件）',
  noReplyNeeded: '群众表示无需答复（件）',
  ratedByStaff: '联络站代为评价（件）',
};

export interface DeputyFigureRow {
  deputyId: string;
  deputyName: string;
  figures: Figures;
}

/** A notice's table: one row per deputy, and station totals that are the sum of the rows. */
export interface DisclosureFigures {
  rows: DeputyFigureRow[];
  totals: Figures;
}

export type NoticeStatus = 'draft' | 'deputyConfirmed' | 'deputyCommented' | 'approved' | 'published';

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: '待代表确认',
  deputyConfirmed: '代表已确认',
  deputyCommented: '代表有异议',
  approved: '主席团已审核',
  published: '已公示',
};

/** A deputy's answer to their row of the draft: confirmed, or a comment (异议) for the presidium. */
export interface DeputyResponse {
  deputyId: string;
  answer: 'confirmed' | 'commented';
  comment?: string;
  at: Date;
  /** Set when the presidium recorded the deputy's answer given on paper or by phone (not in WeChat). */
  recorded?: { by: string; channel: ConfirmationChannel; reason: string };
}

/** How a deputy confirmed a notice outside WeChat, as the presidium records it. */
export const CONFIRMATION_CHANNELS = ['paper', 'phone'] as const;
export type ConfirmationChannel = (typeof CONFIRMATION_CHANNELS)[number];
export const CONFIRMATION_CHANNEL_LABELS: Record<ConfirmationChannel, string> = {
  paper: '书面确认',
  phone: '电话确认',
};

/**
 * One version of one station's notice for one period. Version 1 is drafted from the records; once
 * published it never changes. A correction is a new published version that `supersedes` the old one
 * and says in `changeNote` what changed; the highest published version is the current one.
 */
export interface DisclosureNotice {
  _id?: string;
  stationCode: string;
  periodId: string;
  version: number;
  status: NoticeStatus;
  figures: DisclosureFigures;
  responses: DeputyResponse[];
  createdAt: Date;
  approvedBy?: string;
  approvedAt?: Date;
  publishedAt?: Date;
  /** `_id` of the published version this one corrects. */
  supersedes?: string;
  correctionReason?: string;
  changeNote?: string;
  /** A correction: what changed in each affected deputy's row ('走访选民（次）由 3 改为 4'), by deputy id. */
  changesByDeputy?: Record<string, string>;
}

export const SATISFACTION_LEVELS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
};

/** A deputy's report-back (述职) put to the voters' evaluation. */
export interface Evaluation {
  _id?: string;
  deputyId: string;
  stationCode: string;
  year: number;
  /** The deputy's villages when the evaluation was opened: their residents may rate. */
  villageCodes: string[];
  opensAt: Date;
  closesAt: Date;
  /** Set when the presidium closes it early. */
  closedAt?: Date;
  /** The day of the report-back meeting (China calendar): people checked in that day may rate. */
  date?: Ymd;
  /** The deputy's written report (述职报告); rating starts only once it is posted. */
  report?: string;
  reportPostedAt?: Date;
  /** Results published with the report (after closing). */
  publishedAt?: Date;
  scheduledBy?: string;
  createdAt?: Date;
}

export interface EvaluationRating {
  _id?: string;
  evaluationId: string;
  voterId: string;
  rating: Satisfaction;
  at: Date;
}
