/**
 * Deputies' suggestions, criticisms and opinions (代表建议、批评和意见) as government systems handle them:
 * a deputy files one (alone, or with co-signers who confirm: 附议); the presidium assigns it to a lead
 * office (主办) and co-handling offices (协办) with a deadline; co-handlers give their opinion and sign
 * off (会签); the lead office answers formally (text and a document) with a result class; the filer
 * rates the answer, and 不满意 sends it back once for re-handling. An office that is not responsible
 * sends it back within 7 working days of assignment, and the presidium reassigns it.
 */
import type { Ymd } from '../calendar/china-time';
import type { Satisfaction } from '../duty/duty.types';

export const SUGGESTION_COLLECTIONS = {
  suggestions: 'suggestions',
  /** The township's settings: the document `suggestionSettings` of the presidium's `settings`. */
  settings: 'settings',
} as const;

export const SUGGESTION_CATEGORIES = [
  'economy',
  'agriculture',
  'infrastructure',
  'education',
  'health',
  'social',
  'environment',
  'governance',
  'other',
] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

export const SUGGESTION_CATEGORY_LABELS: Record<SuggestionCategory, string> = {
  economy: '经济发展',
  agriculture: '农业农村',
  infrastructure: '交通建设',
  education: '教育文化',
  health: '医疗卫生',
  social: '社会保障',
  environment: '生态环境',
  governance: '政府工作',
  other: '其他',
};

/**
 * cosigning (co-signers still to answer) → submitted (waiting for the presidium) → assigned (offices
 * handling) → answered (waiting for the filer's rating) → closed; an office's send-back makes it
 * sentBack until the presidium reassigns; a first 不满意 makes it assigned again (round 2).
 */
export const SUGGESTION_STATUSES = [
  'cosigning',
  'submitted',
  'assigned',
  'sentBack',
  'answered',
  'closed',
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  cosigning: '等待附议',
  submitted: '等待交办',
  assigned: '办理中',
  sentBack: '承办单位退回，等待重新交办',
  answered: '已答复，等待代表评价',
  closed: '已办结',
};

/** The answer's result class (办理结果分类), as the answer states and the figures count. */
export const RESULT_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type ResultClass = (typeof RESULT_CLASSES)[number];

export const RESULT_CLASS_LABELS: Record<ResultClass, string> = {
  A: 'A类 已解决或基本解决',
  B: 'B类 正在解决',
  C: 'C类 列入规划逐步解决',
  D: 'D类 留作参考并解释',
};

export type CosignStatus = 'invited' | 'confirmed' | 'declined';

export interface Cosigner {
  deputyId: string;
  name: string;
  status: CosignStatus;
  answeredOn?: Ymd;
}

export interface Cohandler {
  departmentId: string;
  /** Signed off (会签) with its opinion, for this round. */
  signedOff: boolean;
  opinion?: string;
  signedOn?: Ymd;
}

export interface Answer {
  round: number;
  departmentId: string;
  text: string;
  /** The formal document in cloud storage (a fileID). */
  fileId: string;
  resultClass: ResultClass;
  on: Ymd;
  onTime: boolean;
  /** The villager of a raised opinion may read the text: it passed the content check. */
  textPublic: boolean;
  rating?: Satisfaction;
  ratedOn?: Ymd;
}

export interface SendBack {
  departmentId: string;
  reason: string;
  on: Ymd;
}

/** One entry of the suggestion's own history, in plain words for every reader. */
export interface SuggestionEvent {
  type:
    | 'filed'
    | 'cosigned'
    | 'cosignDeclined'
    | 'submitted'
    | 'assigned'
    | 'signedOff'
    | 'sentBack'
    | 'answered'
    | 'rated'
    | 'reopened'
    | 'closed';
  on: Ymd;
  text: string;
}

export interface Suggestion {
  _id: string;
  title: string;
  content: string;
  category: SuggestionCategory;
  /** The congress session it was filed during; null between sessions (闭会期间). */
  sessionId: string | null;
  filerDeputyId: string;
  filerName: string;
  stationCode: string;
  cosigners: Cosigner[];
  status: SuggestionStatus;
  filedOn: Ymd;
  /** Raised from a villager's opinion (转为代表建议). */
  sourceOpinionId?: string;
  leadDepartmentId?: string;
  cohandlers: Cohandler[];
  assignedOn?: Ymd;
  /** The last day to answer (this round). */
  deadline?: Ymd;
  /** 1, or 2 after a 不满意 sent it back for re-handling. */
  round: number;
  answers: Answer[];
  sendBacks: SendBack[];
  finalRating?: Satisfaction;
  closedOn?: Ymd;
  events: SuggestionEvent[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SuggestionSettings {
  /** Months from assignment to the answer's deadline. */
  answerMonths: number;
  /** Months from a 不满意 to the re-handled answer's deadline. */
  rehandleMonths: number;
}

export const DEFAULT_SETTINGS: SuggestionSettings = { answerMonths: 3, rehandleMonths: 1 };
