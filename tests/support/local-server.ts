/**
 * The built `npm start` (dist/local/start.cjs) as a child process, for end-to-end tests over HTTP.
 * Needs `npm run build` (npm test runs it before jest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Envelope } from './envelope';

export const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'dist/local/start.cjs');

export interface LocalServer {
  child: ChildProcess;
  url: string;
  /** Everything it printed up to the end of its banner (address, data dir, personas, what to try). */
  banner: string;
}

/**
 * Starts it on `dataDir` (any free port, scheduler off, plus `env`); resolves once the whole banner is
 * printed.
 */
export function startServer(
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<LocalServer> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', DATA_DIR: dataDir, SCHEDULER_INTERVAL_MS: '0' },
  });
  return waitForBanner(child).then(({ url, banner }) => ({ child, url, banner }));
}

/**
 * Resolves once `child` (the local cloud, or anything that runs it, such as `npm start`) has printed its
 * whole banner: the address it listens on up to "Try:". Rejects if it exits first or takes `timeoutMs`.
 */
export function waitForBanner(child: ChildProcess, timeoutMs = 30_000): Promise<Omit<LocalServer, 'child'>> {
  return new Promise((resolve, reject) => {
    let banner = '';
    const exited = (code: number | null) => reject(new Error(`exited ${code}: ${banner}`));
    const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const m = /local cloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner);
      if (m && banner.includes('Try:')) {
        clearTimeout(timer);
        child.off('exit', exited);
        resolve({ url: m[1], banner });
      }
    });
    child.on('exit', exited);
  });
}

/** Sends `signal` and waits until the process is gone. */
export function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** POSTs `body` (an object, or a raw string as sent) to a function as `openid`; answers the envelope. */
export async function post<T = unknown>(
  url: string,
  fn: string,
  body: unknown,
  openid?: string,
): Promise<Envelope<T>> {
  const res = await fetch(`${url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as Envelope<T>;
}
