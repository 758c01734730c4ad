/**
 * The county's townships (a county collection: server/db/collections.ts `townships`). Read on every
 * call to check the township a call names, so the list is kept in memory for a short while: a
 * township added by the county is seen by every function instance within TOWNSHIPS_TTL_MS.
 */
import { findAll, insertOnce } from '../db/collection';
import type { CollectionName } from '../db/collections';

export const TOWNSHIPS = 'townships' satisfies CollectionName;

export interface TownshipRecord {
  _id: string;
  name: string;
  /** Shown in this order (the county's own list order). */
  order: number;
  createdAt: Date;
  createdBy?: string;
}

/** How long an instance trusts the townships it read. */
export const TOWNSHIPS_TTL_MS = 60_000;

let cached: { at: number; list: TownshipRecord[] } | null = null;

export async function listTownships(): Promise<TownshipRecord[]> {
  const now = Date.now();
  if (cached && now - cached.at < TOWNSHIPS_TTL_MS) return cached.list;
  const list = (await findAll<TownshipRecord>(TOWNSHIPS, {})).sort(
    (a, b) => a.order - b.order || (a._id < b._id ? -1 : 1),
  );
  cached = { at: now, list };
  return list;
}

export async function listTownshipIds(): Promise<string[]> {
  return (await listTownships()).map((t) => t._id);
}

/** Adds a township; false when the id is taken. */
export async function insertTownship(t: TownshipRecord): Promise<boolean> {
  const written = await insertOnce(TOWNSHIPS, { ...t });
  cached = null;
  return written;
}

/** Forgets the list read (a township was added by another call of this instance, or a test reset it). */
export function forgetTownships(): void {
  cached = null;
}
