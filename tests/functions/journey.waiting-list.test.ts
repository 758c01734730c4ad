/**
 * Journey (issue 12 §9, waiting list and reminder timing): a full reception day → villager B joins
 * the waiting list (排队候补第1位 in 我的预约) → villager A cancels → the place is B's booking, B is
 * told by a subscribe message (候补成功) and sees it in 我的预约 → the reminder goes out at the time the
 * presidium chose (提前两小时: between 2 and 1 hours before the slot, once, with the scheduler running
 * every hour on China time). Also: the concurrency guarantee (N cancellations and M joins at once never
 * overbook and never give one place twice) and the refusals, each with its code.
 */
import { chinaInstant } from '../../core/calendar/china-time';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { chineseCalendar } from '../../core/calendar/chinese-calendar';
import { TEMPLATES } from '../../core/notify/templates';
import { demoCloud, expectError, type DemoCloud, type Envelope, unwrap as data } from './support';

jest.setTimeout(120_000);

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

const ADMIN = 'demo-station-admin'; // JG01
const PRESIDIUM = 'demo-presidium';
const today = chinaDate(new Date());
let rid = 0;
const requestId = () => `wl-request-${++rid}`;
const call = <T = unknown>(event: object, openid?: string, at?: string) =>
  cloud.call<T>('booking', event, openid, at);
