/**
 * Contract: the local cloud answers the real wx-server-sdk (4.0.2, pinned) as CloudBase does.
 * Every request below goes SDK → HTTP POST /admin → DatabaseEngine → DocumentStore, unchanged.
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { COLLECTIONS } from '../../server/db/collections';
import type { CollectionName, CollectionSpec } from '../../server/db/collections';

/** Collections of these tests only: not the product's (server/db/collections.ts), so cast. */
const T_ACCT = 'acct' as CollectionName;
const T_BULK = 'bulk' as CollectionName;
const T_NEVERCREATED = 'neverCreated' as CollectionName;
const T_PEOPLE = 'people' as CollectionName;
const T_SLOTS = 'slots' as CollectionName;
const T_WIRE = 'wire' as CollectionName;

// The SDK's typings answer `Promise<X> | void | string` and type commands loosely; the contract is about
// the values that come back, so the database handle is read loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Row = Record<string, unknown> & { _id: string };
type CollectionModule = typeof import('../../server/db/collection');

jest.setTimeout(60_000);

let lc: LocalCloud;
let cloud: typeof import('wx-server-sdk');
let db: Loose;
let _: Loose;
let col: CollectionModule;

beforeAll(async () => {
  lc = await startLocalCloud({ dataDir: null });
  // Required only now: the FunctionHost has pointed the SDK at the local cloud (process.env).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  db = cloud.database();
  _ = db.command;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  col = require('../../server/db/collection');
  // Collections exist only once created, as in CloudBase: the suite's scratch ones are made here.
  for (const name of SCRATCH) await db.createCollection(name);
  declareScratchCollections();
});

afterAll(async () => {
  await lc.stop();
});

/** The rejection of `p` (fails the test if it resolves). */
async function rejection(
  p: Promise<unknown>,
): Promise<{ errCode?: number; errMsg?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string };
  }
  throw new Error('expected a rejection');
}

const ids = (rows: Row[]) => rows.map((r) => r._id);

/** The product's collections, before the scratch ones are declared. */
const PRODUCT_COLLECTIONS = Object.keys(COLLECTIONS);

/**
 * The scratch collections hold no township's records: declared to the database layer
 * (server/db/collection.ts, which keeps every declared collection's tenancy) as the county's, so the
 * mechanics tested here (paging, conditional updates, transactions) run as the SDK runs them, unnarrowed.
 * Their township narrowing is tests/local/db.tenancy.test.ts's.
 */
function declareScratchCollections(): void {
  const registry = COLLECTIONS as unknown as Record<string, CollectionSpec>;
  for (const name of [...SCRATCH, T_NEVERCREATED])
    registry[name] = { tenancy: 'county', purpose: 'engine contract scratch collection', indexes: [] };
}

const SCRATCH = [
  T_ACCT,
  'add',
  'numid',
  T_BULK,
  'dates',
  'docget',
  'ordered',
  'orders',
  T_PEOPLE,
  'rm',
  'setc',
].concat([T_SLOTS, 'upd', 'wire']);

