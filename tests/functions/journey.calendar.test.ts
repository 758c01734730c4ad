/**
 * Journey (issue 12 §6): one calendar, true everywhere at once. Every function is warm (it has read
 * the calendar); county staff declare a holiday in the `admin` function (one calendar for every
 * township). On its next call the
 * `opinion` function computes deadlines with it (no instance keeps a stale calendar), and the JG01
 * reception day already made on that date moves by the station's policy (next working day): the
 * villagers see it on its new date with why it moved, and the villager booked on it is told.
 */
import { addDays, chinaDate, weekday, type Ymd } from '../../core/calendar/china-time';
import { chineseCalendar, type HolidayOverride } from '../../core/calendar/chinese-calendar';
import { messageDate } from '../../core/booking/reception.rules';
import { demoCloud, submitOpinion, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

/** County staff (县人大常委会) set the calendar every township shares. */
const COUNTY = 'demo-county';
const VILLAGER = 'v-journey-calendar';
const HOLIDAY = '临时假日';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as Record<string, unknown>);
const calendarWith = (extra: HolidayOverride[]) =>
  chineseCalendar([...(docs('holidays') as unknown as HolidayOverride[]), ...extra]);

interface DayCard {
  id: string;
  date: string;
  movedFrom?: string;
  moveReason?: string | null;
}

describe('a holiday declared in one function holds in every function at once', () => {
  const today = chinaDate(new Date());
  let friday: Ymd = '';
  let thursday: Ymd = '';
  let dayId = '';
  let bookingId = '';
  let before = { acceptBy: '' };

  it('a villager books the JG01 Friday; a case filed on the Thursday gets its deadline', async () => {
    const cal = calendarWith([]);
    // A Friday the schedule made, a working day after a working Thursday, shown to villagers.
    for (let d = addDays(today, 7); d <= addDays(today, 28); d = addDays(d, 1)) {
      if (weekday(d) !== 5 || !cal.isWorkingDay(d) || !cal.isWorkingDay(addDays(d, -1))) continue;
      if (!cloud.store.get('receptionDays', `JG01:${d}`)) continue;
      friday = d;
      break;
    }
    expect(friday).not.toBe('');
    thursday = addDays(friday, -1);
    dayId = `JG01:${friday}`;

    const days = data(
      await cloud.call<DayCard[]>('booking', { action: 'listDays', stationCode: 'JG01' }, VILLAGER),
    );
    expect(days.find((d) => d.id === dayId)).toMatchObject({ date: friday });
    bookingId = data(
      await cloud.call<{ bookingId: string }>(
        'booking',
        { action: 'book', requestId: 'cal-rq-1', dayId, topic: '路灯不亮', villageCode: 'jingu' },
        VILLAGER,
      ),
    ).bookingId;

    before = data(
      await submitOpinion<{ acceptBy: string }>(
        cloud,
        'v-journey-calendar-a',
        { requestId: 'cal-rq-2', text: '村口的路灯坏了很久' },
        at(thursday, '10:00'),
      ),
    );
    expect(before.acceptBy).toBeTruthy();
  });

  it('county staff declare the Friday a holiday: the day moves by the station policy', async () => {
    // A villager waiting for a place on that day (the waiting list's own tests fill a day to get here).
    const WAITING = 'v-journey-calendar-waiting';
    cloud.store.commit([
      {
        collection: 'waitlist',
        id: `${dayId}:${WAITING}`,
        doc: {
          _id: `${dayId}:${WAITING}`,
          dayId,
          slotId: 'a',
          stationCode: 'JG01',
          openid: WAITING,
          status: 'waiting',
          joinedAt: new Date(),
          topic: '路灯不亮',
          villageCode: 'jingu',
        },
      },
    ]);
    const res = data(
      await cloud.call<{ saved: number; daysMoved: number }>(
        'admin',
        { action: 'upsertHolidays', days: [{ date: friday, kind: 'holiday', name: HOLIDAY }] },
        COUNTY,
      ),
    );
    expect(res).toEqual({ saved: 1, daysMoved: 1 });

    // Next working day after the Friday that holds no other JG01 day (JG01's schedule: Fridays only).
    const cal = calendarWith([{ date: friday, kind: 'holiday', name: HOLIDAY }]);
    const held = new Set(
      docs('receptionDays')
        .filter((d) => d.stationCode === 'JG01' && d._id !== dayId)
        .map((d) => d.date as string),
    );
    let expected = addDays(friday, 1);
    while (!cal.isWorkingDay(expected) || held.has(expected) || weekday(expected) === 5)
      expected = addDays(expected, 1);

    const days = data(
      await cloud.call<DayCard[]>('booking', { action: 'listDays', stationCode: 'JG01' }, VILLAGER),
    );
    expect(days.find((d) => d.id === dayId)).toMatchObject({
      date: expected,
      movedFrom: friday,
      moveReason: `因${HOLIDAY}假期顺延`,
    });
    expect(days.some((d) => d.date === friday)).toBe(false);

    const mine = data(
      await cloud.call<{ bookingId: string; date: string; status: string }[]>(
        'booking',
        { action: 'mine' },
        VILLAGER,
      ),
    );
    expect(mine.find((b) => b.bookingId === bookingId)).toMatchObject({ date: expected, status: 'booked' });

    const told = docs('outbox').filter((m) => m.openid === VILLAGER && m.template === 'bookingChanged');
    expect(told).toHaveLength(1);
    // …and so is the villager waiting for a place that day.
    const toldWaiting = docs('outbox').filter((m) => m.openid === WAITING && m.template === 'bookingChanged');
    expect(toldWaiting).toHaveLength(1);
    expect(toldWaiting[0]).toMatchObject({ data: { date2: { value: messageDate(expected) } } });
    expect(told[0]).toMatchObject({
      ref: `receptionDay:${dayId}`,
      data: { date2: { value: messageDate(expected) }, phrase3: { value: '改期' } },
    });

    // Declaring it again moves nothing twice and tells nobody twice.
    expect(
      data(
        await cloud.call(
          'admin',
          { action: 'upsertHolidays', days: [{ date: friday, kind: 'holiday', name: HOLIDAY }] },
          COUNTY,
        ),
      ),
    ).toEqual({ saved: 1, daysMoved: 0 });
    await cloud.invoke('scheduler', { action: 'runDue' }, {});
    expect(
      docs('outbox').filter((m) => m.openid === VILLAGER && m.template === 'bookingChanged'),
    ).toHaveLength(1);
  });

  it('the opinion function, warm since before, counts the new holiday on its next call', async () => {
    const after = data(
      await submitOpinion<{ acceptBy: string }>(
        cloud,
        'v-journey-calendar-b',
        { requestId: 'cal-rq-3', text: '村口的路灯坏了很久' },
        at(thursday, '10:00'),
      ),
    );
    // The same case filed at the same moment: one more working day to accept it (the Friday is off).
    expect(new Date(after.acceptBy).getTime()).toBeGreaterThan(new Date(before.acceptBy).getTime());
  });
});
