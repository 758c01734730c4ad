/**
 * Townships bench (issue 19): what one township's pages and figures cost when the deployment serves
 * 1 township and when it serves 20 (each 15 stations, 300 deputies and OPINIONS_PER_TOWNSHIP opinions
 * over five years, the last 60 days' in every state and older ones resolved or closed: 6 000 deputies at
 * 20), seeded straight into an in-process
 * local cloud as each township's records (local/township-writes.ts). The same township's calls run the
 * real bundles (SDK → local database, indexes led by townshipId): a villager's station page, the
 * presidium's dashboard and supervision list, a deputy's inbox, and the figures of a station's
 * duty-disclosure draft. Printed: median milliseconds and the documents the engine tested per call, at
 * 1 and at 20 townships, and the ratio — near 1 when tenancy is covered by the indexes.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, loadInProcessTools, median, root, stopwatch } from './lib/local-cloud.mjs';
import { caseTimeline, CATEGORIES, day, pad } from './lib/seed.mjs';

const STATIONS = 15;
const DEPUTIES_PER_STATION = 20;
/**
 * 10 000 per township (200 000 at 20) by default: the section then takes about 12 minutes, most of it
 * the scheduler's first run catching up on the seeded years. BENCH_TOWNSHIP_OPINIONS=100000 is the
 * issue's 2 million (6 000 deputies at 20 townships; give it an hour and 16 GB).
 */
const OPINIONS_PER_TOWNSHIP = Number(process.env.BENCH_TOWNSHIP_OPINIONS) || count(10_000, 600);
const RUNS = count(7, 2);
const NOW = '2025-12-15T02:00:00.000Z';

/** Township `t` (1-based): its records as plain writes (asTownship stamps them). Deterministic. */
function townshipWrites(t) {
  let s = 11 + t;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const tid = `t${pad(t, 2)}`;
  const writes = [];
  const put = (collection, doc) => writes.push({ collection, id: doc._id, doc });
  put('users', {
    _id: `bench-presidium-${tid}`,
    openid: `bench-presidium-${tid}`,
    role: 'presidium',
    name: '主席团',
    boundAt: new Date(),
  });
  CATEGORIES.forEach((code, i) =>
    put('categories', { _id: code, code, name: code, acceptDays: 2, answerDays: 10, order: i, active: true }),
  );
  const deputies = [];
  for (let st = 0; st < STATIONS; st++) {
    const code = `${tid.toUpperCase()}S${pad(st, 2)}`;
    const village = `${tid}v${pad(st, 2)}`;
    put('stations', {
      _id: code,
      code,
      name: `第${st + 1}联络站`,
      address: '乡政府',
      openHours: '每周五',
      contactPhone: '0838-0000000',
      intro: '',
      leadDeputyId: `${tid}d${pad(st * DEPUTIES_PER_STATION, 3)}`,
      active: true,
    });
    put('villages', { _id: village, code: village, name: `村${st + 1}`, stationCode: code });
    for (let d = 0; d < DEPUTIES_PER_STATION; d++) {
      const id = `${tid}d${pad(st * DEPUTIES_PER_STATION + d, 3)}`;
      deputies.push({ id, code, village });
      put('deputies', {
        _id: id,
        name: `代表${id}`,
        level: 'township',
        title: '',
        photo: '',
        phone: '13800000000',
        stationCode: code,
        villageCodes: [village],
        categories: [],
        group: '',
        active: true,
        ...(st === 0 && d === 0 ? { openid: `bench-deputy-${tid}` } : {}),
      });
    }
    for (let w = 0; w < 8; w++) {
      const date = day('2025-12-19', w * 7);
      put('receptionDays', {
        _id: `${code}:${date}`,
        stationCode: code,
        date,
        start: '09:00',
        end: '11:00',
        deputyIds: [`${tid}d${pad(st * DEPUTIES_PER_STATION, 3)}`],
        slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 10, booked: 0 }],
        capacity: 10,
        booked: 0,
        status: 'open',
        announcedOn: '2025-12-01',
      });
    }
  }
  put('users', {
    _id: `bench-deputy-${tid}`,
    openid: `bench-deputy-${tid}`,
    role: 'deputy',
    name: '代表',
    deputyId: `${tid}d000`,
    boundAt: new Date(),
  });
  const statuses = ['assigned', 'accepted', 'replied', 'resolved', 'closed', 'closed', 'closed', 'closed'];
  for (let i = 0; i < OPINIONS_PER_TOWNSHIP; i++) {
    // The bound deputy gets a case in every thousand, as one of 300 would.
    const dep = i % 300 === 0 ? deputies[0] : deputies[Math.floor(rand() * deputies.length)];
    const on = day('2021-01-01', Math.floor(rand() * 1825));
    // As a township's cases age: those of the last 60 days in every state, older ones resolved or closed.
    const recent = on >= '2025-10-16';
    const status = recent
      ? statuses[Math.floor(rand() * statuses.length)]
      : rand() < 0.2
        ? 'resolved'
        : 'closed';
    put('opinions', {
      _id: `${tid}op${pad(i, 6)}`,
      text: '村口道路坑洼，雨天积水，希望尽快修补。',
      stationCode: dep.code,
      villageCode: dep.village,
      category: CATEGORIES[i % CATEGORIES.length],
      channel: 'scan',
      anonymous: false,
      consentToPublish: false,
      villagerOpenid: `v${i % 5000}`,
      followers: [],
      status,
      owner: { kind: 'deputies', deputyIds: [dep.id] },
      routing: { reason: '按村和类别分给代表', path: 'village' },
      limits: { acceptDays: 2, answerDays: 10 },
      filedBy: { kind: 'self' },
      assignedOn: on,
      supervised: false,
      reopenCount: 0,
      handedBackBy: [],
      photos: [],
      deputyHistory: [dep.id],
      ...caseTimeline(on, status, rand),
      seq: 1,
    });
  }
  return { tid, writes };
}

