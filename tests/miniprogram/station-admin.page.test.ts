/**
 * The station desk on a reception day (subpackage station-admin), against a real local cloud: the
 * roster with full phones for the station admin, check-in by typed code and by scanned QR, a walk-in.
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { connectWx, openPage, wxCalls, requestsSettled } from './support/page-harness';

let cloud: LocalCloud;
const today = chinaDate(new Date());
const DAY = `JG01:${today}`;
let scanResult = '';

function booking(id: string, code: string, name: string, phone: string) {
  return [
    {
      collection: 'bookings',
      id,
      doc: {
        _id: id,
        dayId: DAY,
        slotId: 'all',
        stationCode: 'JG01',
        openid: `v-${id}`,
        status: 'booked',
        checkInCode: code,
        source: 'booking',
        topic: `事由${name}`,
        villageCode: 'jingu',
        name,
        phone,
        bookedAt: new Date(),
      },
    },
    {
      collection: 'checkInCodes',
      id: `${DAY}:${code}`,
      doc: { _id: `${DAY}:${code}`, dayId: DAY, code, bookingId: id },
    },
  ];
}

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
  cloud.store.commit([
    {
      collection: 'receptionDays',
      id: DAY,
      doc: {
        _id: DAY,
        stationCode: 'JG01',
        date: today,
        start: '00:00',
        end: '23:59',
        deputyIds: ['d01', 'd02'],
        capacity: 10,
        booked: 2,
        status: 'scheduled',
      },
    },
    ...booking('bk1', 'K7X2MN', '张三', '13812345678'),
    ...booking('bk2', 'P3Q4R5', '李四', '13900001111'),
  ]);
  connectWx(cloud.url, 'demo-station-admin');
  (wx as unknown as Record<string, unknown>).showModal = (o: {
    success: (r: { confirm: boolean }) => void;
  }) => o.success({ confirm: true });
  (wx as unknown as Record<string, unknown>).scanCode = (o: { success: (r: { result: string }) => void }) => {
    wxCalls.push({ api: 'scanCode', args: {} });
    o.success({ result: scanResult });
  };
});
afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20)))
    if (check()) return true;
  return check();
}

describe('station page, seen by its station admin', () => {
  it('shows the way in to the reception desk', async () => {
    const page = await openPage('pages/station/index', { code: 'JG01' });
    expect(await eventually(() => page.text().includes('接待日工作台'))).toBe(true);
  });
});

describe('station-admin day page', () => {
  it('shows the roster with full phones and checks villagers in by code and by QR', async () => {
    const days = await openPage('subpackages/station-admin/pages/days/index');
    expect(days.text()).toContain('今天');

    // A one-off day: date, places, a deputy, one tap.
    let date = addDays(today, 20);
    while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, 1);
    await days.call('addDay');
    expect(days.data.message).toBe('请选择日期');
    await days.call('onDate', { detail: { value: date } });
    await days.call('onPlaces', { detail: { value: '8' } });
    await days.call('toggleDeputy', { currentTarget: { dataset: { id: 'd03' } } });
    await days.call('addDay');
    expect(cloud.store.get('receptionDays', `JG01:${date}`)?.doc).toMatchObject({
      capacity: 8,
      deputyIds: ['d03'],
      start: '09:00',
      end: '11:30',
    });
    expect(days.text()).toContain('已约0/8人');

    const page = await openPage('subpackages/station-admin/pages/day/index', {
      dayId: encodeURIComponent(DAY),
      code: 'JG01',
    });
    expect(page.text()).toContain('张三');
    expect(page.text()).toContain('13812345678');
    expect(page.text()).toContain('未签到');

    await page.call('onCode', { detail: { value: 'k7x 2mn' } });
    await page.call('checkInTyped');
    expect(page.data.lastCheckIn).toBe('张三已签到：事由张三');
    expect((cloud.store.get('bookings', 'bk1')?.doc as unknown as { status: string }).status).toBe(
      'checkedIn',
    );

    await page.call('onCode', { detail: { value: 'K7X2MN' } });
    await page.call('checkInTyped');
    expect(page.text()).toContain('这条预约已经签到过了');

    scanResult = 'LLZ-CHECKIN:bk2:P3Q4R5';
    await page.call('scan');
    expect((cloud.store.get('bookings', 'bk2')?.doc as unknown as { status: string }).status).toBe(
      'checkedIn',
    );

    scanResult = 'https://example.com/not-ours';
    await page.call('scan');
    expect(page.data.message).toBe('这个二维码不是签到码，请让群众打开我的预约里的签到码');

    await page.call('onWalkInName', { detail: { value: '赵大爷' } });
    await page.call('onWalkInTopic', { detail: { value: '低保咨询' } });
    await page.call('onWalkInPhone', { detail: { value: '13700009999' } });
    await page.call('pickWalkInVillage', { currentTarget: { dataset: { id: 'xinmin' } } });
    await page.call('addWalkIn');
    expect(page.text()).toContain('赵大爷');
    expect(page.text()).toContain('现场登记');
    const walkIn = [...cloud.store.entries('bookings').values()]
      .map((e) => e.doc as unknown as { source?: string; name?: string; phone?: string })
      .find((b) => b.source === 'walkIn' && b.name === '赵大爷');
    expect(walkIn?.phone).toBe('13700009999');

    // The admin changes who is on duty.
    await page.call('toggleDeputy', { currentTarget: { dataset: { id: 'd03' } } });
    await page.call('saveDuty');
    const onDuty = (cloud.store.get('receptionDays', DAY)?.doc as unknown as { deputyIds: string[] })
      .deputyIds;
    expect([...onDuty].sort()).toEqual(['d01', 'd02', 'd03']);

    // The admin may cancel a day, but not one already under way: the function says so in Chinese.
    expect(page.text()).toContain('取消这一天');
    await page.call('onCancelReason', { detail: { value: '代表外出' } });
    await page.call('cancelDay');
    expect(page.data.message).toBe('这一天的接待已经开始，不能再更改');
  });
});

describe('station-admin record page', () => {
  it('records each matter under the attendee who raised it, the topic standing in for untyped text', async () => {
    let date = addDays(today, -2);
    while (cloud.store.get('receptionDays', `JG01:${date}`)) date = addDays(date, -1);
    const dayId = `JG01:${date}`;
    const attendee = (id: string, openid: string, name: string, topic: string, walkIn: boolean) => ({
      collection: 'bookings',
      id,
      doc: {
        _id: id,
        dayId,
        slotId: walkIn ? '' : 'all',
        stationCode: 'JG01',
        openid,
        status: 'checkedIn',
        checkInCode: walkIn ? '' : '123456',
        source: walkIn ? 'walkIn' : 'booking',
        topic,
        villageCode: walkIn ? 'xinmin' : 'jingu',
        name,
        bookedAt: new Date(),
        checkedInAt: new Date(),
      },
    });
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id: dayId,
        doc: {
          _id: dayId,
          stationCode: 'JG01',
          date,
          start: '09:00',
          end: '11:00',
          deputyIds: ['d01', 'd02'],
          capacity: 10,
          booked: 1,
          walkIns: 1,
          status: 'done',
        },
      },
      attendee('rec1', 'v-rec1', '孙大姐', '村口路灯坏了', false),
      attendee('rec2', `walk-in:rec2`, '钱大爷', '低保咨询', true),
    ]);
    const page = await openPage('subpackages/station-admin/pages/record/index', {
      dayId: encodeURIComponent(dayId),
    });
    expect(page.text()).toContain('是哪位群众反映的');
    expect(page.text()).toContain('钱大爷（现场）');

    // Who raised it comes first: a matter without an attendee is not added.
    await page.call('pickCategory', { currentTarget: { dataset: { id: 'road' } } });
    await page.call('addMatter');
    expect(page.data.message).toBe('请选择是哪位群众反映的');

    await page.call('pickAttendee', { currentTarget: { dataset: { id: 'rec1' } } });
    expect(page.data.draft).toMatchObject({ bookingId: 'rec1', villageCode: 'jingu' });
    await page.call('addMatter');
    await page.call('pickAttendee', { currentTarget: { dataset: { id: 'rec2' } } });
    await page.call('pickCategory', { currentTarget: { dataset: { id: 'welfare' } } });
    await page.call('onText', { detail: { value: '低保申请要哪些材料' } });
    await page.call('addMatter');
    expect(page.text()).toContain('孙大姐反映：');
    expect(page.text()).toContain('村口路灯坏了');
    expect(page.text()).toContain('钱大爷（现场登记）反映：');

    await page.call('submit');
    expect(page.data.saved).toBe(true);
    const record = cloud.store.get('receptionRecords', dayId)?.doc as unknown as {
      matters: { bookingId: string; text: string; opinionId: string }[];
    };
    expect(record.matters.map((m) => [m.bookingId, m.text])).toEqual([
      ['rec1', '村口路灯坏了'],
      ['rec2', '低保申请要哪些材料'],
    ]);
    const opinion = (id: string) =>
      cloud.store.get('opinions', id)?.doc as unknown as { villagerOpenid?: string; text: string };
    expect(opinion(record.matters[0].opinionId)).toMatchObject({ villagerOpenid: 'v-rec1' });
    expect(opinion(record.matters[1].opinionId).villagerOpenid).toBeUndefined();
  });
});
