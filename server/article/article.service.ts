/**
 * Legal-knowledge articles (法律知识), the use cases behind the `article` function and the scheduler's
 * push: the presidium drafts, previews, publishes (content-checked, numbered 第N期 per year, pushed to
 * the people who tapped "订阅下一期"), revises and unpublishes, and sees the reach; everyone reads the
 * published ones by category, issue, search, or as the law related to an opinion category. Storage is
 * in articles.repo.ts; the rules in core/article/.
 *
 * The county publishes too (县人大常委会, to every township): county staff call the writing actions with
 * `townshipId: 'county'` beside `action` (server/pipeline.ts), so the call runs in COUNTY and every
 * article, law category, issue number (the county's own 第N期) and reach it touches is the county's.
 * A township's readers see their township's articles and the county's, each card saying its
 * `publisher`. "订阅下一期" asks for the next issue the township shows: its own or the county's, whichever
 * is published first. A county article is pushed to every township's subscribers from inside each
 * township (their message opens it there, `t=`); every push, in a township, goes in order of first
 * publication, so an issue still being pushed is not overtaken by a later one.
 */
import { pageWith } from '../../core/notify/pages';
import {
  articleMessageFields,
  articleMessageKey,
  articleRef,
  consumesSubscription,
  contentCheckChunks,
  subscriptionModeFrom,
  worstVerdict,
  type CheckVerdict,
  type SubscriptionMode,
} from '../../core/article/article.push';
import {
  pruneRelatedTable,
  relatedLawCategories,
  validateRelatedTable,
  type RelatedLawTable,
} from '../../core/article/article.related';
import {
  imageSourcesOf,
  plainTextOf,
  renderMarkdown,
  withImageUrls,
} from '../../core/article/article.render';
import {
  checkPublicView,
  countsAsRead,
  createArticle,
  editArticle,
  issueLabel,
  unpublishArticle,
  validateArticleContent,
  validateCategoryList,
} from '../../core/article/article.rules';
import { searchScore, searchTerms } from '../../core/article/article.search';
import type { Article, ArticleContent } from '../../core/article/article.types';
import { toArticleAdminCard, toArticleCard, type ArticleReaderCard } from '../../core/article/article.view';
import { chinaDate } from '../../core/calendar/china-time';
import { secCheck } from '../content-check';
import { fail, orFail } from '../errors';
import { tempFileUrls } from '../openapi';
import { flushOutbox, reachOf } from '../outbox';
import type { Caller } from '../pipeline';
import { COUNTY, currentTownship, requireTownship, withTownship } from '../tenancy';
import { listTownshipIds } from '../identity/townships.repo';
import { ROLE_LABELS } from '../../core/identity/role.rules';
import {
  allPublished,
  articlesByChange,
  changeArticle,
  draftIdFor,
  getArticle,
  getOwnArticle,
  insertArticle,
  isSubscribed,
  loadLawSettings,
  markCountyPushDoneIn,
  markPushDone,
  messagedOpenids,
  pendingPushes,
  publishedByIssue,
  publishedIn,
  publishStored,
  queueForSubscriber,
  readCountOf,
  readsIn,
  recordRead,
  saveLawSettings,
  saveSubscriber,
  subscribersSince,
  type LawSettings,
  type PublishedFilter,
  type StoredArticle,
} from './articles.repo';

/** Subscribers handled inside the publish call; the scheduler's `pushArticles` does the rest. */
export const PUSH_INLINE_MAX = 100;
/** Subscribers one scheduler run handles, so the run ends well inside the function's time limit. */
export const PUSH_PER_RUN = 500;

/** Env ARTICLE_SUBSCRIPTION=longTerm once the account holds long-term templates (see article.push.ts). */
const subscriptionMode = () => subscriptionModeFrom(process.env.ARTICLE_SUBSCRIPTION);

