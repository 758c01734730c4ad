/**
 * Ledger bench: the 意见建议办理台账 (figures.exportLedger, ledger 'cases') of five years of a 300-deputy
 * township at 50 000 and at 100 000 cases (three timeline events each). The local cloud (database in
 * memory, storage on disk) runs in a worker thread, seeded straight into its store; the real `figures`
 * bundle runs on the main thread against it, as in CloudBase where the database is elsewhere: SDK → local
 * database, page by page → exceljs streaming into a temp file → upload through the SDK → temporary link.
 * For each size: the time, the function's heap (peak growth during the export over a GC'd heap after a
 * warm-up export, and what is still kept after a GC), the process's RSS peak growth (both threads), and
 * the ratios between the two sizes (the goal: memory that does not grow with the rows; time ×≤2.2 for
 * twice the data). Each size runs in its own process.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  bundleAndRequire,
  count,
  DEMO_TOWNSHIP,
  loadInProcessTools,
  root,
  stopwatch,
} from './lib/local-cloud.mjs';
import { CATEGORIES, day, pad, seedPeopleAndPlaces } from './lib/seed.mjs';

const STATIONS = 30;
const DEPUTIES_PER_STATION = 10;
const CASES = count(50_000, 1000);
/** Five years, as the scale: 2021-01-01 … 2025-12-31, exported on 2026-01-04. */
const PERIOD = { start: '2021-01-01', end: '2025-12-31' };
const NOW = '2026-01-04T04:00:00Z';
const DAYS = 1826;

function township(cases) {
  let s = 11;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const writes = [];
  const put = (collection, doc) => writes.push({ collection, id: doc._id, doc });
  const deputies = seedPeopleAndPlaces(put, {
    stations: STATIONS,
    perStation: DEPUTIES_PER_STATION,
  });
  const statuses = ['assigned', 'accepted', 'replied', 'closed', 'closed'];
  for (let i = 0; i < cases; i++) {
    const dep = deputies[Math.floor(rand() * deputies.length)];
    const on = day(PERIOD.start, Math.floor(rand() * DAYS));
    const status = statuses[Math.floor(rand() * statuses.length)];
    const id = `op${pad(i, 22)}`;
    const accepted = status !== 'assigned' ? day(on, rand() < 0.2 ? 4 : 1) : null;
    const replied = status === 'replied' || status === 'closed' ? day(on, rand() < 0.2 ? 14 : 5) : null;
    put('opinions', {
      _id: id,
      stationCode: dep.code,
      villageCode: dep.village,
      categoryCode: CATEGORIES[i % CATEGORIES.length],
      text: `第${i}件：村里道路破损，下雨天积水，群众出行不便，请求尽快修补。`,
      photos: [],
      anonymous: rand() < 0.2,
      consentToPublish: false,
      contact: { name: `村民${i}`, phone: `139${pad(i % 1e8, 8)}` },
      filedBy: rand() < 0.7 ? { kind: 'self' } : { kind: 'stationAdmin', openid: 'bench-admin' },
      status,
      owner: { kind: 'deputies', deputyIds: [dep.id] },
      submittedAt: new Date(`${on}T02:00:00Z`),
      submittedOn: on,
      assignedOn: on,
      acceptBy: day(on, 2),
      answerBy: day(on, 10),
      ...(accepted ? { acceptedOn: accepted } : {}),
      ...(replied ? { answeredOn: replied } : {}),
      ...(status === 'closed'
        ? { resolvedAt: new Date(`${day(replied, 2)}T02:00:00Z`), outcome: 'satisfied' }
        : {}),
      ratings: status === 'closed' ? [{ rating: 'satisfied', at: new Date() }] : [],
      supervised: false,
      reopenCount: 0,
      handedBackBy: [],
      followers: [],
      deputyHistory: [dep.id],
    });
    // Three timeline events a case: submitted, and accepted / replied / resolved as far as it went.
    const steps = [
      ['submitted', on],
      ['accepted', accepted ?? on],
      [replied ? 'replied' : 'reminded', replied ?? day(on, 2)],
    ];
    steps.forEach(([type, at], n) =>
      put('opinionEvents', {
        _id: `${id}:${n + 1}`,
        opinionId: id,
        seq: n + 1,
        type,
        actorRole: 'deputy',
        at: new Date(`${at}T06:00:00Z`),
        visibleToVillager: true,
      }),
    );
  }
  return writes;
}

/**
 * The local cloud (database, storage, its server) in a worker thread, seeded there: its documents live in
 * that thread's heap, so the heap measured here is the function's alone, as in CloudBase where the
 * database is another machine.
 */
