/**
 * Report-back evaluation (述职测评): after a deputy reports to the voters, the voters rate it 满意 /
 * 基本满意 / 不满意. Who may rate: a person checked in at the report-back meeting, or a resident of one of
 * the deputy's villages; not the deputy themself. One rating per person, given by that person: the
 * rating is always made out to the caller's own id (nobody rates on another's behalf, not even a
 * station admin filing for an elderly villager), and it cannot be changed. Nothing is accepted outside
 * [opensAt, closesAt) or after the presidium closes it.
 */
import { isCalendarDay } from '../calendar/date-window';
import { allow, deny, type Decision } from '../result';
import type { Reviewer } from './duty.rules';
import { SATISFACTION_LEVELS, type Evaluation, type EvaluationRating, type Satisfaction } from './duty.types';

/** The caller, as the server knows them (identity from the WeChat context, never from the payload). */
export interface Voter {
  id: string;
  /** The village the person is registered in, if any. */
  villageCode?: string;
  /** Checked in at this report-back meeting. */
  checkedIn: boolean;
  /** Set when the caller is a deputy. */
  deputyId?: string;
}

export function isOpen(evaluation: Evaluation, now: Date): boolean {
  const t = now.getTime();
  const closed = evaluation.closedAt !== undefined && t >= evaluation.closedAt.getTime();
  return !closed && t >= evaluation.opensAt.getTime() && t < evaluation.closesAt.getTime();
}

export function checkEligible(evaluation: Evaluation, voter: Voter): Decision {
  if (voter.deputyId === evaluation.deputyId) return deny('NOT_ELIGIBLE_TO_RATE');
  // Deputies never rate a colleague's report-back: the rating is the voters' word on their deputy.
  if (voter.deputyId !== undefined) return deny('DEPUTY_CANNOT_RATE');
  const livesThere = voter.villageCode !== undefined && evaluation.villageCodes.includes(voter.villageCode);
  return voter.checkedIn || livesThere ? allow(undefined) : deny('NOT_ELIGIBLE_TO_RATE');
}

/**
 * The caller's rating, or why not. `alreadyRated`: the store holds a rating by this voter for this
 * evaluation (the store also keeps (evaluationId, voterId) unique, so a race cannot make two).
 */
export function rate(
  evaluation: Evaluation & { _id: string },
  voter: Voter,
  rating: Satisfaction,
  alreadyRated: boolean,
  now: Date,
): Decision<EvaluationRating> {
  if (now.getTime() < evaluation.opensAt.getTime()) return deny('EVALUATION_NOT_OPEN');
  if (!isOpen(evaluation, now)) return deny('EVALUATION_CLOSED');
  if (!(SATISFACTION_LEVELS as readonly string[]).includes(rating)) return deny('BAD_INPUT');
  const eligible = checkEligible(evaluation, voter);
  if (!eligible.ok) return eligible;
  if (alreadyRated) return deny('ALREADY_RATED');
  return allow({ evaluationId: evaluation._id, voterId: voter.id, rating, at: now });
}

export interface Tally {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** How many people rated. */
  ratings: number;
}

/**
 * How a rater qualified: `checkedIn` at the meeting (the station saw them), or `declared` — they said
 * they live in one of the deputy's villages, which nobody checked. The presidium sees the two apart.
 */
export type RatingVia = 'checkedIn' | 'declared';

export function ratingVia(voter: Pick<Voter, 'checkedIn'>): RatingVia {
  return voter.checkedIn ? 'checkedIn' : 'declared';
}

/** Counts by level. Should the store ever hold two ratings by one voter, only their first counts. */
export function tally(ratings: readonly EvaluationRating[]): Tally {
  const first = new Map<string, EvaluationRating>();
  for (const r of ratings) {
    const seen = first.get(r.voterId);
    if (!seen || r.at.getTime() < seen.at.getTime()) first.set(r.voterId, r);
  }
  const result: Tally = { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, ratings: first.size };
  for (const r of first.values()) result[r.rating] += 1;
  return result;
}

export const REPORT_MAX_CHARS = 5000;
/** Days voters have to rate after the meeting day, unless the presidium says otherwise. */
export const DEFAULT_EVALUATION_DAYS = 7;

export interface EvaluationPlan {
  deputyId: string;
  stationCode: string;
  /** The meeting day (China calendar). */
  date: string;
  villageCodes: string[];
  /** How long rating stays open after the meeting day starts. */
  days: number;
}

/** A report-back put on the calendar by the presidium: open from the meeting day for `days` days. */
export function scheduleEvaluation(
  plan: EvaluationPlan,
  opensAt: Date,
  reviewer: Reviewer,
  now: Date,
): Decision<Evaluation> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  if (!Number.isInteger(plan.days) || plan.days < 1 || plan.days > 60) return deny('BAD_INPUT');
  if (!isCalendarDay(plan.date) || Number.isNaN(opensAt.getTime())) return deny('DATE_OUT_OF_RANGE');
  return allow({
    deputyId: plan.deputyId,
    stationCode: plan.stationCode,
    year: Number(plan.date.slice(0, 4)),
    date: plan.date,
    villageCodes: [...plan.villageCodes],
    opensAt,
    closesAt: new Date(opensAt.getTime() + plan.days * 24 * 3_600_000),
    scheduledBy: reviewer.id,
    createdAt: now,
  });
}

/** The deputy posts (or rewrites) their report; once anyone has rated, the report is fixed. */
export function postReport(
  evaluation: Evaluation,
  deputyId: string,
  text: string,
  hasRatings: boolean,
  now: Date,
): Decision<Evaluation> {
  if (evaluation.deputyId !== deputyId) return deny('NOT_EVALUATION_DEPUTY');
  if (isClosed(evaluation, now)) return deny('EVALUATION_CLOSED');
  const report = text.trim();
  if (!report || Array.from(report).length > REPORT_MAX_CHARS) return deny('REPORT_REQUIRED');
  if (hasRatings) return deny('EVALUATION_HAS_RATINGS');
  return allow({ ...evaluation, report, reportPostedAt: now });
}

/** Rating needs the report: voters rate what they read or heard. */
export function checkReportPosted(evaluation: Evaluation): Decision {
  return evaluation.report ? allow(undefined) : deny('EVALUATION_NOT_OPEN');
}

export function isClosed(evaluation: Evaluation, now: Date): boolean {
  const t = now.getTime();
  return (
    (evaluation.closedAt !== undefined && t >= evaluation.closedAt.getTime()) ||
    t >= evaluation.closesAt.getTime()
  );
}

/** The presidium closes early; closing twice or after the end changes nothing. */
export function closeEvaluation(evaluation: Evaluation, reviewer: Reviewer, now: Date): Decision<Evaluation> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  if (isClosed(evaluation, now)) return deny('EVALUATION_CLOSED');
  return allow({ ...evaluation, closedAt: now });
}

/** Results are published with the report once rating is over. */
export function publishEvaluation(
  evaluation: Evaluation,
  reviewer: Reviewer,
  now: Date,
): Decision<Evaluation> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  if (!isClosed(evaluation, now)) return deny('EVALUATION_NOT_CLOSED');
  if (!evaluation.report) return deny('REPORT_REQUIRED');
  return allow({ ...evaluation, publishedAt: evaluation.publishedAt ?? now });
}
