/**
 * Storage of legal-knowledge articles (法律知识): the articles, the editable law-category list, the
 * per-year issue counter, the "订阅下一期" subscribers and the reads. Every write that must not half-happen
 * is a transaction; every repeatable write has a deterministic id (core/article/article.push.ts).
 */
import { pageWith } from '../../core/notify/pages';
import { createHash } from 'node:crypto';
import {
  articleMessageFields,
  articleMessageKey,
  articleRef,
  consumesSubscription,
  contentCheckChunks,
  issueClaimId,
  issueCounterId,
  readIdOf,
  worstVerdict,
  type CheckVerdict,
  type SubscriptionMode,
} from '../../core/article/article.push';
import { DEFAULT_RELATED_LAW, type RelatedLawTable } from '../../core/article/article.related';
import { issueYearOf, publishArticle, sameContent } from '../../core/article/article.rules';
import { DEFAULT_LAW_CATEGORIES, type Article, type ArticleContent } from '../../core/article/article.types';
import type { Role } from '../../core/identity/role.rules';
import {
  command,
  count,
  findAll,
  findById,
  insert,
  isDuplicateKey,
  transaction,
  updateWhere,
  WriteConflict,
  type Transaction,
} from '../db/collection';
import { secCheck } from '../content-check';
import { tempFileUrls } from '../openapi';
import { fail, orFail } from '../errors';
import { OUTBOX, queueMessage } from '../outbox';

export const ARTICLES = 'articles';
export const LAW_CATEGORIES = 'lawCategories';
export const ARTICLE_ISSUES = 'articleIssues';
export const ARTICLE_SUBSCRIBERS = 'articleSubscribers';
export const ARTICLE_READS = 'articleReads';

/** The one settings document of `lawCategories`. */
const SETTINGS_ID = 'settings';
/** Subscribers handled inside the publish call; the scheduler's `pushArticles` does the rest. */
export const PUSH_INLINE_MAX = 100;
/** Subscribers one scheduler run handles, so the run ends well inside the function's time limit. */
export const PUSH_PER_RUN = 500;
/** The page a pushed message opens. */

export interface StoredArticle extends Article {
  _id: string;
  /** 'pending' from first publication until every subscriber's message is queued. */
  pushState?: 'pending' | 'done';
  pushedAt?: Date;
}

export interface LawSettings {
  list: string[];
  related: RelatedLawTable;
}

export interface Subscriber {
  _id: string;
  openid: string;
  role: Role;
  subscribedAt: Date;
}

export async function loadLawSettings(): Promise<LawSettings> {
  const doc = await findById<Partial<LawSettings>>(LAW_CATEGORIES, SETTINGS_ID);
  return {
    list: doc?.list?.length ? doc.list : [...DEFAULT_LAW_CATEGORIES],
    related: doc?.related ?? DEFAULT_RELATED_LAW,
  };
}

export async function saveLawSettings(settings: LawSettings, now: Date): Promise<void> {
  await transaction(async (tx) => {
    await tx.set(LAW_CATEGORIES, SETTINGS_ID, { ...settings, updatedAt: now });
  });
}

export function getArticle(id: string): Promise<StoredArticle | null> {
  return findById<StoredArticle>(ARTICLES, id);
}

/** The id of the draft a saveDraft request creates: the same request always names the same article. */
export function draftIdFor(openid: string, requestId: string): string {
  return 'a' + createHash('sha256').update(`${openid}:${requestId}`).digest('hex').slice(0, 31);
}

export async function insertArticle(id: string, article: Article): Promise<void> {
  await insert(ARTICLES, { ...article, _id: id });
}

/**
 * Reads an article, lets `change` decide its next state and writes it, in one transaction (a
 * concurrent edit retries instead of being overwritten). `change` answers the new article or fails.
 */
export async function changeArticle(
  id: string,
  change: (article: StoredArticle, tx: Transaction) => Promise<StoredArticle> | StoredArticle,
): Promise<StoredArticle> {
  return transaction(async (tx) => {
    const current = await tx.get<StoredArticle>(ARTICLES, id);
    if (!current) fail('ARTICLE_NOT_FOUND');
    const next = await change({ ...current, _id: id }, tx);
    const { _id, ...doc } = next;
    await tx.set(ARTICLES, id, doc as unknown as Record<string, unknown>);
    return next;
  }, BUSY_ATTEMPTS);
}

/**
 * Publishes an article. On its first publication it takes the next issue number of the year from the
 * year's counter and claims (year, number) with a deterministic id, in the same transaction as the
 * status change: two concurrent publishes conflict on the counter and one retries, so no number is
 * given twice. The article is then marked for the push to subscribers. `checked` is the content the
 * content check read: if an edit slipped in since, nothing is published (CONFLICT).
 */
export function publishStored(id: string, now: Date, checked: ArticleContent): Promise<StoredArticle> {
  return changeArticle(id, async (article, tx) => {
    if (!sameContent(article, checked)) fail('CONFLICT');
    if (article.issue) {
      return { ...orFail(publishArticle(article, [], now)), _id: id };
    }
    const year = issueYearOf(now);
    const counterId = issueCounterId(year);
    const counter = await tx.get<{ last: number }>(ARTICLE_ISSUES, counterId);
    const published = { ...orFail(publishArticle(article, counter ? [counter.last] : [], now)), _id: id };
    const issue = published.issue!;
    // Read after a concurrent publish committed: the number is taken, so retry from the new counter.
    if (await tx.get(ARTICLE_ISSUES, issueClaimId(issue))) throw new IssueNumberTaken(issueClaimId(issue));
    await tx.set(ARTICLE_ISSUES, counterId, { year, last: issue.number, updatedAt: now });
    await tx.set(ARTICLE_ISSUES, issueClaimId(issue), { ...issue, articleId: id, claimedAt: now });
    return { ...published, pushState: 'pending' };
  });
}

