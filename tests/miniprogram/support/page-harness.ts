/**
 * Renders a packed mini-program page with miniprogram-simulate against a real local cloud:
 * page → services/api.ts → wx.request → HTTP → cloud function bundle → wx-server-sdk → embedded store.
 * `Page({...})` is mapped onto `Component({...})` (simulate only knows components) and onLoad is
 * called with the page's query, as the runtime would.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import simulate from 'miniprogram-simulate';

/**
 * The mini-program as WeChat packs it (dist/miniprogram/, written by scripts/miniprogram-pack.cjs before
 * the tests run): only miniprogram/, each file compiled on its own. A page that reaches outside it fails
 * here as it would on a phone.
 */
export const MINIPROGRAM = path.resolve(__dirname, '../../../dist/miniprogram');
const TD = 'tdesign-miniprogram/';

type PageDefinition = Record<string, unknown> & { data?: Record<string, unknown> };

(globalThis as unknown as { Page: (def: PageDefinition) => void }).Page = (def) => {
  const { data, ...rest } = def;
  const methods: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'function') methods[k] = v;
  Component({ data: data ?? {}, methods } as never);
};

/** The wx calls pages make through services/platform.ts, recorded for assertions. */
export const wxCalls: { api: string; args: unknown }[] = [];
const storage = new Map<string, string>();

/** Requests a page has sent and not yet had answered (a page may fire one without awaiting it). */
const inFlight = new Set<Promise<void>>();

/** Resolves when every request sent so far has been answered or has failed: stop a cloud after this. */
export async function requestsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/** The demo county's township the page tests look at (local/demo/township.seed.ts: 金鼓乡). */
export const TEST_TOWNSHIP = { id: 'jingu', name: '金鼓乡' };

/**
 * The township the person has chosen (services/township.ts keeps it in storage), as a villager would
 * have chosen it before opening a page; null: none chosen yet.
 */
export function chooseTownship(township: { id: string; name: string } | null): void {
  storage.set('townshipId', township?.id ?? '');
  storage.set('townshipName', township?.name ?? '');
}

/** What the page keeps in storage (the chosen township, the persona …). */
export function stored(key: string): string {
  return storage.get(key) ?? '';
}

/**
 * Points services/api.ts (local mode) at `baseUrl` with real HTTP, as persona `openid`, looking at
 * `township` (金鼓乡 unless told; null: none chosen yet).
 */
export function connectWx(
  baseUrl: string,
  openid: string,
  township: { id: string; name: string } | null = TEST_TOWNSHIP,
): void {
  const w = wx as unknown as Record<string, unknown>;
  storage.set('devOpenid', openid);
  chooseTownship(township);
  w.request = (options: WechatMiniprogram.RequestOption) => {
    const url = new URL(options.url.replace(/^http:\/\/127\.0\.0\.1:8787/, baseUrl));
    const body = JSON.stringify(options.data ?? {});
    let done = (): void => undefined;
    const settled = new Promise<void>((resolve) => (done = resolve));
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { ...(options.header as Record<string, string>), 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          done();
          options.success?.({
            data: JSON.parse(text),
            statusCode: res.statusCode ?? 0,
            header: {},
            cookies: [],
            errMsg: 'request:ok',
          } as never);
        });
      },
    );
    req.on('error', () => {
      done();
      options.fail?.({ errMsg: 'request:fail', errno: 0 } as never);
    });
    req.end(body);
    return {} as never;
  };
  w.getStorageSync = (key: string) => storage.get(key) ?? '';
  w.setStorageSync = (key: string, value: string) => void storage.set(key, value);
  for (const api of [
    'showToast',
    'navigateTo',
    'navigateBack',
    'reLaunch',
    'makePhoneCall',
    'setNavigationBarTitle',
    'stopPullDownRefresh',
    'requestSubscribeMessage',
  ]) {
    w[api] = (args: unknown) => {
      wxCalls.push({ api, args });
      return undefined;
    };
  }
}

/**
 * Pages name tdesign components as npm paths ('tdesign-miniprogram/cell/cell'), which the runtime
 * resolves through miniprogram_npm; simulate resolves only relative or root paths. Rewrite them to the
 * packed copies, at the one place simulate reads a component's json.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateUtils = require('miniprogram-simulate/src/utils') as { readJson(file: string): unknown };
const readJson = simulateUtils.readJson;
simulateUtils.readJson = (file: string) => {
  const json = readJson(file) as { usingComponents?: Record<string, string> } | null;
  if (!json?.usingComponents) return json;
  const using: Record<string, string> = {};
  for (const [tag, spec] of Object.entries(json.usingComponents))
    using[tag] = spec.startsWith(TD) ? `/miniprogram_npm/${spec}` : spec;
  return { ...json, usingComponents: using };
};

export interface RenderedPage {
  root: ReturnType<typeof simulate.render>;
  data: Record<string, unknown>;
  text(selector?: string): string;
  /** Calls a page method as a tap would. */
  call(method: string, ...args: unknown[]): Promise<unknown>;
}

export async function openPage(page: string, query: Record<string, string> = {}): Promise<RenderedPage> {
  const file = path.join(MINIPROGRAM, page);
  // simulate runs each page and component file with require(); under jest a module runs once per
  // registry, so a second page load needs a fresh registry for Component() to be called again.
  jest.resetModules();
  // The whole mini-program's WXML compiles in one wcc run: its output outgrew the 1 MB default buffer.
  const id = simulate.load(file, {
    rootPath: MINIPROGRAM,
    compiler: 'official',
    compilerOptions: { maxBuffer: 16 * 1024 * 1024 },
  });
  const root = simulate.render(id);
  root.attach(document.createElement('parent-wrapper'));
  const instance = root.instance as unknown as Record<string, (...a: unknown[]) => unknown>;
  await instance.onLoad(query);
  return {
    root,
    get data() {
      return root.data as Record<string, unknown>;
    },
    text(selector?: string) {
      const dom = selector ? root.querySelector(selector)?.dom : root.dom;
      return (dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
    },
    call: async (method, ...args) => instance[method](...args),
  };
}
