/**
 * Report-back evaluations (述职测评) and their ratings on the database. A rating's `_id` is
 * (evaluation, person): the store refuses a second one atomically.
 */
import { ratingIdOf } from '../../core/duty/disclosure.sources';
import type { Evaluation, Satisfaction } from '../../core/duty/duty.types';
import type { RatingVia } from '../../core/duty/evaluation.rules';
import { count, findById, findMany } from '../db/collection';
import { insertOnce } from '../db/collection';
import { rewrite } from './documents.repo';

export const EVALUATIONS = 'evaluations';
export const EVALUATION_RATINGS = 'evaluationRatings';

export type StoredEvaluation = Evaluation & { _id: string };

export function getEvaluation(id: string): Promise<StoredEvaluation | null> {
  return findById<StoredEvaluation>(EVALUATIONS, id);
}

/** Writes the evaluation once: scheduling the same deputy and day again leaves the first. */
export async function insertEvaluationOnce(evaluation: StoredEvaluation): Promise<void> {
  await insertOnce(EVALUATIONS, evaluation);
}

/** The evaluation re-read and rewritten in one transaction (EVALUATION_NOT_FOUND when there is none). */
export function rewriteEvaluation(
  id: string,
  decide: (e: StoredEvaluation) => Evaluation,
): Promise<StoredEvaluation> {
  return rewrite<Evaluation>(EVALUATIONS, id, 'EVALUATION_NOT_FOUND', decide);
}

/** A station's evaluations, newest first. */
export function evaluationsOfStation(stationCode: string, limit: number): Promise<StoredEvaluation[]> {
  return findMany<StoredEvaluation>(EVALUATIONS, { stationCode }, { orderBy: [['opensAt', 'desc']], limit });
}

/** How many ratings the evaluation has (of one level, when given). */
export function countRatings(evaluationId: string, rating?: Satisfaction): Promise<number> {
  return count(EVALUATION_RATINGS, rating ? { evaluationId, rating } : { evaluationId });
}

/** How many ratings came by each way of qualifying (core/duty/evaluation.rules.ts RatingVia). */
export function countRatingsVia(evaluationId: string, via: RatingVia): Promise<number> {
  return count(EVALUATION_RATINGS, { evaluationId, via });
}

/** The person's rating of the evaluation, if they gave one. */
export function ratingOf(evaluationId: string, openid: string): Promise<{ rating: Satisfaction } | null> {
  return findById<{ rating: Satisfaction }>(EVALUATION_RATINGS, ratingIdOf(evaluationId, openid));
}

/** Stores the person's one rating; false when they rated already. */
export function insertRating(
  evaluationId: string,
  openid: string,
  rating: Record<string, unknown>,
): Promise<boolean> {
  return insertOnce(EVALUATION_RATINGS, { _id: ratingIdOf(evaluationId, openid), ...rating });
}
