/**
 * Journey (issue 19): one deployment, two townships. A villager of 青山镇 sees 青山镇's stations only,
 * books a QS01 reception day under 青山镇's own limits, and files an opinion at QS02 that goes to
 * 青山镇's deputies only. 王建国 (demo-deputy-1), bound as 金鼓乡's d01 and 青山镇's q05, sees the case
 * when he works in 青山镇 and not in 金鼓乡; a 金鼓乡 deputy cannot act on it at all. The hourly
 * scheduler runs each township with its own settings (booking reminders: 金鼓乡 the day before, 青山镇
 * two hours before) and chases each township's cases to that township's deputies. A scanned station
 * code opens its own township whatever township the mini-program was showing.
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { TEMPLATES } from '../../core/notify/templates';
import { expectError, submitOpinion, unwrap as data, useDemoCloud, type Envelope } from './support';

jest.setTimeout(60_000);

const cloud = useDemoCloud();

const VILLAGER = 'v-qingshan-1';
const JG_VILLAGER = 'v-jingu-1';
const WANG = 'demo-deputy-1'; // 王建国: d01 in 金鼓乡, q05 in 青山镇
const JG_DEPUTY = 'demo-deputy-2'; // d02, 金鼓乡 only
const QS_PRESIDIUM = 'demo-presidium-qs';
const QINGSHAN = { townshipId: 'qingshan' };
const JINGU = { townshipId: 'jingu' };

const today = chinaDate(new Date());
let rid = 0;
const requestId = () => `town-rq-${++rid}`;
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const doc = <T = Record<string, unknown>>(collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as unknown as T;
const docs = <T = Record<string, unknown>>(collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as T);
const runDue = (now: string) =>
  cloud.invoke<Envelope<Record<string, unknown>>>('scheduler', { action: 'runDue' }, { now });

interface DayCard {
  id: string;
  date: string;
}
/** The first day of `stationCode` shown to villagers at least two days ahead (reminders can be checked). */
async function dayAhead(stationCode: string, township: object): Promise<DayCard> {
  const days = data(
    await cloud.call<DayCard[]>('booking', { action: 'listDays', stationCode, ...township }, VILLAGER),
  );
  const day = days.find((d) => d.date >= addDays(today, 2));
  if (!day) throw new Error(`no ${stationCode} day ahead in ${JSON.stringify(days)}`);
  return day;
}
const book = (openid: string, dayId: string, villageCode: string, township: object) =>
  cloud.call<{ bookingId: string }>(
    'booking',
    { action: 'book', requestId: requestId(), dayId, topic: '村里的路灯坏了', villageCode, ...township },
    openid,
  );

