/**
 * The presidium's pages against a real local cloud (page → api → admin function → store): the
 * workbench's figures add up, the supervision list shows why a case is there and chases it, the
 * routing editor saves a rule the opinion routing then uses, and a villager is refused.
 */
import { storedIdIn } from '../../local/township-writes';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { PERSONAS, demoHolidayOverrides, seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { chinaDate } from '../../core/calendar/china-time';
import { chineseCalendar, OFFICIAL_DATA_LAST_YEAR } from '../../core/calendar/chinese-calendar';
import {
  CALENDAR_COVERAGE_HORIZON_DAYS,
  calendarCoverageGap,
  yearsWithin,
} from '../../core/calendar/coverage';
import { openOpinion } from '../../core/opinion/opinion.state';
import type { RoutingDecision } from '../../core/opinion/opinion.types';
import { connectWx, openPage, wxCalls, requestsSettled } from './support/page-harness';

// jsdom has no structuredClone; the local engine's document update uses it (node has it). Same algorithm.
if (typeof globalThis.structuredClone !== 'function') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('node:v8') as typeof import('node:v8');
  globalThis.structuredClone = (<T>(value: T): T =>
    v8.deserialize(v8.serialize(value))) as typeof structuredClone;
}

let cloud: LocalCloud;
const calendar = chineseCalendar();
let seq = 0;

/** A case filed `daysAgo` days ago at JG01, stored as the opinion area stores it. */
function seedCase(daysAgo: number, routing: RoutingDecision | 'review', text: string): string {
  const id = `op${String(++seq).padStart(22, 'a')}`; // the opinion function's id format
  const { opinion, events } = openOpinion({
    id,
    draft: {
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      text,
      photos: [],
      anonymous: false,
      consentToPublish: false,
    },
    limits: { acceptDays: 2, answerDays: 10 },
    villagerOpenid: `villager-${id}`,
    filedBy: { kind: 'self' },
    routing,
    now: new Date(Date.now() - daysAgo * 86_400_000),
    calendar,
  });
  const deputyHistory = opinion.owner.kind === 'presidium' ? [] : opinion.owner.deputyIds;
  cloud.store.commit([
    { collection: 'opinions', id, doc: { ...opinion, rev: events.length, deputyHistory } as never },
    ...events.map((e, i) => {
      const eid = `${id}:${String(i + 1).padStart(4, '0')}`;
      return { collection: 'opinionEvents', id: eid, doc: { ...e, _id: eid, seq: i + 1 } as never };
    }),
  ]);
  return id;
}

const toD01: RoutingDecision = {
  owner: { kind: 'deputies', deputyIds: ['d01'] },
  deputyIds: ['d01'],
  reason: '覆盖金鼓村 · 全部类别 · 在办0件',
  path: 'village',
};
let overdue: string;

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
  overdue = seedCase(30, toD01, '金鼓村三组水渠垮塌，春灌前急需修复');
  seedCase(0, toD01, '村口路灯不亮');
  seedCase(0, 'review', '有人在群里让加微信办低保');
  connectWx(cloud.url, 'demo-presidium');
});

afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

const tap = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
const events = (id: string) =>
  [...cloud.store.entries('opinionEvents').values()]
    .map((e) => e.doc as unknown as { opinionId: string; type: string; actorRole: string })
    .filter((e) => e.opinionId === id);

describe('presidium workbench', () => {
  it('shows the figures, and they add up', async () => {
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    const counts = page.data.counts as Record<string, number>;
    expect(counts).toMatchObject({
      moderation: 1,
      overdue: 1,
      onTrack: 1,
      queue: 0,
      supervised: 0,
      open: 2,
      total: 3,
    });
    const text = page.text();
    expect(text).toContain('在办2件 = 待分办0 + 已超期1 + 督办中0 + 正常办理1');
    expect(text).toContain('另有待审核1件，在办合计3件（不含已办结）');
    expect(text).toContain('已超期');
    expect(text).toContain('分办规则');
  });

  it('opens the supervision list filtered from a tile', async () => {
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    const tile = (page.data.tiles as { key: string; url: string }[]).find((t) => t.key === 'overdue')!;
    await page.call('open', tap({ url: tile.url }));
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/presidium/pages/supervision/index?bucket=overdue' },
    });
  });
});

