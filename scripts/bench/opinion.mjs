/**
 * Opinion bench:
 *   - submit-and-route throughput through the local cloud over HTTP (`node dist/local/start.cjs` on a
 *     temp DATA_DIR; the whole path: HTTP → opinion bundle → content check → routing table → one
 *     transaction writing the case, its events and the deputy's message → flush), distinct villagers,
 *     a few requests in flight; then the stored outcome (cases, events, duplicates);
 *   - routing decisions per second in core: routeOpinion on a realistic table (30 stations × 8
 *     villages × 10 categories, 10 deputies per station, village + category + catch-all rules).
 */
import {
  bundleAndRequire,
  count,
  runConcurrent,
  startLocalCloudProcess,
  stopwatch,
} from './lib/local-cloud.mjs';
import { CATEGORIES } from './lib/seed.mjs';

const SUBMISSIONS = count(600, 30);
const CONCURRENCY = 8;
const ROUTING_DECISIONS = count(200_000, 5000);
const RETRIES = Math.min(100, SUBMISSIONS);

const VILLAGES = ['jingu', 'xinmin', 'qinglong'];

async function submitThroughput() {
  const cloud = await startLocalCloudProcess('bench-opinion');
  const call = (openid, event) => cloud.post('opinion', openid, event);
  const submit = (i, requestId = `bench-opinion-${i}`) =>
    call(`bench-villager-${i}`, {
      action: 'submit',
      requestId,
      stationCode: 'JG01',
      villageCode: VILLAGES[i % VILLAGES.length],
      categoryCode: CATEGORIES[i % CATEGORIES.length],
      text: `第${i}号意见：村里的道路和路灯需要维修，晚上出行不方便`,
      anonymous: i % 3 === 0,
      consentToPublish: i % 2 === 0,
    });
  try {
    for (let i = 0; i < count(20, 5); i++) await submit(100_000 + i); // warm up
    let ok = 0;
    let failed = 0;
    const owners = {};
    const latencies = [];
    const ids = [];
    const seconds =
      (await runConcurrent(SUBMISSIONS, CONCURRENCY, async (i) => {
        const elapsed = stopwatch();
        const res = await submit(i);
        latencies.push(elapsed());
        if (res.ok) {
          ok++;
          ids[i] = res.data.id;
        } else failed++;
      })) / 1000;
    // Retries of the first RETRIES (same requestId): must answer the same cases, write nothing.
    let sameAnswer = 0;
    for (let i = 0; i < RETRIES; i++) {
      const again = await submit(i);
      if (again.ok && again.data.id === ids[i]) sameAnswer++;
    }
    // Who got them: read back through the deputies' inboxes.
    for (const [openid, label] of [
      ['demo-deputy-1', 'd01'],
      ['demo-deputy-2', 'd02'],
    ]) {
      const inbox = await call(openid, { action: 'inbox' });
      owners[label] = inbox.ok ? inbox.data.open.length : 'n/a';
    }
    latencies.sort((a, b) => a - b);
    const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `  ${(ok / seconds).toFixed(0)} submissions/s routed and stored (${CONCURRENCY} in flight), ` +
        `p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms; ${ok} ok, ${failed} failed of ${SUBMISSIONS}`,
    );
    console.log(
      `  retried submits (same requestId): ${sameAnswer}/${RETRIES} answered with the same case, open cases: d01 ${owners.d01}, d02 ${owners.d02}`,
    );
  } finally {
    await cloud.stop();
  }
}

async function routingDecisions() {
  const { routeOpinion } = await bundleAndRequire(
    'bench-opinion-core',
    "export { routeOpinion } from './core/opinion/opinion.routing';",
    { external: false },
  );
  const stations = Array.from({ length: 30 }, (_, s) => `S${String(s).padStart(2, '0')}`);
  const deputies = [];
  const rules = [];
  for (const station of stations) {
    const ids = Array.from({ length: 10 }, (_, d) => `${station}-d${d}`);
    ids.forEach((id, d) =>
      deputies.push({ _id: id, stationCode: station, active: d !== 9, villageCodes: [], categories: [] }),
    );
    for (let v = 0; v < 8; v++) {
      const village = `${station}-v${v}`;
      rules.push({
        stationCode: station,
        villageCode: village,
        categoryCode: '*',
        deputyIds: [ids[v], ids[(v + 1) % 10]],
      });
      for (let c = 0; c < 10; c += 2)
        rules.push({
          stationCode: station,
          villageCode: village,
          categoryCode: `c${c}`,
          deputyIds: [ids[(v + c) % 10]],
        });
    }
    for (let c = 0; c < 10; c++)
      rules.push({ stationCode: station, villageCode: '*', categoryCode: `c${c}`, deputyIds: [ids[c]] });
  }
  const byStation = new Map(
    stations.map((s) => [
      s,
      {
        rules: rules.filter((r) => r.stationCode === s),
        deputies: deputies.filter((d) => d.stationCode === s),
      },
    ]),
  );
  const counts = Object.fromEntries(deputies.map((d, i) => [d._id, i % 7]));
  const elapsed = stopwatch();
  const paths = {};
  for (let i = 0; i < ROUTING_DECISIONS; i++) {
    const station = stations[i % stations.length];
    const { rules: stationRules, deputies: stationDeputies } = byStation.get(station);
    const decision = routeOpinion(
      {
        stationCode: station,
        villageCode: `${station}-v${i % 9}`,
        villageName: `村${i % 9}`,
        category: { code: `c${i % 11}`, name: `类别${i % 11}` },
      },
      stationRules,
      stationDeputies,
      counts,
      { code: station, leadDeputyId: `${station}-d0` },
      { exclude: i % 13 === 0 ? [`${station}-d1`] : [] },
    );
    paths[decision.path] = (paths[decision.path] ?? 0) + 1;
  }
  const seconds = elapsed() / 1000;
  console.log(
    `  core routeOpinion: ${(ROUTING_DECISIONS / seconds / 1000).toFixed(0)}k decisions/s on a ${rules.length}-rule table ` +
      `(${stations.length} stations; per-station rules pre-grouped); paths: ${Object.entries(paths)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
  );
}

export async function run() {
  console.log('\n## opinions: submit-and-route through the local cloud, routing in core');
  await submitThroughput();
  await routingDecisions();
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
