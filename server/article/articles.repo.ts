/**
 * Storage of legal-knowledge articles (法律知识): the articles, the editable law-category list, the
 * per-year issue counter, the "订阅下一期" subscribers and the reads. Every write that must not half-happen
 * is a transaction; every repeatable write has a deterministic id (core/article/article.push.ts). The use
 * cases over them (publish, push, read …) are in article.service.ts.
 *
 * `articles` is a township+county collection (server/db/collections.ts): a township's readers see its
 * own articles and the county's (县人大常委会 publishes to every township), while whoever writes them —
 * the presidium in its township, county staff in COUNTY — sees, edits and counts only its own (`own`
 * below). Each writer keeps its own law categories, issue numbering and subscribers (keyed per
 * township), and a read is counted where the article belongs (`readsIn`). A county article is pushed
 * to each township's subscribers from inside that township; it records the townships done (`pushedIn`).
 */
import { createHash } from 'node:crypto';
import { issueClaimId, issueCounterId, readIdOf } from '../../core/article/article.push';
import { DEFAULT_RELATED_LAW, type RelatedLawTable } from '../../core/article/article.related';
import { issueYearOf, publishArticle, sameContent } from '../../core/article/article.rules';
import { DEFAULT_LAW_CATEGORIES, type Article, type ArticleContent } from '../../core/article/article.types';
import type { Role } from '../../core/identity/role.rules';
import type { TemplateKey } from '../../core/notify/templates';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  findOne,
  insert,
  transaction,
  updateWhere,
  WriteConflict,
  type Order,
  type Transaction,
  type Where,
  insertOnce,
} from '../db/collection';
import type { CollectionName } from '../db/collections';
import { fail, orFail } from '../errors';
import { OUTBOX, queueMessage, type MessageRequest } from '../outbox';
import { COUNTY, requireTownship, withTownship } from '../tenancy';

export const ARTICLES = 'articles' satisfies CollectionName;
export const LAW_CATEGORIES = 'lawCategories' satisfies CollectionName;
export const ARTICLE_ISSUES = 'articleIssues' satisfies CollectionName;
export const ARTICLE_SUBSCRIBERS = 'articleSubscribers' satisfies CollectionName;
export const ARTICLE_READS = 'articleReads' satisfies CollectionName;

/** The one settings document of `lawCategories`. */
const SETTINGS_ID = 'settings';

