/** Error codes of the article area (code → plain Chinese text). Merged into core/errors/error.codes.ts. */
export const ARTICLE_ERRORS = {
  ARTICLE_NOT_FOUND: '没有找到这篇文章，可能已经下架',
  ARTICLE_NOT_PUBLISHED: '这篇文章还没有发布',
  ARTICLE_ALREADY_PUBLISHED: '这篇文章已经发布了',
  ARTICLE_TITLE_REQUIRED: '请填写文章标题',
  ARTICLE_TOO_LONG: '标题、摘要或正文太长了，请精简后再保存',
  ARTICLE_BODY_REQUIRED: '请填写文章正文',
  ARTICLE_COVER_INVALID: '封面图片未上传成功，请重新选择',
  LAW_CATEGORY_UNKNOWN: '请从列表中选择法律类别',
  LAW_CATEGORIES_INVALID: '法律类别不能为空、不能重复，且每个不超过 12 个字',
} as const;
