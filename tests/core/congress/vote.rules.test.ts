import { DEFAULT_PASS_RULE } from '../../../core/congress/congress.types';
import {
  ballotSlotCount,
  canonicalBallot,
  checkBallot,
  checkPassRule,
  passes,
  passRuleLabel,
  tally,
  yesNeeded,
} from '../../../core/congress/vote.rules';

const ON = ['a', 'b'];

describe('a ballot names every candidate on it, once, and no other', () => {
  it('takes a complete ballot', () => {
    expect(checkBallot({ a: 'yes', b: 'abstain' }, ON)).toEqual({
      ok: true,
      value: { a: 'yes', b: 'abstain' },
    });
  });
  it.each([
    [{ a: 'yes' }],
    [{ a: 'yes', b: 'no', c: 'yes' }],
    [{ a: 'yes', c: 'no' }],
    [{ a: 'yes', b: 'maybe' }],
    [{}],
  ])('refuses %j with BALLOT_INCOMPLETE', (choices) => {
    expect(checkBallot(choices as Record<string, string>, ON)).toEqual({
      ok: false,
      reason: 'BALLOT_INCOMPLETE',
    });
  });
  it('refuses an inherited key', () => {
    const sneaky = Object.create({ b: 'yes' }) as Record<string, string>;
    sneaky.a = 'yes';
    sneaky.x = 'no';
    expect(checkBallot(sneaky, ON).ok).toBe(false);
  });
});

describe('the tally and the pass rule', () => {
  const ballots = [
    { choices: { a: 'yes', b: 'no' } as const },
    { choices: { a: 'yes', b: 'abstain' } as const },
    { choices: { a: 'no', b: 'yes' } as const },
  ];
  it('counts per candidate', () => {
    expect(tally(ballots, ON)).toEqual({
      a: { yes: 2, no: 1, abstain: 0 },
      b: { yes: 1, no: 1, abstain: 1 },
    });
  });
  it('passes with more than half of all deputies by default', () => {
    expect(passes(DEFAULT_PASS_RULE, { yes: 6, no: 0, abstain: 0 }, 12, 12)).toBe(false);
    expect(passes(DEFAULT_PASS_RULE, { yes: 7, no: 0, abstain: 0 }, 12, 9)).toBe(true);
    expect(yesNeeded(DEFAULT_PASS_RULE, 12, 9)).toBe(7);
    expect(yesNeeded(DEFAULT_PASS_RULE, 4, 4)).toBe(3);
  });
  it('reads the rule as data: two thirds of those present', () => {
    const rule = { base: 'present' as const, numerator: 2, denominator: 3 };
    expect(passes(rule, { yes: 6, no: 3, abstain: 0 }, 12, 9)).toBe(false);
    expect(passes(rule, { yes: 7, no: 2, abstain: 0 }, 12, 9)).toBe(true);
    expect(yesNeeded(rule, 12, 9)).toBe(7);
  });
  it('compares two entries of a paper ballot whatever their key order', () => {
    expect(canonicalBallot({ b: 'no', a: 'yes' })).toBe(canonicalBallot({ a: 'yes', b: 'no' }));
    expect(canonicalBallot({ a: 'yes', b: 'no' })).not.toBe(canonicalBallot({ a: 'no', b: 'yes' }));
  });
});

describe('the pass rule the presidium may set', () => {
  it.each([
    [{ base: 'all', numerator: 1, denominator: 2 }],
    [{ base: 'present', numerator: 2, denominator: 3 }],
    [{ base: 'all', numerator: 9, denominator: 10 }],
    [{ base: 'present', numerator: 3, denominator: 5 }],
  ] as const)('takes %j', (rule) => {
    expect(checkPassRule(rule)).toEqual({ ok: true, value: rule });
  });
  it.each([
    ['a fraction of one', { base: 'all', numerator: 2, denominator: 2 }],
    ['more than one', { base: 'all', numerator: 3, denominator: 2 }],
    ['less than half', { base: 'present', numerator: 1, denominator: 3 }],
    ['a zero numerator', { base: 'all', numerator: 0, denominator: 2 }],
    ['a denominator above ten', { base: 'all', numerator: 6, denominator: 11 }],
    ['a fraction of a vote', { base: 'all', numerator: 1.5, denominator: 3 }],
    ['an unknown base', { base: 'half', numerator: 1, denominator: 2 }],
  ])('refuses %s with PASS_RULE_INVALID', (_what, rule) => {
    expect(checkPassRule(rule as never)).toEqual({ ok: false, reason: 'PASS_RULE_INVALID' });
  });
  it.each([
    [{ base: 'all', numerator: 1, denominator: 2 }, '获得全体代表过半数赞成票通过'],
    [{ base: 'present', numerator: 1, denominator: 2 }, '获得到会代表过半数赞成票通过'],
    [{ base: 'all', numerator: 2, denominator: 4 }, '获得全体代表过半数赞成票通过'],
    [{ base: 'present', numerator: 2, denominator: 3 }, '获得超过到会代表三分之二的赞成票通过'],
    [{ base: 'all', numerator: 9, denominator: 10 }, '获得超过全体代表十分之九的赞成票通过'],
  ] as const)('reads %j as %s', (rule, text) => {
    expect(passRuleLabel(rule)).toBe(text);
  });
});

describe('the ballot box', () => {
  it('has more slots than the session has deputies (two each), and one at least', () => {
    expect(ballotSlotCount(12)).toBe(24);
    expect(ballotSlotCount(150)).toBe(300);
    expect(ballotSlotCount(0)).toBe(2);
  });
});
