/**
 * Typed reads and writes on the wx-server-sdk database API, with CloudBase's limits in mind:
 * a query returns at most 1000 documents (100 when no limit is given), so code that must see
 * everything uses `findAll`, which pages by `_id`, or an aggregation.
 */
import { database, type Database } from '../cloud';

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

export function coll(name: string) {
  return database().collection(name);
}

export function command() {
  return database().command;
}

export async function findOne<T>(name: string, where: Where): Promise<T | null> {
  const res = await run<{ data: T[] }>(coll(name).where(where).limit(1).get());
  return res.data[0] ?? null;
}

export async function findById<T>(name: string, id: string): Promise<T | null> {
  return findOne<T>(name, { _id: id });
}

export interface FindOptions {
  orderBy?: Order[];
  limit?: number;
  skip?: number;
  fields?: Record<string, boolean>;
}

/** One page (at most MAX_PAGE). */
export async function findMany<T>(name: string, where: Where, options: FindOptions = {}): Promise<T[]> {
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
  name: string,
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

export async function count(name: string, where: Where): Promise<number> {
  const res = await run<{ total: number }>(coll(name).where(where).count());
  return res.total;
}

/** Inserts with the given `_id` (or a generated one) and answers the id. */
export async function insert(name: string, data: Record<string, unknown>): Promise<string> {
  const res = await run<{ _id: string }>(coll(name).add({ data }));
  return res._id;
}

/** Updates what matches `where`; answers how many documents changed (0 when a condition did not hold). */
export async function updateWhere(
  name: string,
  where: Where,
  data: Record<string, unknown>,
): Promise<number> {
  const res = await run<{ stats: { updated: number } }>(coll(name).where(where).update({ data }));
  return res.stats.updated;
}

export async function removeWhere(name: string, where: Where): Promise<number> {
  const res = await run<{ stats: { removed: number } }>(coll(name).where(where).remove());
  return res.stats.removed;
}

const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs `fn` in a database transaction and commits it. A write conflict (another transaction wrote the
 * same document) retries the whole function; any other error rolls back and is rethrown as it was,
 * so an AppError thrown inside keeps its code.
 */
export async function transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const raw = (await database().startTransaction()) as RawTransaction;
    try {
      const result = await fn(new Transaction(raw));
      await raw.commit();
      return result;
    } catch (err) {
      await raw.rollback().catch(() => undefined);
      if (!isWriteConflict(err) || attempt >= TRANSACTION_ATTEMPTS) throw err;
    }
  }
}

export function isWriteConflict(err: unknown): boolean {
  return /TRANSACTION_CONFLICT|write conflict/i.test(errText(err));
}

interface RawTransaction {
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
  collection(name: string): {
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
  async get<T>(name: string, id: string): Promise<T | null> {
    try {
      const res = await this.raw.collection(name).doc(id).get();
      return (res.data as T) ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
  async insert(name: string, data: Record<string, unknown>): Promise<string> {
    return (await this.raw.collection(name).add({ data }))._id;
  }
  async set(name: string, id: string, data: Record<string, unknown>): Promise<void> {
    await this.raw.collection(name).doc(id).set({ data });
  }
  async update(name: string, id: string, data: Record<string, unknown>): Promise<void> {
    await this.raw.collection(name).doc(id).update({ data });
  }
  async remove(name: string, id: string): Promise<void> {
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

export function isNotFound(err: unknown): boolean {
  return /not ?exist|not found|DOCUMENT_NOT_EXIST/i.test(errText(err));
}
