/**
 * Migration: a database of the single-township releases becomes the first township of a county.
 * Every document of a township collection is stamped with the township (`townshipId`), every key of a
 * keyed collection becomes its stored `_id` (`<township>:<key>`; users also get their `openid` field),
 * the holidays' version becomes the county's, and the township itself is added to `townships`.
 * County collections (the calendar, the outbox, request ids, counters) stay as they are.
 *
 * Nothing is lost: each document is rewritten whole, and a document already migrated (it has a
 * `townshipId`) is left alone, so running the migration twice changes nothing the second time.
 *
 * Used by `npm run migrate:townships` (local/bin/migrate-townships.ts) on the local cloud's data
 * directory, or on a CloudBase export (one JSON-lines file per collection) to import back.
 */
import { COLLECTIONS } from '../../server/db/collections';
import { COUNTY, TOWNSHIP_ID_PATTERN } from '../../server/tenancy';
import type { Document, Write } from '../engine/store';
import { asTownship, storedIdIn } from '../township-writes';

export interface MigrationTarget {
  townshipId: string;
  name: string;
}

export interface MigrationPlan {
  /** The writes that migrate the documents given (deletions of the old ids included). */
  writes: Write[];
  /** Documents rewritten, per collection. */
  migrated: Record<string, number>;
}

/** The document ids of the holidays' version, which the county owns once there are townships. */
const COUNTY_OWNED: Record<string, readonly string[]> = { configVersions: ['holidays'] };

export function checkTarget(target: MigrationTarget): void {
  if (!TOWNSHIP_ID_PATTERN.test(target.townshipId) || target.townshipId === COUNTY)
    throw new Error(`township id must match ${TOWNSHIP_ID_PATTERN} (and not be "${COUNTY}")`);
  if (!target.name.trim()) throw new Error('the township needs a name (e.g. 金鼓乡)');
}

/**
 * The writes that make `docs` (every document of every collection, by collection) the first
 * township's. Pure: the caller applies them (to the store, or to export files).
 */
export function planMigration(
  docs: Readonly<Record<string, readonly Document[]>>,
  target: MigrationTarget,
  now: Date,
): MigrationPlan {
  checkTarget(target);
  const writes: Write[] = [];
  const migrated: Record<string, number> = {};
  for (const [collection, list] of Object.entries(docs)) {
    const spec = (COLLECTIONS as Record<string, { tenancy: string } | undefined>)[collection];
    if (!spec || spec.tenancy === 'county') continue;
    for (const doc of list) {
      if (typeof doc.townshipId === 'string') continue;
      const key = String(doc._id);
      const owner = COUNTY_OWNED[collection]?.includes(key) ? COUNTY : target.townshipId;
      const body: Document = collection === 'users' ? { ...doc, openid: doc.openid ?? key } : { ...doc };
      const [write] = asTownship(owner, [{ collection, id: key, doc: body }]);
      if (write.id !== key) writes.push({ collection, id: key, doc: null });
      writes.push(write);
      migrated[collection] = (migrated[collection] ?? 0) + 1;
    }
  }
  const hasTownship = (docs.townships ?? []).some((t) => t._id === target.townshipId);
  if (!hasTownship)
    writes.push({
      collection: 'townships',
      id: target.townshipId,
      doc: { _id: target.townshipId, name: target.name, order: 1, createdAt: now, createdBy: 'migration' },
    });
  return { writes, migrated };
}

/** A migrated document as the single-township release stored it (for comparing before and after). */
export function asBefore(collection: string, doc: Document, target: MigrationTarget): Document {
  const { townshipId, ...rest } = doc;
  const owner = typeof townshipId === 'string' ? townshipId : target.townshipId;
  const prefix = storedIdIn(owner, collection, '');
  const id = prefix && String(doc._id).startsWith(prefix) ? String(doc._id).slice(prefix.length) : doc._id;
  return { ...rest, _id: id } as Document;
}
