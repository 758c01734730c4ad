import {
  articleMessageFields,
  articleMessageKey,
  articleRef,
  consumesSubscription,
  contentCheckChunks,
  issueClaimId,
  issueCounterId,
  readIdOf,
  subscriptionModeFrom,
  worstVerdict,
} from '../../../core/article/article.push';
import { fitField } from '../../../core/notify/message.fields';

describe('subscriptions', () => {
  it.each([
    [undefined, 'oneTime', true],
    ['', 'oneTime', true],
    ['oneTime', 'oneTime', true],
    ['longterm', 'oneTime', true],
    ['longTerm', 'longTerm', false],
  ])('setting %j means %s (record consumed: %s)', (setting, mode, consumed) => {
    expect(subscriptionModeFrom(setting)).toBe(mode);
    expect(consumesSubscription(subscriptionModeFrom(setting))).toBe(consumed);
  });
});

describe('deterministic ids', () => {
  it.each([
    [articleRef('a1'), 'article:a1'],
    [articleMessageKey('a1', 'o-1'), 'article:a1:o-1'],
    [articleMessageKey('a1', 'o-1', 'qingshan'), 'article:a1:qingshan:o-1'],
    [readIdOf('a1', 'o-1'), 'read:a1:o-1'],
    [issueClaimId({ year: 2026, number: 3 }), 'issue:2026:3'],
    [issueCounterId(2026), 'counter:2026'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('the articlePublished message', () => {
  it('carries title, category with the issue, and the China date', () => {
    const fields = articleMessageFields(
      { title: '土地承包经营权可以流转吗', category: '农村土地承包法', issue: { year: 2026, number: 10 } },
      new Date('2026-12-31T16:30:00Z'),
    );
    expect(fields).toEqual({
      thing1: '土地承包经营权可以流转吗',
      thing2: '农村土地承包法 2026年第10期',
      date3: '2027年1月1日',
    });
    expect(fitField('date', fields.date3)).toBe(fields.date3);
    expect(fitField('thing', fields.thing2)).toBe(fields.thing2);
  });
});

describe('content check pieces', () => {
  it('sends nothing for blank text and one piece for short text', () => {
    expect(contentCheckChunks('  ')).toEqual([]);
    expect(contentCheckChunks('宪法')).toEqual(['宪法']);
  });

  it('cuts long text into overlapping pieces that cover every character', () => {
    const text = Array.from({ length: 60 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
    const pieces = contentCheckChunks(text, 25, 5);
    expect(pieces.every((p) => Array.from(p).length <= 25)).toBe(true);
    expect(pieces).toHaveLength(3);
    // a word across a boundary is whole in one piece
    const word = text.slice(23, 27);
    expect(pieces.some((p) => p.includes(word))).toBe(true);
    expect(pieces[pieces.length - 1].endsWith(text.slice(-3))).toBe(true);
  });

  it.each([
    [['pass', 'pass'], 'pass'],
    [['pass', 'review'], 'review'],
    [['review', 'risky', 'pass'], 'risky'],
    [[], 'pass'],
  ] as const)('the worst of %j is %s', (verdicts, worst) => {
    expect(worstVerdict(verdicts)).toBe(worst);
  });
});
