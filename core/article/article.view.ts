/** What the pages show of an article: plain values, labels ready-made, never the author's openid. */
import { chinaDate } from '../calendar/china-time';
import { issueLabel } from './article.rules';
import { ARTICLE_STATUS_LABELS, type Article, type ArticleStatus } from './article.types';

export interface ArticleCard {
  id: string;
  title: string;
  summary: string;
  category: string;
  keywords: string[];
  coverFileId: string | null;
  /** '2026年第3期', '' for a draft. */
  issueLabel: string;
  issueYear: number | null;
  issueNumber: number | null;
  /** '2026-03-05' (China date of first publication), '' for a draft. */
  publishedOn: string;
}

/** A reader's card: `publisher` is '县人大常委会' for an article the county published, '' for the township's own. */
export interface ArticleReaderCard extends ArticleCard {
  publisher: string;
}

export interface ArticleAdminCard extends ArticleCard {
  status: ArticleStatus;
  statusLabel: string;
  revision: number;
  updatedOn: string;
}

export function toArticleCard(article: Article & { _id: string }): ArticleCard {
  const first = article.firstPublishedAt ?? article.publishedAt;
  return {
    id: article._id,
    title: article.title,
    summary: article.summary,
    category: article.category,
    keywords: article.keywords ?? [],
    coverFileId: article.coverFileId ?? null,
    issueLabel: article.issue ? issueLabel(article.issue) : '',
    issueYear: article.issue?.year ?? null,
    issueNumber: article.issue?.number ?? null,
    publishedOn: first ? chinaDate(new Date(first)) : '',
  };
}

export function toArticleAdminCard(article: Article & { _id: string }): ArticleAdminCard {
  return {
    ...toArticleCard(article),
    status: article.status,
    statusLabel: ARTICLE_STATUS_LABELS[article.status],
    revision: article.revision,
    updatedOn: chinaDate(new Date(article.updatedAt)),
  };
}
