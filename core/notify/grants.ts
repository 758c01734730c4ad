/**
 * Subscription grants: what the server knows of the one-time subscribe messages a person may still be
 * sent. WeChat lets a mini-program send a one-time message only after that person tapped 允许 for that
 * template, one message per acceptance; the mini-program reports each accepted tap (account.recordSubscriptions),
 * each report adds one grant, each sent message uses one, and WeChat's 43101 ("no subscription") sets the
 * count to zero (WeChat knows best). A long-term template (TemplateSpec.longTerm) is not used up by sends.
 * Pure: the server stores, this decides.
 */
import { TEMPLATES, type TemplateKey, type TemplateSpec } from './templates';

export interface Grant {
  openid: string;
  template: TemplateKey;
  /** Messages the person may still be sent with this template. */
  count: number;
  updatedAt: Date;
}

/** One record per (person, template). */
export function grantId(openid: string, template: TemplateKey): string {
  return `${openid}:${template}`;
}

export function isLongTerm(template: TemplateKey): boolean {
  return (TEMPLATES[template] as TemplateSpec).longTerm === true;
}

/** Most grants one person may hold for a template (WeChat itself keeps no more than this in practice). */
const GRANT_MAX = 50;

/** The grant after one accepted tap: one more (a long-term one stays at 1: it is not counted per send). */
export function afterAcceptance(
  grant: Grant | null,
  openid: string,
  template: TemplateKey,
  now: Date,
): Grant {
  const before = grant?.count ?? 0;
  const count = isLongTerm(template) ? 1 : Math.min(GRANT_MAX, before + 1);
  return { openid, template, count, updatedAt: now };
}

/** What a send's outcome does to the grant: `sent` uses one (not for long-term), `refused` (43101) zeroes it. */
export function afterOutcome(grant: Grant, outcome: 'sent' | 'refused', now: Date): Grant {
  if (outcome === 'refused') return { ...grant, count: 0, updatedAt: now };
  if (isLongTerm(grant.template)) return grant;
  return { ...grant, count: Math.max(0, grant.count - 1), updatedAt: now };
}

/**
 * How many reminders of every kind in `keys` the person can still receive: the smallest count (a
 * deputy holding 3 of opinionAssigned and none of opinionDeadline can receive no deadline reminder).
 */
export function remindersLeft(
  counts: Partial<Record<TemplateKey, number>>,
  keys: readonly TemplateKey[],
): number {
  if (keys.length === 0) return 0;
  return Math.min(...keys.map((k) => counts[k] ?? 0));
}

/** The templates a case's owning deputy is sent: a new case (opinionAssigned) and its deadlines (opinionDeadline). */
export const CASE_OWNER_TEMPLATES = [
  'opinionAssigned',
  'opinionDeadline',
] as const satisfies readonly TemplateKey[];

/**
 * The owners of a case who cannot be reached by message: bound deputies holding no grant for the case
 * owner's templates. The case is flagged (the presidium phones them) when every owner who can act is
 * among them; owners who cannot act at all (never bound, stopped) are the dashboard's other list.
 */
export function ownersWithoutReminders(
  ownerIds: readonly string[],
  canAct: (deputyId: string) => boolean,
  remindersOf: (deputyId: string) => number,
): string[] {
  const acting = ownerIds.filter(canAct);
  if (acting.length === 0) return [];
  const silent = acting.filter((id) => remindersOf(id) === 0);
  return silent.length === acting.length ? silent : [];
}