const docs = <T = Record<string, unknown>>(collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as T);
const doc = <T = Record<string, unknown>>(collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as unknown as T;
const runDue = (at: string) =>
  cloud.invoke<Envelope<Record<string, number>>>('scheduler', { action: 'runDue' }, { now: at });

const FORM = { topic: '灌溉渠堵了', villageCode: 'jingu' };
const book = (openid: string, dayId: string, extra: object = {}) =>
  call<{ bookingId: string; checkInCode: string }>(
    { action: 'book', requestId: requestId(), dayId, ...FORM, ...extra },
    openid,
  );
const join = (openid: string, dayId: string, extra: object = {}, rq = requestId()) =>
  call<{ status: string; position: number | null; statusText: string; bookingId: string | null }>(
    { action: 'joinWaitlist', requestId: rq, dayId, ...FORM, ...extra },
    openid,
  );
const cancel = (openid: string, bookingId: string) => call({ action: 'cancel', bookingId }, openid);

/** A working day (the real calendar) at least `inDays` ahead on which JG01 has no day yet. */
function freeWorkingDate(inDays: number): string {
  const calendar = chineseCalendar([]);
  let date = addDays(today, inDays);
  while (!calendar.isWorkingDay(date) || cloud.store.get('receptionDays', `JG01:${date}`)) {
    date = addDays(date, 1);
  }
  return date;
}
async function fullDay(capacity: number, inDays: number, start = '14:30', end = '16:30') {
  const date = freeWorkingDate(inDays);
  const { dayId } = data(
    await call<{ dayId: string }>(
      {
        action: 'addDay',
        stationCode: 'JG01',
        date,
        start,
        end,
        slots: [{ id: 'a', start, end, capacity }],
        deputyIds: ['d01'],
      },
      ADMIN,
    ),
  );
  return { dayId, date };
}
const dayDoc = (dayId: string) => doc<{ booked: number; capacity: number }>('receptionDays', dayId);

describe('the waiting list, end to end', () => {
  it('full day → B waits → A cancels → B holds the place, is told, sees it → reminded at the chosen time', async () => {
    const { dayId, date } = await fullDay(1, 5);
    const a = data(await book('wl-a', dayId));
    expectError(await book('wl-b', dayId), 'DAY_FULL');

    // B joins (the page asked for the subscription on the tap).
    cloud.openapi.grant('wl-b', TEMPLATES.bookingChanged.id, 1);
    cloud.openapi.grant('wl-b', TEMPLATES.bookingReminder.id, 1);
    const rq = requestId();
    const joined = data(await join('wl-b', dayId, {}, rq));
    expect(joined).toMatchObject({ status: 'waiting', position: 1, statusText: '排队候补第1位' });
    // A retry of the tap and a second join answer the same entry; one place per villager per day.
    expect(data(await join('wl-b', dayId, {}, rq))).toMatchObject({ position: 1 });
    expect(data(await join('wl-b', dayId))).toMatchObject({ position: 1 });
    expect(docs<{ dayId: string }>('waitlist').filter((e) => e.dayId === dayId)).toHaveLength(1);
    // C joins after B: second in line.
    expect(data(await join('wl-c', dayId))).toMatchObject({ position: 2 });
    // The station desk sees how many wait.
    expect(data(await call<{ waiting: number }>({ action: 'roster', dayId }, ADMIN)).waiting).toBe(2);
    expect(data(await call<unknown[]>({ action: 'myWaitlist' }, 'wl-b'))).toEqual([
      expect.objectContaining({ dayId, status: 'waiting', position: 1, time: '14:30-16:30' }),
    ]);

    // A cancels: the place is B's at once, with the same capacity guarantee.
    data(await cancel('wl-a', a.bookingId));
    expect(dayDoc(dayId).booked).toBe(1);
    const bWait = data(
      await call<{ status: string; bookingId: string; statusText: string }[]>(
        { action: 'myWaitlist' },
        'wl-b',
      ),
    )[0];
    expect(bWait).toMatchObject({ status: 'promoted', statusText: '已候补成功，请按时到场' });
    const mine = data(
      await call<{ bookingId: string; status: string; checkInCode: string; qrDataUrl: string }[]>(
        { action: 'mine' },
        'wl-b',
      ),
    );
    const bBooking = mine.find((m) => m.bookingId === bWait.bookingId)!;
    expect(bBooking).toMatchObject({
      status: 'booked',
      qrDataUrl: expect.stringMatching(/^data:image\/png/),
    });
    // Told by a subscribe message through the outbox.
    const told = cloud.openapi.messages.filter((m) => m.touser === 'wl-b');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      templateId: TEMPLATES.bookingChanged.id,
      page: 'pages/bookings/index?t=jingu',
    });
    expect(JSON.stringify(told[0].data)).toContain('候补成功');
    expect(JSON.stringify(told[0].data)).toContain(bBooking.checkInCode);
    // C moves up; B cannot wait any more (they hold the booking).
    expect(data(await call<{ position: number }[]>({ action: 'myWaitlist' }, 'wl-c'))[0].position).toBe(1);
    expectError(await join('wl-b', dayId), 'ALREADY_BOOKED');

    // The presidium chooses 提前两小时; the scheduler runs every hour of the day before and the day.
    expectError(await call({ action: 'setSettings', reminderLead: 'twoHoursBefore' }, ADMIN), 'FORBIDDEN');
    expect(
      data(
        await call<{ reminderLead: string }>(
          { action: 'setSettings', reminderLead: 'twoHoursBefore' },
          PRESIDIUM,
        ),
      ),
    ).toMatchObject({ reminderLead: 'twoHoursBefore' });
    const start = chinaInstant(date, '14:30').getTime();
    const remindedAt: number[] = [];
    for (let h = -30; h <= 0; h++) {
      const when = new Date(chinaInstant(date, '15:00').getTime() + h * 3_600_000);
      const before = cloud.openapi.messages.filter((m) => m.touser === 'wl-b').length;
      data(await runDue(when.toISOString()));
      const after = cloud.openapi.messages.filter((m) => m.touser === 'wl-b').length;
      if (after > before) remindedAt.push(when.getTime());
    }
    expect(remindedAt).toHaveLength(1);
    const lead = start - remindedAt[0];
    expect(lead).toBeGreaterThanOrEqual(3_600_000);
    expect(lead).toBeLessThanOrEqual(2 * 3_600_000);
    const reminder = cloud.openapi.messages.filter((m) => m.touser === 'wl-b').at(-1)!;
    expect(reminder).toMatchObject({ templateId: TEMPLATES.bookingReminder.id });
    expect(JSON.stringify(reminder.data)).toContain('两小时后接待');
    expect(JSON.stringify(reminder.data)).toContain('14:30');
  });

  it('提前一天 (the default): reminded the day before from 08:00, never on the day; switching never sends twice', async () => {
    data(await call({ action: 'setSettings', reminderLead: 'dayBefore' }, PRESIDIUM));
    expect(data(await call({ action: 'getSettings' }, PRESIDIUM))).toMatchObject({
      reminderLead: 'dayBefore',
      choices: [
        { value: 'dayBefore', label: expect.stringContaining('提前一天') },
        { value: 'twoHoursBefore', label: expect.stringContaining('提前两小时') },
      ],
    });
    const { dayId, date } = await fullDay(2, 6, '09:00', '11:00');
    const v = data(await book('wl-rem', dayId));
    const reminders = () =>
      docs<{ _id: string }>('outbox').filter((m) => m._id === `msg:remind:${v.bookingId}`);
    const eve = addDays(date, -1);
    await runDue(new Date(`${eve}T07:00:00+08:00`).toISOString());
    expect(reminders()).toHaveLength(0);
    await runDue(new Date(`${eve}T08:00:00+08:00`).toISOString());
    expect(reminders()).toHaveLength(1);
    // The presidium switches to two hours: the run inside the window finds it sent already.
    data(await call({ action: 'setSettings', reminderLead: 'twoHoursBefore' }, PRESIDIUM));
    await runDue(new Date(`${date}T07:30:00+08:00`).toISOString());
    expect(reminders()).toHaveLength(1);
    data(await call({ action: 'setSettings', reminderLead: 'dayBefore' }, PRESIDIUM));
  });
});

