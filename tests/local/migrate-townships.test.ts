/**
 * The migration of a single-township database into the county's first township
 * (local/migrate/townships.ts, `npm run migrate:townships`): the demo township with its activity, as
 * the single-township release stored it, is migrated, and every collection is compared before and
 * after — nothing lost, nothing added but the township itself, and the functions work on the result.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import {
  DEMO_TOWNSHIP,
  PERSONAS,
  seedDemoActivity,
  seedDemoTownshipOnce,
} from '../../local/demo/township.seed';
import type { Document, Write } from '../../local/engine/store';
import { asBefore, planMigration } from '../../local/migrate/townships';
import { COLLECTIONS } from '../../server/db/collections';
import { COUNTY } from '../../server/tenancy';

const target = { townshipId: DEMO_TOWNSHIP.id, name: DEMO_TOWNSHIP.name };
type Snapshot = Record<string, Document[]>;

function snapshot(cloud: LocalCloud, keep: (collection: string, doc: Document) => boolean): Snapshot {
  const out: Snapshot = {};
  for (const name of Object.keys(COLLECTIONS)) {
    out[name] = [...cloud.store.entries(name).values()]
      .map((e) => e.doc)
      .filter((d) => keep(name, d))
      .sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
  }
  return out;
}

const tenancy = (c: string) => (COLLECTIONS as Record<string, { tenancy: string }>)[c].tenancy;

let county: LocalCloud;
let legacy: LocalCloud;
/** 金鼓乡 and what the county shares, as the county release stores them (the expected result). */
let expected: Snapshot;
/** The same as the single-township release stored it (the input). */
let before: Snapshot;

beforeAll(async () => {
  const now = new Date();
  county = await startLocalCloud({ dataDir: null });
  seedDemoTownshipOnce(county.store, now);
  await seedDemoActivity((name, event, options) => county.invoke(name, event, options), now);
  // What a single-township release holds: 金鼓乡's records, the shared ones, the holidays' version.
  const ours = (c: string, d: Document) =>
    tenancy(c) === 'county'
      ? c !== 'townships'
      : d.townshipId === DEMO_TOWNSHIP.id || (c === 'configVersions' && d._id === 'county:holidays');
  expected = snapshot(county, ours);
  before = Object.fromEntries(
    Object.entries(expected).map(([c, docs]) => [
      c,
      docs.map((d) => {
        if (tenancy(c) === 'county') return d;
        const old = asBefore(c, d, target);
        if (c === 'users') delete (old as Record<string, unknown>).openid;
        return old;
      }),
    ]),
  );
  legacy = await startLocalCloud({ dataDir: null });
  const writes: Write[] = Object.entries(before).flatMap(([collection, docs]) =>
    docs.map((doc) => ({ collection, id: String(doc._id), doc })),
  );
  legacy.store.commit(writes);
}, 120_000);

afterAll(async () => {
  await county?.stop();
  await legacy?.stop();
});

