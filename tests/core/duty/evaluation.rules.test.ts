import type { Evaluation, EvaluationRating, Satisfaction } from '../../../core/duty/duty.types';
import { checkEligible, isOpen, rate, tally, type Voter } from '../../../core/duty/evaluation.rules';

const OPENS = new Date('2025-11-20T01:00:00Z');
const CLOSES = new Date('2025-11-30T16:00:00Z');
const DURING = new Date('2025-11-25T03:00:00Z');

const evaluation: Evaluation & { _id: string } = {
  _id: 'e1',
  deputyId: 'd1',
  stationCode: 'JG01',
  year: 2025,
  villageCodes: ['CS', 'YY'],
  opensAt: OPENS,
  closesAt: CLOSES,
};

const resident: Voter = { id: 'u1', villageCode: 'CS', checkedIn: false };

describe('who may rate', () => {
  it.each([
    ["a resident of one of the deputy's villages", resident],
    ['a person checked in at the meeting from elsewhere', { id: 'u2', villageCode: 'LH', checkedIn: true }],
    ['a person checked in with no village', { id: 'u3', checkedIn: true }],
  ])('admits %s', (_, voter: Voter) => {
    expect(checkEligible(evaluation, voter)).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['a resident of another village who did not attend', { id: 'u5', villageCode: 'LH', checkedIn: false }],
    ['a person with no village who did not attend', { id: 'u6', checkedIn: false }],
    [
      'the deputy rating their own report-back',
      { id: 'u7', villageCode: 'CS', checkedIn: true, deputyId: 'd1' },
    ],
  ])('refuses %s', (_, voter: Voter) => {
    expect(checkEligible(evaluation, voter)).toEqual({ ok: false, reason: 'NOT_ELIGIBLE_TO_RATE' });
  });

  it.each([
    [
      'another deputy living in the village',
      { id: 'u4', villageCode: 'YY', checkedIn: false, deputyId: 'd2' },
    ],
    ['another deputy checked in at the meeting', { id: 'u8', checkedIn: true, deputyId: 'd3' }],
  ])('refuses a colleague: %s', (_, voter: Voter) => {
    expect(checkEligible(evaluation, voter)).toEqual({ ok: false, reason: 'DEPUTY_CANNOT_RATE' });
  });
});

describe('rate', () => {
  it('makes the rating out to the caller, for this evaluation', () => {
    expect(rate(evaluation, resident, 'basicallySatisfied', false, DURING)).toEqual({
      ok: true,
      value: { evaluationId: 'e1', voterId: 'u1', rating: 'basicallySatisfied', at: DURING },
    });
  });

  it.each([
    ['a second rating by the same person', resident, 'satisfied', true, DURING, 'ALREADY_RATED'],
    [
      'an ineligible person',
      { id: 'u5', villageCode: 'LH', checkedIn: false },
      'satisfied',
      false,
      DURING,
      'NOT_ELIGIBLE_TO_RATE',
    ],
    [
      'a rating before it opens',
      resident,
      'satisfied',
      false,
      new Date(OPENS.getTime() - 1),
      'EVALUATION_NOT_OPEN',
    ],
    ['a rating at the closing instant', resident, 'satisfied', false, CLOSES, 'EVALUATION_CLOSED'],
    [
      'a change after close',
      resident,
      'dissatisfied',
      true,
      new Date('2025-12-01T00:00:00Z'),
      'EVALUATION_CLOSED',
    ],
    ['an unknown level', resident, 'great' as Satisfaction, false, DURING, 'BAD_INPUT'],
  ])('refuses %s', (_, voter, level, already, now, reason) => {
    expect(rate(evaluation, voter as Voter, level as Satisfaction, already as boolean, now as Date)).toEqual({
      ok: false,
      reason,
    });
  });

  it('refuses everything once the presidium closed it early', () => {
    const closedEarly = { ...evaluation, closedAt: DURING };
    expect(isOpen(closedEarly, new Date(DURING.getTime() - 1))).toBe(true);
    expect(rate(closedEarly, resident, 'satisfied', false, DURING)).toEqual({
      ok: false,
      reason: 'EVALUATION_CLOSED',
    });
  });
});

describe('tally', () => {
  const rating = (voterId: string, level: Satisfaction, minute: number): EvaluationRating => ({
    evaluationId: 'e1',
    voterId,
    rating: level,
    at: new Date(DURING.getTime() + minute * 60_000),
  });

  it('counts each level and the number of people who rated', () => {
    const ratings = [
      rating('u1', 'satisfied', 1),
      rating('u2', 'satisfied', 2),
      rating('u3', 'basicallySatisfied', 3),
      rating('u4', 'dissatisfied', 4),
    ];
    expect(tally(ratings)).toEqual({ satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, ratings: 4 });
  });

  it('counts one rating per person, the first, even if the store held two', () => {
    expect(tally([rating('u1', 'dissatisfied', 5), rating('u1', 'satisfied', 1)])).toEqual({
      satisfied: 1,
      basicallySatisfied: 0,
      dissatisfied: 0,
      ratings: 1,
    });
  });

  it('is all zeros with no ratings', () => {
    expect(tally([])).toEqual({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, ratings: 0 });
  });
});
