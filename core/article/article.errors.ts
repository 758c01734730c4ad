/** Error codes of the article area (code → plain Chinese text). Merged into core/errors/error.codes.ts. */
export const ARTICLE_ERRORS = {} as const;
