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
