/**
 * Journey (issue 12 §10, booking): a day split into several times asks the villager to choose one
 * (BAD_INPUT on `slotId` with a Chinese message; nothing is picked for them); a day stored without
 * slots and a one-window schedule's day both book slot `a` (an old client's `all` still books the
 * whole window); and a day made less than 3 days ahead, which villagers never see, says so on the
 * staff desk.
 */
import { addDays, chinaDate, weekday } from '../../core/calendar/china-time';
import { chineseCalendar, type HolidayOverride } from '../../core/calendar/chinese-calendar';
import { demoCloud, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

const ADMIN = 'demo-station-admin'; // JG01
const PRESIDIUM = 'demo-presidium';
let rid = 0;
const requestId = () => `slots-rq-${++rid}`;
const today = chinaDate(new Date());
const book = (openid: string, dayId: string, extra: object = {}) =>
  cloud.call<{ slotId: string; time: string }>(
    'booking',
    { action: 'book', requestId: requestId(), dayId, topic: '咨询', villageCode: 'jingu', ...extra },
    openid,
  );
const freeDate = (station: string, from: string) => {
  let d = from;
  while (cloud.store.get('receptionDays', `${station}:${d}`)) d = addDays(d, 1);
  return d;
};

describe('booking a slot', () => {
  it('a day split into a morning and an afternoon asks the villager to choose', async () => {
    const date = freeDate('JG01', addDays(today, 6));
    const { dayId } = data(
      await cloud.call<{ dayId: string }>(
        'booking',
        {
          action: 'addDay',
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '17:00',
          slots: [
            { id: 'am', start: '09:00', end: '11:30', capacity: 5 },
            { id: 'pm', start: '14:00', end: '17:00', capacity: 5 },
          ],
          deputyIds: ['d01'],
        },
        ADMIN,
      ),
    );
    const res = await book('v-slots-1', dayId);
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        details: [{ path: 'slotId', message: '这一天分几个时间段，请先选择一个时间段' }],
      },
    });
    expect(cloud.store.get('receptionDays', dayId)?.doc).toMatchObject({ booked: 0 });
    expect(data(await book('v-slots-1', dayId, { slotId: 'pm' }))).toMatchObject({
      slotId: 'pm',
      time: '14:00-17:00',
    });
  });

  it('a day stored without slots and a schedule-made day book the same slot id', async () => {
    const scheduled = [...cloud.store.entries('receptionDays').values()]
      .map((e) => e.doc as { _id: string; stationCode: string; date: string; key?: string })
      .filter((d) => d.stationCode === 'JG01' && d.key && d.date > addDays(today, 3))
      .sort((a, b) => a.date.localeCompare(b.date))[0];
    expect(data(await book('v-slots-2', scheduled._id))).toMatchObject({ slotId: 'a' });

    const date = freeDate('JG01', addDays(today, 8));
    const bare = `JG01:${date}`;
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id: bare,
        doc: {
          _id: bare,
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '11:00',
          deputyIds: ['d01'],
          capacity: 10,
          booked: 0,
          status: 'scheduled',
        },
      },
    ]);
    expect(data(await book('v-slots-2', bare))).toMatchObject({ slotId: 'a', time: '09:00-11:00' });
    // An old client that still sends 'all' books the same whole window.
    expect(data(await book('v-slots-3', bare, { slotId: 'all' }))).toMatchObject({ slotId: 'a' });
    expect(cloud.store.get('receptionDays', bare)?.doc).toMatchObject({ booked: 2 });
  });
});

describe('a day made less than 3 days ahead', () => {
  it('is on the desk with a notice, and not on the station page', async () => {
    const overrides = [...cloud.store.entries('holidays').values()].map(
      (e) => e.doc as unknown as HolidayOverride,
    );
    const cal = chineseCalendar(overrides);
    // The first working weekday from tomorrow to two days ahead without a JG02 day yet.
    let soon = '';
    for (const k of [1, 2]) {
      const d = addDays(today, k);
      if (
        weekday(d) >= 1 &&
        weekday(d) <= 5 &&
        cal.isWorkingDay(d) &&
        !cloud.store.get('receptionDays', `JG02:${d}`)
      ) {
        soon = d;
        break;
      }
    }
    if (!soon) {
      // A weekend or a long holiday ahead: the day as the scheduler would store it today.
      soon = freeDate('JG02', addDays(today, 1));
      const seeded = cloud.store.get('schedules', 'JG02')!.doc as unknown as { slots: { id: string }[] };
      cloud.store.commit([
        {
          collection: 'receptionDays',
          id: `JG02:${soon}`,
          doc: {
            _id: `JG02:${soon}`,
            key: `JG02:${soon}`,
            stationCode: 'JG02',
            date: soon,
            start: '09:00',
            end: '11:30',
            deputyIds: [],
            slots: seeded.slots.map((s) => ({ ...s, booked: 0 })),
            capacity: 'unlimited',
            booked: 0,
            status: 'scheduled',
            announcedOn: today,
          },
        },
      ]);
    } else {
      const rule = cloud.store.get('schedules', 'JG02')!.doc as Record<string, unknown>;
      expect(
        await cloud.call(
          'booking',
          {
            action: 'setSchedule',
            stationCode: 'JG02',
            recurrence: { every: 'week', weekday: weekday(soon) },
            start: rule.start,
            end: rule.end,
            slots: rule.slots,
            rota: rule.rota,
            holidayPolicy: rule.holidayPolicy,
            startsOn: today,
          },
          PRESIDIUM,
        ),
      ).toMatchObject({ ok: true });
    }
    const desk = data(
      await cloud.call<
        {
          dayId: string;
          date: string;
          status: string;
          shownToVillagers: boolean;
          visibilityNotice: string | null;
        }[]
      >('booking', { action: 'stationDays', stationCode: 'JG02' }, PRESIDIUM),
    );
    expect(desk.find((d) => d.dayId === `JG02:${soon}`)).toMatchObject({
      status: 'scheduled',
      shownToVillagers: false,
      visibilityNotice: '公告不足3天，群众在小程序里看不到这一天，也不能预约；请另行通知群众',
    });
    // A day announced in time is shown and says nothing.
    const inTime = desk.find((d) => d.date > addDays(today, 3) && d.date <= addDays(today, 30));
    expect(inTime).toMatchObject({ shownToVillagers: true, visibilityNotice: null });

    const page = data(
      await cloud.call<{ id: string }[]>('booking', { action: 'listDays', stationCode: 'JG02' }, 'v-slots-4'),
    );
    expect(page.map((d) => d.id)).not.toContain(`JG02:${soon}`);
    expect(page.map((d) => d.id)).toContain(inTime!.dayId);
  });
});