describe('collections exist only once created', () => {
  const missing = () => db.collection(T_NEVERCREATED);
  const expectNotExist = (err: { errCode?: number; errMsg?: string }) => {
    expect(err.errCode).toBe(-502005);
    expect(err.errMsg).toContain('[ResourceNotFound] Db or Table not exist.');
  };

  it('every request on a collection never created fails with DATABASE_COLLECTION_NOT_EXIST', async () => {
    expectNotExist(await rejection(missing().get()));
    expectNotExist(await rejection(missing().where({ a: 1 }).count()));
    expectNotExist(await rejection(missing().add({ data: { a: 1 } })));
    expectNotExist(await rejection(missing().doc('x').get()));
    expectNotExist(
      await rejection(
        missing()
          .doc('x')
          .set({ data: { a: 1 } }),
      ),
    );
    expectNotExist(
      await rejection(
        missing()
          .where({ a: 1 })
          .update({ data: { a: 2 } }),
      ),
    );
    expectNotExist(await rejection(missing().where({ a: 1 }).remove()));
    // aggregate() and createCollection() reach the caller as node-sdk raised them (wx-server-sdk does not
    // map their codes): the raw code, errCode -1.
    const agg = (await rejection(missing().aggregate().match({}).end())) as {
      code?: string;
      errMsg?: string;
    };
    expect(agg.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(agg.errMsg).toContain('[ResourceNotFound] Db or Table not exist.');
    expect(col.isCollectionMissing(agg)).toBe(true);
    const t = await db.startTransaction();
    expectNotExist(
      await rejection(
        t
          .collection(T_NEVERCREATED)
          .doc('x')
          .set({ data: { a: 1 } }),
      ),
    );
    await t.rollback();
    expect(lc.store.hasCollection(T_NEVERCREATED)).toBe(false);
  });

  it('a missing collection is not a missing document (no silent null)', async () => {
    const err = await rejection(col.transaction((tx) => tx.get(T_NEVERCREATED, 'x')));
    expectNotExist(err as { errCode?: number; errMsg?: string });
    expect(col.isNotFound(err)).toBe(false);
  });

  it('createCollection makes an empty one; creating it again fails as in CloudBase', async () => {
    await db.createCollection('madeHere');
    expect((await db.collection('madeHere').get()).data).toEqual([]);
    const again = (await rejection(db.createCollection('madeHere'))) as { code?: string; errMsg?: string };
    expect(again.code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
    expect(again.errMsg).toContain('[ResourceUnavailable.ResourceExist] Table exist.');
  });

  it('the collections server/db/collections.ts declares exist from the start', async () => {
    for (const name of PRODUCT_COLLECTIONS) expect(lc.store.hasCollection(name)).toBe(true);
    expect(((await rejection(db.createCollection('opinions'))) as { code?: string }).code).toBe(
      'DATABASE_COLLECTION_ALREADY_EXIST',
    );
  });
});

describe('add', () => {
  it('inserts one document and answers a generated _id', async () => {
    const res = await db.collection('add').add({ data: { name: '张三', n: 1 } });
    expect(typeof res._id).toBe('string');
    expect(res._id.length).toBeGreaterThan(0);
    const got = await db.collection('add').doc(res._id).get();
    expect(got.data).toEqual({ _id: res._id, name: '张三', n: 1 });
  });

  it('keeps an explicit _id', async () => {
    const res = await db.collection('add').add({ data: { _id: 'fixed-1', n: 2 } });
    expect(res._id).toBe('fixed-1');
    expect(lc.store.get('add', 'fixed-1')?.doc).toEqual({ _id: 'fixed-1', n: 2 });
  });

  it('keeps a number _id a number: another document than the string of its digits, as CloudBase does', async () => {
    // CloudBase: add() answers `_id` String | Number; the document keeps the number (MongoDB typed _id).
    const res = await db.collection('numid').add({ data: { _id: 7, n: 1 } });
    expect(res._id).toBe(7);
    await db.collection('numid').add({ data: { _id: '7', n: 2 } });
    expect((await db.collection('numid').where({ _id: 7 }).get()).data).toEqual([{ _id: 7, n: 1 }]);
    expect((await db.collection('numid').where({ _id: '7' }).get()).data).toEqual([{ _id: '7', n: 2 }]);
    expect((await db.collection('numid').where({ n: 1 }).get()).data).toEqual([{ _id: 7, n: 1 }]);
    await db
      .collection('numid')
      .where({ _id: 7 })
      .update({ data: { n: 3 } });
    expect((await db.collection('numid').where({ _id: 7 }).get()).data).toEqual([{ _id: 7, n: 3 }]);
    const err = await rejection(db.collection('numid').add({ data: { _id: 7, n: 4 } }));
    expect((err as { errMsg?: string }).errMsg).toContain('dup key: { : 7 }');
    await db.collection('numid').where({ _id: 7 }).remove();
    expect((await db.collection('numid').where({ _id: 7 }).count()).total).toBe(0);
    expect((await db.collection('numid').where({ _id: '7' }).count()).total).toBe(1);
  });

  it('refuses a duplicate _id and keeps the first document', async () => {
    await db.collection('add').add({ data: { _id: 'dup', v: 'first' } });
    const err = await rejection(db.collection('add').add({ data: { _id: 'dup', v: 'second' } }));
    expect(col.isDuplicateKey(err)).toBe(true);
    // As CloudBase relays MongoDB's write error.
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain(
      '[FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: add index: _id_ dup key: { : "dup" }}]}',
    );
    expect((await db.collection('add').doc('dup').get()).data.v).toBe('first');
  });

  it('inserts many at once, or none when one of them is a duplicate', async () => {
    const res = await db.collection('add').add({ data: [{ _id: 'm1' }, { _id: 'm2' }] });
    expect(res._ids).toEqual(['m1', 'm2']);
    await rejection(db.collection('add').add({ data: [{ _id: 'm3' }, { _id: 'm1' }] }));
    expect((await db.collection('add').where({ _id: 'm3' }).count()).total).toBe(0);
  });
});

describe('doc().get', () => {
  beforeAll(async () => {
    await db.collection('docget').add({ data: { _id: 'here', a: { b: [1, 2] } } });
  });

  it('answers the document', async () => {
    const res = await db.collection('docget').doc('here').get();
    expect(res.data).toEqual({ _id: 'here', a: { b: [1, 2] } });
  });

  it('fails for a missing document, as CloudBase does', async () => {
    const err = await rejection(db.collection('docget').doc('missing').get());
    expect(err.errMsg).toMatch(/does not exist/);
    expect(col.isNotFound(err)).toBe(true);
  });

  it('answers only the projected fields with field()', async () => {
    const res = await db.collection('docget').doc('here').field({ 'a.b': true }).get();
    expect(res.data).toEqual({ _id: 'here', a: { b: [1, 2] } });
    const none = await db.collection('docget').doc('here').field({ a: false }).get();
    expect(none.data).toEqual({ _id: 'here' });
  });
});

describe('where with query commands', () => {
  const c = () => db.collection(T_PEOPLE);
  beforeAll(async () => {
    await c().add({
      data: [
        {
          _id: 'p1',
          name: 'Alice',
          age: 30,
          tags: ['a', 'b'],
          addr: { city: '杭州', zip: '310000' },
          scores: [{ k: 'x', v: 5 }],
        },
        {
          _id: 'p2',
          name: 'bob',
          age: 25,
          tags: ['b'],
          addr: { city: '宁波', zip: '315000' },
          scores: [{ k: 'x', v: 1 }],
        },
        { _id: 'p3', name: 'Carol', age: 35, tags: [], addr: { city: '杭州', zip: '311000' } },
        { _id: 'p4', name: 'ALBERT', age: 40, nick: null },
      ],
    });
  });
  const find = async (where: Loose): Promise<string[]> => ids((await c().where(where).get()).data).sort();

  it.each([
    ['eq', () => ({ age: _.eq(30) }), ['p1']],
    ['neq (also matches a missing field)', () => ({ tags: _.neq(['b']) }), ['p1', 'p3', 'p4']],
    ['gt', () => ({ age: _.gt(30) }), ['p3', 'p4']],
    ['gte', () => ({ age: _.gte(30) }), ['p1', 'p3', 'p4']],
    ['lt', () => ({ age: _.lt(30) }), ['p2']],
    ['lte', () => ({ age: _.lte(30) }), ['p1', 'p2']],
    ['in', () => ({ name: _.in(['bob', 'Carol', 'nobody']) }), ['p2', 'p3']],
    ['nin', () => ({ age: _.nin([25, 30]) }), ['p3', 'p4']],
    ['and on one field', () => ({ age: _.gt(25).and(_.lt(40)) }), ['p1', 'p3']],
    ['and of queries', () => _.and([{ age: _.gte(30) }, { 'addr.city': '杭州' }]), ['p1', 'p3']],
    ['or of queries', () => _.or([{ age: _.lt(26) }, { name: 'ALBERT' }]), ['p2', 'p4']],
    ['or on one field', () => ({ age: _.lt(26).or(_.gt(39)) }), ['p2', 'p4']],
    ['exists(true)', () => ({ addr: _.exists(true) }), ['p1', 'p2', 'p3']],
    ['exists(false)', () => ({ tags: _.exists(false) }), ['p4']],
    ['exists on a null field', () => ({ nick: _.exists(true) }), ['p4']],
    ['elemMatch', () => ({ scores: _.elemMatch({ k: 'x', v: _.gt(2) }) }), ['p1']],
    ['size', () => ({ tags: _.size(0) }), ['p3']],
    ['an array field equals one of its elements', () => ({ tags: 'b' }), ['p1', 'p2']],
    ['a nested object matches by its fields', () => ({ addr: { city: '杭州' } }), ['p1', 'p3']],
    ['a dotted path', () => ({ 'addr.zip': _.gte('311000') }), ['p2', 'p3']],
    ['a dotted path into an array', () => ({ 'scores.0.v': 1 }), ['p2']],
    [
      'db.RegExp, case-insensitive',
      () => ({ name: db.RegExp({ regexp: '^al', options: 'i' }) }),
      ['p1', 'p4'],
    ],
    ['db.RegExp, case-sensitive', () => ({ name: db.RegExp({ regexp: '^Al' }) }), ['p1']],
    ['a JS RegExp', () => ({ name: /^B/i }), ['p2']],
  ])('%s', async (_name, where, expected) => {
    expect(await find(where())).toEqual(expected);
  });
});

describe('elemMatch', () => {
  beforeAll(async () => {
    await db.collection(T_PEOPLE).add({
      data: [
        { _id: 'em1', langs: ['JavaScript', 'C#'] },
        { _id: 'em2', langs: [{ value: 'Go' }, 'x'] },
        { _id: 'em3', langs: [{ other: 1 }] },
      ],
    });
  });

  it('with field conditions matches only elements that are documents (as MongoDB does)', async () => {
    const res = await db
      .collection(T_PEOPLE)
      .where({ langs: _.elemMatch({ value: _.exists(true) }) })
      .get();
    expect(ids(res.data)).toEqual(['em2']);
    const agg = await db
      .collection(T_PEOPLE)
      .aggregate()
      .match({ langs: _.elemMatch({ value: _.exists(true) }) })
      .end();
    expect(ids(agg.list)).toEqual(['em2']);
  });

  it('with operator conditions tests the values themselves', async () => {
    const res = await db
      .collection(T_PEOPLE)
      .where({ langs: _.elemMatch(_.gt('D')) })
      .get();
    expect(ids(res.data).sort()).toEqual(['em1', 'em2']);
  });
});

describe('dates', () => {
  it('round-trip as Date objects, nested and in arrays, and compare as dates', async () => {
    const at = new Date('2024-03-05T01:02:03.004Z');
    await db.collection('dates').add({ data: { _id: 'd1', at, nested: { list: [at] } } });
    await db.collection('dates').add({ data: { _id: 'd2', at: new Date('2025-01-01T00:00:00Z') } });
    const { data } = await db.collection('dates').doc('d1').get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.toISOString()).toBe(at.toISOString());
    expect(data.nested.list[0]).toBeInstanceOf(Date);
    const later = await db
      .collection('dates')
      .where({ at: _.gt(new Date('2024-12-31T00:00:00Z')) })
      .get();
    expect(ids(later.data)).toEqual(['d2']);
  });

  it('keep being dates through an update', async () => {
    const at = new Date('2023-01-01T00:00:00Z');
    await db.collection('dates').add({ data: { _id: 'd3', n: 0 } });
    await db
      .collection('dates')
      .doc('d3')
      .update({ data: { at, hist: _.push(at) } });
    const { data } = await db.collection('dates').doc('d3').get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.hist[0]).toBeInstanceOf(Date);
    expect(data.hist[0].getTime()).toBe(at.getTime());
  });

  it('stores db.serverDate() as the server time, with its offset', async () => {
    const before = Date.now();
    await db
      .collection('dates')
      .add({ data: { _id: 'sd', at: db.serverDate(), later: db.serverDate({ offset: 3_600_000 }) } });
    const after = Date.now();
    const { data } = await db.collection('dates').doc('sd').get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(data.at.getTime()).toBeLessThanOrEqual(after);
    expect(data.later.getTime() - data.at.getTime()).toBe(3_600_000);
  });
});

