/**
 * The opinion figures of a disclosure, computed by the database (an aggregation pipeline) rather than
 * by reading every opinion: one pass over the opinions of the period, grouped by deputy. It encodes
 * exactly the rules of `opinionFactsOf` (disclosure.sources.ts) + `addOpinion` (disclosure.aggregate.ts);
 * tests/core/duty/disclosure.pipeline.test.ts runs both on the same opinions and compares them.
 *
 * Plain MongoDB syntax (CloudBase accepts it; the local cloud runs it with mingo). The group output is
 * one row per deputy; the server pages it with $sort/$skip/$limit, never trusting a single answer.
 */
import { addDays, chinaInstant, type Ymd } from '../calendar/china-time';
import { OPINION_FIGURE_KEYS, type DisclosurePeriod } from './duty.types';
import { figuresAsOf, periodInstants } from './disclosure.sources';

/** The opinion figures the pipeline produces (the keys of a row it answers, besides `_id` = deputyId). */
export const PIPELINE_FIGURES = OPINION_FIGURE_KEYS;
export type PipelineFigure = (typeof PIPELINE_FIGURES)[number];
export type PipelineRow = { _id: string } & Record<PipelineFigure, number>;

type Stage = Record<string, unknown>;

const flag = (cond: unknown) => ({ $cond: [cond, 1, 0] });
const inRange = (field: unknown, from: unknown, to: unknown) => ({
  $and: [{ $gte: [field, from] }, { $lt: [field, to] }],
});

/**
 * Stages up to the grouping; `deputyIds` limits it to some deputies (one station's draft). Overdue is
 * judged as of the period's last day (or `today` while it runs: figuresAsOf), from the days the case
 * records (deadlineRunningOn). Append `pageStages(skip, limit)`.
 */
export function opinionFigurePipeline(
  period: DisclosurePeriod,
  today: Ymd,
  deputyIds?: readonly string[],
): Stage[] {
  const match = periodMatch(period);
  if (deputyIds) match['owner.deputyIds'] = { $in: [...deputyIds] };
  return [
    ...caseFigureStages(match, period, today),
    { $unwind: '$deputyIds' },
    ...(deputyIds ? [{ $match: { deputyIds: { $in: [...deputyIds] } } }] : []),
    { $group: { _id: '$deputyIds', ...FIGURE_SUMS } },
  ];
}

/**
 * The same figures for the township as a whole: each case counted once (not once per deputy as in a
 * notice's rows), including the cases no deputy holds (the presidium's queue, a department's). One row,
 * `_id` null; none when there is no case of the period. The county's overview of its townships.
 */
export function townshipOpinionFigurePipeline(period: DisclosurePeriod, today: Ymd): Stage[] {
  return [...caseFigureStages(periodMatch(period), period, today), { $group: { _id: null, ...FIGURE_SUMS } }];
}

const FIGURE_SUMS = {
  opinionsReceived: { $sum: '$received' },
  opinionsAnswered: { $sum: '$answered' },
  opinionsResolved: { $sum: '$resolved' },
  opinionsOverdue: { $sum: '$overdue' },
  satisfied: { $sum: '$satisfied' },
  basicallySatisfied: { $sum: '$basicallySatisfied' },
  dissatisfied: { $sum: '$dissatisfied' },
  noReplyNeeded: { $sum: '$noReplyNeeded' },
  ratedByStaff: { $sum: '$ratedByStaff' },
};

/** The cases of the period that count (not merged, not held, not rejected). */
function periodMatch(period: DisclosurePeriod): Record<string, unknown> {
  const { from, to } = periodInstants(period);
  const dayAfter = addDays(period.end, 1);
  return {
    status: { $nin: ['merged', 'review'] },
    outcome: { $ne: 'rejected' },
    $or: [
      { submittedAt: { $gte: from, $lt: to } },
      { answeredOn: { $gte: period.start, $lt: dayAfter } },
      { resolvedAt: { $gte: from, $lt: to } },
    ],
  };
}

