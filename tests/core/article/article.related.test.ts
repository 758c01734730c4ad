import {
  DEFAULT_RELATED_LAW,
  pruneRelatedTable,
  relatedLawCategories,
  validateRelatedTable,
} from '../../../core/article/article.related';
import { DEFAULT_LAW_CATEGORIES } from '../../../core/article/article.types';

const LAWS = [...DEFAULT_LAW_CATEGORIES];

describe('related law for an opinion category', () => {
  it.each([
    ['agriculture', ['农村土地承包法', '土地管理法']],
    ['environment', ['环境保护法']],
    ['dispute', ['民法典', '村民委员会组织法']],
    ['unknown', []],
    ['__proto__', []],
  ])('%s → %j', (code, laws) => {
    expect(relatedLawCategories(code, DEFAULT_RELATED_LAW, LAWS)).toEqual(laws);
  });

  it('every default row names only default law categories', () => {
    for (const list of Object.values(DEFAULT_RELATED_LAW))
      for (const law of list) expect(LAWS).toContain(law);
  });

  it('drops a law category the presidium removed from the list', () => {
    expect(relatedLawCategories('agriculture', DEFAULT_RELATED_LAW, ['土地管理法'])).toEqual(['土地管理法']);
    expect(pruneRelatedTable({ a: ['宪法', '刑法'] }, LAWS)).toEqual({ a: ['宪法'] });
  });
});

describe('an edited table', () => {
  it('is accepted when every law is listed, trimmed', () => {
    expect(validateRelatedTable({ road: [' 民法典'] }, LAWS)).toEqual({
      ok: true,
      value: { road: ['民法典'] },
    });
  });

  it.each([
    ['an unknown law', { road: ['刑法'] }],
    ['a repeated law', { road: ['宪法', '宪法'] }],
    ['a bad category code', { 'road!': ['宪法'] }],
    ['too many laws', { road: LAWS.slice(0, 6) }],
  ])('is refused with %s', (_, table) => {
    expect(validateRelatedTable(table, LAWS)).toEqual({ ok: false, reason: 'RELATED_LAW_INVALID' });
  });
});
