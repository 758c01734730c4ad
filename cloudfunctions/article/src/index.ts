/**
 * Cloud function `article`: legal-knowledge articles (法律知识). The presidium writes in Markdown,
 * previews, publishes (content-checked, numbered 第N期 per year, pushed to the people who tapped
 * "订阅下一期"), revises and unpublishes, and sees how many were reached and read. County staff do the
 * same for the county's articles, which every township reads, with `townshipId: 'county'` beside
 * `action` (elsewhere NOT_YOUR_TOWNSHIP). Everyone reads the published ones (their township's and the
 * county's): by category, by issue, by search, and the law related to an opinion category.
 */
import { z } from 'zod';
import {
  BODY_MAX_CHARS,
  CATEGORY_MAX_CHARS,
  KEYWORD_MAX_CHARS,
  KEYWORDS_MAX,
  SOURCE_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
} from '../../../core/article/article.rules';
import {
  ARTICLE_WRITERS,
  checkWriter,
  getForEdit,
  lawSettings,
  listAll,
  listPublished,
  preview,
  publish,
  reach,
  read,
  related,
  revise,
  saveDraft,
  search,
  setLawCategories,
  subscribe,
  unpublish,
} from '../../../server/article/article.service';
import { action, defineFunction, requestIdField, type ActionContext } from '../../../server/pipeline';
import { idField } from '../../../server/schemas';

const PAGE_SIZE_MAX = 20;
/** The presidium writes its township's articles; county staff the county's, in COUNTY (checkWriter). */
const WRITERS = ARTICLE_WRITERS;

/** A writing action's run, refused to county staff outside COUNTY (NOT_YOUR_TOWNSHIP). */
function writer<I, R>(run: (ctx: ActionContext, input: I) => Promise<R>) {
  return (ctx: ActionContext, input: I): Promise<R> => {
    checkWriter(ctx.caller);
    return run(ctx, input);
  };
}

const categoryName = () => z.string().trim().min(1).max(CATEGORY_MAX_CHARS);
const contentSchema = () => ({
  title: z.string().max(TITLE_MAX_CHARS * 2, `标题最多${TITLE_MAX_CHARS}个字`),
  summary: z
    .string()
    .max(SUMMARY_MAX_CHARS * 2, `摘要最多${SUMMARY_MAX_CHARS}个字`)
    .default(''),
  category: categoryName(),
  source: z.string().max(SOURCE_MAX_CHARS, `出处最多${SOURCE_MAX_CHARS}个字`).default(''),
  coverFileId: z.string().max(512).optional(),
  body: z.string().max(BODY_MAX_CHARS * 2, `正文最多${BODY_MAX_CHARS}个字`),
  keywords: z
    .array(z.string().max(KEYWORD_MAX_CHARS * 2))
    .max(KEYWORDS_MAX * 2)
    .optional(),
});
const opinionCategorySchema = () => z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '意见类别编号格式不正确');

