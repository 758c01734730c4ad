/**
 * The engine uses declared indexes as CloudBase does: a query's answer is the same with or without
 * them, its cost (documents examined) follows what it returns rather than the collection's size, and a
 * query no index serves is reported by shape.
 */
import { EJSON } from 'bson';
import { DatabaseEngine } from '../../local/engine/database';
import type { IndexSpec } from '../../local/engine/indexes';
import { DocumentStore, type Document } from '../../local/engine/store';

const INDEXES: Record<string, IndexSpec[]> = {
  items: [
    { name: 'kind_at', keys: { kind: 1, at: -1 } },
    { name: 'n', keys: { n: 1 } },
    { name: 'tags', keys: { tags: 1 } },
    { name: 'owner', keys: { 'owner.id': 1, n: 1 } },
  ],
};

function engineWith(docs: Document[], indexes?: Record<string, IndexSpec[]>) {
  const store = new DocumentStore(':memory:');
  store.createCollection('items');
  store.commit(docs.map((doc) => ({ collection: 'items', id: doc._id, doc })));
  return { store, engine: new DatabaseEngine(store, undefined, { indexes }) };
}

type Get = { query?: object; order?: object; limit?: number; offset?: number };
function get(engine: DatabaseEngine, p: Get): string[] {
  const res = engine.handle('database.getDocument', {
    collectionName: 'items',
    query: EJSON.stringify(p.query ?? {}),
    order: p.order ? EJSON.stringify(p.order) : undefined,
    limit: p.limit,
    offset: p.offset,
  }) as { data: { list: string[] } };
  return res.data.list.map((s) => (EJSON.parse(s) as Document)._id);
}

// A deterministic spread of documents: kinds, numbers, dates, arrays, nested owners, missing fields.
function docs(n: number): Document[] {
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const d: Document = {
      _id: `d${String(i).padStart(6, '0')}`,
      kind: ['a', 'b', 'c', 'd'][i % 4],
      n: (i * 7919) % 1000,
      at: new Date(base + ((i * 104729) % 100_000) * 60_000),
      tags: i % 5 === 0 ? [] : [`t${i % 3}`, `t${(i + 1) % 7}`],
      owner: { id: `o${i % 13}` },
    };
    if (i % 11 === 0) delete d.at;
    if (i % 17 === 0) d.n = `s${i % 3}` as unknown as number;
    return d;
  });
}

describe('declared indexes', () => {
  const all = docs(3000);
  const plain = engineWith(all).engine;
  const indexed = engineWith(all, INDEXES).engine;
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

  it.each<[string, Get]>([
    ['equality', { query: { kind: 'b' } }],
    ['equality and order on the next key', { query: { kind: 'c' }, order: { at: -1 }, limit: 10 }],
    ['equality, order, skip', { query: { kind: 'a' }, order: { at: -1 }, offset: 25, limit: 7 }],
    ['order against the index direction', { query: { kind: 'a' }, order: { at: 1 }, limit: 5 }],
    ['range', { query: { n: { $gte: 100, $lt: 140 } }, limit: 1000 }],
    ['range, other side', { query: { n: { $gt: 990 } }, limit: 1000 }],
    ['$in', { query: { kind: { $in: ['a', 'd'] }, n: { $lt: 50 } }, limit: 1000 }],
    ['range on dates', { query: { kind: 'd', at: { $gte: at(20_000), $lt: at(30_000) } }, limit: 1000 }],
    ['array values (multikey)', { query: { tags: 't2' }, limit: 1000 }],
    ['nested field', { query: { 'owner.id': 'o3', n: { $gt: 500 } }, limit: 1000 }],
    ['missing as null', { query: { kind: 'a', at: null }, limit: 1000 }],
    [
      '$or of indexed branches',
      { query: { $or: [{ n: 5 }, { kind: 'b', at: { $lt: at(1000) } }] }, limit: 1000 },
    ],
    ['order by an indexed key only', { order: { n: 1 }, limit: 20 }],
    ['string values mixed in with numbers', { query: { n: { $gte: 's0' } }, limit: 1000 }],
  ])('%s: the same answer as a full scan', (_name, p) => {
    const expected = get(plain, p);
    expect(get(indexed, p)).toEqual(expected);
    if (!p.limit || p.limit > 50) expect(expected.length).toBeGreaterThan(0);
  });

  it('stays right as documents are written and removed', () => {
    const { engine, store } = engineWith(docs(200), INDEXES);
    const twin = engineWith(docs(200)).engine;
    for (const e of [engine, twin]) {
      e.handle('database.modifyDocument', {
        collectionName: 'items',
        query: EJSON.stringify({ kind: 'a' }),
        data: EJSON.stringify({ $set: { kind: 'z' } }),
        multi: true,
      });
      e.handle('database.removeDocument', {
        collectionName: 'items',
        query: EJSON.stringify({ n: { $lt: 300 } }),
      });
    }
    store.commit([{ collection: 'items', id: 'new', doc: { _id: 'new', kind: 'z', n: 1 } }]);
    twin.handle('database.insertDocument', {
      collectionName: 'items',
      data: [EJSON.stringify({ _id: 'new', kind: 'z', n: 1 })],
    });
    for (const p of [{ query: { kind: 'z' }, order: { at: -1 }, limit: 100 }, { query: { kind: 'a' } }])
      expect(get(engine, p)).toEqual(get(twin, p));
  });
});

