/**
 * Storage moves the duty area's documents share: a change decided on the version re-read inside a
 * transaction and written back whole (inserts that happen once are server/db/collection.ts insertOnce).
 */
import type { ErrorCode } from '../../core/errors/error.codes';
import { transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';
import { fail } from '../errors';

/**
 * A change to one document, decided by a core rule on the version re-read inside the transaction and
 * written back whole (minus `_id`) in that transaction: records, notices and evaluations all change so.
 * No document: fails with `notFound`.
 */
export async function rewrite<T extends object>(
  collection: CollectionName,
  id: string,
  notFound: ErrorCode,
  decide: (current: T & { _id: string }) => T,
): Promise<T & { _id: string }> {
  return transaction(async (tx) => {
    const current = await tx.get<T>(collection, id);
    if (!current) fail(notFound);
    const { _id: _ignored, ...rest } = decide({ ...current, _id: id }) as T & { _id?: string };
    await tx.set(collection, id, rest as Record<string, unknown>);
    return { ...(rest as T), _id: id };
  });
}
