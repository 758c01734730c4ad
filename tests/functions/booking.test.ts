import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { demoCloud, expectError, type Envelope } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

const today = chinaDate(new Date());
let seq = 0;
/** A fresh scheduled day of station JG01, `inDays` from today, 14:30-17:00. */
function addDay(overrides: Record<string, unknown> = {}, inDays = 10): string {
  const date = addDays(today, inDays);
  const id = `T${++seq}:${date}`;
  cloud.store.commit([
    {
      collection: 'receptionDays',
      id,
      doc: {
        _id: id,
        stationCode: 'JG01',
        date,
        start: '14:30',
        end: '17:00',
        deputyIds: ['d01', 'd02'],
        capacity: 10,
        booked: 0,
        status: 'scheduled',
        ...overrides,
      },
    },
  ]);
  return id;
}

const dayDoc = (id: string) =>
  cloud.store.get('receptionDays', id)!.doc as unknown as { booked: number; status: string };
const docs = (collection: string) => [...cloud.store.entries(collection).values()].map((e) => e.doc);
let rid = 0;
const requestId = () => `req-${Date.now()}-${++rid}`;

interface Booked {
  bookingId: string;
  checkInCode: string;
  phoneMasked: string;
}

function book(openid: string, dayId: string, extra: Record<string, unknown> = {}, at?: string) {
  return cloud.call<Booked>(
    'booking',
    { action: 'book', requestId: requestId(), dayId, topic: '村道路灯坏了', villageCode: 'jingu', ...extra },
    openid,
    at,
  );
}

function data<T>(res: Envelope<T>): T {
  expect(res).toMatchObject({ ok: true });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}

