/**
 * Cloud function `article`: legal-knowledge articles (法律知识). The presidium writes in Markdown,
 * previews, publishes (content-checked, numbered 第N期 per year, pushed to the people who tapped
 * "订阅下一期"), revises and unpublishes, and sees how many were reached and read. Everyone reads the
 * published ones: by category, by issue, by search, and the law related to an opinion category.
 */
import { z } from 'zod';
import { articleRef, subscriptionModeFrom } from '../../../core/article/article.push';
import {
  pruneRelatedTable,
  relatedLawCategories,
  validateRelatedTable,
} from '../../../core/article/article.related';
import {
  imageSourcesOf,
  plainTextOf,
  renderMarkdown,
  withImageUrls,
} from '../../../core/article/article.render';
import {
  BODY_MAX_CHARS,
  CATEGORY_MAX_CHARS,
  KEYWORD_MAX_CHARS,
  KEYWORDS_MAX,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
  checkPublicView,
  createArticle,
  editArticle,
  issueLabel,
  unpublishArticle,
  validateArticleContent,
  validateCategoryList,
} from '../../../core/article/article.rules';
import { searchScore, searchTerms } from '../../../core/article/article.search';
import type { Article, ArticleContent } from '../../../core/article/article.types';
import { toArticleAdminCard, toArticleCard } from '../../../core/article/article.view';
import { chinaDate } from '../../../core/calendar/china-time';
import {
  ARTICLES,
  PUSH_INLINE_MAX,
  changeArticle,
  checkContent,
  draftIdFor,
  getArticle,
  insertArticle,
  isSubscribed,
  loadLawSettings,
  publishStored,
  pushIssue,
  readCountOf,
  recordRead,
  saveLawSettings,
  subscribeNext,
  tempUrlsOf,
  type StoredArticle,
} from '../../../server/article/articles.repo';
import { command, count, findAll, findMany } from '../../../server/db/collection';
import { fail, orFail } from '../../../server/errors';
import { flushOutbox, reachOf } from '../../../server/outbox';
import { action, defineFunction, requestIdSchema } from '../../../server/pipeline';
import { idSchema } from '../../../server/schemas';

/** Env ARTICLE_SUBSCRIPTION=longTerm once the account holds long-term templates (see article.push.ts). */
const subscriptionMode = () => subscriptionModeFrom(process.env.ARTICLE_SUBSCRIPTION);

/** Env ARTICLE_LINK_ALLOWLIST: comma-separated exact http(s) URLs that may stay links in articles. */
const allowedLinks = () =>
  (process.env.ARTICLE_LINK_ALLOWLIST ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const PAGE_SIZE_MAX = 20;
const PRESIDIUM = ['presidium'] as const;

const categoryName = z.string().trim().min(1).max(CATEGORY_MAX_CHARS);
const contentSchema = {
  title: z.string().max(TITLE_MAX_CHARS * 2, `标题最多${TITLE_MAX_CHARS}个字`),
  summary: z
    .string()
    .max(SUMMARY_MAX_CHARS * 2, `摘要最多${SUMMARY_MAX_CHARS}个字`)
    .default(''),
  category: categoryName,
  source: z.string().max(200, '出处最多200个字').default(''),
  coverFileId: z.string().max(512).optional(),
  body: z.string().max(BODY_MAX_CHARS * 2, `正文最多${BODY_MAX_CHARS}个字`),
  keywords: z
    .array(z.string().max(KEYWORD_MAX_CHARS * 2))
    .max(KEYWORDS_MAX * 2)
    .optional(),
};
const opinionCategorySchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '意见类别编号格式不正确');

function contentOf(input: ArticleContent): ArticleContent {
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

/** The body as rich-text nodes, cloud images swapped for download URLs where storage gives them. */
async function rendered(article: Article) {
  const nodes = renderMarkdown(article.body, allowedLinks());
  const images = imageSourcesOf(nodes);
  return images.length > 0 ? withImageUrls(nodes, await tempUrlsOf(images)) : nodes;
}

function publicWhere(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'published', ...extra };
}

const BY_ISSUE: [string, 'asc' | 'desc'][] = [
  ['issue.year', 'desc'],
  ['issue.number', 'desc'],
];
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
  ].map((f) => [f, true]),
);

async function publishedArticles(): Promise<StoredArticle[]> {
  // A township publishes about ten issues a year: all of them fit in memory for search and related.
  return findAll<StoredArticle>(ARTICLES, publicWhere(), LIST_FIELDS);
}

function byIssueDesc(a: StoredArticle, b: StoredArticle): number {
  return (b.issue?.year ?? 0) - (a.issue?.year ?? 0) || (b.issue?.number ?? 0) - (a.issue?.number ?? 0);
}

