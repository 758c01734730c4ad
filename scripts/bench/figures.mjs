/**
 * Figures bench (issue 15 §7): `figures.report` of a 300-deputy township holding five years of records
 * (100 000 opinions with 300 000 timeline events, 50 000 duty records, 2 000 reception days with their
 * bookings and reception records, a notice per station and half-year), seeded straight into an
 * in-process local cloud, then the same with the data doubled (same deputies, twice the records). It runs
 * the real `figures` bundle (SDK → local database → grouped aggregations and paged reads), timing the
 * year's report (every figure of the township), the five years' report, and a station's and a deputy's
 * year. Goal: the year's report under 10 s; twice the data at most ×2.2 the time.
 * BENCH_FIGURES_SCALE=0.1 shrinks the volume for a quick look (quick mode: 1 %). Each size runs in its
 * own process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, DEMO_TOWNSHIP, loadInProcessTools, root, stopwatch } from './lib/local-cloud.mjs';
import { CATEGORIES, day, pad, seedPeopleAndPlaces } from './lib/seed.mjs';

const SCALE = Number(process.env.BENCH_FIGURES_SCALE || count(1, 0.01));
const STATIONS = 30;
const DEPUTIES_PER_STATION = 10;
const n = (full) => Math.max(1, Math.round(full * SCALE));
const OPINIONS = n(100_000);
const DUTY_RECORDS = n(50_000);
const RECEPTION_DAYS = n(2_000);
const BOOKINGS_PER_DAY = 5;
/** 2021-01-01 … 2025-12-31, counted on 2026-01-04. */
const FIRST = '2021-01-01';
const DAYS = 1826;
const NOW = '2026-01-04T04:00:00Z';
const MANUAL = ['visit', 'inspection', 'meeting', 'training', 'suggestion', 'help', 'reception'];
const SYSTEM = ['opinionAccepted', 'opinionReplied', 'opinionResolved'];

