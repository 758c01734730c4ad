/**
 * The presidium's `admin` function through the local cloud: who may call it, configuration round
 * trips in the shapes the other functions read, the versioned routing table, holiday overrides, and
 * supervision (dashboard, chase, merge, moderation, reassign, department answers) on real cases.
 */
import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { chineseCalendar } from '../../core/calendar/chinese-calendar';
import { openOpinion, transition } from '../../core/opinion/opinion.state';
import type { Opinion, RoutingDecision, TimelineEvent } from '../../core/opinion/opinion.types';
import { definition } from '../../cloudfunctions/admin/src/index';
import { demoHolidayOverrides, PERSONAS } from '../../local/demo/township.seed';
import { storedIdIn } from '../../local/township-writes';
import { COUNTY } from '../../server/tenancy';
import { demoCloud, expectError, unwrap as data } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
/** An admin call as `openid` (金鼓乡's presidium), in `townshipId` (金鼓乡, the tests' default). */
const admin = <T = unknown>(event: object, openid = PRESIDIUM, at?: string, townshipId?: string) =>
  cloud.call<T>('admin', townshipId ? { ...event, townshipId } : event, openid, at);

const docs = (collection: string) => [...cloud.store.entries(collection).values()].map((e) => e.doc);
/** 金鼓乡's stored document (a keyed collection's key read as its stored id). */
const doc = (collection: string, id: string) =>
  cloud.store.get(collection, storedIdIn('jingu', collection, id))?.doc as
    Record<string, unknown> | undefined;
/** The county's own stored document (COUNTY's key in a keyed collection). */
const countyDoc = (collection: string, id: string) =>
  cloud.store.get(collection, storedIdIn(COUNTY, collection, id))?.doc as Record<string, unknown> | undefined;

// ------------------------------------------------------------------ cases seeded as the opinion area stores them
const calendar = chineseCalendar();
let caseSeq = 0;
const toDeputy = (id: string): RoutingDecision => ({
  owner: { kind: 'deputies', deputyIds: [id] },
  deputyIds: [id],
  reason: `测试分办给${id}`,
  path: 'village',
});

/** A case filed `daysAgo` days ago at JG01, owned as `routing` says, then optionally moved on by `then`. */
function seedCase(
  options: {
    daysAgo?: number;
    routing?: RoutingDecision | 'review';
    villager?: string;
    text?: string;
    patch?: Partial<Opinion>;
  } = {},
): string {
  const id = `optest${String(++caseSeq).padStart(4, '0')}`;
  const now = new Date(Date.now() - (options.daysAgo ?? 0) * 86_400_000);
  const { opinion, events } = openOpinion({
    id,
    draft: {
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      text: options.text ?? `村口道路坑洼积水，雨天无法通行（${id}）`,
      photos: [],
      anonymous: false,
      consentToPublish: true,
      contact: { name: '张三', phone: '13812345678' },
    },
    limits: { acceptDays: 2, answerDays: 10 },
    villagerOpenid: options.villager ?? `villager-${id}`,
    filedBy: { kind: 'self' },
    routing: options.routing ?? toDeputy('d01'),
    now,
    calendar,
  });
  const record = {
    ...opinion,
    ...options.patch,
    rev: events.length,
    deputyHistory: opinion.owner.kind === 'presidium' ? [] : opinion.owner.deputyIds,
  };
  cloud.store.commit([
    { collection: 'opinions', id, doc: { ...record, _id: id } as never },
    ...events.map((e, i) => ({
      collection: 'opinionEvents',
      id: `${id}:${String(i + 1).padStart(4, '0')}`,
      doc: { ...e, _id: `${id}:${String(i + 1).padStart(4, '0')}`, seq: i + 1 } as never,
    })),
  ]);
  return id;
}

const eventsOf = (id: string) =>
  (docs('opinionEvents') as unknown as (TimelineEvent & { seq: number })[])
    .filter((e) => e.opinionId === id)
    .sort((a, b) => a.seq - b.seq);
const outboxFor = (openid: string, template?: string) =>
  docs('outbox').filter((m) => m.openid === openid && (!template || m.template === template));

// ------------------------------------------------------------------ authorization

describe('who may call admin', () => {
  const actions = Object.keys(definition.actions);
  it('has the actions the presidium needs', () => {
    expect(actions).toEqual(
      expect.arrayContaining([
        'listConfig',
        'setRoutingRules',
        'explainRoute',
        'chase',
        'mergeOpinions',
        'moderate',
      ]),
    );
  });

  describe.each([
    ['a villager', 'demo-villager'],
    ['a deputy', 'demo-deputy-1'],
    ['a station admin', 'demo-station-admin'],
  ])('when %s calls', (_, openid) => {
    it.each(actions)('%s is FORBIDDEN and writes nothing', async (name) => {
      const before = docs('routingRules').length + docs('stations').length + docs('opinionEvents').length;
      expectError(await admin({ action: name }, openid), 'FORBIDDEN');
      expect(docs('routingRules').length + docs('stations').length + docs('opinionEvents').length).toBe(
        before,
      );
    });
  });

  it('refuses a caller outside WeChat with NOT_SIGNED_IN', async () => {
    expectError(await cloud.call('admin', { action: 'listConfig' }), 'NOT_SIGNED_IN');
  });
});

