/**
 * 防滥用设置 (subpackages/presidium/pages/limits): the presidium sees its township's four limits on
 * abuse with the range and default the server answers, steps or types a new value, and saves it; the
 * saved limit is what the functions then apply (heldPlaces lowered → a villager's next booking is
 * refused BOOKINGS_HELD_LIMIT). − and + stop at the server's range, a typed number outside it is not
 * sent, a refusal from the server is shown in its own words, and 恢复默认 saves the server's defaults.
 */
import type { LocalCloud } from '../../local/cloud';
import { storedIdIn } from '../../local/township-writes';
import { connectWx, openPage, requestsSettled, wxCalls, type RenderedPage } from './support/page-harness';
import { signInAs, startPageCloud, typed } from './support/page-cloud';

const PAGE = 'subpackages/presidium/pages/limits/index';
const PRESIDIUM = 'demo-presidium';
type Key = 'inviteAttemptsPerHour' | 'onBehalfPerDay' | 'heldPlaces' | 'subscriptionTapsPerHour';
type Limits = Record<Key, number>;
interface LimitsView {
  limits: Limits;
  ranges: Record<Key, { min: number; max: number }>;
  defaults: Limits;
}
interface Row {
  key: Key;
  value: string;
  min: number;
  max: number;
  defaultValue: number;
  atMin: boolean;
  atMax: boolean;
  changed: boolean;
}

let cloud: LocalCloud;
/** What the villager answers in 恢复默认's confirmation. */
let confirms = true;
const w = wx as unknown as Record<string, unknown>;

beforeAll(async () => {
  cloud = await startPageCloud();
  w.showModal = (o: WechatMiniprogram.ShowModalOption) => {
    wxCalls.push({ api: 'showModal', args: { title: o.title, content: o.content } });
    o.success?.({ confirm: confirms, cancel: !confirms, errMsg: 'showModal:ok' } as never);
  };
});
afterAll(() => cloud.stop());

/** The limits as the server answers them to the presidium (the page must show these, not its own). */
async function serverView(): Promise<LimitsView> {
  const res = await cloud.invoke<{ ok: boolean; data: LimitsView }>(
    'admin',
    { action: 'getLimits' },
    { openid: PRESIDIUM },
  );
  expect(res.ok).toBe(true);
  return res.data;
}

/** 金鼓乡's stored limits document, as setLimits wrote it. */
const storedLimits = () =>
  cloud.store.get('settings', storedIdIn('jingu', 'settings', 'abuseLimits'))?.doc as
    Partial<Limits> | undefined;

const rows = (page: RenderedPage) => page.data.rows as Row[];
const row = (page: RenderedPage, key: Key) => rows(page).find((r) => r.key === key)!;
const step = (page: RenderedPage, key: Key, by: number) =>
  page.call('step', { currentTarget: { dataset: { key, by: String(by) } } });
const type = (page: RenderedPage, key: Key, value: string) =>
  page.call('onInput', { currentTarget: { dataset: { key } }, ...typed(value) });

async function book(openid: string, dayId: string, n: number) {
  return cloud.invoke<{ ok: boolean; error?: { code: string } }>(
    'booking',
    {
      action: 'book',
      requestId: `limits-page-${openid}-${n}`,
      dayId,
      topic: '咨询低保',
      villageCode: 'jingu',
    },
    { openid },
  );
}

describe('the presidium opens 防滥用设置', () => {
  it('shows each limit in force with its meaning, and the range and default the server answers', async () => {
    signInAs(cloud, PRESIDIUM);
    const view = await serverView();
    const page = await openPage(PAGE);
    expect(page.data.errorMessage).toBe('');
    expect(
      rows(page)
        .map((r) => r.key)
        .sort(),
    ).toEqual(Object.keys(view.ranges).sort());
    for (const r of rows(page))
      expect(r).toMatchObject({
        value: String(view.limits[r.key]),
        min: view.ranges[r.key].min,
        max: view.ranges[r.key].max,
        defaultValue: view.defaults[r.key],
        changed: false,
      });
    const held = view.ranges.heldPlaces;
    const text = page.text();
    expect(text).toContain('每位群众同时最多预约几个接待日');
    expect(text).toContain('每位站长（联络员）每天最多代录几条意见');
    expect(text).toContain('每人每小时最多开启几次微信提醒');
    expect(text).toContain('每人每小时最多输入几次绑定邀请码');
    expect(text).toContain(`可设${held.min}～${held.max}个，默认${view.defaults.heldPlaces}个`);
    expect(text).toContain('恢复默认');
  });

  it('− and + stop at the ends of the range the server answers', async () => {
    signInAs(cloud, PRESIDIUM);
    const view = await serverView();
    const page = await openPage(PAGE);
    const invite = view.ranges.inviteAttemptsPerHour;
    for (let i = 0; i <= invite.max - invite.min + 2; i++) await step(page, 'inviteAttemptsPerHour', 1);
    expect(row(page, 'inviteAttemptsPerHour')).toMatchObject({ value: String(invite.max), atMax: true });
    for (let i = 0; i <= invite.max - invite.min + 2; i++) await step(page, 'inviteAttemptsPerHour', -1);
    expect(row(page, 'inviteAttemptsPerHour')).toMatchObject({ value: String(invite.min), atMin: true });
    expect(page.data.changedCount).toBe(invite.min === view.limits.inviteAttemptsPerHour ? 0 : 1);
  });
});

