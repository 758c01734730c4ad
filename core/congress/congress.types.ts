/**
 * The township people's congress (乡镇人民代表大会) in session, and the livelihood projects its deputies
 * vote on (民生实事项目代表票决制, seed 000 §六): the records both halves of the area share. A session
 * (第二届第四次会议) has an agenda, checks its deputies in and needs a quorum; candidate projects are
 * drafted by the presidium (many from villagers' opinions), published for comment, voted on by secret
 * ballot, and those that pass are carried out over the year as projects (project.types.ts).
 */
import type { Ymd } from '../calendar/china-time';

/** Collections of the area (declared in server/db/collections.ts). */
export const CONGRESS_COLLECTIONS = {
  sessions: 'congressSessions',
  attendance: 'congressAttendance',
  candidates: 'congressCandidates',
  comments: 'candidateComments',
  /** One per deputy per session: that they voted, never how (written with the ballot, in one transaction). */
  voters: 'congressVoters',
  /**
   * The ballot box: slots drawn when the vote opens, each later filled with one ballot (the choices, no
   * deputy, no time, nothing that says how it was cast); the tally's records.
   */
  ballots: 'congressBallots',
  /** A paper ballot's first entry, waiting for a second staff member's identical entry (no choices in clear). */
  paperEntries: 'congressPaperEntries',
  projects: 'livelihoodProjects',
} as const;

/** draft → convened (check-in open) → closed. The vote opens and closes inside a convened session. */
export const SESSION_STATUSES = ['draft', 'convened', 'closed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  draft: '筹备中',
  convened: '会议进行中',
  closed: '已闭会',
};

/** not open → open → closed (results published with counts). */
export const VOTE_STATUSES = ['notOpen', 'open', 'closed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

export interface AgendaItem {
  /** '09:00' */
  time: string;
  title: string;
}

/**
 * The rule a candidate passes by, as data: more than `numerator / denominator` of `base` deputies voted
 * 赞成. Default: more than half of all deputies (`base: 'all'`, 1/2).
 */
export interface PassRule {
  base: 'all' | 'present';
  numerator: number;
  denominator: number;
}

export const DEFAULT_PASS_RULE: PassRule = { base: 'all', numerator: 1, denominator: 2 };

export const PASS_BASES = ['all', 'present'] as const;
export const PASS_BASE_LABELS: Record<PassRule['base'], string> = { all: '全体代表', present: '到会代表' };
/** The largest denominator a pass rule may name (十分之几 at most). */
export const PASS_DENOMINATOR_MAX = 10;

/** A session of the township congress: 第二届第四次会议. */
export interface CongressSession {
  _id: string;
  /** 届次: the term (2 for 第二届). */
  term: number;
  /** 次: the meeting in the term (4 for 第四次会议). */
  meeting: number;
  /** '金鼓乡第二届人民代表大会第四次会议' */
  title: string;
  date: Ymd;
  /** The last day, for a session of more than one day. */
  endDate: Ymd;
  place: string;
  agenda: AgendaItem[];
  status: SessionStatus;
  vote: VoteStatus;
  passRule: PassRule;
  /** The deputies of the township congress when the session was convened (the quorum's base). */
  deputyIds: string[];
  /** The code the check-in QR code carries (drawn when convened; shown to the presidium only). */
  checkInCode?: string;
  /** The candidates on the ballot, fixed when the vote opens (the ballot names every one). */
  ballotCandidateIds?: string[];
  /** How many ballot slots were drawn when the vote opened (absent: opened before slots existed). */
  ballotSlots?: number;
  /** When the vote closed: ballots and voters counted in the tally (equal, or the tally says not). */
  tally?: { ballots: number; voters: number; present: number };
  createdAt: Date;
  updatedAt: Date;
}

/** A deputy checked in at a session (QR at the door, or staff marking them present). */
export interface Attendance {
  /** `${sessionId}:${deputyId}`: one per deputy per session. */
  _id: string;
  sessionId: string;
  deputyId: string;
  via: 'qr' | 'staff';
  at: Date;
}

/** drafting → published for comment (until commentUntil) → on the ballot → passed | failed. */
export const CANDIDATE_STATUSES = ['draft', 'commenting', 'onBallot', 'passed', 'failed'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = {
  draft: '草拟中',
  commenting: '征求意见中',
  onBallot: '待票决',
  passed: '票决通过',
  failed: '未通过',
};

/** A candidate livelihood project (民生实事候选项目). */
export interface Candidate {
  _id: string;
  sessionId: string;
  title: string;
  description: string;
  /** 万元, as the reports give it. */
  budgetWan: number;
  /** The government office responsible (a department id, server/db collection `departments`). */
  departmentId: string;
  villageCodes: string[];
  /** The villagers' opinions that asked for it ("源自群众意见N件"). */
  opinionIds: string[];
  status: CandidateStatus;
  /** Comments are taken until the end of this day (China time). */
  commentUntil?: Ymd;
  /** Counts once the vote is closed. */
  result?: { yes: number; no: number; abstain: number; passed: boolean };
  createdAt: Date;
  updatedAt: Date;
}

export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export const CHOICE_LABELS: Record<Choice, string> = { yes: '赞成', no: '反对', abstain: '弃权' };

/**
 * A slot of the ballot box as stored. Every slot of a session is drawn when the vote opens, before any
 * deputy votes; a cast fills one empty slot picked at random, so neither the slots' ids nor their
 * storage order say anything about who cast which. A filled slot holds the choices for every candidate
 * on the ballot and nothing else: no deputy, no time, no mark of a paper ballot. Ballots stored before
 * the box (one document per cast, a random `b…` id, `paper` on a paper one) read as filled slots.
 */
export interface BallotSlot {
  _id: string;
  sessionId: string;
  filled: boolean;
  choices?: Record<string, Choice>;
}

/** A ballot as the tally reads it: a filled slot (or a ballot stored before the box). */
export interface Ballot {
  _id: string;
  sessionId: string;
  choices: Record<string, Choice>;
}

/**
 * That a deputy voted (never how): `_id` = `${sessionId}:${deputyId}`, written with the ballot. A paper
 * ballot's voter record names the two staff who entered it; the ballot itself does not.
 */
export interface Voter {
  _id: string;
  sessionId: string;
  deputyId: string;
  via: 'app' | 'paper';
  enteredBy?: [string, string];
}

/** A villager's comment on a candidate while it is published for comment. */
export interface CandidateComment {
  _id: string;
  candidateId: string;
  sessionId: string;
  openid: string;
  content: string;
  /** Shown to all once the content check passed; held back (shown to the presidium only) otherwise. */
  visible: boolean;
  at: Date;
}
