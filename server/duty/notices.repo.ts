/**
 * Disclosure notices (履职登记公示), the periods the presidium sets and the villagers who follow a
 * station, on the database. Storage only: what a notice may become is decided in
 * core/duty/disclosure.versioning.ts, the use cases are in server/duty/disclosure.service.ts.
 */
import { followIdOf } from '../../core/duty/disclosure.sources';
import type { DisclosureNotice, DisclosurePeriod } from '../../core/duty/duty.types';
import {
  updateWhere,
  command,
  count,
  findAll,
  findById,
  findMany,
  removeWhere,
  transaction,
} from '../db/collection';
import { insertOnce } from '../db/collection';
import { rewrite } from './documents.repo';

export const NOTICES = 'disclosureNotices';
export const PERIODS = 'disclosurePeriods';
export const FOLLOWERS = 'stationFollowers';

export type StoredNotice = DisclosureNotice & { _id: string; notifiedAt?: Date };

export interface StoredPeriod extends DisclosurePeriod {
  _id: string;
  createdBy: string;
  createdAt: Date;
}

// --- notices -------------------------------------------------------------------------------------

export function getNotice(id: string): Promise<StoredNotice | null> {
  return findById<StoredNotice>(NOTICES, id);
}

/** Writes a new notice version under its id; false when that version exists already. */
export function insertNotice(id: string, notice: DisclosureNotice): Promise<boolean> {
  return insertOnce(NOTICES, { _id: id, ...notice });
}

/** The notice re-read and rewritten in one transaction (NOTICE_NOT_FOUND when there is none). */
export function rewriteNotice(
  id: string,
  decide: (n: StoredNotice) => DisclosureNotice,
): Promise<StoredNotice> {
  return rewrite<Omit<StoredNotice, '_id'>>(NOTICES, id, 'NOTICE_NOT_FOUND', decide) as Promise<StoredNotice>;
}

/**
 * Rewrites the notice with what `decide` answers for the version re-read in the transaction, or leaves
 * it when `decide` answers null (a notice published since it was read is never overwritten). Answers
 * whether it was written.
 */
export function rewriteNoticeIf(
  id: string,
  decide: (current: StoredNotice) => DisclosureNotice | null,
): Promise<boolean> {
  return transaction(async (tx) => {
    const current = await tx.get<StoredNotice>(NOTICES, id);
    const next = current ? decide({ ...current, _id: id }) : null;
    if (!next) return false;
    const { _id, ...rest } = next as StoredNotice;
    await tx.set(NOTICES, id, rest as unknown as Record<string, unknown>);
    return true;
  });
}

/**
 * With `periodId`: the current (highest published) version of a station's notice for that period.
 * Without: the first version of the station's most recently published period; a correction of an
 * older period, published later, does not make that period the current one again.
 */
export async function latestPublished(stationCode: string, periodId?: string): Promise<StoredNotice | null> {
  const where: Record<string, unknown> = periodId
    ? { stationCode, status: 'published', periodId }
    : { stationCode, status: 'published', version: 1 };
  const list = await findMany<StoredNotice>(NOTICES, where, {
    orderBy: periodId ? [['version', 'desc']] : [['publishedAt', 'desc']],
    limit: 1,
  });
  return list[0] ?? null;
}

/** The published versions of a station's notice for a period, oldest first. */
export function publishedVersions(stationCode: string, periodId: string): Promise<StoredNotice[]> {
  return findMany<StoredNotice>(
    NOTICES,
    { stationCode, periodId, status: 'published' },
    { orderBy: [['version', 'asc']], limit: 100, fields: { version: true, publishedAt: true } },
  );
}

/** Every published notice of a station (every page), the fields of a history line only. */
export function publishedNoticesOf(stationCode: string): Promise<StoredNotice[]> {
  return findAll<StoredNotice>(
    NOTICES,
    { stationCode, status: 'published' },
    { periodId: true, version: true, publishedAt: true, changeNote: true, stationCode: true },
  );
}

/** Notices of a period (or of every period), newest first: one page of 200. */
export function noticesOfPeriod(periodId?: string): Promise<StoredNotice[]> {
  return findMany<StoredNotice>(NOTICES, periodId ? { periodId } : {}, {
    orderBy: [['createdAt', 'desc']],
    limit: 200,
  });
}

/** A station's latest notices, newest first. */
export function noticesOfStation(stationCode: string, limit: number): Promise<StoredNotice[]> {
  return findMany<StoredNotice>(NOTICES, { stationCode }, { orderBy: [['createdAt', 'desc']], limit });
}

export async function periodHasPublishedNotice(periodId: string): Promise<boolean> {
  return (await count(NOTICES, { periodId, status: 'published' })) > 0;
}

export async function markNotified(id: string, now: Date): Promise<void> {
  await updateWhere(NOTICES, { _id: id }, { notifiedAt: now });
}

/** Published notices whose followers were not all told yet (a publish interrupted after commit). */
export function unnotifiedPublished(limit: number): Promise<StoredNotice[]> {
  const _ = command();
  return findMany<StoredNotice>(NOTICES, { status: 'published', notifiedAt: _.exists(false) }, { limit });
}

// --- periods -------------------------------------------------------------------------------------

export function getStoredPeriod(id: string): Promise<StoredPeriod | null> {
  return findById<StoredPeriod>(PERIODS, id);
}

/** The periods the presidium set, latest start first (one page of 100). */
export function customPeriods(): Promise<StoredPeriod[]> {
  return findMany<StoredPeriod>(PERIODS, {}, { orderBy: [['start', 'desc']], limit: 100 });
}

/** Custom periods that ended before `today`, latest first. */
export function endedCustomPeriods(today: string, limit: number): Promise<StoredPeriod[]> {
  const _ = command();
  return findMany<StoredPeriod>(PERIODS, { end: _.lt(today) }, { orderBy: [['end', 'desc']], limit });
}

export async function savePeriod(period: DisclosurePeriod, createdBy: string, now: Date): Promise<void> {
  await transaction((tx) =>
    tx.set(PERIODS, period.id, { ...period, createdBy, createdAt: now } as unknown as Record<
      string,
      unknown
    >),
  );
}

// --- followers -----------------------------------------------------------------------------------

/** Follows once: following again changes nothing. */
export async function follow(stationCode: string, openid: string, now: Date): Promise<void> {
  await insertOnce(FOLLOWERS, { _id: followIdOf(stationCode, openid), stationCode, openid, followedAt: now });
}

export async function unfollow(stationCode: string, openid: string): Promise<void> {
  await removeWhere(FOLLOWERS, { _id: followIdOf(stationCode, openid) });
}

export async function isFollowing(stationCode: string, openid: string): Promise<boolean> {
  return !!(await findById(FOLLOWERS, followIdOf(stationCode, openid)));
}

/** Every follower of a station (every page). */
export function followersOf(stationCode: string): Promise<{ _id: string; openid: string }[]> {
  return findAll<{ _id: string; openid: string }>(FOLLOWERS, { stationCode }, { openid: true });
}
