/**
 * The CloudBase deploy plan, driven by the same declarations the local cloud uses: every collection
 * of server/db/collections.ts with its indexes and the server-only rule (ADMINONLY: only functions
 * read and write), every function under cloudfunctions/ with its config.json (timeout, timer triggers,
 * openapi permissions), every HTTP access route of server/http-routes.ts (the paths the local cloud
 * serves: the Open311 door), and the functions' security rule (cloudfunctions/security-rules.json).
 * `planDeploy` answers the steps; `scripts/deploy.mjs` prints them (--dry-run, no credentials) or
 * carries them out with @cloudbase/manager-node. Tests check the plan, never the cloud.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLLECTIONS, type IndexSpec } from '../../server/db/collections';
import { HTTP_ROUTES, type HttpRoute } from '../../server/http-routes';

/** An index as CloudBase's UpdateTable takes it (manager-node `database.updateCollection`). */
export interface CloudIndex {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] };
}

export interface CollectionStep {
  kind: 'collection';
  name: string;
  purpose: string;
  /** Security rule: only the server (functions, console) reads and writes. */
  acl: 'ADMINONLY';
  indexes: CloudIndex[];
}

export interface FunctionStep {
  kind: 'function';
  name: string;
  /** The folder deployed (index.js, package.json, config.json), dependencies installed in the cloud. */
  root: string;
  timeout?: number;
  triggers: { name: string; type: 'timer'; config: string }[];
  openapi: string[];
  runtime: string;
}

export interface RulesStep {
  kind: 'functionRules';
  rules: Record<string, unknown>;
}

/**
 * An HTTP access route (云接入 / HTTP 访问服务): path → cloud function (service type 1), created with
 * manager-node's `access` service after the function is deployed (scripts/deploy/http-routes.ts).
 */
export interface HttpRouteStep {
  kind: 'httpRoute';
  path: string;
  function: string;
  /** The route's 身份认证 switch (`createAccess({ auth })` / `switchPathAuth`). */
  auth: boolean;
  /** How the function itself authenticates this route's callers. */
  callerAuth: string;
  purpose: string;
}

export type Step = CollectionStep | FunctionStep | HttpRouteStep | RulesStep;

export const RUNTIME = 'Nodejs16.13';

export function cloudIndex(spec: IndexSpec): CloudIndex {
  return {
    IndexName: spec.name,
    MgoKeySchema: {
      MgoIsUnique: Boolean(spec.unique),
      MgoIndexKeys: Object.entries(spec.keys).map(([Name, d]) => ({
        Name,
        Direction: d === -1 ? '-1' : '1',
      })),
    },
  };
}

export function planDeploy(root: string): Step[] {
  const steps: Step[] = [];
  for (const [name, c] of Object.entries(COLLECTIONS)) {
    steps.push({
      kind: 'collection',
      name,
      purpose: c.purpose,
      acl: 'ADMINONLY',
      indexes: c.indexes.map(cloudIndex),
    });
  }
  const fnRoot = path.join(root, 'cloudfunctions');
  for (const name of fs.readdirSync(fnRoot).sort()) {
    const dir = path.join(fnRoot, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const configFile = path.join(dir, 'config.json');
    const config = fs.existsSync(configFile)
      ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as {
          timeout?: number;
          triggers?: { name: string; type: 'timer'; config: string }[];
          permissions?: { openapi?: string[] };
        })
      : {};
    steps.push({
      kind: 'function',
      name,
      root: path.relative(root, dir),
      timeout: config.timeout,
      triggers: config.triggers ?? [],
      openapi: config.permissions?.openapi ?? [],
      runtime: RUNTIME,
    });
  }
  const deployed = new Set(steps.flatMap((s) => (s.kind === 'function' ? [s.name] : [])));
  for (const r of HTTP_ROUTES) steps.push(httpRouteStep(r, deployed));
  const rulesFile = path.join(fnRoot, 'security-rules.json');
  if (fs.existsSync(rulesFile))
    steps.push({ kind: 'functionRules', rules: JSON.parse(fs.readFileSync(rulesFile, 'utf8')) });
  return steps;
}

/** Paths of the local cloud's own server (local/server.ts) that no HTTP route may take. */
const LOCAL_PATHS = ['/admin', '/functions', '/local'];

/** A declared route as a step; refuses a path the service or the local cloud could not serve as declared. */
export function httpRouteStep(r: HttpRoute, functions: ReadonlySet<string>): HttpRouteStep {
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(r.path))
    throw new Error(`HTTP route ${r.path}: a path is /segment[/segment…], without a trailing /`);
  const taken = LOCAL_PATHS.find(
    (p) => r.path === p || r.path.startsWith(`${p}/`) || p.startsWith(`${r.path}/`),
  );
  if (taken) throw new Error(`HTTP route ${r.path}: ${taken} is the local cloud's own path`);
  if (!functions.has(r.function))
    throw new Error(`HTTP route ${r.path}: no function ${r.function} under cloudfunctions/`);
  return {
    kind: 'httpRoute',
    path: r.path,
    function: r.function,
    auth: r.cloudAuth,
    callerAuth: r.callerAuth,
    purpose: r.purpose,
  };
}

/** The plan in words, one line a step (what --dry-run prints). */
export function describePlan(steps: readonly Step[]): string[] {
  return steps.map((s) => {
    if (s.kind === 'collection') {
      const idx = s.indexes.map(
        (i) =>
          `${i.IndexName}(${i.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name}${k.Direction === '-1' ? ' desc' : ''}`).join(', ')})${i.MgoKeySchema.MgoIsUnique ? ' unique' : ''}`,
      );
      return `collection ${s.name}: create if missing; rule ${s.acl}; indexes ${idx.length ? idx.join(', ') : '(only _id)'}`;
    }
    if (s.kind === 'function') {
      const parts = [`runtime ${s.runtime}`, `timeout ${s.timeout ?? 'default'}`];
      if (s.triggers.length)
        parts.push(`triggers ${s.triggers.map((t) => `${t.name} ${t.type} "${t.config}"`).join(', ')}`);
      if (s.openapi.length) parts.push(`openapi ${s.openapi.join(', ')}`);
      return `function ${s.name}: deploy ${s.root} (dependencies installed in the cloud); ${parts.join('; ')}`;
    }
    if (s.kind === 'httpRoute')
      return [
        `http route ${s.path} → function ${s.function}: create if missing, else update (CloudBase HTTP access service, type 1 cloud function; served by prefix: ${s.path}/…)`,
        `path 身份认证 ${s.auth ? 'on (callers need a CloudBase credential)' : 'off (callers hold no CloudBase login)'}`,
        `the function authenticates: ${s.callerAuth}`,
        'no HTTP trigger to set on the function; the function security rule (invoke) governs SDK callFunction, not this path',
      ].join('; ');
    return `function security rule: ${JSON.stringify(s.rules)}`;
  });
}