// ------------------------------------------------------------------ configuration

describe('configuration round trips', () => {
  it('lists the seeded township in one call, openids hidden', async () => {
    const config = data(
      await admin<{
        stations: { code: string }[];
        villages: unknown[];
        deputies: { _id: string; bound: boolean; openid?: string }[];
        categories: { code: string; order: number }[];
        departments: unknown[];
        routingVersion: number;
      }>({ action: 'listConfig' }),
    );
    expect(config.stations.map((s) => s.code)).toEqual(['JG01', 'JG02', 'JG03']);
    expect(config.villages).toHaveLength(8);
    expect(config.categories[0]).toMatchObject({ code: 'road', order: 0 });
    expect(config.departments).toHaveLength(5);
    const d01 = config.deputies.find((d) => d._id === 'd01')!;
    expect(d01.bound).toBe(true);
    expect(JSON.stringify(config)).not.toContain('demo-deputy-1');
  });

  it('adds a station, a village and a lead deputy that the station page then shows', async () => {
    data(
      await admin({
        action: 'upsertStation',
        code: 'jg04',
        name: '松树湾代表联络站',
        address: '松树湾村委会',
        openHours: '每周四上午',
        contactPhone: '0838-6209999',
        active: true,
      }),
    );
    expect(doc('stations', 'JG04')).toMatchObject({ code: 'JG04', leadDeputyId: '', intro: '' });
    data(await admin({ action: 'upsertVillage', code: 'songshu', name: '松树湾村', stationCode: 'JG04' }));
    const event = {
      action: 'upsertDeputy',
      requestId: 'new-deputy-0001',
      name: '周红',
      level: 'township',
      title: '松树湾村医',
      phone: '13890009999',
      stationCode: 'JG04',
      villageCodes: ['songshu'],
      categories: ['health'],
      lead: true,
      active: true,
    };
    const first = data(await admin<{ _id: string }>(event));
    const retry = data(await admin<{ _id: string }>(event));
    expect(retry._id).toBe(first._id);
    expect(docs('deputies').filter((d) => d.name === '周红')).toHaveLength(1);
    expect(doc('stations', 'JG04')!.leadDeputyId).toBe(first._id);

    const view = data(
      await cloud.call<{
        name: string;
        villages: { name: string }[];
        deputies: { name: string; isLead: boolean; phoneMasked: string }[];
      }>('station', { action: 'get', code: 'JG04' }, 'demo-villager'),
    );
    expect(view.name).toBe('松树湾代表联络站');
    expect(JSON.stringify(view)).toContain('松树湾村');
    expect(JSON.stringify(view)).toContain('周红');
    expect(JSON.stringify(view)).not.toContain('13890009999');
  });

  it("moves a lead deputy only when told to give up the lead, and the old station's lead is cleared", async () => {
    const zhou = docs('deputies').find((d) => d.name === '周红')!;
    const move = {
      action: 'upsertDeputy',
      id: zhou._id,
      name: '周红',
      level: 'township',
      stationCode: 'JG02',
      active: true,
    };
    expectError(await admin(move), 'ADMIN_LEAD_INACTIVE');
    expect(doc('deputies', zhou._id as string)).toMatchObject({ stationCode: 'JG04' });
    data(await admin({ ...move, lead: false }));
    expect(doc('deputies', zhou._id as string)).toMatchObject({ stationCode: 'JG02', villageCodes: [] });
    expect(doc('stations', 'JG04')!.leadDeputyId).toBe('');
    expect(doc('stations', 'JG02')!.leadDeputyId).toBe('d04');
  });

  it("keeps a station's lead when an edit does not name one", async () => {
    data(
      await admin({
        action: 'upsertStation',
        code: 'JG01',
        name: '金鼓乡人大代表之家',
        address: '金鼓乡人民政府二楼东侧',
        openHours: '工作日 9:00-12:00，14:00-17:30',
        contactPhone: '0838-6201234',
        intro: '乡人大主席团所在地。',
        active: true,
      }),
    );
    expect(doc('stations', 'JG01')).toMatchObject({ address: '金鼓乡人民政府二楼东侧', leadDeputyId: 'd01' });
  });

  it('keeps a deputy’s WeChat binding when the presidium edits them', async () => {
    data(
      await admin({
        action: 'upsertDeputy',
        id: 'd02',
        name: '李秀英',
        level: 'township',
        title: '新民村妇联主席（连任）',
        phone: '13890001002',
        stationCode: 'JG01',
        villageCodes: ['xinmin', 'qinglong'],
        categories: ['welfare', 'health', 'education'],
        active: true,
      }),
    );
    expect(doc('deputies', 'd02')).toMatchObject({
      title: '新民村妇联主席（连任）',
      openid: 'demo-deputy-2',
    });
  });

  it.each([
    [
      'a lead from another station',
      {
        action: 'upsertStation',
        code: 'JG02',
        name: '白果代表联络站',
        address: '白果村',
        openHours: '周二',
        contactPhone: '0838-6205678',
        leadDeputyId: 'd01',
        active: true,
      },
      'ADMIN_LEAD_NOT_AT_STATION',
    ],
    [
      'deactivating a lead deputy',
      {
        action: 'upsertDeputy',
        id: 'd04',
        name: '刘德华',
        level: 'county',
        stationCode: 'JG02',
        villageCodes: ['baiguo'],
        active: false,
      },
      'ADMIN_LEAD_INACTIVE',
    ],
    [
      "a deputy keeping another station's village",
      {
        action: 'upsertDeputy',
        id: 'd05',
        name: '陈桂兰',
        level: 'township',
        stationCode: 'JG02',
        villageCodes: ['jingu'],
        active: true,
      },
      'ADMIN_VILLAGE_OTHER_STATION',
    ],
    [
      'an unknown category on a deputy',
      {
        action: 'upsertDeputy',
        id: 'd05',
        name: '陈桂兰',
        level: 'township',
        stationCode: 'JG02',
        categories: ['nope'],
        active: true,
      },
      'ADMIN_CATEGORY_UNKNOWN',
    ],
    [
      'a new deputy without a request id',
      { action: 'upsertDeputy', name: '无名', level: 'township', stationCode: 'JG02', active: true },
      'BAD_INPUT',
    ],
    [
      'answer days shorter than accept days',
      {
        action: 'upsertCategory',
        code: 'road',
        name: '道路交通',
        acceptDays: 5,
        answerDays: 3,
        active: true,
      },
      'ADMIN_CATEGORY_DAYS_INVALID',
    ],
    [
      'a village moved while a deputy still covers it',
      { action: 'upsertVillage', code: 'jingu', name: '金鼓村', stationCode: 'JG02' },
      'ADMIN_VILLAGE_IN_USE',
    ],
    [
      'an unknown field',
      {
        action: 'upsertCategory',
        code: 'x',
        name: 'x',
        acceptDays: 1,
        answerDays: 2,
        active: true,
        extra: 1,
      },
      'BAD_INPUT',
    ],
  ])('refuses %s, writing nothing', async (_, event, code) => {
    const before = JSON.stringify([docs('stations'), docs('deputies'), docs('categories'), docs('villages')]);
    expectError(await admin(event), code);
    expect(JSON.stringify([docs('stations'), docs('deputies'), docs('categories'), docs('villages')])).toBe(
      before,
    );
  });

  it('saves categories and departments in the shapes the opinion area reads', async () => {
    data(
      await admin({
        action: 'upsertCategory',
        code: 'housing',
        name: '住房安居',
        acceptDays: 2,
        answerDays: 20,
        active: true,
      }),
    );
    expect(doc('categories', 'housing')).toMatchObject({
      code: 'housing',
      acceptDays: 2,
      answerDays: 20,
      active: true,
      order: 8,
    });
    data(
      await admin({
        action: 'upsertCategory',
        code: 'road',
        name: '道路交通',
        acceptDays: 3,
        answerDays: 12,
        active: true,
      }),
    );
    expect(doc('categories', 'road')).toMatchObject({ acceptDays: 3, answerDays: 12, order: 0 });
    const dept = data(
      await admin<{ _id: string }>({
        action: 'upsertDepartment',
        requestId: 'new-dept-00001',
        name: '乡自然资源所',
        active: true,
      }),
    );
    expect(doc('departments', dept._id)).toMatchObject({ name: '乡自然资源所', active: true, phone: '' });
    expectError(
      await admin({ action: 'upsertDepartment', id: 'nope', name: 'x', active: true }),
      'DEPARTMENT_NOT_FOUND',
    );
  });
});

