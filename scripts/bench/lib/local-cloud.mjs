/**
 * What every bench section shares: the repository root, the local cloud (as `npm start` runs it, over
 * HTTP, or in process), a concurrent client loop and timing. Lives in a subfolder because
 * scripts/bench.mjs runs every *.mjs directly in scripts/bench/ as a section.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Quick mode, `npm run bench -- --quick` or `BENCH_QUICK=1`: every section runs with tiny counts (the
 * same measurements, printed the same way), so the whole run takes seconds; tests/e2e/readme.test.ts
 * uses it. The figures of a quick run say little about speed: run the full bench for those.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
if (QUICK) process.env.BENCH_QUICK = '1'; // sections that measure in a child process pass it on

/** `full` normally, `quick` in quick mode. */
export const count = (full, quick) => (QUICK ? quick : full);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Starts a stopwatch; the answer reads the milliseconds since. */
export function stopwatch() {
  const started = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * `node dist/local/start.cjs` on a fresh temp DATA_DIR (port chosen by the system, scheduler off),
 * resolved once it prints "listening on <url>". `post(fn, openid, event)` calls a function over HTTP as
 * `openid` and answers the envelope; `stop()` ends the process and removes the data.
 */
export async function startLocalCloudProcess(label = 'bench') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `liaison-${label}-`));
  const child = spawn(process.execPath, [path.join(root, 'dist/local/start.cjs')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SCHEDULER_INTERVAL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (c) => (errors = (errors + c).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining what it prints from now on
      resolve(m[1]);
    };
    child.stdout.on('data', onData);
    exited.then((code) =>
      reject(new Error(`local cloud exited (${code}) before listening: ${out}${errors}`)),
    );
  }).catch((e) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    dataDir,
    // As the mini-program calls while showing the demo's first township (金鼓乡), unless told another.
    post: (fn, openid, event) =>
      fetch(`${url}/functions/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
        body: JSON.stringify({ townshipId: DEMO_TOWNSHIP, ...event }),
      }).then((r) => r.json()),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `task(0) … task(n - 1)` with at most `concurrency` in flight (each client takes the next index
 * when its call is answered); answers the elapsed milliseconds.
 */
export async function runConcurrent(n, concurrency, task) {
  let next = 0;
  const elapsed = stopwatch();
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return elapsed();
}

/**
 * Bundles TypeScript `contents` (imports relative to the root) into dist/<name>.cjs and requires it.
 * `external: true` leaves npm packages to node_modules.
 */
export async function bundleAndRequire(name, contents, { external = true } = {}) {
  const outfile = path.join(root, 'dist', `${name}.cjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    ...(external ? { packages: 'external' } : {}),
    logLevel: 'warning',
  });
  return createRequire(path.join(root, 'package.json'))(outfile);
}

/** The demo's first township, where the bench's calls happen unless they name another. */
export const DEMO_TOWNSHIP = 'jingu';

/** local/cloud.ts's `startLocalCloud`, for an in-process local cloud (seeded through its store). */
export async function loadInProcessCloud() {
  return (await loadInProcessTools()).startLocalCloud;
}

/**
 * `startLocalCloud` and local/township-writes.ts's `asTownship` (store writes as one township's
 * records, as the functions would store them).
 */
export async function loadInProcessTools() {
  return bundleAndRequire(
    'bench-local-cloud',
    "export { startLocalCloud } from './local/cloud';\nexport { asTownship } from './local/township-writes';",
  );
}
