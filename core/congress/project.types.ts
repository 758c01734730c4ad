/**
 * The livelihood projects the congress passed (票决通过的民生实事项目), carried out over the year: a
 * plan (milestones with due days, the responsible office and a lead) the presidium writes, progress
 * reports from the presidium or the responsible office, milestones marked done, deputies' inspections
 * (视察, each a duty record), villagers who follow a project, and the year-end completion rating by
 * deputies (满意度测评) published with its counts.
 */
import type { Ymd } from '../calendar/china-time';
import type { Satisfaction } from '../duty/duty.types';

/** Collections of the projects' half of the area (declared in server/db/collections.ts). */
export const PROJECT_COLLECTIONS = {
  /** One per passed candidate: `pj:<candidateId>` (CONGRESS_COLLECTIONS.projects). */
  projects: 'livelihoodProjects',
  reports: 'projectReports',
  followers: 'projectFollowers',
  inspections: 'projectInspections',
  ratings: 'projectRatings',
  /** One per year: the presidium opens and closes the year's completion rating. */
  rounds: 'projectRatingRounds',
} as const;

/** planned (milestones under way) → completed (every milestone done). */
export const PROJECT_STATUSES = ['underway', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  underway: '实施中',
  completed: '已完成',
};

export interface Milestone {
  /** 'm1', 'm2' …: kept across plan edits. */
  id: string;
  title: string;
  due: Ymd;
  /** The day it was done (China time), once marked. */
  doneOn?: Ymd;
  /** The China day it was marked done, and by whom (an office's is judged on time by this day). */
  reportedOn?: Ymd;
  reportedBy?: 'presidium' | 'department';
  doneNote?: string;
  /** Followers told of it (the messages queued after the change committed). */
  notified?: boolean;
  /** While its followers are being told in batches: the last follower (_id) queued so far. */
  notifiedUpTo?: string;
}

/** What the presidium writes: the responsible office, the lead and the milestones. */
export interface PlanInput {
  departmentId: string;
  lead: string;
  /** Milestones as edited: an existing one names its id; a new one has none. */
  milestones: { id?: string; title: string; due: Ymd }[];
}

/** A project that passed, with its plan. */
export interface Project {
  _id: string;
  candidateId: string;
  sessionId: string;
  /** The year it was voted (the session's year): the year its figures and rating belong to. */
  year: number;
  title: string;
  description: string;
  budgetWan: number;
  villageCodes: string[];
  departmentId: string;
  lead: string;
  milestones: Milestone[];
  status: ProjectStatus;
  /** The earliest due day of a milestone not done yet (null when all are done): the chase's index. */
  nextDue: Ymd | null;
  /** The day the last milestone was done. */
  completedOn?: Ymd;
  /** Milestones done after their due day are counted; completed on time = every milestone on time. */
  createdAt: Date;
  updatedAt: Date;
  plannedBy: string;
}

/** Who wrote a progress report. */
export interface ReportAuthor {
  openid: string;
  role: 'presidium' | 'department';
  departmentId?: string;
}

/** A progress report: text (content-checked) and photos, which the public sees once the presidium clears them. */
export interface ProgressReport {
  _id: string;
  projectId: string;
  text: string;
  photos: string[];
  date: Ymd;
  by: ReportAuthor;
  /** The text is public: it passed the content check, or the presidium cleared it. */
  textPublic: boolean;
  /** The photos are public: the presidium looked at them and cleared them (staff see them before). */
  photosPublic: boolean;
  clearedBy?: string;
  at: Date;
}

/** A deputy's inspection of a project (视察): what they found; it is also their duty record. */
export interface Inspection {
  _id: string;
  projectId: string;
  deputyId: string;
  stationCode: string;
  date: Ymd;
  findings: string;
  peopleReached: number;
  dutyRecordId: string;
  at: Date;
}

export const RATING_ROUND_STATUSES = ['open', 'closed'] as const;
export type RatingRoundStatus = (typeof RATING_ROUND_STATUSES)[number];

export interface RatingCounts {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

/** The year's completion rating (年度完成情况满意度测评): opened and closed by the presidium. */
export interface RatingRound {
  /** `year:<yyyy>` */
  _id: string;
  year: number;
  status: RatingRoundStatus;
  openedAt: Date;
  openedBy: string;
  closedAt?: Date;
  closedBy?: string;
  /** Published at close: the counts of every project of the year. */
  results?: Record<string, RatingCounts>;
}

/** One deputy's rating of one project: `<projectId>:<deputyId>`. */
export interface ProjectRating {
  _id: string;
  projectId: string;
  year: number;
  rating: Satisfaction;
  /** The day only: the rating's order in the day tells nothing. */
  on: Ymd;
}
