/**
 * Round-trips bench: for each villager action and the main staff actions, the database requests one
 * call makes (each one a network round trip from a CloudBase function) and the longest chain of
 * sequential ones (what a call's latency is made of; parallel requests count once), as the local cloud
 * reports them in x-local-db-calls / x-local-db-chain. Runs `node dist/local/start.cjs` with the demo
 * township, as `npm start` does; each action is called as its persona would, in a journey.
 */
import { DEMO_TOWNSHIP, startLocalCloudProcess } from './lib/local-cloud.mjs';

const P = {
  presidium: 'demo-presidium',
  stationAdmin: 'demo-station-admin',
  deputy1: 'demo-deputy-1',
  villager: 'bench-round-trips-villager',
};

/** Each database answer waits this long (DB_LATENCY_MS), so that parallel requests overlap. */
const LATENCY_MS = 5;

export async function run() {
  process.env.DB_LATENCY_MS = String(LATENCY_MS);
  const cloud = await startLocalCloudProcess('bench-round-trips').finally(
    () => delete process.env.DB_LATENCY_MS,
  );
  const rows = [];
  const call = async (label, fn, openid, event) => {
    const started = performance.now();
    const res = await fetch(`${cloud.url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      // As the mini-program calls while showing the demo's first township (the demo has several).
      body: JSON.stringify({ townshipId: DEMO_TOWNSHIP, ...event }),
    });
    const body = await res.json();
    rows.push({
      label,
      calls: res.headers.get('x-local-db-calls'),
      chain: res.headers.get('x-local-db-chain'),
      ms: performance.now() - started,
      outcome: body.ok ? 'ok' : body.error?.code,
    });
    return body.ok ? body.data : null;
  };
  const rid = (s) => `bench-rt-${s}-${Date.now().toString(36)}`;
  try {
    // The villager's path.
    await call('station.get', 'station', P.villager, { action: 'get', code: 'JG01' });
    const days =
      (await call('booking.listDays', 'booking', P.villager, { action: 'listDays', stationCode: 'JG01' })) ??
      [];
    const list = Array.isArray(days) ? days : (days.days ?? []);
    const day = list.find((d) => (d.slots ?? []).some((s) => s.left > 0) || d.left > 0) ?? list[0];
    const slot = (day?.slots ?? []).find((s) => s.left > 0);
    const booked = await call('booking.book', 'booking', P.villager, {
      action: 'book',
      requestId: rid('book'),
      dayId: day?.id ?? 'none',
      ...(slot ? { slotId: slot.id } : {}),
      topic: '宅基地审批',
      villageCode: 'jingu',
    });
    await call('booking.mine', 'booking', P.villager, { action: 'mine' });
    const submitted = await call('opinion.submit', 'opinion', P.villager, {
      action: 'submit',
      requestId: rid('submit'),
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      text: '村东头的路灯坏了好几天，晚上出行不便，希望尽快修好。',
      anonymous: false,
      consentToPublish: false,
    });
    await call('opinion.mine', 'opinion', P.villager, { action: 'mine' });
    if (submitted?.id)
      await call('opinion.get', 'opinion', P.villager, { action: 'get', opinionId: submitted.id });
    await call('article.list', 'article', P.villager, { action: 'list' });
    await call('duty.currentNotice', 'duty', P.villager, { action: 'currentNotice', stationCode: 'JG01' });
    if (booked?.id ?? booked?.bookingId)
      await call('booking.cancel', 'booking', P.villager, {
        action: 'cancel',
        bookingId: booked.id ?? booked.bookingId,
      });

    // The staff's main actions.
    const inbox = await call('opinion.inbox', 'opinion', P.deputy1, { action: 'inbox' });
    const open = inbox?.open ?? [];
    const fresh = open.find((o) => o.status === 'assigned') ?? open[0];
    if (fresh) {
      await call('opinion.accept', 'opinion', P.deputy1, {
        action: 'accept',
        requestId: rid('accept'),
        opinionId: fresh.id,
      });
      await call('opinion.reply', 'opinion', P.deputy1, {
        action: 'reply',
        requestId: rid('reply'),
        opinionId: fresh.id,
        answer: '已联系村委会安排维修，预计本周内修好。',
      });
      await call('opinion.resolve', 'opinion', P.deputy1, {
        action: 'resolve',
        requestId: rid('resolve'),
        opinionId: fresh.id,
      });
    }
    if (day?.id) await call('booking.roster', 'booking', P.stationAdmin, { action: 'roster', dayId: day.id });
    await call('duty.addRecord', 'duty', P.deputy1, {
      action: 'addRecord',
      requestId: rid('duty'),
      type: 'visit',
      date: new Date().toISOString().slice(0, 10),
      description: '走访金鼓村困难户三户，了解生活情况。',
      peopleReached: 3,
    });
    await call('duty.reviewQueue', 'duty', P.presidium, { action: 'reviewQueue' });
    await call('admin.dashboard', 'admin', P.presidium, { action: 'dashboard' });
  } finally {
    await cloud.stop();
  }
  console.log(
    `\n## database round trips per call (each one a network round trip in CloudBase; here every answer waits ${LATENCY_MS} ms)`,
  );
  console.log(
    `  ${'action'.padEnd(24)} ${'calls'.padStart(5)} ${'chain'.padStart(5)} ${'ms'.padStart(7)}  outcome`,
  );
  for (const r of rows)
    console.log(
      `  ${r.label.padEnd(24)} ${String(r.calls ?? '-').padStart(5)} ${String(r.chain ?? '-').padStart(5)} ${r.ms.toFixed(1).padStart(7)}  ${r.outcome}`,
    );
}
