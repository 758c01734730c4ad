/**
 * Duty disclosure in the mini-program, rendered against a real local cloud: the public notice page and
 * the station page's notice section with its follow button (section's `follow` event → page → api →
 * duty function → store).
 */
import * as v8 from 'node:v8';
import { chinaDate } from '../../core/calendar/china-time';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { TEMPLATES } from '../../core/notify/templates';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { connectWx, openPage, type RenderedPage, requestsSettled } from './support/page-harness';

jest.setTimeout(30_000);
// jsdom hides Node's structuredClone, which the local database engine uses for plain updates.
const g = globalThis as { structuredClone?: (v: unknown) => unknown };
g.structuredClone ??= (v: unknown) => v8.deserialize(v8.serialize(v));
let cloud: LocalCloud;
const period = dueDefaultPeriods(chinaDate(new Date()))[0];
const NOTICE_ID = `JG01:${period.id}:v1`;

type Envelope = { ok: boolean; data?: unknown; error?: unknown };
const asPresidium = (event: object) => cloud.invoke<Envelope>('duty', event, { openid: 'demo-presidium' });

async function until(page: RenderedPage, text: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    if (page.text().includes(text)) break;
    await new Promise((r) => setTimeout(r, 30));
  }
  return page.text();
}

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
  cloud.store.commit([
    {
      collection: 'dutyRecords',
      id: 'mp-rec-1',
      doc: {
        _id: 'mp-rec-1',
        deputyId: 'd02',
        stationCode: 'JG01',
        type: 'visit',
        date: period.start,
        description: '走访',
        peopleReached: 23,
        photos: [],
        source: 'manual',
        status: 'approved',
        createdAt: new Date(),
      },
    },
  ]);
  // Drafted from the records, every JG01 deputy answers, approved and published: the real path.
  expect(
    await asPresidium({ action: 'draftNotice', stationCode: 'JG01', periodId: period.id }),
  ).toMatchObject({ ok: true });
  cloud.store.commit([
    {
      collection: 'users',
      id: 'mp-d03',
      doc: { _id: 'mp-d03', role: 'deputy', deputyId: 'd03', boundAt: new Date() },
    },
  ]);
  for (const openid of ['demo-deputy-1', 'demo-deputy-2', 'mp-d03'])
    expect(
      await cloud.invoke<Envelope>('duty', { action: 'confirmNotice', id: NOTICE_ID }, { openid }),
    ).toMatchObject({ ok: true });
  expect(await asPresidium({ action: 'approveNotice', id: NOTICE_ID })).toMatchObject({ ok: true });
  expect(await asPresidium({ action: 'publishNotice', id: NOTICE_ID })).toMatchObject({ ok: true });
  connectWx(cloud.url, 'villager-duty-001');
  // The villager accepts the subscription the follow button asks for.
  (wx as unknown as Record<string, unknown>).requestSubscribeMessage = (o: {
    tmplIds: string[];
    success: (r: Record<string, string>) => void;
  }) => {
    asked.push(...o.tmplIds);
    o.success(Object.fromEntries(o.tmplIds.map((id) => [id, 'accept'])));
  };
});
const asked: string[] = [];

afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

describe('public notice page', () => {
  it('shows every deputy of the station with their figures', async () => {
    const page = await openPage('pages/notice/index', { id: encodeURIComponent(NOTICE_ID) });
    const text = await until(page, '李秀英');
    expect(text).toContain('金鼓乡人大代表之家代表履职登记公示');
    expect(text).toContain(period.label);
    for (const name of ['王建国', '李秀英']) expect(text).toContain(name);
    expect(text).toContain('联系服务群众（人次）23');
    expect(text).toContain('已公示');
  });

  it('says so plainly when the notice does not exist', async () => {
    const page = await openPage('pages/notice/index', { id: 'JG01:1999-05:v1' });
    expect(await until(page, '没有找到')).toContain('没有找到这份公示');
  });
});

describe('station page: duty notice section', () => {
  it('shows the current notice and lets a villager follow the station', async () => {
    const page = await openPage('pages/station/index', { code: 'JG01' });
    const text = await until(page, '李秀英：接待日');
    expect(text).toContain('代表履职公示');
    expect(text).toContain('金鼓乡人大代表之家代表履职登记公示');
    expect(text).toMatch(/李秀英：接待日0次/);

    const section = page.root.querySelector('#duty-notice');
    expect(section).toBeTruthy();
    expect(section!.querySelector('.follow')).toBeTruthy();
    // The button's bind:tap handler, called as the tap would (simulate does not bubble taps out of
    // t-button): the display-only section fires `follow`, and the page follows the station.
    (section as unknown as { instance: { follow(): void } }).instance.follow();
    for (let i = 0; i < 100 && !cloud.store.get('stationFollowers', 'JG01:villager-duty-001'); i++)
      await new Promise((r) => setTimeout(r, 30));
    expect(cloud.store.get('stationFollowers', 'JG01:villager-duty-001')?.doc).toMatchObject({
      stationCode: 'JG01',
      openid: 'villager-duty-001',
    });
    expect(asked).toEqual([TEMPLATES.noticePublished.id]);
    expect(await until(page, '已关注本站公示')).toContain('已关注本站公示');
  });
});
