/**
 * Report-back evaluations (述职测评) as use cases: the presidium schedules a deputy's report-back,
 * the deputy posts the report, voters rate it once (checked in at the station that day, or living in
 * one of the deputy's villages), the presidium closes and publishes it. The rules are
 * core/duty/evaluation.rules.ts; the counts stay private until published.
 */
import { chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { SATISFACTION_LABELS, SATISFACTION_LEVELS, type Satisfaction } from '../../core/duty/duty.types';
import {
  checkReportPosted,
  closeEvaluation,
  isClosed,
  isOpen,
  postReport as postReportRule,
  publishEvaluation,
  rate,
  ratingVia,
  scheduleEvaluation,
  type Tally,
} from '../../core/duty/evaluation.rules';
import { fail, orFail } from '../errors';
import type { ActionContext, Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { getStation } from '../station/stations.repo';
import { checkedInOn, getDeputy } from './duty-sources.repo';
import { deputyOf, reviewer } from './duty.service';
import {
  countRatings,
  countRatingsVia,
  evaluationsOfStation,
  getEvaluation,
  insertEvaluationOnce,
  insertRating,
  ratingOf,
  rewriteEvaluation,
  type StoredEvaluation,
} from './evaluations.repo';

async function evaluationOrFail(id: string): Promise<StoredEvaluation> {
  const e = await getEvaluation(id);
  if (!e) fail('EVALUATION_NOT_FOUND');
  return e;
}

async function tallyOf(evaluationId: string): Promise<Tally> {
  const [satisfied, basicallySatisfied, dissatisfied] = await Promise.all(
    SATISFACTION_LEVELS.map((rating) => countRatings(evaluationId, rating)),
  );
  return {
    satisfied,
    basicallySatisfied,
    dissatisfied,
    ratings: satisfied + basicallySatisfied + dissatisfied,
  };
}

/** The evaluation as the caller may see it: the counts once published (earlier for the presidium and the deputy). */
async function evaluationView(e: StoredEvaluation, { caller, now }: Pick<ActionContext, 'caller' | 'now'>) {
  const deputy = await getDeputy(e.deputyId);
  const mayRead = caller.role === 'presidium' || caller.user?.deputyId === e.deputyId;
  const tally = e.publishedAt || mayRead ? await tallyOf(e._id) : null;
  // How the raters qualified, for the presidium: checked in at the meeting, or a village they declared.
  const via =
    tally && caller.role === 'presidium'
      ? {
          checkedIn: await countRatingsVia(e._id, 'checkedIn'),
          declared: await countRatingsVia(e._id, 'declared'),
        }
      : null;
  const mine = await ratingOf(e._id, caller.openid);
  return {
    id: e._id,
    deputyId: e.deputyId,
    deputyName: deputy?.name ?? e.deputyId,
    stationCode: e.stationCode,
    date: e.date ?? chinaDate(e.opensAt),
    closesOn: chinaDate(new Date(e.closesAt.getTime() - 1)),
    report: e.report ?? null,
    open: isOpen(e, now) && !!e.report,
    closed: isClosed(e, now),
    published: !!e.publishedAt,
    villageCodes: e.villageCodes,
    tally: tally && {
      ...tally,
      labels: SATISFACTION_LEVELS.map((level) => ({
        level,
        label: SATISFACTION_LABELS[level],
        count: tally[level],
      })),
    },
    via,
    myRating: mine ? mine.rating : null,
  };
}

/** Schedules a deputy's report-back on a day at a station (theirs unless given); once per deputy and day. */
export async function schedule(
  caller: Caller,
  now: Date,
  input: { deputyId: string; date: string; stationCode?: string; days: number },
): Promise<{ id: string }> {
  requireDateIn('evaluation', input.date, chinaDate(now));
  const deputy = await getDeputy(input.deputyId);
  if (!deputy) fail('EVALUATION_DEPUTY_NOT_FOUND');
  const stationCode = input.stationCode ?? deputy.stationCode;
  if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
  const evaluation = orFail(
    scheduleEvaluation(
      {
        deputyId: deputy._id,
        stationCode,
        date: input.date,
        villageCodes: deputy.villageCodes,
        days: input.days,
      },
      chinaInstant(input.date),
      reviewer(caller),
      now,
    ),
  );
  const id = `ev:${deputy._id}:${input.date}`;
  await insertEvaluationOnce({ ...evaluation, _id: id });
  return { id };
}

/** The deputy posts (or rewrites, until the first rating) their report. */
export async function postReport(ctx: ActionContext, evaluationId: string, report: string) {
  const deputy = await deputyOf(ctx.caller);
  const hasRatings = (await countRatings(evaluationId)) > 0;
  const e = await rewriteEvaluation(evaluationId, (e) =>
    orFail(postReportRule(e, deputy._id, report, hasRatings, ctx.now)),
  );
  return evaluationView(e, ctx);
}

/** A voter's one rating; how they qualified (checked in that day, or by village) is kept with it. */
export async function rateReport(
  ctx: ActionContext,
  input: { evaluationId: string; rating: Satisfaction; villageCode?: string },
) {
  const { caller, now } = ctx;
  const e = await evaluationOrFail(input.evaluationId);
  orFail(checkReportPosted(e));
  const [checkedIn, already] = await Promise.all([
    checkedInOn(e.stationCode, e.date ?? chinaDate(e.opensAt), caller.openid),
    ratingOf(e._id, caller.openid),
  ]);
  const voter = {
    id: caller.openid,
    villageCode: input.villageCode,
    checkedIn,
    deputyId: caller.user?.deputyId,
  };
  const decided = orFail(rate(e, voter, input.rating, !!already, now));
  if (!(await insertRating(e._id, caller.openid, { ...decided, via: ratingVia(voter) })))
    fail('ALREADY_RATED');
  return evaluationView(e, ctx);
}

export async function close(ctx: ActionContext, evaluationId: string) {
  const e = await rewriteEvaluation(evaluationId, (e) =>
    orFail(closeEvaluation(e, reviewer(ctx.caller), ctx.now)),
  );
  return evaluationView(e, ctx);
}

export async function publish(ctx: ActionContext, evaluationId: string) {
  const e = await rewriteEvaluation(evaluationId, (e) =>
    orFail(publishEvaluation(e, reviewer(ctx.caller), ctx.now)),
  );
  return evaluationView(e, ctx);
}

export async function getOne(ctx: ActionContext, evaluationId: string) {
  return evaluationView(await evaluationOrFail(evaluationId), ctx);
}

/** A station's report-backs, newest first. */
export async function listOfStation(ctx: ActionContext, stationCode: string) {
  const list = await evaluationsOfStation(stationCode, 50);
  return Promise.all(list.map((e) => evaluationView(e, ctx)));
}
