/**
 * The presidium's tools, through the local cloud over HTTP (`node dist/local/start.cjs` on a temp
 * DATA_DIR; HTTP → admin bundle → wx-server-sdk → embedded store):
 *   - setRoutingRules: saving the demo township's full table (every village × every category, plus
 *     station rules), median of several saves, each replacing the whole table in one transaction;
 *   - explainRoute: dry-run routing decisions per second (8 in flight);
 *   - dashboard and supervisionList once more than 1000 cases are in play (CloudBase's one-query cap:
 *     the figures must still add up to the number of cases filed).
 */
import { count, median, runConcurrent, startLocalCloudProcess, stopwatch } from './lib/local-cloud.mjs';

const CASES = count(1100, 30);
const CONCURRENCY = 8;
const EXPLAINS = count(400, 40);
const SAVES = count(5, 2);

export async function run() {
  const cloud = await startLocalCloudProcess('bench-admin');
  const admin = async (event) => {
    const res = await cloud.post('admin', 'demo-presidium', event);
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
    for (let i = 0; i < SAVES; i++) {
      const { version } = await admin({ action: 'getRoutingTable' });
      const elapsed = stopwatch();
      await admin({ action: 'setRoutingRules', baseVersion: version, rules });
      saves.push(elapsed());
    }

    const villages = config.villages;
    const explainMs = await runConcurrent(EXPLAINS, CONCURRENCY, (i) => {
      const v = villages[i % villages.length];
      return admin({
        action: 'explainRoute',
        stationCode: v.stationCode,
        villageCode: v.code,
        categoryCode: categories[i % categories.length],
      });
    });

    // The demo township may come with cases of its own: the bench's must add to those.
    const before = (await admin({ action: 'dashboard' })).counts.total;
    let refused = 0;
    const fileMs = await runConcurrent(CASES, CONCURRENCY, async (i) => {
      const v = villages[i % villages.length];
      const res = await cloud.post('opinion', `bench-villager-${i}`, {
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

    let elapsed = stopwatch();
    const dashboard = await admin({ action: 'dashboard' });
    const dashboardMs = elapsed();
    elapsed = stopwatch();
    const list = await admin({ action: 'supervisionList', bucket: 'onTrack' });
    const listMs = elapsed();

    console.log('\n## presidium tools (admin) through the local cloud');
    console.log(
      `  setRoutingRules, ${rules.length} rules     median ${median(saves).toFixed(0)} ms per save (${SAVES} saves)`,
    );
    console.log(
      `  explainRoute                  ${((EXPLAINS / explainMs) * 1000).toFixed(0)} decisions/s (${CONCURRENCY} in flight)`,
    );
    console.log(
      `  filed ${CASES - refused} cases (${refused} refused) in ${(fileMs / 1000).toFixed(1)} s, then:`,
    );
    console.log(
      `  dashboard                     ${dashboardMs.toFixed(0)} ms, total ${dashboard.counts.total} = ${before} demo + ${CASES - refused} filed (adds up: ${
        dashboard.counts.total === before + CASES - refused
      })`,
    );
    console.log(
      `  supervisionList (on track)    ${listMs.toFixed(0)} ms, ${list.itemCount} cases, first ${list.items.length} sent`,
    );
  } finally {
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
