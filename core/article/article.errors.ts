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
  ARTICLE_KEYWORDS_INVALID: '关键词最多 8 个，每个不超过 12 个字',
  ARTICLE_CONTENT_REVIEW: '文章中有需要人工核对的文字，请核对无误后勾选“已核对”再发布',
  ARTICLE_CONTENT_CHECK_UNAVAILABLE: '内容安全检查暂时不可用，请稍后再发布',
  RELATED_LAW_INVALID: '意见类别对应的法律类别必须在法律类别列表中',
} as const;
