/**
 * Serves the database requests wx-server-sdk sends (`database.getDocument`, `insertDocument`, …) with
 * MongoDB query and update semantics (mingo) over the durable DocumentStore, keeping CloudBase's
 * limits: a query with no limit answers 100 documents, never more than 1000.
 *
 * Each request is handled synchronously, so a conditional update (`where({ booked: _.lt(10) })
 * .update({ booked: _.inc(1) })`) is atomic, as it is in CloudBase.
 *
 * Transactions behave as CloudBase documents them (snapshot isolation): reads see the database as it was
 * when the transaction started, plus the transaction's own writes; a write takes a lock on the document;
 * writing a document another open transaction has locked, or one committed by anyone since the snapshot,
 * fails at once with CloudBase's conflict error and aborts the transaction; a plain (non-transaction)
 * write to a locked document waits until the lock is released (commit, abort or the 30 s expiry). Only
 * single-document operations (`doc().get/set/update/remove`, `add`) run inside a transaction.
 */
import { EJSON } from 'bson';
import { randomBytes } from 'node:crypto';
import { update as applyUpdate } from 'mingo/updater';
import { candidates, Index, plan, readsEverything, shapeOf, type IndexSpec, type Order } from './indexes';
import { Aggregator, Query, refuseUnsupported, UnsupportedOperator } from './operators';
import { idKey, type Change, type DocumentStore, type Document, type Write } from './store';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const AGGREGATE_DEFAULT_LIMIT = 20;
const TX_TIMEOUT_MS = 30_000;
/** A batch writing more documents of one collection than this rebuilds its indexes. */
const REBUILD_AFTER = 500;

