/** What the sections that seed the store straight share: zero-padded ids, days, the demo categories. */

export const pad = (n, w) => String(n).padStart(w, '0');

/** The day `offset` days after `start` (YYYY-MM-DD). */
export const day = (start, offset) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** The demo township's opinion category codes (local/demo/township.seed.ts DEMO_CATEGORIES). */
export const CATEGORIES = [
  'road',
  'agriculture',
  'environment',
  'welfare',
  'health',
  'education',
  'dispute',
  'other',
];

/**
 * A case's deadlines and outcome as the opinion area stores them, for a case filed `on` in `status`:
 * accept in 2 days, answer in 10, answered after 3, resolved after 5, rated by 60 % of closed ones.
 */
export function caseTimeline(on, status, rand) {
  const done = status === 'resolved' || status === 'closed';
  return {
    submittedAt: new Date(`${on}T02:00:00Z`),
    submittedOn: on,
    acceptBy: day(on, 2),
    answerBy: day(on, 10),
    ...(status !== 'assigned' && status !== 'accepted' ? { answeredOn: day(on, 3) } : {}),
    ...(done ? { resolvedAt: new Date(`${day(on, 5)}T02:00:00Z`) } : {}),
    ratings:
      done && rand() < 0.6 ? [{ rating: rand() < 0.8 ? 'satisfied' : 'unsatisfied', at: new Date() }] : [],
  };
}
