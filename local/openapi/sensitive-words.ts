/**
 * The local stand-in for WeChat's content-security check (security.msgSecCheck). WeChat's real model is
 * not available offline; these short lists give the same three outcomes so every path can be tried:
 * `risky` (refused), `review` (held for the presidium's moderation) and `pass`.
 * Extend with LOCAL_RISKY_WORDS / LOCAL_REVIEW_WORDS (comma-separated) for a demo.
 */
export const RISKY_WORDS = ['赌博', '博彩', '毒品', '枪支', '代开发票', '色情'];
export const REVIEW_WORDS = ['加微信', '加我微信', '私聊', '返利', '兼职刷单', '贷款'];

export type Suggest = 'pass' | 'review' | 'risky';

export function judge(
  text: string,
  extraRisky: string[] = [],
  extraReview: string[] = [],
): { suggest: Suggest; word?: string } {
  const risky = [...RISKY_WORDS, ...extraRisky].find((w) => w && text.includes(w));
  if (risky) return { suggest: 'risky', word: risky };
  const review = [...REVIEW_WORDS, ...extraReview].find((w) => w && text.includes(w));
  if (review) return { suggest: 'review', word: review };
  return { suggest: 'pass' };
}
