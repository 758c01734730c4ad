/**
 * Typed reads and writes on the wx-server-sdk database API, with CloudBase's limits in mind:
 * a query returns at most 1000 documents (100 when no limit is given), so code that must see
 * everything uses `findAll`, which pages by `_id`, or an aggregation.
 */
import { database, type Database } from '../cloud';
import type { CollectionName } from './collections';

/** CloudBase's hard cap on one query. */
export const MAX_PAGE = 1000;

export type Where = Record<string, unknown>;
export type Order = [field: string, direction: 'asc' | 'desc'];
export interface Doc {
  _id: string;
}

// The SDK's typings answer `Promise<X> | void | string`; these narrow them once, here.
type Q = ReturnType<ReturnType<Database['collection']>['where']>;
async function run<T>(p: unknown): Promise<T> {
  return (await (p as Promise<T>)) as T;
}

export function coll(name: CollectionName) {
  return database().collection(name);
}

export function command() {
  return database().command;
}

export async function findOne<T>(name: CollectionName, where: Where): Promise<T | null> {
  const res = await run<{ data: T[] }>(coll(name).where(where).limit(1).get());
  return res.data[0] ?? null;
}

export async function findById<T>(name: CollectionName, id: string): Promise<T | null> {
  return findOne<T>(name, { _id: id });
}

export interface FindOptions {
  orderBy?: Order[];
  limit?: number;
  skip?: number;
  fields?: Record<string, boolean>;
}

/** One page (at most MAX_PAGE). */
export async function findMany<T>(
  name: CollectionName,
  where: Where,
  options: FindOptions = {},
): Promise<T[]> {
  let q: Q = coll(name).where(where);
  for (const [field, dir] of options.orderBy ?? []) q = q.orderBy(field, dir);
  if (options.skip) q = q.skip(options.skip);
  q = q.limit(Math.min(options.limit ?? MAX_PAGE, MAX_PAGE));
  if (options.fields) q = q.field(options.fields);
  const res = await run<{ data: T[] }>(q.get());
  return res.data;
}

/** Every matching document, however many, paging by `_id` (stable under concurrent inserts). */
export async function findAll<T extends Doc>(
  name: CollectionName,
  where: Where,
  fields?: Record<string, boolean>,
): Promise<T[]> {
  const _ = command();
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: T[] = await findMany<T>(name, after === null ? where : { ...where, _id: _.gt(after) }, {
      orderBy: [['_id', 'asc']],
      limit: MAX_PAGE,
      fields: fields ? { ...fields, _id: true } : undefined,
    });
    out.push(...page);
    if (page.length < MAX_PAGE) return out;
    after = page[page.length - 1]._id;
  }
}

export async function count(name: CollectionName, where: Where): Promise<number> {
  const res = await run<{ total: number }>(coll(name).where(where).count());
  return res.total;
}

/** Inserts with the given `_id` (or a generated one) and answers the id. */
export async function insert(name: CollectionName, data: Record<string, unknown>): Promise<string> {
  const res = await run<{ _id: string }>(coll(name).add({ data }));
  return res._id;
}

/**
 * Inserts `doc` under its own `_id`; false when a document with that id is already there. The store
 * refuses the duplicate atomically, so this is how "once per key" is claimed (a lock, a read, an entry).
 */