/** The township, `scale` times the base volume of records. Deterministic. */
function township(scale) {
  let s = 17;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const writes = [];
  const put = (collection, doc) => writes.push({ collection, id: doc._id, doc });
  const deputies = seedPeopleAndPlaces(put, {
    stations: STATIONS,
    perStation: DEPUTIES_PER_STATION,
    levelOf: (d) => (d === 0 ? 'county' : 'township'),
  });

  const statuses = ['assigned', 'accepted', 'replied', 'closed', 'closed'];
  for (let i = 0; i < OPINIONS * scale; i++) {
    const dep = deputies[Math.floor(rand() * deputies.length)];
    const on = day(FIRST, Math.floor(rand() * DAYS));
    const status = statuses[Math.floor(rand() * statuses.length)];
    const id = `op${pad(i, 7)}`;
    const accepted = status !== 'assigned' ? day(on, rand() < 0.2 ? 4 : 1) : null;
    const replied = status === 'replied' || status === 'closed' ? day(on, rand() < 0.2 ? 14 : 5) : null;
    const supervised = rand() < 0.03;
    put('opinions', {
      _id: id,
      stationCode: dep.code,
      villageCode: dep.village,
      categoryCode: CATEGORIES[i % CATEGORIES.length],
      text: `第${i}件：村里道路破损，下雨天积水，群众出行不便。`,
      photos: [],
      anonymous: false,
      consentToPublish: false,
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
      ratings:
        status === 'closed' && rand() < 0.6
          ? [
              {
                rating: rand() < 0.85 ? 'satisfied' : 'unsatisfied',
                at: new Date(`${day(replied, 3)}T02:00:00Z`),
              },
            ]
          : [],
      supervised,
      reopenCount: 0,
      handedBackBy: [],
      followers: [],
      deputyHistory: [dep.id],
    });
    // Three timeline events a case: submitted, then accepted / replied (or supervised) as far as it went.
    const steps = [
      ['submitted', on],
      ['accepted', accepted ?? on],
      [supervised ? 'supervised' : replied ? 'replied' : 'reminded', replied ?? day(on, 2)],
    ];
    steps.forEach(([type, at], k) =>
      put('opinionEvents', {
        _id: `${id}:${k + 1}`,
        opinionId: id,
        seq: k + 1,
        type,
        actorRole: 'deputy',
        at: new Date(`${at}T06:00:00Z`),
        visibleToVillager: true,
      }),
    );
  }

  for (let i = 0; i < DUTY_RECORDS * scale; i++) {
    const dep = deputies[Math.floor(rand() * deputies.length)];
    const system = rand() < 0.3;
    const type = system
      ? SYSTEM[Math.floor(rand() * SYSTEM.length)]
      : MANUAL[Math.floor(rand() * MANUAL.length)];
    put('dutyRecords', {
      _id: `r${pad(i, 7)}`,
      deputyId: dep.id,
      stationCode: dep.code,
      type,
      date: day(FIRST, Math.floor(rand() * DAYS)),
      description: '走访群众，了解道路修缮情况',
      peopleReached: Math.floor(rand() * 20),
      photos: [],
      ...(system
        ? { source: 'system', sourceRef: `opinion:x${i}:${type}` }
        : { source: 'manual', status: rand() < 0.9 ? 'approved' : 'pending' }),
      createdAt: new Date(),
    });
  }

  // Reception days spread over the stations and the five years, each with its bookings and record.
  const days = RECEPTION_DAYS * scale;
  for (let i = 0; i < days; i++) {
    const st = i % STATIONS;
    const code = `B${pad(st, 3)}`;
    const id = `${code}:${pad(i, 6)}`;
    const date = day(FIRST, Math.floor((i / days) * DAYS));
    const deputyId = `bd${pad(st * DEPUTIES_PER_STATION + (i % DEPUTIES_PER_STATION), 4)}`;
    const cancelled = rand() < 0.05;
    put('receptionDays', {
      _id: id,
      stationCode: code,
      date,
      start: '09:00',
      end: '11:30',
      deputyIds: [deputyId],
      capacity: 8,
      booked: BOOKINGS_PER_DAY,
      status: cancelled ? 'cancelled' : 'done',
    });
    const attendees = [];
    for (let b = 0; b < BOOKINGS_PER_DAY; b++) {
      const status = cancelled ? 'cancelled' : rand() < 0.85 ? 'checkedIn' : 'noShow';
      const bookingId = `${id}:${b}`;
      if (status === 'checkedIn') attendees.push(bookingId);
      put('bookings', {
        _id: bookingId,
        dayId: id,
        slotId: 'day',
        openid: `villager${b}`,
        villageCode: `v${st}`,
        source: b === 0 ? 'walkIn' : 'booking',
        status,
        checkInCode: 'ABCDEF',
        bookedAt: new Date(`${date}T01:00:00Z`),
      });
    }
    if (!cancelled)
      put('receptionRecords', {
        _id: id,
        dayId: id,
        stationCode: code,
        date,
        deputyIds: [deputyId],
        attendeeIds: attendees,
        peopleReached: attendees.length,
        summary: '接待群众，收集意见',
        matters: [
          {
            n: 1,
            villageCode: `v${st}`,
            categoryCode: 'road',
            text: '村道需要修补',
            opinionId: null,
          },
        ],
        recordedBy: 'bench-admin',
        recordedAt: new Date(`${date}T04:00:00Z`),
      });
  }

  // A published notice per station and half-year (履职登记公示).
  for (let st = 0; st < STATIONS; st++)
    for (let h = 0; h < 10; h++) {
      const year = 2021 + Math.floor(h / 2);
      const periodId = `${year}-${h % 2 ? '11' : '05'}`;
      put('disclosureNotices', {
        _id: `B${pad(st, 3)}:${periodId}:v1`,
        stationCode: `B${pad(st, 3)}`,
        periodId,
        version: 1,
        status: 'published',
        publishedAt: new Date(`${periodId}-10T02:00:00Z`),
        figures: { rows: [], totals: {} },
        createdAt: new Date(`${periodId}-05T02:00:00Z`),
      });
    }
  return writes;
}

