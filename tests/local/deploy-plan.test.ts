/**
 * The CloudBase deploy plan (scripts/deploy/plan.ts) is driven by the declarations the local cloud uses:
 * tested as a plan, never against the cloud. `npm run deploy -- --dry-run` prints it without credentials.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../local/paths';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import {
  httpRouteStep,
  planDeploy,
  type CollectionStep,
  type FunctionStep,
  type HttpRouteStep,
} from '../../scripts/deploy/plan';
import { COLLECTIONS, type CollectionName } from '../../server/db/collections';
import { HTTP_ROUTES, matchHttpRoute } from '../../server/http-routes';

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

describe('HTTP access routes (server/http-routes.ts): deployed and served locally from one declaration', () => {
  const routes = steps.filter((s): s is HttpRouteStep => s.kind === 'httpRoute');

  it('the plan creates every declared route after its function, the Open311 door without 身份认证', () => {
    expect(routes.map((r) => [r.path, r.function, r.auth])).toEqual(
      HTTP_ROUTES.map((r) => [r.path, r.function, r.cloudAuth]),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ path: '/open311', function: 'open311', auth: false }),
    );
    expect(routes.find((r) => r.path === '/open311')!.callerAuth).toMatch(/api_key/);
    for (const r of routes) {
      const fn = steps.findIndex((s) => s.kind === 'function' && s.name === r.function);
      expect(fn).toBeGreaterThanOrEqual(0);
      expect(fn).toBeLessThan(steps.indexOf(r));
    }
  });

  it('refuses a route the service or the local cloud could not serve as declared', () => {
    const fns = new Set(['open311']);
    const route = { ...HTTP_ROUTES[0], function: 'open311' };
    expect(() => httpRouteStep({ ...route, path: '/' }, fns)).toThrow(/\/segment/);
    expect(() => httpRouteStep({ ...route, path: '/open311/' }, fns)).toThrow(/trailing/);
    expect(() => httpRouteStep({ ...route, path: '/functions/open311' }, fns)).toThrow(/local cloud's own/);
    expect(() => httpRouteStep({ ...route, path: '/local' }, fns)).toThrow(/local cloud's own/);
    expect(() => httpRouteStep({ ...route, function: 'nosuch' }, fns)).toThrow(/no function nosuch/);
  });

  it('matches as the HTTP access service does: prefix on whole segments, longest first', () => {
    const table = [
      { ...HTTP_ROUTES[0], path: '/a', function: 'fa' },
      { ...HTTP_ROUTES[0], path: '/a/b', function: 'fb' },
    ];
    expect(matchHttpRoute('/a', table)?.function).toBe('fa');
    expect(matchHttpRoute('/a/x.json', table)?.function).toBe('fa');
    expect(matchHttpRoute('/a/b/c', table)?.function).toBe('fb');
    expect(matchHttpRoute('/ab', table)).toBeUndefined();
    expect(matchHttpRoute('/open311/v2/services.json')?.function).toBe('open311');
  });

  describe('the local cloud serves the same paths', () => {
    let cloud: LocalCloud;
    beforeAll(async () => {
      cloud = await startLocalCloud({ dataDir: null, root });
    });
    afterAll(() => cloud?.stop());

    it('local/server.ts routes by the declaration, with no path of its own', () => {
      const source = fs.readFileSync(path.join(root, 'local/server.ts'), 'utf8');
      expect(source).toContain("import { matchHttpRoute } from '../server/http-routes'");
      expect(source).not.toMatch(/['`]\/open311/);
    });

    it.each(routes.map((r) => [r.path, r]))(
      'GET %s/… reaches its function as an integration event',
      async (_, r) => {
        expect(r.function).toBe('open311');
        // Discovery is public; the GeoReport calls need the function's own api_key.
        const discovery = await fetch(`${cloud.url}${r.path}/discovery.json`);
        expect(discovery.status).toBe(200);
        const body = (await discovery.json()) as { endpoints: { url: string }[] };
        expect(body.endpoints[0].url).toBe(`${r.path}/v2`);
        const services = await fetch(`${cloud.url}${r.path}/v2/services.json`);
        expect(services.status).toBe(403);
        expect(await services.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);
        // Not a route: a path that only starts with the same letters.
        const beside = await fetch(`${cloud.url}${r.path}0/discovery.json`);
        expect(beside.status).toBe(404);
        expect(await beside.json()).toEqual({ error: 'not found' });
      },
    );
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
  expect(out).toContain('http route /open311 → function open311: create if missing, else update');
  expect(out).toContain('path 身份认证 off');
  expect(out).toMatch(/the function authenticates: api_key/);
});
