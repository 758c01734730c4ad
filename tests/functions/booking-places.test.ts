/**
 * A day's counted places agree with its bookings after calls that stopped half way
 * (server/booking/places.service.ts, scheduler job reconcilePlaces), through the local cloud: the
 * real booking and scheduler functions, the store edited only to stand for a call that was killed.
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { demoCloud, expectError, type Envelope } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

const today = chinaDate(new Date());
let seq = 0;
function addDay(overrides: Record<string, unknown> = {}): string {
  const date = addDays(today, 9);
  const id = `P${++seq}:${date}`;
  cloud.store.commit([
    {
      collection: 'receptionDays',
      id,
      doc: {
        _id: id,
        stationCode: 'JG01',
        date,
        start: '09:00',
        end: '11:30',
        deputyIds: ['d01'],
        capacity: 2,
        booked: 0,
        status: 'scheduled',
        ...overrides,
      },
    },
  ]);
  return id;
}
type Day = { booked: number; slots?: { id: string; booked: number }[] };
const dayDoc = (id: string) => cloud.store.get('receptionDays', id)!.doc as unknown as Day;
const docs = (collection: string) => [...cloud.store.entries(collection).values()].map((e) => e.doc);
const put = (collection: string, doc: Record<string, unknown>) =>
  cloud.store.commit([{ collection, id: String(doc._id), doc: doc as never }]);
let rid = 0;
const book = (openid: string, dayId: string) =>
  cloud.call<{ bookingId: string }>(
    'booking',
    { action: 'book', requestId: `places-${++rid}`, dayId, topic: '低保申请', villageCode: 'jingu' },
    openid,
  );
const ok = <T>(res: Envelope<T>): T => {
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
/** The scheduler, `minutes` from now (locks and cancels older than 2 minutes are settled). */
const runDue = (minutes: number) =>
  cloud.invoke<Envelope<Record<string, unknown>>>(
    'scheduler',
    { action: 'runDue' },
    { now: new Date(Date.now() + minutes * 60_000).toISOString() },
  );

describe('reconcilePlaces', () => {
  it('gives back the place of a booking that stopped after taking it, so the day is bookable again', async () => {
    const dayId = addDay();
    ok(await book('v-places-1', dayId));
    // A second villager's call took the last place and its lock, and was killed before its booking.
    put('bookingLocks', {
      _id: `${dayId}:v-killed`,
      dayId,
      openid: 'v-killed',
      bookingId: 'never-written',
      lockedAt: new Date(),
    });
    put('receptionDays', { ...dayDoc(dayId), booked: 2 });
    expectError(await book('v-places-2', dayId), 'DAY_FULL');
    // While the call might still be running, nothing is touched.
    ok(await runDue(0));
    expect(dayDoc(dayId).booked).toBe(2);
    const report = ok(await runDue(10));
    expect(report.reconcilePlaces).toBe(1);
    expect(dayDoc(dayId).booked).toBe(1);
    ok(await book('v-places-2', dayId));
    expect(dayDoc(dayId).booked).toBe(2);
    // Agreeing counters are left alone.
    expect(ok(await runDue(20)).reconcilePlaces).toBe(0);
    expect(dayDoc(dayId).booked).toBe(2);
  });

  it('a cancel that stopped before giving the place back: its lock released, then its place', async () => {
    const dayId = addDay({ capacity: 1 });
    const { bookingId } = ok(await book('v-cancel-stopped', dayId));
    // The cancel marked the booking and was killed: the counter and the lock still hold the place.
    const booking = docs('bookings').find((b) => b._id === bookingId) as Record<string, unknown>;
    put('bookings', { ...booking, status: 'cancelled', cancelledAt: new Date() });
    expectError(await book('v-someone', dayId), 'DAY_FULL');
    ok(await runDue(0)); // the cancel may still be running: nothing touched
    expect(dayDoc(dayId).booked).toBe(1);
    ok(await runDue(10));
    expect(docs('bookingLocks').filter((l) => l.dayId === dayId)).toEqual([]);
    ok(await runDue(11));
    expect(dayDoc(dayId).booked).toBe(0);
    ok(await book('v-someone', dayId));
    // Later runs find nothing more to give back (the place is not given twice).
    ok(await runDue(20));
    ok(await runDue(21));
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('a cancel that gave the place back and stopped before its lock: the place is not given again', async () => {
    const dayId = addDay({ capacity: 2 });
    const a = ok(await book('v-a', dayId));
    ok(await book('v-b', dayId));
    const booking = docs('bookings').find((b) => b._id === a.bookingId) as Record<string, unknown>;
    put('bookings', { ...booking, status: 'cancelled', cancelledAt: new Date() });
    put('receptionDays', { ...dayDoc(dayId), booked: 1 }); // returned; the lock still names the booking
    for (const m of [10, 11, 12]) ok(await runDue(m));
    expect(dayDoc(dayId).booked).toBe(1);
    ok(await book('v-c', dayId));
    expectError(await book('v-d', dayId), 'DAY_FULL');
    expect(docs('bookings').filter((b) => b.dayId === dayId && b.status === 'booked')).toHaveLength(2);
  });

  it('sets the slot counters down with the day counter, never up', async () => {
    const dayId = addDay({
      capacity: 4,
      slots: [
        { id: 'a', start: '09:00', end: '10:00', capacity: 2, booked: 0 },
        { id: 'b', start: '10:00', end: '11:30', capacity: 2, booked: 0 },
      ],
    });
    ok(
      await cloud.call(
        'booking',
        {
          action: 'book',
          requestId: 'places-slot-1',
          dayId,
          slotId: 'b',
          topic: '医保',
          villageCode: 'jingu',
        },
        'v-slot',
      ),
    );
    const day = dayDoc(dayId);
    // Two stopped bookings of slot a; and a counter below its bookings (never written by the product) stays.
    put('receptionDays', {
      ...day,
      booked: 3,
      slots: [
        { ...day.slots![0], booked: 2 },
        { ...day.slots![1], booked: 1 },
      ],
    });
    ok(await runDue(10));
    expect(dayDoc(dayId)).toMatchObject({ booked: 1, slots: [{ booked: 0 }, { booked: 1 }] });
    // Counters that moved since they were read are left for the next run (compare-and-set on placeMoves).
    const moved = dayDoc(dayId) as Day & { placeMoves?: number };
    expect(moved.placeMoves).toBeGreaterThan(0);
  });

  it('bookings racing the reconciler never book more than the places', async () => {
    const dayId = addDay({ capacity: 5 });
    put('receptionDays', { ...dayDoc(dayId), booked: 2 }); // two places lost to killed calls, long ago
    const answers = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => book(`v-race-${i}`, dayId)),
      // At the same time as the bookings: their locks are young, so the day is left alone meanwhile.
      runDue(0),
      runDue(0),
    ]);
    const booked = answers.slice(0, 12).filter((a) => a.ok).length;
    const held = docs('bookings').filter((b) => b.dayId === dayId && b.status === 'booked').length;
    expect(held).toBe(booked);
    expect(held).toBeLessThanOrEqual(5);
    expect(dayDoc(dayId).booked).toBeGreaterThanOrEqual(held);
    // Once the calls are over, the next run sets the counter to the bookings exactly.
    ok(await runDue(30));
    expect(dayDoc(dayId).booked).toBe(held);
  });
});
