/**
 * Pushing a new issue to the people who asked for it (订阅下一期), and the ids that make every step
 * repeatable without duplicates.
 *
 * WeChat gives an ordinary mini-program only ONE-TIME subscriptions: each "允许" in the
 * wx.requestSubscribeMessage dialog lets the server send that user ONE message. So a subscriber record
 * means "send me the next issue" and is consumed when that message is queued. Long-term subscriptions
 * (长期订阅) are granted only to mini-programs of certain public-service categories (政务民生, 医疗,
 * 交通, 教育 …) after an application in the admin console; with one the record stays and every issue
 * is sent. THE SWITCH is `subscriptionModeFrom` below (env ARTICLE_SUBSCRIPTION=longTerm).
 *
 * A township's subscribers are told of the next issue their township shows them: the township's own or
 * one the county published to every township, whichever was published first (pushes run in order of
 * first publication, server/article/article.service.ts), once.
 */
import { chinaDate } from '../calendar/china-time';
import { issueLabel } from './article.rules';
import type { IssueNumber } from './article.types';

export type SubscriptionMode = 'oneTime' | 'longTerm';

/** One-time unless the deployment says it holds long-term templates (env ARTICLE_SUBSCRIPTION). */
export function subscriptionModeFrom(setting: string | undefined): SubscriptionMode {
  return setting === 'longTerm' ? 'longTerm' : 'oneTime';
}

/** Whether queueing a message uses up the subscriber's record (one-time: yes; long-term: no). */
export function consumesSubscription(mode: SubscriptionMode): boolean {
  return mode === 'oneTime';
}

/** The outbox ref of an article's messages (reachOf counts by it). */
export function articleRef(articleId: string): string {
  return `article:${articleId}`;
}

/**
 * The outbox dedupe key: one message per subscriber per article, however often the push runs. A county
 * article is pushed in every township (`townshipId`: the one whose subscriber is told), so a person
 * subscribed in two townships is told in each, each message opening its own township.
 */
export function articleMessageKey(articleId: string, openid: string, townshipId?: string): string {
  return townshipId ? `article:${articleId}:${townshipId}:${openid}` : `article:${articleId}:${openid}`;
}

/** One read per person per article: the read record's id. */
export function readIdOf(articleId: string, openid: string): string {
  return `read:${articleId}:${openid}`;
}

/** The record that holds an issue number, so (year, number) can be given only once. */
export function issueClaimId(issue: IssueNumber): string {
  return `issue:${issue.year}:${issue.number}`;
}

/** The per-year counter of issue numbers. */
export function issueCounterId(year: number): string {
  return `counter:${year}`;
}

/** The fields of the `articlePublished` message (标题, 分类, 发布日期). */
export function articleMessageFields(
  article: { title: string; category: string; issue: IssueNumber },
  publishedAt: Date,
): { thing1: string; thing2: string; date3: string } {
  const [y, m, d] = chinaDate(publishedAt).split('-').map(Number);
  return {
    thing1: article.title,
    thing2: `${article.category} ${issueLabel(article.issue)}`,
    date3: `${y}年${m}月${d}日`,
  };
}

/** WeChat's msgSecCheck takes at most this many characters per call. */
export const CONTENT_CHECK_MAX_CHARS = 2500;

/**
 * The text to check, cut into pieces msgSecCheck accepts. Pieces overlap by a few characters so a
 * word cut at a boundary is still seen whole in one of them.
 */
export function contentCheckChunks(text: string, size = CONTENT_CHECK_MAX_CHARS, overlap = 16): string[] {
  if (!Number.isInteger(size) || !Number.isInteger(overlap) || overlap < 0 || size <= overlap)
    throw new RangeError(`chunks of ${size} overlapping by ${overlap} do not advance`);
  const chars = Array.from(text.trim());
  if (chars.length === 0) return [];
  const step = size - overlap;
  const count = chars.length <= size ? 1 : Math.ceil((chars.length - size) / step) + 1;
  return Array.from({ length: count }, (_, k) => chars.slice(k * step, k * step + size).join(''));
}

export type CheckVerdict = 'pass' | 'review' | 'risky';

/** The worst verdict of several pieces. */
export function worstVerdict(verdicts: readonly CheckVerdict[]): CheckVerdict {
  if (verdicts.includes('risky')) return 'risky';
  if (verdicts.includes('review')) return 'review';
  return 'pass';
}
