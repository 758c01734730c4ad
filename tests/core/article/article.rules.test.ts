import {
  BODY_MAX_CHARS,
  KEYWORD_MAX_CHARS,
  KEYWORDS_MAX,
  checkPublicView,
  createArticle,
  editArticle,
  issueLabel,
  issueYearOf,
  nextIssueNumber,
  publishArticle,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
  unpublishArticle,
  validateArticleContent,
  validateCategoryList,
} from '../../../core/article/article.rules';
import {
  DEFAULT_LAW_CATEGORIES,
  type Article,
  type ArticleContent,
} from '../../../core/article/article.types';
import type { Decision } from '../../../core/result';

const CATEGORIES = [...DEFAULT_LAW_CATEGORIES];
const T0 = new Date('2025-03-01T02:00:00Z');
const T1 = new Date('2025-03-05T02:00:00Z');
const T2 = new Date('2025-04-01T02:00:00Z');
const T3 = new Date('2025-05-01T02:00:00Z');

const content = (over: Partial<ArticleContent> = {}): ArticleContent => ({
  title: '代表法第四条：代表应当履行的义务',
  summary: '代表要与原选区选民保持密切联系',
  category: '代表法',
  source: '《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》',
  body: '## 第四条\n\n代表应当履行下列义务……',
  ...over,
});

function value<T>(decision: Decision<T>): T {
  if (!decision.ok) throw new Error(`expected ok, got ${decision.reason}`);
  return decision.value;
}

const draft = () => value(createArticle(content(), CATEGORIES, T0));
const published = (numbers: number[] = []) => value(publishArticle(draft(), numbers, T1));

describe('content', () => {
  it.each([
    ['a blank title', { title: '  ' }, 'ARTICLE_TITLE_REQUIRED'],
    ['a blank body', { body: '\n\n' }, 'ARTICLE_BODY_REQUIRED'],
    ['a title over the cap', { title: '法'.repeat(TITLE_MAX_CHARS + 1) }, 'ARTICLE_TOO_LONG'],
    ['a summary over the cap', { summary: '法'.repeat(SUMMARY_MAX_CHARS + 1) }, 'ARTICLE_TOO_LONG'],
    ['a body over the cap', { body: '法'.repeat(BODY_MAX_CHARS + 1) }, 'ARTICLE_TOO_LONG'],
    ['a category not in the list', { category: '刑法' }, 'LAW_CATEGORY_UNKNOWN'],
    ['a cover not in cloud storage', { coverFileId: 'https://x.cn/a.png' }, 'ARTICLE_COVER_INVALID'],
  ])('refuses %s', (_, over, reason) => {
    expect(validateArticleContent(content(over), CATEGORIES)).toEqual({ ok: false, reason });
  });

  it('trims text and drops a blank cover', () => {
    expect(validateArticleContent(content({ title: ' 标题 ', coverFileId: ' ' }), CATEGORIES)).toEqual({
      ok: true,
      value: content({ title: '标题' }),
    });
  });

  it('accepts a category the presidium added', () => {
    expect(
      validateArticleContent(content({ category: '信访工作条例' }), [...CATEGORIES, '信访工作条例']).ok,
    ).toBe(true);
  });
});

describe('the category list', () => {
  it('starts with the eight default laws', () => {
    expect(CATEGORIES).toEqual([
      '宪法',
      '代表法',
      '选举法',
      '村民委员会组织法',
      '环境保护法',
      '民法典',
      '土地管理法',
      '农村土地承包法',
    ]);
  });

  it('accepts an edited list, trimmed', () => {
    expect(validateCategoryList([' 宪法 ', '信访工作条例'])).toEqual({
      ok: true,
      value: ['宪法', '信访工作条例'],
    });
  });

  it.each([
    ['an empty list', []],
    ['a blank entry', ['宪法', ' ']],
    ['a repeated entry', ['宪法', ' 宪法']],
    ['an entry over 12 characters', ['中华人民共和国村民委员会组织法']],
  ])('refuses %s', (_, list) => {
    expect(validateCategoryList(list)).toEqual({ ok: false, reason: 'LAW_CATEGORIES_INVALID' });
  });
});