describe('migrating a single-township database to the first township', () => {
  it('starts from a database with activity in every area (a test of nothing proves nothing)', () => {
    for (const c of ['stations', 'deputies', 'users', 'opinions', 'opinionEvents', 'bookings', 'articles'])
      expect(before[c].length).toBeGreaterThan(0);
    expect(before.users.every((u) => !('townshipId' in u) && !String(u._id).includes(':'))).toBe(true);
  });

  it('rewrites every collection into the township, nothing lost or added but the township itself', () => {
    const all = snapshot(legacy, () => true);
    const plan = planMigration(all, target, new Date());
    legacy.store.commit(plan.writes);
    const after = snapshot(legacy, () => true);
    for (const name of Object.keys(COLLECTIONS)) {
      if (name === 'townships') continue;
      expect({ name, count: after[name].length }).toEqual({ name, count: before[name].length });
      expect({ name, docs: after[name] }).toEqual({ name, docs: expected[name] });
    }
    expect(after.townships).toEqual([
      expect.objectContaining({ _id: DEMO_TOWNSHIP.id, name: DEMO_TOWNSHIP.name }),
    ]);
    expect(plan.migrated.opinions).toBe(before.opinions.length);
  });

  it('a second run changes nothing', () => {
    const plan = planMigration(
      snapshot(legacy, () => true),
      target,
      new Date(),
    );
    expect(plan.writes).toEqual([]);
  });

  it('the functions work on the migrated database: the presidium, a deputy and a villager', async () => {
    const me = await legacy.invoke<{ ok: boolean; data: { role: string } }>(
      'account',
      { action: 'whoami' },
      { openid: PERSONAS.presidium },
    );
    expect(me).toMatchObject({ ok: true, data: { role: 'presidium' } });
    const station = await legacy.invoke<{ ok: boolean }>(
      'station',
      { action: 'get', code: 'JG01' },
      { openid: 'a-villager-after-migration' },
    );
    expect(station).toMatchObject({ ok: true });
    const mine = await legacy.invoke<{ ok: boolean; data: unknown[] }>(
      'opinion',
      { action: 'mine' },
      { openid: PERSONAS.villager },
    );
    expect(mine).toMatchObject({ ok: true });
    expect(mine.data.length).toBeGreaterThan(0);
  });

  it('the script the README names migrates a data directory as typed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
    const old = await startLocalCloud({ dataDir: dir });
    old.store.commit(
      Object.entries(before).flatMap(([collection, docs]) =>
        docs.map((doc) => ({ collection, id: String(doc._id), doc })),
      ),
    );
    await old.stop();
    // The README's command without its `npm run build &&` (the suite has built already).
    const out = execFileSync(
      'node',
      ['dist/local/migrate-townships.cjs', DEMO_TOWNSHIP.id, DEMO_TOWNSHIP.name],
      {
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({
      township: DEMO_TOWNSHIP.id,
      migrated: { opinions: before.opinions.length },
    });
    const migrated = await startLocalCloud({ dataDir: dir });
    try {
      const after = snapshot(migrated, () => true);
      for (const name of Object.keys(COLLECTIONS))
        if (name !== 'townships') expect({ name, docs: after[name] }).toEqual({ name, docs: expected[name] });
    } finally {
      await migrated.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a township id the county could not use', () => {
    expect(() => planMigration({}, { townshipId: COUNTY, name: 'x' }, new Date())).toThrow();
    expect(() => planMigration({}, { townshipId: 'Bad Id', name: 'x' }, new Date())).toThrow();
  });
});

/**
 * A database the single-township release wrote itself (commit 5a1ba24: its demo township with the demo
 * activity made through its own functions, dumped to tests/local/fixtures/single-township-5a1ba24.json),
 * migrated as a county would migrate theirs: every document kept, each in the township, and the
 * functions of this release work on it.
 */
describe('migrating what the single-township release stored', () => {
  const fixture = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'fixtures/single-township-5a1ba24.json'), 'utf8'),
    (_k, v: unknown) =>
      v && typeof v === 'object' && typeof (v as { $date?: unknown }).$date === 'string'
        ? new Date((v as { $date: string }).$date)
        : v,
  ) as { release: string; failures: string[]; collections: Snapshot };
  let old: LocalCloud;

  beforeAll(async () => {
    old = await startLocalCloud({ dataDir: null });
    old.store.commit(
      Object.entries(fixture.collections).flatMap(([collection, docs]) =>
        docs.map((doc) => ({ collection, id: String(doc._id), doc })),
      ),
    );
  });
  afterAll(() => old?.stop());

  it("holds the old release's records (activity in every area, no township anywhere)", () => {
    expect(fixture.failures).toEqual([]);
    for (const c of ['stations', 'deputies', 'users', 'opinions', 'opinionEvents', 'bookings', 'dutyRecords'])
      expect(fixture.collections[c].length).toBeGreaterThan(0);
    const stamped = Object.values(fixture.collections)
      .flat()
      .filter((d) => 'townshipId' in d);
    expect(stamped).toEqual([]);
  });

  it("keeps every document, each as the township's, and a second run changes nothing", () => {
    const plan = planMigration(
      snapshot(old, () => true),
      target,
      new Date(),
    );
    old.store.commit(plan.writes);
    const after = snapshot(old, () => true);
    for (const [name, docs] of Object.entries(fixture.collections)) {
      const back = after[name]
        .map((d) => (tenancy(name) === 'county' ? d : asBefore(name, d, target)))
        .map((d) => {
          if (name === 'users') delete (d as Record<string, unknown>).openid;
          return d;
        });
      const sorted = (list: Document[]) => [...list].sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
      expect({ name, docs: sorted(back) }).toEqual({ name, docs: sorted(docs) });
      if (tenancy(name) !== 'county')
        for (const d of after[name])
          expect({ name, townshipId: d.townshipId }).toEqual({ name, townshipId: target.townshipId });
    }
    expect(
      planMigration(
        snapshot(old, () => true),
        target,
        new Date(),
      ).writes,
    ).toEqual([]);
  });

  it("this release's functions work on it: the presidium, the station page, a villager's cases", async () => {
    const me = await old.invoke<{ ok: boolean }>(
      'account',
      { action: 'whoami' },
      { openid: PERSONAS.presidium },
    );
    expect(me).toMatchObject({ ok: true, data: { role: 'presidium' } });
    const station = await old.invoke('station', { action: 'get', code: 'JG01' }, { openid: 'someone-new' });
    expect(station).toMatchObject({ ok: true, data: { township: { id: target.townshipId } } });
    const mine = await old.invoke<{ ok: boolean; data: unknown[] }>(
      'opinion',
      { action: 'mine' },
      { openid: PERSONAS.villager },
    );
    expect(mine).toMatchObject({ ok: true });
    expect(mine.data.length).toBe(
      fixture.collections.opinions.filter((o) => o.villagerOpenid === PERSONAS.villager).length,
    );
  });
});
