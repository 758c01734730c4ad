import { excerpt } from '../../../core/text/excerpt';

describe('excerpt', () => {
  it.each([
    ['短文本', 20, '短文本'],
    ['  村口\n\n道路   坑洼  ', 20, '村口 道路 坑洼'],
    ['一二三四五六七八九十', 4, '一二三四'],
    ['𠀀𠀁𠀂', 2, '𠀀𠀁'],
    ['', 5, ''],
  ])('%j cut at %i → %j', (text, max, expected) => {
    expect(excerpt(text, max)).toBe(expected);
  });
});