describe('issue numbers', () => {
  it.each([
    [[], 1],
    [[1, 2, 3], 4],
    [[3, 1], 4],
    [[1, 2, 5], 6],
  ])('after %j comes %i', (numbers, next) => {
    expect(nextIssueNumber(numbers)).toBe(next);
  });

  it('labels an issue 第N期 of its year', () => {
    expect(issueLabel({ year: 2025, number: 10 })).toBe('2025年第10期');
  });

  it('counts the year in China time: 31 Dec 16:30 UTC is already the new year', () => {
    expect(issueYearOf(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
    expect(issueYearOf(new Date('2025-12-31T15:59:00Z'))).toBe(2025);
  });
});

describe('publishing', () => {
  it('a new article is a draft, revision 1, not visible to villagers', () => {
    expect(draft()).toEqual({
      ...content(),
      status: 'draft',
      revision: 1,
      history: [],
      createdAt: T0,
      updatedAt: T0,
    });
    expect(checkPublicView(draft())).toEqual({ ok: false, reason: 'ARTICLE_NOT_FOUND' });
  });

  it('the first publication takes the next number of the year', () => {
    const article = published([1, 2]);
    expect(article).toMatchObject({
      status: 'published',
      issue: { year: 2025, number: 3 },
      publishedAt: T1,
      firstPublishedAt: T1,
    });
    expect(checkPublicView(article)).toEqual({ ok: true, value: article });
  });

  it('re-publishing after unpublishing keeps the number, whatever was published since', () => {
    const down = value(unpublishArticle(published([1, 2]), T2));
    expect(down).toMatchObject({ status: 'unpublished', unpublishedAt: T2 });
    expect(checkPublicView(down)).toEqual({ ok: false, reason: 'ARTICLE_NOT_FOUND' });
    const upAgain = value(publishArticle(down, [1, 2, 3, 4, 5], T3));
    expect(upAgain).toMatchObject({
      status: 'published',
      issue: { year: 2025, number: 3 },
      publishedAt: T3,
      firstPublishedAt: T1,
    });
  });

  it.each([
    ['publishing twice', () => publishArticle(published(), [1], T2), 'ARTICLE_ALREADY_PUBLISHED'],
    ['unpublishing a draft', () => unpublishArticle(draft(), T2), 'ARTICLE_NOT_PUBLISHED'],
    ['viewing nothing', () => checkPublicView(null), 'ARTICLE_NOT_FOUND'],
  ])('refuses %s', (_, act, reason) => {
    expect(act()).toEqual({ ok: false, reason });
  });
});

describe('editing', () => {
  it('edits a draft in place', () => {
    const edited = value(editArticle(draft(), content({ title: '新标题' }), CATEGORIES, T1));
    expect(edited).toEqual({ ...draft(), title: '新标题', updatedAt: T1 });
  });

  it('editing a published article makes revision 2 and keeps revision 1', () => {
    const before = published();
    const edited = value(
      editArticle(before, content({ body: '更正后的正文', coverFileId: 'cloud://e/c.png' }), CATEGORIES, T2),
    );
    expect(edited).toMatchObject({
      status: 'published',
      revision: 2,
      body: '更正后的正文',
      coverFileId: 'cloud://e/c.png',
      updatedAt: T2,
      issue: before.issue,
    });
    expect(edited.history).toEqual([{ ...content(), revision: 1, savedAt: T1 }]);
  });

  it('a later edit adds revision 3 and keeps both earlier ones, oldest first', () => {
    const r2 = value(editArticle(published(), content({ body: '二' }), CATEGORIES, T2));
    const r3 = value(editArticle(r2, content({ body: '三' }), CATEGORIES, T3));
    expect(r3.revision).toBe(3);
    expect(r3.history.map((h) => [h.revision, h.body])).toEqual([
      [1, content().body],
      [2, '二'],
    ]);
  });

  it('an unpublished article was public once, so an edit is a revision too', () => {
    const down: Article = value(unpublishArticle(published(), T2));
    expect(value(editArticle(down, content({ title: '改' }), CATEGORIES, T3)).revision).toBe(2);
  });

  it('saving the same text again makes no revision; removing the cover does', () => {
    const withCover = value(
      editArticle(draft(), content({ coverFileId: 'cloud://e/c.png' }), CATEGORIES, T0),
    );
    const live = value(publishArticle(withCover, [], T1));
    expect(
      value(editArticle(live, content({ coverFileId: 'cloud://e/c.png' }), CATEGORIES, T2)).revision,
    ).toBe(1);
    const noCover = value(editArticle(live, content(), CATEGORIES, T2));
    expect(noCover.revision).toBe(2);
    expect(noCover.coverFileId).toBeUndefined();
    expect(noCover.history[0].coverFileId).toBe('cloud://e/c.png');
  });

  it('an edit is validated like new content', () => {
    expect(editArticle(published(), content({ category: '未知' }), CATEGORIES, T2)).toEqual({
      ok: false,
      reason: 'LAW_CATEGORY_UNKNOWN',
    });
  });
});

describe('keywords', () => {
  it('are trimmed, blank ones dropped and repeats removed', () => {
    const valid = validateArticleContent(content({ keywords: [' 选民 ', '', '选民', '代表'] }), CATEGORIES);
    expect(valid).toEqual({ ok: true, value: content({ keywords: ['选民', '代表'] }) });
  });

  it.each([
    ['too many', Array.from({ length: KEYWORDS_MAX + 1 }, (_, i) => `词${i}`)],
    ['one too long', ['法'.repeat(KEYWORD_MAX_CHARS + 1)]],
  ])('are refused when %s', (_, keywords) => {
    expect(validateArticleContent(content({ keywords }), CATEGORIES)).toEqual({
      ok: false,
      reason: 'ARTICLE_KEYWORDS_INVALID',
    });
  });

  it('changing them on a published article is a revision that keeps the old ones', () => {
    const live = value(
      publishArticle(value(createArticle(content({ keywords: ['甲'] }), CATEGORIES, T0)), [], T1),
    );
    const same = value(editArticle(live, content({ keywords: ['甲'] }), CATEGORIES, T2));
    expect(same.revision).toBe(1);
    const edited = value(editArticle(live, content({ keywords: ['乙'] }), CATEGORIES, T2));
    expect(edited).toMatchObject({ revision: 2, keywords: ['乙'] });
    expect(edited.history[0].keywords).toEqual(['甲']);
    const cleared = value(editArticle(live, content(), CATEGORIES, T2));
    expect(cleared.keywords).toBeUndefined();
  });
});