describe('orderBy, skip, limit, field, count', () => {
  const c = () => db.collection('ordered');
  beforeAll(async () => {
    await c().add({
      data: [
        { _id: 'o1', g: 'b', n: 2, extra: 'x' },
        { _id: 'o2', g: 'a', n: 2, extra: 'x' },
        { _id: 'o3', g: 'a', n: 9, extra: 'x' },
        { _id: 'o4', g: 'b', n: 1, extra: 'x' },
        { _id: 'o5', g: 'c', n: 5, extra: 'x' },
      ],
    });
  });

  it('orders by several keys, asc and desc', async () => {
    const res = await c().orderBy('g', 'asc').orderBy('n', 'desc').get();
    expect(ids(res.data)).toEqual(['o3', 'o2', 'o1', 'o4', 'o5']);
    const res2 = await c().orderBy('n', 'desc').orderBy('_id', 'asc').get();
    expect(ids(res2.data)).toEqual(['o3', 'o5', 'o1', 'o2', 'o4']);
  });

  it('skips and limits after ordering', async () => {
    const res = await c().orderBy('n', 'asc').orderBy('_id', 'asc').skip(1).limit(2).get();
    expect(ids(res.data)).toEqual(['o1', 'o2']);
    const past = await c().skip(10).get();
    expect(past.data).toEqual([]);
  });

  it('projects fields (inclusion keeps _id; exclusion drops only what is named)', async () => {
    const inc = await c().where({ _id: 'o1' }).field({ n: true }).get();
    expect(inc.data).toEqual([{ _id: 'o1', n: 2 }]);
    const exc = await c().where({ _id: 'o1' }).field({ extra: false }).get();
    expect(exc.data).toEqual([{ _id: 'o1', g: 'b', n: 2 }]);
  });

  it('counts what matches', async () => {
    expect((await c().count()).total).toBe(5);
    expect((await c().where({ g: 'a' }).count()).total).toBe(2);
    await db.createCollection('never-written');
    expect((await db.collection('never-written').count()).total).toBe(0);
    expect((await rejection(db.collection('never-created').count())).errCode).toBe(-502005);
  });
});

