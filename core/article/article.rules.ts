/**
 * Rules for legal-knowledge articles. A draft is edited in place. The first publication gives the
 * article the next issue number of the year (第N期) for good: unpublishing and publishing again keep it.
 * Once an article has been public, an edit keeps the previous text as a revision (revision + 1), so
 * what villagers read can always be found again.
 */
import { chinaDate } from '../calendar/china-time';
import type { Role } from '../identity/role.rules';
import { allow, deny, type Decision } from '../result';
import type { Article, ArticleContent, ArticleRevision, IssueNumber } from './article.types';

export const TITLE_MAX_CHARS = 64;
export const SUMMARY_MAX_CHARS = 200;
/** The article's source (出处), e.g. the law and article it quotes. */
export const SOURCE_MAX_CHARS = 200;
export const BODY_MAX_CHARS = 50_000;
export const CATEGORY_MAX_CHARS = 12;
export const KEYWORDS_MAX = 8;
export const KEYWORD_MAX_CHARS = 12;

const CONTENT_FIELDS = ['title', 'summary', 'category', 'source', 'coverFileId', 'body'] as const;

/** Checks and tidies what the author wrote against the township's category list. */
export function validateArticleContent(
  content: ArticleContent,
  categories: readonly string[],
): Decision<ArticleContent> {
  const title = content.title.trim();
  const summary = content.summary.trim();
  const source = content.source.trim();
  const body = content.body.trim();
  if (!title) return deny('ARTICLE_TITLE_REQUIRED');
  if (!body) return deny('ARTICLE_BODY_REQUIRED');
  if (
    length(title) > TITLE_MAX_CHARS ||
    length(summary) > SUMMARY_MAX_CHARS ||
    length(body) > BODY_MAX_CHARS
  ) {
    return deny('ARTICLE_TOO_LONG');
  }
  if (!categories.includes(content.category)) return deny('LAW_CATEGORY_UNKNOWN');
  const cover = content.coverFileId?.trim() || undefined;
  if (cover !== undefined && !/^cloud:\/\/\S+$/.test(cover)) return deny('ARTICLE_COVER_INVALID');
  const keywords = [...new Set((content.keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > KEYWORDS_MAX || keywords.some((k) => length(k) > KEYWORD_MAX_CHARS)) {
    return deny('ARTICLE_KEYWORDS_INVALID');
  }
  return allow({
    title,
    summary,
    category: content.category,
    source,
    body,
    ...(cover ? { coverFileId: cover } : {}),
    ...(keywords.length > 0 ? { keywords } : {}),
  });
}

/** The presidium's edited category list: trimmed, none empty, none repeated, none too long. */
export function validateCategoryList(list: readonly string[]): Decision<string[]> {
  const trimmed = list.map((c) => c.trim());
  const valid =
    trimmed.length > 0 &&
    trimmed.every((c) => c.length > 0 && length(c) <= CATEGORY_MAX_CHARS) &&
    new Set(trimmed).size === trimmed.length;
  return valid ? allow(trimmed) : deny('LAW_CATEGORIES_INVALID');
}

export function createArticle(
  content: ArticleContent,
  categories: readonly string[],
  now: Date,
): Decision<Article> {
  const valid = validateArticleContent(content, categories);
  if (!valid.ok) return valid;
  return allow({ ...valid.value, status: 'draft', revision: 1, history: [], createdAt: now, updatedAt: now });
}

/** An edit: in place while never published; afterwards a new revision, the previous one kept. */
export function editArticle(
  article: Article,
  content: ArticleContent,
  categories: readonly string[],
  now: Date,
): Decision<Article> {
  const valid = validateArticleContent(content, categories);
  if (!valid.ok) return valid;
  const { coverFileId: _cover, keywords: _keywords, ...withoutOptional } = article;
  const edited = { ...withoutOptional, ...valid.value, updatedAt: now };
  if (!article.issue || sameContent(article, valid.value)) return allow(edited);
  const previous: ArticleRevision = {
    ...contentOf(article),
    revision: article.revision,
    savedAt: article.updatedAt,
  };
  return allow({ ...edited, revision: article.revision + 1, history: [...article.history, previous] });
}

/** The China calendar year whose issue numbers `publishArticle` needs. */
export function issueYearOf(now: Date): number {
  return Number(chinaDate(now).slice(0, 4));
}

/**
 * Publishes a draft or unpublished article. `publishedIssueNumbersThisYear`: the issue numbers already
 * given in `issueYearOf(now)`; only used on first publication (the store keeps (year, number) unique).
 */
export function publishArticle(
  article: Article,
  publishedIssueNumbersThisYear: readonly number[],
  now: Date,
): Decision<Article> {
  if (article.status === 'published') return deny('ARTICLE_ALREADY_PUBLISHED');
  const issue: IssueNumber = article.issue ?? {
    year: issueYearOf(now),
    number: nextIssueNumber(publishedIssueNumbersThisYear),
  };
  return allow({
    ...article,
    status: 'published',
    issue,
    publishedAt: now,
    firstPublishedAt: article.firstPublishedAt ?? now,
    updatedAt: now,
  });
}

export function unpublishArticle(article: Article, now: Date): Decision<Article> {
  if (article.status !== 'published') return deny('ARTICLE_NOT_PUBLISHED');
  return allow({ ...article, status: 'unpublished', unpublishedAt: now, updatedAt: now });
}

/** One more than the highest number given this year (so a gap is never filled twice); 1 for the first. */
export function nextIssueNumber(publishedIssueNumbersThisYear: readonly number[]): number {
  return publishedIssueNumbersThisYear.reduce((max, n) => Math.max(max, n), 0) + 1;
}

/** '2025年第3期' */
export function issueLabel(issue: IssueNumber): string {
  return `${issue.year}年第${issue.number}期`;
}

/** What a villager may open: published articles only; anything else looks absent. */
export function checkPublicView(article: Article | null): Decision<Article> {
  return article && article.status === 'published' ? allow(article) : deny('ARTICLE_NOT_FOUND');
}

function contentOf(article: ArticleContent): ArticleContent {
  const content: ArticleContent = {
    title: article.title,
    summary: article.summary,
    category: article.category,
    source: article.source,
    body: article.body,
  };
  return {
    ...content,
    ...(article.coverFileId ? { coverFileId: article.coverFileId } : {}),
    ...(article.keywords?.length ? { keywords: [...article.keywords] } : {}),
  };
}

/** Whether two versions say the same (what the content check read is what gets published). */
export function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  return (
    CONTENT_FIELDS.every((field) => a[field] === b[field]) &&
    (a.keywords ?? []).join('\n') === (b.keywords ?? []).join('\n')
  );
}

function length(text: string): number {
  return Array.from(text).length;
}

/**
 * Whose reading counts as a read: the villagers the articles are written for. Staff — the presidium
 * writing and checking, a station admin, a deputy looking before sharing, a department — never count,
 * so the figure says how many villagers read it.
 */
export function countsAsRead(role: Role): boolean {
  return role === 'resident';
}