describe('waiting-list refusals', () => {
  it('a day with places left, a villager holding a booking, a cancelled day and leaving', async () => {
    const { dayId } = await fullDay(2, 7);
    expectError(await join('wl-r1', dayId), 'WAITLIST_NOT_FULL');
    data(await book('wl-r1', dayId));
    data(await book('wl-r2', dayId));
    expectError(await join('wl-r1', dayId), 'ALREADY_BOOKED');
    // Leave and join again: to the end of the list.
    expect(data(await join('wl-r3', dayId))).toMatchObject({ position: 1 });
    expect(data(await join('wl-r4', dayId))).toMatchObject({ position: 2 });
    expect(data(await call({ action: 'leaveWaitlist', dayId }, 'wl-r3'))).toMatchObject({
      status: 'cancelled',
    });
    expect(data(await call({ action: 'leaveWaitlist', dayId }, 'wl-r3'))).toMatchObject({
      status: 'cancelled',
    });
    expect(data(await call<{ position: number }[]>({ action: 'myWaitlist' }, 'wl-r4'))[0].position).toBe(1);
    expect(data(await join('wl-r3', dayId))).toMatchObject({ position: 2 });
    expectError(await call({ action: 'leaveWaitlist', dayId }, 'wl-nobody'), 'WAITLIST_NOT_FOUND');
    // A freed place goes to the list, not to a new booking.
    const mine = data(await call<{ bookingId: string; dayId: string }[]>({ action: 'mine' }, 'wl-r2'));
    data(await cancel('wl-r2', mine.find((m) => m.dayId === dayId)!.bookingId));
    expect(data(await call<{ status: string }[]>({ action: 'myWaitlist' }, 'wl-r4'))[0].status).toBe(
      'promoted',
    );
    expectError(await book('wl-r5', dayId), 'DAY_FULL');
    expectError(await call({ action: 'leaveWaitlist', dayId }, 'wl-r4'), 'WAITLIST_PROMOTED');
    // The station cancels the day: no one waits any more.
    data(await call({ action: 'cancelDay', dayId, reason: '代表外出学习' }, ADMIN));
    expect(data(await call<unknown[]>({ action: 'myWaitlist' }, 'wl-r3'))).toEqual([]);
    expect(doc<{ status: string }>('waitlist', `${dayId}:wl-r3`).status).toBe('cancelled');
    // …and each is told, once.
    const told = docs<{ _id: string; openid: string; data: Record<string, { value: string }> }>(
      'outbox',
    ).filter((m) => m._id === `msg:waitlistDayCancelled:${dayId}:wl-r3`);
    expect(told).toHaveLength(1);
    expect(told[0].data.phrase3.value).toBe('已取消');
    expect(told[0].data.thing4.value).toBe('代表外出学习');
    data(await call({ action: 'cancelDay', dayId, reason: '代表外出学习' }, ADMIN));
    expect(
      docs<{ _id: string }>('outbox').filter((m) => m._id.startsWith(`msg:waitlistDayCancelled:${dayId}`)),
    ).toHaveLength(1);
  });
});

describe('the waiting list under concurrency', () => {
  it('N cancellations and M joins at once never overbook and never give one place twice', async () => {
    const N = 4;
    const M = 6;
    const { dayId } = await fullDay(N + 1, 8);
    const holders = Array.from({ length: N + 1 }, (_, i) => `wl-h${i}`);
    const bookings = [];
    for (const h of holders) bookings.push({ openid: h, ...data(await book(h, dayId)) });
    // Two already wait; then N of the holders cancel while M more villagers join, all at once.
    const early = ['wl-e0', 'wl-e1'];
    for (const e of early) data(await join(e, dayId));
    const joiners = Array.from({ length: M }, (_, i) => `wl-j${i}`);
    const results = await Promise.all([
      ...bookings.slice(0, N).map((b) => cancel(b.openid, b.bookingId)),
      ...joiners.map((j) => join(j, dayId)),
    ]);
    const failed = results.filter((r) => !r.ok);
    // A join may find a place free for a moment (WAITLIST_NOT_FULL): never anything else.
    for (const f of failed) expect(f).toMatchObject({ ok: false, error: { code: 'WAITLIST_NOT_FULL' } });
    expect(results.slice(0, N).every((r) => r.ok)).toBe(true);

    const day = dayDoc(dayId);
    const active = docs<{ dayId: string; status: string; openid: string }>('bookings').filter(
      (b) => b.dayId === dayId && b.status === 'booked',
    );
    expect(day.booked).toBeLessThanOrEqual(day.capacity);
    expect(active).toHaveLength(day.booked);
    expect(new Set(active.map((b) => b.openid)).size).toBe(active.length);
    const entries = docs<{ dayId: string; status: string; openid: string; bookingId?: string }>(
      'waitlist',
    ).filter((e) => e.dayId === dayId);
    const promoted = entries.filter((e) => e.status === 'promoted');
    // Every promotion is one booking of its own villager; every freed place went to someone waiting.
    expect(new Set(promoted.map((e) => e.bookingId)).size).toBe(promoted.length);
    for (const e of promoted) {
      expect(active.find((b) => b.openid === e.openid)).toBeDefined();
    }
    expect(entries.filter((e) => e.status === 'promoting')).toHaveLength(0);
    const stillWaiting = entries.filter((e) => e.status === 'waiting');
    if (stillWaiting.length > 0) expect(day.booked).toBe(day.capacity);
    // The two who waited first got the first places.
    for (const e of early) expect(entries.find((x) => x.openid === e)?.status).toBe('promoted');
    // Each of the N freed places went to someone waiting, or is still free with no one left waiting.
    expect(promoted.length + (day.capacity - day.booked)).toBe(N);
  });
});