describe('update', () => {
  const c = () => db.collection('upd');
  const read = async (id: string) => (await c().doc(id).get()).data;

  beforeEach(async () => {
    await c()
      .where({ _id: _.exists(true) })
      .remove();
    await c().add({
      data: { _id: 'u', n: 1, tags: ['a', 'b'], obj: { x: 1, y: 2 }, gone: true, list: [3, 1, 2] },
    });
  });

  it('_.inc, _.set and a plain value', async () => {
    const res = await c()
      .doc('u')
      .update({ data: { n: _.inc(4), obj: _.set({ z: 9 }), added: 'new' } });
    expect(res.stats.updated).toBe(1);
    expect(await read('u')).toMatchObject({ n: 5, obj: { z: 9 }, added: 'new' });
    expect((await read('u')).obj).toEqual({ z: 9 });
  });

  it('a plain nested object merges into the existing one', async () => {
    await c()
      .doc('u')
      .update({ data: { obj: { y: 20, w: 4 } } });
    expect((await read('u')).obj).toEqual({ x: 1, y: 20, w: 4 });
  });

  it('_.push, _.unshift, _.pull, _.addToSet', async () => {
    await c()
      .doc('u')
      .update({ data: { tags: _.push(['c', 'd']) } });
    await c()
      .doc('u')
      .update({ data: { tags: _.unshift('z') } });
    expect((await read('u')).tags).toEqual(['z', 'a', 'b', 'c', 'd']);
    await c()
      .doc('u')
      .update({ data: { tags: _.pull('b') } });
    await c()
      .doc('u')
      .update({ data: { tags: _.addToSet('a') } });
    await c()
      .doc('u')
      .update({ data: { tags: _.addToSet('q') } });
    expect((await read('u')).tags).toEqual(['z', 'a', 'c', 'd', 'q']);
    await c()
      .doc('u')
      .update({ data: { list: _.pull(_.gte(2)) } });
    expect((await read('u')).list).toEqual([1]);
  });

  it('_.remove unsets a field, also a nested one', async () => {
    await c()
      .doc('u')
      .update({ data: { gone: _.remove(), obj: { x: _.remove() } } });
    const doc = await read('u');
    expect(doc).not.toHaveProperty('gone');
    expect(doc.obj).toEqual({ y: 2 });
  });

  it('_.mul, _.max, _.min, _.pop, _.shift, _.rename', async () => {
    await c()
      .doc('u')
      .update({ data: { n: _.mul(10), hi: _.max(3), list: _.pop() } });
    await c()
      .doc('u')
      .update({ data: { n: _.min(7), list: _.shift(), hi: _.rename('top') } });
    expect(await read('u')).toMatchObject({ n: 7, list: [1], top: 3 });
    expect(await read('u')).not.toHaveProperty('hi');
  });

  it('an operator on a value of the wrong type fails, as in CloudBase, and changes nothing', async () => {
    await c()
      .doc('u')
      .update({ data: { s: 'text' } });
    const inc = await rejection(
      c()
        .doc('u')
        .update({ data: { s: _.inc(1), n: _.inc(1) } }),
    );
    expect(inc.errMsg).toMatch(/\$inc/);
    await rejection(
      c()
        .doc('u')
        .update({ data: { obj: _.push('x') } }),
    );
    await rejection(
      c()
        .where({ _id: 'u' })
        .update({ data: { 'obj.x': _.push(1) } }),
    );
    expect(await read('u')).toMatchObject({ n: 1, s: 'text', obj: { x: 1, y: 2 } });
  });

  it('where().update changes every match and answers how many changed', async () => {
    await c().add({
      data: [
        { _id: 'w1', k: 1 },
        { _id: 'w2', k: 1 },
        { _id: 'w3', k: 2 },
      ],
    });
    const res = await c()
      .where({ k: 1 })
      .update({ data: { seen: true } });
    expect(res.stats.updated).toBe(2);
    expect((await c().where({ seen: true }).count()).total).toBe(2);
  });

  it('a missing document or an unmet condition updates nothing', async () => {
    const res = await c()
      .doc('nope')
      .update({ data: { n: 1 } });
    expect(res.stats.updated).toBe(0);
    const cond = await c()
      .where({ _id: 'u', n: _.gt(100) })
      .update({ data: { n: 0 } });
    expect(cond.stats.updated).toBe(0);
    expect((await read('u')).n).toBe(1);
    expect((await c().count()).total).toBe(1);
  });
});

describe('doc().set', () => {
  const c = () => db.collection('setc');

  it('replaces the whole document', async () => {
    await c().add({ data: { _id: 's1', a: 1, b: { c: 2 } } });
    const res = await c()
      .doc('s1')
      .set({ data: { z: 1 } });
    expect(res.stats.updated).toBe(1);
    expect((await c().doc('s1').get()).data).toEqual({ _id: 's1', z: 1 });
  });

  it('creates the document when it does not exist (upsert)', async () => {
    const res = await c()
      .doc('s2')
      .set({ data: { fresh: true } });
    expect(res.stats.created).toBe(1);
    expect(res._id).toBe('s2');
    expect((await c().doc('s2').get()).data).toEqual({ _id: 's2', fresh: true });
  });
});

describe('remove', () => {
  const c = () => db.collection('rm');
  beforeAll(async () => {
    await c().add({
      data: [
        { _id: 'r1', k: 1 },
        { _id: 'r2', k: 1 },
        { _id: 'r3', k: 2 },
        { _id: 'r4', k: 3 },
      ],
    });
  });

  it('by where removes every match', async () => {
    const res = await c().where({ k: 1 }).remove();
    expect(res.stats.removed).toBe(2);
    expect(ids((await c().orderBy('_id', 'asc').get()).data)).toEqual(['r3', 'r4']);
  });

  it('by doc removes that document only', async () => {
    const res = await c().doc('r3').remove();
    expect(res.stats.removed).toBe(1);
    expect(ids((await c().get()).data)).toEqual(['r4']);
    expect((await c().doc('r3').remove()).stats.removed).toBe(0);
  });
});

