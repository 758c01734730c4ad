/**
 * Typed reads and writes on the wx-server-sdk database API, with CloudBase's limits in mind:
 * a query returns at most 1000 documents (100 when no limit is given), so code that must see
 * everything uses `findAll`, which pages by `_id`, or an aggregation.
 *
 * Every operation here is kept inside the call's township (server/tenancy.ts; each collection's
 * `tenancy` in ./collections.ts): this file is the only place that talks to the SDK's collections, so
 * no repository can reach another township's records, whichever way it asks.
 */
import { database, type Database } from '../cloud';
import { AppError } from '../errors';
import { COUNTY, currentTownship, TownshipRequired } from '../tenancy';
import { COLLECTIONS, KEY_SEPARATOR, keyedId, type CollectionName } from './collections';

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

function coll(name: CollectionName) {
  return database().collection(name);
}

export function command() {
  return database().command;
}

// ------------------------------------------------------------------ tenancy

function tenancyOf(name: CollectionName) {
  return COLLECTIONS[name].tenancy;
}

/** The township a write lands in: a township collection is never written outside one. */
function writingTownship(name: CollectionName): string | null {
  if (tenancyOf(name) === 'county') return null;
  const t = currentTownship();
  if (t === null) throw new TownshipRequired();
  return t;
}

/** The stored `_id` of a keyed collection's key (the key itself elsewhere). */
function storedId(name: CollectionName, id: string): string {
  if (tenancyOf(name) !== 'keyed') return id;
  const t = currentTownship();
  if (t === null) throw new TownshipRequired();
  return keyedId(t, id);
}

/** The key of a stored `_id` (keyed collections), the `_id` itself elsewhere. */
function keyOf(name: CollectionName, id: string): string {
  if (tenancyOf(name) !== 'keyed' || typeof id !== 'string') return id;
  const at = id.indexOf(KEY_SEPARATOR);
  return at < 0 ? id : id.slice(at + 1);
}

function withKeys<T>(name: CollectionName, docs: T[]): T[] {
  if (tenancyOf(name) !== 'keyed') return docs;
  return docs.map((d) => {
    const doc = d as unknown as { _id?: unknown };
    return typeof doc._id === 'string' ? ({ ...doc, _id: keyOf(name, doc._id) } as T) : d;
  });
}

type IdCommand = { operator?: unknown; operands?: unknown[] };

/** A condition on a keyed collection's `_id` (a key, or `_.in`/`_.gt`… over keys) on the stored ids. */
function storedIdCondition(name: CollectionName, cond: unknown): unknown {
  if (typeof cond === 'string') return storedId(name, cond);
  const c = cond as IdCommand;
  const _ = command() as unknown as Record<string, (v: unknown) => unknown>;
  const op = typeof c?.operator === 'string' ? c.operator : '';
  if (op === 'in' || op === 'nin') {
    // The SDK keeps `_.in(keys)`'s keys as the operands themselves (not wrapped like `_.gt(key)`'s).
    const keys = (c.operands ?? []) as string[];
    return _[op](keys.map((k) => storedId(name, k)));
  }
  if (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(op))
    return _[op](storedId(name, c.operands?.[0] as string));
  throw new Error(`unsupported _id condition on keyed collection ${name}`);
}

/**
 * `where` narrowed to the call's township: reads of a township+county collection also see the
 * county's records, unless `where` names the call's own township (`townshipId: currentTownship()`:
 * what the township wrote itself, e.g. the presidium's own articles); across townships a read sees
 * every township and a write (`forWrite`) is refused.
 */
function scoped(name: CollectionName, where: Where, forWrite = false): Where {
  const tenancy = tenancyOf(name);
  if (tenancy === 'county') return where;
  const t = forWrite ? writingTownship(name) : currentTownship();
  const w =
    tenancy === 'keyed' && '_id' in where ? { ...where, _id: storedIdCondition(name, where._id) } : where;
  if (t === null) return w;
  const withCounty = tenancy === 'township+county' && !forWrite && where.townshipId !== t;
  return { ...w, townshipId: withCounty ? command().in([t, COUNTY]) : t };
}

