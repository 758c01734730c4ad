#!/usr/bin/env node
/**
 * `npm run bench`: figures, not pass/fail. Prints
 *   - mini-program package sizes (main package and each subpackage, as uploaded: TypeScript counted compiled)
 *   - each cloud function bundle's size
 *   - a bundle's cold require time as a ratio to a bare require('wx-server-sdk'), same run, same machine
 *   - local-cloud throughput for station.get over HTTP (the whole path: HTTP → function → SDK → store)
 * and then each area's section from scripts/bench/*.mjs.
 * `npm run bench -- --quick` (or BENCH_QUICK=1) runs everything with tiny counts (scripts/bench/lib).
 * `npm run bench -- --only=cold,booking` (or BENCH_ONLY=…) runs only the sections named: packages,
 * bundles, cold, station, and each area's file name in scripts/bench/ (booking, round-trips …).
 * Run after `npm run build` (the npm script does it).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  count,
  median,
  QUICK,
  root,
  runConcurrent,
  startLocalCloudProcess,
} from './bench/lib/local-cloud.mjs';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const onlyArg =
  process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? process.env.BENCH_ONLY;
const ONLY = onlyArg ? new Set(onlyArg.split(',').map((s) => s.trim())) : null;
/** Whether the section runs (every one unless --only names some). */
const runs = (section) => !ONLY || ONLY.has(section);

/**
 * Package sizes as WeChat's own CI module compiles them (miniprogram-ci getCompiledResult, offline:
 * scripts/wechat-compile.cjs), i.e. what an upload would send.
 */
function packageSizes() {
  const out = execFileSync(process.execPath, [path.join(root, 'scripts/wechat-compile.cjs'), '--json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()).sizes;
}

const COLD_RUNS = count(9, 1);

/**
 * One fresh process's `require(modulePath)`, in ms; `afterSdk`: with wx-server-sdk required first, what
 * the module adds to it (less noisy than a ratio on a busy machine).
 */
function coldRequireOnce(modulePath, afterSdk = false) {
  const code = `${afterSdk ? "require('wx-server-sdk');" : ''}const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return Number(
    execFileSync(process.execPath, ['-e', code], { cwd: root, env: { ...process.env, SILENCE: 'true' } }),
  );
}

/**
 * The median cold require of each module, measured in rounds that take each module once in turn, so
 * that a machine busy for a while slows the SDK and the bundles alike (ratios of the same rounds).
 */
function coldRequireMedians(modulePaths, { afterSdk = false, runs = COLD_RUNS } = {}) {
  const times = modulePaths.map(() => []);
  for (let i = 0; i < runs; i++) modulePaths.forEach((m, j) => times[j].push(coldRequireOnce(m, afterSdk)));
  return times.map(median);
}

async function stationGetThroughput(total = count(2000, 100), concurrency = 8) {
  const cloud = await startLocalCloudProcess('bench-station');
  try {
    const call = () => cloud.post('station', 'bench-villager', { action: 'get', code: 'JG01' });
    for (let i = 0; i < count(50, 10); i++) await call(); // warm up
    let failed = 0;
    const ms = await runConcurrent(total, concurrency, async () => {
      if (!(await call()).ok) failed++;
    });
    return {
      perSecond: ((total - failed) / ms) * 1000,
      meanMs: (ms * concurrency) / total,
      failed,
      total,
    };
  } finally {
    await cloud.stop();
  }
}

console.log(
  `# bench (${os.cpus().length} cores, node ${process.version}${QUICK ? ', quick: tiny counts' : ''})\n`,
);

if (runs('packages')) {
  console.log('## mini-program packages (compiled by miniprogram-ci, as uploaded)');
  for (const [name, bytes] of Object.entries(packageSizes()))
    console.log(`  ${name.padEnd(24)} ${kib(bytes)}`);
}

const fnDir = path.join(root, 'cloudfunctions');
const bundles = fs.readdirSync(fnDir).filter((n) => fs.existsSync(path.join(fnDir, n, 'index.js')));
if (runs('bundles')) {
  console.log('\n## cloud function bundles (index.js; lib/: libraries loaded on first use)');
  for (const n of bundles) {
    const lib = path.join(fnDir, n, 'lib');
    const libs = fs.existsSync(lib)
      ? fs.readdirSync(lib).map((f) => `${f} ${kib(fs.statSync(path.join(lib, f)).size)}`)
      : [];
    console.log(
      `  ${n.padEnd(24)} ${kib(fs.statSync(path.join(fnDir, n, 'index.js')).size)}${libs.length ? `  (lib: ${libs.join(', ')})` : ''}`,
    );
  }
}

if (runs('cold')) {
  console.log(`\n## cold require (median of ${COLD_RUNS} fresh process${COLD_RUNS === 1 ? '' : 'es'})`);
  // Besides: zod alone, what a function's first validated call adds (once per instance).
  const zod = bundles.map((n) => path.join(fnDir, n, 'lib', 'zod.js')).find((f) => fs.existsSync(f));
  const bundlePaths = bundles.map((n) => path.join(fnDir, n, 'index.js'));
  const [sdkMs, zodMs, ...bundleMs] = coldRequireMedians([
    'wx-server-sdk',
    zod ?? 'wx-server-sdk',
    ...bundlePaths,
  ]);
  const ownMs = coldRequireMedians(bundlePaths, { afterSdk: true });
  console.log(`  ${'wx-server-sdk (bare)'.padEnd(24)} ${sdkMs.toFixed(1)} ms`);
  bundles.forEach((n, i) =>
    console.log(
      `  ${n.padEnd(24)} ${bundleMs[i].toFixed(1)} ms  (×${(bundleMs[i] / sdkMs).toFixed(2)} of the bare SDK; +${ownMs[i].toFixed(1)} ms once the SDK is loaded)`,
    ),
  );
  if (zod)
    console.log(`  ${'lib/zod.js alone'.padEnd(24)} ${zodMs.toFixed(1)} ms  (loaded by the first call)`);
}

if (runs('station')) {
  console.log('\n## local cloud: station.get over HTTP (8 concurrent clients)');
  const t = await stationGetThroughput();
  console.log(
    `  ${t.perSecond.toFixed(0)} calls/s, mean ${t.meanMs.toFixed(1)} ms per call, ${t.failed} failed of ${t.total}`,
  );
}

// Each area's own figures: scripts/bench/<area>.mjs exports `run()`, which prints its section.
const areaDir = path.join(root, 'scripts', 'bench');
for (const file of fs
  .readdirSync(areaDir)
  .filter((f) => f.endsWith('.mjs') && runs(f.slice(0, -'.mjs'.length)))
  .sort()) {
  const { run } = await import(path.join(areaDir, file));
  await run();
}