describe('what a query costs', () => {
  const big = engineWith(docs(20_000), INDEXES).engine;
  const cost = (p: Get) => {
    const before = big.examined;
    const ids = get(big, p);
    return { ids, examined: big.examined - before };
  };

  it('an indexed equality examines what it returns, not the collection', () => {
    const { ids, examined } = cost({ query: { 'owner.id': 'o5', n: 77 }, limit: 1000 });
    expect(examined).toBeLessThanOrEqual(ids.length + 1);
  });

  it('orderBy + limit on an index reads only the window', () => {
    const { ids, examined } = cost({ query: { kind: 'b' }, order: { at: -1 }, limit: 10 });
    expect(ids).toHaveLength(10);
    expect(examined).toBe(10);
  });

  it('a query no index serves scans everything and is reported by its shape', () => {
    const { examined } = cost({ query: { 'owner.name': 'x' }, limit: 10 });
    expect(examined).toBe(20_000);
    expect(big.unindexedQueries()).toEqual([
      expect.objectContaining({ collection: 'items', shape: 'items {owner.name: =}', count: 1 }),
    ]);
  });
});

describe('a unique index', () => {
  const unique = { items: [{ name: 'code', keys: { code: 1 as const }, unique: true }] };
  const insert = (engine: DatabaseEngine, doc: Document) =>
    engine.handle('database.insertDocument', { collectionName: 'items', data: [EJSON.stringify(doc)] });

  it('refuses a second document with the same key, as MongoDB does (E11000), and keeps the first', () => {
    const { engine, store } = engineWith([{ _id: 's1', code: 'JG01' }], unique);
    expect(() => insert(engine, { _id: 's2', code: 'JG01' })).toThrow(
      /E11000 duplicate key error collection: items index: code dup key: \["JG01"\]/,
    );
    expect(store.get('items', 's2')).toBeUndefined();
    // Another key, or the same document written again, is fine.
    insert(engine, { _id: 's3', code: 'JG02' });
    engine.handle('database.modifyDocument', {
      collectionName: 'items',
      query: EJSON.stringify({ _id: 's1' }),
      data: EJSON.stringify({ $set: { code: 'JG01', name: 'x' } }),
      multi: false,
    });
    expect(store.get('items', 's1')?.doc).toMatchObject({ code: 'JG01', name: 'x' });
  });

  it('refuses two in one batch', () => {
    const { engine } = engineWith([], unique);
    expect(() =>
      engine.handle('database.insertDocument', {
        collectionName: 'items',
        data: [EJSON.stringify({ _id: 'a', code: 'X' }), EJSON.stringify({ _id: 'b', code: 'X' })],
      }),
    ).toThrow(/E11000/);
  });
});
