/**
 * How long personal contact data (a name, a phone) is kept once what it was left for is over, and
 * whether it is due for removal. One rule for every place contacts are kept: an opinion's contact
 * (from its closure), a booking's or walk-in's name and phone (from the end of its reception day).
 */

/** Days a contact is kept after its case or reception day is over (env OPINION_CONTACT_RETENTION_DAYS). */
export const DEFAULT_CONTACT_RETENTION_DAYS = 90;

const DAY_MS = 24 * 3_600_000;

/** The configured retention: a whole number of days ≥ 0 from `raw`, or the default. */
export function retentionDaysFrom(raw: string | undefined): number {
  const n = Number(raw);
  return raw && Number.isFinite(n) && n >= 0 ? n : DEFAULT_CONTACT_RETENTION_DAYS;
}

/** Contacts of what ended at or before this instant are due for removal at `now`. */
export function contactPurgeCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Whether a contact kept for something that ended at `endedAt` is due for removal at `now`. */
export function isContactPurgeDue(endedAt: Date, now: Date, retentionDays: number): boolean {
  return endedAt.getTime() <= contactPurgeCutoff(now, retentionDays).getTime();
}
