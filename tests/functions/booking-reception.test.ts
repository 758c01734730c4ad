/**
 * The station side of reception days through the local cloud: schedules and the days the scheduler
 * makes from them (holiday moves), one-off days, duty changes, cancelling a day (villagers told),
 * reminders the day before, check-in by code and QR (codes unique per day), walk-ins, no-shows and
 * the reception record with its duty records. Every refusal has its code.
 */
import { TEMPLATES } from '../../core/notify/templates';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { demoCloud, expectError, type Envelope, unwrap as data } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => {
  cloud = await demoCloud();
  cloud.store.commit([
    {
      collection: 'users',
      id: 'admin-jg02',
      doc: {
        _id: 'admin-jg02',
        openid: 'admin-jg02',
        role: 'stationAdmin',
        stationCode: 'JG02',
        boundAt: new Date(),
      },
    },
    {
      collection: 'users',
      id: 'deputy-d03',
      doc: { _id: 'deputy-d03', openid: 'deputy-d03', role: 'deputy', deputyId: 'd03', boundAt: new Date() },
    },
  ]);
});
afterAll(() => cloud.stop());

const DEMO_CATEGORY = 'agriculture';
const PRESIDIUM = 'demo-presidium';
const ADMIN = 'demo-station-admin'; // JG01
const D01 = 'demo-deputy-1';
const D02 = 'demo-deputy-2';
const today = chinaDate(new Date());
let rid = 0;
const requestId = () => `rq-${Date.now()}-${++rid}`;

const call = <T = unknown>(event: object, openid?: string, at?: string) =>
  cloud.call<T>('booking', event, openid, at);
