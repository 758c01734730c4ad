/**
 * 接待安排 (subpackage station-admin, pages/schedule) against a real local cloud: the station admin
 * loads JG01's recurring schedule in plain words, changes a slot's places, saves, and booking.getSchedule
 * answers the change; the server's Chinese messages are shown; the presidium edits any station, the
 * station admin only their own.
 */
import { BOOKING_ERRORS } from '../../core/booking/booking.errors';
import { ERROR_MESSAGES } from '../../core/errors/error.codes';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { connectWx, openPage, wxCalls, requestsSettled } from './support/page-harness';

let cloud: LocalCloud;

interface Schedule {
  description: string;
  slots: { id: string; capacity: number | 'unlimited' }[];
  recurrence: { every: string; week?: number | string; weekday: number };
  rota: { deputyIds: string[]; perDay: number };
  holidayPolicy: string;
}

async function scheduleOf(code: string): Promise<Schedule> {
  const res = (await cloud.invoke(
    'booking',
    { action: 'getSchedule', stationCode: code },
    {
      openid: 'demo-presidium',
    },
  )) as { ok: boolean; data: Schedule };
  expect(res.ok).toBe(true);
  return res.data;
}

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
});
afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

describe('schedule page (接待安排)', () => {
  it('the station admin sees JG01’s rule in plain words, changes the places and saves', async () => {
    connectWx(cloud.url, 'demo-station-admin');
    const page = await openPage('subpackages/station-admin/pages/schedule/index');
    expect(page.data.code).toBe('JG01');
    expect(page.text()).toContain('现在的接待安排');
    expect(page.text()).toContain('每周五 14:30-17:00');
    expect(page.text()).toContain('顺延到下一个工作日');
    // A weekly rule cannot be put off a week: the option is offered only for monthly rules.
    expect(page.text()).not.toContain('推迟一周');

    await page.call('onSlotPlaces', { currentTarget: { dataset: { index: 0 } }, detail: { value: '12' } });
    await page.call('save');
    expect(page.data.message).toBe('');
    expect(wxCalls.some((c) => c.api === 'showToast')).toBe(true);
    const saved = await scheduleOf('JG01');
    expect(saved.slots).toEqual([expect.objectContaining({ id: 'a', capacity: 12 })]);
    expect(saved.rota).toEqual({ deputyIds: ['d01', 'd02', 'd03'], perDay: 2 });

    // 不限: the explicit unlimited value, never 0.
    await page.call('toggleSlotUnlimited', { currentTarget: { dataset: { index: 0 } } });
    await page.call('save');
    expect((await scheduleOf('JG01')).slots[0].capacity).toBe('unlimited');
  });

  it('switches to a monthly rule with 推迟一周 and shows the new words', async () => {
    connectWx(cloud.url, 'demo-station-admin');
    const page = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG01' });
    await page.call('pickEvery', { currentTarget: { dataset: { value: 'month' } } });
    expect(page.text()).toContain('推迟一周');
    await page.call('pickWeek', { currentTarget: { dataset: { value: 'last' } } });
    await page.call('pickWeekday', { currentTarget: { dataset: { value: 3 } } });
    await page.call('pickPolicy', { currentTarget: { dataset: { value: 'oneWeekLater' } } });
    await page.call('save');
    expect(page.data.message).toBe('');
    expect(page.text()).toContain('每月最后一个周三 14:30-17:00');
    const saved = await scheduleOf('JG01');
    expect(saved.recurrence).toEqual({ every: 'month', week: 'last', weekday: 3 });
    expect(saved.holidayPolicy).toBe('oneWeekLater');
  });

  it('shows JG03’s 每月15日 rule, and sets a day of the month (29–31: the month’s last day)', async () => {
    connectWx(cloud.url, 'demo-presidium');
    const page = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG03' });
    expect(page.text()).toContain('每月15日 09:00-17:00');
    expect(page.data.form).toMatchObject({ every: 'monthDay', monthDay: '15' });
    // The 15th put off a week may be a weekend again: only 顺延 is offered.
    expect(page.text()).not.toContain('推迟一周');

    await page.call('onMonthDay', { detail: { value: '0' } });
    await page.call('save');
    expect(page.data.message).toBe('请填写每月几日（1到31）');
    expect((await scheduleOf('JG03')).recurrence).toEqual({ every: 'monthDay', day: 15 });

    await page.call('onMonthDay', { detail: { value: '31' } });
    await page.call('save');
    expect(page.data.message).toBe('');
    expect(page.text()).toContain('每月31日（无31日的月份为月末） 09:00-17:00');
    expect((await scheduleOf('JG03')).recurrence).toEqual({ every: 'monthDay', day: 31 });

    // And the station admin, from JG01's weekly rule: 每月几日, then the day.
    connectWx(cloud.url, 'demo-station-admin');
    const jg01 = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG01' });
    await jg01.call('pickEvery', { currentTarget: { dataset: { value: 'monthDay' } } });
    await jg01.call('onMonthDay', { detail: { value: '10' } });
    await jg01.call('save');
    expect(jg01.data.message).toBe('');
    expect((await scheduleOf('JG01')).recurrence).toEqual({ every: 'monthDay', day: 10 });
    expect((await scheduleOf('JG01')).holidayPolicy).toBe('nextWorkingDay');
  });

  it('shows the server’s Chinese message when the rule cannot be saved, and checks places first', async () => {
    connectWx(cloud.url, 'demo-station-admin');
    const page = await openPage('subpackages/station-admin/pages/schedule/index');
    const before = await scheduleOf('JG01');
    await page.call('addSlot');
    await page.call('save');
    expect(page.data.message).toMatch(/名额/);
    // Two on duty each time, but only one deputy on the rota: the server refuses it.
    await page.call('onSlotPlaces', { currentTarget: { dataset: { index: 1 } }, detail: { value: '5' } });
    await page.call('removeSlot', { currentTarget: { dataset: { index: 1 } } });
    await page.call('toggleDeputy', { currentTarget: { dataset: { id: 'd02' } } });
    await page.call('toggleDeputy', { currentTarget: { dataset: { id: 'd03' } } });
    await page.call('save');
    expect(page.data.message).toBe(BOOKING_ERRORS.SCHEDULE_INVALID);
    expect(page.text()).toContain(String(page.data.message));
    expect(await scheduleOf('JG01')).toEqual(before);
  });

  it('the presidium edits any station; a station admin only their own', async () => {
    connectWx(cloud.url, 'demo-presidium');
    const page = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG02' });
    expect(page.text()).toContain('每周二 09:00-11:30');
    expect(page.data.form).toMatchObject({ slots: [expect.objectContaining({ unlimited: true })] });
    await page.call('onEnd', { detail: { value: '12:00' } });
    await page.call('onSlotEnd', { currentTarget: { dataset: { index: 0 } }, detail: { value: '12:00' } });
    await page.call('save');
    expect(page.data.message).toBe('');
    expect((await scheduleOf('JG02')).description).toBe('每周二 09:00-12:00');

    connectWx(cloud.url, 'demo-station-admin');
    const other = await openPage('subpackages/station-admin/pages/schedule/index', { code: 'JG02' });
    expect(other.data.errorMessage).toBe(ERROR_MESSAGES.NOT_YOUR_STATION);
    expect(other.text()).toContain(String(other.data.errorMessage));
  });

  it('is linked from the station desk (接待日工作台) and from the presidium’s station page', async () => {
    connectWx(cloud.url, 'demo-station-admin');
    const days = await openPage('subpackages/station-admin/pages/days/index');
    expect(days.text()).toContain('接待安排');
    await days.call('openSchedule');
    expect(wxCalls[wxCalls.length - 1]).toEqual({
      api: 'navigateTo',
      args: expect.objectContaining({ url: '/subpackages/station-admin/pages/schedule/index?code=JG01' }),
    });

    connectWx(cloud.url, 'demo-presidium');
    const edit = await openPage('subpackages/presidium/pages/stations/edit', {
      kind: 'station',
      code: 'JG03',
    });
    expect(edit.text()).toContain('接待安排');
    await edit.call('openSchedule');
    expect(wxCalls[wxCalls.length - 1]).toEqual({
      api: 'navigateTo',
      args: expect.objectContaining({ url: '/subpackages/station-admin/pages/schedule/index?code=JG03' }),
    });
  });
});