describe('presidium workbench calendar warning', () => {
  it('warns when the coming 60 days fall in a year the calendar lacks, with the way to 节假日调整', async () => {
    // The county's staff keep the one calendar every township shares.
    const county = (event: object) =>
      cloud.invoke<{ ok: boolean; data: { date: string; kind: string; name: string }[] }>('admin', event, {
        openid: PERSONAS.county,
      });
    const shipped = (await county({ action: 'listHolidays' })).data;
    for (const h of shipped)
      expect(await county({ action: 'removeHoliday', date: h.date })).toMatchObject({ ok: true });
    const today = chinaDate(new Date());
    const expected = calendarCoverageGap(
      today,
      CALENDAR_COVERAGE_HORIZON_DAYS,
      yearsWithin(today, CALENDAR_COVERAGE_HORIZON_DAYS).filter((y) => y <= OFFICIAL_DATA_LAST_YEAR),
    ).map((g) => g.message);
    try {
      const page = await openPage('subpackages/presidium/pages/dashboard/index');
      expect(page.data.calendarWarnings).toEqual(expected);
      for (const message of expected) expect(page.text()).toContain(message);
      expect(page.text().includes('去录入节假日')).toBe(expected.length > 0);
      await page.call('open', tap({ url: '/subpackages/presidium/pages/holidays/index' }));
      expect(wxCalls.at(-1)).toEqual({
        api: 'navigateTo',
        args: { url: '/subpackages/presidium/pages/holidays/index' },
      });
    } finally {
      if (shipped.length > 0) await county({ action: 'upsertHolidays', days: shipped });
    }
    // With the demo's overrides back, the coming weeks are known again.
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(page.data.calendarWarnings).toEqual([]);
    expect(page.text()).not.toContain('尚未录入');
  });
});

describe('supervision list', () => {
  it('shows why a case is there and who has it, and chases it once a day', async () => {
    const page = await openPage('subpackages/presidium/pages/supervision/index');
    let text = page.text();
    expect(text).toContain('金鼓村三组水渠垮塌');
    expect(text).toMatch(/超过受理时限\d+个工作日/);
    expect(text).toContain('办理：代表王建国');
    expect(text).not.toContain('村口路灯不亮'); // on track: not the presidium's business

    await page.call('chase', tap({ id: overdue }));
    expect(events(overdue).filter((e) => e.type === 'reminded' && e.actorRole === 'presidium')).toHaveLength(
      1,
    );
    const messages = [...cloud.store.entries('outbox').values()]
      .map((e) => e.doc as unknown as { openid: string; template: string; ref: string })
      .filter((m) => m.ref === `opinion:${overdue}` && m.template === 'opinionDeadline');
    expect(messages.map((m) => m.openid)).toEqual(['demo-deputy-1']);
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '已催办，已通知1位代表',
    });
    text = page.text();
    expect(text).toContain('今天已催办');

    // A second tap the same day is refused by the server and says why.
    await page.call('chase', tap({ id: overdue }));
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '今天已经催办过这件意见了，明天再催',
    });
    expect(events(overdue).filter((e) => e.type === 'reminded')).toHaveLength(1);
  });
});

describe('routing editor', () => {
  it('adds a rule, saves the table, and explains the route from it', async () => {
    const page = await openPage('subpackages/presidium/pages/routing/index');
    expect(page.text()).toContain('金鼓乡人大代表之家');
    await page.call('pickVillage', tap({ code: 'xinmin' }));
    await page.call('pickCategory', tap({ code: 'health' }));
    await page.call('toggleDeputy', tap({ code: 'd03' }));
    await page.call('addRule');
    expect(page.text()).toContain('新民村 · 医疗卫生 → 张明');
    await page.call('save');
    expect(cloud.store.get('routingRules', 'JG01:xinmin:health')?.doc).toMatchObject({ deputyIds: ['d03'] });
    expect(page.data.version).toBe(1);

    await page.call('explain');
    expect(page.data.explainText).toBe('交给：张明（按村和类别）\n理由：覆盖新民村 · 医疗卫生 · 在办0件');
  });
});

describe('a villager who finds the page', () => {
  it('is told they may not use it', async () => {
    connectWx(cloud.url, 'demo-villager');
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(page.text()).toContain('您没有权限进行此操作');
    connectWx(cloud.url, 'demo-presidium');
  });
});