/** One row per case with its 0/1 figures (and its deputies), before any grouping. */
function caseFigureStages(match: Record<string, unknown>, period: DisclosurePeriod, today: Ymd): Stage[] {
  const { from, to } = periodInstants(period);
  const dayAfter = addDays(period.end, 1);
  const asOf = figuresAsOf(period, today);
  const asOfEnd = chinaInstant(addDays(asOf, 1));
  const after = (field: string) => ({
    $and: [{ $ne: [{ $ifNull: [field, null] }, null] }, { $gt: [field, asOf] }],
  });
  return [
    { $match: match },
    {
      $project: {
        deputyIds: { $ifNull: ['$owner.deputyIds', []] },
        received: flag(inRange('$submittedAt', from, to)),
        answered: flag(inRange({ $ifNull: ['$answeredOn', ''] }, period.start, dayAfter)),
        resolved: flag(inRange({ $ifNull: ['$resolvedAt', null] }, from, to)),
        noReply: flag({ $eq: ['$noReplyNeeded', true] }),
        ...LAST_RATING_FIELDS,
        // deadlineRunningOn(opinion, asOf), disclosure.sources.ts
        due: {
          $switch: {
            branches: [
              {
                case: {
                  $and: [
                    { $ne: [{ $ifNull: ['$resolvedAt', null] }, null] },
                    { $lt: ['$resolvedAt', asOfEnd] },
                  ],
                },
                then: null,
              },
              { case: { $or: [{ $eq: ['$status', 'assigned'] }, after('$acceptedOn')] }, then: '$acceptBy' },
              {
                case: {
                  $or: [{ $in: ['$status', ['accepted', 'transferred']] }, after('$answeredOn')],
                },
                then: '$answerBy',
              },
            ],
            default: null,
          },
        },
      },
    },
    {
      $project: {
        deputyIds: 1,
        received: 1,
        answered: 1,
        resolved: 1,
        noReplyNeeded: { $multiply: ['$received', '$noReply'] },
        overdue: {
          $multiply: [
            '$received',
            { $subtract: [1, '$noReply'] },
            flag({ $and: [{ $ne: ['$due', null] }, { $gt: [asOf, '$due'] }] }),
          ],
        },
        satisfied: {
          $multiply: [
            '$resolved',
            { $subtract: [1, '$lastByStaff'] },
            flag({ $eq: ['$lastRating', 'satisfied'] }),
          ],
        },
        basicallySatisfied: {
          $multiply: [
            '$resolved',
            { $subtract: [1, '$lastByStaff'] },
            flag({ $eq: ['$lastRating', 'basicallySatisfied'] }),
          ],
        },
        dissatisfied: {
          $multiply: [
            '$resolved',
            { $subtract: [1, '$lastByStaff'] },
            flag({ $eq: ['$lastRating', 'unsatisfied'] }),
          ],
        },
        ratedByStaff: { $multiply: ['$resolved', '$lastByStaff'] },
      },
    },
  ];
}

/**
 * A case's last rating and whether staff gave it on the villager's behalf (1/0): a rating by staff is no
 * satisfaction figure (disclosure.sources.ts). For a `$project`; the notices and the year's figures both read it.
 */
export const LAST_RATING_FIELDS = {
  lastRating: { $arrayElemAt: [{ $ifNull: ['$ratings.rating', []] }, -1] },
  lastByStaff: flag({
    $eq: [
      {
        $let: { vars: { last: { $arrayElemAt: [{ $ifNull: ['$ratings', []] }, -1] } }, in: '$$last.byStaff' },
      },
      true,
    ],
  }),
};

/** One page of the grouped rows, in a stable order. */
export function pageStages(skip: number, limit: number): Stage[] {
  return [{ $sort: { _id: 1 } }, { $skip: skip }, { $limit: limit }];
}
