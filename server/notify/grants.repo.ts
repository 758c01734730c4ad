/** Subscription grants (core/notify/grants.ts) on the database: one record per (person, template). */
import { afterOutcome, grantId, type Grant } from '../../core/notify/grants';
import type { TemplateKey } from '../../core/notify/templates';
import { command, findMany, transaction, type Transaction } from '../db/collection';

export const GRANTS = 'subscriptionGrants';
export const TAPS = 'subscriptionTaps';

/** The counts the people hold, per openid and template (a missing record is 0). */
export async function grantCounts(
  openids: readonly string[],
  templates: readonly TemplateKey[],
): Promise<Map<string, Partial<Record<TemplateKey, number>>>> {
  const byOpenid = new Map<string, Partial<Record<TemplateKey, number>>>();
  const unique = [...new Set(openids.filter(Boolean))];
  const _ = command();
  for (let i = 0; i < unique.length; i += 100) {
    const part = unique.slice(i, i + 100);
    const grants = await findMany<Grant>(
      GRANTS,
      { openid: _.in(part), template: _.in([...templates]) },
      { limit: part.length * templates.length },
    );
    for (const g of grants) byOpenid.set(g.openid, { ...byOpenid.get(g.openid), [g.template]: g.count });
  }
  return byOpenid;
}

export function getGrantIn(tx: Transaction, openid: string, template: TemplateKey): Promise<Grant | null> {
  return tx.get<Grant>(GRANTS, grantId(openid, template));
}

export async function setGrantIn(tx: Transaction, grant: Grant): Promise<void> {
  const { openid, template, count, updatedAt } = grant; // never the read record's _id
  await tx.set(GRANTS, grantId(openid, template), { openid, template, count, updatedAt });
}

/** True when this tap was counted before (then nothing is added again). */
export async function tapSeenIn(tx: Transaction, openid: string, requestId: string): Promise<boolean> {
  return !!(await tx.get(TAPS, `tap:${openid}:${requestId}`));
}

export async function recordTapIn(
  tx: Transaction,
  openid: string,
  requestId: string,
  templates: readonly TemplateKey[],
  now: Date,
): Promise<void> {
  await tx.set(TAPS, `tap:${openid}:${requestId}`, { openid, templates: [...templates], at: now });
}

/**
 * What a send's outcome does to the person's grant (used one, or zeroed by 43101); nothing when the
 * server holds no record (the person accepted before the server counted taps).
 */
export function settleGrant(
  openid: string,
  template: TemplateKey,
  outcome: 'sent' | 'refused',
  now: Date,
): Promise<void> {
  return transaction(async (tx) => {
    const grant = await getGrantIn(tx, openid, template);
    if (grant) await setGrantIn(tx, afterOutcome(grant, outcome, now));
  });
}