describe('smaller differences, as CloudBase answers them', () => {
  const c = () => db.collection(T_PEOPLE);

  it('set() that changes nothing still counts the document it replaced', async () => {
    await c().add({ data: { _id: 'same', v: 1 } });
    const res = await c()
      .doc('same')
      .set({ data: { v: 1 } });
    expect(res.stats.updated).toBe(1);
    // update() counts only what it changed.
    expect(
      (
        await c()
          .doc('same')
          .update({ data: { v: 1 } })
      ).stats.updated,
    ).toBe(0);
  });

  it('projection $slice and $elemMatch', async () => {
    await c().add({ data: { _id: 'proj', arr: [1, 2, 3, 4], subs: [{ k: 1 }, { k: 2 }] } });
    const res = await c()
      .doc('proj')
      .field({ arr: _.project.slice(2), subs: _.project.elemMatch({ k: 2 }) })
      .get();
    expect(res.data).toEqual({ _id: 'proj', arr: [1, 2], subs: [{ k: 2 }] });
  });

  it('an ObjectId field comes back as its hex string, and queries by ObjectId match it', async () => {
    const hex = '5f1b7c9e2f8f1a0001a1b2c3';
    const raw = db._db as Loose;
    await c().add({ data: { _id: 'oid', ref: raw.ObjectId({ id: hex }) } });
    expect((await c().doc('oid').get()).data.ref).toBe(hex);
    const found = await c()
      .where({ ref: raw.ObjectId({ id: hex }) })
      .get();
    expect(ids(found.data)).toEqual(['oid']);
    const added = await c().add({ data: { _id: raw.ObjectId({ id: '5f1b7c9e2f8f1a0001a1b2c4' }) } });
    expect(added._id).toBe('5f1b7c9e2f8f1a0001a1b2c4');
  });

  it('refuses field names that begin with $', async () => {
    const err = await rejection(c().add({ data: { _id: 'dollar', nested: { $bad: 1 } } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain(
      "The dollar ($) prefixed field '$bad' in 'nested.$bad' is not valid for storage.",
    );
    expect(await col.findById(T_PEOPLE, 'dollar')).toBeNull();
  });

  it('$substr with a negative length runs to the end; $week counts as MongoDB; $indexOfCP', async () => {
    await c().add({
      data: {
        _id: 'expr',
        s: '代表联络站',
        d: new Date('2024-01-07T00:00:00Z'),
        e: new Date('2024-01-06T00:00:00Z'),
      },
    });
    const $ = db.command.aggregate;
    const res = await c()
      .aggregate()
      .match({ _id: 'expr' })
      .project({
        _id: 0,
        rest: $.substr(['$s', 3, -1]),
        week: $.week('$d'),
        week0: $.week('$e'),
        at: $.indexOfCP(['$s', '联络']),
      })
      .end();
    expect(res.list).toEqual([{ rest: '表联络站', week: 1, week0: 0, at: 2 }]);
  });

  it('geo queries and $jsonSchema are refused with a database error, never answered wrongly', async () => {
    const geo = await rejection(
      c()
        .where({ loc: _.geoWithin({ centerSphere: [[120, 30], 0.01] }) })
        .get(),
    );
    expect(geo.errCode).toBe(-502001);
    expect(geo.errMsg).toContain('[FailedOperation] unknown operator: $geoWithin');
    const near = await rejection(
      c()
        .aggregate()
        .geoNear({ near: new db.Geo.Point(120, 30), distanceField: 'd' })
        .end(),
    );
    expect(String(near.errMsg ?? near.message)).toContain('unknown operator: $geoNear');
  });
});

describe('aggregate', () => {
  let $: Loose;
  beforeAll(async () => {
    $ = _.aggregate;
    await db.collection('orders').add({
      data: [
        { _id: 'a1', user: 'u1', amount: 10, items: ['pen', 'ink'], at: new Date('2024-01-02T00:00:00Z') },
        { _id: 'a2', user: 'u1', amount: 5, items: ['pen'], at: new Date('2024-02-02T00:00:00Z') },
        { _id: 'a3', user: 'u2', amount: 7, items: [], at: new Date('2024-03-02T00:00:00Z') },
        { _id: 'a4', user: 'u3', amount: 1, items: ['cap'], at: new Date('2023-03-02T00:00:00Z') },
      ],
    });
    await db.collection('users').add({
      data: [
        { _id: 'u1', name: '甲' },
        { _id: 'u2', name: '乙' },
      ],
    });
  });

  it('match, group, sort', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ at: _.gte(new Date('2024-01-01T00:00:00Z')) })
      .group({ _id: '$user', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .end();
    expect(res.list).toEqual([
      { _id: 'u1', total: 15, n: 2 },
      { _id: 'u2', total: 7, n: 1 },
    ]);
  });

  it('project with expressions, and dates stay dates', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ _id: 'a1' })
      .project({ _id: 0, double: $.multiply(['$amount', 2]), year: $.year('$at'), at: 1 })
      .end();
    expect(res.list).toHaveLength(1);
    expect(res.list[0]).toMatchObject({ double: 20, year: 2024 });
    expect(res.list[0].at).toBeInstanceOf(Date);
    expect(res.list[0]).not.toHaveProperty('_id');
  });

  it('count', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ amount: _.gt(4) })
      .count('big')
      .end();
    expect(res.list).toEqual([{ big: 3 }]);
  });

  it('unwind', async () => {
    const res = await db.collection('orders').aggregate().unwind('$items').sort({ _id: 1, items: 1 }).end();
    expect(res.list.map((r: Row) => `${r._id}:${r.items}`)).toEqual(['a1:ink', 'a1:pen', 'a2:pen', 'a4:cap']);
  });

  it('lookup (localField/foreignField) joins another collection', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ user: _.in(['u2', 'u3']) })
      .lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'who' })
      .sort({ _id: 1 })
      .project({ who: 1 })
      .end();
    expect(res.list).toEqual([
      { _id: 'a3', who: [{ _id: 'u2', name: '乙' }] },
      { _id: 'a4', who: [] },
    ]);
  });

  it('leaves the stored documents as they were', async () => {
    await db
      .collection('orders')
      .aggregate()
      .addFields({ extra: 1 })
      .lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'who' })
      .unwind('$items')
      .end();
    expect((await db.collection('orders').doc('a1').get()).data).toEqual({
      _id: 'a1',
      user: 'u1',
      amount: 10,
      items: ['pen', 'ink'],
      at: new Date('2024-01-02T00:00:00Z'),
    });
  });
});

