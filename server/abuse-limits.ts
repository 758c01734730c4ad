/**
 * Limits on abuse (core/admin/abuse.limits.ts) as stored and counted:
 *   settings       `_id` = 'abuseLimits': the presidium's values (defaults when absent)
 *   rateCounters   `_id` = `<kind>:<township>:<openid>:<window>`: how many times one person did one thing
 *                  in one township in one window (an hour, a day), taken with ONE conditional update so
 *                  concurrent calls never pass the limit. The limits are a township's, so is what they
 *                  count: taps in one township never use up another's. A county collection all the same
 *                  (its ids name the township, `-` for a count kept across townships): invite tries are
 *                  counted across (`scope` 'county'), as the township of a try is the one its typed code
 *                  names — counted per township, a right code would pass where wrong ones are refused.
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

/** Where a count is kept: in the call's township (outside any: `-`), or across townships (`-`). */
export type CountScope = 'township' | 'county';

function counterTownship(scope: CountScope): string {
  return (scope === 'township' && currentTownship()) || '-';
}

/** The counter of `kind` for `openid` in `window`, in the call's township or across (`scope`). */
export function rateCounterId(kind: string, openid: string, window: string, scope: CountScope): string {
  return `${kind}:${counterTownship(scope)}:${openid}:${window}`;
}

/**
 * Counts one more `kind` for `openid` in `window`, in the call's township (or across townships:
 * `scope` 'county'), if fewer than `limit` were counted; answers whether it was counted. The counter
 * document is made on first use (a concurrent maker wins, which is fine).
 */
export async function takeCount(
  kind: string,
  openid: string,
  window: string,
  limit: number,
  now: Date,
  scope: CountScope = 'township',
): Promise<boolean> {
  const _ = command();
  const _id = rateCounterId(kind, openid, window, scope);
  if (!(await findById(RATE_COUNTERS, _id))) {
    try {
      const township = counterTownship(scope);
      await insert(RATE_COUNTERS, { _id, kind, township, openid, window, used: 0, createdAt: now });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return (
    (await updateWhere(RATE_COUNTERS, { _id, used: _.lt(limit) }, { used: _.inc(1), lastAt: now })) === 1
  );
}