describe('home page', () => {
  it('shows the presidium its workbench door, and a villager does not see it', async () => {
    const page = await openPage('pages/home/index');
    expect(page.text()).toContain('主席团工作台');
    await page.call('openPresidium');
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/presidium/pages/dashboard/index' },
    });
    connectWx(cloud.url, 'demo-villager');
    const villagerHome = await openPage('pages/home/index');
    expect(villagerHome.text()).not.toContain('主席团工作台');
    connectWx(cloud.url, 'demo-presidium');
  });
});

describe('stations and deputies', () => {
  it('lists who has bound WeChat and issues an invite code an unbound deputy can redeem', async () => {
    const page = await openPage('subpackages/presidium/pages/stations/index');
    const text = page.text();
    expect(text).toContain('王建国（牵头代表）');
    expect(text).toContain('已绑定微信');
    expect(text).toContain('未绑定微信');
    expect(text).toContain('生成邀请码');

    // The demo binds JG01's three deputies; 刘德华 (d04, JG02) has not bound WeChat yet.
    await page.call('inviteDeputy', tap({ id: 'd04' }));
    const invite = page.data.invite as { code: string; forWhom: string };
    expect(invite.forWhom).toBe('代表刘德华');
    expect(page.text()).toContain(invite.code);
    expect(cloud.store.get('invites', invite.code)?.doc).toMatchObject({ role: 'deputy', deputyId: 'd04' });

    // The deputy redeems it: the record is bound, and the page then says so.
    const res = await cloud.invoke<{ ok: boolean }>(
      'account',
      { action: 'redeemInvite', code: invite.code },
      {
        openid: 'deputy-liudehua',
      },
    );
    expect(res.ok).toBe(true);
    const after = await openPage('subpackages/presidium/pages/stations/index');
    const stations = after.data.stations as { deputies: { _id: string; bound: boolean }[] }[];
    expect(stations.flatMap((s) => s.deputies).find((d) => d._id === 'd04')?.bound).toBe(true);
  });
});

describe('moderation queue', () => {
  it('refuses without a reason, then rejects with one and the case closes', async () => {
    const id = seedCase(0, 'review', '有人在群里让加微信办贷款');
    const page = await openPage('subpackages/presidium/pages/moderation/index');
    expect(page.text()).toContain('有人在群里让加微信办贷款');
    await page.call('reject', tap({ id }));
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '请先写明不通过的原因，群众会看到',
    });
    await page.call('onReason', { currentTarget: { dataset: { id } }, detail: { value: '疑似广告' } });
    await page.call('reject', tap({ id }));
    expect(cloud.store.get('opinions', id)?.doc).toMatchObject({ status: 'closed', outcome: 'rejected' });
    expect(page.text()).not.toContain('有人在群里让加微信办贷款');
  });
});

describe('cases waiting for a department', () => {
  it("lists transferred cases and records the department's answer for the deputy", async () => {
    const id = seedCase(0, toD01, '灌溉水渠被占，需要农业中心协调');
    const doc = cloud.store.get('opinions', id)!.doc as Record<string, unknown>;
    cloud.store.commit([
      {
        collection: 'opinions',
        id,
        doc: {
          ...doc,
          status: 'transferred',
          acceptedOn: doc.submittedOn,
          owner: {
            kind: 'department',
            departmentId: 'agri',
            departmentName: '乡农业综合服务中心',
            deputyIds: ['d01'],
          },
        } as never,
      },
    ]);
    const page = await openPage('subpackages/presidium/pages/supervision/index', { bucket: 'transferred' });
    expect(page.text()).toContain('灌溉水渠被占');
    expect(page.text()).toContain('乡农业综合服务中心（代表王建国转办）');
    await page.call('onAnswer', {
      currentTarget: { dataset: { id } },
      detail: { value: '已协调清理，下周通水' },
    });
    await page.call('recordAnswer', tap({ id }));
    expect(cloud.store.get('opinions', id)?.doc).toMatchObject({
      status: 'replied',
      answer: '已协调清理，下周通水',
    });
    expect(page.text()).not.toContain('灌溉水渠被占');
  });
});

