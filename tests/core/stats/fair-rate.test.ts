import { fairRate, MIN_SAMPLE, rateLabel, satisfactionRate } from '../../../core/stats/fair-rate';

describe('fairRate', () => {
  it.each([
    [0, 0, { kind: 'insufficient', sample: 0, needed: MIN_SAMPLE }],
    [4, 0, { kind: 'insufficient', sample: 4, needed: MIN_SAMPLE }],
    [3, 1, { kind: 'insufficient', sample: 4, needed: MIN_SAMPLE }],
    [5, 0, { kind: 'rate', value: 1, sample: 5 }],
    [0, 5, { kind: 'rate', value: 0, sample: 5 }],
    [3, 2, { kind: 'rate', value: 0.6, sample: 5 }],
  ])('%i successes, %i failures → %j', (successes, failures, expected) => {
    expect(fairRate(successes, failures)).toEqual(expected);
  });

  it('the minimum sample is 5', () => {
    expect(MIN_SAMPLE).toBe(5);
  });
});

describe('satisfactionRate', () => {
  it('counts 满意 and 基本满意 as satisfied, 不满意 as not', () => {
    expect(satisfactionRate({ satisfied: 3, basicallySatisfied: 1, dissatisfied: 1 })).toEqual({
      kind: 'rate',
      value: 0.8,
      sample: 5,
    });
  });

  it('leaves "no reply needed" out of the sample: neither a failure nor enough to make a rate', () => {
    expect(
      satisfactionRate({ satisfied: 4, basicallySatisfied: 0, dissatisfied: 0, noReplyNeeded: 10 }),
    ).toEqual({
      kind: 'insufficient',
      sample: 4,
      needed: MIN_SAMPLE,
    });
    expect(
      satisfactionRate({ satisfied: 5, basicallySatisfied: 0, dissatisfied: 0, noReplyNeeded: 10 }),
    ).toEqual({
      kind: 'rate',
      value: 1,
      sample: 5,
    });
  });
});

describe('rateLabel', () => {
  it('shows a percentage, or says the sample is too small', () => {
    expect(rateLabel(fairRate(5, 1))).toBe('83%');
    expect(rateLabel(fairRate(2, 1))).toBe('样本不足（3/5）');
  });
});