describe('a promotion that cannot finish', () => {
  it('gives back what it took (the entry, the place) and the place goes to the next villager', async () => {
    const { dayId } = await fullDay(1, 9);
    const a = data(await book('wl-x-a', dayId));
    data(await join('wl-x-first', dayId));
    data(await join('wl-x-second', dayId));
    // The first in line holds the day's lock (a booking of theirs being written elsewhere).
    cloud.store.commit([
      {
        collection: 'bookingLocks',
        id: `${dayId}:wl-x-first`,
        doc: {
          _id: `${dayId}:wl-x-first`,
          dayId,
          openid: 'wl-x-first',
          bookingId: 'elsewhere',
          lockedAt: new Date(),
        } as never,
      },
    ]);
    data(await cancel('wl-x-a', a.bookingId));
    expect(doc<{ status: string }>('waitlist', `${dayId}:wl-x-first`).status).toBe('cancelled');
    expect(doc<{ status: string }>('waitlist', `${dayId}:wl-x-second`).status).toBe('promoted');
    expect(dayDoc(dayId).booked).toBe(1);
    const active = docs<{ dayId: string; status: string; openid: string }>('bookings').filter(
      (b) => b.dayId === dayId && b.status === 'booked',
    );
    expect(active.map((b) => b.openid)).toEqual(['wl-x-second']);
  });

  it('an entry claimed by a run that died goes back to the list and is promoted by the next run', async () => {
    const { dayId, date } = await fullDay(1, 10);
    const a = data(await book('wl-y-a', dayId));
    data(await join('wl-y-w', dayId));
    const id = `${dayId}:wl-y-w`;
    const entry = doc<Record<string, unknown>>('waitlist', id);
    cloud.store.commit([
      {
        collection: 'waitlist',
        id,
        doc: { ...entry, status: 'promoting', promotingAt: new Date(Date.now() - 10 * 60_000) } as never,
      },
    ]);
    // The place is freed while the entry looks taken: the cancel's own promotion finds it stale.
    data(await cancel('wl-y-a', a.bookingId));
    expect(doc<{ status: string }>('waitlist', id).status).toBe('promoted');
    expect(dayDoc(dayId).booked).toBe(1);
    // The scheduler's sweep finds nothing more to do.
    const run = data(await runDue(new Date(`${addDays(date, -2)}T10:00:00+08:00`).toISOString()));
    expect(run.promoteWaitlists).toBe(0);
  });
});

describe('a day that is over', () => {
  it('closes its waiting list, and the entries (with their phones) go with the day’s contacts', async () => {
    const { dayId, date } = await fullDay(1, 9);
    data(await book('wl-e1', dayId));
    data(await join('wl-e2', dayId, { name: '王五', phone: '13900001111' }));
    expect(doc<{ status: string }>('waitlist', `${dayId}:wl-e2`).status).toBe('waiting');
    // The evening of the day: the day is done and nobody waits for it any more.
    await runDue(new Date(`${date}T20:00:00+08:00`).toISOString());
    expect(doc<{ status: string; phone: string }>('waitlist', `${dayId}:wl-e2`)).toMatchObject({
      status: 'cancelled',
      phone: '13900001111',
    });
    // Past the retention period (core/privacy): the entry is removed with the day's contacts.
    await runDue(new Date(`${addDays(date, 200)}T10:00:00+08:00`).toISOString());
    expect(cloud.store.get('waitlist', `${dayId}:wl-e2`)).toBeUndefined();
  });
});