describe('CloudBase limits, with more than 1000 documents', () => {
  const TOTAL = 1234;
  beforeAll(async () => {
    const data = Array.from({ length: TOTAL }, (_v, i) => ({
      _id: `b${String(i).padStart(5, '0')}`,
      i,
      odd: i % 2 === 1,
    }));
    await db.collection(T_BULK).add({ data });
  });

  it('a get with no limit answers 100', async () => {
    expect((await db.collection(T_BULK).get()).data).toHaveLength(100);
  });

  it('limit(5000) answers 1000', async () => {
    expect((await db.collection(T_BULK).limit(5000).get()).data).toHaveLength(1000);
  });

  it('skip pages past the first 1000', async () => {
    const rest = await db.collection(T_BULK).orderBy('_id', 'asc').skip(1000).limit(1000).get();
    expect(rest.data).toHaveLength(TOTAL - 1000);
    expect(rest.data[0]._id).toBe('b01000');
  });

  it('count is not capped', async () => {
    expect((await db.collection(T_BULK).count()).total).toBe(TOTAL);
  });

  it('findAll (server/db/collection.ts) returns every document exactly once', async () => {
    const all = await col.findAll<Row>(T_BULK, {});
    expect(all).toHaveLength(TOTAL);
    expect(new Set(ids(all)).size).toBe(TOTAL);
    const odd = await col.findAll<Row & { i: number }>(T_BULK, { odd: true }, { i: true });
    expect(odd).toHaveLength(TOTAL / 2);
    expect(odd[0]).toEqual({ _id: 'b00001', i: 1 });
  });
});

describe('a conditional update under concurrency', () => {
  it('is atomic: 50 concurrent "inc if below 10" take exactly 10', async () => {
    await db.collection(T_SLOTS).add({ data: { _id: 'day', n: 0 } });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        db
          .collection(T_SLOTS)
          .where({ _id: 'day', n: _.lt(10) })
          .update({ data: { n: _.inc(1) } }),
      ),
    );
    const took = results.filter((r: Loose) => r.stats.updated === 1).length;
    expect(took).toBe(10);
    expect(results.every((r: Loose) => r.stats.updated === 0 || r.stats.updated === 1)).toBe(true);
    expect((await db.collection(T_SLOTS).doc('day').get()).data.n).toBe(10);
  });

  it('through updateWhere (server/db/collection.ts) as well', async () => {
    await col.insert(T_SLOTS, { _id: 'day2', n: 0 });
    const taken = await Promise.all(
      Array.from({ length: 30 }, () =>
        col.updateWhere(T_SLOTS, { _id: 'day2', n: _.lt(7) }, { n: _.inc(1) }),
      ),
    );
    expect(taken.reduce((a, b) => a + b, 0)).toBe(7);
    expect((await col.findById<{ n: number }>(T_SLOTS, 'day2'))?.n).toBe(7);
  });
});

