/**
 * The collections that grow with use — a document per villager, booking, opinion, event, message,
 * request … — as opposed to the township's configuration (stations, villages, categories, schedules).
 * On these a query that no declared index (server/db/collections.ts) serves is a full scan that gets
 * slower every week in CloudBase: tests/functions/query-shapes.test.ts fails on one, and `npm start`
 * warns about it.
 */
export const GROWING_COLLECTIONS: ReadonlySet<string> = new Set([
  'users',
  'receptionDays',
  'bookings',
  'bookingLocks',
  'checkInCodes',
  'receptionRecords',
  'outbox',
  'dutyRecords',
  'disclosureNotices',
  'stationFollowers',
  'evaluations',
  'evaluationRatings',
  'idempotency',
  'opinions',
  'opinionQuotas',
  'opinionEvents',
  'articles',
  'articleIssues',
  'articleSubscribers',
  'articleReads',
  'rateCounters',
]);
