/**
 * How the records of other areas become the facts a disclosure counts (disclosure.aggregate.ts):
 * an opinion (core/opinion) becomes OpinionFacts, a reception day with its check-ins ReceptionFacts.
 * Also the deterministic ids of the duty area's documents, so a retried write is one document.
 */
import { addDays, chinaDate, chinaInstant, type Ymd } from '../calendar/china-time';
import type { Opinion, Rating } from '../opinion/opinion.types';

import type { OpinionFacts, ReceptionFacts } from './disclosure.aggregate';
import type { DisclosurePeriod, Satisfaction } from './duty.types';

/** The fields of an opinion the disclosure reads (the database counts them: disclosure.pipeline.ts). */
export type OpinionForDisclosure = Pick<
  Opinion,
  '_id' | 'stationCode' | 'status' | 'owner' | 'submittedAt' | 'acceptBy' | 'answerBy' | 'ratings'
> &
  Partial<Pick<Opinion, 'answeredOn' | 'resolvedAt' | 'outcome' | 'acceptedOn'>> & {
    noReplyNeeded?: boolean;
  };

/** The day a period's figures are judged on: its last day, or today while it is still running. */
export function figuresAsOf(period: Pick<DisclosurePeriod, 'end'>, today: Ymd): Ymd {
  return today < period.end ? today : period.end;
}

/**
 * The deadline that was running on `asOf` (a past day) from what the case records: none once resolved
 * by then; the accept-by while not yet accepted; the answer-by while not yet answered (or reopened and
 * open again now). So a notice judged as of its period's end gives the same figure whenever it is drawn.
 */
export function deadlineRunningOn(
  o: Pick<
    OpinionForDisclosure,
    'status' | 'acceptBy' | 'answerBy' | 'acceptedOn' | 'answeredOn' | 'resolvedAt'
  >,
  asOf: Ymd,
): Ymd | null {
  if (o.resolvedAt && chinaDate(o.resolvedAt) <= asOf) return null;
  if (o.status === 'assigned' || (o.acceptedOn && o.acceptedOn > asOf)) return o.acceptBy;
  if (o.status === 'accepted' || o.status === 'transferred' || (o.answeredOn && o.answeredOn > asOf))
    return o.answerBy;
  return null;
}

const RATING_TO_SATISFACTION: Record<Rating, Satisfaction> = {
  satisfied: 'satisfied',
  basicallySatisfied: 'basicallySatisfied',
  unsatisfied: 'dissatisfied',
};

/**
 * The facts of one opinion, or null when it counts for nobody: a case merged into another (counted
 * there), one still in moderation or refused there (no deputy ever had it), or one with no deputy
 * (in the presidium's queue). A transferred case still counts for the deputies who passed it on.
 * - answered: the day of the answer (answeredOn, China calendar) at 12:00, so it lands on that day;
 * - rating: the villager's latest rating, unless staff gave it on their behalf (`byStaff`): a rating
 *   the villager did not give is no satisfaction figure; it is counted apart (ratedByStaff);
 * - overdue (超期未办结): the deadline running on `asOf` — the period's last day (figuresAsOf) — had
 *   passed then and the case was not resolved by then (deadlineRunningOn), whenever the notice is drawn.
 */
export function opinionFactsOf(opinion: OpinionForDisclosure, asOf: Ymd): OpinionFacts | null {
  if (opinion.status === 'merged' || opinion.status === 'review' || opinion.outcome === 'rejected')
    return null;
  const owner = opinion.owner;
  const deputyIds = owner.kind === 'presidium' ? [] : owner.deputyIds;
  if (deputyIds.length === 0) return null;
  const due = deadlineRunningOn(opinion, asOf);
  const last = opinion.ratings?.length ? opinion.ratings[opinion.ratings.length - 1] : undefined;
  return {
    deputyIds,
    submittedAt: opinion.submittedAt,
    answeredAt: opinion.answeredOn ? chinaInstant(opinion.answeredOn, '12:00') : undefined,
    resolvedAt: opinion.resolvedAt ?? undefined,
    rating: last && !last.byStaff ? RATING_TO_SATISFACTION[last.rating] : undefined,
    ratedByStaff: last?.byStaff === true,
    overdue: due !== null && asOf > due,
    noReplyNeeded: opinion.noReplyNeeded === true,
  };
}

/** A reception day the disclosure reads, with the number of villagers checked in that day. */
export interface ReceptionDayForDisclosure {
  date: Ymd;
  deputyIds: string[];
  status: 'scheduled' | 'cancelled' | 'done';
}

/**
 * A reception day counts once it was held, which the records show: a reception record (接待记录) was
 * written for it, or villagers were checked in. A rota day that merely passed (nobody came, nothing
 * recorded) is no reception attended; neither is a cancelled or future one. With a record, the deputies
 * who served that day are counted (it names them); with check-ins only, the deputies on the rota.
 */
export function receptionFactsOf(
  day: ReceptionDayForDisclosure,
  checkedIn: number,
  today: Ymd,
  record: { deputyIds: readonly string[] } | null = null,
): ReceptionFacts | null {
  if (day.status === 'cancelled' || day.date > today) return null;
  if (!record && checkedIn === 0) return null;
  const deputyIds = record && record.deputyIds.length > 0 ? [...record.deputyIds] : day.deputyIds;
  return { date: day.date, deputyIds, villagersReceived: checkedIn };
}

/** The instants [from, to) that cover a period's China-calendar days: for range queries on Date fields. */
export function periodInstants(period: DisclosurePeriod): { from: Date; to: Date } {
  return { from: chinaInstant(period.start), to: chinaInstant(addDays(period.end, 1)) };
}

/** One document per (station, period, version). */
export function noticeIdOf(stationCode: string, periodId: string, version: number): string {
  return `${stationCode}:${periodId}:v${version}`;
}

/** One follow per (station, villager). */
export function followIdOf(stationCode: string, openid: string): string {
  return `${stationCode}:${openid}`;
}

/** One rating per (evaluation, person): the store refuses a second insert with the same id. */
export function ratingIdOf(evaluationId: string, openid: string): string {
  return `${evaluationId}:${openid}`;
}
