/**
 * Extension of the Open311 door: the filing system's callback rating (回访评价). GeoReport v2 has no
 * rating; the county's 12345 hotline calls the caller back once the case is 办结 and asks 满意 / 基本满意
 * / 不满意. The system posts that answer here and it becomes the case's rating — the same `rate`
 * command of the state machine a villager gives (server/opinion/opinions.service.ts actOnOpinion), so
 * the same consequences: 满意 and 基本满意 close the case, 不满意 reopens it under supervision (督办)
 * within the bounded reopenings; the timeline says 12345回访评价：满意; the figures count it as the
 * caller's own answer, under the case's channel.
 *
 *   rateRequest(key, id, input, now)
 *
 * Who: only the key that filed the case (core checkRate: a county system rates the cases its key filed
 * through the door, never another system's nor a WeChat villager's). When: as the state machine says
 * (办结 and not rated yet); callback_at, when given, not before 办结 nor in the future
 * (core checkCallbackAt). Idempotent: the same rating posted again (a retry, or two at once) answers
 * the first one and rates nothing; a different one is refused with OPINION_ALREADY_RATED.
 */
import { MAX_REOPENS } from '../../core/opinion/opinion.satisfaction';
import { timelineTextFor } from '../../core/opinion/opinion.state';
import { RATING_LABELS, type Actor, type Rating, type RatingEntry } from '../../core/opinion/opinion.types';
import { checkCallbackAt, open311Status, parseW3, w3 } from '../../core/open311/open311.rules';
import { isWriteConflict } from '../db/collection';
import { AppError } from '../errors';
import { actOnOpinion } from '../opinion/opinions.service';
import { getOpinion, type OpinionRecord } from '../opinion/opinions.repo';
import type { ApiKeyRecord } from './keys.service';
import type { RatingInput, RatingOut } from './open311.schemas';
import { Open311Error, fromAppError } from './requests.service';

/** The county system as the state machine's actor: its key and the channel the key stands for. */
function systemActor(key: ApiKeyRecord): Actor {
  return { role: 'countySystem', openid: '', keyId: key._id, channel: key.channel };
}

const time = (d: Date | string) => new Date(d).getTime();

/**
 * The earlier rating this post repeats, or 'differs' when the system already answered otherwise: the
 * rating recorded for the same callback_at, else — while the case does not wait for a new rating —
 * the system's latest one. Null when this is a new rating to give.
 */
function earlierRating(
  o: OpinionRecord,
  rating: Rating,
  callbackAt: Date | null,
): RatingEntry | 'differs' | null {
  const mine = o.ratings.filter((r) => r.bySystem);
  if (callbackAt) {
    const same = mine.find((r) => r.callbackAt && time(r.callbackAt) === callbackAt.getTime());
    if (same) return same.rating === rating ? same : 'differs';
  }
  if (o.status === 'resolved') return null;
  const last = o.ratings[o.ratings.length - 1];
  if (!last?.bySystem) return null;
  return last.rating === rating ? last : 'differs';
}

/** A rating as the door answers it: the same body each time the same rating is posted. */
function ratingAnswer(o: OpinionRecord, entry: RatingEntry): RatingOut[] {
  // The k-th 不满意 of a case reopens it while k ≤ MAX_REOPENS (decideRating); later ones close it.
  const upTo = o.ratings.slice(0, o.ratings.indexOf(entry) + 1);
  const reopened =
    entry.rating === 'unsatisfied' && upTo.filter((r) => r.rating === 'unsatisfied').length <= MAX_REOPENS;
  return [
    {
      service_request_id: o._id,
      status: open311Status(o.status),
      rating: entry.rating,
      rating_name: RATING_LABELS[entry.rating],
      rated_datetime: w3(new Date(entry.at)),
      callback_datetime: entry.callbackAt ? w3(new Date(entry.callbackAt)) : null,
      reopened,
      notes: timelineTextFor(
        {
          type: reopened ? 'reopened' : 'rated',
          actorRole: 'countySystem',
          data: { rating: entry.rating, ...(entry.bySystem && { bySystem: entry.bySystem }) },
        },
        'villager',
      ),
    },
  ];
}