export const definition = defineFunction('article', {
  // --- the presidium ---------------------------------------------------------------------------

  listCategories: action({
    summary:
      'The law categories (editable list) and the table of law categories related to each opinion category.',
    audience: 'anyone',
    input: z.strictObject({}),
    run: async () => loadLawSettings(),
  }),

  setCategories: action({
    summary:
      'The presidium edits the law category list and, optionally, the opinion-category → law-categories table.',
    audience: PRESIDIUM,
    input: z.strictObject({
      list: z
        .array(z.string().max(CATEGORY_MAX_CHARS * 2))
        .min(1)
        .max(40),
      related: z
        .record(opinionCategorySchema, z.array(z.string().max(CATEGORY_MAX_CHARS * 2)).max(10))
        .refine((table) => Object.keys(table).length <= 100, '关联表最多100个意见类别')
        .meta({ maxProperties: 100 })
        .optional(),
    }),
    run: async ({ now }, input) => {
      const list = orFail(validateCategoryList(input.list));
      const current = await loadLawSettings();
      const related = input.related
        ? orFail(validateRelatedTable(input.related, list))
        : pruneRelatedTable(current.related, list);
      await saveLawSettings({ list, related }, now);
      return { list, related };
    },
  }),

  saveDraft: action({
    summary:
      'The presidium saves a new draft, or edits a draft or an unpublished article (a published one is changed with revise).',
    audience: PRESIDIUM,
    idempotent: true,
    input: z.strictObject({ requestId: requestIdSchema, articleId: idSchema.optional(), ...contentSchema }),
    run: async ({ caller, now }, input) => {
      const { list } = await loadLawSettings();
      const content = contentOf(input);
      if (!input.articleId) {
        // The id comes from the request: a retry whose first answer was lost finds the same draft.
        const id = draftIdFor(caller.openid, input.requestId);
        const earlier = await getArticle(id);
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
    },
  }),

  preview: action({
    summary: 'The presidium previews content (not saved): the rich-text nodes villagers would see.',
    audience: PRESIDIUM,
    input: z.strictObject(contentSchema),
    run: async (_ctx, input) => {
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
    },
  }),

  publish: action({
    summary:
      'The presidium publishes a draft or an unpublished article: content check (text it flags, risky or for review, only with confirmed: true — an article against gambling names it), 第N期 of the year on first publication, one message queued per subscriber and sent.',
    audience: PRESIDIUM,
    idempotent: true,
    input: z.strictObject({
      requestId: requestIdSchema,
      articleId: idSchema,
      /** The presidium has read the passages the check flagged (risky or for review) and confirms them. */
      confirmed: z.boolean().default(false),
    }),
    run: async ({ caller, now }, { articleId, confirmed }) => {
      const before = await getArticle(articleId);
      if (!before) fail('ARTICLE_NOT_FOUND');
      if (before.status === 'published') fail('ARTICLE_ALREADY_PUBLISHED');
      await checkOrFail(before, caller.openid, confirmed);
      const article = await publishStored(articleId, now, before);
      let queued = 0;
      let sent = 0;
      if (article.pushState === 'pending') {
        const { ids } = await pushIssue(article, now, subscriptionMode(), PUSH_INLINE_MAX);
        queued = ids.length;
        sent = (await flushOutbox(ids, now)).sent;
      }
      return { ...toArticleAdminCard(article), queued, sent };
    },
  }),

  revise: action({
    summary:
      'The presidium edits a published article: content check, a new revision (the earlier text is kept in its history).',
    audience: PRESIDIUM,
    idempotent: true,
    input: z.strictObject({
      requestId: requestIdSchema,
      articleId: idSchema,
      confirmed: z.boolean().default(false),
      ...contentSchema,
    }),
    run: async ({ caller, now }, input) => {
      const { list } = await loadLawSettings();
      const content = orFail(validateArticleContent(contentOf(input), list));
      const before = await getArticle(input.articleId);
      if (!before) fail('ARTICLE_NOT_FOUND');
      if (before.status !== 'published') fail('ARTICLE_NOT_PUBLISHED');
      await checkOrFail(content, caller.openid, input.confirmed);
      const saved = await changeArticle(input.articleId, (article) => {
        if (article.status !== 'published') fail('ARTICLE_NOT_PUBLISHED');
        return { ...orFail(editArticle(article, content, list, now)), _id: article._id };
      });
      return toArticleAdminCard(saved);
    },
  }),

  unpublish: action({
    summary: 'The presidium takes a published article down: villagers no longer see it; its 第N期 is kept.',
    audience: PRESIDIUM,
    idempotent: true,
    input: z.strictObject({ requestId: requestIdSchema, articleId: idSchema }),
    run: async ({ now }, { articleId }) => {
      const saved = await changeArticle(articleId, (article) => ({
        ...orFail(unpublishArticle(article, now)),
        _id: article._id,
      }));
      return toArticleAdminCard(saved);
    },
  }),

  listAll: action({
    summary: "The presidium's list of every article (drafts, published, unpublished), newest change first.",
    audience: PRESIDIUM,
    input: z.strictObject({
      page: z.number().int().min(1).max(1000).default(1),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_MAX),
    }),
    run: async (_ctx, { page, pageSize }) => {
      const [items, total] = await Promise.all([
        findMany<StoredArticle>(
          ARTICLES,
          {},
          {
            orderBy: [['updatedAt', 'desc']],
            skip: (page - 1) * pageSize,
            limit: pageSize,
            fields: LIST_FIELDS,
          },
        ),
        count(ARTICLES, {}),
      ]);
      return { items: items.map(toArticleAdminCard), total, page, hasMore: page * pageSize < total };
    },
  }),

  getForEdit: action({
    summary: 'The presidium opens an article to edit: its Markdown, status and revision history.',
    audience: PRESIDIUM,
    input: z.strictObject({ articleId: idSchema }),
    run: async (_ctx, { articleId }) => {
      const article = await getArticle(articleId);
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
    },
  }),

  reach: action({
    summary:
      'How many subscribers an article reached: messages sent, refused (43101, no subscription left), failed, pending; and how many people read it.',
    audience: PRESIDIUM,
    input: z.strictObject({ articleId: idSchema }),
    run: async (_ctx, { articleId }) => {
      const article = await getArticle(articleId);
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
    },
  }),

  // --- everyone --------------------------------------------------------------------------------

  list: action({
    summary:
      'Published articles, newest issue first; by law category and/or by issue (year, number); paginated.',
    audience: 'anyone',
    input: z.strictObject({
      category: categoryName.optional(),
      year: z.number().int().min(2000).max(2100).optional(),
      number: z.number().int().min(1).max(1000).optional(),
      page: z.number().int().min(1).max(1000).default(1),
      pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).default(10),
    }),
    run: async (_ctx, { category, year, number, page, pageSize }) => {
      const where = publicWhere({
        ...(category ? { category } : {}),
        ...(year ? { 'issue.year': year } : {}),
        ...(number ? { 'issue.number': number } : {}),
      });
      const [items, total] = await Promise.all([
        findMany<StoredArticle>(ARTICLES, where, {
          orderBy: BY_ISSUE,
          skip: (page - 1) * pageSize,
          limit: pageSize,
          fields: LIST_FIELDS,
        }),
        count(ARTICLES, where),
      ]);
      return { items: items.map(toArticleCard), total, page, hasMore: page * pageSize < total };
    },
  }),

  search: action({
    summary:
      'Published articles matching every word of the query in the title, keywords, summary or category.',
    audience: 'anyone',
    input: z.strictObject({ query: z.string().trim().min(1, '请输入要查找的词').max(50, '最多50个字') }),
    run: async (_ctx, { query }) => {
      const terms = searchTerms(query);
      const scored = (await publishedArticles())
        .map((a) => ({ a, score: searchScore(a, terms) }))
        .filter((x) => x.score > 0)
        .sort((x, y) => y.score - x.score || byIssueDesc(x.a, y.a))
        .slice(0, 30);
      return { terms, items: scored.map((x) => toArticleCard(x.a)) };
    },
  }),

  get: action({
    summary:
      'One article as rich-text nodes (whitelisted, images only from cloud storage). Counts one read per person. Unpublished ones exist only for the presidium.',
    audience: 'anyone',
    input: z.strictObject({ articleId: idSchema }),
    run: async ({ caller, now }, { articleId }) => {
      const stored = await getArticle(articleId);
      const article =
        caller.role === 'presidium' && stored ? stored : (orFail(checkPublicView(stored)) as StoredArticle);
      if (article.status === 'published') await recordRead(articleId, caller.openid, now);
      const [reads, subscribed] = await Promise.all([readCountOf(articleId), isSubscribed(caller.openid)]);
      return {
        ...toArticleCard({ ...article, _id: articleId }),
        source: article.source,
        status: article.status,
        revision: article.revision,
        updatedOn: article.revision > 1 ? chinaDate(new Date(article.updatedAt)) : '',
        nodes: await rendered(article),
        reads,
        subscribed,
      };
    },
  }),

  subscribeNext: action({
    summary:
      'Records that the caller wants the next issue (after the page got WeChat permission for one articlePublished message).',
    audience: 'anyone',
    input: z.strictObject({}),
    run: async ({ caller, now }) => {
      await subscribeNext(caller.openid, caller.role, now);
      return { subscribed: true };
    },
  }),

  related: action({
    summary:
      'Published articles of the law categories related to an opinion category (相关法律知识), newest first.',
    audience: 'anyone',
    input: z.strictObject({
      opinionCategory: opinionCategorySchema,
      limit: z.number().int().min(1).max(10).default(3),
    }),
    run: async (_ctx, { opinionCategory, limit }) => {
      const settings = await loadLawSettings();
      const laws = relatedLawCategories(opinionCategory, settings.related, settings.list);
      if (laws.length === 0) return { lawCategories: [], items: [] };
      const items = await findMany<StoredArticle>(ARTICLES, publicWhere({ category: command().in(laws) }), {
        orderBy: BY_ISSUE,
        limit,
        fields: LIST_FIELDS,
      });
      return { lawCategories: laws, items: items.map(toArticleCard) };
    },
  }),
});

export const main = definition.main;
