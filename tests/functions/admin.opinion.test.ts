/**
 * The presidium's tools end to end with the opinion function (its own file: the opinion function keeps
 * the working calendar for minutes once loaded, so the holiday override must come before its first call).
 *
 *   holidays   an override the county enters through admin moves the deadlines the opinion function
 *              computes, in every township
 *   routing    a table saved through admin routes the next submission, with the reason explainRoute gave
 *   review     a held submission → admin moderation queue → approve → the deputy's inbox
 *   merge      two villagers' submissions merged → the second follows the first and sees it in `mine`
 */
import { chinaDate } from '../../core/calendar/china-time';
import { chineseCalendar } from '../../core/calendar/chinese-calendar';
import { addWorkingDays } from '../../core/calendar/working-days';
import { PERSONAS } from '../../local/demo/township.seed';
import { storedIdIn } from '../../local/township-writes';
import { demoCloud, unwrap as data } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

const admin = <T = unknown>(event: object) => cloud.call<T>('admin', event, 'demo-presidium');
let rid = 0;
const submit = (openid: string, extra: Record<string, unknown> = {}) =>
  cloud.call<{ id: string; status: string; acceptBy: string; answerBy: string; held: boolean }>(
    'opinion',
    {
      action: 'submit',
      requestId: `adm-op-${++rid}-${Date.now()}`,
      stationCode: 'JG01',
      villageCode: 'xinmin',
      categoryCode: 'health',
      text: '村卫生室缺少常用药，老人看病要跑到乡里',
      anonymous: false,
      consentToPublish: true,
      ...extra,
    },
    openid,
  );
const doc = (collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as Record<string, unknown> | undefined;

describe("a holiday override the county enters (its staff set every township's calendar)", () => {
  it('moves the deadlines the opinion function computes, in every township', async () => {
    const today = chinaDate(new Date());
    const official = chineseCalendar();
    // The next working day becomes a local holiday: every deadline slides by one working day.
    const nextWorkingDay = addWorkingDays(today, 1, official);
    const override = { date: nextWorkingDay, kind: 'holiday' as const, name: '测试假日' };
    data(await cloud.call('admin', { action: 'upsertHolidays', days: [override] }, PERSONAS.county));

    const res = data(await submit('villager-holiday'));
    const withOverride = chineseCalendar([override]);
    expect(res.acceptBy).toBe(addWorkingDays(today, 2, withOverride));
    expect(res.acceptBy).not.toBe(addWorkingDays(today, 2, official));
    expect(res.answerBy).toBe(addWorkingDays(today, 10, withOverride));

    // 青山镇 works by the same calendar, with its own category's limits.
    const limits = cloud.store.get('categories', storedIdIn('qingshan', 'categories', 'health'))
      ?.doc as unknown as {
      acceptDays: number;
      answerDays: number;
    };
    const qs = data(
      await submit('villager-holiday-qs', {
        townshipId: 'qingshan',
        stationCode: 'QS01',
        villageCode: 'qingshan',
      }),
    );
    expect(qs.acceptBy).toBe(addWorkingDays(today, limits.acceptDays, withOverride));
    expect(qs.acceptBy).not.toBe(addWorkingDays(today, limits.acceptDays, official));
    expect(qs.answerBy).toBe(addWorkingDays(today, limits.answerDays, withOverride));
  });
});

describe('the routing table the presidium saves', () => {
  it('routes the next submission as explainRoute said, and the case shows the reason', async () => {
    const { version } = data(await admin<{ version: number }>({ action: 'getRoutingTable' }));
    data(
      await admin({
        action: 'setRoutingRules',
        baseVersion: version,
        rules: [{ stationCode: 'JG01', villageCode: 'xinmin', categoryCode: 'health', deputyIds: ['d03'] }],
      }),
    );
    const explained = data(
      await admin<{ deputyIds: string[]; reason: string }>({
        action: 'explainRoute',
        stationCode: 'JG01',
        villageCode: 'xinmin',
        categoryCode: 'health',
      }),
    );
    expect(explained.deputyIds).toEqual(['d03']);
    const { id } = data(await submit('villager-routing'));
    const stored = doc('opinions', id) as { owner: { deputyIds: string[] }; routing: { reason: string } };
    expect(stored.owner.deputyIds).toEqual(['d03']);
    expect(stored.routing.reason).toBe(explained.reason);
  });
});

describe('a submission held by the content check', () => {
  it('waits in the moderation queue, and once approved reaches the deputy', async () => {
    const held = data(await submit('villager-review', { text: '卫生室有人让加微信买药，请核实' }));
    expect(held.held).toBe(true);
    const { counts } = data(await admin<{ counts: { moderation: number } }>({ action: 'dashboard' }));
    expect(counts.moderation).toBeGreaterThanOrEqual(1);
    const queue = data(await admin<{ id: string }[]>({ action: 'moderationQueue' }));
    expect(queue.map((q) => q.id)).toContain(held.id);

    data(await admin({ action: 'moderate', id: held.id, decision: 'approve' }));
    expect(doc('opinions', held.id)).toMatchObject({ status: 'assigned', owner: { deputyIds: ['d03'] } });
  });
});

describe('merging two villagers’ submissions', () => {
  it('makes the second villager a follower who still finds the case in their list', async () => {
    const first = data(
      await submit('villager-first', {
        villageCode: 'jingu',
        categoryCode: 'road',
        text: '金鼓村口的路灯坏了半个月',
      }),
    );
    const second = data(
      await submit('villager-second', {
        villageCode: 'jingu',
        categoryCode: 'road',
        text: '村口路灯不亮，晚上走路危险',
      }),
    );
    data(await admin({ action: 'mergeOpinions', sourceId: second.id, targetId: first.id }));
    const mine = data(await cloud.call<{ id: string }[]>('opinion', { action: 'mine' }, 'villager-second'));
    expect(mine.map((m) => m.id)).toContain(first.id);
  });
});

describe('categories and departments the presidium edits', () => {
  it('are what villagers pick from and deputies transfer to', async () => {
    data(
      await admin({
        action: 'upsertCategory',
        code: 'housing',
        name: '住房安居',
        acceptDays: 3,
        answerDays: 20,
        active: true,
      }),
    );
    data(
      await admin({
        action: 'upsertCategory',
        code: 'other',
        name: '其他',
        acceptDays: 2,
        answerDays: 15,
        active: false,
      }),
    );
    const categories = data(
      await cloud.call<{ code: string; answerDays: number }[]>('opinion', { action: 'categories' }, 'v-cat'),
    );
    expect(categories.find((c) => c.code === 'housing')).toMatchObject({ answerDays: 20 });
    expect(categories.map((c) => c.code)).not.toContain('other');

    const dept = data(
      await admin<{ _id: string }>({
        action: 'upsertDepartment',
        requestId: 'dept-e2e-0001',
        name: '乡自然资源所',
        active: true,
      }),
    );
    data(await admin({ action: 'upsertDepartment', id: 'clinic', name: '乡卫生院', active: false }));
    const departments = data(
      await cloud.call<{ id: string; name: string }[]>('opinion', { action: 'departments' }, 'demo-deputy-1'),
    );
    expect(departments).toContainEqual({ id: dept._id, name: '乡自然资源所' });
    expect(departments.map((d) => d.id)).not.toContain('clinic');
  });
});
