/**
 * Text that appears on a published disclosure notice — a deputy's comment on their row (异议), the
 * presidium's reason for a correction — passes the same content check as a villager's text
 * (server/content-check.ts). Pure: the server asks WeChat, this rule decides.
 *
 * - A deputy's comment: risky is refused; review is accepted, since nothing of a notice is public
 *   before the presidium approves it (approving is the person who looks).
 * - A correction's reason, published at once by the presidium: flagged text (risky or review) only
 *   once the presidium confirms it has read it (`confirmed`).
 */
import { allow, deny, type Decision } from '../result';

export type Verdict = 'pass' | 'review' | 'risky';

export function noticeCommentVerdict(verdict: Verdict): Decision<void> {
  return verdict === 'risky' ? deny('NOTICE_TEXT_RISKY') : allow(undefined);
}

export function correctionReasonVerdict(verdict: Verdict, confirmed: boolean): Decision<void> {
  if (verdict === 'pass' || confirmed) return allow(undefined);
  return deny(verdict === 'risky' ? 'NOTICE_TEXT_RISKY' : 'NOTICE_TEXT_REVIEW');
}
