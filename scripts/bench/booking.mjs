/**
 * Booking bench, through the local cloud over HTTP (`node dist/local/start.cjs` on a temp DATA_DIR,
 * the whole path: HTTP → booking bundle → wx-server-sdk → embedded store):
 *   - throughput: distinct villagers booking an unlimited day, a few requests in flight at a time, against
 *     station.get measured the same way in the same run (same process, same clients, in alternating
 *     rounds so that a busy machine slows both alike), and the ratio of the two rates;
 *   - contention: 1000 villagers at once on a 50-place day → booked, DAY_FULL, other errors, and the
 *     stored outcome (bookings held, the day's counter, duplicates), which must be 50 / 50 / 0.
 */
import { count, runConcurrent, startLocalCloudProcess, stopwatch } from './lib/local-cloud.mjs';

const THROUGHPUT_BOOKINGS = count(1000, 40);
const THROUGHPUT_CONCURRENCY = 8;
const THROUGHPUT_ROUNDS = 8;
const CONTENTION_REQUESTS = count(1000, 40);
const CONTENTION_PLACES = count(50, 10);

const addDays = (ymd, n) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function run() {
  const cloud = await startLocalCloudProcess('bench-booking');
  const call = (openid, event, fn = 'booking') => cloud.post(fn, openid, event);

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
    // Throughput: distinct villagers on an unlimited day, against station.get in alternating rounds.
    const open = await addDay('JG02', 'unlimited', 'd04');
    const get = () => call('bench-villager', { action: 'get', code: 'JG01' }, 'station');
    for (let i = 0; i < count(20, 5); i++) {
      await book(`bench-warm-${i}`, open, 'baiguo');
      await get();
    }
    const rates = { book: { ok: 0, failed: 0, ms: 0 }, get: { ok: 0, failed: 0, ms: 0 } };
    const perRound = THROUGHPUT_BOOKINGS / THROUGHPUT_ROUNDS;
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      for (const [name, task] of [
        ['book', (i) => book(`bench-v-${round * perRound + i}`, open, 'baiguo')],
        ['get', () => get()],
      ]) {
        const r = rates[name];
        r.ms += await runConcurrent(perRound, THROUGHPUT_CONCURRENCY, async (i) => {
          if ((await task(i)).ok) r.ok++;
          else r.failed++;
        });
      }
    }
    const line = (label, r, unit) =>
      `  ${label.padEnd(26)}${((r.ok / r.ms) * 1000).toFixed(0)} ${unit}/s, mean ${((r.ms * THROUGHPUT_CONCURRENCY) / (r.ok + r.failed)).toFixed(1)} ms (${r.ok} ok, ${r.failed} failed, ${THROUGHPUT_CONCURRENCY} in flight)`;
    console.log(line('book, unlimited day', rates.book, 'bookings'));
    console.log(line('station.get, same run', rates.get, 'calls'));
    console.log(
      `  book / station.get        ×${(rates.book.ok / rates.book.ms / (rates.get.ok / rates.get.ms)).toFixed(2)} (${THROUGHPUT_ROUNDS} alternating rounds of ${perRound} each)`,
    );

    // Contention: everyone at once on a day with few places.
    const scarce = await addDay('JG01', CONTENTION_PLACES, 'd01');
    const rush = stopwatch();
    const answers = await Promise.all(
      Array.from({ length: CONTENTION_REQUESTS }, (_, i) =>
        book(`bench-rush-${i}`, scarce, 'jingu').catch((e) => ({
          ok: false,
          error: { code: `HTTP ${e.message}` },
        })),
      ),
    );
    const rushSeconds = rush() / 1000;
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
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