describe('transactions', () => {
  class Boom extends Error {
    code = 'BOOM';
  }

  it('commit makes every write visible together', async () => {
    await col.insert(T_ACCT, { _id: 'A', bal: 100 });
    await col.insert(T_ACCT, { _id: 'B', bal: 0 });
    const answer = await col.transaction(async (tx) => {
      const a = await tx.get<{ bal: number }>(T_ACCT, 'A');
      await tx.update(T_ACCT, 'A', { bal: a!.bal - 30 });
      await tx.update(T_ACCT, 'B', { bal: _.inc(30) });
      await tx.insert(T_ACCT, { _id: 'log1', moved: 30 });
      // Not visible outside the transaction before the commit.
      expect((await col.findById<{ bal: number }>(T_ACCT, 'A'))?.bal).toBe(100);
      expect(await col.findById(T_ACCT, 'log1')).toBeNull();
      // Visible inside it.
      expect((await tx.get<{ bal: number }>(T_ACCT, 'A'))?.bal).toBe(70);
      return 'done';
    });
    expect(answer).toBe('done');
    expect((await col.findById<{ bal: number }>(T_ACCT, 'A'))?.bal).toBe(70);
    expect((await col.findById<{ bal: number }>(T_ACCT, 'B'))?.bal).toBe(30);
    expect(await col.findById(T_ACCT, 'log1')).toEqual({ _id: 'log1', moved: 30 });
  });

  it('tx.get answers null for a missing document; set and remove apply at commit', async () => {
    await col.insert(T_ACCT, { _id: 'old', v: 1 });
    await col.transaction(async (tx) => {
      expect(await tx.get(T_ACCT, 'nobody')).toBeNull();
      await tx.set(T_ACCT, 'fresh', { v: 2 });
      await tx.remove(T_ACCT, 'old');
      expect(await tx.get(T_ACCT, 'old')).toBeNull();
    });
    expect(await col.findById(T_ACCT, 'fresh')).toEqual({ _id: 'fresh', v: 2 });
    expect(await col.findById(T_ACCT, 'old')).toBeNull();
  });

  it('an error thrown inside rolls everything back and is rethrown unchanged', async () => {
    await col.insert(T_ACCT, { _id: 'C', bal: 5 });
    const boom = new Boom('no');
    await expect(
      col.transaction(async (tx) => {
        await tx.update(T_ACCT, 'C', { bal: 0 });
        await tx.insert(T_ACCT, { _id: 'ghost' });
        await tx.remove(T_ACCT, 'A');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await col.findById<{ bal: number }>(T_ACCT, 'C'))?.bal).toBe(5);
    expect(await col.findById(T_ACCT, 'ghost')).toBeNull();
    expect(await col.findById(T_ACCT, 'A')).not.toBeNull();
    // Nothing is left holding the document: a later transaction writes it.
    await col.transaction((tx) => tx.update(T_ACCT, 'C', { bal: 6 }));
    expect((await col.findById<{ bal: number }>(T_ACCT, 'C'))?.bal).toBe(6);
  });

  it('refuses the second of two open transactions writing the same document', async () => {
    await col.insert(T_ACCT, { _id: 'D', n: 0 });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const r1 = (await t1.collection(T_ACCT).doc('D').get()).data;
    const r2 = (await t2.collection(T_ACCT).doc('D').get()).data;
    await t1
      .collection(T_ACCT)
      .doc('D')
      .update({ data: { n: r1.n + 1 } });
    const err = await rejection(
      t2
        .collection(T_ACCT)
        .doc('D')
        .update({ data: { n: r2.n + 1 } }),
    );
    expect(col.isWriteConflict(err)).toBe(true);
    await t2.rollback().catch(() => undefined);
    await t1.commit();
    expect((await col.findById<{ n: number }>(T_ACCT, 'D'))?.n).toBe(1);
  });

  it('refuses a write to what was committed since the snapshot, at once (no lost update)', async () => {
    // CloudBase (snapshot isolation): the conflict comes from the write itself, and the transaction
    // is aborted with it, so its commit finds no transaction.
    await col.insert(T_ACCT, { _id: 'E', n: 0 });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const r1 = (await t1.collection(T_ACCT).doc('E').get()).data;
    const r2 = (await t2.collection(T_ACCT).doc('E').get()).data;
    await t1
      .collection(T_ACCT)
      .doc('E')
      .update({ data: { n: r1.n + 1 } });
    await t1.commit();
    const lost = await rejection(
      t2
        .collection(T_ACCT)
        .doc('E')
        .update({ data: { n: r2.n + 1 } }),
    );
    expect(col.isWriteConflict(lost)).toBe(true);
    expect((await rejection(t2.commit())).message).toMatch(/^\[ResourceUnavailable\.TransactionNotExist\]/);
    // A plain write between a transaction's read and its write is a conflict too.
    const t3 = await db.startTransaction();
    const r3 = (await t3.collection(T_ACCT).doc('E').get()).data;
    await db
      .collection(T_ACCT)
      .doc('E')
      .update({ data: { n: _.inc(10) } });
    const stale = await rejection(
      t3
        .collection(T_ACCT)
        .doc('E')
        .update({ data: { n: r3.n + 1 } }),
    );
    expect(col.isWriteConflict(stale)).toBe(true);
    expect((await col.findById<{ n: number }>(T_ACCT, 'E'))?.n).toBe(11);
  });

  it('answers a conflict as CloudBase delivers it through wx-server-sdk, and the retry knows it', async () => {
    await col.insert(T_ACCT, { _id: 'W', n: 0 });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1
      .collection(T_ACCT)
      .doc('W')
      .update({ data: { n: 1 } });
    const err = (await rejection(
      t2
        .collection(T_ACCT)
        .doc('W')
        .update({ data: { n: 2 } }),
    )) as { errCode?: number; errMsg?: string };
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toMatch(
      /^document\.update:fail -501001 resource system error\. \[ResourceUnavailable\.TransactionConflict\] /,
    );
    await t1.commit();
    // Raw node-sdk shape (what transaction.commit() rejects with): retried too.
    expect(col.isWriteConflict({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'x' })).toBe(true);
    expect(col.isWriteConflict(new col.WriteConflict('claimed'))).toBe(true);
    // Not a conflict: the old local wording, other system errors, a duplicate key.
    expect(col.isWriteConflict(new Error('write conflict on acct'))).toBe(false);
    expect(col.isWriteConflict({ errCode: -501001, errMsg: 'resource system error' })).toBe(false);
    await col.insert(T_ACCT, { _id: 'W2' });
    expect(col.isWriteConflict(await rejection(db.collection(T_ACCT).add({ data: { _id: 'W2' } })))).toBe(
      false,
    );
  });

  it('reads the snapshot taken when it started, plus its own writes', async () => {
    await col.insert(T_ACCT, { _id: 'S1', v: 'old' });
    await col.insert(T_ACCT, { _id: 'S2', v: 'old' });
    const t = await db.startTransaction();
    expect((await t.collection(T_ACCT).doc('S1').get()).data.v).toBe('old');
    await db
      .collection(T_ACCT)
      .doc('S1')
      .update({ data: { v: 'new' } });
    await db
      .collection(T_ACCT)
      .doc('S2')
      .update({ data: { v: 'new' } });
    await col.insert(T_ACCT, { _id: 'S3', v: 'new' });
    expect((await t.collection(T_ACCT).doc('S1').get()).data.v).toBe('old');
    expect((await t.collection(T_ACCT).doc('S2').get()).data.v).toBe('old');
    // Committed after the snapshot: not there for it (wx-server-sdk throws on a missing document).
    expect((await rejection(t.collection(T_ACCT).doc('S3').get())).errMsg).toMatch(/does not exist/);
    await t.rollback();
  });

  it('allows write skew, as snapshot isolation does: only writes to the same document conflict', async () => {
    await col.insert(T_ACCT, { _id: 'K1', v: 'a' });
    await col.insert(T_ACCT, { _id: 'K2', v: 'b' });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const k1 = (await t1.collection(T_ACCT).doc('K1').get()).data.v;
    const k2 = (await t2.collection(T_ACCT).doc('K2').get()).data.v;
    await t1
      .collection(T_ACCT)
      .doc('K2')
      .set({ data: { v: `${k1}1` } });
    await t2
      .collection(T_ACCT)
      .doc('K1')
      .set({ data: { v: `${k2}2` } });
    await t1.commit();
    await t2.commit();
    expect((await col.findById<{ v: string }>(T_ACCT, 'K1'))?.v).toBe('b2');
    expect((await col.findById<{ v: string }>(T_ACCT, 'K2'))?.v).toBe('a1');
  });

  it('a plain write to a document a transaction holds waits for its commit, then applies', async () => {
    await col.insert(T_ACCT, { _id: 'L', n: 0 });
    const t = await db.startTransaction();
    await t
      .collection(T_ACCT)
      .doc('L')
      .update({ data: { n: _.inc(1) } });
    let applied = false;
    const plain = col.updateWhere(T_ACCT, { _id: 'L' }, { n: _.inc(10) }).then((n) => {
      applied = true;
      return n;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(applied).toBe(false);
    await t.commit();
    expect(await plain).toBe(1);
    expect((await col.findById<{ n: number }>(T_ACCT, 'L'))?.n).toBe(11);
  });

  it("refuses any use after commit with CloudBase's TransactionNotExist answer", async () => {
    const t = await db.startTransaction();
    await t.commit();
    const err = (await rejection(
      t
        .collection(T_ACCT)
        .doc('A')
        .set({ data: { v: 1 } }),
    )) as { errCode?: number; errMsg?: string };
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toContain(
      '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds.',
    );
  });

  it('concurrent read-modify-write transactions lose no update', async () => {
    await col.insert(T_ACCT, { _id: 'counter', n: 0 });
    const WRITERS = 4;
    let reads = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => (release = resolve));
    const increment = () =>
      col.transaction(async (tx) => {
        const cur = await tx.get<{ n: number }>(T_ACCT, 'counter');
        reads++;
        if (reads === WRITERS) release();
        if (reads <= WRITERS) await allRead; // every first attempt reads the same value before anyone writes
        await tx.update(T_ACCT, 'counter', { n: cur!.n + 1 });
        return cur!.n + 1;
      });
    const settled = await Promise.allSettled(Array.from({ length: WRITERS }, increment));
    const committed = settled.filter((s) => s.status === 'fulfilled');
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(committed.length).toBeGreaterThanOrEqual(1);
    failed.forEach((f) => expect(col.isWriteConflict(f.reason)).toBe(true));
    // All first attempts read 0: only one of them may commit, the others had to retry.
    expect(reads).toBeGreaterThan(WRITERS);
    expect((await col.findById<{ n: number }>(T_ACCT, 'counter'))?.n).toBe(committed.length);
    const values = committed.map((s) => (s as PromiseFulfilledResult<number>).value).sort();
    expect(values).toEqual(Array.from({ length: committed.length }, (_v, i) => i + 1));
  });
});

describe('wire format (fails loudly if an SDK upgrade changes it)', () => {
  it('the SDK sends the actions and parameter shapes the engine serves', async () => {
    const spy = jest.spyOn(lc.engine, 'handle');
    try {
      const c = db.collection(T_WIRE);
      await c.add({ data: { _id: 'w', n: 1, at: db.serverDate() } });
      await c.doc('w').get();
      await c
        .where({ n: _.gte(1) })
        .orderBy('n', 'desc')
        .skip(0)
        .limit(5)
        .field({ n: true })
        .get();
      await c.where({ n: 1 }).count();
      await c.doc('w').update({ data: { n: _.inc(1) } });
      await c.where({ n: 2 }).update({ data: { m: 1 } });
      await c.doc('w2').set({ data: { k: 1 } });
      await c.aggregate().match({ n: 2 }).end();
      await c.doc('w2').remove();
      await c.where({ n: 2 }).remove();
      await col.transaction(async (tx) => {
        await tx.insert(T_WIRE, { _id: 'tx1' });
      });

      const calls = spy.mock.calls.map(([action, params]) => ({
        action,
        params: params as Record<string, unknown>,
      }));
      const actions = new Set(calls.map((c) => c.action));
      for (const action of [
        'database.getDocument',
        'database.insertDocument',
        'database.modifyDocument',
        'database.removeDocument',
        'database.calculateDocument',
        'database.aggregateDocuments',
        'database.startTransaction',
        'database.commitTransaction',
      ]) {
        expect(actions).toContain(action);
      }
      expect([...actions].every((a) => a.startsWith('database.'))).toBe(true);

      const first = (action: string, pred: (p: Record<string, unknown>) => boolean = () => true) =>
        calls.find((c) => c.action === action && pred(c.params))?.params;
      // insert: EJSON strings, server dates as {$tcb_server_date}
      const ins = first('database.insertDocument')!;
      expect(ins.collectionName).toBe(T_WIRE);
      expect(Array.isArray(ins.data)).toBe(true);
      expect(JSON.parse((ins.data as string[])[0])).toMatchObject({
        _id: 'w',
        at: { $tcb_server_date: expect.anything() },
      });
      // query: EJSON query, order and projection, limit as a number
      const q = first('database.getDocument', (p) => p.order !== undefined)!;
      expect(typeof q.query).toBe('string');
      expect(JSON.parse(q.query as string)).toEqual({ n: { $gte: expect.anything() } });
      expect(JSON.parse(q.order as string)).toEqual({ n: { $numberInt: '-1' } });
      expect(JSON.parse(q.projection as string)).toEqual({ n: { $numberInt: '1' } });
      expect(q.limit).toBe(5);
      // update: operators, multi / merge / upsert flags
      const upd = first('database.modifyDocument', (p) => p.multi === false && p.merge === true)!;
      expect(JSON.parse(upd.data as string)).toEqual({ $inc: { n: { $numberInt: '1' } } });
      expect(first('database.modifyDocument', (p) => p.multi === true && p.merge === true)).toBeDefined();
      expect(first('database.modifyDocument', (p) => p.merge === false && p.upsert === true)).toBeDefined();
      // aggregate: stages as {stageKey, stageValue}
      expect(first('database.aggregateDocuments')!.stages).toEqual([
        { stageKey: '$match', stageValue: expect.any(String) },
      ]);
      // transactions: writes carry the transaction id the engine handed out
      const txInsert = first('database.insertDocument', (p) => Boolean(p.transactionId))!;
      expect(first('database.commitTransaction')!.transactionId).toBe(txInsert.transactionId);
    } finally {
      spy.mockRestore();
    }
  });

  it('an action the engine does not serve fails as a database error, not a crash', async () => {
    expect(() => lc.engine.handle('database.somethingNew', {})).toThrow(
      /does not serve database.somethingNew/,
    );
  });
});
