/**
 * Similar open cases, so a villager can follow one instead of filing the same matter again
 * ("3位村民反映过"), and the presidium can merge duplicates.
 *
 * Similarity is the Jaccard index of character bigrams: Chinese has no spaces, and two characters are
 * the natural unit of most words (路灯, 垃圾, 医保). Text is lower-cased and stripped of spaces and
 * punctuation first. Candidates are already the same station and category, so the threshold is low:
 * a false match costs the villager a glance, a missed one a duplicate case. Measured on short
 * complaints: the same matter in other words scores about 0.15–0.2 ("村口的路灯坏了，晚上走路看不见" /
 * "村口路灯坏了好几天了" = 0.19), unrelated matters about 0 ("…路灯坏了…" / "希望增加村里的垃圾桶").
 */
import { allow, deny, type Decision } from '../result';
import { OPEN_STATUSES, type Opinion } from './opinion.types';

export const SIMILARITY_THRESHOLD = 0.15;
export const SIMILAR_SHOWN = 3;

export function bigrams(text: string): Set<string> {
  const chars = Array.from(text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
  if (chars.length < 2) return new Set(chars);
  return new Set(chars.slice(1).map((c, i) => chars[i] + c));
}

/** 0 (nothing shared) … 1 (same bigrams). */
export function similarity(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (A.size === 0 || B.size === 0) return 0;
  let shared = 0;
  for (const x of A) if (B.has(x)) shared++;
  return shared / (A.size + B.size - shared);
}

export interface SimilarCase {
  opinionId: string;
  score: number;
  /** Villagers who raised it: the one who filed it and those who follow it. */
  reporters: number;
  /**
   * The case's text, only when its villager agreed to publication; otherwise null: another villager's
   * words are not shown to a stranger without consent.
   */
  excerpt: string | null;
}

export const EXCERPT_MAX = 60;

type Candidate = Pick<
  Opinion,
  | '_id'
  | 'stationCode'
  | 'categoryCode'
  | 'status'
  | 'text'
  | 'followers'
  | 'consentToPublish'
  | 'villagerOpenid'
>;

/** The most similar open cases at the same station and category, best first, and how many there are in all. */
export function findSimilar(
  draft: { stationCode: string; categoryCode: string; text: string; villagerOpenid?: string },
  candidates: readonly Candidate[],
  limit = SIMILAR_SHOWN,
): { matches: SimilarCase[]; total: number } {
  const scored = candidates
    .filter(
      (c) =>
        c.stationCode === draft.stationCode &&
        c.categoryCode === draft.categoryCode &&
        OPEN_STATUSES.includes(c.status) &&
        !(draft.villagerOpenid && c.villagerOpenid === draft.villagerOpenid),
    )
    .map((c) => ({ c, score: similarity(draft.text, c.text) }))
    .filter(({ score }) => score >= SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score || (a.c._id < b.c._id ? -1 : 1));
  return {
    matches: scored.slice(0, limit).map(({ c, score }) => ({
      opinionId: c._id,
      score,
      reporters: 1 + c.followers.length,
      excerpt: c.consentToPublish ? Array.from(c.text).slice(0, EXCERPT_MAX).join('') : null,
    })),
    total: scored.length,
  };
}

/** '3位村民反映过' */
export function reportersLabel(reporters: number): string {
  return `${reporters}位村民反映过`;
}

/** A villager follows a case: they hear of its progress and count among those who raised it. */
export function follow(
  opinion: Pick<Opinion, 'status' | 'followers' | 'villagerOpenid'>,
  openid: string,
): Decision<string[]> {
  if (opinion.status === 'closed' || opinion.status === 'merged') return deny('OPINION_CLOSED');
  if (opinion.status === 'review') return deny('CONTENT_UNDER_REVIEW');
  if (openid === opinion.villagerOpenid || opinion.followers.includes(openid))
    return deny('ALREADY_FOLLOWING');
  return allow([...opinion.followers, openid]);
}

/** On a merge the target case gains the merged case's villager and followers (each once). */
export function followersAfterMerge(
  merged: Pick<Opinion, 'followers' | 'villagerOpenid'>,
  target: Pick<Opinion, 'followers' | 'villagerOpenid'>,
): string[] {
  const incoming = [merged.villagerOpenid, ...merged.followers].filter((o): o is string => Boolean(o));
  return [...new Set([...target.followers, ...incoming])].filter((o) => o !== target.villagerOpenid);
}