describe('two townships in one deployment', () => {
  let qsBooking = '';
  let qsDay: DayCard = { id: '', date: '' };
  let jgBooking = '';
  let jgDay: DayCard = { id: '', date: '' };
  let qsCase = { id: '', acceptBy: '' };
  let jgCase = { id: '', acceptBy: '' };

  it('a villager of 青山镇 sees its stations only, each saying its township', async () => {
    const list = data(
      await cloud.call<{ code: string; township: { id: string; name: string } }[]>(
        'station',
        { action: 'list', ...QINGSHAN },
        VILLAGER,
      ),
    );
    expect(list.map((s) => s.code)).toEqual(['QS01', 'QS02']);
    expect(list.every((s) => s.township.id === 'qingshan' && s.township.name === '青山镇')).toBe(true);
  });

  it('a QS station code scanned while 金鼓乡 is shown opens the station in 青山镇 and says so', async () => {
    const view = data(
      await cloud.call<{ code: string; township: { id: string; name: string }; nextDays: DayCard[] }>(
        'station',
        { action: 'get', code: 'QS01', ...JINGU },
        VILLAGER,
      ),
    );
    expect(view).toMatchObject({ code: 'QS01', township: { id: 'qingshan', name: '青山镇' } });
    expect(view.nextDays.length).toBeGreaterThan(0);
    expect(view.nextDays.every((d) => d.id.startsWith('QS01:'))).toBe(true);
  });

  it('each township keeps its own settings: 青山镇 one place at a time, reminders two hours before', async () => {
    // The presidium of 青山镇 acts in 青山镇 only: shown 金鼓乡, they are a resident there.
    expectError(await cloud.call('admin', { action: 'setLimits', heldPlaces: 1 }, QS_PRESIDIUM), 'FORBIDDEN');
    data(await cloud.call('admin', { action: 'setLimits', heldPlaces: 1, ...QINGSHAN }, QS_PRESIDIUM));
    data(
      await cloud.call(
        'booking',
        { action: 'setSettings', reminderLead: 'twoHoursBefore', ...QINGSHAN },
        QS_PRESIDIUM,
      ),
    );
    const qs = data(
      await cloud.call<{ limits: { heldPlaces: number } }>(
        'admin',
        { action: 'getLimits', ...QINGSHAN },
        QS_PRESIDIUM,
      ),
    );
    const jg = data(
      await cloud.call<{ limits: { heldPlaces: number } }>(
        'admin',
        { action: 'getLimits' },
        'demo-presidium',
      ),
    );
    expect([qs.limits.heldPlaces, jg.limits.heldPlaces]).toEqual([1, 3]);
    const jgSettings = data(
      await cloud.call<{ reminderLead: string }>('booking', { action: 'getSettings' }, 'demo-presidium'),
    );
    expect(jgSettings.reminderLead).toBe('dayBefore');
  });

  it('books a QS01 reception day in 青山镇, under 青山镇’s limit', async () => {
    qsDay = await dayAhead('QS01', QINGSHAN);
    // Shown 金鼓乡, the day is not there to book.
    expectError(await book(VILLAGER, qsDay.id, 'qingshan', JINGU), 'DAY_NOT_FOUND');
    qsBooking = data(await book(VILLAGER, qsDay.id, 'qingshan', QINGSHAN)).bookingId;
    expect(doc('bookings', qsBooking)).toMatchObject({ townshipId: 'qingshan', stationCode: 'QS01' });
    const mine = data(
      await cloud.call<{ bookingId: string }[]>('booking', { action: 'mine', ...QINGSHAN }, VILLAGER),
    );
    expect(mine.map((b) => b.bookingId)).toEqual([qsBooking]);

    // 青山镇 allows one place at a time: a QS02 day as well is refused …
    const qs02 = await dayAhead('QS02', QINGSHAN);
    expectError(await book(VILLAGER, qs02.id, 'dongling', QINGSHAN), 'BOOKINGS_HELD_LIMIT');
    // … while 金鼓乡 (three at a time) takes a second place from a villager who holds one there.
    jgDay = await dayAhead('JG01', JINGU);
    jgBooking = data(await book(JG_VILLAGER, jgDay.id, 'jingu', JINGU)).bookingId;
    const jg02 = await dayAhead('JG02', JINGU);
    data(await book(JG_VILLAGER, jg02.id, 'baiguo', JINGU));
  });

  it('an opinion filed at QS02 goes to 青山镇’s deputies only', async () => {
    qsCase = data(
      await submitOpinion<{ id: string; acceptBy: string }>(cloud, VILLAGER, {
        requestId: requestId(),
        text: '东岭村到镇上的公路塌了一段',
        stationCode: 'QS02',
        villageCode: 'dongling',
        categoryCode: 'road',
        ...QINGSHAN,
      }),
    );
    const stored = doc<{ townshipId: string; owner: { kind: string; deputyIds: string[] } }>(
      'opinions',
      qsCase.id,
    );
    expect(stored.townshipId).toBe('qingshan');
    expect(stored.owner.kind).toBe('deputies');
    expect(stored.owner.deputyIds).toContain('q05');
    const qsDeputyIds = ['q01', 'q02', 'q03', 'q04', 'q05'];
    expect(stored.owner.deputyIds.every((d) => qsDeputyIds.includes(d))).toBe(true);

    // A 金鼓乡 case the same day, for the scheduler below.
    jgCase = data(
      await submitOpinion<{ id: string; acceptBy: string }>(cloud, JG_VILLAGER, {
        requestId: requestId(),
        text: '金鼓村的路灯坏了很久',
      }),
    );
    expect(doc<{ owner: { deputyIds: string[] } }>('opinions', jgCase.id).owner.deputyIds).toEqual(['d01']);
  });

  it('王建国 sees the case in his 青山镇 inbox, not in his 金鼓乡 one', async () => {
    type Inbox = { open: { id: string }[]; earlier: { id: string }[] };
    const ids = (box: Inbox) => [...box.open, ...box.earlier].map((c) => c.id);
    const qsInbox = data(await cloud.call<Inbox>('opinion', { action: 'inbox', ...QINGSHAN }, WANG));
    expect(ids(qsInbox)).toContain(qsCase.id);
    expect(ids(qsInbox)).not.toContain(jgCase.id);
    const jgInbox = data(await cloud.call<Inbox>('opinion', { action: 'inbox', ...JINGU }, WANG));
    expect(ids(jgInbox)).not.toContain(qsCase.id);
    expect(ids(jgInbox)).toContain(jgCase.id);
    // Bound in two townships, he must say which one he works in.
    expectError(
      await cloud.call('opinion', { action: 'inbox', townshipId: undefined }, WANG),
      'TOWNSHIP_REQUIRED',
    );
  });

  it('a 金鼓乡 deputy cannot act on a 青山镇 case, nor 王建国 while he works in 金鼓乡', async () => {
    const accept = (openid: string, township: object) =>
      cloud.call(
        'opinion',
        { action: 'accept', requestId: requestId(), opinionId: qsCase.id, ...township },
        openid,
      );
    const timeline = () =>
      docs<{ opinionId: string }>('opinionEvents').filter((e) => e.opinionId === qsCase.id);
    const before = timeline().length;
    expectError(await accept(JG_DEPUTY, JINGU), 'OPINION_NOT_FOUND');
    // In 青山镇 d02 is bound to nothing: a resident, who may not accept a case.
    expectError(await accept(JG_DEPUTY, QINGSHAN), 'FORBIDDEN');
    expectError(await accept(WANG, JINGU), 'OPINION_NOT_FOUND');
    expect(doc<{ status: string }>('opinions', qsCase.id).status).toBe('assigned');
    expect(timeline()).toHaveLength(before);
  });

  it("the scheduler runs each township with its own settings and chases each township's cases", async () => {
    cloud.openapi.grant(VILLAGER, TEMPLATES.bookingReminder.id, 5);
    cloud.openapi.grant(JG_VILLAGER, TEMPLATES.bookingReminder.id, 5);
    cloud.openapi.grant(WANG, TEMPLATES.opinionDeadline.id, 5);
    const reminded = (bookingId: string) => doc('outbox', `msg:remind:${bookingId}`) !== undefined;
    const chased = (opinionId: string) =>
      docs<{ opinionId: string; type: string; townshipId: string }>('opinionEvents').filter(
        (e) => e.opinionId === opinionId && e.type === 'reminded',
      );

    // Each check is taken right after its run; the runs go forward in time.
    const checks: { when: string; check: () => void }[] = [
      {
        // 青山镇 reminds two hours before: the morning before the day, nothing yet …
        when: at(addDays(qsDay.date, -1), '10:00'),
        check: () => expect(reminded(qsBooking)).toBe(false),
      },
      {
        // … and 07:15 on the day (the slot starts at 09:00) it does.
        when: at(qsDay.date, '07:15'),
        check: () => expect(reminded(qsBooking)).toBe(true),
      },
      {
        // 金鼓乡 reminds the day before, from 08:00.
        when: at(addDays(jgDay.date, -1), '10:00'),
        check: () => expect(reminded(jgBooking)).toBe(true),
      },
      {
        // The day before each case must be accepted, each is chased once, in its own township.
        when: at(addDays(qsCase.acceptBy, -1), '10:00'),
        check: () => {
          expect(chased(qsCase.id).map((e) => e.townshipId)).toEqual(['qingshan']);
          expect(chased(jgCase.id).map((e) => e.townshipId)).toEqual(['jingu']);
        },
      },
    ];
    checks.sort((a, b) => a.when.localeCompare(b.when));
    for (const { when, check } of checks) {
      expect(await runDue(when)).toMatchObject({ ok: true });
      check();
    }

    // Each chase (即将到期) went to its own township's deputies with an account, opening that township:
    // 王建国 hears of the 青山镇 case as q05 and of the 金鼓乡 case as d01.
    const chases = (opinionId: string) =>
      docs<{ _id: string; openid: string; template: string; ref: string; page: string; data: object }>(
        'outbox',
      )
        .filter((m) => m.template === 'opinionDeadline' && m.ref === `opinion:${opinionId}`)
        .filter((m) => JSON.stringify(m.data).includes('即将到期'))
        .map((m) => ({
          to: m.openid,
          as: m._id.slice(m._id.lastIndexOf(':') + 1),
          township: m.page.split('t=')[1],
        }));
    expect(chases(qsCase.id)).toEqual([{ to: WANG, as: 'q05', township: 'qingshan' }]);
    expect(chases(jgCase.id)).toEqual([{ to: WANG, as: 'd01', township: 'jingu' }]);
    const qsReminder = doc<{ page: string }>('outbox', `msg:remind:${qsBooking}`);
    expect(qsReminder.page).toContain('t=qingshan');
  });
});

