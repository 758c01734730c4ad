/**
 * Rules of the secret ballot: a ballot names every candidate on it and nothing else; the tally counts
 * 赞成 / 反对 / 弃权 per candidate; a candidate passes by the session's pass rule (data, DEFAULT_PASS_RULE).
 */
import { allow, deny, type Decision } from '../result';
import { CHOICES, type Choice, type PassRule } from './congress.types';

/** The ballot has a valid choice for each candidate on it and names no other. */
export function checkBallot(
  choices: Readonly<Record<string, string>>,
  onBallot: readonly string[],
): Decision<Record<string, Choice>> {
  const named = Object.keys(choices);
  if (named.length !== onBallot.length) return deny('BALLOT_INCOMPLETE');
  const out: Record<string, Choice> = {};
  for (const id of onBallot) {
    const c = Object.prototype.hasOwnProperty.call(choices, id) ? choices[id] : undefined;
    if (!c || !(CHOICES as readonly string[]).includes(c)) return deny('BALLOT_INCOMPLETE');
    out[id] = c as Choice;
  }
  return allow(out);
}

/** The choices in one canonical text (sorted by candidate), for comparing two entries of a paper ballot. */
export function canonicalBallot(choices: Readonly<Record<string, Choice>>): string {
  return Object.keys(choices)
    .sort()
    .map((id) => `${id}=${choices[id]}`)
    .join('&');
}

export interface Counts {
  yes: number;
  no: number;
  abstain: number;
}

/** Counts per candidate over the ballots. */
export function tally(
  ballots: readonly { choices: Readonly<Record<string, Choice>> }[],
  onBallot: readonly string[],
): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const id of onBallot) out[id] = { yes: 0, no: 0, abstain: 0 };
  for (const b of ballots)
    for (const id of onBallot) {
      const c = b.choices[id];
      if (c) out[id][c] += 1;
    }
  return out;
}

/** Passes with more than numerator/denominator of the rule's base voting 赞成. */
export function passes(rule: PassRule, counts: Counts, all: number, present: number): boolean {
  const base = rule.base === 'all' ? all : present;
  return counts.yes * rule.denominator > base * rule.numerator;
}

/** The fewest 赞成 that pass. */
export function yesNeeded(rule: PassRule, all: number, present: number): number {
  const base = rule.base === 'all' ? all : present;
  return Math.floor((base * rule.numerator) / rule.denominator) + 1;
}