/** A concurrent publish took the number first: a write conflict, so the publish is retried. */
class IssueNumberTaken extends WriteConflict {
  constructor(claim: string) {
    super(`${claim} already claimed`);
  }
}

/** Busy counters collide more often than the default transaction retries allow for. */
const BUSY_ATTEMPTS = 12;

/**
 * The worst content-security verdict over an article's text, checked in pieces msgSecCheck accepts
 * (scene 3 "论坛" for public posts; the caller's openid must have used the mini-program lately). Any
 * failure of the check itself refuses to publish unchecked.
 */
export async function checkContent(text: string, openid: string): Promise<CheckVerdict> {
  const verdicts: CheckVerdict[] = [];
  for (const content of contentCheckChunks(text)) {
    try {
      verdicts.push(await secCheck(content, openid, 3));
    } catch (err) {
      console.error('[article] msgSecCheck failed', err);
      fail('ARTICLE_CONTENT_CHECK_UNAVAILABLE');
    }
  }
  return worstVerdict(verdicts);
}

/** Records that `openid` wants the next issue (one record per person; asking twice is one record). */
export async function subscribeNext(openid: string, role: Role, now: Date): Promise<void> {
  await transaction(async (tx) => {
    await tx.set(ARTICLE_SUBSCRIBERS, openid, { openid, role, subscribedAt: now });
  });
}

export async function isSubscribed(openid: string): Promise<boolean> {
  return (await findById(ARTICLE_SUBSCRIBERS, openid)) !== null;
}

/**
 * Queues the `articlePublished` message of a published article for every subscriber who asked before
 * it was first published, at most `limit` of them, and answers the queued message ids. Each subscriber
 * is one transaction: the message is queued (key article:<id>:<openid>, so a rerun queues nothing new)
 * and, for a one-time subscription, the record is consumed with it. When no subscriber is left the
 * article's push is marked done; otherwise the scheduler's `pushArticles` continues it.
 */
export async function pushIssue(
  article: StoredArticle,
  now: Date,
  mode: SubscriptionMode,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ ids: string[]; done: boolean }> {
  if (article.status !== 'published' || !article.issue || !article.firstPublishedAt) {
    return { ids: [], done: true };
  }
  const issue = article.issue;
  const publishedAt = new Date(article.firstPublishedAt);
  const _ = command();
  const [all, queued] = await Promise.all([
    findAll<Subscriber>(ARTICLE_SUBSCRIBERS, { subscribedAt: _.lte(publishedAt) }),
    findAll<{ _id: string; openid: string }>(OUTBOX, { ref: articleRef(article._id) }, { openid: true }),
  ]);
  // Long-term records are never consumed: skip those this article already has a message for.
  const reached = new Set(queued.map((m) => m.openid));
  const todo = all.filter((s) => !reached.has(s.openid));
  const ids: string[] = [];
  const page = todo.slice(0, limit);
  for (const sub of page) {
    const id = await transaction(async (tx) => {
      const current = await tx.get<Subscriber>(ARTICLE_SUBSCRIBERS, sub._id);
      if (!current || new Date(current.subscribedAt) > publishedAt) return null;
      const msgId = await queueMessage(
        tx,
        {
          key: articleMessageKey(article._id, current.openid),
          openid: current.openid,
          template: 'articlePublished',
          page: pageWith('article', { id: article._id }),
          fields: articleMessageFields({ ...article, issue }, publishedAt),
          ref: articleRef(article._id),
        },
        now,
      );
      if (consumesSubscription(mode)) await tx.remove(ARTICLE_SUBSCRIBERS, sub._id);
      return msgId;
    }, BUSY_ATTEMPTS);
    if (id) ids.push(id);
  }
  const done = page.length === todo.length;
  if (done) {
    await updateWhere(
      ARTICLES,
      { _id: article._id, pushState: 'pending' },
      { pushState: 'done', pushedAt: now },
    );
  }
  return { ids, done };
}

/** The scheduler's job: finishes every push a publish call left unfinished. Answers messages queued. */
export async function pushPendingArticles(
  now: Date,
  mode: SubscriptionMode,
  budget = PUSH_PER_RUN,
): Promise<number> {
  const pending = await findAll<StoredArticle>(ARTICLES, { pushState: 'pending', status: 'published' });
  let queued = 0;
  for (const article of pending) {
    if (queued >= budget) break;
    const { ids } = await pushIssue(article, now, mode, budget - queued);
    queued += ids.length;
  }
  // the scheduler's deliverOutbox job, next in the same run, sends them
  return queued;
}

/** Counts one read per person per article (a second read finds the record). Answers whether it counted. */
export async function recordRead(articleId: string, openid: string, now: Date): Promise<boolean> {
  try {
    await insert(ARTICLE_READS, { _id: readIdOf(articleId, openid), articleId, openid, readAt: now });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export function readCountOf(articleId: string): Promise<number> {
  return count(ARTICLE_READS, { articleId });
}

/**
 * Temporary https download URLs of cloud storage files (cloud.getTempFileURL), for `rich-text`, which
 * does not load cloud:// ids. Best effort: an id without a URL (or the local cloud, which has no
 * storage) is simply left out, and the page shows what it can.
 */
export async function tempUrlsOf(fileIds: readonly string[]): Promise<Map<string, string>> {
  if (fileIds.length === 0) return new Map();
  try {
    return await tempFileUrls(fileIds);
  } catch (err) {
    // the local cloud serves no storage: quiet there, worth a log line in CloudBase
    if (process.env.LOCAL_CLOUD !== '1')
      console.warn('[article] getTempFileURL failed; images keep their cloud ids', (err as Error)?.message);
    return new Map();
  }
}
