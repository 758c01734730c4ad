/**
 * `npm start`: the local cloud with the demo county (townships 金鼓乡 and 青山镇, and the county's staff).
 *   PORT (default 8787), DATA_DIR (default .data/), SCHEDULER_INTERVAL_MS (default 60000; 0 turns it off),
 *   DB_LATENCY_MS (default 0: each database answer waits this long, as a network round trip would)
 *   npm start -- --reset   wipes DATA_DIR and seeds the demo township again
 */
import * as fs from 'node:fs';
import { startLocalCloud } from '../cloud';
import {
  demoBookingDayId,
  demoPersonas,
  DEMO_TOWNSHIP,
  PERSONAS,
  qsPersonas,
  seedDemoActivity,
  seedDemoTownshipOnce,
} from '../demo/township.seed';
import { QINGSHAN } from '../demo/qingshan.seed';
import { COUNTY } from '../../server/tenancy';
import { dataDir, projectRoot } from '../paths';
import { GROWING_COLLECTIONS } from '../../server/db/collections';

async function main(): Promise<void> {
  const root = projectRoot();
  const dir = dataDir(root);
  if (process.argv.includes('--reset')) fs.rmSync(dir, { recursive: true, force: true });
  const cloud = await startLocalCloud({
    dataDir: dir,
    port: Number(process.env.PORT ?? 8787),
    root,
    dbLatencyMs: Number(process.env.DB_LATENCY_MS ?? 0),
    // In development, say so the first time a query on a growing collection has no index to use.
    onUnindexed: ({ collection, shape }) => {
      if (GROWING_COLLECTIONS.has(collection))
        console.warn(`[local cloud] no declared index serves: ${shape} (server/db/collections.ts)`);
    },
  });
  const seeded = seedDemoTownshipOnce(cloud.store, new Date());
  if (seeded) {
    const failures = await seedDemoActivity(
      (name, event, options) => cloud.invoke(name, event, options),
      new Date(),
    );
    for (const f of failures) console.warn(`[demo] could not seed ${f}`);
  }

  const interval = Number(process.env.SCHEDULER_INTERVAL_MS ?? 60_000);
  const timer =
    interval > 0 && fs.existsSync(`${root}/cloudfunctions/scheduler/index.js`)
      ? setInterval(() => {
          cloud
            .invoke('scheduler', { Type: 'Timer', TriggerName: 'hourly' })
            .catch((err) => console.error('[scheduler]', err));
        }, interval)
      : undefined;

  const u = cloud.url;
  const docs = (collection: string) =>
    [...cloud.store.entries(collection).values()].map((e) => e.doc as Record<string, unknown>);
  const personaLines = personasByTownship(docs);
  const unbound = docs('deputies')
    .filter((d) => d.active && !d.openid)
    .map((d) => `${String(d.name)}（${townshipName(docs, String(d.townshipId))}）`);
  const t = `"townshipId":"${DEMO_TOWNSHIP.id}"`;
  console.log(`local cloud listening on ${u}`);
  console.log(
    `data: ${dir}${seeded ? ` (demo township ${DEMO_TOWNSHIP.name} seeded, with ${QINGSHAN.name} and the county)` : ''}`,
  );
  console.log(`
Personas by township (send as header x-wx-openid; any other openid is a villager). A call names the
township it is about beside "action" ("townshipId":"${DEMO_TOWNSHIP.id}" or "${QINGSHAN.id}"), as the
mini-program does; staff bound in one township may leave it out.
${personaLines}
 群众 (villagers: any township, chosen in the mini-program)
  ${PERSONAS.villager.padEnd(20)} a villager
${unbound.length > 0 ? `  not bound yet (未绑定微信): ${unbound.join('、')}\n` : ''}
Try:
  # the county's townships (选择乡镇), then a station (what the QR code opens: its code names its township)
  curl -s -X POST ${u}/functions/station -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"townships"}'
  curl -s -X POST ${u}/functions/station -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"get","code":"JG01"}'
  # booking: the next reception days, book the next one, then the demo villager's bookings
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"listDays","stationCode":"JG01",${t}}'
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: demo-villager-9' -d '{"action":"book","requestId":"try-booking-0001","dayId":"${demoBookingDayId(new Date())}","topic":"想问问低保","villageCode":"jingu",${t}}'
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"mine",${t}}'
  # opinion: file one (routed to a deputy by the routing table), then the deputy's inbox
  curl -s -X POST ${u}/functions/opinion -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"submit","requestId":"try-opinion-0001","stationCode":"JG01","villageCode":"jingu","categoryCode":"road","text":"村口的水泥路裂了一道大口子","anonymous":false,"consentToPublish":false,${t}}'
  curl -s -X POST ${u}/functions/opinion -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"inbox",${t}}'
  # admin (presidium): the workbench figures and the supervision list
  curl -s -X POST ${u}/functions/admin -H 'x-wx-openid: ${PERSONAS.presidium}' -d '{"action":"dashboard"}'
  # the county's staff: every township side by side
  curl -s -X POST ${u}/functions/county -H 'x-wx-openid: ${PERSONAS.county}' -d '{"action":"townships"}'
  # duty: the deputy's records and notices to confirm
  curl -s -X POST ${u}/functions/duty -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"myRecords",${t}}'
  curl -s -X POST ${u}/functions/duty -H 'x-wx-openid: ${PERSONAS.deputy2}' -d '{"action":"myNotices"}'
  # article: the legal-knowledge articles
  curl -s -X POST ${u}/functions/article -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"list",${t}}'
  # who am I, and the subscribe messages sent so far
  curl -s -X POST ${u}/functions/account -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"whoami",${t}}'
  curl -s ${u}/local/messages
Open the project in WeChat DevTools with miniprogram/services/config.ts pointing at ${u} (see README).`);

  const stop = async () => {
    if (timer) clearInterval(timer);
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The demo personas' labels, by township (`<townshipId>:<openid>`). */
function personaLabels(): Map<string, string> {
  return new Map([
    ...demoPersonas().map((p) => [`${DEMO_TOWNSHIP.id}:${p.openid}`, p.label] as const),
    ...qsPersonas().map((p) => [`${QINGSHAN.id}:${p.openid}`, p.label] as const),
  ]);
}

type Docs = (collection: string) => Record<string, unknown>[];

function townshipName(docs: Docs, id: string): string {
  if (id === COUNTY) return '县人大常委会';
  return String(docs('townships').find((t) => t._id === id)?.name ?? id);
}

/**
 * The staff bound in this data directory (its `users`), grouped by township in the county's order and
 * the county's own staff last, so the list is what is there; the demo's own personas with their label.
 */
function personasByTownship(docs: Docs): string {
  const labels = personaLabels();
  const roles = ['presidium', 'stationAdmin', 'deputy', 'department', 'county'];
  const rank = (u: Record<string, unknown>) => roles.indexOf(String(u.role));
  const users = docs('users').filter((u) => rank(u) >= 0);
  const townships = [
    ...docs('townships')
      .sort((a, b) => Number(a.order) - Number(b.order))
      .map((t) => String(t._id)),
    COUNTY,
  ];
  return townships
    .map((id) => {
      const here = users
        .filter((u) => u.townshipId === id)
        .sort((a, b) => rank(a) - rank(b) || String(a.openid).localeCompare(String(b.openid)));
      if (here.length === 0) return '';
      const heading =
        id === COUNTY
          ? ' 县人大常委会 (county staff: every township)'
          : ` ${townshipName(docs, id)} ("townshipId":"${id}")`;
      const lines = here.map((u) => {
        const openid = String(u.openid ?? u._id);
        const label = labels.get(`${id}:${openid}`) ?? `${String(u.name ?? '')} (${String(u.role)})`;
        const elsewhere = users.some((o) => o.openid === openid && o.townshipId !== id)
          ? ' · bound in two townships'
          : '';
        return `  ${openid.padEnd(20)} ${label}${elsewhere}`;
      });
      return [heading, ...lines].join('\n');
    })
    .filter(Boolean)
    .join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
