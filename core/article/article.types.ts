/**
 * Legal-knowledge articles (法律知识推送) the presidium writes and pushes, numbered by issue per year
 * (seed 000: 10 issues a year). draft → published ⇄ unpublished.
 */

/** The presidium edits the list; these are what a new township starts with. */
export const DEFAULT_LAW_CATEGORIES = [
  '宪法',
  '代表法',
  '选举法',
  '村民委员会组织法',
  '环境保护法',
  '民法典',
  '土地管理法',
  '农村土地承包法',
] as const;

export type ArticleStatus = 'draft' | 'published' | 'unpublished';

export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: '草稿',
  published: '已发布',
  unpublished: '已下架',
};

/** What the author writes. */
export interface ArticleContent {
  title: string;
  summary: string;
  /** One of the township's law categories. */
  category: string;
  /** Where the text comes from (法律条文出处、转载来源). */
  source: string;
  /** Cloud storage file id of the cover image, if any. */
  coverFileId?: string;
  /** Markdown; rendered only through article.render.ts. */
  body: string;
  /** Search words besides the title (关键词), e.g. 土地承包、宅基地. */
  keywords?: string[];
}

/** 第N期 of a year, assigned at first publication and kept for good. */
export interface IssueNumber {
  year: number;
  number: number;
}

/** An earlier text of a published article, kept when it is edited. */
export interface ArticleRevision extends ArticleContent {
  revision: number;
  savedAt: Date;
}

export interface Article extends ArticleContent {
  _id?: string;
  status: ArticleStatus;
  issue?: IssueNumber;
  /** 1 for the text first published; +1 for each edit after that. */
  revision: number;
  /** Earlier revisions, oldest first. */
  history: ArticleRevision[];
  createdAt: Date;
  updatedAt: Date;
  firstPublishedAt?: Date;
  publishedAt?: Date;
  unpublishedAt?: Date;
}
