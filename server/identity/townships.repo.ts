/**
 * The county's townships (a county collection: server/db/collections.ts `townships`). The township a
 * call names is checked on every call, so the ids seen are kept in memory: a township is never
 * removed, and one this instance has not seen yet is looked up again (a township the county has just
 * added is known at once).
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

const seen = new Set<string>();
/** Townships' names as last read: a name is shown on many answers and changes next to never. */
const names = new Map<string, string>();

/** Every township, in the county's order (read afresh). */
export async function listTownships(): Promise<TownshipRecord[]> {
  const list = (await findAll<TownshipRecord>(TOWNSHIPS, {})).sort(
    (a, b) => a.order - b.order || (a._id < b._id ? -1 : 1),
  );
  for (const t of list) {
    seen.add(t._id);
    names.set(t._id, t.name);
  }
  return list;
}

/** A township's name (read once per instance; the id itself for an unknown one). */
export async function townshipName(id: string): Promise<string> {
  if (!names.has(id)) await listTownships();
  return names.get(id) ?? id;
}

export async function listTownshipIds(): Promise<string[]> {
  return (await listTownships()).map((t) => t._id);
}

/** Whether `id` is a township of the county (no read once this instance has seen it). */
export async function townshipExists(id: string): Promise<boolean> {
  if (seen.has(id)) return true;
  return (await listTownshipIds()).includes(id);
}

/** Adds a township; false when the id is taken. */
export async function insertTownship(t: TownshipRecord): Promise<boolean> {
  return insertOnce(TOWNSHIPS, { ...t });
}
