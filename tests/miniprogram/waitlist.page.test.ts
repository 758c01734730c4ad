/**
 * The waiting list (排队候补) and the reminder timing on real pages against a real local cloud: a full
 * day's card on the station page offers 排队候补; the booking page's button becomes 排队候补, asks for
 * the messages first in the tap, joins and shows the place in the list; 我的预约 shows 排队候补第1位
 * with 退出排队, and 候补成功 once someone cancels. The presidium sets 提前两小时 on the schedule page;
 * a station admin does not see the setting.
 */
import { storedIdIn } from '../../local/township-writes';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { connectWx, openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(60_000);

let cloud: LocalCloud;
const WAITER = 'villager-waitlist-page';
const today = chinaDate(new Date());
let dayId = '';

beforeAll(async () => {
  cloud = await startPageCloud();
  let date = addDays(today, 5);
  while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
  dayId = `JG01:${date}`;
  const res = (await cloud.invoke(
    'booking',
    {
      action: 'addDay',
      stationCode: 'JG01',
      date,
      start: '09:00',
      end: '11:00',
      slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 1 }],
      deputyIds: ['d01'],
    },
    { openid: 'demo-station-admin' },
  )) as { ok: boolean };
  expect(res.ok).toBe(true);
});
afterAll(() => cloud.stop());

const invoke = (event: object, openid: string) =>
  cloud.invoke('booking', event, { openid }) as Promise<{ ok: boolean; data: Record<string, unknown> }>;

describe('排队候补 on the villager pages', () => {
  let holderBooking = '';
  it('a full day offers 排队候补; the tap asks for the messages, joins and shows the place', async () => {
    const held = await invoke(
      { action: 'book', requestId: 'page-wait-holder-1', dayId, topic: '咨询', villageCode: 'jingu' },
      'villager-holder',
    );
    holderBooking = String(held.data.bookingId);
    signInAs(cloud, WAITER);
    const station = await openPage('pages/station/index', { code: 'JG01' });
    await new Promise((r) => setTimeout(r, 300));
    expect(station.text()).toContain('已约满，排队候补');

    const page = await openPage('pages/booking/index', { dayId: encodeURIComponent(dayId), code: 'JG01' });
    expect(page.data.full).toBe(true);
    expect(page.text()).toContain('排队候补');
    expect(page.text()).not.toMatch(/(^|\s)预约(\s|$)/);
    await page.call('onTopic', typed('低保申请'));
    await page.call('pickVillage', tap('jingu'));
    wxCalls.length = 0;
    await page.call('joinWaitlist');
    // The subscription is the first thing the tap does.
    expect(wxCalls[0]).toEqual({
      api: 'requestSubscribeMessage',
      args: { tmplIds: [TEMPLATES.bookingChanged.id, TEMPLATES.bookingReminder.id] },
    });
    expect(page.data.waiting).toMatchObject({ status: 'waiting', position: 1 });
    expect(page.text()).toContain('已排队候补');
    expect(page.text()).toContain('排队候补第1位');
    expect(cloud.store.get('waitlist', `${dayId}:${WAITER}`)?.doc).toMatchObject({
      status: 'waiting',
      topic: '低保申请',
    });
  });

  it('我的预约 shows the place with 退出排队, then 候补成功 and the code once someone cancels', async () => {
    const mine = await openPage('pages/bookings/index');
    expect(mine.text()).toContain('排队候补第1位');
    expect(mine.text()).toContain('退出排队');

    const cancelled = await invoke({ action: 'cancel', bookingId: holderBooking }, 'villager-holder');
    expect(cancelled.ok).toBe(true);
    const after = await openPage('pages/bookings/index');
    expect(after.text()).toContain('候补成功');
    expect(after.text()).toContain('已候补成功，请按时到场');
    const items = after.data.items as { dayId: string; status: string; checkInCode: string }[];
    const booking = items.find((b) => b.dayId === dayId)!;
    expect(booking.status).toBe('booked');
    expect(after.text()).toContain(booking.checkInCode);
    expect(after.text()).not.toContain('退出排队');
  });

  it('退出排队 asks first and takes the villager out of the list', async () => {
    // A second full day to leave.
    const other = `JG01:${addDays(dayId.slice(5), 1)}`;
    if (!cloud.store.get('receptionDays', other)) {
      await invoke(
        {
          action: 'addDay',
          stationCode: 'JG01',
          date: other.slice(5),
          start: '09:00',
          end: '11:00',
          slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 1 }],
          deputyIds: ['d01'],
        },
        'demo-station-admin',
      );
    }
    const day = cloud.store.get('receptionDays', other)?.doc as unknown as {
      booked: number;
      capacity: number | string;
    };
    for (let i = 0; typeof day.capacity === 'number' && i < day.capacity - day.booked; i++) {
      await invoke(
        {
          action: 'book',
          requestId: `page-wait-fill-${i}-x`,
          dayId: other,
          topic: '咨询',
          villageCode: 'jingu',
        },
        `villager-fill-${i}`,
      );
    }
    const joined = await invoke(
      {
        action: 'joinWaitlist',
        requestId: 'page-wait-join-2',
        dayId: other,
        topic: '咨询',
        villageCode: 'jingu',
      },
      WAITER,
    );
    expect(joined.ok).toBe(true);
    const mine = await openPage('pages/bookings/index');
    await mine.call('leaveWaitlist', tap(other));
    expect(cloud.store.get('waitlist', `${other}:${WAITER}`)?.doc).toMatchObject({ status: 'cancelled' });
    expect((mine.data.waits as { dayId: string }[]).some((w) => w.dayId === other)).toBe(false);
  });
});

describe('reminder timing on the schedule page', () => {
  it('the presidium picks 提前两小时 and it is saved; a station admin does not see it', async () => {
    connectWx(cloud.url, 'demo-presidium');
    const page = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG01' });
    expect(page.text()).toContain('预约提醒什么时候发');
    expect(page.text()).toContain('提前一天');
    await page.call('pickReminder', { currentTarget: { dataset: { value: 'twoHoursBefore' } } });
    expect(page.data.reminder).toMatchObject({ reminderLead: 'twoHoursBefore' });
    expect(
      cloud.store.get('settings', storedIdIn('jingu', 'settings', 'bookingSettings'))?.doc,
    ).toMatchObject({
      reminderLead: 'twoHoursBefore',
    });

    connectWx(cloud.url, 'demo-station-admin');
    const admin = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG01' });
    expect(admin.data.reminder).toBeNull();
    expect(admin.text()).not.toContain('预约提醒什么时候发');
  });
});