describe('before a township is chosen (a county of two)', () => {
  const none = { townshipId: undefined };

  it('whoami answers a villager as a resident, and a deputy of two townships with both bindings', async () => {
    const villager = data(
      await cloud.call<{ role: string; bindings: unknown[] }>(
        'account',
        { action: 'whoami', ...none },
        'v-new-comer',
      ),
    );
    expect(villager).toMatchObject({ role: 'resident', bindings: [] });
    const wang = data(
      await cloud.call<{ bindings: { townshipId: string; role: string }[] }>(
        'account',
        { action: 'whoami', ...none },
        'demo-deputy-1',
      ),
    );
    expect(wang.bindings.map((b) => `${b.townshipId}:${b.role}`).sort()).toEqual([
      'jingu:deputy',
      'qingshan:deputy',
    ]);
  });

  it('an invite code of no township is a wrong code (and counts as a try), not a township to choose', async () => {
    expectError(
      await cloud.call('account', { action: 'redeemInvite', code: 'ZZZZ-ZZZZ', ...none }, 'v-new-comer'),
      'INVITE_NOT_FOUND',
    );
  });

  it('a station code no township has is not found', async () => {
    expectError(
      await cloud.call('station', { action: 'get', code: 'ZZ99', ...none }, 'v-new-comer'),
      'STATION_NOT_FOUND',
    );
  });

  it('a call that needs a township and names none is asked to choose one', async () => {
    expectError(await cloud.call('opinion', { action: 'mine', ...none }, 'v-new-comer'), 'TOWNSHIP_REQUIRED');
  });
});