/** What a write may set: never the township a record belongs to. */
function withoutTownship(data: Record<string, unknown>): Record<string, unknown> {
  if (!('townshipId' in data)) return data;
  const { townshipId: _ignored, ...rest } = data;
  return rest;
}

/** A new record as stored: stamped with the township, a keyed collection's key made its stored `_id`. */
function stamped(name: CollectionName, data: Record<string, unknown>): Record<string, unknown> {
  const t = writingTownship(name);
  if (t === null) return data;
  const out: Record<string, unknown> = { ...withoutTownship(data), townshipId: t };
  if (typeof data._id === 'string') out._id = storedId(name, data._id);
  return out;
}

/** Whether a stored document is the call's township's to read (`forWrite`: to change). */
function visible(name: CollectionName, doc: Record<string, unknown>, forWrite = false): boolean {
  const tenancy = tenancyOf(name);
  if (tenancy === 'county') return true;
  const t = currentTownship();
  if (t === null) return !forWrite;
  return doc.townshipId === t || (tenancy === 'township+county' && !forWrite && doc.townshipId === COUNTY);
}

// ------------------------------------------------------------------ reads and writes

export async function findOne<T>(name: CollectionName, where: Where): Promise<T | null> {
  const res = await run<{ data: T[] }>(coll(name).where(scoped(name, where)).limit(1).get());
  return withKeys(name, res.data)[0] ?? null;
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

/** One page (at most MAX_PAGE), as stored (`_id`s not yet turned back into keys). */
async function findStored<T>(name: CollectionName, where: Where, options: FindOptions): Promise<T[]> {
  let q: Q = coll(name).where(where);
  for (const [field, dir] of options.orderBy ?? []) q = q.orderBy(field, dir);
  if (options.skip) q = q.skip(options.skip);
  q = q.limit(Math.min(options.limit ?? MAX_PAGE, MAX_PAGE));
  if (options.fields) q = q.field(options.fields);
  const res = await run<{ data: T[] }>(q.get());
  return res.data;
}

/** One page (at most MAX_PAGE). */
export async function findMany<T>(
  name: CollectionName,
  where: Where,
  options: FindOptions = {},
): Promise<T[]> {
  return withKeys(name, await findStored<T>(name, scoped(name, where), options));
}

/** Every matching document, however many, paging by `_id` (stable under concurrent inserts). */
export async function findAll<T extends Doc>(
  name: CollectionName,
  where: Where,
  fields?: Record<string, boolean>,
): Promise<T[]> {
  const _ = command();
  const base = scoped(name, where);
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    // Past the first page: after the last id read, and still within any condition on `_id` itself.
    const next =
      after === null
        ? base
        : '_id' in base
          ? _.and([base, { _id: _.gt(after) }])
          : { ...base, _id: _.gt(after) };
    const page: T[] = await findStored<T>(name, next as Where, {
      orderBy: [['_id', 'asc']],
      limit: MAX_PAGE,
      fields: fields ? { ...fields, _id: true } : undefined,
    });
    out.push(...page);
    if (page.length < MAX_PAGE) return withKeys(name, out);
    after = page[page.length - 1]._id;
  }
}

export async function count(name: CollectionName, where: Where): Promise<number> {
  const res = await run<{ total: number }>(coll(name).where(scoped(name, where)).count());
  return res.total;
}

/**
 * Runs an aggregation (stages as `{ $match: … }`, `{ $group: … }` …) on the call's township's records:
 * the leading `$match` is narrowed to the township (one is added when there is none). Answers the list.
 */
