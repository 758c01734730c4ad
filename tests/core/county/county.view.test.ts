import {
  TOWNSHIP_COUNT_KEYS,
  countyOverview,
  resolutionRate,
  zeroCounts,
  type TownshipCounts,
} from '../../../core/county/county.view';
import { MIN_SAMPLE } from '../../../core/stats/fair-rate';

const counts = (over: Partial<TownshipCounts>): TownshipCounts => ({ ...zeroCounts(), ...over });

describe('办结率 (resolutionRate)', () => {
  it('is insufficient below the fair minimum sample of cases received', () => {
    expect(resolutionRate(MIN_SAMPLE - 1, MIN_SAMPLE - 1)).toEqual({
      kind: 'insufficient',
      sample: MIN_SAMPLE - 1,
      needed: MIN_SAMPLE,
    });
  });

  it('is resolved / received from the minimum on, even past 100% in a year that cleared old cases', () => {
    expect(resolutionRate(8, 6)).toEqual({ kind: 'rate', value: 0.75, sample: 8 });
    expect(resolutionRate(5, 6)).toEqual({ kind: 'rate', value: 1.2, sample: 5 });
  });
});

describe('countyOverview', () => {
  const a = counts({
    stations: 3,
    deputies: 8,
    openCases: 4,
    receivedThisYear: 3,
    resolvedThisYear: 1,
    satisfied: 1,
  });
  const b = counts({
    stations: 2,
    deputies: 5,
    openCases: 1,
    receivedThisYear: 4,
    resolvedThisYear: 3,
    dissatisfied: 2,
    satisfied: 2,
    basicallySatisfied: 1,
  });
  const o = countyOverview(2026, '2026-06-10', [
    { id: 'jingu', name: '金鼓乡', counts: a },
    { id: 'qingshan', name: '青山镇', counts: b },
  ]);

  it('sums every count of the townships into the county row', () => {
    for (const k of TOWNSHIP_COUNT_KEYS) expect(o.total[k]).toBe(a[k] + b[k]);
    expect(o.total).toMatchObject({ id: 'total', name: '全县合计' });
  });

  it('computes the county rates from the summed counts, not from the townships’ rates', () => {
    // Neither township reaches the sample alone; together they do.
    expect(o.townships.map((t) => t.resolutionRate.kind)).toEqual(['insufficient', 'insufficient']);
    expect(o.total.resolutionRate).toEqual({ kind: 'rate', value: 4 / 7, sample: 7 });
    expect(o.total.resolutionLabel).toBe('57%');
    expect(o.total.satisfactionRate).toEqual({ kind: 'rate', value: 4 / 6, sample: 6 });
    expect(o.townships[0].satisfactionLabel).toBe('样本不足（1/5）');
  });
});