describe('holiday overrides', () => {
  it('shows the presidium the county calendar to read, with no way to change it', async () => {
    const page = await openPage('subpackages/presidium/pages/holidays/index', { year: '2027' });
    expect(page.data.canEdit).toBe(false);
    expect(page.text()).toContain('由县人大常委会统一录入');
    expect(page.text()).not.toContain('添加一天');
    expect(page.text()).not.toContain('删除');
  });

  it('lets county staff add a day for a year the official calendar lacks, refuses a bad date, and removes it', async () => {
    connectWx(cloud.url, PERSONAS.county);
    const page = await openPage('subpackages/presidium/pages/holidays/index', { year: '2027' });
    expect(page.data.canEdit).toBe(true);
    // The demo ships 2027's fixed-date holidays while 2027 is this year or the next.
    const shipped = demoHolidayOverrides(chinaDate(new Date())).filter((h) => h.date.startsWith('2027-'));
    if (shipped.length > 0) expect(page.text()).toContain('2027-01-01 · 放假元旦');
    else expect(page.text()).toContain('2027年还没有录入调整');
    await page.call('onField', {
      currentTarget: { dataset: { field: 'date' } },
      detail: { value: '2027-02-30' },
    });
    await page.call('onField', { currentTarget: { dataset: { field: 'name' } }, detail: { value: '春节' } });
    await page.call('add');
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '日期格式有误，请按“2027-01-01”的格式填写',
    });
    await page.call('onField', {
      currentTarget: { dataset: { field: 'date' } },
      detail: { value: '2027-02-08' },
    });
    await page.call('add');
    expect(cloud.store.get('holidays', '2027-02-08')?.doc).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(page.text()).toContain('2027-02-08 · 放假');
    await page.call('remove', tap({ date: '2027-02-08' }));
    expect(cloud.store.get('holidays', '2027-02-08')).toBeUndefined();
    connectWx(cloud.url, 'demo-presidium');
  });
});

describe('categories editor', () => {
  it('changes a category’s working-day limits', async () => {
    const page = await openPage('subpackages/presidium/pages/categories/index');
    expect(page.text()).toContain('2个工作日内受理，5个工作日内答复');
    await page.call('editCategory', tap({ code: 'dispute' }));
    await page.call('onCategoryField', {
      currentTarget: { dataset: { field: 'answerDays' } },
      detail: { value: '7' },
    });
    await page.call('saveCategory');
    expect(cloud.store.get('categories', storedIdIn('jingu', 'categories', 'dispute'))?.doc).toMatchObject({
      acceptDays: 2,
      answerDays: 7,
    });
    expect(page.text()).toContain('2个工作日内受理，7个工作日内答复');
  });
});

describe('routing editor, when the table is refused', () => {
  it('shows each problem on the rule it concerns, and a stale save is told to refresh', async () => {
    const page = await openPage('subpackages/presidium/pages/routing/index');
    await page.call('pickStation', tap({ code: 'JG03' }));
    await page.call('pickCategory', tap({ code: 'education' }));
    await page.call('toggleDeputy', tap({ code: 'd07' }));
    await page.call('addRule');
    // Meanwhile d07 is deactivated: the table as edited names an inactive deputy.
    const d07 = cloud.store.get('deputies', 'd07')!.doc;
    cloud.store.commit([{ collection: 'deputies', id: 'd07', doc: { ...d07, active: false } }]);
    await page.call('save');
    // The new rule and the seeded ones naming d07 are each reported on their own line.
    expect(page.data.problems).toContain('全部村 · 教育 → 赵丽：分办规则中的代表已停用，请换一位在岗的代表');
    expect(page.data.problems).toContain(
      '松林村 · 全部类别 → 赵丽：分办规则中的代表已停用，请换一位在岗的代表',
    );
    expect(page.text()).toContain('全部村 · 教育 → 赵丽：分办规则中的代表已停用');
    cloud.store.commit([{ collection: 'deputies', id: 'd07', doc: d07 }]);

    // Another member saves first: this page's save is refused, nothing of theirs is lost.
    const other = await openPage('subpackages/presidium/pages/routing/index');
    await other.call('removeRule', tap({ key: 'JG01/xinmin/health' }));
    await other.call('save');
    await page.call('save');
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '别人刚改过规则，请刷新后再改',
    });
    expect(cloud.store.get('routingRules', 'JG03:*:education')).toBeUndefined();
    expect(cloud.store.get('routingRules', 'JG01:xinmin:health')).toBeUndefined();
  });
});

