#!/usr/bin/env node
/**
 * `npm run bench`: figures, not pass/fail. Prints
 *   - mini-program package sizes (main package and each subpackage, as uploaded: TypeScript counted compiled)
 *   - each cloud function bundle's size
 *   - a bundle's cold require time as a ratio to a bare require('wx-server-sdk'), same run, same machine
 *   - local-cloud throughput for station.get over HTTP (the whole path: HTTP → function → SDK → store)
 * and then each area's section from scripts/bench/*.mjs.
 * `npm run bench -- --quick` (or BENCH_QUICK=1) runs everything with tiny counts (scripts/bench/lib).
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

const COLD_RUNS = count(7, 1);

function coldRequireMs(modulePath, runs = COLD_RUNS) {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times = [];
  for (let i = 0; i < runs; i++)
    times.push(
      Number(
        execFileSync(process.execPath, ['-e', code], { cwd: root, env: { ...process.env, SILENCE: 'true' } }),
      ),
    );
  return median(times);
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

console.log('## mini-program packages (compiled by miniprogram-ci, as uploaded)');
for (const [name, bytes] of Object.entries(packageSizes())) console.log(`  ${name.padEnd(24)} ${kib(bytes)}`);

console.log('\n## cloud function bundles');
const fnDir = path.join(root, 'cloudfunctions');
const bundles = fs.readdirSync(fnDir).filter((n) => fs.existsSync(path.join(fnDir, n, 'index.js')));
for (const n of bundles)
  console.log(`  ${n.padEnd(24)} ${kib(fs.statSync(path.join(fnDir, n, 'index.js')).size)}`);

console.log(`\n## cold require (median of ${COLD_RUNS} fresh process${COLD_RUNS === 1 ? '' : 'es'})`);
const sdkMs = coldRequireMs('wx-server-sdk');
console.log(`  ${'wx-server-sdk (bare)'.padEnd(24)} ${sdkMs.toFixed(1)} ms`);
for (const n of bundles) {
  const ms = coldRequireMs(path.join(fnDir, n, 'index.js'));
  console.log(`  ${n.padEnd(24)} ${ms.toFixed(1)} ms  (×${(ms / sdkMs).toFixed(2)} of the bare SDK)`);
}

console.log('\n## local cloud: station.get over HTTP (8 concurrent clients)');
const t = await stationGetThroughput();
console.log(
  `  ${t.perSecond.toFixed(0)} calls/s, mean ${t.meanMs.toFixed(1)} ms per call, ${t.failed} failed of ${t.total}`,
);

// Each area's own figures: scripts/bench/<area>.mjs exports `run()`, which prints its section.
const areaDir = path.join(root, 'scripts', 'bench');
for (const file of fs
  .readdirSync(areaDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const { run } = await import(path.join(areaDir, file));
  await run();
}