/** Errors as CloudBase answers them: the SDK throws for any answer carrying a `code`. */
export class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * CloudBase's answer to a write conflict in a transaction, word for word as the service sends it
 * (node-sdk's transaction tests): wx-server-sdk turns it into errCode -501001 with this message.
 */
export function transactionConflict(): DatabaseError {
  return new DatabaseError(
    'DATABASE_TRANSACTION_CONFLICT',
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
  );
}

/** CloudBase's answer to any use of a transaction after its commit, abort, conflict or expiry. */
export function transactionNotExist(): DatabaseError {
  return new DatabaseError(
    'DATABASE_TRANSACTION_FAIL',
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
  );
}

/** CloudBase's answer to any request on a collection that was never created (errCode -502005). */
export function collectionNotExist(): DatabaseError {
  return new DatabaseError(
    'DATABASE_COLLECTION_NOT_EXIST',
    '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem persists, contact us.',
  );
}

/** CloudBase's answer to `createCollection` of a collection that exists (errCode -501001). */
export function collectionExists(): DatabaseError {
  return new DatabaseError(
    'DATABASE_COLLECTION_ALREADY_EXIST',
    '[ResourceUnavailable.ResourceExist] Table exist. Please check your request, but if the problem persists, contact us.',
  );
}

/**
 * A plain write met a document locked by an open transaction: `serve` waits for `until` (the lock is
 * released) and runs the request again. Never sent on the wire.
 */
export class Blocked {
  constructor(readonly until: Promise<void>) {}
}

type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

interface OpenTransaction {
  id: string;
  startedAt: number;
  /**
   * key → the document as it was when the transaction started (null: absent), kept for every document
   * committed since then: the transaction's snapshot, and the set of documents it may no longer write.
   */
  before: Map<string, Document | null>;
  /** key → pending write (the transaction's lock on that document). */
  writes: Map<string, Write>;
  /** Resolved when the transaction ends (requests blocked on its locks run again). */
  ended: Promise<void>;
  end: () => void;
}

export interface EngineOptions {
  /** Declared indexes per collection (server/db/collections.ts); every collection also has `_id`. */
  indexes?: Record<string, readonly IndexSpec[]>;
  /** Told once for each query shape no index serves (a full scan), e.g. to warn in development. */
  onUnindexed?: (shape: UnindexedShape) => void;
}

export interface UnindexedShape {
  collection: string;
  shape: string;
  /** How many times a query of this shape ran. */
  count: number;
}

export class DatabaseEngine {
  private readonly transactions = new Map<string, OpenTransaction>();
  private readonly indexes = new Map<string, Index[]>();
  private readonly unindexed = new Map<string, UnindexedShape>();

  constructor(
    private readonly store: DocumentStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly options: EngineOptions = {},
  ) {
    store.observe((changes) => {
      const byCollection = new Map<string, Change[]>();
      for (const c of changes) {
        const list = byCollection.get(c.write.collection) ?? [];
        list.push(c);
        byCollection.set(c.write.collection, list);
      }
      for (const [collection, list] of byCollection) {
        const built = this.indexes.get(collection);
        if (!built) continue;
        // A big batch (a seed, an import): rebuilding once is cheaper than as many sorted inserts.
        if (list.length > REBUILD_AFTER) {
          this.indexes.delete(collection);
          continue;
        }
        for (const index of built) {
          for (const { before, after } of list) {
            if (before) index.remove(before);
            if (after) index.add(after);
          }
        }
      }
    });
  }

  /** Documents tested against a query so far (what a query costs; indexes keep it near what it returns). */
  examined = 0;

  /** Query shapes no index served so far (full scans), most frequent first. */
  unindexedQueries(): UnindexedShape[] {
    return [...this.unindexed.values()].sort((a, b) => b.count - a.count);
  }

  /** The collection's indexes (`_id` first), built from its documents on first use. */
  private indexesOf(collection: string): Index[] {
    let built = this.indexes.get(collection);
    if (!built) {
      const specs = [
        { name: '_id_', keys: { _id: 1 as const } },
        ...(this.options.indexes?.[collection] ?? []),
      ];
      const entries = [...this.store.entries(collection).values()];
      built = specs.map((spec) => Index.build(spec, entries));
      this.indexes.set(collection, built);
    }
    return built;
  }

  private reportUnindexed(collection: string, shape: string): void {
    const seen = this.unindexed.get(shape);
    if (seen) {
      seen.count++;
      return;
    }
    const entry = { collection, shape, count: 1 };
    this.unindexed.set(shape, entry);
    this.options.onUnindexed?.(entry);
  }

  /** One wire request, waiting while a plain write is blocked by a transaction's lock. */
  async serve(action: string, params: Params): Promise<Answer> {
    for (;;) {
      try {
        return this.handle(action, params);
      } catch (err) {
        if (!(err instanceof Blocked)) throw err;
        await err.until;
      }
    }
  }

  /**
   * One wire request: `action` is e.g. 'database.getDocument'. Answers the response body's fields.
   * Throws `Blocked` for a plain write to a document an open transaction holds (see `serve`).
   */
  handle(action: string, params: Params): Answer {
    this.expireTransactions();
    try {
      return this.dispatch(action, params);
    } catch (err) {
      if (err instanceof DatabaseError || err instanceof Blocked) throw err;
      if (err instanceof UnsupportedOperator)
        throw new DatabaseError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${err.message}`);
      // A query the semantics refuse (e.g. a projection mixing inclusion and exclusion) is the
      // caller's error, answered as CloudBase answers it, not a server crash.
      throw new DatabaseError('DATABASE_REQUEST_FAILED', err instanceof Error ? err.message : String(err));
    }
  }

  private dispatch(action: string, params: Params): Answer {
    if (action === 'database.addCollection') {
      if (!this.store.createCollection(String(params.collectionName))) throw collectionExists();
      return {};
    }
    if (params.collectionName !== undefined && !this.store.hasCollection(String(params.collectionName))) {
      throw collectionNotExist();
    }
    switch (action) {
      case 'database.getDocument':
        return this.getDocument(params);
      case 'database.calculateDocument':
        return { data: { total: this.select(params, { countOnly: true }).length } };
      case 'database.insertDocument':
        return this.insertDocument(params);
      case 'database.modifyDocument':
        return this.modifyDocument(params);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturn(params);
      case 'database.removeDocument':
        return this.removeDocument(params);
      case 'database.aggregateDocuments':
        return this.aggregate(params);
      case 'database.startTransaction':
        return this.startTransaction();
      case 'database.commitTransaction':
        return this.commitTransaction(String(params.transactionId));
      case 'database.abortTransaction':
        this.endTransaction(this.openTransaction(String(params.transactionId)));
        return {};
      default:
        throw new DatabaseError('DATABASE_REQUEST_FAILED', `local cloud does not serve ${action}`);
    }
  }

  // --- reads ---------------------------------------------------------------------------------

  private getDocument(params: Params): Answer {
    const tx = this.transactionOf(params);
    if (tx) {
      const id = this.docIdOf(params);
      const doc = this.readInTx(tx, String(params.collectionName), id);
      return { data: { list: doc ? [toWire(doc)] : [] } };
    }
    const offset = Number(params.offset ?? 0);
    const limit = clampLimit(params.limit);
    const order = params.order ? orderOf(parse(params.order)) : [];
    const docs = this.select(params, { order, offset, limit });
    const projection = params.projection ? parse(params.projection) : undefined;
    const list = projection && Object.keys(projection).length ? project(docs, projection) : docs;
    return { data: { list: list.map(toWire), offset, limit } };
  }

  /**
   * The committed documents a query matches: through the index that serves it best (see indexes.ts),
   * else by scanning the collection (and recording the query's shape). With `order`, sorted; with
   * `limit`, only the window [offset, offset + limit) — read in index order and stopped early when the
   * index gives the order.
   */
  private select(
    params: Params,
    window: { order?: Order; offset?: number; limit?: number; countOnly?: boolean } = {},
  ): Document[] {
    const collection = String(params.collectionName);
    const entries = this.store.entries(collection);
    const query = params.query ? elemMatchOnDocuments(this.decode(parse(params.query))) : {};
    refuseUnsupported(query);
    const order = window.order ?? [];
    const offset = window.offset ?? 0;
    const end = window.limit === undefined ? Number.POSITIVE_INFINITY : offset + window.limit;
    const id = typeof query._id === 'string' ? query._id : undefined;
    if (id !== undefined) {
      const e = entries.get(id);
      return (e && new Query(query).test(e.doc) ? [e.doc] : []).slice(offset, end);
    }
    const q = new Query(query);
    const p = plan(this.indexesOf(collection), query, order);
    let matches: Document[] = [];
    if (!p) {
      const counted = window.countOnly && Object.keys(query).length === 0;
      if (!counted) this.reportUnindexed(collection, shapeOf(collection, query, order));
      this.examined += entries.size;
      for (const e of entries.values()) if (q.test(e.doc)) matches.push(e.doc);
    } else {
      const empty = Object.keys(query).length === 0;
      // Reading an index in order with a limit stops at the limit: only a read of everything is reported.
      const bounded = empty && (window.countOnly || (p.ordered && window.limit !== undefined));
      if (readsEverything(p) && !bounded)
        this.reportUnindexed(collection, `${shapeOf(collection, query, order)} (reads every document)`);
      for (const docId of candidates(p)) {
        const doc = entries.get(docId)?.doc;
        this.examined++;
        if (!doc || !q.test(doc)) continue;
        matches.push(doc);
        if (p.ordered && matches.length >= end) break;
      }
      if (p.ordered) return matches.slice(offset, end);
      // In storage order, as a scan finds them (a stable sort then keeps ties so).
      const seq = (d: Document) => entries.get(idKey(d._id))!.seq;
      matches.sort((a, b) => seq(a) - seq(b));
    }
    if (order.length) matches = sortDocs(matches, order);
    return matches.slice(offset, end);
  }

  private aggregate(params: Params): Answer {
    const stages = (params.stages as { stageKey: string; stageValue: string }[]).map((s) => {
      const value = this.decode(parse(s.stageValue));
      return { [s.stageKey]: s.stageKey === '$match' ? elemMatchOnDocuments(value) : value };
    });
    refuseUnsupported(stages);
    // A leading $match chooses the documents through the indexes, as a find does.
    const first = stages[0] as { $match?: Record<string, unknown> } | undefined;
    const collection = String(params.collectionName);
    let docs: Document[];
    if (first?.$match) docs = this.select({ collectionName: collection, query: first.$match });
    else {
      this.reportUnindexed(collection, `${collection} aggregate without a leading $match`);
      docs = [...this.store.entries(collection).values()].map((e) => e.doc);
    }
    const lookup = (name: string) =>
      this.store.hasCollection(name) ? [...this.store.entries(name).values()].map((e) => e.doc) : [];
    const resolved: Record<string, unknown>[] = stages.map((stage) => {
      const l = (stage as { $lookup?: { from: string } }).$lookup;
      return l ? { $lookup: { ...l, from: lookup(l.from) } } : stage;
    });
    // CloudBase answers 20 documents for a pipeline without $limit; so does this engine, so that code
    // which forgets the $limit fails here first.
    if (!resolved.some((stage) => '$limit' in stage)) resolved.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
    const result = new Aggregator(resolved).run(docs) as Document[];
    return { data: { list: result.map(toWire) } };
  }

  // --- writes --------------------------------------------------------------------------------

  private insertDocument(params: Params): Answer {
    const collection = String(params.collectionName);
    const docs = (params.data as string[]).map((s) => this.decode(parse(s)) as Document);
    const tx = this.transactionOf(params);
    const writes: Write[] = [];
    const ids: (string | number)[] = [];
    for (const raw of docs) {
      refuseDollarFields(raw);
      // A number _id stays a number, as CloudBase keeps it; any other value is taken as its string.
      const given: unknown = raw._id;
      const id = given === undefined ? newId() : typeof given === 'number' ? given : String(given);
      const k = idKey(id);
      const doc = { ...raw, _id: id } as Document;
      const exists = tx ? this.readInTx(tx, collection, k) : this.store.get(collection, k)?.doc;
      if (exists || writes.some((w) => w.id === k)) {
        // CloudBase relays MongoDB's write error (errCode -502001 through wx-server-sdk).
        throw new DatabaseError(
          'DATABASE_REQUEST_FAILED',
          `[FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: ${collection} index: _id_ dup key: { : ${JSON.stringify(id)} }}]}, {<nil>}]`,
        );
      }
      writes.push({ collection, id: k, doc });
      ids.push(id);
    }
    if (tx) writes.forEach((w) => this.writeInTx(tx, w));
    else this.commit(writes);
    return { data: { insertedIds: ids } };
  }

  private modifyDocument(params: Params): Answer {
    const collection = String(params.collectionName);
    const data = this.decode(parse(params.data));
    const merge = params.merge !== false;
    if (!merge) refuseDollarFields(data);
    const tx = this.transactionOf(params);
    if (tx) {
      const id = this.docIdOf(params);
      const current = this.readInTx(tx, collection, id);
      if (!current && !params.upsert) return { data: { updated: 0 } };
      const next = merge ? updated(current ?? { _id: id }, data) : { ...data, _id: id };
      this.writeInTx(tx, { collection, id, doc: next as Document });
      return { data: { updated: current ? 1 : 0, upsert_id: current ? undefined : id } };
    }
    const multi = params.multi !== false;
    let matches = this.select(params);
    if (!multi) matches = matches.slice(0, 1);
    if (matches.length === 0 && params.upsert) {
      const query = params.query ? (this.decode(parse(params.query)) as Record<string, unknown>) : {};
      const id = typeof query._id === 'string' ? query._id : newId();
      const doc = (merge ? updated({ _id: id }, data) : { ...data, _id: id }) as Document;
      this.commit([{ collection, id, doc }]);
      return { data: { updated: 0, upsert_id: id } };
    }
    const writes: Write[] = [];
    for (const current of matches) {
      const next = (merge ? updated(current, data) : { ...data, _id: current._id }) as Document;
      if (!sameDoc(current, next)) writes.push({ collection, id: idKey(current._id), doc: next });
    }
    this.commit(writes);
    // A set() (replace) counts the document it matched, changed or not, as CloudBase does; an update
    // counts only documents it changed.
    return { data: { updated: merge ? writes.length : matches.length } };
  }

  private modifyAndReturn(params: Params): Answer {
    const collection = String(params.collectionName);
    const data = this.decode(parse(params.data));
    const [current] = this.select(params);
    if (!current) return { data: { updated: 0, doc: null } };
    const next = updated(current, data) as Document;
    this.commit([{ collection, id: idKey(current._id), doc: next }]);
    return { data: { updated: 1, doc: toWire(next) } };
  }

  private removeDocument(params: Params): Answer {
    const collection = String(params.collectionName);
    const tx = this.transactionOf(params);
    if (tx) {
      const id = this.docIdOf(params);
      const existed = Boolean(this.readInTx(tx, collection, id));
      this.writeInTx(tx, { collection, id, doc: null });
      return { data: { deleted: existed ? 1 : 0 } };
    }
    let matches = this.select(params);
    if (params.multi === false) matches = matches.slice(0, 1);
    this.commit(matches.map((d) => ({ collection, id: idKey(d._id), doc: null })));
    return { data: { deleted: matches.length } };
  }

  // --- transactions ----------------------------------------------------------------------------

  private startTransaction(): Answer {
    const id = newId();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.transactions.set(id, {
      id,
      startedAt: Date.now(),
      before: new Map(),
      writes: new Map(),
      ended,
      end,
    });
    return { transactionId: id };
  }

  private commitTransaction(id: string): Answer {
    const tx = this.openTransaction(id);
    this.endTransaction(tx);
    this.commit([...tx.writes.values()]);
    return {};
  }

  private openTransaction(id: string): OpenTransaction {
    const tx = this.transactions.get(id);
    if (!tx) throw transactionNotExist();
    return tx;
  }

  private endTransaction(tx: OpenTransaction): void {
    this.transactions.delete(tx.id);
    tx.end();
  }

  private transactionOf(params: Params): OpenTransaction | undefined {
    if (!params.transactionId) return undefined;
    return this.openTransaction(String(params.transactionId));
  }

  private docIdOf(params: Params): string {
    const query = params.query ? (this.decode(parse(params.query)) as Record<string, unknown>) : {};
    const id = params._id ?? query._id;
    if (typeof id !== 'string')
      throw new DatabaseError('DATABASE_REQUEST_FAILED', 'transactions act on one document by _id');
    return id;
  }

  /** The document as the transaction sees it: its own write, else its snapshot. */
  private readInTx(tx: OpenTransaction, collection: string, id: string): Document | null {
    const k = key(collection, id);
    const pending = tx.writes.get(k);
    if (pending) return pending.doc;
    if (tx.before.has(k)) return tx.before.get(k) ?? null;
    return this.store.get(collection, id)?.doc ?? null;
  }

  private writeInTx(tx: OpenTransaction, w: Write): void {
    const k = key(w.collection, w.id);
    const lockedByOther = [...this.transactions.values()].some((o) => o !== tx && o.writes.has(k));
    // Locked by another open transaction, or changed by a commit since this one's snapshot.
    if (lockedByOther || (tx.before.has(k) && !tx.writes.has(k))) {
      this.endTransaction(tx);
      throw transactionConflict();
    }
    tx.writes.set(k, w);
  }

  /**
   * Commits writes outside any transaction's buffer: waits (Blocked) while an open transaction holds one
   * of the documents, and keeps every open transaction's snapshot of what is about to change.
   */
  private commit(writes: Write[]): void {
    if (writes.length === 0) return;
    const open = [...this.transactions.values()];
    for (const w of writes) {
      const k = key(w.collection, w.id);
      const holder = open.find((t) => t.writes.has(k));
      if (holder) throw new Blocked(this.whenEnded(holder));
    }
    this.checkUnique(writes);
    for (const t of open) {
      for (const w of writes) {
        const k = key(w.collection, w.id);
        if (!t.before.has(k)) t.before.set(k, this.store.get(w.collection, w.id)?.doc ?? null);
      }
    }
    this.store.commit(writes);
  }

  /** A declared unique index refuses a second document with the same key, as MongoDB does (E11000). */
  private checkUnique(writes: Write[]): void {
    const byCollection = new Map<string, Write[]>();
    for (const w of writes) byCollection.set(w.collection, [...(byCollection.get(w.collection) ?? []), w]);
    for (const [collection, batch] of byCollection) {
      const unique = (this.options.indexes?.[collection] ?? []).filter((spec) => spec.unique);
      if (unique.length === 0) continue;
      const indexes = this.indexesOf(collection).filter((i) => i.spec.unique);
      const written = new Set(batch.map((w) => w.id));
      for (const index of indexes) {
        const claimed = new Map<string, string>();
        for (const w of batch) {
          if (!w.doc) continue;
          for (const k of index.keysOf(w.doc)) {
            const text = JSON.stringify(k);
            const other =
              claimed.get(text) ?? [...index.scan(k, undefined, false)].find((id) => !written.has(id));
            if (other !== undefined && other !== w.id)
              throw new DatabaseError(
                'DATABASE_REQUEST_FAILED',
                `[FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: ${collection} index: ${index.spec.name} dup key: ${text}}]}, {<nil>}]`,
              );
            claimed.set(text, w.id);
          }
        }
      }
    }
  }

  /** Resolves when `tx` ends, or when it expires. */
  private whenEnded(tx: OpenTransaction): Promise<void> {
    const wait = tx.startedAt + TX_TIMEOUT_MS - Date.now() + 1;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(
        () => {
          this.expireTransactions();
          resolve();
        },
        Math.max(wait, 0),
      );
    });
    return Promise.race([tx.ended, expired]).finally(() => clearTimeout(timer));
  }

  private expireTransactions(): void {
    const limit = Date.now() - TX_TIMEOUT_MS;
    for (const tx of [...this.transactions.values()]) if (tx.startedAt < limit) this.endTransaction(tx);
  }

  // --- values --------------------------------------------------------------------------------

  /** Wire values to JS values: server dates become the clock's time, BSON regexes become RegExps. */
  private decode(value: unknown): Record<string, unknown> {
    return decodeValue(value, this.clock) as Record<string, unknown>;
  }
}

function decodeValue(value: unknown, clock: () => Date): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, clock));
  if (value && typeof value === 'object') {
    if (value instanceof Date || value instanceof RegExp) return value;
    const v = value as Record<string, unknown> & { _bsontype?: string; pattern?: string; options?: string };
    if (v._bsontype === 'BSONRegExp')
      return new RegExp(String(v.pattern), String(v.options ?? '').replace(/[^imsu]/g, ''));
    if (v._bsontype) return value;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$tcb_server_date') {
      const offset = Number((v.$tcb_server_date as { offset?: number })?.offset ?? 0);
      return new Date(clock().getTime() + offset);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decodeValue(v[k], clock);
    return out;
  }
  return value;
}

/** Query operators that take a whole document (not one field's value) as their subject. */
const DOCUMENT_OPERATORS = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment']);
const IS_DOCUMENT = { $expr: { $eq: [{ $type: '$$ROOT' }, 'object'] } };

/**
 * Works around a defect of mingo 7.2.7 (tests/local/mingo-defects.test.ts tells when an upgrade fixes
 * it): `$elemMatch` with field conditions (`{ tags: { $elemMatch: { value: { $exists: true } } } }`) matches
 * arrays of plain values. In MongoDB (and CloudBase) field conditions only match elements that are
 * documents, so such an `$elemMatch` also requires its element to be one. `$elemMatch` on operators
 * (`{ $gt: 3 }`) tests the element itself and is left alone.
 */
export function elemMatchOnDocuments<T>(query: T): T {
  if (Array.isArray(query)) return query.map((q) => elemMatchOnDocuments(q)) as T;
  if (!isPlainObject(query)) return query;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const inner = elemMatchOnDocuments(v);
    const fieldConditions =
      k === '$elemMatch' &&
      inner !== null &&
      typeof inner === 'object' &&
      !Array.isArray(inner) &&
      Object.keys(inner).some((key) => !key.startsWith('$') || DOCUMENT_OPERATORS.has(key));
    out[k] = fieldConditions ? { $and: [inner, IS_DOCUMENT] } : inner;
  }
  return out as T;
}

function parse(value: unknown): Record<string, unknown> {
  return (typeof value === 'string' ? EJSON.parse(value, { relaxed: true }) : (value ?? {})) as Record<
    string,
    unknown
  >;
}

function toWire(doc: unknown): string {
  return EJSON.stringify(objectIdsAsStrings(doc) as Document, { relaxed: false });
}

/** CloudBase answers an ObjectId field (any field, `_id` too) as its hex string. */
function objectIdsAsStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(objectIdsAsStrings);
  const v = value as { _bsontype?: string; toHexString?: () => string };
  if (v && (v._bsontype === 'ObjectID' || v._bsontype === 'ObjectId')) return v.toHexString!();
  // Only plain objects are walked (a Date from another realm fails `instanceof Date`).
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) out[k] = objectIdsAsStrings(x);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    Object.prototype.toString.call(value) === '[object Object]' &&
    !(value as { _bsontype?: string })._bsontype
  );
}

/** MongoDB (and so CloudBase) refuses to store a field whose name begins with `$`. */
function refuseDollarFields(value: unknown, at = ''): void {
  if (Array.isArray(value)) return value.forEach((v) => refuseDollarFields(v, at));
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const path = at ? `${at}.${k}` : k;
    if (k.startsWith('$'))
      throw new DatabaseError(
        'DATABASE_REQUEST_FAILED',
        `[FailedOperation] The dollar ($) prefixed field '${k}' in '${path}' is not valid for storage.`,
      );
    refuseDollarFields(v, path);
  }
}

function clampLimit(limit: unknown): number {
  const n = Number(limit);
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_LIMIT;
  return Math.min(Math.trunc(n), MAX_LIMIT);
}

/** The wire's order ({ field: 1 | -1 | 'asc' | 'desc' }) as [field, direction] pairs. */
function orderOf(order: Record<string, unknown>): Order {
  return Object.entries(order).map(([k, v]) => [k, Number(v) < 0 || v === 'desc' ? -1 : 1]);
}

function sortDocs(docs: Document[], order: Order): Document[] {
  const spec: Record<string, 1 | -1> = {};
  for (const [k, d] of order) spec[k] = d;
  return new Query({}).find<Document>(docs).sort(spec).all();
}

function project(docs: Document[], projection: Record<string, unknown>): Document[] {
  // Operators ($slice, $elemMatch) are passed on; anything else is inclusion (truthy) or exclusion.
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(projection))
    spec[k] = v && typeof v === 'object' && !Array.isArray(v) ? v : v ? 1 : 0;
  return new Query({}).find<Document>(docs, spec as never).all();
}

function updated(current: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const hasOperators = Object.keys(data).some((k) => k.startsWith('$'));
  const modifier = hasOperators ? data : { $set: data };
  checkOperandTypes(current, modifier);
  const next = structuredClone(current);
  applyUpdate(next, modifier, undefined, undefined, { cloneMode: 'deep' });
  return next;
}

const NUMERIC_UPDATES = ['$inc', '$mul'];
const ARRAY_UPDATES = ['$push', '$addToSet', '$pull', '$pullAll', '$pop'];

/**
 * MongoDB (and so CloudBase) fails an update that increments a string or pushes onto a non-array; mingo
 * silently skips it, which would answer `updated: 0` as if a condition had not held.
 */
function checkOperandTypes(doc: Record<string, unknown>, modifier: Record<string, unknown>): void {
  for (const [op, fields] of Object.entries(modifier)) {
    const numeric = NUMERIC_UPDATES.includes(op);
    if (!numeric && !ARRAY_UPDATES.includes(op)) continue;
    for (const field of Object.keys((fields ?? {}) as object)) {
      const value = valueAt(doc, field);
      if (value === undefined) continue;
      if (numeric ? typeof value !== 'number' : !Array.isArray(value)) {
        const kind = numeric ? 'non-numeric' : 'non-array';
        throw new DatabaseError(
          'DATABASE_REQUEST_FAILED',
          `Cannot apply ${op} to a ${kind} value at ${field}`,
        );
      }
    }
  }
}

function valueAt(doc: unknown, dotted: string): unknown {
  let v = doc;
  for (const part of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function sameDoc(a: unknown, b: unknown): boolean {
  return (
    EJSON.stringify(a as Document, { relaxed: false }) === EJSON.stringify(b as Document, { relaxed: false })
  );
}

function key(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

function newId(): string {
  return randomBytes(16).toString('hex');
}
