/**
 * Report-back evaluation (述职测评): after a deputy reports to the voters, the voters rate it 满意 /
 * 基本满意 / 不满意. Who may rate: a person checked in at the report-back meeting, or a resident of one of
 * the deputy's villages; not the deputy themself. One rating per person, given by that person: the
 * rating is always made out to the caller's own id (nobody rates on another's behalf, not even a
 * station admin filing for an elderly villager), and it cannot be changed. Nothing is accepted outside
 * [opensAt, closesAt) or after the presidium closes it.
 */
import { allow, deny, type Decision } from '../result';
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
