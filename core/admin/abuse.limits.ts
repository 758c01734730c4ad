/**
 * Limits on abuse, per WeChat user (openid), which the presidium may tune (admin.setLimits):
 *   - invite-code redemption: attempts per clock hour (a code is 8 characters; guessing is slowed to a crawl),
 *     counted across townships: a try's township is the one its typed code names, and a right code must
 *     not pass where wrong ones are refused, so a township may lower the limit, never raise it;
 *   - a station admin filing on villagers' behalf (代录): opinions per China day;
 *   - a villager's places: reception days booked and not yet held at once;
 *   - subscription taps: accepted subscribe dialogs one person may report per clock hour (each adds a
 *     grant per template: account.recordSubscriptions; without a cap fresh request ids inflate them).
 * Booking is also only open for days villagers can see (NOTICE_HORIZON_DAYS ahead, core/booking).
 */
import { allow, deny, type Decision } from '../result';

export interface AbuseLimits {
  /** Invite-code redemptions one WeChat user may try per clock hour. */
  inviteAttemptsPerHour: number;
  /** Opinions one station admin may file on villagers' behalf per China day. */
  onBehalfPerDay: number;
  /** Reception days one person may hold a place on at once (booked, not yet held). */
  heldPlaces: number;
  /** Accepted subscribe dialogs (允许) one person may report per clock hour. */
  subscriptionTapsPerHour: number;
}

export const ABUSE_LIMITS_DEFAULT: AbuseLimits = {
  inviteAttemptsPerHour: 5,
  onBehalfPerDay: 30,
  heldPlaces: 3,
  // A deputy answering cases taps 允许 once per case or two: a busy hour is well under this.
  subscriptionTapsPerHour: 20,
};

/** What the presidium may set each limit to (never 0: a limit that stops everyone is a mistake). */
export const ABUSE_LIMITS_RANGE: Record<keyof AbuseLimits, { min: number; max: number }> = {
  inviteAttemptsPerHour: { min: 1, max: ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour },
  onBehalfPerDay: { min: 1, max: 200 },
  heldPlaces: { min: 1, max: 10 },
  subscriptionTapsPerHour: { min: 5, max: 60 },
};

/** The limits in force: the stored ones over the defaults, each kept inside its range. */
export function effectiveLimits(stored: Partial<Record<string, unknown>> | null | undefined): AbuseLimits {
  const out = { ...ABUSE_LIMITS_DEFAULT };
  for (const key of Object.keys(ABUSE_LIMITS_RANGE) as (keyof AbuseLimits)[]) {
    const v = stored?.[key];
    const { min, max } = ABUSE_LIMITS_RANGE[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) out[key] = v;
  }
  return out;
}

/** A change the presidium asks for: each given limit a whole number inside its range (else LIMIT_INVALID). */
export function checkLimits(current: AbuseLimits, change: Partial<AbuseLimits>): Decision<AbuseLimits> {
  const next = { ...current };
  for (const [key, v] of Object.entries(change) as [keyof AbuseLimits, number | undefined][]) {
    if (v === undefined) continue;
    const range = ABUSE_LIMITS_RANGE[key];
    if (!range || !Number.isInteger(v) || v < range.min || v > range.max) return deny('LIMIT_INVALID');
    next[key] = v;
  }
  return allow(next);
}

/** Whether one more place may be held, with `held` already held and at most `limit` at once. */
export function checkHeldPlaces(held: number, limit: number): Decision<void> {
  return held < limit ? allow(undefined) : deny('BOOKINGS_HELD_LIMIT');
}

/** The window key of an hourly counter: the UTC hour of `now` ('2026-12-01T09'). */
export function hourKey(now: Date): string {
  return now.toISOString().slice(0, 13);
}
