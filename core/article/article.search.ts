/**
 * Searching articles by title and keywords (and summary and category). A township publishes about ten
 * issues a year, so the server matches in memory over the published articles' short fields; the body is
 * not searched (a villager looks for a topic, not a sentence).
 */
export const SEARCH_MAX_TERMS = 5;
export const SEARCH_TERM_MAX_CHARS = 20;

export interface Searchable {
  title: string;
  summary: string;
  category: string;
  keywords?: string[];
}

/** The words of a query: split on spaces and punctuation, lower-cased, deduplicated, a few at most. */
export function searchTerms(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[\s,，、;；。.!！?？:："'“”‘’()（）《》<>[\]【】]+/u)
    .map((w) => Array.from(w).slice(0, SEARCH_TERM_MAX_CHARS).join(''))
    .filter(Boolean);
  return [...new Set(words)].slice(0, SEARCH_MAX_TERMS);
}

/**
 * How well an article matches: 0 when a term is missing; else a title hit weighs 3, a keyword 2, the
 * summary or category 1, summed over the terms. Higher first.
 */
export function searchScore(article: Searchable, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  const title = article.title.toLowerCase();
  const keywords = (article.keywords ?? []).map((k) => k.toLowerCase());
  const rest = `${article.summary}\n${article.category}`.toLowerCase();
  let score = 0;
  for (const term of terms) {
    const hit =
      (title.includes(term) ? 3 : 0) +
      (keywords.some((k) => k.includes(term)) ? 2 : 0) +
      (rest.includes(term) ? 1 : 0);
    if (hit === 0) return 0;
    score += hit;
  }
  return score;
}