describe('merging duplicates from the list', () => {
  it('marks a duplicate, merges it into the main case, and its villager follows the main case', async () => {
    const main = seedCase(0, toD01, '青龙桥栏杆断了，孩子上学危险');
    const dup = seedCase(0, toD01, '青龙桥的护栏坏了好久');
    const page = await openPage('subpackages/presidium/pages/supervision/index', { bucket: 'onTrack' });
    await page.call('startMerge', tap({ id: dup }));
    expect(page.text()).toContain('并入这件');
    await page.call('mergeInto', tap({ id: main }));
    expect(cloud.store.get('opinions', dup)?.doc).toMatchObject({ status: 'merged', mergedInto: main });
    expect(cloud.store.get('opinions', main)?.doc).toMatchObject({ followers: [`villager-${dup}`] });
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '已合并，已通知1位群众',
    });
    expect(page.text()).not.toContain('青龙桥的护栏坏了好久');
  });
});

describe('configuring a new station from the pages', () => {
  const field = (f: string, value: string) => ({
    currentTarget: { dataset: { field: f } },
    detail: { value },
  });

  it('adds a station, its village and its lead deputy, which the station page then shows', async () => {
    const station = await openPage('subpackages/presidium/pages/stations/edit', { kind: 'station' });
    for (const [f, v] of [
      ['code', 'jg09'],
      ['name', '杉木坪代表联络站'],
      ['address', '杉木坪村委会'],
      ['openHours', '每周三上午'],
      ['contactPhone', '0838-6201999'],
    ])
      await station.call('onStationField', field(f, v));
    await station.call('saveStation');
    expect(cloud.store.get('stations', 'JG09')?.doc).toMatchObject({
      name: '杉木坪代表联络站',
      leadDeputyId: '',
    });
    await station.call('onVillageField', field('code', 'shanmu'));
    await station.call('onVillageField', field('name', '杉木坪村'));
    await station.call('addVillage');
    expect(station.text()).toContain('杉木坪村');

    const deputy = await openPage('subpackages/presidium/pages/stations/edit', {
      kind: 'deputy',
      station: 'JG09',
    });
    await deputy.call('onDeputyField', field('name', '吴春花'));
    await deputy.call('onDeputyField', field('title', '杉木坪村妇女主任'));
    await deputy.call('toggleVillage', tap({ code: 'shanmu' }));
    await deputy.call('toggleCategory', tap({ code: 'welfare' }));
    await deputy.call('toggleLead');
    await deputy.call('saveDeputy');
    const id = (deputy.data.deputy as { id: string }).id;
    expect(cloud.store.get('deputies', id)?.doc).toMatchObject({
      name: '吴春花',
      stationCode: 'JG09',
      villageCodes: ['shanmu'],
      categories: ['welfare'],
      active: true,
    });
    expect(cloud.store.get('stations', 'JG09')?.doc).toMatchObject({ leadDeputyId: id });

    connectWx(cloud.url, 'demo-villager');
    const view = await openPage('pages/station/index', { code: 'JG09' });
    expect(view.text()).toContain('杉木坪代表联络站');
    expect(view.text()).toContain('吴春花');
    connectWx(cloud.url, 'demo-presidium');
  });

  it('says why a save is refused', async () => {
    const deputy = await openPage('subpackages/presidium/pages/stations/edit', { kind: 'deputy', id: 'd04' });
    await deputy.call('toggleDeputyActive');
    await deputy.call('saveDeputy');
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({
      title: '这位代表是联络站的牵头代表，请先为联络站另选牵头代表再停用',
    });
    expect(cloud.store.get('deputies', 'd04')?.doc).toMatchObject({ active: true });
  });
});

describe('a case opened from the list', () => {
  it('shows the routing reason, the deadlines and the timeline with who did what', async () => {
    const page = await openPage('subpackages/presidium/pages/case/index', { id: overdue });
    const text = page.text();
    expect(text).toContain('金鼓村三组水渠垮塌');
    expect(text).toContain('办理：代表王建国');
    expect(text).toContain('分办理由：覆盖金鼓村 · 全部类别 · 在办0件');
    const timeline = page.data.timeline as { who: string; label: string; note: string }[];
    expect(timeline[0]).toMatchObject({ who: '群众', label: expect.any(String) });
    expect(timeline.find((t) => t.label === '催办')).toMatchObject({
      who: '主席团',
      note: '乡镇人大主席团催办',
    });
    expect(text).toMatch(/\d{2}-\d{2} \d{2}:\d{2} · 主席团 · 催办/);
  });
});
