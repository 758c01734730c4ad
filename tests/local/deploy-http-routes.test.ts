/**
 * The real run of an HTTP access route step (scripts/deploy/http-routes.ts) against a fake of
 * manager-node's `access` service that keeps the routes and records every call: no network. A deploy
 * creates the route when it is missing and changes nothing when it is there as declared, so running
 * `npm run deploy` twice is safe.
 */
import { applyHttpRoute, type AccessApi, type AccessService } from '../../scripts/deploy/http-routes';
import type { HttpRouteStep } from '../../scripts/deploy/plan';
import { projectRoot } from '../../local/paths';
import { planDeploy } from '../../scripts/deploy/plan';

const open311 = planDeploy(projectRoot(__dirname)).find(
  (s): s is HttpRouteStep => s.kind === 'httpRoute' && s.path === '/open311',
)!;

/** An environment's HTTP access service: its routes, whether it is on, and the calls made to it. */
function fakeAccess(routes: AccessApi[] = [], enabled = true) {
  const calls: [string, unknown?][] = [];
  let seq = 0;
  const access: AccessService = {
    async getAccessList(options) {
      calls.push(['getAccessList', options]);
      // The service filters loosely: it answers every route that contains the path.
      const set = routes.filter((r) => !options?.path || r.Path.includes(options.path));
      return { APISet: set.map((r) => ({ ...r })), EnableService: enabled };
    },
    async switchAuth(enable) {
      calls.push(['switchAuth', enable]);
      enabled = enable;
      return {};
    },
    async createAccess(options) {
      calls.push(['createAccess', options]);
      if (routes.some((r) => r.Path === options.path)) throw new Error('path already bound');
      const APIId = `api-${++seq}`;
      routes.push({
        APIId,
        Path: options.path,
        Type: options.type ?? 1,
        Name: options.name,
        EnableAuth: Boolean(options.auth),
      });
      return { APIId };
    },
    async switchPathAuth(options) {
      calls.push(['switchPathAuth', options]);
      for (const r of routes) if (options.apiIds.includes(r.APIId)) r.EnableAuth = options.auth;
      return {};
    },
    async deleteAccess(options) {
      calls.push(['deleteAccess', options]);
      routes.splice(routes.findIndex((r) => r.APIId === options.apiId) >>> 0, 1);
      return {};
    },
    async getDomainList() {
      calls.push(['getDomainList']);
      return { DefaultDomain: 'env-1.service.tcloudbase.com' };
    },
  };
  const writes = () => calls.filter(([name]) => !/^get/.test(name));
  return { access, calls, writes, routes };
}

it('the plan holds the Open311 route the step is run with', () => {
  expect(open311).toMatchObject({ path: '/open311', function: 'open311', auth: false });
});

it('creates the route when missing, as a cloud-function route without 身份认证', async () => {
  const env = fakeAccess([{ APIId: 'x', Path: '/open311-old', Type: 1, Name: 'legacy', EnableAuth: true }]);
  const result = await applyHttpRoute(env.access, open311);
  expect(result.outcome).toBe('created');
  expect(env.writes()).toEqual([
    ['createAccess', { path: '/open311', name: 'open311', type: 1, auth: false }],
  ]);
  expect(env.routes).toContainEqual({
    APIId: result.apiId,
    Path: '/open311',
    Type: 1,
    Name: 'open311',
    EnableAuth: false,
  });
  // The route of another path that the loose listing answered is left alone.
  expect(env.routes).toContainEqual(expect.objectContaining({ APIId: 'x', Path: '/open311-old' }));
  expect(result.line).toBe(
    'http route /open311 → open311: created; 身份认证 off; https://env-1.service.tcloudbase.com/open311/',
  );
});

it('does nothing when the route is there as declared: a second deploy only reads', async () => {
  const env = fakeAccess();
  const first = await applyHttpRoute(env.access, open311);
  const before = env.writes().length;
  const second = await applyHttpRoute(env.access, open311);
  expect(second).toMatchObject({ outcome: 'unchanged', apiId: first.apiId });
  expect(env.writes()).toHaveLength(before);
  expect(env.routes.filter((r) => r.Path === '/open311')).toHaveLength(1);
});

it('switches the path 身份认证 off when someone turned it on (the county systems hold no CloudBase login)', async () => {
  const env = fakeAccess([{ APIId: 'a1', Path: '/open311', Type: 1, Name: 'open311', EnableAuth: true }]);
  const result = await applyHttpRoute(env.access, open311);
  expect(result).toMatchObject({ outcome: 'auth switched', apiId: 'a1' });
  expect(env.writes()).toEqual([['switchPathAuth', { apiIds: ['a1'], auth: false }]]);
  expect(env.routes[0].EnableAuth).toBe(false);
});

it('rebinds the path when it calls another function, rather than failing or leaving it', async () => {
  const env = fakeAccess([{ APIId: 'b1', Path: '/open311', Type: 1, Name: 'opinion', EnableAuth: false }]);
  const result = await applyHttpRoute(env.access, open311);
  expect(result.outcome).toBe('rebound');
  expect(env.writes()).toEqual([
    ['deleteAccess', { apiId: 'b1' }],
    ['createAccess', { path: '/open311', name: 'open311', type: 1, auth: false }],
  ]);
  expect(env.routes).toEqual([expect.objectContaining({ Path: '/open311', Name: 'open311' })]);
  expect(result.line).toContain('(was bound to opinion)');
});

it("turns the environment's HTTP access service on when it is off", async () => {
  const env = fakeAccess([], false);
  const result = await applyHttpRoute(env.access, open311);
  expect(env.writes()).toEqual([
    ['switchAuth', true],
    ['createAccess', { path: '/open311', name: 'open311', type: 1, auth: false }],
  ]);
  expect(result.line).toContain('HTTP access service turned on');
});