function alreadyRated(o: OpinionRecord, rating: Rating): Open311Error {
  const last = [...o.ratings].reverse().find((r) => r.bySystem);
  const given = last ? `已回访评价为“${RATING_LABELS[last.rating]}”` : '已经评价过';
  return new Open311Error(
    400,
    `这件意见${given}，不能再改为“${RATING_LABELS[rating]}”${
      o.status === 'resolved' || o.status === 'closed' ? '' : '；重新办理后再次办结时可以再评价'
    }（OPINION_ALREADY_RATED）`,
  );
}

/** Why a case of the key's cannot be rated now: not 办结 yet, or its rating window has ended. */
function notRatable(o: OpinionRecord): Open311Error {
  if (o.status === 'closed' && o.outcome === 'unrated')
    return new Open311Error(400, '这件意见已过评价期限，按“未评价”办结，不能再评价（NOT_RATABLE）');
  if (o.status === 'closed' || o.status === 'merged')
    return new Open311Error(400, '这件意见已经结束办理，不能评价（NOT_RATABLE）');
  return new Open311Error(400, '这件意见还没有办结，办结后才能回访评价（NOT_RATABLE）');
}

/** The case this key may rate: a request it filed through the door; 404 for any other id. */
async function loadOwn(key: ApiKeyRecord, id: string): Promise<OpinionRecord> {
  const o = /^op[0-9a-f]{22}$/.test(id) ? await getOpinion(id) : null;
  // A villager's WeChat case never leaves the door (as GET requests/{id} answers).
  if (!o || !o.open311) throw new Open311Error(404, `没有找到 service_request_id ${id}`);
  if (o.open311.keyId !== key._id)
    throw new Open311Error(
      403,
      '这件意见不是用这个 api_key 转交的，只有转交它的系统才能回访评价（NOT_YOUR_OPINION）',
    );
  return o;
}

/** POST requests/{id}/rating: the caller's answer to the callback, as the case's rating. */
export async function rateRequest(
  key: ApiKeyRecord,
  id: string,
  input: RatingInput,
  now: Date,
): Promise<RatingOut[]> {
  const callbackAt = input.callback_at === undefined ? null : parseW3(input.callback_at);
  if (input.callback_at !== undefined && !callbackAt)
    throw new Open311Error(400, 'callback_at 应为 w3 格式的时间，如 2026-12-03T10:30:00+08:00');
  const o = await loadOwn(key, id);
  const earlier = earlierRating(o, input.rating, callbackAt);
  if (earlier === 'differs') throw alreadyRated(o, input.rating);
  if (earlier) return ratingAnswer(o, earlier);
  if (callbackAt && o.status === 'resolved' && o.resolvedAt) {
    const window = checkCallbackAt(callbackAt, new Date(o.resolvedAt), now);
    if (!window.ok)
      throw new Open311Error(
        400,
        window.reason === 'CALLBACK_BEFORE_RESOLVED'
          ? `callback_at 不能早于办结时间（${w3(new Date(o.resolvedAt))}）`
          : 'callback_at 不能晚于现在',
      );
  }
  try {
    const { opinion } = await actOnOpinion(id, systemActor(key), now, {
      type: 'rate',
      rating: input.rating,
      ...(input.comment && { comment: input.comment }),
      ...(callbackAt && { callbackAt }),
    });
    return ratingAnswer(opinion, opinion.ratings[opinion.ratings.length - 1]);
  } catch (err) {
    // The same rating posted twice at once: the one that lost the race answers the one that won.
    const raced = isWriteConflict(err) || (err instanceof AppError && err.code === 'CONFLICT');
    if (!raced && !(err instanceof AppError && err.code === 'OPINION_ALREADY_RATED')) {
      if (err instanceof AppError && err.code === 'NOT_RATABLE') throw notRatable(o);
      if (err instanceof AppError) throw fromAppError(err);
      throw err;
    }
    const now2 = await loadOwn(key, id);
    const won = earlierRating(now2, input.rating, callbackAt);
    if (won && won !== 'differs') return ratingAnswer(now2, won);
    if (won === 'differs') throw alreadyRated(now2, input.rating);
    throw err;
  }
}