export async function insertOnce<T extends { _id: string }>(name: CollectionName, doc: T): Promise<boolean> {
  try {
    await insert(name, { ...doc });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Updates what matches `where`; answers how many documents changed (0 when a condition did not hold). */
export async function updateWhere(
  name: CollectionName,
  where: Where,
  data: Record<string, unknown>,
): Promise<number> {
  const res = await run<{ stats: { updated: number } }>(coll(name).where(where).update({ data }));
  return res.stats.updated;
}

export async function removeWhere(name: CollectionName, where: Where): Promise<number> {
  const res = await run<{ stats: { removed: number } }>(coll(name).where(where).remove());
  return res.stats.removed;
}

const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs `fn` in a database transaction and commits it. A write conflict (another transaction holds or
 * changed a document it writes) retries the whole function after a short random pause; any other error
 * rolls back and is rethrown as it was, so an AppError thrown inside keeps its code.
 */
export async function transaction<T>(
  fn: (tx: Transaction) => Promise<T>,
  attempts = TRANSACTION_ATTEMPTS,
): Promise<T> {
  return withConflictRetry(async () => {
    const raw = (await database().startTransaction()) as RawTransaction;
    try {
      const result = await fn(new Transaction(raw));
      await raw.commit();
      return result;
    } catch (err) {
      // After a conflict CloudBase has already aborted the transaction: this rollback then fails.
      await raw.rollback().catch(() => undefined);
      throw err;
    }
  }, attempts);
}

/**
 * Runs `fn` again while it fails with a write conflict (`isWriteConflict`), at most `attempts` times in
 * all. Between tries it pauses a random 50–100 % of 10 ms × 2^attempt (at most 400 ms), so that callers
 * colliding on one document spread out instead of colliding again.
 */
export async function withConflictRetry<T>(
  fn: () => Promise<T>,
  attempts = TRANSACTION_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isWriteConflict(err) || attempt >= attempts) throw err;
      const ceiling = Math.min(400, 10 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}

/** CloudBase's raw error code for a transaction conflict (node-sdk `ERRORS.DATABASE_TRANSACTION_CONFLICT`). */
export const TRANSACTION_CONFLICT_CODE = 'DATABASE_TRANSACTION_CONFLICT';
/** How the service words it: wx-server-sdk 4.0.2 delivers it as errCode -501001 with this in errMsg. */
export const TRANSACTION_CONFLICT_TAG = '[ResourceUnavailable.TransactionConflict]';
/** wx-server-sdk's code for a service error it has no number for (TCB_ERR_CODE.SYS_ERR). */
export const SDK_SYSTEM_ERROR = -501001;

/**
 * A conflict found by the application itself (e.g. a number another transaction claimed first):
 * `isWriteConflict` answers true for it, so the same retry covers it.
 */
export class WriteConflict extends Error {}

/**
 * The one test for "this lost a write conflict; run it again". True for a conflict as CloudBase delivers
 * it through wx-server-sdk 4.0.2 — from a document operation inside a transaction, a CloudSDKError with
 * errCode -501001 and errMsg `document.update:fail -501001 resource system error.
 * [ResourceUnavailable.TransactionConflict] …`; from `transaction.commit()` (which wx-server-sdk does not
 * wrap), node-sdk's raw `{ code: 'DATABASE_TRANSACTION_CONFLICT', message: '[ResourceUnavailable.…' }` —
 * and for a `WriteConflict`. The local cloud answers exactly these, so tests see what production sees.
 */
export function isWriteConflict(err: unknown): boolean {
  if (err instanceof WriteConflict) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown };
  if (e.code === TRANSACTION_CONFLICT_CODE) return true;
  return e.errCode === SDK_SYSTEM_ERROR && String(e.errMsg ?? '').includes(TRANSACTION_CONFLICT_TAG);
}

interface RawTransaction {
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
  collection(name: CollectionName): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(o: { data: unknown }): Promise<unknown>;
      update(o: { data: unknown }): Promise<{ stats: { updated: number } }>;
      remove(): Promise<unknown>;
    };
    add(o: { data: unknown }): Promise<{ _id: string }>;
  };
}

/** The document operations CloudBase allows inside a transaction. */
export class Transaction {
  constructor(private readonly raw: RawTransaction) {}
  async get<T>(name: CollectionName, id: string): Promise<T | null> {
    try {
      const res = await this.raw.collection(name).doc(id).get();
      return (res.data as T) ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
  async insert(name: CollectionName, data: Record<string, unknown>): Promise<string> {
    return (await this.raw.collection(name).add({ data }))._id;
  }
  async set(name: CollectionName, id: string, data: Record<string, unknown>): Promise<void> {
    await this.raw.collection(name).doc(id).set({ data });
  }
  async update(name: CollectionName, id: string, data: Record<string, unknown>): Promise<void> {
    await this.raw.collection(name).doc(id).update({ data });
  }
  async remove(name: CollectionName, id: string): Promise<void> {
    await this.raw.collection(name).doc(id).remove();
  }
}

function errText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errMsg?: string; message?: string; code?: string };
    return `${e.code ?? ''} ${e.errMsg ?? ''} ${e.message ?? ''}`;
  }
  return String(err);
}

export function isDuplicateKey(err: unknown): boolean {
  return /duplicate|E11000|DUPLICATE/i.test(errText(err));
}

/** A missing document (never a missing collection: that is DATABASE_COLLECTION_NOT_EXIST, -502005). */
export function isNotFound(err: unknown): boolean {
  if (isCollectionMissing(err)) return false;
  return /not ?exist|not found|DOCUMENT_NOT_EXIST/i.test(errText(err));
}

/** CloudBase's answer for a collection never created: errCode -502005 (raw code DATABASE_COLLECTION_NOT_EXIST). */
export function isCollectionMissing(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errCode?: unknown };
  return e.errCode === -502005 || e.code === 'DATABASE_COLLECTION_NOT_EXIST';
}
