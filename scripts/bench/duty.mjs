/**
 * Duty-disclosure bench: the time to draft every station's notice for a township of 300 deputies and
 * 100 000 opinions (plus duty records, reception days and check-ins), seeded straight into an
 * in-process local cloud, and the time when that data doubles (same 300 deputies, twice the records).
 * The draft runs the real `duty.draftAllNotices` bundle: SDK → local database → aggregation + paged reads.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, DEMO_TOWNSHIP, loadInProcessTools, root, stopwatch } from './lib/local-cloud.mjs';
import { caseTimeline, day, pad } from './lib/seed.mjs';

const STATIONS = count(30, 3);
const DEPUTIES_PER_STATION = 10;
const OPINIONS = count(100_000, 1000);

/** The township, `scale` times the base volume of records. Deterministic. */
function township(scale, periodStart) {
  let s = 7;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const writes = [];
  const put = (collection, doc) => writes.push({ collection, id: doc._id, doc });
  put('users', {
    _id: 'bench-presidium',
    openid: 'bench-presidium',
    role: 'presidium',
    name: '主席团',
    boundAt: new Date(),
  });
  const deputies = [];
  for (let st = 0; st < STATIONS; st++) {
    const code = `B${pad(st, 3)}`;
    put('stations', {
      _id: code,
      code,
      name: `第${st + 1}联络站`,
      address: '乡政府',
      openHours: '',
      contactPhone: '',
      intro: '',
      leadDeputyId: '',
      active: true,
    });
    for (let d = 0; d < DEPUTIES_PER_STATION; d++) {
      const id = `bd${pad(st * DEPUTIES_PER_STATION + d, 4)}`;
      deputies.push({ id, code });
      put('deputies', {
        _id: id,
        name: `代表${id}`,
        level: 'township',
        title: '',
        photo: '',
        phone: '',
        stationCode: code,
        villageCodes: [],
        categories: [],
        group: '',
        active: true,
      });
    }
  }
  const statuses = ['assigned', 'accepted', 'replied', 'resolved', 'closed'];
  for (let i = 0; i < OPINIONS * scale; i++) {
    const dep = deputies[Math.floor(rand() * deputies.length)];
    const on = day(periodStart, Math.floor(rand() * 183));
    const status = statuses[Math.floor(rand() * statuses.length)];
    put('opinions', {
      _id: `op${pad(i, 7)}`,
      stationCode: dep.code,
      status,
      owner: { kind: 'deputies', deputyIds: [dep.id] },
      ...caseTimeline(on, status, rand),
    });
  }
  for (let i = 0; i < deputies.length * 20 * scale; i++) {
    const dep = deputies[i % deputies.length];
    put('dutyRecords', {
      _id: `r${pad(i, 7)}`,
      deputyId: dep.id,
      stationCode: dep.code,
      type: 'visit',
      date: day(periodStart, Math.floor(rand() * 183)),
      description: '走访',
      peopleReached: 3,
      photos: [],
      source: 'manual',
      status: 'approved',
      createdAt: new Date(),
    });
  }
  for (let st = 0; st < STATIONS; st++) {
    const code = `B${pad(st, 3)}`;
    for (let w = 0; w < 26 * scale; w++) {
      const id = `${code}:${w}`;
      put('receptionDays', {
        _id: id,
        stationCode: code,
        date: day(periodStart, (w * 7) % 183),
        start: '09:00',
        end: '11:00',
        deputyIds: [`bd${pad(st * DEPUTIES_PER_STATION, 4)}`],
        capacity: 'unlimited',
        booked: 5,
        status: 'done',
      });
      for (let b = 0; b < 5; b++)
        put('bookings', {
          _id: `${id}:${b}`,
          dayId: id,
          slotId: 'day',
          openid: `v${b}`,
          status: 'checkedIn',
          checkInCode: 'ABCDEF',
          bookedAt: new Date(),
        });
    }
  }
  return writes;
}

async function timeDraft({ startLocalCloud, asTownship }, scale) {
  const cloud = await startLocalCloud({ dataDir: null, root });
  try {
    const periodId = '2025-11';
    const seeding = stopwatch();
    const writes = [
      {
        collection: 'townships',
        id: DEMO_TOWNSHIP,
        doc: { _id: DEMO_TOWNSHIP, name: '金鼓乡', order: 1, createdAt: new Date() },
      },
      ...asTownship(DEMO_TOWNSHIP, township(scale, '2025-04-01')),
    ];
    for (let i = 0; i < writes.length; i += 20_000) cloud.store.commit(writes.slice(i, i + 20_000));
    const seedMs = seeding();
    const elapsed = stopwatch();
    const res = await cloud.invoke(
      'duty',
      { action: 'draftAllNotices', periodId, townshipId: DEMO_TOWNSHIP },
      { openid: 'bench-presidium', now: '2025-10-08T02:00:00Z' },
    );
    const ms = elapsed();
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const notice = cloud.store.get('disclosureNotices', `B000:${periodId}:v1`).doc;
    return {
      ms,
      seedMs,
      drafted: res.data.drafted + res.data.redrafted,
      received: notice.figures.totals.opinionsReceived,
      docs: writes.length,
    };
  } finally {
    await cloud.stop();
  }
}

/** Each size runs in its own process (a local cloud per process), printing its figures as JSON. */
function measure(scale) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--scale', String(scale)], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }).toString();
  return JSON.parse(out.trim().split('\n').pop());
}

export async function run() {
  console.log(
    `\n## duty: draft every notice (${STATIONS} stations, ${STATIONS * DEPUTIES_PER_STATION} deputies)`,
  );
  const section = stopwatch();
  const base = measure(1);
  const doubled = measure(2);
  for (const [n, r] of [
    [OPINIONS, base],
    [OPINIONS * 2, doubled],
  ])
    console.log(
      `  ${n.toLocaleString('en')} opinions (${r.docs.toLocaleString('en')} documents): ${(r.ms / 1000).toFixed(2)} s for ${r.drafted} notices (station B000: ${r.received} opinions received)`,
    );
  console.log(`  data doubled: ×${(doubled.ms / base.ms).toFixed(2)} the time`);
  console.log(
    `  (this section took ${(section() / 1000).toFixed(0)} s in all; seeding the store: ${(base.seedMs / 1000).toFixed(0)} s + ${(doubled.seedMs / 1000).toFixed(0)} s)`,
  );
}

const scaleArg = process.argv.indexOf('--scale');
if (scaleArg > 0) {
  const tools = await loadInProcessTools();
  console.log(JSON.stringify(await timeDraft(tools, Number(process.argv[scaleArg + 1]))));
} else if (import.meta.url === `file://${process.argv[1]}`) await run();
