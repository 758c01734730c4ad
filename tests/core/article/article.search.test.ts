import { searchScore, searchTerms } from '../../../core/article/article.search';

const article = {
  title: '土地承包经营权可以流转吗',
  summary: '讲清楚流转的条件和程序',
  category: '农村土地承包法',
  keywords: ['承包地', '流转合同'],
};

describe('searchTerms', () => {
  it.each([
    ['  土地  流转 ', ['土地', '流转']],
    ['《民法典》，宅基地、继承', ['民法典', '宅基地', '继承']],
    ['ABC abc', ['abc']],
    ['', []],
    ['一 二 三 四 五 六', ['一', '二', '三', '四', '五']],
  ])('%j → %j', (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });

  it('cuts a very long word', () => {
    expect(Array.from(searchTerms('法'.repeat(50))[0])).toHaveLength(20);
  });
});

describe('searchScore', () => {
  it.each([
    ['a title word', ['土地'], 4], // title 3 + category 1
    ['a keyword', ['合同'], 2],
    ['a summary word', ['程序'], 1],
    ['two words, both present', ['流转', '程序'], 3 + 2 + 1 + 1],
    ['two words, one missing', ['流转', '宅基地'], 0],
    ['no words', [], 0],
  ])('scores %s', (_, terms, score) => {
    expect(searchScore(article, terms)).toBe(score);
  });

  it('ranks a title hit above a keyword hit', () => {
    const other = { ...article, title: '合同怎么签', keywords: [] };
    expect(searchScore(other, ['合同'])).toBeGreaterThan(searchScore(article, ['合同']));
  });
});