async function measureAt(townships) {
  const { startLocalCloud, asTownship } = await loadInProcessTools();
  const cloud = await startLocalCloud({ dataDir: null, root });
  try {
    const seeding = stopwatch();
    let docs = 0;
    const list = [];
    for (let t = 1; t <= townships; t++)
      list.push({ _id: `t${pad(t, 2)}`, name: `第${t}乡镇`, order: t, createdAt: new Date() });
    cloud.store.commit(list.map((doc) => ({ collection: 'townships', id: doc._id, doc })));
    for (let t = 1; t <= townships; t++) {
      const { tid, writes } = townshipWrites(t);
      const stamped = asTownship(tid, writes);
      for (let i = 0; i < stamped.length; i += 20_000) cloud.store.commit(stamped.slice(i, i + 20_000));
      docs += stamped.length;
    }
    // The engine builds a collection's indexes on its first query: build them now, not inside a timed
    // call (at 2 million opinions that takes longer than the SDK waits for an answer).
    for (const name of cloud.store.collectionNames()) cloud.engine.indexesOf(name);
    const seedMs = seeding();
    const t = 't01';
    const calls = {
      'station.get (villager)': ['station', { action: 'get', code: 'T01S00' }, 'bench-villager'],
      'admin.dashboard (presidium)': ['admin', { action: 'dashboard' }, `bench-presidium-${t}`],
      'admin.supervisionList': ['admin', { action: 'supervisionList' }, `bench-presidium-${t}`],
      'opinion.inbox (deputy)': ['opinion', { action: 'inbox' }, `bench-deputy-${t}`],
      'duty.draftNotice (figures of a station, 2025-04…09)': [
        'duty',
        { action: 'draftNotice', stationCode: 'T01S00', periodId: '2025-11' },
        `bench-presidium-${t}`,
      ],
    };
    const out = {};
    // What grows with the county by design, timed once each: the county's overview (every township) and
    // the scheduler's hourly run (each township's jobs, then the county's), against their timeouts.
    cloud.store.commit([
      {
        collection: 'users',
        id: 'county:bench-county',
        doc: {
          _id: 'county:bench-county',
          townshipId: 'county',
          openid: 'bench-county',
          role: 'county',
          name: '县',
          boundAt: new Date(),
        },
      },
    ]);
    // The scheduler's first run catches up on the seeded years (purges, closings): the next hour's is timed.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: NOW });
    const HOUR_LATER = new Date(Date.parse(NOW) + 3_600_000).toISOString();
    for (const [label, fn, event, openid, now] of [
      ['county.townships (every township)', 'county', { action: 'townships' }, 'bench-county', NOW],
      [
        'scheduler.runDue (every township, an hour on)',
        'scheduler',
        { action: 'runDue' },
        undefined,
        HOUR_LATER,
      ],
    ]) {
      const elapsed = stopwatch();
      const res = await cloud.invoke(fn, event, { openid, now });
      const ms = elapsed();
      if (!res.ok) throw new Error(`${label}: ${JSON.stringify(res.error)}`);
      out[label] = { ms, examined: 0, once: true };
    }
    for (const [label, [fn, event, openid]] of Object.entries(calls)) {
      const times = [];
      let examined = 0;
      for (let r = 0; r < RUNS + 1; r++) {
        const before = cloud.engine.examined;
        const elapsed = stopwatch();
        const res = await cloud.invoke(fn, { townshipId: t, ...event }, { openid, now: NOW });
        const ms = elapsed();
        if (!res.ok) throw new Error(`${label}: ${JSON.stringify(res.error)}`);
        if (r === 0) continue; // warm-up: bundles loaded, indexes built
        times.push(ms);
        examined = cloud.engine.examined - before;
      }
      out[label] = { ms: median(times), examined };
    }
    return { townships, docs, seedMs, calls: out };
  } finally {
    await cloud.stop();
  }
}

