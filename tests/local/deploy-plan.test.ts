/**
 * The CloudBase deploy plan (scripts/deploy/plan.ts) is driven by the declarations the local cloud uses:
 * tested as a plan, never against the cloud. `npm run deploy -- --dry-run` prints it without credentials.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../local/paths';
import { planDeploy, type CollectionStep, type FunctionStep } from '../../scripts/deploy/plan';
import { COLLECTIONS, type CollectionName } from '../../server/db/collections';

const root = projectRoot(__dirname);
const steps = planDeploy(root);

it('creates every declared collection, server-only, with its indexes as UpdateTable takes them', () => {
  const collections = steps.filter((s): s is CollectionStep => s.kind === 'collection');
  expect(collections.map((c) => c.name)).toEqual(Object.keys(COLLECTIONS));
  for (const c of collections) {
    expect(c.acl).toBe('ADMINONLY');
    expect(c.indexes.map((i) => i.IndexName)).toEqual(
      COLLECTIONS[c.name as CollectionName].indexes.map((i) => i.name),
    );
  }
  // A township collection's indexes are led by the township (server/db/collections.ts registry).
  const bookings = collections.find((c) => c.name === 'bookings')!;
  expect(bookings.indexes).toContainEqual({
    // Renamed, so that a deploy over a single-township environment creates it rather than keeping the old one.
    IndexName: 't_mine',
    MgoKeySchema: {
      MgoIsUnique: false,
      MgoIndexKeys: [
        { Name: 'townshipId', Direction: '1' },
        { Name: 'openid', Direction: '1' },
        { Name: 'bookedAt', Direction: '-1' },
      ],
    },
  });
  // A station code is unique across the county, so its unique index is not led by the township.
  const stationCode = collections
    .find((c) => c.name === 'stations')!
    .indexes.find((i) => i.IndexName === 'code')!;
  expect(stationCode.MgoKeySchema).toEqual({
    MgoIsUnique: true,
    MgoIndexKeys: [{ Name: 'code', Direction: '1' }],
  });
});

it('deploys every function with its config.json, the scheduler with its hourly timer', () => {
  const fns = steps.filter((s): s is FunctionStep => s.kind === 'function');
  const dirs = fs
    .readdirSync(path.join(root, 'cloudfunctions'))
    .filter((n) => fs.statSync(path.join(root, 'cloudfunctions', n)).isDirectory())
    .sort();
  expect(fns.map((f) => f.name)).toEqual(dirs);
  const scheduler = fns.find((f) => f.name === 'scheduler')!;
  expect(scheduler.triggers).toEqual([{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }]);
  expect(scheduler.timeout).toBe(60);
  expect(fns.find((f) => f.name === 'station')!.openapi).toContain('wxacode.getUnlimited');
  expect(steps[steps.length - 1]).toMatchObject({
    kind: 'functionRules',
    rules: { scheduler: { invoke: false } },
  });
});

it('npm run deploy -- --dry-run prints the plan without credentials or network', () => {
  const env = { ...process.env };
  for (const k of ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'CLOUDBASE_ENV_ID']) delete env[k];
  const out = execFileSync(process.execPath, [path.join(root, 'scripts/deploy.mjs'), '--dry-run'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  expect(out).toContain(`dry run: nothing is sent; ${steps.length} steps`);
  expect(out).toMatch(
    /collection opinions: create if missing; rule ADMINONLY; indexes township\(townshipId\), t_status_station\(townshipId, status, stationCode\)/,
  );
  expect(out).toContain('function scheduler: deploy cloudfunctions/scheduler');
  expect(out).toContain('triggers hourly timer "0 0 * * * * *"');
});
