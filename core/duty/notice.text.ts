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

/** Characters a `thing` field holds (core/notify/message.fields.ts FIELD_LIMITS). */
const THING_MAX = 20;

/**
 * What the noticePublished message calls the notice: the period's dates, never its id ('T2026Q4' means
 * nothing to a villager), fitted to the 20 characters of a `thing` field — 公示 2026年10月1日至12月31日
 * (the end's year left out when it is the start's), else the dates alone, else 2025.10.1至2026.3.31.
 */
export function noticeMessageTitle(period: { start: string; end: string }, corrected: boolean): string {
  const [sy, sm, sd] = period.start.split('-').map(Number);
  const [ey, em, ed] = period.end.split('-').map(Number);
  const full = `${sy}年${sm}月${sd}日至${ey === sy ? '' : `${ey}年`}${em}月${ed}日`;
  const dots = `${sy}.${sm}.${sd}至${ey}.${em}.${ed}`;
  const candidates = corrected
    ? [`公示更正 ${full}`, `更正 ${full}`, `更正 ${dots}`, dots]
    : [`履职公示 ${full}`, `公示 ${full}`, full, `履职公示 ${dots}`, dots];
  return candidates.find((c) => Array.from(c).length <= THING_MAX) ?? dots;
}
