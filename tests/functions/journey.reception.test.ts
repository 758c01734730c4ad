/**
 * Journey (issue 12 §1): a reception matter belongs to the villager who raised it. A villager books a
 * reception day, is checked in and raises a matter; a walk-in without an account leaves a phone; the
 * station admin records the day, naming who raised each matter. Then, through the functions, what every
 * person sees at every step: the villager follows their own case (mine, get, messages) and rates it;
 * the station admin's list shows what the station filed and rates the walk-in's case for them, which is
 * shown as such and kept out of the deputy's satisfaction figures (counted apart).
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { TEMPLATES } from '../../core/notify/templates';
import { demoCloud, expectError, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

const ADMIN = 'demo-station-admin'; // JG01
const PRESIDIUM = 'demo-presidium';
const D01 = 'demo-deputy-1'; // d01: 金鼓村, 道路交通
const D02 = 'demo-deputy-2'; // d02: 新民村, 民政
const VILLAGER = 'v-journey-reception';
const ABSENT = 'v-journey-absent';
const TOPIC = '村口道路坑洼，雨天积水';

let rid = 0;
const requestId = () => `journey-rq-${++rid}`;
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const doc = <T = Record<string, unknown>>(collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as unknown as T;
const outboxTo = (openid: string, opinionId: string) =>
  [...cloud.store.entries('outbox').values()]
    .map((e) => e.doc as unknown as { openid: string; template: string; ref: string })
    .filter((m) => m.openid === openid && m.ref === `opinion:${opinionId}`);

interface CaseView {
  role: string;
  text: string;
  status: string;
  canRate: boolean;
  contactPhoneMasked: string | null;
  timeline: { text?: string; label?: string; data?: { byStaff?: true } | null }[];
}
interface Summary {
  id: string;
  excerpt: string;
  status: string;
  canRate: boolean;
}
interface NoticeView {
  columns: { key: string }[];
  rows: { deputyId: string; cells: number[] }[];
}
const cell = (v: NoticeView, deputyId: string, key: string) =>
  v.rows.find((r) => r.deputyId === deputyId)!.cells[v.columns.findIndex((c) => c.key === key)];

describe('a reception matter belongs to the villager who raised it', () => {
  const today = chinaDate(new Date());
  let dayId = '';
  let date = '';
  let booked = { bookingId: '', checkInCode: '' };
  let absent = { bookingId: '' };
  let walkInId = '';
  let villagerCase = '';
  let walkInCase = '';

  it('the day: a villager books and is checked in, a walk-in leaves a phone, another villager stays away', async () => {
    date = addDays(today, 6);
    while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
    const day = data(
      await cloud.call<{ dayId: string }>(
        'booking',
        {
          action: 'addDay',
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '11:00',
          slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 10 }],
          deputyIds: ['d01', 'd02'],
        },
        ADMIN,
      ),
    );
    dayId = day.dayId;
    const book = (openid: string, extra: object = {}) =>
      cloud.call<{ bookingId: string; checkInCode: string }>(
        'booking',
        { action: 'book', requestId: requestId(), dayId, topic: TOPIC, villageCode: 'jingu', ...extra },
        openid,
      );
    booked = data(await book(VILLAGER, { name: '王大姐', phone: '13712345678' }));
    absent = data(await book(ABSENT));

    const during = at(date, '09:30');
    expect(
      data(
        await cloud.call('booking', { action: 'checkIn', dayId, code: booked.checkInCode }, ADMIN, during),
      ),
    ).toMatchObject({ bookingId: booked.bookingId, status: 'checkedIn', topic: TOPIC });

    const walkIn = {
      action: 'walkIn',
      dayId,
      name: '赵大爷',
      topic: '低保咨询',
      villageCode: 'xinmin',
    };
    // The phone follows the shared mobile rule.
    expectError(
      await cloud.call('booking', { ...walkIn, requestId: requestId(), phone: '12345' }, ADMIN, during),
      'BAD_INPUT',
    );
    walkInId = data(
      await cloud.call<{ bookingId: string }>(
        'booking',
        { ...walkIn, requestId: requestId(), phone: '13900002222' },
        ADMIN,
        during,
      ),
    ).bookingId;
    expect(doc('bookings', walkInId)).toMatchObject({ source: 'walkIn', phone: '13900002222' });

    // The station admin's roster shows the walk-in's phone in full (the one view that needs it).
    const roster = data(
      await cloud.call<{ bookings: { bookingId: string; phone: string | null }[] }>(
        'booking',
        { action: 'roster', dayId },
        ADMIN,
        during,
      ),
    );
    expect(roster.bookings.find((b) => b.bookingId === walkInId)?.phone).toBe('13900002222');

    // The record form offers who came: the checked-in villager and the walk-in, not the absent one.
    const form = data(
      await cloud.call<{ attendees: { bookingId: string; topic: string; walkIn: boolean }[] }>(
        'booking',
        { action: 'recordForm', dayId },
        ADMIN,
        at(date, '15:00'),
      ),
    );
    expect(form.attendees.map((a) => a.bookingId).sort()).toEqual([booked.bookingId, walkInId].sort());
  });

  it('the record: each matter names an attendee of the day; anyone else is refused, nothing written', async () => {
    const after = at(date, '15:00');
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: at(date, '12:00') });
    expect(doc('bookings', absent.bookingId)).toMatchObject({ status: 'noShow' });
    const record = (matters: object[]) =>
      cloud.call<{ matters: { n: number; bookingId: string; opinionId: string }[] }>(
        'booking',
        { action: 'record', requestId: requestId(), dayId, summary: '', matters },
        ADMIN,
        after,
      );
    expectError(await record([{ bookingId: absent.bookingId, categoryCode: 'road' }]), 'MATTER_NOT_ATTENDEE');
    expectError(
      await record([{ bookingId: 'no-such-booking', categoryCode: 'road' }]),
      'MATTER_NOT_ATTENDEE',
    );
    expectError(
      await record([{ categoryCode: 'road', villageCode: 'jingu', text: '谁说的？' }]),
      'BAD_INPUT',
    );
    expect(doc('receptionRecords', dayId)).toBeUndefined();

    const res = data(
      await record([
        // No text typed: the booking's topic is the matter; the village is the villager's.
        { bookingId: booked.bookingId, categoryCode: 'road' },
        { bookingId: walkInId, categoryCode: 'welfare', text: '低保申请流程不清楚，想知道要哪些材料' },
      ]),
    );
    expect(res.matters.map((m) => m.bookingId)).toEqual([booked.bookingId, walkInId]);
    [villagerCase, walkInCase] = res.matters.map((m) => m.opinionId);
    expect(doc('receptionRecords', dayId)).toMatchObject({
      matters: [
        { n: 1, bookingId: booked.bookingId, villageCode: 'jingu', text: TOPIC },
        { n: 2, bookingId: walkInId, villageCode: 'xinmin' },
      ],
    });
    // The villager's case is theirs; the walk-in has no account, the station follows it for them.
    expect(doc('opinions', villagerCase)).toMatchObject({
      villagerOpenid: VILLAGER,
      text: TOPIC,
      contact: { name: '王大姐', phone: '13712345678' },
      filedBy: { kind: 'reception', dayId, recordedBy: ADMIN },
      owner: { kind: 'deputies', deputyIds: ['d01'] },
    });
    expect(doc('opinions', walkInCase)).toMatchObject({
      contact: { name: '赵大爷', phone: '13900002222' },
      owner: { kind: 'deputies', deputyIds: ['d02'] },
    });
    expect(doc<{ villagerOpenid?: string }>('opinions', walkInCase).villagerOpenid).toBeUndefined();
  });

  it('the villager sees their case in 我的意见 and opens it; others cannot', async () => {
    const mine = data(await cloud.call<Summary[]>('opinion', { action: 'mine' }, VILLAGER));
    expect(mine).toEqual([
      expect.objectContaining({ id: villagerCase, excerpt: TOPIC, status: 'assigned', canRate: false }),
    ]);
    const view = data(
      await cloud.call<CaseView>('opinion', { action: 'get', opinionId: villagerCase }, VILLAGER),
    );
    expect(view).toMatchObject({ role: 'villager', text: TOPIC, contactPhoneMasked: '137****5678' });
    expect(view.timeline.map((e) => e.text)).toEqual(['联络站已代您登记意见', '已交联络站代表办理']);
    expectError(
      await cloud.call('opinion', { action: 'get', opinionId: villagerCase }, ABSENT),
      'NOT_YOUR_OPINION',
    );
    expectError(
      await cloud.call('opinion', { action: 'get', opinionId: walkInCase }, VILLAGER),
      'NOT_YOUR_OPINION',
    );
    expect(data(await cloud.call<Summary[]>('opinion', { action: 'mine' }, ABSENT))).toEqual([]);
  });

  it("the station admin's own list shows both cases the station filed", async () => {
    const mine = data(await cloud.call<Summary[]>('opinion', { action: 'mine' }, ADMIN));
    expect(mine.map((s) => s.id)).toEqual(expect.arrayContaining([villagerCase, walkInCase]));
    const view = data(await cloud.call<CaseView>('opinion', { action: 'get', opinionId: walkInCase }, ADMIN));
    expect(view).toMatchObject({ role: 'villager', contactPhoneMasked: '139****2222' });
  });

  it('the deputies answer and resolve; the villager is told by message at each step', async () => {
    const when = at(date, '16:00');
    for (const [deputy, id] of [
      [D01, villagerCase],
      [D02, walkInCase],
    ] as const) {
      const staffView = data(
        await cloud.call<{ role: string; contactPhoneMasked: string | null }>(
          'opinion',
          { action: 'get', opinionId: id },
          deputy,
          when,
        ),
      );
      expect(staffView.role).toBe('deputy');
      data(
        await cloud.call(
          'opinion',
          { action: 'accept', requestId: requestId(), opinionId: id },
          deputy,
          when,
        ),
      );
      data(
        await cloud.call(
          'opinion',
          { action: 'resolve', requestId: requestId(), opinionId: id, answer: '已安排村里本周内处理。' },
          deputy,
          when,
        ),
      );
    }
    const told = outboxTo(VILLAGER, villagerCase);
    expect(told.map((m) => m.template)).toEqual(['opinionProgress', 'opinionProgress']);
    expect(
      cloud.openapi.messages.filter(
        (m) => m.touser === VILLAGER && m.templateId === TEMPLATES.opinionProgress.id,
      ).length,
    ).toBeGreaterThanOrEqual(1);
    // Nobody can be told about the walk-in's case: no account.
    expect(
      [...cloud.store.entries('outbox').values()].filter(
        (e) =>
          (e.doc as { ref?: string }).ref === `opinion:${walkInCase}` &&
          (e.doc as { template?: string }).template === 'opinionProgress',
      ),
    ).toHaveLength(0);
    const view = data(
      await cloud.call<CaseView>('opinion', { action: 'get', opinionId: villagerCase }, VILLAGER),
    );
    expect(view).toMatchObject({ status: 'resolved', canRate: true });
    expect(view.timeline.map((e) => e.text)).toContain('代表已答复：已安排村里本周内处理。');
    const mine = data(await cloud.call<Summary[]>('opinion', { action: 'mine' }, VILLAGER));
    expect(mine[0]).toMatchObject({ id: villagerCase, canRate: true });
    // The station rates the walk-in's case (no account); the villager's own case is theirs to rate.
    const adminList = data(await cloud.call<Summary[]>('opinion', { action: 'mine' }, ADMIN));
    expect(adminList.find((s) => s.id === walkInCase)).toMatchObject({ canRate: true });
    expect(adminList.find((s) => s.id === villagerCase)).toMatchObject({ canRate: false });
  });

  it("ratings: the villager's own counts as satisfaction; the station's on a walk-in's behalf is marked and counted apart", async () => {
    const when = at(date, '17:00');
    const periods = data(
      await cloud.call<{ id: string; start: string; end: string; custom: boolean }[]>(
        'duty',
        { action: 'listPeriods' },
        PRESIDIUM,
        when,
      ),
    );
    const period = periods.find((p) => !p.custom && p.start <= date && date <= p.end)!;
    const draft = async () =>
      data(
        await cloud.call<NoticeView>(
          'duty',
          { action: 'draftNotice', stationCode: 'JG01', periodId: period.id },
          PRESIDIUM,
          when,
        ),
      );
    const stored = () =>
      doc<{ figures: { rows: { deputyId: string; figures: Record<string, number> }[] } }>(
        'disclosureNotices',
        `JG01:${period.id}:v1`,
      ).figures.rows;
    const before = await draft();

    const rated = data(
      await cloud.call<CaseView & { ratingLabel: string }>(
        'opinion',
        { action: 'rate', requestId: requestId(), opinionId: villagerCase, rating: 'satisfied' },
        VILLAGER,
        when,
      ),
    );
    expect(rated).toMatchObject({ status: 'closed', ratingLabel: '满意' });
    expect(rated.timeline.map((e) => e.text)).toContain('您的评价：满意，此件已办结');
    expect(doc('opinions', villagerCase)).toMatchObject({ ratings: [{ rating: 'satisfied' }] });
    expect(doc<{ ratings: object[] }>('opinions', villagerCase).ratings[0]).not.toHaveProperty('byStaff');

    const forWalkIn = data(
      await cloud.call<CaseView>(
        'opinion',
        { action: 'rate', requestId: requestId(), opinionId: walkInCase, rating: 'satisfied' },
        ADMIN,
        when,
      ),
    );
    expect(forWalkIn.timeline.map((e) => e.text)).toContain('联络站代为评价：满意，此件已办结');
    expect(doc('opinions', walkInCase)).toMatchObject({ ratings: [{ rating: 'satisfied', byStaff: true }] });
    // Staff see it too: the presidium's timeline says who rated.
    const presidiumView = data(
      await cloud.call<CaseView>('opinion', { action: 'get', opinionId: walkInCase }, PRESIDIUM, when),
    );
    expect(presidiumView.timeline.find((e) => e.label?.startsWith('评价'))).toMatchObject({
      label: '评价（联络站代为评价）',
      data: { rating: 'satisfied', byStaff: true },
    });

    const after = await draft();
    // d01: the villager's own 满意 counts; d02: the station's rating for the walk-in does not …
    expect(cell(after, 'd01', 'satisfied')).toBe(cell(before, 'd01', 'satisfied') + 1);
    expect(cell(after, 'd02', 'satisfied')).toBe(cell(before, 'd02', 'satisfied'));
    expect(cell(after, 'd02', 'opinionsResolved')).toBe(cell(before, 'd02', 'opinionsResolved'));
    // … it is counted apart in the notice's figures (not a column of the public table).
    expect(after.columns.map((c) => c.key)).not.toContain('ratedByStaff');
    const d02 = stored().find((r) => r.deputyId === 'd02')!.figures;
    const d01 = stored().find((r) => r.deputyId === 'd01')!.figures;
    expect(d02.ratedByStaff).toBe(1);
    expect(d01.ratedByStaff).toBe(0);
  });
});
