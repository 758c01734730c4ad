/**
 * Store writes as a township's records, for what writes the store directly rather than through the
 * functions (the demo seed, the migration, test fixtures): each document of a township collection is
 * stamped with its township and a keyed collection's key becomes its stored `_id` (`<township>:<key>`),
 * exactly as server/db/collection.ts stores what the functions write.
 */
import { COLLECTIONS, keyedId, type CollectionName } from '../server/db/collections';
import type { Document, Write } from './engine/store';

function tenancyOf(collection: string) {
  return (COLLECTIONS as Record<string, { tenancy: string } | undefined>)[collection]?.tenancy;
}

/** The stored `_id` of `key` in `collection` for `townshipId` (the key itself outside keyed collections). */
export function storedIdIn(townshipId: string, collection: CollectionName | string, key: string): string {
  return tenancyOf(collection) === 'keyed' ? keyedId(townshipId, key) : key;
}

/** `writes` as `townshipId`'s: county collections (and unknown ones, such as the store's meta) unchanged. */
export function asTownship(townshipId: string, writes: readonly Write[]): Write[] {
  return writes.map((w) => {
    const tenancy = tenancyOf(w.collection);
    if (tenancy === undefined || tenancy === 'county') return w;
    const id = storedIdIn(townshipId, w.collection, w.id);
    // A binding carries its openid (the key) too, as server/identity/users.repo.ts writes it.
    const own = w.collection === 'users' && w.doc ? { openid: w.doc.openid ?? w.id } : {};
    const doc: Document | null = w.doc && { ...w.doc, ...own, _id: id, townshipId };
    return { collection: w.collection, id, doc };
  });
}

/**
 * `writes` made as fixtures: each document of a township collection that does not say its township
 * becomes `townshipId`'s (asTownship); one that does is left as written.
 */
export function asTownshipUnlessSaid(townshipId: string, writes: readonly Write[]): Write[] {
  return writes.map((w) =>
    w.doc && typeof w.doc.townshipId === 'string' ? w : (asTownship(townshipId, [w])[0] ?? w),
  );
}
