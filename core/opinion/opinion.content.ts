/**
 * What the content check's verdict (server/content-check.ts: pass | review | risky) means for text
 * that can become public. Pure: the server asks WeChat, these rules decide.
 *
 * - A villager's opinion: risky text meant for the public is refused (REPORT_NOT_PUBLIC, saying how to
 *   report); a private one is a report of wrongdoing (举报线索) — what a villager should make — held for
 *   staff and never public; review holds it for the presidium.
 * - An answer (a deputy's or a department's): risky is refused (ANSWER_RISKY); review reaches the
 *   villager but is held from the public until the presidium confirms it (publicHold).
 */
import { allow, deny, type Decision } from '../result';

export type Verdict = 'pass' | 'review' | 'risky';

export interface SubmissionCheck {
  /** Held in 'review' for the presidium. */
  review: boolean;
  /** A private report: never public. */
  privateReport: boolean;
}

export function submissionVerdict(verdict: Verdict, consentToPublish: boolean): Decision<SubmissionCheck> {
  if (verdict === 'risky' && consentToPublish) return deny('REPORT_NOT_PUBLIC');
  return allow({ review: verdict !== 'pass', privateReport: verdict === 'risky' });
}

/** Whether an answer is held from the public (true) or may be public (false); refused when risky. */
export function answerVerdict(verdict: Verdict): Decision<boolean> {
  if (verdict === 'risky') return deny('ANSWER_RISKY');
  return allow(verdict === 'review');
}
