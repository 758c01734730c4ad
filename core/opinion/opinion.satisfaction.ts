/**
 * The villager's rating after 办结. 满意 and 基本满意 close the case. 不满意 reopens it under presidium
 * supervision (督办), at most MAX_REOPENS times; the next 不满意 closes it as unsatisfied, the record kept
 * for statistics. A case not rated gets one reminder, then closes as 未评价 ('unrated'): no answer is
 * not counted as a failure or a success. Days here are China calendar days, not working days: this
 * is the villager's time, not an office's.
 */
import { addDays, chinaDate } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import type { Opinion, Rating } from './opinion.types';

export const MAX_REOPENS = 2;
export const RATING_REMIND_AFTER_DAYS = 7;
export const RATING_CLOSE_AFTER_DAYS = 15;

export type RatingOutcome = { kind: 'close'; rating: Rating } | { kind: 'reopen'; reopenCount: number };

type Ratable = Pick<Opinion, 'status' | 'ratings' | 'reopenCount'>;

/** What a rating does to the case; refuses when there is nothing to rate. */
export function decideRating(opinion: Ratable, rating: Rating): Decision<RatingOutcome> {
  if (opinion.status === 'closed' && opinion.ratings.length > 0) return deny('OPINION_ALREADY_RATED');
  if (opinion.status !== 'resolved') return deny('NOT_RATABLE');
  if (rating === 'unsatisfied' && opinion.reopenCount < MAX_REOPENS) {
    return allow({ kind: 'reopen', reopenCount: opinion.reopenCount + 1 });
  }
  return allow({ kind: 'close', rating });
}

export type RatingAction = 'remindRating' | 'closeUnrated';

/** What the scheduler owes a resolved, unrated case at `now` (at most one action). */
export function dueRatingActions(
  opinion: Pick<Opinion, 'status' | 'resolvedAt' | 'ratingRemindedAt'>,
  now: Date,
): RatingAction[] {
  if (opinion.status !== 'resolved' || !opinion.resolvedAt) return [];
  const resolvedOn = chinaDate(opinion.resolvedAt);
  const today = chinaDate(now);
  if (today >= addDays(resolvedOn, RATING_CLOSE_AFTER_DAYS)) return ['closeUnrated'];
  if (today >= addDays(resolvedOn, RATING_REMIND_AFTER_DAYS) && !opinion.ratingRemindedAt)
    return ['remindRating'];
  return [];
}
