/**
 * Townships as tenants in the database layer (server/db/collection.ts, server/db/collections.ts), through
 * the real wx-server-sdk against the local cloud: keyed ids let two townships use one key, a document of
 * another township is missing to every read and never changed by a write, writes outside a township are
 * refused, the county's articles are read by every township, and every township index leads with the
 * township.
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { COLLECTIONS, type CollectionName } from '../../server/db/collections';
import { AppError } from '../../server/errors';
import { acrossTownships, COUNTY, TownshipRequired, withTownship } from '../../server/tenancy';

type CollectionModule = typeof import('../../server/db/collection');

jest.setTimeout(60_000);

let lc: LocalCloud;
let col: CollectionModule;

const JINGU = 'jingu';
const QINGSHAN = 'qingshan';

beforeAll(async () => {
  lc = await startLocalCloud({ dataDir: null });
  // Required only now: the FunctionHost has pointed the SDK at the local cloud (process.env).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  col = require('../../server/db/collection');
});

afterAll(async () => {
  await lc.stop();
});

/** The stored document (by its stored `_id`), or undefined. */
const stored = (collection: CollectionName, id: string) => lc.store.entries(collection).get(id)?.doc;

/** The code an AppError was thrown with (fails when `p` resolves or throws anything else). */
async function appErrorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('keyed collections: a township’s own keys are its own', () => {
  beforeAll(async () => {
    await withTownship(JINGU, () => col.insert('categories', { _id: 'road', name: '道路交通', days: 15 }));
    await withTownship(QINGSHAN, () => col.insert('categories', { _id: 'road', name: '交通出行', days: 10 }));
  });

  it('two townships use the same category code without clashing, each stored as <township>:<key>', () => {
    expect(stored('categories', 'jingu:road')).toMatchObject({ townshipId: JINGU, name: '道路交通' });
    expect(stored('categories', 'qingshan:road')).toMatchObject({ townshipId: QINGSHAN, name: '交通出行' });
    expect(stored('categories', 'road')).toBeUndefined();
  });

  it('each township reads its own under the bare key, and only its own', async () => {
    const jingu = await withTownship(JINGU, () =>
      col.findById<{ _id: string; name: string }>('categories', 'road'),
    );
    const qs = await withTownship(QINGSHAN, () =>
      col.findById<{ _id: string; name: string }>('categories', 'road'),
    );
    expect(jingu).toMatchObject({ _id: 'road', name: '道路交通', townshipId: JINGU });
    expect(qs).toMatchObject({ _id: 'road', name: '交通出行', townshipId: QINGSHAN });
    const all = await withTownship(QINGSHAN, () =>
      col.findAll<{ _id: string; name: string }>('categories', {}),
    );
    expect(all.map((c) => [c._id, c.name])).toEqual([['road', '交通出行']]);
    const inList = await withTownship(JINGU, () =>
      col.findMany<{ _id: string }>('categories', { _id: col.command().in(['road', 'none']) }),
    );
    expect(inList.map((c) => c._id)).toEqual(['road']);
  });

  it('a transaction reads and writes the township’s own key', async () => {
    await withTownship(QINGSHAN, () =>
      col.transaction(async (tx) => {
        expect(await tx.get<{ name: string }>('categories', 'road')).toMatchObject({
          _id: 'road',
          name: '交通出行',
        });
        await tx.update('categories', 'road', { days: 12 });
      }),
    );
    expect(stored('categories', 'qingshan:road')).toMatchObject({ days: 12 });
    expect(stored('categories', 'jingu:road')).toMatchObject({ days: 15 });
  });

  it('a key is never read outside a township', async () => {
    await expect(acrossTownships(() => col.findById('categories', 'road'))).rejects.toBeInstanceOf(
      TownshipRequired,
    );
  });
});