export async function aggregate<T>(name: CollectionName, stages: Record<string, unknown>[]): Promise<T[]> {
  // The township joins the leading $match (one stage the indexes can serve), or leads as its own.
  const [first, ...rest] = stages;
  const leading = first && '$match' in first ? (first.$match as Where) : null;
  const narrowed = scoped(name, leading ?? {});
  let agg = coll(name).aggregate();
  const all = leading
    ? [{ $match: narrowed }, ...rest]
    : Object.keys(narrowed).length
      ? [{ $match: narrowed }, ...stages]
      : stages;
  for (const stage of all) {
    const [key, value] = Object.entries(stage)[0];
    agg = (agg as unknown as Record<string, (v: unknown) => typeof agg>)[key.slice(1)](value);
  }
  const res = (await agg.end()) as { list: T[] };
  return res.list;
}

/** Inserts with the given `_id` (or a generated one) and answers the id. */
export async function insert(name: CollectionName, data: Record<string, unknown>): Promise<string> {
  const res = await run<{ _id: string }>(coll(name).add({ data: stamped(name, data) }));
  return keyOf(name, res._id);
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
  const res = await run<{ stats: { updated: number } }>(
    coll(name)
      .where(scoped(name, where, true))
      .update({ data: withoutTownship(data) }),
  );
  return res.stats.updated;
}

export async function removeWhere(name: CollectionName, where: Where): Promise<number> {
  const res = await run<{ stats: { removed: number } }>(
    coll(name)
      .where(scoped(name, where, true))
      .remove(),
  );
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

/**
 * The document operations CloudBase allows inside a transaction, kept inside the call's township: a
 * document of another township reads as missing and is never changed; a `set` on an id another
 * township holds answers ID_TAKEN (a station code is unique across the county). A document this
 * transaction has read is known to be the township's, so writing it costs no second read.
 */
export class Transaction {
  private readonly own = new Set<string>();
  constructor(private readonly raw: RawTransaction) {}

  private async stored(name: CollectionName, id: string): Promise<Record<string, unknown> | null> {
    try {
      const res = await this.raw.collection(name).doc(storedId(name, id)).get();
      return (res.data as Record<string, unknown>) ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Refuses a write to a document of another township (ID_TAKEN for a `set`, NOT_FOUND otherwise). */
  private async checkWritable(name: CollectionName, id: string, creating: boolean): Promise<void> {
    writingTownship(name);
    const tenancy = tenancyOf(name);
    if (tenancy === 'county' || tenancy === 'keyed' || this.own.has(`${name}/${id}`)) return;
    const doc = await this.stored(name, id);
    if (doc && !visible(name, doc, true)) throw new AppError(creating ? 'ID_TAKEN' : 'NOT_FOUND');
    this.own.add(`${name}/${id}`);
  }

  async get<T>(name: CollectionName, id: string): Promise<T | null> {
    const doc = await this.stored(name, id);
    if (!doc) {
      this.own.add(`${name}/${id}`);
      return null;
    }
    if (!visible(name, doc)) return null;
    if (visible(name, doc, true)) this.own.add(`${name}/${id}`);
    return withKeys(name, [doc as T])[0];
  }
  async insert(name: CollectionName, data: Record<string, unknown>): Promise<string> {
    return keyOf(name, (await this.raw.collection(name).add({ data: stamped(name, data) }))._id);
  }
  async set(name: CollectionName, id: string, data: Record<string, unknown>): Promise<void> {
    await this.checkWritable(name, id, true);
    const { _id: _ignored, ...rest } = stamped(name, data);
    await this.raw.collection(name).doc(storedId(name, id)).set({ data: rest });
  }
  async update(name: CollectionName, id: string, data: Record<string, unknown>): Promise<void> {
    await this.checkWritable(name, id, false);
    await this.raw
      .collection(name)
      .doc(storedId(name, id))
      .update({ data: withoutTownship(data) });
  }
  async remove(name: CollectionName, id: string): Promise<void> {
    await this.checkWritable(name, id, false);
    await this.raw.collection(name).doc(storedId(name, id)).remove();
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