async function serveDatabase({ cases, storageDir }) {
  const { startLocalCloud, asTownship } = await loadInProcessTools();
  // The database in memory (seeding 400 000 documents is quicker), the files on disk as `npm start` keeps them.
  const cloud = await startLocalCloud({ dataDir: null, storageDir, root });
  const seeding = stopwatch();
  const writes = [
    {
      collection: 'townships',
      id: DEMO_TOWNSHIP,
      doc: { _id: DEMO_TOWNSHIP, name: '金鼓乡', order: 1, createdAt: new Date() },
    },
    ...asTownship(DEMO_TOWNSHIP, township(cases)),
  ];
  for (let i = 0; i < writes.length; i += 20_000) cloud.store.commit(writes.slice(i, i + 20_000));
  // The engine builds a collection's indexes on its first query: build them now, not in the first request
  // (sorting 300 000 events under a busy machine outlasts the SDK's request timeout).
  for (const c of ['opinions', 'opinionEvents', 'stations', 'villages', 'categories', 'deputies', 'users'])
    cloud.engine.indexesOf(c);
  parentPort.postMessage({ url: cloud.url, seedMs: seeding(), docs: writes.length });
  parentPort.once('message', async () => {
    await cloud.stop();
    parentPort.postMessage('stopped');
  });
}

async function timeExport(cases) {
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-ledgers-'));
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { ledgerDatabase: { cases, storageDir } },
  });
  try {
    const [db] = await once(worker, 'message');
    const { FunctionHost, LocalOpenApi } = await bundleAndRequire(
      'bench-ledgers-host',
      "export { FunctionHost } from './local/runtime';\nexport { LocalOpenApi } from './local/openapi/local-openapi';",
    );
    const host = new FunctionHost(root, `${db.url}/admin`, new LocalOpenApi(null));
    const call = (event) =>
      host.invoke(
        'figures',
        { action: 'exportLedger', ledger: 'cases', townshipId: DEMO_TOWNSHIP, ...event },
        { openid: 'bench-presidium', now: NOW },
      );
    // Warm the bundle (a first call loads it and exceljs) on one month, then measure from a GC'd heap.
    const warm = await call({ start: '2025-12-01', end: '2025-12-31' });
    if (!warm.ok) throw new Error(JSON.stringify(warm.error));
    global.gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 25);
    const elapsed = stopwatch();
    const elu = performance.eventLoopUtilization();
    const res = await call(PERIOD);
    const ms = elapsed();
    // The function's own thread: how long it was busy (the database thread's work is not in it).
    const busyMs = performance.eventLoopUtilization(elu).active;
    clearInterval(sampler);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    global.gc?.();
    const after = process.memoryUsage().heapUsed;
    const file = await fetch(res.data.url);
    const bytes = (await file.arrayBuffer()).byteLength;
    return {
      ms,
      busyMs,
      seedMs: db.seedMs,
      rows: res.data.rows,
      bytes,
      heapGrowth: peakHeap - base.heapUsed,
      heapKept: after - base.heapUsed,
      rssGrowth: peakRss - base.rss,
      baseHeap: base.heapUsed,
      docs: db.docs,
    };
  } finally {
    worker.postMessage('stop');
    await once(worker, 'message');
    await worker.terminate();
    fs.rmSync(storageDir, { recursive: true, force: true });
  }
}

function measure(cases) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', fileURLToPath(import.meta.url), '--cases', String(cases)],
    { cwd: root, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SILENCE: 'true' } },
  ).toString();
  return JSON.parse(out.trim().split('\n').pop());
}

const mib = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export async function run() {
  console.log(
    `\n## ledgers: 意见建议办理台账 of five years (${STATIONS * DEPUTIES_PER_STATION} deputies, 3 timeline events a case)`,
  );
  const section = stopwatch();
  const base = measure(CASES);
  const doubled = measure(CASES * 2);
  for (const r of [base, doubled])
    console.log(
      `  ${r.rows.toLocaleString('en')} rows (${r.docs.toLocaleString('en')} documents): ${(r.ms / 1000).toFixed(2)} s, ` +
        `${mib(r.bytes)} file, the function's thread busy ${(r.busyMs / 1000).toFixed(2)} s; its heap: peak +${mib(r.heapGrowth)} over ${mib(r.baseHeap)}, +${mib(r.heapKept)} kept; process RSS peak +${mib(r.rssGrowth)} (database thread included)`,
    );
  console.log(
    `  data doubled: ×${(doubled.ms / base.ms).toFixed(2)} the time (×${(doubled.busyMs / base.busyMs).toFixed(2)} the function's busy time), ×${(doubled.heapGrowth / base.heapGrowth).toFixed(2)} the heap growth, ×${(doubled.rssGrowth / Math.max(1, base.rssGrowth)).toFixed(2)} the RSS growth`,
  );
  console.log(
    `  (this section took ${(section() / 1000).toFixed(0)} s in all; seeding the store: ${(base.seedMs / 1000).toFixed(0)} s + ${(doubled.seedMs / 1000).toFixed(0)} s)`,
  );
}

const casesArg = process.argv.indexOf('--cases');
if (!isMainThread) {
  if (workerData?.ledgerDatabase) await serveDatabase(workerData.ledgerDatabase);
} else if (casesArg > 0) {
  console.log(JSON.stringify(await timeExport(Number(process.argv[casesArg + 1]))));
} else if (import.meta.url === `file://${process.argv[1]}`) await run();
