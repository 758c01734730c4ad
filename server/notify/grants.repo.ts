/** Subscription grants (core/notify/grants.ts) on the database: one record per (person, template). */
import { grantId, isLongTerm, type Grant } from '../../core/notify/grants';
import type { TemplateKey } from '../../core/notify/templates';
import { command, findById, findMany, removeWhere, updateWhere, type Transaction } from '../db/collection';

const GRANTS = 'subscriptionGrants';
const TAPS = 'subscriptionTaps';

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

/** True when this tap was counted before (then nothing is added again); outside a transaction. */
export async function tapSeen(openid: string, requestId: string): Promise<boolean> {
  return !!(await findById(TAPS, `tap:${openid}:${requestId}`));
}

/** True when this tap was counted before (then nothing is added again). */
export async function tapSeenIn(tx: Transaction, openid: string, requestId: string): Promise<boolean> {
  return !!(await tx.get(TAPS, `tap:${openid}:${requestId}`));
}

/** Taps counted before `before` are forgotten: no client retries a tap that old (the retention job). */
export function removeTapsBefore(before: Date): Promise<number> {
  return removeWhere(TAPS, { at: command().lt(before) });
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
 * What a send's outcome does to the person's grant (core/notify/grants.ts afterOutcome): `sent` uses one
 * (never below 0; a long-term template is not used up), `refused` (43101) zeroes it. One atomic update,
 * no transaction (it runs once per message sent); nothing when the server holds no record.
 */
export async function settleGrant(
  openid: string,
  template: TemplateKey,
  outcome: 'sent' | 'refused',
  now: Date,
): Promise<void> {
  const _ = command();
  const _id = grantId(openid, template);
  if (outcome === 'refused') await updateWhere(GRANTS, { _id }, { count: 0, updatedAt: now });
  else if (!isLongTerm(template))
    await updateWhere(GRANTS, { _id, count: _.gt(0) }, { count: _.inc(-1), updatedAt: now });
}
