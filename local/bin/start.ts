/**
 * `npm start`: the local cloud with the demo township.
 *   PORT (default 8787), DATA_DIR (default .data/), SCHEDULER_INTERVAL_MS (default 60000; 0 turns it off),
 *   DB_LATENCY_MS (default 0: each database answer waits this long, as a network round trip would)
 *   npm start -- --reset   wipes DATA_DIR and seeds the demo township again
 */
import * as fs from 'node:fs';
import { startLocalCloud } from '../cloud';
import {
  demoBookingDayId,
  demoPersonas,
  PERSONAS,
  seedDemoActivity,
  seedDemoTownshipOnce,
} from '../demo/township.seed';
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
  // The staff bound in this data directory (its `users`), so the list is what is there; the demo's
  // own personas with their English label.
  const labels = new Map(demoPersonas().map((p) => [p.openid, p.label]));
  const docs = (collection: string) =>
    [...cloud.store.entries(collection).values()].map((e) => e.doc as Record<string, unknown>);
  const roles = ['presidium', 'stationAdmin', 'deputy'];
  const rank = (u: Record<string, unknown>) => roles.indexOf(String(u.role));
  const personaLines = docs('users')
    .filter((u) => rank(u) >= 0)
    .sort((a, b) => rank(a) - rank(b) || String(a._id).localeCompare(String(b._id)))
    .map(
      (u) =>
        `  ${String(u._id).padEnd(20)} ${labels.get(String(u._id)) ?? `${String(u.name ?? '')} (${String(u.role)})`}`,
    )
    .join('\n');
  const unbound = docs('deputies')
    .filter((d) => d.active && !d.openid)
    .map((d) => String(d.name));
  console.log(`local cloud listening on ${u}`);
  console.log(`data: ${dir}${seeded ? ' (demo township 金鼓乡 seeded)' : ''}`);
  console.log(`
Personas (send as header x-wx-openid; any other openid is a villager):
${personaLines}
  ${PERSONAS.villager.padEnd(20)} a villager
${unbound.length > 0 ? `  not bound yet (未绑定微信): ${unbound.join('、')}\n` : ''}
Try:
  # station (what the QR code opens)
  curl -s -X POST ${u}/functions/station -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"get","code":"JG01"}'
  # booking: the next reception days, book the next one, then the demo villager's bookings
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"listDays","stationCode":"JG01"}'
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: demo-villager-9' -d '{"action":"book","requestId":"try-booking-0001","dayId":"${demoBookingDayId(new Date())}","topic":"想问问低保","villageCode":"jingu"}'
  curl -s -X POST ${u}/functions/booking -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"mine"}'
  # opinion: file one (routed to a deputy by the routing table), then the deputy's inbox
  curl -s -X POST ${u}/functions/opinion -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"submit","requestId":"try-opinion-0001","stationCode":"JG01","villageCode":"jingu","categoryCode":"road","text":"村口的水泥路裂了一道大口子","anonymous":false,"consentToPublish":false}'
  curl -s -X POST ${u}/functions/opinion -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"inbox"}'
  # admin (presidium): the workbench figures and the supervision list
  curl -s -X POST ${u}/functions/admin -H 'x-wx-openid: ${PERSONAS.presidium}' -d '{"action":"dashboard"}'
  # duty: the deputy's records and notices to confirm
  curl -s -X POST ${u}/functions/duty -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"myRecords"}'
  curl -s -X POST ${u}/functions/duty -H 'x-wx-openid: ${PERSONAS.deputy2}' -d '{"action":"myNotices"}'
  # article: the legal-knowledge articles
  curl -s -X POST ${u}/functions/article -H 'x-wx-openid: ${PERSONAS.villager}' -d '{"action":"list"}'
  # who am I, and the subscribe messages sent so far
  curl -s -X POST ${u}/functions/account -H 'x-wx-openid: ${PERSONAS.deputy1}' -d '{"action":"whoami"}'
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