const docs = <T = Record<string, unknown>>(collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as T);
const doc = <T = Record<string, unknown>>(collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as unknown as T;
const runDue = (at: string) =>
  cloud.invoke<Envelope<Record<string, unknown>>>('scheduler', { action: 'runDue' }, { now: at });

const slot = (capacity: number | 'unlimited') => [{ id: 'a', start: '09:00', end: '11:00', capacity }];
/** The first date from `inDays` ahead on which JG01 has no reception day yet (its schedule fills Fridays). */
function freeDate(inDays: number): string {
  let date = addDays(today, inDays);
  while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
  return date;
}
const dateOf = (dayId: string) => dayId.slice(dayId.indexOf(':') + 1);
/** A one-off JG01 day about `inDays` ahead, 09:00-11:00 China, d01 + d02 on duty. */
async function oneOffDay(inDays: number, capacity: number | 'unlimited' = 10): Promise<string> {
  const res = await call<{ dayId: string }>(
    {
      action: 'addDay',
      stationCode: 'JG01',
      date: freeDate(inDays),
      start: '09:00',
      end: '11:00',
      slots: slot(capacity),
      deputyIds: ['d01', 'd02'],
    },
    ADMIN,
  );
  return data(res).dayId;
}
/** An instant on `date` at 'HH:mm' China time. */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const book = (openid: string, dayId: string, when?: string) =>
  call<{ bookingId: string; checkInCode: string }>(
    { action: 'book', requestId: requestId(), dayId, topic: '灌溉渠堵了', villageCode: 'jingu' },
    openid,
    when,
  );

const thursdaySchedule = {
  action: 'setSchedule',
  stationCode: 'JG03',
  recurrence: { every: 'week', weekday: 4 },
  start: '09:00',
  end: '12:00',
  slots: [
    { id: 'am1', start: '09:00', end: '10:30', capacity: 5 },
    { id: 'am2', start: '10:30', end: '12:00', capacity: 'unlimited' },
  ],
  rota: { deputyIds: ['d06', 'd07', 'd08'], perDay: 2 },
  holidayPolicy: 'nextWorkingDay',
  startsOn: '2026-09-01',
};

describe('schedules', () => {
  it('stores a schedule and materialises its days, moving one off a holiday, without duplicates', async () => {
    const now = '2026-09-20T02:00:00.000Z';
    const res = data(await call<{ description: string; daysMade: number }>(thursdaySchedule, PRESIDIUM, now));
    expect(res.description).toBe('每周四 09:00-12:00');
    expect(res.daysMade).toBeGreaterThanOrEqual(4);
    expect(doc('schedules', 'JG03')).toMatchObject({ stationCode: 'JG03', holidayPolicy: 'nextWorkingDay' });
    // 2026-10-01 (Thursday, 国庆节) → 10-08 is the rule's own Thursday → Friday 10-09.
    const moved = doc<Record<string, unknown>>('receptionDays', 'JG03:2026-10-09');
    expect(moved).toMatchObject({
      date: '2026-10-09',
      movedFrom: '2026-10-01',
      moveReason: '因国庆节假期顺延',
      capacity: 'unlimited',
      status: 'scheduled',
      announcedOn: '2026-09-20',
    });
    expect(doc('receptionDays', 'JG03:2026-10-01')).toBeUndefined();
    expect(doc('receptionDays', 'JG03:2026-10-08')).toMatchObject({ deputyIds: expect.any(Array) });

    // A booking on a materialised day survives the scheduler running again.
    data(
      await call(
        {
          action: 'book',
          requestId: requestId(),
          dayId: 'JG03:2026-10-08',
          slotId: 'am1',
          topic: '修路',
          villageCode: 'heba',
        },
        'v-sched',
        now,
      ),
    );
    const count = docs('receptionDays').filter((d) => String(d._id).startsWith('JG03:')).length;
    const report = data(await runDue(now));
    expect(report.materialiseReceptionDays).toBe(0);
    expect(docs('receptionDays').filter((d) => String(d._id).startsWith('JG03:')).length).toBe(count);
    expect(doc('receptionDays', 'JG03:2026-10-08')).toMatchObject({
      booked: 1,
      slots: [
        { id: 'am1', booked: 1 },
        { id: 'am2', booked: 0 },
      ],
    });
    expect(
      data(await call<{ description: string }>({ action: 'getSchedule', stationCode: 'JG03' }, PRESIDIUM))
        .description,
    ).toBe('每周四 09:00-12:00');
  });

  it('refuses other stations, other roles, invalid rules and foreign deputies', async () => {
    expectError(await call({ ...thursdaySchedule, stationCode: 'JG02' }, ADMIN), 'NOT_YOUR_STATION');
    expectError(await call({ ...thursdaySchedule }, D01), 'FORBIDDEN');
    expectError(await call({ ...thursdaySchedule }, 'some-villager'), 'FORBIDDEN');
    expectError(
      await call(
        { ...thursdaySchedule, slots: [{ id: 'a', start: '08:00', end: '10:00', capacity: 5 }] },
        PRESIDIUM,
      ),
      'SCHEDULE_INVALID',
    );
    expectError(
      await call(
        { ...thursdaySchedule, slots: [{ id: 'a', start: '09:00', end: '10:00', capacity: 0 }] },
        PRESIDIUM,
      ),
      'BAD_INPUT',
    );
    expectError(
      await call({ ...thursdaySchedule, rota: { deputyIds: ['d01', 'd06'], perDay: 1 } }, PRESIDIUM),
      'DEPUTY_NOT_OF_STATION',
    );
    expectError(await call({ ...thursdaySchedule, extra: 1 }, PRESIDIUM), 'BAD_INPUT');
    expectError(await call({ action: 'getSchedule', stationCode: 'JG03' }, ADMIN), 'NOT_YOUR_STATION');
  });
});

describe('one-off days and duty changes', () => {
  it('tells every villager booked when the deputies on duty change, once per change', async () => {
    const dayId = await oneOffDay(11);
    data(await book('v-duty-change-a', dayId));
    const b = data(await book('v-duty-change-b', dayId));
    data(await call({ action: 'cancel', bookingId: b.bookingId }, 'v-duty-change-b'));
    cloud.openapi.grant('v-duty-change-a', TEMPLATES.bookingChanged.id, 1);
    const res = data(
      await call<{ villagersTold: number }>({ action: 'changeDuty', dayId, deputyIds: ['d03'] }, ADMIN),
    );
    expect(res.villagersTold).toBe(1);
    const told = docs<{
      openid: string;
      template: string;
      status: string;
      data: Record<string, { value: string }>;
    }>('outbox').filter((m) => m.openid === 'v-duty-change-a' && m.template === 'bookingChanged');
    expect(told).toHaveLength(1);
    expect(told[0].status).toBe('sent');
    expect(told[0].data.thing4.value).toContain('值班代表');
    expect(docs<{ openid: string }>('outbox').some((m) => m.openid === 'v-duty-change-b')).toBe(false);
    // The same change again (a retry) tells nobody twice.
    data(await call({ action: 'changeDuty', dayId, deputyIds: ['d03'] }, ADMIN));
    expect(
      docs<{ openid: string; template: string }>('outbox').filter(
        (m) => m.openid === 'v-duty-change-a' && m.template === 'bookingChanged',
      ),
    ).toHaveLength(1);
  });

  it('adds a day once, changes its deputies, and refuses what it must', async () => {
    const dayId = await oneOffDay(12);
    const date = dateOf(dayId);
    expect(doc('receptionDays', dayId)).toMatchObject({ capacity: 10, booked: 0, status: 'scheduled' });
    const again = {
      action: 'addDay',
      stationCode: 'JG01',
      date,
      start: '09:00',
      end: '11:00',
      slots: slot(5),
      deputyIds: ['d01'],
    };
    expectError(await call(again, ADMIN), 'DAY_EXISTS');
    expectError(await call({ ...again, date: addDays(today, -1) }, ADMIN), 'DAY_PAST');
    // Announced at least 3 days ahead (NOTICE_DAYS), a one-off day too.
    expectError(await call({ ...again, date: today }, ADMIN), 'DAY_TOO_SOON');
    expectError(await call({ ...again, date: addDays(today, 2) }, PRESIDIUM), 'DAY_TOO_SOON');
    expect(doc('receptionDays', dayId)).toMatchObject({ announcedOn: today });
    expectError(await call({ ...again, stationCode: 'JG02', deputyIds: ['d04'] }, ADMIN), 'NOT_YOUR_STATION');
    expectError(
      await call({ ...again, date: freeDate(13), deputyIds: ['d04'] }, ADMIN),
      'DEPUTY_NOT_OF_STATION',
    );
    expectError(await call({ ...again, date: freeDate(13) }, D01), 'FORBIDDEN');

    data(await call({ action: 'changeDuty', dayId, deputyIds: ['d03'] }, ADMIN));
    expect(doc('receptionDays', dayId)).toMatchObject({ deputyIds: ['d03'] });
    expectError(
      await call({ action: 'changeDuty', dayId, deputyIds: ['d03'] }, 'admin-jg02'),
      'NOT_YOUR_STATION',
    );
    expectError(
      await call({ action: 'changeDuty', dayId, deputyIds: ['d05'] }, PRESIDIUM),
      'DEPUTY_NOT_OF_STATION',
    );
    expectError(
      await call({ action: 'changeDuty', dayId: 'JG01:1999-01-01', deputyIds: ['d01'] }, ADMIN),
      'DAY_NOT_FOUND',
    );
  });
});

describe('cancelDay', () => {
  it('cancels every booking, frees the places and tells each villager once', async () => {
    const dayId = await oneOffDay(14);
    const a = data(await book('v-cancel-a', dayId));
    data(await book('v-cancel-b', dayId));
    cloud.openapi.grant('v-cancel-a', TEMPLATES.bookingChanged.id, 1);
    expectError(await call({ action: 'cancelDay', dayId, reason: '代表外出学习' }, D01), 'FORBIDDEN');
    expectError(
      await call({ action: 'cancelDay', dayId, reason: '代表外出学习' }, 'admin-jg02'),
      'NOT_YOUR_STATION',
    );

    const res = data(
      await call<{ bookingsCancelled: number }>(
        { action: 'cancelDay', dayId, reason: '代表外出学习' },
        ADMIN,
      ),
    );
    expect(res.bookingsCancelled).toBe(2);
    expect(doc('receptionDays', dayId)).toMatchObject({
      status: 'cancelled',
      booked: 0,
      cancelReason: '代表外出学习',
    });
    const bookings = docs<{ dayId: string; status: string }>('bookings').filter((b) => b.dayId === dayId);
    expect(bookings.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    expect(docs('bookingLocks').filter((l) => l.dayId === dayId)).toHaveLength(0);
    const msgs = docs<{
      ref: string;
      status: string;
      template: string;
      data: Record<string, { value: string }>;
    }>('outbox').filter((m) => m.ref === `receptionDay:${dayId}`);
    expect(msgs).toHaveLength(2);
    expect(msgs.every((m) => m.template === 'bookingChanged')).toBe(true);
    expect(msgs.map((m) => m.status).sort()).toEqual(['refused', 'sent']);
    expect(msgs[0].data.thing4.value).toBe('代表外出学习');
    expect(
      cloud.openapi.messages.filter((m) => m.touser === 'v-cancel-a' && m.outcome === 'sent'),
    ).toHaveLength(1);

    // Again: nothing more to cancel, no second message; booking the day is refused.
    expect(
      data(
        await call<{ bookingsCancelled: number }>(
          { action: 'cancelDay', dayId, reason: '代表外出学习' },
          ADMIN,
        ),
      ).bookingsCancelled,
    ).toBe(0);
    expect(docs('outbox').filter((m) => m.ref === `receptionDay:${dayId}`)).toHaveLength(2);
    expectError(await book('v-cancel-c', dayId), 'DAY_CANCELLED');
    expect(
      data(await call<{ status: string }[]>({ action: 'mine' }, 'v-cancel-a')).find(
        (b) => (b as unknown as { bookingId: string }).bookingId === a.bookingId,
      ),
    ).toMatchObject({ status: 'cancelled', qrDataUrl: null });
  });
});

describe('remindBookings', () => {
  it('queues one reminder per booking the day before: sent with a subscription, refused without, never twice', async () => {
    const dayId = await oneOffDay(4);
    const date = dateOf(dayId);
    const withSub = data(await book('v-remind-yes', dayId));
    data(await book('v-remind-no', dayId));
    cloud.openapi.grant('v-remind-yes', TEMPLATES.bookingReminder.id, 1);

    // Two days before: nothing yet.
    expect(data(await runDue(at(addDays(date, -2), '10:00'))).remindBookings).toBe(0);
    const first = data(await runDue(at(addDays(date, -1), '10:00')));
    expect(first.remindBookings).toBe(2);
    const mine = () =>
      docs<{ _id: string; ref: string; status: string; data: Record<string, { value: string }> }>(
        'outbox',
      ).filter((m) => m.ref === `receptionDay:${dayId}`);
    expect(
      mine()
        .map((m) => m.status)
        .sort(),
    ).toEqual(['refused', 'sent']);
    const sent = mine().find((m) => m._id === `msg:remind:${withSub.bookingId}`)!;
    expect(sent.status).toBe('sent');
    expect(sent.data.time2.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 09:00$/);
    expect(Array.from(sent.data.thing4.value).length).toBeLessThanOrEqual(20);
    expect(sent.data.thing4.value).toContain(withSub.checkInCode);
    const errs = cloud.openapi.messages.filter((m) => m.touser === 'v-remind-no');
    expect(errs.map((m) => m.errCode)).toEqual([43101]);

    const sentBefore = cloud.openapi.messages.length;
    await runDue(at(addDays(date, -1), '11:00'));
    expect(mine()).toHaveLength(2);
    expect(cloud.openapi.messages.length).toBe(sentBefore);
  });
});

describe('check-in, walk-ins, no-shows and the record', () => {
  let dayId: string;
  let date: string;
  let typed: { bookingId: string; checkInCode: string };
  let scanned: { bookingId: string; checkInCode: string };
  let absent: { bookingId: string };
  let walkInId = '';
  beforeAll(async () => {
    dayId = await oneOffDay(6, 3);
    date = dateOf(dayId);
    typed = data(await book('v-in-typed', dayId));
    scanned = data(await book('v-in-scanned', dayId));
    absent = data(await book('v-in-absent', dayId));
  });

  it('checks in by typed code and by scanned QR, by the admin or a deputy on duty only', async () => {
    const during = at(date, '09:30');
    const code = typed.checkInCode.toLowerCase().replace(/^(...)/, '$1 ');
    expectError(
      await call({ action: 'checkIn', dayId, code }, ADMIN, at(addDays(date, -1), '09:30')),
      'CHECKIN_NOT_OPEN',
    );
    expectError(await call({ action: 'checkIn', dayId, code }, 'deputy-d03', during), 'NOT_ON_DUTY');
    expectError(await call({ action: 'checkIn', dayId, code }, 'admin-jg02', during), 'NOT_YOUR_STATION');
    expectError(await call({ action: 'checkIn', dayId, code }, PRESIDIUM, during), 'FORBIDDEN');
    expectError(
      await call({ action: 'checkIn', dayId, code: 'ZZZZZZ' }, ADMIN, during),
      'CHECKIN_CODE_INVALID',
    );
    expectError(await call({ action: 'checkIn', dayId }, ADMIN, during), 'BAD_INPUT');

    expect(data(await call({ action: 'checkIn', dayId, code }, D01, during))).toMatchObject({
      bookingId: typed.bookingId,
      status: 'checkedIn',
      villageName: '金鼓村',
    });
    expectError(await call({ action: 'checkIn', dayId, code }, ADMIN, during), 'ALREADY_CHECKED_IN');

    const row = data(
      await call<{ bookingId: string; qrPayload: string; qrDataUrl: string }[]>(
        { action: 'mine' },
        'v-in-scanned',
      ),
    ).find((b) => b.bookingId === scanned.bookingId)!;
    expect(row.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expectError(await call({ action: 'checkIn', qr: 'https://example.com/x' }, ADMIN, during), 'QR_INVALID');
    expectError(
      await call({ action: 'checkIn', qr: row.qrPayload.replace(/:[A-Z0-9]+$/, ':AAAAAA') }, ADMIN, during),
      'CHECKIN_CODE_INVALID',
    );
    expect(data(await call({ action: 'checkIn', qr: row.qrPayload }, ADMIN, during))).toMatchObject({
      bookingId: scanned.bookingId,
    });
    expect(doc('bookings', scanned.bookingId)).toMatchObject({ status: 'checkedIn', checkedInBy: ADMIN });
  });

  it('two desks checking in the same code at once: one checks in, the other is told it is done', async () => {
    const day = await oneOffDay(7);
    const b = data(await book('v-in-twice', day));
    const during = at(dateOf(day), '09:30');
    const both = await Promise.all(
      [ADMIN, D01].map((who) => call({ action: 'checkIn', dayId: day, code: b.checkInCode }, who, during)),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['ALREADY_CHECKED_IN']);
    expect(doc('bookings', b.bookingId)).toMatchObject({ status: 'checkedIn' });
  });

  it('adds a walk-in on the day without taking a bookable place', async () => {
    const during = at(date, '10:00');
    const walkIn = {
      action: 'walkIn',
      requestId: requestId(),
      dayId,
      name: '赵大爷',
      topic: '低保咨询',
      villageCode: 'xinmin',
    };
    expectError(await call({ ...walkIn, requestId: requestId() }, 'v-someone', during), 'FORBIDDEN');
    expectError(
      await call({ ...walkIn, requestId: requestId() }, ADMIN, at(addDays(date, 1), '10:00')),
      'DAY_PAST',
    );
    expectError(
      await call({ ...walkIn, requestId: requestId(), villageCode: 'heba' }, ADMIN, during),
      'VILLAGE_NOT_FOUND',
    );
    const first = data(await call<{ bookingId: string }>(walkIn, D02, during));
    const retry = data(await call<{ bookingId: string }>(walkIn, D02, during));
    expect(retry.bookingId).toBe(first.bookingId);
    walkInId = first.bookingId;
    expect(doc('bookings', first.bookingId)).toMatchObject({ status: 'checkedIn', source: 'walkIn' });
    expect(doc('receptionDays', dayId)).toMatchObject({ booked: 3, capacity: 3, walkIns: 1 });
    const roster = data(
      await call<{ bookings: { walkIn: boolean; phone: string | null }[] }>(
        { action: 'roster', dayId },
        ADMIN,
      ),
    );
    expect(roster.bookings.filter((b) => b.walkIn)).toHaveLength(1);
  });

  it('marks no-shows after the day and refuses a record before its end', async () => {
    expectError(
      await call({ action: 'record', requestId: requestId(), dayId, matters: [] }, D01, at(date, '10:30')),
      'DAY_NOT_OVER',
    );
    await runDue(at(date, '12:00'));
    expect(doc('bookings', absent.bookingId)).toMatchObject({ status: 'noShow' });
    expect(doc('receptionDays', dayId)).toMatchObject({ status: 'done' });
  });

  it('records who came and the matters once, with a reception duty record for each deputy who served', async () => {
    const after = at(date, '15:00');
    const record = {
      action: 'record',
      dayId,
      summary: '接待群众3人',
      // Each matter names who raised it (issue 12): the typed-in villager, and the walk-in.
      matters: [
        {
          bookingId: typed.bookingId,
          villageCode: 'jingu',
          categoryCode: DEMO_CATEGORY,
          text: '灌溉渠堵塞，影响春耕',
        },
        {
          bookingId: walkInId,
          villageCode: 'xinmin',
          categoryCode: DEMO_CATEGORY,
          text: '低保申请流程不清楚',
        },
      ],
    };
    expectError(await call({ ...record, requestId: requestId() }, 'deputy-d03', after), 'NOT_ON_DUTY');
    // A deputy on duty cannot credit a colleague who was not on duty with serving.
    expectError(
      await call({ ...record, requestId: requestId(), deputyIds: ['d01', 'd03'] }, D01, after),
      'NOT_ON_DUTY',
    );
    expectError(
      await call(
        {
          ...record,
          requestId: requestId(),
          matters: [{ bookingId: typed.bookingId, villageCode: 'jingu', categoryCode: 'nope', text: 'x' }],
        },
        D01,
        after,
      ),
      'CATEGORY_NOT_FOUND',
    );
    const res = data(
      await call<{ peopleReached: number; matters: unknown[] }>(
        { ...record, requestId: requestId() },
        D01,
        after,
      ),
    );
    expect(res.peopleReached).toBe(3);
    expect(res.matters).toHaveLength(2);
    const stored = doc<{ attendeeIds: string[]; matters: { n: number; text: string }[] }>(
      'receptionRecords',
      dayId,
    );
    expect(stored.attendeeIds).toHaveLength(3);
    expect(stored.matters.map((m) => m.n)).toEqual([1, 2]);
    // Each matter became an opinion through the opinion module, filed by the reception.
    const opinionIds = (res.matters as { opinionId: string | null }[]).map((m) => m.opinionId);
    expect(opinionIds.every((id) => typeof id === 'string')).toBe(true);
    const opinions = () =>
      docs<{ _id: string; filedBy: { kind: string; dayId: string }; text: string; villagerOpenid?: string }>(
        'opinions',
      ).filter((o) => o.filedBy?.kind === 'reception' && o.filedBy.dayId === dayId);
    expect(
      opinions()
        .map((o) => o._id)
        .sort(),
    ).toEqual([...opinionIds].sort());
    expect(
      opinions()
        .map((o) => o.text)
        .sort(),
    ).toEqual(['低保申请流程不清楚', '灌溉渠堵塞，影响春耕']);
    // The booked villager's matter is their own case; the walk-in (no account) has none.
    expect(Object.fromEntries(opinions().map((o) => [o.text, o.villagerOpenid ?? null]))).toEqual({
      '灌溉渠堵塞，影响春耕': 'v-in-typed',
      低保申请流程不清楚: null,
    });
    const duty = () =>
      docs<{ sourceRef: string; deputyId: string; type: string; peopleReached: number }>(
        'dutyRecords',
      ).filter((d) => d.sourceRef === `reception:${dayId}`);
    expect(
      duty()
        .map((d) => d.deputyId)
        .sort(),
    ).toEqual(['d01', 'd02']);
    expect(duty().every((d) => d.type === 'reception' && d.peopleReached === 3)).toBe(true);

    expectError(await call({ ...record, requestId: requestId() }, ADMIN, after), 'RECORD_EXISTS');
    expect(duty()).toHaveLength(2);
    expect(opinions()).toHaveLength(2);
    expect(
      data(await call<{ peopleReached: number }>({ action: 'getRecord', dayId }, PRESIDIUM)),
    ).toMatchObject({ peopleReached: 3 });
  });
});

describe('check-in codes', () => {
  it('never clash within a day: a drawn code already taken is drawn again', async () => {
    const dayId = await oneOffDay(9);
    // The function bundles run in this jest registry: they draw from this very module object.
    const nodeCrypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const spy = jest.spyOn(nodeCrypto, 'randomInt') as unknown as jest.SpyInstance<number, [number]>;
    // Every draw gives index 0 ('000000') except after the first booking: then index 1 ('111111').
    let draws = 0;
    spy.mockImplementation(() => (draws++ < 12 ? 0 : 1));
    try {
      const first = data(await book('v-code-1', dayId));
      const second = data(await book('v-code-2', dayId));
      expect(first.checkInCode).toBe('000000');
      expect(second.checkInCode).toBe('111111');
      expect(draws).toBe(18);
    } finally {
      spy.mockRestore();
    }
    expect(doc('checkInCodes', `${dayId}:000000`)).toBeDefined();
  });
});