describe('saving a lowered heldPlaces', () => {
  it('reaches the database, and a villager holding that many is refused the next booking', async () => {
    signInAs(cloud, PRESIDIUM);
    const before = await serverView();
    const page = await openPage(PAGE);
    const target = before.ranges.heldPlaces.min;
    for (let i = 0; i < before.limits.heldPlaces - target + 1; i++) await step(page, 'heldPlaces', -1);
    expect(row(page, 'heldPlaces')).toMatchObject({ value: String(target), changed: true, atMin: true });
    expect(page.text()).toContain('已改动，点“保存”后生效');

    await page.call('save');
    await requestsSettled();
    expect(page.data.formError).toBe('');
    expect(wxCalls.some((c) => c.api === 'showToast' && JSON.stringify(c.args).includes('已保存'))).toBe(
      true,
    );
    expect(row(page, 'heldPlaces')).toMatchObject({ value: String(target), changed: false });
    expect(page.text()).not.toContain('已改动');
    expect(storedLimits()).toMatchObject({ heldPlaces: target });
    // only the changed limit was sent: the others are as they were
    expect((await serverView()).limits).toEqual({ ...before.limits, heldPlaces: target });

    // the booking function applies it: a villager holding `target` days is refused one more
    const days = await cloud.invoke<{
      ok: boolean;
      data: { id: string; placesLeft: number | 'unlimited' }[];
    }>('booking', { action: 'listDays', stationCode: 'JG01' }, { openid: 'limits-villager' });
    const open = days.data.filter((d) => d.placesLeft !== 0).map((d) => d.id);
    expect(open.length).toBeGreaterThan(target);
    for (let i = 0; i < target; i++)
      expect(await book('limits-villager', open[i], i)).toMatchObject({ ok: true });
    expect(await book('limits-villager', open[target], target)).toMatchObject({
      ok: false,
      error: { code: 'BOOKINGS_HELD_LIMIT' },
    });

    // opened again, the page shows the saved value
    const again = await openPage(PAGE);
    expect(row(again, 'heldPlaces').value).toBe(String(target));
  });
});

describe('what is not saved', () => {
  it('a typed number outside the range is named on the page and not sent', async () => {
    signInAs(cloud, PRESIDIUM);
    const before = await serverView();
    const page = await openPage(PAGE);
    const { max } = before.ranges.onBehalfPerDay;
    await type(page, 'onBehalfPerDay', String(max + 1));
    expect(row(page, 'onBehalfPerDay')).toMatchObject({ changed: true, atMax: true });
    await page.call('save');
    expect(page.data.formError).toBe(
      `“每位站长（联络员）每天最多代录几条意见”请填${before.ranges.onBehalfPerDay.min}到${max}之间的整数`,
    );
    expect(page.text()).toContain(String(page.data.formError));
    expect((await serverView()).limits).toEqual(before.limits);

    // a typed number inside it is saved
    await type(page, 'onBehalfPerDay', String(max));
    await page.call('save');
    await requestsSettled();
    expect(page.data.formError).toBe('');
    expect(storedLimits()).toMatchObject({ onBehalfPerDay: max });
  });

  it('nothing changed: 保存 says so and sends nothing', async () => {
    signInAs(cloud, PRESIDIUM);
    const page = await openPage(PAGE);
    await page.call('save');
    expect(page.data.formError).toBe('没有改动，不需要保存');
  });

  it("a refusal from the server is shown in the server's words, and nothing is saved", async () => {
    signInAs(cloud, PRESIDIUM);
    const before = await serverView();
    const page = await openPage(PAGE);
    await step(page, 'subscriptionTapsPerHour', -1);
    // the phone now speaks for someone who is not the presidium (the binding moved to a station admin)
    signInAs(cloud, 'demo-station-admin');
    await page.call('save');
    await requestsSettled();
    expect(page.data.formError).toBe('您没有权限进行此操作');
    expect(page.text()).toContain('您没有权限进行此操作');
    expect(row(page, 'subscriptionTapsPerHour').changed).toBe(true);
    expect((await serverView()).limits).toEqual(before.limits);
  });

  it('a station admin opening the page is told they may not, with no 去选择乡镇', async () => {
    signInAs(cloud, 'demo-station-admin');
    const page = await openPage(PAGE);
    expect(page.data.errorMessage).toBe('您没有权限进行此操作');
    expect(page.data.errorTownship).toBe(false);
    expect(page.text()).not.toContain('去选择乡镇');
  });

  it('a township kept that the county no longer has: 去选择乡镇, which leads home', async () => {
    connectWx(cloud.url, PRESIDIUM, { id: 'nowhere', name: '旧乡' });
    const page = await openPage(PAGE);
    expect(page.data.errorTownship).toBe(true);
    expect(page.text()).toContain('去选择乡镇');
    const before = wxCalls.length;
    await page.call('chooseTownship');
    expect(wxCalls.slice(before)).toContainEqual({ api: 'reLaunch', args: { url: '/pages/home/index' } });
  });
});

describe('恢复默认', () => {
  it('asks first; cancelled, nothing changes; confirmed, the defaults the server answers are saved', async () => {
    signInAs(cloud, PRESIDIUM);
    const before = await serverView();
    expect(before.limits).not.toEqual(before.defaults); // heldPlaces and onBehalfPerDay were changed above
    const page = await openPage(PAGE);

    confirms = false;
    await page.call('restoreDefaults');
    expect(wxCalls.at(-1)).toMatchObject({ api: 'showModal', args: { title: '恢复默认' } });
    expect((await serverView()).limits).toEqual(before.limits);

    confirms = true;
    await page.call('restoreDefaults');
    await requestsSettled();
    expect(page.data.formError).toBe('');
    expect((await serverView()).limits).toEqual(before.defaults);
    expect(storedLimits()).toMatchObject(before.defaults);
    for (const r of rows(page))
      expect(r).toMatchObject({ value: String(before.defaults[r.key]), changed: false });
  });
});