describe('booking.book', () => {
  it("books, and the station page's places left drops", async () => {
    const dayId = `JG01:${nextFriday()}`;
    expect(cloud.store.get('receptionDays', dayId)).toBeDefined();
    const before = data(
      await cloud.call<{ nextDays: { id: string; placesLeft: number }[] }>(
        'station',
        { action: 'get', code: 'JG01' },
        'v-station-page',
      ),
    );
    expect(before.nextDays.find((d) => d.id === dayId)?.placesLeft).toBe(10);

    const res = data(await book('v-station-page', dayId, { name: '张三', phone: '13812345678' }));
    expect(res.checkInCode).toMatch(/^\d{6}$/);
    expect(res.phoneMasked).toBe('138****5678');

    const after = data(
      await cloud.call<{ nextDays: { id: string; placesLeft: number }[] }>(
        'station',
        { action: 'get', code: 'JG01' },
        'v-station-page',
      ),
    );
    expect(after.nextDays.find((d) => d.id === dayId)?.placesLeft).toBe(9);
    const days = data(
      await cloud.call<{ id: string; placesLeft: number }[]>(
        'booking',
        { action: 'listDays', stationCode: 'JG01' },
        'v-station-page',
      ),
    );
    expect(days.find((d) => d.id === dayId)?.placesLeft).toBe(9);
  });

  it('answers a retry with the same requestId with the same booking, the counter moved once', async () => {
    const dayId = addDay();
    const event = {
      action: 'book',
      requestId: 'retry-req-0001',
      dayId,
      topic: '灌溉渠漏水',
      villageCode: 'xinmin',
    };
    const first = data(await cloud.call<Booked>('booking', event, 'v-retry'));
    const second = data(await cloud.call<Booked>('booking', event, 'v-retry'));
    expect(second).toEqual(first);
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('keeps no request-id record: the booking itself answers a retry, also once the day is full', async () => {
    // booking.book is idempotent by its own record (pipeline `keysItsRecord`): two writes fewer.
    const dayId = addDay({ capacity: 1 });
    const event = { action: 'book', requestId: 'own-key-0001', dayId, topic: '低保', villageCode: 'jingu' };
    const first = data(await cloud.call<Booked>('booking', event, 'v-own-key'));
    expect(docs('idempotency').filter((d) => String(d._id).includes('booking.book'))).toEqual([]);
    // The retry meets the full day (its own place) and answers its booking, not DAY_FULL.
    expect(data(await cloud.call<Booked>('booking', event, 'v-own-key'))).toEqual(first);
    // The same request id from another villager is another request.
    expectError(await cloud.call('booking', event, 'v-own-key-2'), 'DAY_FULL');
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('a retry after the villager cancelled answers that booking, cancelled, and books nothing again', async () => {
    const dayId = addDay();
    const event = { action: 'book', requestId: 'after-cancel-1', dayId, topic: '医保', villageCode: 'jingu' };
    const first = data(await cloud.call<Booked>('booking', event, 'v-after-cancel'));
    data(await cloud.call('booking', { action: 'cancel', bookingId: first.bookingId }, 'v-after-cancel'));
    const codes = () => docs('checkInCodes').filter((d) => d.dayId === dayId);
    const codesBefore = codes();
    const retried = data(await cloud.call<Booked>('booking', event, 'v-after-cancel'));
    expect(retried).toEqual({ ...first, status: 'cancelled' });
    expect(dayDoc(dayId).booked).toBe(0);
    expect(docs('bookings').filter((d) => d.dayId === dayId)).toHaveLength(1);
    expect(codes()).toEqual(codesBefore); // the code the retry drew is given back
    expect(docs('bookingLocks').filter((d) => d.dayId === dayId)).toEqual([]);
    // A new request (a new tap on 预约) books the day again.
    data(await cloud.call('booking', { ...event, requestId: 'after-cancel-2' }, 'v-after-cancel'));
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('a request whose first call stopped after the lock: IN_PROGRESS while it may run, then taken over once', async () => {
    const dayId = addDay();
    const event = { action: 'book', requestId: 'stopped-req-1', dayId, topic: '水费', villageCode: 'jingu' };
    const first = data(await cloud.call<Booked>('booking', event, 'v-stopped'));
    // As if the call had stopped before writing its booking: the lock and the code stay, the booking is not there.
    cloud.store.commit([{ collection: 'bookings', id: first.bookingId, doc: null }]);
    expectError(await cloud.call('booking', event, 'v-stopped'), 'IN_PROGRESS');
    const lockId = `${dayId}:v-stopped`;
    const lock = docs('bookingLocks').find((d) => d._id === lockId) as Record<string, unknown>;
    cloud.store.commit([
      {
        collection: 'bookingLocks',
        id: lockId,
        doc: { ...lock, lockedAt: new Date(Date.now() - 10 * 60_000) } as never,
      },
    ]);
    const again = data(await cloud.call<Booked>('booking', event, 'v-stopped'));
    expect(again.bookingId).toBe(first.bookingId);
    expect(docs('bookings').filter((d) => d.dayId === dayId)).toHaveLength(1);
  });

  it('the same request id sent for another day answers the first day’s booking, whole, and takes nothing', async () => {
    const first = addDay();
    const second = addDay({}, 12);
    const event = {
      action: 'book',
      requestId: 'two-days-001',
      dayId: first,
      topic: '社保',
      villageCode: 'jingu',
    };
    const booked = data(
      await cloud.call<Booked & { dayId: string; date: string }>('booking', event, 'v-two-days'),
    );
    const again = data(
      await cloud.call<Booked & { dayId: string; date: string }>(
        'booking',
        { ...event, dayId: second },
        'v-two-days',
      ),
    );
    expect(again).toEqual(booked);
    expect(dayDoc(second).booked).toBe(0);
    expect(docs('bookingLocks').filter((l) => l.dayId === second)).toEqual([]);
    expect(docs('checkInCodes').filter((c) => c.dayId === second)).toEqual([]);
  });

  it('a retry while the villager holds more places than allowed answers IN_PROGRESS, not a booking about to go', async () => {
    // The first call's last step counts the places again and gives the booking back when over the limit.
    const dayId = addDay();
    const event = {
      action: 'book',
      requestId: 'over-limit-01',
      dayId,
      topic: '残疾证',
      villageCode: 'jingu',
    };
    data(await cloud.call('booking', event, 'v-over-limit'));
    const others = [11, 13, 15].map((n) => addDay({}, n));
    cloud.store.commit(
      others.map((d, i) => ({
        collection: 'bookings',
        id: `over-limit-other-${i}`,
        doc: {
          _id: `over-limit-other-${i}`,
          dayId: d,
          openid: 'v-over-limit',
          status: 'booked',
          slotId: 'a',
        } as never,
      })),
    );
    expectError(await cloud.call('booking', event, 'v-over-limit'), 'IN_PROGRESS');
    cloud.store.commit(
      others.map((_, i) => ({ collection: 'bookings', id: `over-limit-other-${i}`, doc: null })),
    );
    data(await cloud.call('booking', event, 'v-over-limit'));
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('refuses a second booking the same day with ALREADY_BOOKED', async () => {
    const dayId = addDay();
    data(await book('v-twice', dayId));
    expectError(await book('v-twice', dayId, { topic: '另一件事' }), 'ALREADY_BOOKED');
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('says ALREADY_BOOKED before DAY_FULL to the villager who took the last place', async () => {
    // Their lock is read only for a refusal it comes before (server/booking/booking.service.ts).
    const dayId = addDay({ capacity: 1 });
    data(await book('v-last', dayId));
    expectError(await book('v-last', dayId), 'ALREADY_BOOKED');
    expectError(await book('v-other', dayId), 'DAY_FULL');
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('an interrupted cancel or booking does not lock the villager out of the day', async () => {
    const dayId = addDay();
    const long = new Date(Date.now() - 10 * 60_000);
    cloud.store.commit([
      // A cancel that changed the status but stopped before freeing the lock.
      {
        collection: 'bookings',
        id: 'interrupted1',
        doc: { _id: 'interrupted1', dayId, openid: 'v-interrupted', status: 'cancelled' } as never,
      },
      {
        collection: 'bookingLocks',
        id: `${dayId}:v-interrupted`,
        doc: {
          _id: `${dayId}:v-interrupted`,
          dayId,
          openid: 'v-interrupted',
          bookingId: 'interrupted1',
          lockedAt: new Date(),
        } as never,
      },
      // A booking that claimed the lock long ago and never wrote its booking.
      {
        collection: 'bookingLocks',
        id: `${dayId}:v-crashed`,
        doc: {
          _id: `${dayId}:v-crashed`,
          dayId,
          openid: 'v-crashed',
          bookingId: 'never-written',
          lockedAt: long,
        } as never,
      },
      // One claimed just now: maybe still in progress, so it still holds the day.
      {
        collection: 'bookingLocks',
        id: `${dayId}:v-in-progress`,
        doc: {
          _id: `${dayId}:v-in-progress`,
          dayId,
          openid: 'v-in-progress',
          bookingId: 'in-flight',
          lockedAt: new Date(),
        } as never,
      },
    ]);
    data(await book('v-interrupted', dayId));
    data(await book('v-crashed', dayId));
    expectError(await book('v-in-progress', dayId), 'ALREADY_BOOKED');
    expectError(await book('v-crashed', dayId), 'ALREADY_BOOKED');
  });

  it('refuses a past day with DAY_PAST', async () => {
    const dayId = addDay({}, 3);
    const after = chinaInstant(addDays(today, 4), '09:00').toISOString();
    expectError(await book('v-late', dayId, {}, after), 'DAY_PAST');
  });

  it('refuses a cancelled day with DAY_CANCELLED', async () => {
    const dayId = addDay();
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id: dayId,
        doc: { ...cloud.store.get('receptionDays', dayId)!.doc, status: 'cancelled' },
      },
    ]);
    expectError(await book('v-cancelled-day', dayId), 'DAY_CANCELLED');
  });

  it('refuses a full day with DAY_FULL', async () => {
    const dayId = addDay({ capacity: 2 });
    data(await book('v-full-1', dayId));
    data(await book('v-full-2', dayId));
    expectError(await book('v-full-3', dayId), 'DAY_FULL');
    expect(dayDoc(dayId).booked).toBe(2);
  });

  it('books an unlimited day without a limit', async () => {
    const dayId = addDay({ capacity: 'unlimited' });
    for (let i = 0; i < 3; i++) data(await book(`v-unlimited-${i}`, dayId));
    expect(dayDoc(dayId).booked).toBe(3);
  });

  it('refuses an unknown day, a bad phone and an over-long topic', async () => {
    expectError(await book('v-bad', 'NOPE:2099-01-01'), 'DAY_NOT_FOUND');
    const dayId = addDay();
    expectError(await book('v-bad', dayId, { phone: '12345' }), 'BAD_INPUT');
    expectError(await book('v-bad', dayId, { topic: '长'.repeat(51) }), 'BAD_INPUT');
    expectError(await book('v-bad', dayId, { openid: 'someone-else' }), 'BAD_INPUT');
    expect(dayDoc(dayId).booked).toBe(0);
  });
});

describe('a day split into slots', () => {
  const slots = [
    { id: 'am', start: '14:30', end: '15:30', capacity: 1, booked: 0 },
    { id: 'pm', start: '15:30', end: '17:00', capacity: 2, booked: 0 },
  ];

  it('takes places per slot: SLOT_FULL for a full slot, a slot to choose without one, SLOT_NOT_FOUND for an unknown one, cancel returns it', async () => {
    const dayId = addDay({ capacity: 3, slots });
    // A day split into several times: the villager chooses one (issue 12 §10), nothing is picked.
    expect(await book('v-slot-0', dayId)).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        details: [{ path: 'slotId', message: '这一天分几个时间段，请先选择一个时间段' }],
      },
    });
    expectError(await book('v-slot-0', dayId, { slotId: 'zz' }), 'SLOT_NOT_FOUND');
    const { bookingId } = data(await book('v-slot-1', dayId, { slotId: 'am' }));
    expectError(await book('v-slot-2', dayId, { slotId: 'am' }), 'SLOT_FULL');
    data(await book('v-slot-2', dayId, { slotId: 'pm' }));
    const day = () =>
      cloud.store.get('receptionDays', dayId)!.doc as unknown as { booked: number; slots: typeof slots };
    expect(day().booked).toBe(2);
    expect(day().slots.map((s) => s.booked)).toEqual([1, 1]);
    data(await cloud.call('booking', { action: 'cancel', bookingId }, 'v-slot-1'));
    expect(day().booked).toBe(1);
    expect(day().slots.map((s) => s.booked)).toEqual([0, 1]);
  });
});

describe('booking.cancel', () => {
  it('refuses to cancel another villager’s booking with NOT_YOUR_BOOKING', async () => {
    const dayId = addDay();
    const { bookingId } = data(await book('v-owner', dayId));
    expectError(
      await cloud.call('booking', { action: 'cancel', bookingId }, 'v-intruder'),
      'NOT_YOUR_BOOKING',
    );
    expect(dayDoc(dayId).booked).toBe(1);
  });

  it('returns the place, frees the day for a new booking, and a second cancel is ALREADY_CANCELLED', async () => {
    const dayId = addDay({ capacity: 1 });
    const { bookingId } = data(await book('v-cancel', dayId));
    expectError(await book('v-waiting', dayId), 'DAY_FULL');
    data(await cloud.call('booking', { action: 'cancel', bookingId }, 'v-cancel'));
    expect(dayDoc(dayId).booked).toBe(0);
    expectError(
      await cloud.call('booking', { action: 'cancel', bookingId }, 'v-cancel'),
      'ALREADY_CANCELLED',
    );
    expect(dayDoc(dayId).booked).toBe(0);
    data(await book('v-waiting', dayId));
    expect(dayDoc(dayId).booked).toBe(1);
    // The villager who cancelled may book again once a place is free.
    expectError(await book('v-cancel', dayId), 'DAY_FULL');
  });

  it('decrements once when the same booking is cancelled twice at once', async () => {
    const dayId = addDay();
    const { bookingId } = data(await book('v-race', dayId));
    const results = await Promise.all(
      [1, 2, 3].map(() => cloud.call('booking', { action: 'cancel', bookingId }, 'v-race')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(dayDoc(dayId).booked).toBe(0);
  });

  it('refuses a cancel less than 2 hours before the window with CANCEL_TOO_LATE', async () => {
    const dayId = addDay({}, 5);
    const { bookingId } = data(await book('v-too-late', dayId));
    const at = chinaInstant(addDays(today, 5), '13:00').toISOString();
    expectError(
      await cloud.call('booking', { action: 'cancel', bookingId }, 'v-too-late', at),
      'CANCEL_TOO_LATE',
    );
    expect(dayDoc(dayId).booked).toBe(1);
  });
});

describe('booking.mine and booking.roster', () => {
  let dayId: string;
  beforeAll(async () => {
    dayId = addDay({}, 9);
    data(await book('v-roster', dayId, { name: '李四', phone: '13998765432' }));
  });

  it('shows the villager their booking with a masked phone', async () => {
    const mine = data(await cloud.call<Record<string, unknown>[]>('booking', { action: 'mine' }, 'v-roster'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      dayId,
      stationName: '金鼓乡人大代表之家',
      status: 'booked',
      phoneMasked: '139****5432',
    });
    expect(JSON.stringify(mine)).not.toContain('13998765432');
  });

  it('shows the station admin the full phone', async () => {
    const roster = data(
      await cloud.call<{ bookings: { name: string; phone: string }[] }>(
        'booking',
        { action: 'roster', dayId },
        'demo-station-admin',
      ),
    );
    expect(roster.bookings).toEqual([expect.objectContaining({ name: '李四', phone: '13998765432' })]);
  });

  it('shows a deputy on duty the roster with the phone masked', async () => {
    const roster = await cloud.call('booking', { action: 'roster', dayId }, 'demo-deputy-1');
    expect(roster.ok).toBe(true);
    expect(JSON.stringify(roster)).not.toContain('13998765432');
    expect(JSON.stringify(roster)).toContain('139****5432');
  });

  it('refuses the roster to a villager', async () => {
    expectError(await cloud.call('booking', { action: 'roster', dayId }, 'v-roster'), 'FORBIDDEN');
  });

  it('never shows the full phone in the station page or the day list', async () => {
    const text = JSON.stringify([
      await cloud.call('station', { action: 'get', code: 'JG01' }, 'v-other'),
      await cloud.call('booking', { action: 'listDays', stationCode: 'JG01' }, 'v-other'),
    ]);
    expect(text).not.toContain('13998765432');
  });
});

describe('contention', () => {
  it('200 villagers at once on a day with 10 places: exactly 10 booked, 190 DAY_FULL', async () => {
    const dayId = addDay({ capacity: 10 });
    const openids = Array.from({ length: 200 }, (_, i) => `crowd-${String(i).padStart(3, '0')}`);
    const results = await Promise.all(openids.map((o) => book(o, dayId)));
    const ok = results.filter((r) => r.ok);
    const full = results.filter((r) => !r.ok && r.error.code === 'DAY_FULL');
    expect(ok).toHaveLength(10);
    expect(full).toHaveLength(190);
    expect(dayDoc(dayId).booked).toBe(10);

    const bookings = docs('bookings').filter((d) => d.dayId === dayId) as unknown as {
      _id: string;
      openid: string;
      status: string;
    }[];
    expect(bookings).toHaveLength(10);
    expect(new Set(bookings.map((b) => b.openid)).size).toBe(10);
    expect(bookings.every((b) => b.status === 'booked')).toBe(true);
    const locks = docs('bookingLocks').filter((d) => d.dayId === dayId);
    expect(locks).toHaveLength(10);
    // The check-in codes claimed beside places that were not there are given back: one per booking.
    const codes = docs('checkInCodes').filter((d) => d.dayId === dayId) as unknown as { bookingId: string }[];
    expect(codes.map((c) => c.bookingId).sort()).toEqual(bookings.map((b) => b._id).sort());
  }, 60_000);

  it('the same request sent five times at once books once; every answer is that booking or IN_PROGRESS', async () => {
    // The first call holds the day lock; the others meet it and answer IN_PROGRESS, or its booking once written.
    const dayId = addDay();
    const event = { action: 'book', requestId: 'burst-req-0001', dayId, topic: '水渠', villageCode: 'jingu' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => cloud.call<Booked>('booking', event, 'v-burst')),
    );
    const booked = answers.filter((a) => a.ok).map((a) => (a.ok ? a.data : null));
    expect(booked.length).toBeGreaterThanOrEqual(1);
    expect(new Set(booked.map((b) => b?.bookingId)).size).toBe(1);
    for (const a of answers) if (!a.ok) expect(a.error.code).toBe('IN_PROGRESS');
    expect(dayDoc(dayId).booked).toBe(1);
    expect(docs('bookings').filter((d) => d.dayId === dayId)).toHaveLength(1);
    // Afterwards, a retry answers exactly what the first call answered.
    expect(data(await cloud.call<Booked>('booking', event, 'v-burst'))).toEqual(booked[0]);
  });

  it('a refused request leaves no claim: corrected, the same request id books', async () => {
    const dayId = addDay();
    const event = { action: 'book', requestId: 'fix-req-0001', dayId, topic: '路灯', villageCode: 'nowhere' };
    expectError(await cloud.call('booking', event, 'v-fix'), 'BAD_INPUT');
    data(await cloud.call<Booked>('booking', { ...event, villageCode: 'jingu' }, 'v-fix'));
    expect(dayDoc(dayId).booked).toBe(1);
  });
});

function nextFriday(): string {
  for (let d = addDays(today, 1); ; d = addDays(d, 1))
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 5) return d;
}