export const definition = defineFunction('article', {
  // --- the presidium (and county staff, for the county's articles) -------------------------------

  listCategories: action({
    summary:
      "The law categories (editable list) and the table of law categories related to each opinion category. Everyone; county staff read the county's own in the county (townshipId 'county').",
    audience: 'anyone',
    // County staff's article editor reads the county's own list in the county.
    inCounty: true,
    input: () => z.strictObject({}),
    run: () => lawSettings(),
  }),

  setCategories: action({
    summary:
      'The presidium edits the law category list and, optionally, the opinion-category → law-categories table.',
    audience: WRITERS,
    input: () =>
      z.strictObject({
        list: z
          .array(z.string().max(CATEGORY_MAX_CHARS * 2))
          .min(1)
          .max(40),
        related: z
          .record(opinionCategorySchema(), z.array(z.string().max(CATEGORY_MAX_CHARS * 2)).max(10))
          .refine((table) => Object.keys(table).length <= 100, '关联表最多100个意见类别')
          .meta({ maxProperties: 100 })
          .optional(),
      }),
    run: writer(({ now }, input) => setLawCategories(input, now)),
  }),

  saveDraft: action({
    summary:
      "The presidium saves a new draft, or edits a draft or an unpublished article (a published one is changed with revise). County staff write the county's articles, which every township's villagers read, the same way with townshipId 'county' beside action (elsewhere NOT_YOUR_TOWNSHIP); the county's issues are numbered on their own.",
    audience: WRITERS,
    idempotent: true,
    input: () =>
      z.strictObject({ requestId: requestIdField(), articleId: idField().optional(), ...contentSchema() }),
    run: writer(({ caller, now }, input) => saveDraft(caller, input, now)),
  }),

  preview: action({
    summary: 'The presidium previews content (not saved): the rich-text nodes villagers would see.',
    audience: WRITERS,
    input: () => z.strictObject(contentSchema()),
    run: writer((_ctx, input) => preview(input)),
  }),

  publish: action({
    summary:
      "The presidium publishes a draft or an unpublished article: content check (text it flags, risky or for review, only with confirmed: true — an article against gambling names it), 第N期 of the year on first publication, one message queued per subscriber and sent (a county article: to every township's subscribers, each message opening their township; an issue published earlier and not yet pushed there goes first).",
    audience: WRITERS,
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        articleId: idField(),
        /** The presidium has read the passages the check flagged (risky or for review) and confirms them. */
        confirmed: z.boolean().default(false),
      }),
    run: writer(({ caller, now }, { articleId, confirmed }) => publish(caller, articleId, confirmed, now)),
  }),

  revise: action({
    summary:
      'The presidium edits a published article: content check, a new revision (the earlier text is kept in its history).',
    audience: WRITERS,
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        articleId: idField(),
        confirmed: z.boolean().default(false),
        ...contentSchema(),
      }),
    run: writer(({ caller, now }, input) => revise(caller, input, now)),
  }),

  unpublish: action({
    summary: 'The presidium takes a published article down: villagers no longer see it; its 第N期 is kept.',
    audience: WRITERS,
    idempotent: true,
    input: () => z.strictObject({ requestId: requestIdField(), articleId: idField() }),
    run: writer(({ now }, { articleId }) => unpublish(articleId, now)),
  }),

  listAll: action({
    summary: "The presidium's list of every article (drafts, published, unpublished), newest change first.",
    audience: WRITERS,
    input: () =>
      z.strictObject({
        page: z.number().int().min(1).max(1000).default(1),
        pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_MAX),
      }),
    run: writer((_ctx, { page, pageSize }) => listAll(page, pageSize)),
  }),

  getForEdit: action({
    summary: 'The presidium opens an article to edit: its Markdown, status and revision history.',
    audience: WRITERS,
    input: () => z.strictObject({ articleId: idField() }),
    run: writer((_ctx, { articleId }) => getForEdit(articleId)),
  }),

  reach: action({
    summary:
      'How many subscribers an article reached: messages sent, refused (43101, no subscription left), failed, pending; and how many people read it.',
    audience: WRITERS,
    input: () => z.strictObject({ articleId: idField() }),
    run: writer((_ctx, { articleId }) => reach(articleId)),
  }),

  // --- everyone --------------------------------------------------------------------------------

  list: action({
    summary:
      'Published articles, newest issue first; by law category and/or by issue (year, number); paginated.',
    audience: 'anyone',
    input: () =>
      z.strictObject({
        category: categoryName().optional(),
        year: z.number().int().min(2000).max(2100).optional(),
        number: z.number().int().min(1).max(1000).optional(),
        page: z.number().int().min(1).max(1000).default(1),
        pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).default(10),
      }),
    run: (_ctx, { page, pageSize, ...filter }) => listPublished(filter, page, pageSize),
  }),

  search: action({
    summary:
      'Published articles matching every word of the query in the title, keywords, summary or category.',
    audience: 'anyone',
    input: () =>
      z.strictObject({ query: z.string().trim().min(1, '请输入要查找的词').max(50, '最多50个字') }),
    run: (_ctx, { query }) => search(query),
  }),

  get: action({
    summary:
      'One article as rich-text nodes (whitelisted, images only from cloud storage). Counts one read per person. Unpublished ones exist only for the presidium.',
    audience: 'anyone',
    input: () => z.strictObject({ articleId: idField() }),
    run: ({ caller, now }, { articleId }) => read(caller, articleId, now),
  }),

  subscribeNext: action({
    summary:
      "Records that the caller wants the next issue the township shows them, its own or the county's, whichever is published first (after the page got WeChat permission for one articlePublished message).",
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: ({ caller, now }) => subscribe(caller, now),
  }),

  related: action({
    summary:
      'Published articles of the law categories related to an opinion category (相关法律知识), newest first.',
    audience: 'anyone',
    input: () =>
      z.strictObject({
        opinionCategory: opinionCategorySchema(),
        limit: z.number().int().min(1).max(10).default(3),
      }),
    run: (_ctx, { opinionCategory, limit }) => related(opinionCategory, limit),
  }),
});

export const main = definition.main;
