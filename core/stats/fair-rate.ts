/**
 * Fair statistics (DOMAIN.md): a per-deputy rate is shown only on a sample large enough to mean
 * something, and "no reply needed" is never a failure (it is left out of the sample altogether).
 * Below the minimum the answer is 'insufficient', not a number, so a page cannot rank or colour it.
 */

export const MIN_SAMPLE = 5;

export type MeasuredRate = { kind: 'rate'; /** 0…1 */ value: number; sample: number };
export type FairRate = MeasuredRate | { kind: 'insufficient'; sample: number; needed: number };

/** successes / (successes + failures), when that sample reaches `MIN_SAMPLE`. */
export function fairRate(successes: number, failures: number): FairRate {
  const sample = successes + failures;
  if (sample < MIN_SAMPLE) return { kind: 'insufficient', sample, needed: MIN_SAMPLE };
  return { kind: 'rate', value: successes / sample, sample };
}

export interface SatisfactionCounts {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** Accepted so a row of disclosure figures can be passed as is; never counted. */
  noReplyNeeded?: number;
}

/** 满意 and 基本满意 succeed, 不满意 fails, "no reply needed" is not in the sample. */
export function satisfactionRate(counts: SatisfactionCounts): FairRate {
  return fairRate(counts.satisfied + counts.basicallySatisfied, counts.dissatisfied);
}

/** '86%', or '样本不足（3/5）' when there is not enough to say. */
export function rateLabel(rate: FairRate): string {
  return rate.kind === 'rate'
    ? `${Math.round(rate.value * 100)}%`
    : `样本不足（${rate.sample}/${rate.needed}）`;
}
