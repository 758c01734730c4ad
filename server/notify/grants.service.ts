/**
 * Subscription grants as use cases: the mini-program reports each accepted tap (one grant per accepted
 * template; a retried report with the same requestId adds nothing; at most subscriptionTapsPerHour new
 * taps per person per hour, core/admin/abuse.limits.ts), and a person asks how many
 * reminders they can still receive. Sends use grants up in server/outbox.ts. Rules: core/notify/grants.ts.
 */
import { afterAcceptance, remindersLeft } from '../../core/notify/grants';
import type { TemplateKey } from '../../core/notify/templates';
import { hourKey } from '../../core/admin/abuse.limits';
import { loadLimits, takeCount } from '../abuse-limits';
import { transaction } from '../db/collection';
import { fail } from '../errors';
import type { Caller } from '../pipeline';
import { IDEMPOTENCY_RETENTION_MS } from '../idempotency';
import {
  getGrantIn,
  grantCounts,
  recordTapIn,
  removeTapsBefore,
  setGrantIn,
  tapSeen,
  tapSeenIn,
} from './grants.repo';

/**
 * Records the templates the caller accepted in one tap; answers the counts they now hold. A new tap
 * beyond the hour's subscriptionTapsPerHour adds nothing (RATE_LIMITED); a retried one is not counted.
 */
export async function recordAcceptance(
  caller: Caller,
  input: { requestId: string; templates: TemplateKey[] },
  now: Date,
) {
  const templates = [...new Set(input.templates)];
  if (!(await tapSeen(caller.openid, input.requestId))) {
    const { subscriptionTapsPerHour } = await loadLimits();
    if (!(await takeCount('subscriptionTap', caller.openid, hourKey(now), subscriptionTapsPerHour, now)))
      fail('RATE_LIMITED');
  }
  await transaction(async (tx) => {
    if (await tapSeenIn(tx, caller.openid, input.requestId)) return;
    // Read every grant before writing any (a transaction reads, then writes).
    const before = await Promise.all(templates.map((t) => getGrantIn(tx, caller.openid, t)));
    for (const [i, t] of templates.entries())
      await setGrantIn(tx, afterAcceptance(before[i], caller.openid, t, now));
    await recordTapIn(tx, caller.openid, input.requestId, templates, now);
  });
  return mySubscriptions(caller, templates);
}

/** How many messages of each template the caller may still be sent, and `reminders`: of every kind asked. */
export async function mySubscriptions(caller: Caller, templates: readonly TemplateKey[]) {
  const counts = (await grantCounts([caller.openid], templates)).get(caller.openid) ?? {};
  const full = Object.fromEntries(templates.map((t) => [t, counts[t] ?? 0])) as Partial<
    Record<TemplateKey, number>
  >;
  return { reminders: remindersLeft(full, templates), counts: full };
}

/**
 * The scheduler's purge of counted taps: kept as long as answered request ids (a retry of the same tap
 * within that time still adds nothing), then removed; answers how many.
 */
export function purgeSubscriptionTaps(now: Date): Promise<number> {
  return removeTapsBefore(new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS));
}