// ------------------------------------------------------------------ routing table

/** 青山镇's deputies of a station, as seeded. */
const qsDeputiesOf = (stationCode: string) =>
  docs('deputies')
    .filter((d) => d.townshipId === 'qingshan' && d.stationCode === stationCode && d.active !== false)
    .map((d) => d._id as string)
    .slice(0, 1);

interface Table {
  rules: { stationCode: string; villageCode: string; categoryCode: string; deputyIds: string[] }[];
  version: number;
}

describe('routing table', () => {
  const good = [
    { stationCode: 'JG01', villageCode: 'xinmin', categoryCode: 'health', deputyIds: ['d03'] },
    { stationCode: 'JG01', villageCode: '*', categoryCode: '*', deputyIds: ['d01', 'd02'] },
    { stationCode: 'JG02', villageCode: 'baiguo', categoryCode: '*', deputyIds: ['d04'] },
  ];

  it('reads the seeded table and saves it back unchanged (the seed passes the same checks)', async () => {
    const seeded = data(await admin<Table>({ action: 'getRoutingTable' }));
    const saved = data(
      await admin<{ version: number; ruleCount: number }>({
        action: 'setRoutingRules',
        baseVersion: seeded.version,
        rules: seeded.rules,
      }),
    );
    expect(saved.ruleCount).toBe(seeded.rules.length);
    expect(data(await admin<Table>({ action: 'getRoutingTable' })).rules).toEqual(seeded.rules);
  });

  it('saves a table, bumps the version, and a stale save gets CONFLICT instead of losing an edit', async () => {
    const start = data(await admin<Table>({ action: 'getRoutingTable' }));
    const saved = data(
      await admin<{ version: number }>({
        action: 'setRoutingRules',
        baseVersion: start.version,
        rules: good,
      }),
    );
    expect(saved.version).toBe(start.version + 1);
    const table = data(await admin<Table>({ action: 'getRoutingTable' }));
    expect(table.rules).toHaveLength(3);
    expect(doc('routingRules', 'JG01:xinmin:health')).toMatchObject({
      deputyIds: ['d03'],
      stationCode: 'JG01',
    });

    // Two members opened the same version; the second save must not overwrite the first.
    expectError(
      await admin({ action: 'setRoutingRules', baseVersion: start.version, rules: good.slice(0, 1) }),
      'CONFLICT',
    );
    expect(data(await admin<Table>({ action: 'getRoutingTable' })).rules).toHaveLength(3);
  });

  it("is each township's own: 青山镇's table and version move apart from 金鼓乡's", async () => {
    const qs = <T = unknown>(event: object) => admin<T>(event, PERSONAS.presidiumQs, undefined, 'qingshan');
    const jinguTable = data(await admin<Table>({ action: 'getRoutingTable' }));
    const qsTable = data(await qs<Table>({ action: 'getRoutingTable' }));
    expect(qsTable.rules.every((r) => r.stationCode.startsWith('QS'))).toBe(true);
    expect(jinguTable.rules.every((r) => r.stationCode.startsWith('JG'))).toBe(true);

    const qsRules = [
      { stationCode: 'QS01', villageCode: '*', categoryCode: '*', deputyIds: qsDeputiesOf('QS01') },
    ];
    const saved = data(
      await qs<{ version: number }>({
        action: 'setRoutingRules',
        baseVersion: qsTable.version,
        rules: qsRules,
      }),
    );
    expect(saved.version).toBe(qsTable.version + 1);
    expect(data(await qs<Table>({ action: 'getRoutingTable' })).rules).toEqual(qsRules);
    // 金鼓乡's table and version did not move; its next save still starts from its own version.
    expect(data(await admin<Table>({ action: 'getRoutingTable' }))).toEqual(jinguTable);
    expect(
      data(
        await admin<{ version: number }>({
          action: 'setRoutingRules',
          baseVersion: jinguTable.version,
          rules: jinguTable.rules,
        }),
      ),
    ).toMatchObject({ version: jinguTable.version + 1 });
    expect(data(await qs<Table>({ action: 'getRoutingTable' }))).toMatchObject({
      version: saved.version,
      rules: qsRules,
    });
    // Neither names the other's stations.
    expectError(
      await qs({ action: 'setRoutingRules', baseVersion: saved.version, rules: good.slice(1, 2) }),
      'ROUTING_UNKNOWN_STATION',
    );
  });

  it('lets exactly one of two simultaneous saves through', async () => {
    const { version } = data(await admin<Table>({ action: 'getRoutingTable' }));
    const results = await Promise.all([
      admin({ action: 'setRoutingRules', baseVersion: version, rules: good }),
      admin({ action: 'setRoutingRules', baseVersion: version, rules: good.slice(1) }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(1);
    expect(data(await admin<Table>({ action: 'getRoutingTable' })).version).toBe(version + 1);
  });

  it.each([
    ['a duplicate key', [good[0], { ...good[0], deputyIds: ['d01'] }], 'ROUTING_RULE_DUPLICATE'],
    ['a rule naming nobody', [{ ...good[1], deputyIds: [] }], 'ROUTING_RULE_EMPTY'],
    ['an unknown deputy', [{ ...good[1], deputyIds: ['ghost'] }], 'ROUTING_UNKNOWN_DEPUTY'],
    ["another station's deputy", [{ ...good[1], deputyIds: ['d06'] }], 'ROUTING_DEPUTY_OTHER_STATION'],
    ["another station's village", [{ ...good[0], villageCode: 'heba' }], 'ROUTING_UNKNOWN_VILLAGE'],
    ['an unknown category', [{ ...good[0], categoryCode: 'nope' }], 'ROUTING_UNKNOWN_CATEGORY'],
    ['an unknown station', [{ ...good[1], stationCode: 'ZZ99' }], 'ROUTING_UNKNOWN_STATION'],
  ])('refuses %s with every problem listed, nothing written', async (_, rules, code) => {
    const before = data(await admin<Table>({ action: 'getRoutingTable' }));
    const res = await admin({
      action: 'setRoutingRules',
      baseVersion: before.version,
      rules: [...rules, good[2]],
    });
    expectError(res, code);
    if (!res.ok) {
      const details = res.error.details as { code: string; rows: number[]; message: string }[];
      expect(details[0]).toMatchObject({ code });
      expect(details[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(data(await admin<Table>({ action: 'getRoutingTable' }))).toEqual(before);
  });

  it('explains a route with the stored reason, as the opinion routing decides it', async () => {
    const { version } = data(await admin<Table>({ action: 'getRoutingTable' }));
    data(await admin({ action: 'setRoutingRules', baseVersion: version, rules: good }));
    const exact = data(
      await admin<{
        deputyIds: string[];
        deputyNames: string[];
        reason: string;
        path: string;
        pathLabel: string;
      }>({
        action: 'explainRoute',
        stationCode: 'JG01',
        villageCode: 'xinmin',
        categoryCode: 'health',
      }),
    );
    expect(exact).toMatchObject({ deputyIds: ['d03'], deputyNames: ['张明'], path: 'village+category' });
    expect(exact.reason).toBe('覆盖新民村 · 医疗卫生 · 在办0件');

    const fallback = data(
      await admin<{ path: string; reason: string }>({
        action: 'explainRoute',
        stationCode: 'JG03',
        villageCode: 'heba',
        categoryCode: 'road',
      }),
    );
    // JG03's lead 杨志强 (d06) never bound WeChat (issue 12 §4): the route skips him and says so.
    expect(fallback).toMatchObject({
      path: 'presidium',
      reason: '联络站无可联系的代表，进入主席团待分办队列（跳过未绑定微信的代表：杨志强）',
    });
    expectError(
      await admin({ action: 'explainRoute', stationCode: 'JG01', villageCode: 'heba', categoryCode: 'road' }),
      'VILLAGE_NOT_IN_STATION',
    );
  });
});

// ------------------------------------------------------------------ holidays

describe('holiday overrides', () => {
  // The county sets the one calendar every township uses; a presidium member reads it.
  const COUNTY_STAFF = PERSONAS.county;

  it('adds, lists and removes overrides in the collection the calendar reads', async () => {
    data(
      await admin(
        {
          action: 'upsertHolidays',
          days: [
            { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
            { date: '2027-10-09', kind: 'workday', name: '国庆调休' },
          ],
        },
        COUNTY_STAFF,
      ),
    );
    expect(doc('holidays', '2027-10-01')).toMatchObject({
      date: '2027-10-01',
      kind: 'holiday',
      name: '国庆节',
    });
    // With the demo's own 2027 overrides (its fixed-date holidays, while 2027 is this year or the next).
    const shipped = demoHolidayOverrides(chinaDate(new Date())).filter(
      (h) => h.date.startsWith('2027-') && h.date !== '2027-10-01',
    );
    expect(data(await admin({ action: 'listHolidays', year: 2027 }))).toEqual(
      [
        ...shipped,
        { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2027-10-09', kind: 'workday', name: '国庆调休' },
      ].sort((a, b) => a.date.localeCompare(b.date)),
    );
    data(await admin({ action: 'removeHoliday', date: '2027-10-09' }, COUNTY_STAFF));
    expect(doc('holidays', '2027-10-09')).toBeUndefined();
  });

  it('are set by county staff only: a presidium member reads them but may not change them', async () => {
    const before = JSON.stringify(docs('holidays'));
    expectError(
      await admin({
        action: 'upsertHolidays',
        days: [{ date: '2027-10-02', kind: 'holiday', name: '国庆节' }],
      }),
      'FORBIDDEN',
    );
    expectError(await admin({ action: 'removeHoliday', date: '2027-10-01' }), 'FORBIDDEN');
    expectError(
      await admin(
        { action: 'removeHoliday', date: '2027-10-01' },
        PERSONAS.presidiumQs,
        undefined,
        'qingshan',
      ),
      'FORBIDDEN',
    );
    expect(JSON.stringify(docs('holidays'))).toBe(before);
    // 金鼓乡's and 青山镇's presidium read the same calendar as the county.
    const county = data(
      await admin({ action: 'listHolidays', year: 2027 }, COUNTY_STAFF, undefined, 'county'),
    );
    expect(data(await admin({ action: 'listHolidays', year: 2027 }))).toEqual(county);
    expect(
      data(await admin({ action: 'listHolidays', year: 2027 }, PERSONAS.presidiumQs, undefined, 'qingshan')),
    ).toEqual(county);
  });

  it("move every township's reception days off a holiday the county declares", async () => {
    const today = chinaDate(new Date());
    const firstDay = (townshipId: string) =>
      docs('receptionDays')
        .filter(
          (d) =>
            d.townshipId === townshipId && d.status === 'scheduled' && (d.date as string) > addDays(today, 7),
        )
        .sort((a, b) => (a.date as string).localeCompare(b.date as string))[0];
    const jg = firstDay('jingu');
    const qs = firstDay('qingshan');
    expect(jg && qs).toBeTruthy();
    const dates = [...new Set([jg.date as string, qs.date as string])];
    const res = data(
      await admin<{ saved: number; daysMoved: number }>(
        { action: 'upsertHolidays', days: dates.map((date) => ({ date, kind: 'holiday', name: '县庆' })) },
        COUNTY_STAFF,
        undefined,
        'county',
      ),
    );
    expect(res.daysMoved).toBeGreaterThanOrEqual(2);
    for (const day of [jg, qs])
      expect(doc('receptionDays', day._id as string)).toMatchObject({
        townshipId: day.townshipId,
        movedFrom: day.date,
      });
    for (const date of dates) data(await admin({ action: 'removeHoliday', date }, COUNTY_STAFF));
  });

  it("keep one county-wide version, not a township's", async () => {
    const version = (countyDoc('configVersions', 'holidays')?.version as number | undefined) ?? 0;
    // Whichever township the county's page is showing, the edit is the county's.
    data(
      await admin(
        { action: 'upsertHolidays', days: [{ date: '2027-11-11', kind: 'holiday', name: '县庆' }] },
        COUNTY_STAFF,
        undefined,
        'qingshan',
      ),
    );
    expect(countyDoc('configVersions', 'holidays')).toMatchObject({
      townshipId: COUNTY,
      version: version + 1,
      updatedBy: COUNTY_STAFF,
    });
    expect(doc('configVersions', 'holidays')).toBeUndefined();
    expect(
      cloud.store.get('configVersions', storedIdIn('qingshan', 'configVersions', 'holidays')),
    ).toBeUndefined();
    for (const [presidium, townshipId] of [
      [PRESIDIUM, 'jingu'],
      [PERSONAS.presidiumQs, 'qingshan'],
    ])
      expect(
        data(
          await admin<{ date: string }[]>(
            { action: 'listHolidays', year: 2027 },
            presidium,
            undefined,
            townshipId,
          ),
        ),
      ).toContainEqual({ date: '2027-11-11', kind: 'holiday', name: '县庆' });
    data(await admin({ action: 'removeHoliday', date: '2027-11-11' }, COUNTY_STAFF, undefined, 'county'));
    expect(countyDoc('configVersions', 'holidays')).toMatchObject({ version: version + 2 });
    expect(doc('holidays', '2027-11-11')).toBeUndefined();
  });

  it.each([
    // Not a real day: refused by the one date schema (server/schemas.ts ymdSchema), before the rules.
    ['an impossible date', [{ date: '2027-02-30', kind: 'holiday', name: '春节' }], 'BAD_INPUT'],
    [
      'the same date twice',
      [
        { date: '2027-02-10', kind: 'holiday', name: '春节' },
        { date: '2027-02-10', kind: 'workday' },
      ],
      'HOLIDAY_DUPLICATE',
    ],
    ['a holiday without a name', [{ date: '2027-02-11', kind: 'holiday' }], 'HOLIDAY_NAME_REQUIRED'],
  ])('refuses %s', async (_, days, code) => {
    const before = docs('holidays').length;
    expectError(await admin({ action: 'upsertHolidays', days }, PERSONAS.county), code);
    expect(docs('holidays')).toHaveLength(before);
  });
});

// ------------------------------------------------------------------ supervision

interface Counts {
  moderation: number;
  queue: number;
  overdue: number;
  supervised: number;
  onTrack: number;
  open: number;
  total: number;
}
interface Item {
  id: string;
  bucket: string;
  reason: string;
  owner: string;
  canChase: boolean;
  chasedToday: boolean;
}

describe('supervision', () => {
  let overdue: string;
  let reopened: string;
  let queued: string;
  let held: string;
  let onTrack: string;
  let startCounts: Counts;

  beforeAll(async () => {
    startCounts = data(await admin<{ counts: Counts }>({ action: 'dashboard' })).counts;
    overdue = seedCase({ daysAgo: 30 });
    reopened = seedCase({ patch: { status: 'accepted', supervised: true, reopenCount: 1 } });
    queued = seedCase({
      routing: {
        owner: { kind: 'presidium' },
        deputyIds: [],
        reason: '联络站无可用代表，进入主席团待分办队列',
        path: 'presidium',
      },
    });
    held = seedCase({ routing: 'review', villager: 'villager-held' });
    onTrack = seedCase();
    seedCase({ patch: { status: 'closed', outcome: 'satisfied' } });
  });

  it('counts every case in play once, and the figures add up', async () => {
    const { counts } = data(await admin<{ counts: Counts }>({ action: 'dashboard' }));
    expect(counts.moderation - startCounts.moderation).toBe(1);
    expect(counts.queue - startCounts.queue).toBe(1);
    expect(counts.overdue - startCounts.overdue).toBe(1);
    expect(counts.supervised - startCounts.supervised).toBe(1);
    expect(counts.onTrack - startCounts.onTrack).toBe(1);
    expect(counts.open).toBe(counts.queue + counts.overdue + counts.supervised + counts.onTrack);
    expect(counts.total).toBe(counts.open + counts.moderation);
  });

  it('lists what needs the presidium with reasons and owners', async () => {
    const list = data(await admin<{ items: Item[]; counts: Counts }>({ action: 'supervisionList' }));
    const byId = new Map(list.items.map((i) => [i.id, i]));
    expect(byId.get(overdue)).toMatchObject({ bucket: 'overdue', owner: '代表王建国', canChase: true });
    expect(byId.get(overdue)!.reason).toMatch(/^超过受理时限\d+个工作日/);
    expect(byId.get(reopened)).toMatchObject({ bucket: 'supervised', reason: '群众不满意，第1次重新办理' });
    expect(byId.get(queued)).toMatchObject({ bucket: 'queue', owner: '乡镇人大主席团', canChase: false });
    expect(byId.has(held)).toBe(false);
    expect(byId.has(onTrack)).toBe(false);
    expect(list.items).toHaveLength(list.counts.queue + list.counts.overdue + list.counts.supervised);
  });

  it('chases once a day: a timeline event and a deadline message to the deputy', async () => {
    const res = data(
      await admin<{ notified: number }>({ action: 'chase', id: overdue, note: '请本周内答复' }),
    );
    expect(res.notified).toBe(1);
    const last = eventsOf(overdue).at(-1)!;
    expect(last).toMatchObject({
      type: 'reminded',
      actorRole: 'presidium',
      note: '请本周内答复',
      visibleToVillager: false,
    });
    const messages = outboxFor('demo-deputy-1', 'opinionDeadline').filter(
      (m) => m.ref === `opinion:${overdue}`,
    );
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0].data)).toContain('主席团催办');

    expectError(await admin({ action: 'chase', id: overdue }), 'CHASE_TOO_SOON');
    expect(eventsOf(overdue).filter((e) => e.type === 'reminded')).toHaveLength(1);
    const item = data(await admin<{ items: Item[] }>({ action: 'supervisionList' })).items.find(
      (i) => i.id === overdue,
    );
    expect(item).toMatchObject({ canChase: false, chasedToday: true });

    const tomorrow = chinaInstant(addDays(chinaDate(new Date()), 1), '10:00').toISOString();
    data(await admin({ action: 'chase', id: overdue }, PRESIDIUM, tomorrow));
    expect(eventsOf(overdue).filter((e) => e.type === 'reminded')).toHaveLength(2);
    expectError(await admin({ action: 'chase', id: queued }), 'CHASE_NOT_OPEN');
    expectError(await admin({ action: 'chase', id: 'nosuchcase' }), 'OPINION_NOT_FOUND');
  });

  it('merges a duplicate: its villager follows the main case and is told, both timelines say so', async () => {
    const main = seedCase({ villager: 'villager-main' });
    const dup = seedCase({ villager: 'villager-dup' });
    const res = data(
      await admin<{ informed: number }>({ action: 'mergeOpinions', sourceId: dup, targetId: main }),
    );
    expect(res.informed).toBe(1);
    expect(doc('opinions', dup)).toMatchObject({ status: 'merged', mergedInto: main });
    expect(doc('opinions', main)!.followers).toEqual(['villager-dup']);
    expect(eventsOf(dup).at(-1)).toMatchObject({ type: 'merged', data: { mergedInto: main } });
    expect(eventsOf(main).at(-1)).toMatchObject({ type: 'merged', actorRole: 'presidium' });
    const told = outboxFor('villager-dup', 'opinionProgress');
    expect(told).toHaveLength(1);
    expect(told[0].page).toContain(main);
    // A retry answers the same merge and tells nobody twice.
    data(await admin({ action: 'mergeOpinions', sourceId: dup, targetId: main }));
    expect(outboxFor('villager-dup', 'opinionProgress')).toHaveLength(1);
    expectError(await admin({ action: 'mergeOpinions', sourceId: main, targetId: main }), 'CANNOT_MERGE');
  });

  it("merge messages give a follower the source's words only with its villager's consent", async () => {
    const words = '我家门口13912345678旁边的排水沟堵了';
    const main = seedCase({ villager: 'villager-main2' });
    const dup = seedCase({
      villager: 'villager-author',
      text: words,
      patch: { consentToPublish: false, followers: ['villager-follower'] },
    });
    data(await admin({ action: 'mergeOpinions', sourceId: dup, targetId: main }));
    const toFollower = JSON.stringify(outboxFor('villager-follower', 'opinionProgress')[0].data);
    expect(toFollower).not.toContain('我家门口');
    expect(toFollower).toContain('内容未公开');
    // The author reads their own words.
    expect(JSON.stringify(outboxFor('villager-author', 'opinionProgress')[0].data)).toContain('我家门口');

    const consented = seedCase({
      villager: 'villager-author2',
      text: words,
      patch: { followers: ['villager-follower2'] },
    });
    data(await admin({ action: 'mergeOpinions', sourceId: consented, targetId: main }));
    const masked = JSON.stringify(outboxFor('villager-follower2', 'opinionProgress')[0].data);
    expect(masked).toContain('我家门口');
    expect(masked).not.toContain('13912345678');
  });

  it('moderates: approve routes the case, reject closes it and tells the villager', async () => {
    const queue = data(await admin<{ id: string; text: string }[]>({ action: 'moderationQueue' }));
    expect(queue.map((q) => q.id)).toContain(held);
    expect(JSON.stringify(queue)).not.toContain('13812345678');

    const approved = data(
      await admin<{ status: string; deputyIds: string[] }>({
        action: 'moderate',
        id: held,
        decision: 'approve',
      }),
    );
    expect(approved.status).toBe('assigned');
    expect(approved.deputyIds.length).toBe(1);
    expect(eventsOf(held).at(-1)).toMatchObject({ type: 'assigned', actorRole: 'presidium' });
    expectError(await admin({ action: 'moderate', id: held, decision: 'approve' }), 'MODERATION_NOT_PENDING');

    const bad = seedCase({ routing: 'review', villager: 'villager-bad' });
    expectError(await admin({ action: 'moderate', id: bad, decision: 'reject' }), 'REASON_REQUIRED');
    data(await admin({ action: 'moderate', id: bad, decision: 'reject', reason: '内容与本乡无关' }));
    expect(doc('opinions', bad)).toMatchObject({ status: 'closed', outcome: 'rejected' });
    expect(eventsOf(bad).at(-1)).toMatchObject({ type: 'rejected', note: '内容与本乡无关' });
    expect(outboxFor('villager-bad', 'opinionProgress')).toHaveLength(1);
  });

  it('reassigns a queued case to a deputy with the reason, and the deputy is told', async () => {
    expectError(
      await admin({ action: 'reassign', id: queued, deputyIds: ['ghost'], reason: '熟悉情况' }),
      'ASSIGNEES_REQUIRED',
    );
    const res = data(
      await admin<{ owner: string; status: string }>({
        action: 'reassign',
        id: queued,
        deputyIds: ['d02'],
        reason: '熟悉情况',
      }),
    );
    expect(res).toMatchObject({ owner: '代表李秀英', status: 'assigned' });
    expect(eventsOf(queued).at(-1)).toMatchObject({ type: 'assigned', note: '主席团分办：熟悉情况' });
    expect(outboxFor('demo-deputy-2', 'opinionAssigned').some((m) => m.ref === `opinion:${queued}`)).toBe(
      true,
    );
  });

  it("records a department's answer on a transferred case", async () => {
    const id = seedCase();
    const o = doc('opinions', id) as unknown as Opinion & { rev: number };
    const t = transition(
      o,
      { type: 'transfer', department: { _id: 'agri', name: '乡农业综合服务中心', active: true } },
      { role: 'deputy', openid: 'demo-deputy-1', deputyId: 'd01' },
      new Date(),
      calendar,
    );
    if (!t.ok) throw new Error(t.reason);
    cloud.store.commit([{ collection: 'opinions', id, doc: { ...o, ...t.value.patch } as never }]);
    const waiting = data(
      await admin<{ items: Item[]; itemCount: number }>({ action: 'supervisionList', status: 'transferred' }),
    );
    expect(waiting.items.map((i) => i.id)).toEqual([id]);
    expect(waiting.itemCount).toBe(1);
    const res = data(
      await admin<{ status: string }>({ action: 'recordDepartmentAnswer', id, answer: '已安排本月修复' }),
    );
    expect(res.status).toBe('replied');
    expect(doc('opinions', id)).toMatchObject({ answer: '已安排本月修复' });
    expect(eventsOf(id).at(-1)).toMatchObject({
      type: 'replied',
      data: { departmentName: '乡农业综合服务中心' },
    });
  });
});