describe('a document of another township is missing to every read and never changed', () => {
  beforeAll(async () => {
    await withTownship(JINGU, async () => {
      await col.insert('stations', { _id: 'JG01', code: 'JG01', name: '金鼓乡人大代表之家', active: true });
      await col.insert('opinions', {
        _id: 'op-jg-1',
        stationCode: 'JG01',
        status: 'submitted',
        text: '金鼓的意见',
      });
    });
    await withTownship(QINGSHAN, () =>
      col.insert('stations', { _id: 'QS01', code: 'QS01', name: '青山镇人大代表之家', active: true }),
    );
  });

  it('an insert is stamped with the call’s township, whatever the data says', async () => {
    await withTownship(QINGSHAN, () =>
      col.insert('opinions', { _id: 'op-qs-1', stationCode: 'QS01', status: 'submitted', townshipId: JINGU }),
    );
    expect(stored('opinions', 'op-qs-1')).toMatchObject({ townshipId: QINGSHAN });
  });

  it('findById, findOne, findMany, findAll, count and aggregate see only the township’s own', async () => {
    await withTownship(QINGSHAN, async () => {
      expect(await col.findById('stations', 'JG01')).toBeNull();
      expect(await col.findOne('stations', { code: 'JG01' })).toBeNull();
      expect(await col.findById('opinions', 'op-jg-1')).toBeNull();
      expect((await col.findMany<{ _id: string }>('stations', {})).map((s) => s._id)).toEqual(['QS01']);
      expect((await col.findAll<{ _id: string }>('opinions', {})).map((o) => o._id)).toEqual(['op-qs-1']);
      expect(await col.count('opinions', { status: 'submitted' })).toBe(1);
      // Even a query that names the other township itself is narrowed to the call's.
      const named = await col.findMany<{ _id: string; townshipId: string }>('stations', {
        townshipId: JINGU,
      });
      expect(named.map((s) => [s._id, s.townshipId])).toEqual([['QS01', QINGSHAN]]);
      const grouped = await col.aggregate<{ _id: string; n: number }>('opinions', [
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      expect(grouped).toEqual([{ _id: 'submitted', n: 1 }]);
    });
    expect(await withTownship(JINGU, () => col.findById('stations', 'JG01'))).toMatchObject({ code: 'JG01' });
  });

  it('across townships a read sees every township', async () => {
    const all = await acrossTownships(() => col.findAll<{ _id: string }>('stations', {}));
    expect(all.map((s) => s._id).sort()).toEqual(['JG01', 'QS01']);
  });

  it('updateWhere and removeWhere of another township’s document change nothing', async () => {
    const before = JSON.stringify(stored('stations', 'JG01'));
    await withTownship(QINGSHAN, async () => {
      expect(await col.updateWhere('stations', { _id: 'JG01' }, { name: '改名' })).toBe(0);
      expect(await col.updateWhere('stations', { code: 'JG01', townshipId: JINGU }, { name: '改名' })).toBe(
        0,
      );
      expect(await col.removeWhere('stations', { _id: 'JG01' })).toBe(0);
    });
    expect(JSON.stringify(stored('stations', 'JG01'))).toBe(before);
  });

  it('a write never moves a document to another township', async () => {
    await withTownship(JINGU, () =>
      col.updateWhere('opinions', { _id: 'op-jg-1' }, { townshipId: QINGSHAN, status: 'accepted' }),
    );
    expect(stored('opinions', 'op-jg-1')).toMatchObject({ townshipId: JINGU, status: 'accepted' });
  });

  it('in a transaction: it reads as missing, tx.set of its id is ID_TAKEN, update and remove NOT_FOUND', async () => {
    const before = JSON.stringify(stored('stations', 'JG01'));
    await withTownship(QINGSHAN, async () => {
      expect(await col.transaction((tx) => tx.get('stations', 'JG01'))).toBeNull();
      // A station code is unique across the county: 青山镇 cannot take 金鼓乡's JG01.
      expect(
        await appErrorCode(
          col.transaction((tx) =>
            tx.set('stations', 'JG01', { code: 'JG01', name: '青山抢注', active: true }),
          ),
        ),
      ).toBe('ID_TAKEN');
      expect(
        await appErrorCode(col.transaction((tx) => tx.update('stations', 'JG01', { name: '改名' }))),
      ).toBe('NOT_FOUND');
      expect(await appErrorCode(col.transaction((tx) => tx.remove('stations', 'JG01')))).toBe('NOT_FOUND');
    });
    expect(JSON.stringify(stored('stations', 'JG01'))).toBe(before);
  });

  it('in a transaction: a new id, and the township’s own, are set as usual', async () => {
    await withTownship(QINGSHAN, () =>
      col.transaction(async (tx) => {
        await tx.set('stations', 'QS02', { code: 'QS02', name: '东岭代表联络站', active: true });
        await tx.update('stations', 'QS01', { active: false });
      }),
    );
    expect(stored('stations', 'QS02')).toMatchObject({ townshipId: QINGSHAN, code: 'QS02' });
    expect(stored('stations', 'QS01')).toMatchObject({ townshipId: QINGSHAN, active: false });
  });
});

describe('writes outside a township are refused (TownshipRequired)', () => {
  const attempts: [string, () => Promise<unknown>][] = [
    ['insert', () => col.insert('stations', { _id: 'XX01', code: 'XX01' })],
    ['insertOnce', () => col.insertOnce('bookingLocks', { _id: 'day:someone' })],
    ['updateWhere', () => col.updateWhere('stations', { code: 'JG01' }, { name: '改名' })],
    ['removeWhere', () => col.removeWhere('stations', { code: 'JG01' })],
    ['tx.set', () => col.transaction((tx) => tx.set('stations', 'XX02', { code: 'XX02' }))],
    ['tx.update', () => col.transaction((tx) => tx.update('stations', 'JG01', { name: '改名' }))],
    ['tx.insert', () => col.transaction((tx) => tx.insert('opinions', { text: 'x' }))],
  ];

  it.each(attempts)('%s across townships', async (_label, attempt) => {
    const before = JSON.stringify(stored('stations', 'JG01'));
    await expect(acrossTownships(attempt)).rejects.toBeInstanceOf(TownshipRequired);
    expect(JSON.stringify(stored('stations', 'JG01'))).toBe(before);
    expect(stored('stations', 'XX01')).toBeUndefined();
    expect(stored('stations', 'XX02')).toBeUndefined();
  });

  it.each(attempts)('%s with no township chosen at all', async (_label, attempt) => {
    await expect(attempt()).rejects.toBeInstanceOf(TownshipRequired);
  });

  it('a county collection is written across townships as before', async () => {
    await acrossTownships(() => col.insert('holidays', { _id: '2031-01-01', kind: 'holiday', name: '元旦' }));
    expect(stored('holidays', '2031-01-01')).toEqual({ _id: '2031-01-01', kind: 'holiday', name: '元旦' });
  });
});

describe('articles (township+county): a township reads its own and the county’s', () => {
  beforeAll(async () => {
    await withTownship(COUNTY, () =>
      col.insert('articles', { _id: 'a-county', title: '县里的普法文章', status: 'published' }),
    );
    await withTownship(JINGU, () =>
      col.insert('articles', { _id: 'a-jingu', title: '金鼓乡的文章', status: 'published' }),
    );
    await withTownship(QINGSHAN, () =>
      col.insert('articles', { _id: 'a-qs', title: '青山镇的文章', status: 'published' }),
    );
  });

  it('reads see the township’s articles and the county’s, never another township’s', async () => {
    const ids = (rows: { _id: string }[]) => rows.map((r) => r._id).sort();
    expect(ids(await withTownship(JINGU, () => col.findAll<{ _id: string }>('articles', {})))).toEqual([
      'a-county',
      'a-jingu',
    ]);
    expect(
      ids(
        await withTownship(QINGSHAN, () =>
          col.findMany<{ _id: string }>('articles', { status: 'published' }),
        ),
      ),
    ).toEqual(['a-county', 'a-qs']);
    expect(await withTownship(QINGSHAN, () => col.findById('articles', 'a-jingu'))).toBeNull();
    expect(await withTownship(QINGSHAN, () => col.findById('articles', 'a-county'))).toMatchObject({
      title: '县里的普法文章',
    });
    expect(await withTownship(QINGSHAN, () => col.count('articles', {}))).toBe(2);
    expect(
      await withTownship(QINGSHAN, () => col.transaction((tx) => tx.get('articles', 'a-county'))),
    ).toMatchObject({
      _id: 'a-county',
    });
  });

  it('a township never changes the county’s articles (nor another township’s)', async () => {
    await withTownship(JINGU, async () => {
      expect(await col.updateWhere('articles', { _id: 'a-county' }, { title: '改' })).toBe(0);
      expect(await col.removeWhere('articles', { _id: 'a-county' })).toBe(0);
      expect(await col.updateWhere('articles', { _id: 'a-qs' }, { title: '改' })).toBe(0);
      expect(
        await appErrorCode(col.transaction((tx) => tx.update('articles', 'a-county', { title: '改' }))),
      ).toBe('NOT_FOUND');
    });
    expect(stored('articles', 'a-county')).toMatchObject({ title: '县里的普法文章', townshipId: COUNTY });
    expect(stored('articles', 'a-qs')).toMatchObject({ title: '青山镇的文章' });
  });

  it('the county edits its own articles', async () => {
    expect(
      await withTownship(COUNTY, () => col.updateWhere('articles', { _id: 'a-county' }, { summary: '更新' })),
    ).toBe(1);
    expect(stored('articles', 'a-county')).toMatchObject({ summary: '更新' });
  });
});

describe('indexes of township collections lead with the township', () => {
  const entries = Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][];

  it('every index of a township collection is led by townshipId, but unique and across-township ones', () => {
    const wrong: string[] = [];
    for (const [name, spec] of entries) {
      if (spec.tenancy === 'county') continue;
      for (const i of spec.indexes) {
        const first = Object.keys(i.keys)[0];
        if (i.unique || i.acrossTownships) {
          if (first === 'townshipId') wrong.push(`${name}.${i.name} (unique/across, led by townshipId)`);
        } else if (first !== 'townshipId') wrong.push(`${name}.${i.name} (led by ${first})`);
      }
      if (!spec.indexes.some((i) => i.name === 'township')) wrong.push(`${name} (no township index)`);
    }
    expect(wrong).toEqual([]);
  });

  it('the indexes that are not led by the township are the station code and a person’s bindings', () => {
    const unled = entries.flatMap(([name, spec]) =>
      spec.tenancy === 'county'
        ? []
        : spec.indexes.filter((i) => Object.keys(i.keys)[0] !== 'townshipId').map((i) => `${name}.${i.name}`),
    );
    expect(unled).toEqual(expect.arrayContaining(['stations.code', 'users.openid']));
    expect(COLLECTIONS.stations.indexes.find((i) => i.name === 'code')).toMatchObject({
      unique: true,
      keys: { code: 1 },
    });
  });

  it('county collections carry no township in their indexes', () => {
    for (const [, spec] of entries.filter(([, s]) => s.tenancy === 'county'))
      for (const i of spec.indexes) expect(Object.keys(i.keys)).not.toContain('townshipId');
  });

  it('the keyed collections are the ones the design names', () => {
    expect(
      entries
        .filter(([, s]) => s.tenancy === 'keyed')
        .map(([n]) => n)
        .sort(),
    ).toEqual(
      [
        'articleIssues',
        'articleSubscribers',
        'categories',
        'configVersions',
        'departments',
        'disclosurePeriods',
        'lawCategories',
        // a villager's daily opinions, counted against the township's limit
        'opinionQuotas',
        'settings',
        'users',
        'villages',
      ].sort(),
    );
  });
});

describe('findAll past its first page', () => {
  it('keeps a condition on _id on every page (1 500 ids asked of 2 000 records)', async () => {
    const writes = Array.from({ length: 2000 }, (_, i) => {
      const id = `pg${String(i).padStart(5, '0')}`;
      return { collection: 'opinions', id, doc: { _id: id, townshipId: JINGU, n: i } };
    });
    lc.store.commit(writes);
    const wanted = writes.filter((_, i) => i % 4 !== 0).map((w) => w.id);
    const found = await withTownship(JINGU, () =>
      col.findAll<{ _id: string }>('opinions', { _id: col.command().in(wanted) }),
    );
    expect(found.map((d) => d._id)).toEqual(wanted);
  });
});
