/**
 * The villager's booking path on real pages against a real local cloud: the station page's
 * 预约接待 → the booking page (subscriptions asked on the tap, one booking, check-in code shown) →
 * "my bookings" with the QR code; a full day answers in plain Chinese.
 */
import { addDays, chinaDate, weekday } from '../../core/calendar/china-time';
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

let cloud: LocalCloud;
const VILLAGER = 'villager-booking-page';
const today = chinaDate(new Date());
let nextFriday = addDays(today, 1);
while (weekday(nextFriday) !== 5) nextFriday = addDays(nextFriday, 1);

beforeAll(async () => {
  cloud = await startPageCloud();
  signInAs(cloud, VILLAGER); // the user accepts every subscription asked for
});
afterAll(() => cloud.stop());

describe('booking page', () => {
  it('books a day from the station page in one tap and shows the check-in code', async () => {
    const station = await openPage('pages/station/index', { code: 'JG01' });
    expect(station.text()).toContain('预约接待');
    await new Promise((r) => setTimeout(r, 300));
    expect(station.text()).not.toContain('接待日工作台');
    await station.call('bookDay', tap(`JG01:${nextFriday}`));
    expect(wxCalls).toContainEqual({
      api: 'navigateTo',
      args: { url: `/pages/booking/index?dayId=${encodeURIComponent(`JG01:${nextFriday}`)}&code=JG01` },
    });

    const page = await openPage('pages/booking/index', {
      dayId: encodeURIComponent(`JG01:${nextFriday}`),
      code: 'JG01',
    });
    expect(page.text()).toContain('14:30-17:00');
    expect(page.text()).toContain('金鼓村');
    await page.call('submit');
    expect(page.data.formError).toBe('请简要写下想反映的事情');

    await page.call('onTopic', typed('村道路灯坏了'));
    await page.call('pickVillage', tap('jingu'));
    await page.call('onName', typed('张三'));
    await page.call('onPhone', typed('13812345678'));
    await page.call('submit');

    const done = page.data.done as { checkInCode: string; bookingId: string };
    expect(done.checkInCode).toMatch(/^\d{6}$/);
    expect(page.text()).toContain('预约成功');
    expect(page.text()).toContain(done.checkInCode);
    expect(wxCalls).toContainEqual({
      api: 'requestSubscribeMessage',
      args: { tmplIds: [TEMPLATES.bookingReminder.id, TEMPLATES.bookingChanged.id] },
    });
    const stored = cloud.store.get('bookings', done.bookingId)?.doc as Record<string, unknown>;
    expect(stored).toMatchObject({
      openid: VILLAGER,
      topic: '村道路灯坏了',
      villageCode: 'jingu',
      status: 'booked',
    });
    expect(
      (cloud.store.get('receptionDays', `JG01:${nextFriday}`)?.doc as unknown as { booked: number }).booked,
    ).toBe(1);

    const mine = await openPage('pages/bookings/index');
    expect(mine.text()).toContain(done.checkInCode);
    expect(mine.text()).toContain('取消预约');
    const items = mine.data.items as { qrDataUrl: string }[];
    expect(items[0].qrDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('says in plain Chinese when the day is full', async () => {
    let date = addDays(today, 5);
    while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
    const id = `JG01:${date}`;
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id,
        doc: {
          _id: id,
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '11:00',
          deputyIds: ['d01'],
          capacity: 1,
          booked: 1,
          status: 'scheduled',
        },
      },
    ]);
    const page = await openPage('pages/booking/index', { dayId: id, code: 'JG01' });
    await page.call('onTopic', typed('宅基地纠纷'));
    await page.call('pickVillage', tap('xinmin'));
    await page.call('submit');
    expect(page.data.done).toBeNull();
    expect(page.data.formError).toBe('这一天的名额已经约满了，请选择其他日期');
    expect(page.text()).toContain('这一天的名额已经约满了，请选择其他日期');
  });
});