export interface StoredArticle extends Article {
  _id: string;
  /** Whose article it is: a township's, or the county's (COUNTY); stamped by the database layer. */
  townshipId?: string;
  /**
   * 'pending' from first publication until every subscriber's message is queued (a county article's:
   * every township's subscribers).
   */
  pushState?: 'pending' | 'done';
  /** A county article's townships whose subscribers all have their message. */
  pushedIn?: string[];
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

/** Only what the call's own township (or the county, in COUNTY) wrote: never the county's elsewhere. */
function own(where: Where = {}): Where {
  return { ...where, townshipId: requireTownship() };
}

/** An article as a reader finds it: the township's own, or one the county published to every township. */
export function getArticle(id: string): Promise<StoredArticle | null> {
  return findById<StoredArticle>(ARTICLES, id);
}

/** An article of the caller's own township (or the county's own, in COUNTY), for its writers. */
export function getOwnArticle(id: string): Promise<StoredArticle | null> {
  return findOne<StoredArticle>(ARTICLES, own({ _id: id }));
}

/** Runs `fn` where `article` belongs (a county article's reads are the county's). */
export function readsIn<T>(article: StoredArticle, fn: () => Promise<T>): Promise<T> {
  return withTownship(article.townshipId ?? requireTownship(), fn);
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
    // A county article read in a township is not the township's to change.
    if (!current || current.townshipId !== requireTownship()) fail('ARTICLE_NOT_FOUND');
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

// --- lists --------------------------------------------------------------------------------------

/** What a list needs (never the body or the history). */
const LIST_FIELDS: Record<string, boolean> = Object.fromEntries(
  [
    'title',
    'summary',
    'category',
    'keywords',
    'coverFileId',
    'issue',
    'status',
    'revision',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'firstPublishedAt',
    'townshipId',
  ].map((f) => [f, true]),
);

const BY_ISSUE: Order[] = [
  ['issue.year', 'desc'],
  ['issue.number', 'desc'],
];

function publicWhere(extra: Where = {}): Where {
  return { status: 'published', ...extra };
}

export interface ArticlePage {
  items: StoredArticle[];
  total: number;
}

/** A page of every article of its writer (drafts, published, unpublished), newest change first, without bodies. */
export async function articlesByChange(skip: number, limit: number): Promise<ArticlePage> {
  const [items, total] = await Promise.all([
    findMany<StoredArticle>(ARTICLES, own(), {
      orderBy: [['updatedAt', 'desc']],
      skip,
      limit,
      fields: LIST_FIELDS,
    }),
    count(ARTICLES, own()),
  ]);
  return { items, total };
}

export interface PublishedFilter {
  category?: string;
  year?: number;
  number?: number;
}

/** A page of published articles, newest issue first, by law category and/or issue, without bodies. */
export async function publishedByIssue(
  { category, year, number }: PublishedFilter,
  skip: number,
  limit: number,
): Promise<ArticlePage> {
  const where = publicWhere({
    ...(category ? { category } : {}),
    ...(year ? { 'issue.year': year } : {}),
    ...(number ? { 'issue.number': number } : {}),
  });
  const [items, total] = await Promise.all([
    findMany<StoredArticle>(ARTICLES, where, { orderBy: BY_ISSUE, skip, limit, fields: LIST_FIELDS }),
    count(ARTICLES, where),
  ]);
  return { items, total };
}

/** Every published article, without bodies. */
export function allPublished(): Promise<StoredArticle[]> {
  // A township publishes about ten issues a year: all of them fit in memory for search and related.
  return findAll<StoredArticle>(ARTICLES, publicWhere(), LIST_FIELDS);
}

/** The newest `limit` published articles of the law `categories`, without bodies. */
export function publishedIn(categories: readonly string[], limit: number): Promise<StoredArticle[]> {
  return findMany<StoredArticle>(ARTICLES, publicWhere({ category: command().in([...categories]) }), {
    orderBy: BY_ISSUE,
    limit,
    fields: LIST_FIELDS,
  });
}

// --- subscribers and the push -----------------------------------------------------------------

/** Records that `openid` wants the next issue (one record per person; asking twice is one record). */
export async function saveSubscriber(openid: string, role: Role, now: Date): Promise<void> {
  await transaction(async (tx) => {
    await tx.set(ARTICLE_SUBSCRIBERS, openid, { openid, role, subscribedAt: now });
  });
}

export async function isSubscribed(openid: string): Promise<boolean> {
  return (await findById(ARTICLE_SUBSCRIBERS, openid)) !== null;
}

/** Everyone who asked for the next issue at or before `at`. */
export function subscribersSince(at: Date): Promise<Subscriber[]> {
  return findAll<Subscriber>(ARTICLE_SUBSCRIBERS, { subscribedAt: command().lte(at) });
}

/**
 * The openids the outbox holds a message for under `ref` (whatever its outcome) with the dedupe key
 * `keyOf(openid)` (a county article's keys name the township: its messages elsewhere are not these).
 */
export async function messagedOpenids(ref: string, keyOf: (openid: string) => string): Promise<Set<string>> {
  const queued = await findAll<{ _id: string; openid: string }>(OUTBOX, { ref }, { openid: true });
  // server/outbox.ts outboxRecord: a message's _id is `msg:<key>`
  return new Set(queued.filter((m) => m._id === `msg:${keyOf(m.openid)}`).map((m) => m.openid));
}

/**
 * Queues the message `messageFor` builds for one subscriber, in one transaction with (when `consume`)
 * the removal of their record. Nothing is queued when the record is gone or was made after
 * `askedBy`. Answers the message id, or null.
 */
export function queueForSubscriber<K extends TemplateKey>(
  subscriberId: string,
  askedBy: Date,
  messageFor: (sub: Subscriber) => MessageRequest<K>,
  consume: boolean,
  now: Date,
): Promise<string | null> {
  return transaction(async (tx) => {
    const current = await tx.get<Subscriber>(ARTICLE_SUBSCRIBERS, subscriberId);
    if (!current || new Date(current.subscribedAt) > askedBy) return null;
    const msgId = await queueMessage(tx, messageFor(current), now);
    if (consume) await tx.remove(ARTICLE_SUBSCRIBERS, subscriberId);
    return msgId;
  }, BUSY_ATTEMPTS);
}

/** Marks an article's push done (once: only while it is pending). */
export async function markPushDone(articleId: string, now: Date): Promise<void> {
  await updateWhere(ARTICLES, { _id: articleId, pushState: 'pending' }, { pushState: 'done', pushedAt: now });
}

/**
 * Records that every subscriber of `townshipId` has their message of the county article `articleId`;
 * once every township in `townshipIds` has, its push is done.
 */
export async function markCountyPushDoneIn(
  articleId: string,
  townshipId: string,
  townshipIds: readonly string[],
  now: Date,
): Promise<void> {
  await withTownship(COUNTY, async () => {
    const _ = command();
    await updateWhere(
      ARTICLES,
      { _id: articleId, pushState: 'pending' },
      { pushedIn: _.addToSet(townshipId) },
    );
    const after = await findById<StoredArticle>(ARTICLES, articleId);
    if (after && townshipIds.every((t) => (after.pushedIn ?? []).includes(t)))
      await markPushDone(articleId, now);
  });
}

/**
 * The published articles whose push to the call's township's subscribers is unfinished: its own, and
 * the county's not yet pushed in it, first published first (a one-time subscriber is told of the first).
 */
export async function pendingPushes(): Promise<StoredArticle[]> {
  const here = requireTownship();
  const pending = await findAll<StoredArticle>(ARTICLES, { pushState: 'pending', status: 'published' });
  return pending
    .filter((a) =>
      a.townshipId === COUNTY && here !== COUNTY ? !(a.pushedIn ?? []).includes(here) : a.townshipId === here,
    )
    .sort(
      (a, b) =>
        new Date(a.firstPublishedAt ?? 0).getTime() - new Date(b.firstPublishedAt ?? 0).getTime() ||
        (a._id < b._id ? -1 : 1),
    );
}

// --- reads ----------------------------------------------------------------------------------------

/** Counts one read per person per article (a second read finds the record). Answers whether it counted. */
export function recordRead(articleId: string, openid: string, now: Date): Promise<boolean> {
  return insertOnce(ARTICLE_READS, { _id: readIdOf(articleId, openid), articleId, openid, readAt: now });
}

export function readCountOf(articleId: string): Promise<number> {
  return count(ARTICLE_READS, { articleId });
}
