/**
 * Runs the generated cloud-function bundles in this process as CloudBase would, with the real
 * wx-server-sdk:
 * - the SDK's requests go to the local cloud's `/admin` endpoint (TCB_CONTEXT_CNFG.URL, the URL the
 *   platform injects in a real function), so the whole SDK request path runs unchanged;
 * - `cloud.getWXContext()` reads WX_* environment variables, which are process-global; here they are
 *   per request: process.env is wrapped so that keys set for the current call (AsyncLocalStorage) win;
 * - `cloud.openapi` is replaced by the local implementation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalOpenApi } from './openapi/local-openapi';
import { RoundTripRecorder, type RoundTrips } from './round-trips';

type Vars = Record<string, string>;
const requestVars = new AsyncLocalStorage<Vars>();
let envWrapped = false;

/** Makes process.env answer per-request values first. Idempotent. */
function wrapProcessEnv(): void {
  if (envWrapped) return;
  const base = process.env;
  process.env = new Proxy(base, {
    get: (target, prop) =>
      typeof prop === 'string' && requestVars.getStore()?.[prop] !== undefined
        ? requestVars.getStore()![prop]
        : Reflect.get(target, prop),
    has: (target, prop) =>
      (typeof prop === 'string' && requestVars.getStore()?.[prop] !== undefined) || Reflect.has(target, prop),
    // Set on the real process.env itself: through the proxy as receiver, overwriting a variable that
    // is already set becomes a defineProperty that process.env refuses (ERR_INVALID_OBJECT_DEFINE_PROPERTY).
    set: (target, prop, value) => Reflect.set(target, prop, value),
  });
  envWrapped = true;
}

export interface InvokeOptions {
  /** The caller's openid; omit for a trusted invocation (timer trigger, console). */
  openid?: string;
  /** ISO time the server clock should read during this call (local cloud only). */
  now?: string;
  /**
   * The platform's SOURCE (getWXContext): by default 'wx_client' with an openid, else 'wx_trigger' — an
   * in-process call is the scheduler loop, a test or the CLI. The HTTP server passes 'wx_http' for calls
   * without an openid, which a `system` action refuses unless they carry the SYSTEM_TOKEN.
   */
  source?: string;
  /** Told, when the call has finished, of the database round trips it made. */
  onRoundTrips?: (trips: RoundTrips) => void;
}

export class FunctionHost {
  private readonly loaded = new Map<string, { main(event: unknown, context: unknown): Promise<unknown> }>();
  private seq = 0;

  /** Round trips of the last finished call of each function (see `invoke`'s `onRoundTrips`). */
  readonly roundTrips = new RoundTripRecorder();

  constructor(
    private readonly root: string,
    private readonly adminUrl: string,
    private readonly openapi: LocalOpenApi,
  ) {
    wrapProcessEnv();
    Object.assign(process.env, {
      LOCAL_CLOUD: '1',
      TENCENTCLOUD: 'true', // tells the SDK not to probe a cloud metadata service
      TENCENTCLOUD_SECRETID: 'local',
      TENCENTCLOUD_SECRETKEY: 'local',
      TCB_ENV: 'local',
      SILENCE: 'true',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
    });
  }

  /** A function exists when its generated bundle does (`npm run build`). */
  has(name: string): boolean {
    return /^[a-z][a-z0-9]*$/.test(name) && fs.existsSync(this.bundlePath(name));
  }

  private bundlePath(name: string): string {
    return path.join(this.root, 'cloudfunctions', name, 'index.js');
  }

  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const fn = this.load(name);
    const vars: Vars = {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_SOURCE',
      WX_OPENID: options.openid ?? '',
      WX_APPID: options.openid ? 'wx-local-app' : '',
      WX_UNIONID: '',
      WX_SOURCE: options.source ?? (options.openid ? 'wx_client' : 'wx_trigger'),
      LOCAL_NOW: options.now ?? '',
    };
    const context = {
      function_name: name,
      request_id: `local-${++this.seq}`,
      namespace: 'local',
      environ: '',
    };
    // The SDK reads this per request and appends its own query: the call's id reaches /admin with it.
    vars.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${this.adminUrl}?call=${context.request_id}&` });
    this.roundTrips.begin(context.request_id);
    try {
      return await requestVars.run(vars, () => fn.main(event, context));
    } finally {
      options.onRoundTrips?.(this.roundTrips.end(context.request_id));
    }
  }

  private load(name: string) {
    let fn = this.loaded.get(name);
    if (fn) return fn;
    const dir = path.join(this.root, 'cloudfunctions', name);
    // The bundle keeps wx-server-sdk external; patch the instance it will resolve. This must be the
    // ambient `require` (not createRequire) so that under jest both go through the same registry.
    const req = require as unknown as NodeJS.Require;
    const sdk = req(req.resolve('wx-server-sdk', { paths: [dir] }));
    sdk.openapi = this.openapi.api();
    fn = req(this.bundlePath(name)) as { main(event: unknown, context: unknown): Promise<unknown> };
    this.loaded.set(name, fn);
    return fn;
  }
}
