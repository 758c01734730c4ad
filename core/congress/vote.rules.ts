/**
 * Rules of the secret ballot: a ballot names every candidate on it and nothing else; the ballot box
 * has more slots than the session has deputies; the tally counts 赞成 / 反对 / 弃权 per candidate; a
 * candidate passes by the session's pass rule (data, DEFAULT_PASS_RULE), which the presidium may set
 * before the vote opens and which reads in plain Chinese.
 */
import { allow, deny, type Decision } from '../result';
import {
  CHOICES,
  PASS_BASES,
  PASS_BASE_LABELS,
  PASS_DENOMINATOR_MAX,
  type Choice,
  type PassRule,
} from './congress.types';

/**
 * Slots drawn per deputy of the session when the vote opens. More slots than voters keeps deputies
 * casting at the same moment from picking the same empty slot (each collision is a retry).
 */
export const BALLOT_SLOTS_PER_DEPUTY = 2;

/** The number of slots in a session's ballot box. */
export function ballotSlotCount(deputies: number): number {
  return Math.max(1, deputies) * BALLOT_SLOTS_PER_DEPUTY;
}

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

/**
 * A pass rule the presidium may set: a base of all or present deputies, and a fraction of at least one
 * half (a project never passes with less than a majority of its base) and below one, in small whole
 * numbers (denominator at most PASS_DENOMINATOR_MAX).
 */
export function checkPassRule(rule: Readonly<PassRule>): Decision<PassRule> {
  const { base, numerator: n, denominator: d } = rule;
  const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x);
  if (!(PASS_BASES as readonly string[]).includes(base)) return deny('PASS_RULE_INVALID');
  if (!whole(n) || !whole(d) || n < 1 || d > PASS_DENOMINATOR_MAX || n >= d || n * 2 < d)
    return deny('PASS_RULE_INVALID');
  return allow({ base, numerator: n, denominator: d });
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * The rule in plain Chinese: 获得全体代表过半数赞成票通过 (1/2), 获得超过到会代表三分之二的赞成票通过.
 * The rule is "more than", so a fraction other than one half reads 超过…的, never 以上 (which includes it).
 */
export function passRuleLabel(rule: Readonly<PassRule>): string {
  const base = PASS_BASE_LABELS[rule.base];
  if (rule.numerator * 2 === rule.denominator) return `获得${base}过半数赞成票通过`;
  const d = CN_DIGITS[rule.denominator] ?? String(rule.denominator);
  const n = CN_DIGITS[rule.numerator] ?? String(rule.numerator);
  return `获得超过${base}${d}分之${n}的赞成票通过`;
}
