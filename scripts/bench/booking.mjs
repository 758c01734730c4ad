/**
 * Booking bench, through the local cloud over HTTP (`node dist/local/start.cjs` on a temp DATA_DIR,
 * the whole path: HTTP → booking bundle → wx-server-sdk → embedded store):
 *   - throughput: distinct villagers booking an unlimited day, a few requests in flight at a time;
 *   - contention: 1000 villagers at once on a 50-place day → booked, DAY_FULL, other errors, and the
 *     stored outcome (bookings held, the day's counter, duplicates), which must be 50 / 50 / 0.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const THROUGHPUT_BOOKINGS = 1000;
const THROUGHPUT_CONCURRENCY = 8;
const CONTENTION_REQUESTS = 1000;
const CONTENTION_PLACES = 50;

async function startCloud() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-booking-'));
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

const addDays = (ymd, n) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function run() {
  const cloud = await startCloud();
  const call = (openid, event) =>
    fetch(`${cloud.url}/functions/booking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(event),
    }).then((r) => r.json());

  /** A one-off day added by the presidium on the first free date from 7 days ahead. */
  async function addDay(stationCode, capacity, deputyId) {
    for (let n = 7; n < 60; n++) {
      const res = await call('demo-presidium', {
        action: 'addDay',
        stationCode,
        date: addDays(chinaToday(), n),
        start: '09:00',
        end: '11:30',
        slots: [{ id: 'a', start: '09:00', end: '11:30', capacity }],
        deputyIds: [deputyId],
      });
      if (res.ok) return res.data.dayId;
      if (res.error.code !== 'DAY_EXISTS') throw new Error(JSON.stringify(res.error));
    }
    throw new Error('no free date');
  }
  const book = (openid, dayId, village) =>
    call(openid, {
      action: 'book',
      requestId: `bench-${openid}`,
      dayId,
      topic: '压测预约',
      villageCode: village,
    });

  try {
    console.log('\n## booking (local cloud over HTTP)');
    // Throughput: distinct villagers on an unlimited day.
    const open = await addDay('JG02', 'unlimited', 'd04');
    for (let i = 0; i < 20; i++) await book(`bench-warm-${i}`, open, 'baiguo');
    let next = 0;
    let ok = 0;
    let failed = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: THROUGHPUT_CONCURRENCY }, async () => {
        while (next < THROUGHPUT_BOOKINGS) {
          const res = await book(`bench-v-${next++}`, open, 'baiguo');
          if (res.ok) ok++;
          else failed++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `  book, unlimited day       ${(ok / seconds).toFixed(0)} bookings/s, mean ${((seconds * 1000 * THROUGHPUT_CONCURRENCY) / (ok + failed)).toFixed(1)} ms (${ok} booked, ${failed} failed, ${THROUGHPUT_CONCURRENCY} in flight)`,
    );

    // Contention: everyone at once on a day with few places.
    const scarce = await addDay('JG01', CONTENTION_PLACES, 'd01');
    const t0 = process.hrtime.bigint();
    const answers = await Promise.all(
      Array.from({ length: CONTENTION_REQUESTS }, (_, i) =>
        book(`bench-rush-${i}`, scarce, 'jingu').catch((e) => ({
          ok: false,
          error: { code: `HTTP ${e.message}` },
        })),
      ),
    );
    const rushSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const booked = answers.filter((a) => a.ok).length;
    const full = answers.filter((a) => !a.ok && a.error.code === 'DAY_FULL').length;
    const errors = {};
    for (const a of answers)
      if (!a.ok && a.error.code !== 'DAY_FULL') errors[a.error.code] = (errors[a.error.code] ?? 0) + 1;
    const roster = await call('demo-presidium', { action: 'roster', dayId: scarce });
    const held = roster.data.bookings.filter((b) => b.status === 'booked');
    const answeredIds = new Set(answers.filter((a) => a.ok).map((a) => a.data.bookingId));
    const duplicates =
      held.length -
      new Set(held.map((b) => b.bookingId)).size +
      [...held].filter((b) => !answeredIds.has(b.bookingId)).length;
    console.log(
      `  ${CONTENTION_REQUESTS} at once on ${CONTENTION_PLACES} places  booked ${booked}, DAY_FULL ${full}, other errors ${Object.keys(errors).length ? JSON.stringify(errors) : 0} (${rushSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  stored after the rush     bookings held ${held.length}, day counter ${roster.data.booked}/${roster.data.capacity}, duplicates ${duplicates}`,
    );
  } finally {
    cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
