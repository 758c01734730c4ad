/**
 * `npm start`: the local cloud with the demo township.
 *   PORT (default 8787), DATA_DIR (default .data/), SCHEDULER_INTERVAL_MS (default 60000; 0 turns it off)
 *   npm start -- --reset   wipes DATA_DIR and seeds the demo township again
 */
import * as fs from 'node:fs';
import { startLocalCloud } from '../cloud';
import { demoBookingDayId, PERSONAS, seedDemoActivity, seedDemoTownshipOnce } from '../demo/township.seed';
import { dataDir, projectRoot } from '../paths';

async function main(): Promise<void> {
  const root = projectRoot();
  const dir = dataDir(root);
  if (process.argv.includes('--reset')) fs.rmSync(dir, { recursive: true, force: true });
  const cloud = await startLocalCloud({ dataDir: dir, port: Number(process.env.PORT ?? 8787), root });
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
  console.log(`local cloud listening on ${u}`);
  console.log(`data: ${dir}${seeded ? ' (demo township 金鼓乡 seeded)' : ''}`);
  console.log(`
Personas (send as header x-wx-openid; any other openid is a villager):
  ${PERSONAS.presidium.padEnd(20)} 乡镇人大主席团 presidium
  ${PERSONAS.stationAdmin.padEnd(20)} 金鼓站联络员 station admin of JG01
  ${PERSONAS.deputy1.padEnd(20)} 王建国, county deputy at JG01
  ${PERSONAS.deputy2.padEnd(20)} 李秀英, township deputy at JG01
  ${PERSONAS.villager.padEnd(20)} a villager

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