/** Env ARTICLE_LINK_ALLOWLIST: comma-separated exact http(s) URLs that may stay links in articles. */
const allowedLinks = () =>
  (process.env.ARTICLE_LINK_ALLOWLIST ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Content as the presidium's form sends it: optional parts absent rather than empty. */
export interface ContentInput {
  title: string;
  summary: string;
  category: string;
  source: string;
  coverFileId?: string;
  body: string;
  keywords?: string[];
}

function contentOf(input: ContentInput): ArticleContent {
  const { title, summary, category, source, coverFileId, body, keywords } = input;
  return {
    title,
    summary,
    category,
    source,
    body,
    ...(coverFileId ? { coverFileId } : {}),
    ...(keywords ? { keywords } : {}),
  };
}

function paged<T>(items: T[], total: number, page: number, pageSize: number) {
  return { items, total, page, hasMore: page * pageSize < total };
}

/** Who writes articles: a township's presidium, and county staff (in COUNTY only). */
export const ARTICLE_WRITERS = ['presidium', 'county'] as const;

/**
 * County staff write the county's articles only: a writing call of theirs runs in COUNTY (they name
 * `townshipId: 'county'`); in a township they are readers there, and its articles are the presidium's.
 */
export function checkWriter(caller: Caller): void {
  if (caller.role === 'county' && caller.townshipId !== COUNTY) fail('NOT_YOUR_TOWNSHIP');
}

/** Whether `caller` writes the articles of the township the call runs in. */
function writesHere(caller: Caller): boolean {
  return caller.role === 'presidium' || (caller.role === 'county' && caller.townshipId === COUNTY);
}

/** A reader's card: who published it ('县人大常委会' for the county's, '' for the township's own). */
function card(article: StoredArticle): ArticleReaderCard {
  return { ...toArticleCard(article), publisher: article.townshipId === COUNTY ? ROLE_LABELS.county : '' };
}

function byIssueDesc(a: StoredArticle, b: StoredArticle): number {
  return (b.issue?.year ?? 0) - (a.issue?.year ?? 0) || (b.issue?.number ?? 0) - (a.issue?.number ?? 0);
}

// --- law categories ---------------------------------------------------------------------------------

export function lawSettings(): Promise<LawSettings> {
  return loadLawSettings();
}

/**
 * The presidium's new law category list and, optionally, the opinion-category → law table; without a
 * table, the current one keeps only the categories still listed.
 */
export async function setLawCategories(
  input: { list: string[]; related?: RelatedLawTable },
  now: Date,
): Promise<LawSettings> {
  const list = orFail(validateCategoryList(input.list));
  const current = await loadLawSettings();
  const related = input.related
    ? orFail(validateRelatedTable(input.related, list))
    : pruneRelatedTable(current.related, list);
  await saveLawSettings({ list, related }, now);
  return { list, related };
}

// --- the presidium writes -----------------------------------------------------------------------------

/**
 * Saves a new draft (its id from the request: a retry whose first answer was lost finds the same
 * draft), or edits a draft or an unpublished article (a published one is changed with `revise`).
 */
export async function saveDraft(
  caller: Caller,
  input: ContentInput & { requestId: string; articleId?: string },
  now: Date,
) {
  const { list } = await loadLawSettings();
  const content = contentOf(input);
  if (!input.articleId) {
    const id = draftIdFor(caller.openid, input.requestId);
    const earlier = await getOwnArticle(id);
    if (earlier) return toArticleAdminCard(earlier);
    const article = orFail(createArticle(content, list, now));
    await insertArticle(id, article);
    return toArticleAdminCard({ ...article, _id: id });
  }
  const saved = await changeArticle(input.articleId, (article) => {
    if (article.status === 'published') fail('ARTICLE_ALREADY_PUBLISHED');
    return { ...orFail(editArticle(article, content, list, now)), _id: article._id };
  });
  return toArticleAdminCard(saved);
}

/** Content as villagers would see it, not saved. */
export async function preview(input: ContentInput) {
  const { list } = await loadLawSettings();
  const content = orFail(validateArticleContent(contentOf(input), list));
  return {
    title: content.title,
    summary: content.summary,
    category: content.category,
    source: content.source,
    coverFileId: content.coverFileId ?? null,
    keywords: content.keywords ?? [],
    nodes: renderMarkdown(content.body, allowedLinks()),
  };
}

/**
 * Publishes a draft or an unpublished article: load → content check → publish (第N期 of the year on
 * first publication) → push to the first subscribers, the rest left to the scheduler.
 */
export async function publish(caller: Caller, articleId: string, confirmed: boolean, now: Date) {
  const before = await getOwnArticle(articleId);
  if (!before) fail('ARTICLE_NOT_FOUND');
  if (before.status === 'published') fail('ARTICLE_ALREADY_PUBLISHED');
  await checkOrFail(before, caller.openid, confirmed);
  const article = await publishStored(articleId, now, before);
  const { queued, sent } = await pushFirstSubscribers(article, now);
  return { ...toArticleAdminCard(article), queued, sent };
}

/**
 * Queues and sends the first PUSH_INLINE_MAX messages of a fresh publication (a county one: in every
 * township). An issue published earlier and still being pushed where this one goes is pushed first, so
 * its subscribers are told of it, not of this one. Answers this issue's messages queued and sent.
 */
async function pushFirstSubscribers(
  article: StoredArticle,
  now: Date,
): Promise<{ queued: number; sent: number }> {
  if (article.pushState !== 'pending') return { queued: 0, sent: 0 };
  const mode = subscriptionMode();
  const pushed =
    article.townshipId === COUNTY
      ? await pushInEveryTownship(now, mode, PUSH_INLINE_MAX)
      : await pushPendingHere(now, mode, PUSH_INLINE_MAX);
  const mine = pushed.filter((p) => p.articleId === article._id).flatMap((p) => p.ids);
  const others = pushed.filter((p) => p.articleId !== article._id).flatMap((p) => p.ids);
  const { sent } = await flushOutbox(mine, now);
  await flushOutbox(others, now);
  return { queued: mine.length, sent };
}

/** Edits a published article: content check, then a new revision (the earlier text kept in its history). */
export async function revise(
  caller: Caller,
  input: ContentInput & { articleId: string; confirmed: boolean },
  now: Date,
) {
  const { list } = await loadLawSettings();
  const content = orFail(validateArticleContent(contentOf(input), list));
  const before = await getOwnArticle(input.articleId);
  if (!before) fail('ARTICLE_NOT_FOUND');
  if (before.status !== 'published') fail('ARTICLE_NOT_PUBLISHED');
  await checkOrFail(content, caller.openid, input.confirmed);
  const saved = await changeArticle(input.articleId, (article) => {
    if (article.status !== 'published') fail('ARTICLE_NOT_PUBLISHED');
    return { ...orFail(editArticle(article, content, list, now)), _id: article._id };
  });
  return toArticleAdminCard(saved);
}

/** Takes a published article down: villagers no longer see it; its 第N期 is kept. */
export async function unpublish(articleId: string, now: Date) {
  const saved = await changeArticle(articleId, (article) => ({
    ...orFail(unpublishArticle(article, now)),
    _id: article._id,
  }));
  return toArticleAdminCard(saved);
}

// --- the content check ------------------------------------------------------------------------------

/** The text the content check reads: what a villager will see. */
function checkedText(content: ArticleContent): string {
  return [content.title, content.summary, (content.keywords ?? []).join(' '), plainTextOf(content.body)]
    .filter(Boolean)
    .join('\n');
}

/**
 * Text the check flags passes only once the presidium confirmed it: risky (CONTENT_RISKY) as well as
 * review (ARTICLE_CONTENT_REVIEW). An article against gambling or drugs names them; the word list
 * cannot tell warning from advertising, the presidium who writes it can.
 */
async function checkOrFail(content: ArticleContent, openid: string, confirmed: boolean): Promise<void> {
  const verdict = await checkContent(checkedText(content), openid);
  if (verdict === 'risky' && !confirmed) fail('CONTENT_RISKY');
  if (verdict === 'review' && !confirmed) fail('ARTICLE_CONTENT_REVIEW');
}

/**
 * The worst content-security verdict over an article's text, checked in pieces msgSecCheck accepts
 * (scene 3 "论坛" for public posts; the caller's openid must have used the mini-program lately). Any
 * failure of the check itself refuses to publish unchecked.
 */
async function checkContent(text: string, openid: string): Promise<CheckVerdict> {
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

// --- the presidium reads -------------------------------------------------------------------------------

/** Every article (drafts, published, unpublished), newest change first. */
export async function listAll(page: number, pageSize: number) {
  const { items, total } = await articlesByChange((page - 1) * pageSize, pageSize);
  return paged(items.map(toArticleAdminCard), total, page, pageSize);
}

/** An article to edit: its Markdown, status and revision history. */
export async function getForEdit(articleId: string) {
  const article = await getOwnArticle(articleId);
  if (!article) fail('ARTICLE_NOT_FOUND');
  return {
    ...toArticleAdminCard(article),
    source: article.source,
    body: article.body,
    history: article.history.map((h) => ({
      revision: h.revision,
      title: h.title,
      savedOn: chinaDate(new Date(h.savedAt)),
    })),
  };
}

/** How many subscribers an article reached (by outcome of their message), and how many read it. */
export async function reach(articleId: string) {
  const article = await getOwnArticle(articleId);
  if (!article) fail('ARTICLE_NOT_FOUND');
  const [outcomes, reads] = await Promise.all([reachOf(articleRef(articleId)), readCountOf(articleId)]);
  return {
    articleId,
    issueLabel: article.issue ? issueLabel(article.issue) : '',
    sent: outcomes.sent,
    refused: outcomes.refused,
    failed: outcomes.failed,
    pending: outcomes.pending + outcomes.sending,
    queued: outcomes.sent + outcomes.refused + outcomes.failed + outcomes.pending + outcomes.sending,
    pushDone: article.pushState !== 'pending',
    reads,
  };
}

// --- everyone reads -------------------------------------------------------------------------------------

/** Published articles, newest issue first, by law category and/or issue. */
export async function listPublished(filter: PublishedFilter, page: number, pageSize: number) {
  const { items, total } = await publishedByIssue(filter, (page - 1) * pageSize, pageSize);
  return paged(items.map(card), total, page, pageSize);
}

/** Published articles matching every word of `query`, best match first, at most 30. */
export async function search(query: string) {
  const terms = searchTerms(query);
  const scored = (await allPublished())
    .map((a) => ({ a, score: searchScore(a, terms) }))
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score || byIssueDesc(x.a, y.a))
    .slice(0, 30);
  return { terms, items: scored.map((x) => card(x.a)) };
}

/**
 * One article to read: the published one for everyone (the township's or the county's), any of their
 * own for its writers. A read of a published article counts once per villager (staff reads never count:
 * core/article/article.rules.ts countsAsRead), where the article belongs: a county article's reads are
 * the county's, from every township.
 */
export async function read(caller: Caller, articleId: string, now: Date) {
  const stored = await getArticle(articleId);
  const mine = writesHere(caller) && stored !== null && stored.townshipId === currentTownship();
  const article = mine ? stored : (orFail(checkPublicView(stored)) as StoredArticle);
  if (article.status === 'published' && countsAsRead(caller.role))
    await readsIn(article, () => recordRead(articleId, caller.openid, now));
  const [reads, subscribed] = await Promise.all([
    readsIn(article, () => readCountOf(articleId)),
    isSubscribed(caller.openid),
  ]);
  return {
    ...card({ ...article, _id: articleId }),
    source: article.source,
    status: article.status,
    revision: article.revision,
    updatedOn: article.revision > 1 ? chinaDate(new Date(article.updatedAt)) : '',
    nodes: await rendered(article),
    reads,
    subscribed,
  };
}

/** The body as rich-text nodes, cloud images swapped for download URLs where storage gives them. */
async function rendered(article: Article) {
  const nodes = renderMarkdown(article.body, allowedLinks());
  const images = imageSourcesOf(nodes);
  return images.length > 0 ? withImageUrls(nodes, await tempUrlsOf(images)) : nodes;
}

/**
 * Temporary https download URLs of cloud storage files (cloud.getTempFileURL), for `rich-text`, which
 * does not load cloud:// ids. Best effort: an id without a URL (or the local cloud, which has no
 * storage) is simply left out, and the page shows what it can.
 */
async function tempUrlsOf(fileIds: readonly string[]): Promise<Map<string, string>> {
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

/** Records that the caller wants the next issue. */
export async function subscribe(caller: Caller, now: Date): Promise<{ subscribed: true }> {
  await saveSubscriber(caller.openid, caller.role, now);
  return { subscribed: true };
}

/** Published articles of the law categories related to an opinion category, newest first. */
export async function related(opinionCategory: string, limit: number) {
  const settings = await loadLawSettings();
  const laws = relatedLawCategories(opinionCategory, settings.related, settings.list);
  if (laws.length === 0) return { lawCategories: [], items: [] };
  const items = await publishedIn(laws, limit);
  return { lawCategories: laws, items: items.map(card) };
}

// --- the push to subscribers -----------------------------------------------------------------------------

/** The messages one push queued for one article. */
interface Pushed {
  articleId: string;
  ids: string[];
}

/**
 * Queues the `articlePublished` message of a published article for every subscriber of the call's
 * township who asked before it was first published, at most `limit` of them, and answers the queued
 * message ids. The article is the township's own or the county's (then pushed in this township, its
 * keys naming it). Each subscriber is one transaction: the message is queued (key
 * article:<id>[:<township>]:<openid>, so a rerun queues nothing new) and, for a one-time subscription,
 * the record is consumed with it. When no subscriber is left the article's push is marked done here
 * (a county article's: once done in every township); otherwise the scheduler's `pushArticles`
 * continues it.
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
  const here = requireTownship();
  const fromCounty = article.townshipId === COUNTY && here !== COUNTY;
  const keyOf = (openid: string) => articleMessageKey(article._id, openid, fromCounty ? here : undefined);
  const issue = article.issue;
  const publishedAt = new Date(article.firstPublishedAt);
  const ref = articleRef(article._id);
  const [all, reached] = await Promise.all([subscribersSince(publishedAt), messagedOpenids(ref, keyOf)]);
  // Long-term records are never consumed: skip those this article already has a message for.
  const todo = all.filter((s) => !reached.has(s.openid));
  const ids: string[] = [];
  const page = todo.slice(0, limit);
  for (const sub of page) {
    const id = await queueForSubscriber(
      sub._id,
      publishedAt,
      (current) => ({
        key: keyOf(current.openid),
        openid: current.openid,
        template: 'articlePublished',
        page: pageWith('article', { id: article._id }),
        fields: articleMessageFields({ ...article, issue }, publishedAt),
        ref,
      }),
      consumesSubscription(mode),
      now,
    );
    if (id) ids.push(id);
  }
  const done = page.length === todo.length;
  if (done && fromCounty) await markCountyPushDoneIn(article._id, here, await listTownshipIds(), now);
  else if (done) await markPushDone(article._id, now);
  return { ids, done };
}

/**
 * Continues every push unfinished in the call's township (its own issues and the county's), first
 * published first, until `budget` messages are queued.
 */
async function pushPendingHere(now: Date, mode: SubscriptionMode, budget: number): Promise<Pushed[]> {
  const pushed: Pushed[] = [];
  let queued = 0;
  for (const article of await pendingPushes()) {
    if (queued >= budget) break;
    const { ids } = await pushIssue(article, now, mode, budget - queued);
    queued += ids.length;
    pushed.push({ articleId: article._id, ids });
  }
  return pushed;
}

/** pushPendingHere in every township in turn, until `budget` messages are queued (a county publish). */
async function pushInEveryTownship(now: Date, mode: SubscriptionMode, budget: number): Promise<Pushed[]> {
  const pushed: Pushed[] = [];
  let queued = 0;
  for (const townshipId of await listTownshipIds()) {
    if (queued >= budget) break;
    const here = await withTownship(townshipId, () => pushPendingHere(now, mode, budget - queued));
    queued += here.reduce((n, p) => n + p.ids.length, 0);
    pushed.push(...here);
  }
  return pushed;
}

/**
 * The scheduler's job, once per township: finishes every push a publish call left unfinished there
 * (the township's own and the county's). Answers messages queued.
 */
export async function pushPendingArticles(
  now: Date,
  mode: SubscriptionMode,
  budget = PUSH_PER_RUN,
): Promise<number> {
  const pushed = await pushPendingHere(now, mode, budget);
  // the scheduler's deliverOutbox job, next in the same run, sends them
  return pushed.reduce((n, p) => n + p.ids.length, 0);
}