/** Each size in its own process, with room for 2 million opinions. */
function measure(townships) {
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=16384', fileURLToPath(import.meta.url), '--townships', String(townships)],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  ).toString();
  return JSON.parse(out.trim().split('\n').pop());
}

export async function run() {
  console.log(
    `\n## townships: one township's calls at 1 and at 20 townships (each ${STATIONS} stations, ${STATIONS * DEPUTIES_PER_STATION} deputies, ${OPINIONS_PER_TOWNSHIP.toLocaleString('en')} opinions over 2021–2025)`,
  );
  const section = stopwatch();
  const one = measure(1);
  const twenty = measure(20);
  console.log(
    `  documents: ${one.docs.toLocaleString('en')} at 1 township, ${twenty.docs.toLocaleString('en')} at 20`,
  );
  console.log(
    '  call                                              1 township        20 townships      ratio (time, docs tested)',
  );
  for (const label of Object.keys(one.calls)) {
    const a = one.calls[label];
    const b = twenty.calls[label];
    if (a.once) {
      console.log(
        `  ${label.padEnd(50)}${`${a.ms.toFixed(0)} ms`.padEnd(18)}${`${b.ms.toFixed(0)} ms`.padEnd(18)}(grows with the townships)`,
      );
      continue;
    }
    console.log(
      `  ${label.padEnd(50)}${`${a.ms.toFixed(1)} ms, ${a.examined}`.padEnd(18)}${`${b.ms.toFixed(1)} ms, ${b.examined}`.padEnd(18)}×${(b.ms / a.ms).toFixed(2)}, ×${(b.examined / Math.max(1, a.examined)).toFixed(2)}`,
    );
  }
  console.log(
    `  (this section took ${(section() / 1000).toFixed(0)} s; seeding: ${(one.seedMs / 1000).toFixed(0)} s + ${(twenty.seedMs / 1000).toFixed(0)} s)`,
  );
}

const arg = process.argv.indexOf('--townships');
if (arg > 0) console.log(JSON.stringify(await measureAt(Number(process.argv[arg + 1]))));
else if (import.meta.url === `file://${process.argv[1]}`) await run();