describe('one request id, two townships', () => {
  it('a retry is one per township: the same request id files once in 金鼓乡 and once in 青山镇', async () => {
    const same = 'same-request-in-two-townships';
    const jg = data(
      await submitOpinion(cloud, 'v-two-places', { requestId: same, text: '金鼓村的路灯坏了' }),
    );
    const jgAgain = data(
      await submitOpinion(cloud, 'v-two-places', { requestId: same, text: '金鼓村的路灯坏了' }),
    );
    expect(jgAgain.id).toBe(jg.id);
    const qs = data(
      await submitOpinion(cloud, 'v-two-places', {
        requestId: same,
        text: '东岭村的路灯也坏了',
        stationCode: 'QS02',
        villageCode: 'dongling',
        categoryCode: 'road',
        townshipId: 'qingshan',
      }),
    );
    expect(qs.id).not.toBe(jg.id);
    expect(cloud.store.get('opinions', qs.id)?.doc).toMatchObject({ townshipId: 'qingshan' });
  });

  it('county staff work in the county itself only in actions that name their role', async () => {
    expectError(
      await cloud.call('article', { action: 'subscribeNext', townshipId: 'county' }, 'demo-county'),
      'NOT_YOUR_TOWNSHIP',
    );
    expectError(
      await cloud.call('article', { action: 'subscribeNext', townshipId: 'county' }, 'v-two-places'),
      'TOWNSHIP_NOT_FOUND',
    );
  });
});
