/**
 * Limits on abuse (core/admin/abuse.limits.ts) as stored and counted:
 *   settings       `_id` = 'abuseLimits': the presidium's values (defaults when absent)
 *   rateCounters   `_id` = `<kind>:<openid>:<window>`: how many times one person did one thing in one
 *                  window (an hour, a day), taken with ONE conditional update so concurrent calls never
 *                  pass the limit
 */
import { effectiveLimits, type AbuseLimits } from '../core/admin/abuse.limits';
import {
  command,
  findById,
  insert,
  isDuplicateKey,
  removeWhere,
  transaction,
  updateWhere,
} from './db/collection';
import { currentTownship } from './tenancy';

export const SETTINGS = 'settings';
export const RATE_COUNTERS = 'rateCounters';
const LIMITS_ID = 'abuseLimits';

/** Abuse counters (hourly and daily windows) are kept this long, past their longest window. */
export const RATE_COUNTER_RETENTION_MS = 2 * 24 * 60 * 60 * 1000;

/** The scheduler's purge: counters older than RATE_COUNTER_RETENTION_MS are removed; answers how many. */
export function purgeRateCounters(now: Date): Promise<number> {
  return removeWhere(RATE_COUNTERS, {
    createdAt: command().lt(new Date(now.getTime() - RATE_COUNTER_RETENTION_MS)),
  });
}

/**
 * The call's township's limits; outside any township (an invite code that names none, before a villager
 * chose one) the defaults, which every township starts from.
 */
export async function loadLimits(): Promise<AbuseLimits> {
  if (currentTownship() === null) return effectiveLimits(null);
  return effectiveLimits(await findById<Record<string, unknown> & { _id: string }>(SETTINGS, LIMITS_ID));
}

export async function saveLimits(limits: AbuseLimits, by: string, now: Date): Promise<void> {
  await transaction((tx) => tx.set(SETTINGS, LIMITS_ID, { ...limits, updatedBy: by, updatedAt: now }));
}

/**
 * Counts one more `kind` for `openid` in `window` if fewer than `limit` were counted; answers whether it
 * was counted. The counter document is made on first use (a concurrent maker wins, which is fine).
 */
export async function takeCount(
  kind: string,
  openid: string,
  window: string,
  limit: number,
  now: Date,
): Promise<boolean> {
  const _ = command();
  const _id = `${kind}:${openid}:${window}`;
  if (!(await findById(RATE_COUNTERS, _id))) {
    try {
      await insert(RATE_COUNTERS, { _id, kind, openid, window, used: 0, createdAt: now });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return (
    (await updateWhere(RATE_COUNTERS, { _id, used: _.lt(limit) }, { used: _.inc(1), lastAt: now })) === 1
  );
}
