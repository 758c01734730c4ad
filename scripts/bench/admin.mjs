/**
 * The presidium's tools, through the local cloud over HTTP (`node dist/local/start.cjs` on a temp
 * DATA_DIR; HTTP → admin bundle → wx-server-sdk → embedded store):
 *   - setRoutingRules: saving the demo township's full table (every village × every category, plus
 *     station rules), median of several saves, each replacing the whole table in one transaction;
 *   - explainRoute: dry-run routing decisions per second (8 in flight);
 *   - dashboard and supervisionList once more than 1000 cases are in play (CloudBase's one-query cap:
 *     the figures must still add up to the number of cases filed).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES = 1100;
const CONCURRENCY = 8;
const EXPLAINS = 400;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startCloud() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-admin-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/local/start.cjs')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SCHEDULER_INTERVAL_MS: '0' },
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(out)));
  });
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `n` tasks with `concurrency` in flight; answers the elapsed milliseconds. */
async function pool(n, concurrency, task) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - started;
}

export async function run() {
  const cloud = await startCloud();
  const call = (fn, openid, event) =>
    fetch(`${cloud.url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(event),
    }).then((r) => r.json());
  const admin = async (event) => {
    const res = await call('admin', 'demo-presidium', event);
    if (!res.ok) throw new Error(`${event.action}: ${JSON.stringify(res.error)}`);
    return res.data;
  };

  try {
    const config = await admin({ action: 'listConfig' });
    const categories = config.categories.filter((c) => c.active).map((c) => c.code);
    const rules = [];
    for (const s of config.stations.filter((x) => x.active)) {
      const deputies = config.deputies.filter((d) => d.active && d.stationCode === s.code).map((d) => d._id);
      if (deputies.length === 0) continue;
      const villages = config.villages.filter((v) => v.stationCode === s.code).map((v) => v.code);
      for (const v of ['*', ...villages])
        for (const c of ['*', ...categories])
          rules.push({
            stationCode: s.code,
            villageCode: v,
            categoryCode: c,
            deputyIds: deputies.slice(0, 2),
          });
    }
    const saves = [];
    for (let i = 0; i < 5; i++) {
      const { version } = await admin({ action: 'getRoutingTable' });
      const t = performance.now();
      await admin({ action: 'setRoutingRules', baseVersion: version, rules });
      saves.push(performance.now() - t);
    }

    const villages = config.villages;
    const explainMs = await pool(EXPLAINS, CONCURRENCY, (i) => {
      const v = villages[i % villages.length];
      return admin({
        action: 'explainRoute',
        stationCode: v.stationCode,
        villageCode: v.code,
        categoryCode: categories[i % categories.length],
      });
    });

    let refused = 0;
    const fileMs = await pool(CASES, CONCURRENCY, async (i) => {
      const v = villages[i % villages.length];
      const res = await call('opinion', `bench-villager-${i}`, {
        action: 'submit',
        requestId: `bench-admin-${i}`,
        stationCode: v.stationCode,
        villageCode: v.code,
        categoryCode: categories[i % categories.length],
        text: `压测意见第${i}号：村里的道路需要维修`,
        anonymous: i % 3 === 0,
        consentToPublish: false,
      });
      if (!res.ok) refused++;
    });

    const t1 = performance.now();
    const dashboard = await admin({ action: 'dashboard' });
    const dashboardMs = performance.now() - t1;
    const t2 = performance.now();
    const list = await admin({ action: 'supervisionList', bucket: 'onTrack' });
    const listMs = performance.now() - t2;

    console.log('## presidium tools (admin) through the local cloud');
    console.log(
      `  setRoutingRules, ${rules.length} rules     median ${median(saves).toFixed(0)} ms per save (5 saves)`,
    );
    console.log(
      `  explainRoute                  ${((EXPLAINS / explainMs) * 1000).toFixed(0)} decisions/s (${CONCURRENCY} in flight)`,
    );
    console.log(
      `  filed ${CASES - refused} cases (${refused} refused) in ${(fileMs / 1000).toFixed(1)} s, then:`,
    );
    console.log(
      `  dashboard                     ${dashboardMs.toFixed(0)} ms, total ${dashboard.counts.total} (adds up: ${
        dashboard.counts.total === CASES - refused
      })`,
    );
    console.log(
      `  supervisionList (on track)    ${listMs.toFixed(0)} ms, ${list.itemCount} cases, first ${list.items.length} sent`,
    );
  } finally {
    cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