export async function timeReports({ startLocalCloud, asTownship }, scale) {
  const cloud = await startLocalCloud({ dataDir: null, root });
  try {
    const seeding = stopwatch();
    const writes = [
      {
        collection: 'townships',
        id: DEMO_TOWNSHIP,
        doc: { _id: DEMO_TOWNSHIP, name: '金鼓乡', order: 1, createdAt: new Date() },
      },
      ...asTownship(DEMO_TOWNSHIP, township(scale)),
    ];
    for (let i = 0; i < writes.length; i += 20_000) cloud.store.commit(writes.slice(i, i + 20_000));
    const seedMs = seeding();
    const docs = {};
    for (const w of writes) docs[w.collection] = (docs[w.collection] ?? 0) + 1;
    const report = async (period, scope) => {
      const elapsed = stopwatch();
      const res = await cloud.invoke(
        'figures',
        { action: 'report', period, ...(scope ? { scope } : {}), townshipId: DEMO_TOWNSHIP },
        { openid: 'bench-presidium', now: NOW },
      );
      const ms = elapsed();
      // A failure is a figure too (a single aggregation over CloudBase's request timeout fails the call).
      if (!res.ok) return { ms, figures: [], failed: res.error.code };
      return { ms, figures: res.data.figures };
    };
    /**
     * Waits until the local cloud has finished what it was doing: a call the SDK gave up on (its request
     * timeout) leaves its queries running in the engine, and a call timed after it would wait for them.
     */
    const settle = async () => {
      for (let i = 0; i < 120; i++) {
        const elapsed = stopwatch();
        const res = await cloud.invoke(
          'station',
          { action: 'list', townshipId: DEMO_TOWNSHIP },
          { openid: 'bench-presidium', now: NOW },
        );
        if (res.ok && elapsed() < 1000) return;
      }
    };
    const timed = async (period, scope) => {
      await settle();
      return report(period, scope);
    };
    // Load the bundle and let the engine build its indexes first (a cold start is the cold-require
    // section's; CloudBase has its indexes built), on a small period.
    await report({ kind: 'quarter', year: 2025, quarter: 4 });
    const year = await timed({ kind: 'year', year: 2025 });
    const five = await timed({ kind: 'custom', start: FIRST, end: '2025-12-31' });
    const station = await timed({ kind: 'year', year: 2025 }, { kind: 'station', stationCode: 'B000' });
    const deputy = await timed({ kind: 'year', year: 2025 }, { kind: 'deputy', deputyId: 'bd0000' });
    const value = (r, code) => r.figures.find((f) => f.code === code)?.display ?? '—';
    return {
      seedMs,
      docs,
      total: writes.length,
      yearMs: year.ms,
      fiveMs: five.ms,
      stationMs: station.ms,
      deputyMs: deputy.ms,
      failed: Object.fromEntries(
        Object.entries({ year, five, station, deputy })
          .filter(([, r]) => r.failed)
          .map(([k, r]) => [k, r.failed]),
      ),
      figures: year.figures.length,
      sample: {
        received: value(year, 'opinions.received'),
        visitors: value(year, 'reception.visitors'),
        records: value(year, 'duties.records'),
        fiveReceived: value(five, 'opinions.received'),
      },
    };
  } finally {
    await cloud.stop();
  }
}

function measure(scale) {
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--scale', String(scale)],
    {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, SILENCE: 'true' },
      // The function's own log of a failed call (printed above as FAILED) stays out of the figures.
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).toString();
  return JSON.parse(out.trim().split('\n').pop());
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

export async function run() {
  console.log(
    `\n## figures: figures.report of five years (${STATIONS * DEPUTIES_PER_STATION} deputies${SCALE !== 1 ? `, scale ${SCALE}` : ''})`,
  );
  const section = stopwatch();
  const base = measure(1);
  const doubled = measure(2);
  for (const r of [base, doubled]) {
    const d = r.docs;
    console.log(
      `  ${d.opinions.toLocaleString('en')} opinions, ${d.opinionEvents.toLocaleString('en')} events, ${d.dutyRecords.toLocaleString('en')} duty records, ${d.receptionDays.toLocaleString('en')} reception days, ${d.bookings.toLocaleString('en')} bookings (${r.total.toLocaleString('en')} documents):`,
    );
    const failed = Object.entries(r.failed);
    if (failed.length)
      console.log(
        `    FAILED: ${failed.map(([k, code]) => `${k} (${code})`).join(', ')} — a query over the SDK's request timeout`,
      );
    console.log(
      `    year 2025, all ${r.figures} figures: ${s(r.yearMs)} (收集意见建议 ${r.sample.received}, 接待群众 ${r.sample.visitors}, 履职登记 ${r.sample.records}); five years: ${s(r.fiveMs)} (${r.sample.fiveReceived}); a station's year: ${s(r.stationMs)}; a deputy's year: ${s(r.deputyMs)}`,
    );
  }
  console.log(
    `  data doubled: ×${(doubled.yearMs / base.yearMs).toFixed(2)} the year's time, ×${(doubled.fiveMs / base.fiveMs).toFixed(2)} the five years' (goal: year < 10 s, ×≤2.2)`,
  );
  console.log(
    `  (this section took ${(section() / 1000).toFixed(0)} s in all; seeding the store: ${(base.seedMs / 1000).toFixed(0)} s + ${(doubled.seedMs / 1000).toFixed(0)} s)`,
  );
}

const scaleArg = process.argv.indexOf('--scale');
if (scaleArg > 0) {
  const tools = await loadInProcessTools();
  console.log(JSON.stringify(await timeReports(tools, Number(process.argv[scaleArg + 1]))));
} else if (import.meta.url === `file://${process.argv[1]}`) await run();
