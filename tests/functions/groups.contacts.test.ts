/**
 * 代表码 and contact duties end to end through the groups and opinion functions on the local cloud:
 * the presidium makes a deputy's code → a villager scans it (the scene resolved as the page does) →
 * the deputy's page → 给代表留言 → the case lands with that deputy (owner, reason, path 'addressed')
 * and they are told; handed back → routed as usual; addressed to another station's or an inactive
 * deputy → routed as usual with the reason. The A4 sheet of codes decodes to the scenes. 分片联系,
 * 结对帮扶 (named to staff only) and a visit that becomes a duty record once per request. Bad input.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { parseDeputyScene } from '../../core/groups/contacts.rules';
import { demoCloud, expectError, submitOpinion, unwrap } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

// The first calls start the functions and draw QR codes: on a shared machine that takes seconds.
jest.setTimeout(60_000);

/** A Wednesday (a working day), 10:00 China time. */
const AT = '2026-11-18T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const DEPUTY1 = 'demo-deputy-1'; // d01 王建国, JG01
const DEPUTY2 = 'demo-deputy-2'; // d02 李秀英, JG01
const VILLAGER = 'demo-villager';

beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  cloud.store.commit([
    {
      collection: 'deputies',
      id: 'd90',
      doc: {
        _id: 'd90',
        townshipId: 'jingu',
        name: '赵停用',
        level: 'township',
        title: '',
        photo: '',
        phone: '13890009090',
        stationCode: 'JG01',
        villageCodes: ['jingu'],
        categories: [],
        group: '',
        openid: 'demo-deputy-off',
        active: false,
      },
    },
  ]);
});
afterAll(() => cloud.stop());

const call = <T = Record<string, unknown>>(event: object, openid?: string, at = AT) =>
  cloud.call<T>('groups', event, openid, at);
let rid = 0;
const requestId = () => `contact-req-${++rid}-${Date.now()}`;
type Stored = Record<string, unknown> & { _id: string };
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as Stored);
const count = (collection: string) => cloud.store.entries(collection).size;
const opinion = (id: string) =>
  docs('opinions').find((o) => o._id === id) as unknown as {
    owner: { kind: string; deputyIds?: string[] };
    routing: { reason: string; path: string };
  };

const decode = (pngBase64: string) => {
  const png = PNG.sync.read(Buffer.from(pngBase64, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};

describe('代表码: scan → page → 给代表留言', () => {
  it('makes a code whose scene names the deputy and township, opening the deputy page', async () => {
    const code = unwrap(
      await call<{ scene: string; page: string; pngBase64: string }>(
        { action: 'deputyCode', deputyId: 'd02' },
        PRESIDIUM,
      ),
    );
    expect(code.scene).toBe('d=d02&t=jingu');
    expect(code.page).toBe('pages/deputy/index');
    expect(decode(code.pngBase64)).toBe('d=d02&t=jingu');
    expect(parseDeputyScene(encodeURIComponent(code.scene))).toEqual({ deputyId: 'd02', township: 'jingu' });
  });

  it('lets a deputy have their own code only, and no villager', async () => {
    expect((await call({ action: 'deputyCode', deputyId: 'd01' }, DEPUTY1)).ok).toBe(true);
    expectError(await call({ action: 'deputyCode', deputyId: 'd02' }, DEPUTY1), 'FORBIDDEN');
    expectError(await call({ action: 'deputyCode', deputyId: 'd02' }, VILLAGER), 'FORBIDDEN');
  });

  it('shows the villager the deputy page with public facts only', async () => {
    const scanned = parseDeputyScene(encodeURIComponent('d=d02&t=jingu'))!;
    const page = unwrap(
      await cloud.call<{
        deputy: Record<string, unknown>;
        stations: { code: string }[];
        figures: Record<string, number>;
        township: { id: string };
      }>(
        'groups',
        { action: 'deputyPage', deputyId: scanned.deputyId, townshipId: scanned.township },
        VILLAGER,
      ),
    );
    expect(page.deputy).toMatchObject({
      id: 'd02',
      name: '李秀英',
      level: 'township',
      levelLabel: '乡镇人大代表',
    });
    expect(page.stations.map((s) => s.code)).toEqual(['JG01']);
    expect(page.township.id).toBe('jingu');
    expect(typeof page.figures.activities).toBe('number');
    const text = JSON.stringify(page);
    expect(text).not.toContain('13890001002');
    expect(text).not.toContain(DEPUTY2);
  });

  it('answers DEPUTY_CODE_NOT_FOUND for an unknown or inactive deputy', async () => {
    expectError(await call({ action: 'deputyPage', deputyId: 'nobody' }, VILLAGER), 'DEPUTY_CODE_NOT_FOUND');
    expectError(await call({ action: 'deputyPage', deputyId: 'd90' }, VILLAGER), 'DEPUTY_CODE_NOT_FOUND');
  });

  let addressedId = '';
  it('files an opinion addressed to the deputy: it lands with them on the path "addressed", and they are told', async () => {
    const res = unwrap(
      await submitOpinion(
        cloud,
        VILLAGER,
        { requestId: requestId(), text: '村口路灯坏了很久了', deputyId: 'd02' },
        AT,
      ),
    );
    addressedId = res.id;
    const o = opinion(res.id);
    expect(o.owner).toEqual({ kind: 'deputies', deputyIds: ['d02'] });
    expect(o.routing).toEqual({ path: 'addressed', reason: '写给李秀英代表，由其本人办理' });
    const told = docs('outbox').filter(
      (m) => m.openid === DEPUTY2 && m.template === 'opinionAssigned' && m.ref === `opinion:${res.id}`,
    );
    expect(told).toHaveLength(1);
  });

  it('routes as usual when the addressed deputy hands it back', async () => {
    unwrap(
      await cloud.call(
        'opinion',
        {
          action: 'handBack',
          requestId: requestId(),
          opinionId: addressedId,
          reason: '这件事归金鼓村代表管',
        },
        DEPUTY2,
        AT,
      ),
    );
    const o = opinion(addressedId);
    expect(o.owner).toEqual({ kind: 'deputies', deputyIds: ['d01'] });
    expect(o.routing.path).toBe('village+category');
  });

  it('keeps the addressed deputy on a case held for content review: approved, it lands with them; handed back, routed as usual', async () => {
    const held = unwrap(
      await submitOpinion(
        cloud,
        VILLAGER,
        { requestId: requestId(), text: '卫生室有人让加微信买药，请核实', deputyId: 'd02' },
        AT,
      ),
    ) as { id: string; held?: boolean };
    expect(held.held).toBe(true);
    expect(docs('opinions').find((o) => o._id === held.id)).toMatchObject({
      status: 'review',
      addressedTo: 'd02',
    });
    unwrap(
      await cloud.call('admin', { action: 'moderate', id: held.id, decision: 'approve' }, PRESIDIUM, AT),
    );
    expect(opinion(held.id).owner).toEqual({ kind: 'deputies', deputyIds: ['d02'] });
    expect(opinion(held.id).routing).toEqual({ path: 'addressed', reason: '写给李秀英代表，由其本人办理' });
    unwrap(
      await cloud.call(
        'opinion',
        { action: 'handBack', requestId: requestId(), opinionId: held.id, reason: '不归我联系' },
        DEPUTY2,
        AT,
      ),
    );
    expect(opinion(held.id).owner.deputyIds).not.toContain('d02');
    expect(opinion(held.id).routing.path).not.toBe('addressed');
  });

  it.each([
    ['of another station', 'd04', '写给的刘德华代表不在本联络站'],
    ['inactive', 'd90', '写给的赵停用代表已停用'],
    ['unknown', 'd-none', '写给的代表不存在'],
  ])('routes as usual when the addressed deputy is %s, and says why', async (_, deputyId, why) => {
    const res = unwrap(
      await submitOpinion(
        cloud,
        VILLAGER,
        { requestId: requestId(), text: `桥头路面塌陷${deputyId}`, deputyId },
        AT,
      ),
    );
    const o = opinion(res.id);
    expect(o.owner).toEqual({ kind: 'deputies', deputyIds: ['d01'] });
    expect(o.routing.path).toBe('village+category');
    expect(o.routing.reason.startsWith(`${why}，按常规分办：`)).toBe(true);
  });

  it('prints every active deputy code on A4: each image decodes to its deputy scene', async () => {
    const sheet = unwrap(
      await call<{ html: string; url?: string; count: number }>({ action: 'printDeputyCodes' }, PRESIDIUM),
    );
    const active = docs('deputies').filter((d) => d.active && d.townshipId === 'jingu');
    expect(sheet.count).toBe(active.length);
    expect(sheet.url).toBeTruthy();
    expect(sheet.html).toContain('李秀英');
    expect(sheet.html).toContain('乡镇人大代表');
    expect(sheet.html).not.toContain('赵停用');
    const images = [...sheet.html.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => m[1]);
    expect(images).toHaveLength(active.length);
    const scenes = images.map(decode);
    expect(scenes).toContain('d=d02&t=jingu');
    expect(scenes.every((s) => /^d=[A-Za-z0-9_-]+&t=jingu$/.test(s ?? ''))).toBe(true);
    expectError(await call({ action: 'printDeputyCodes' }, DEPUTY1), 'FORBIDDEN');
  }, 120_000);
});

describe('contact duties: 分片联系 and 结对帮扶', () => {
  let pairId = '';
  it('assigns a presidium member to a deputy, and refuses anyone else', async () => {
    const res = unwrap(
      await call({ action: 'assignContact', deputyId: 'd01', memberOpenid: PRESIDIUM }, PRESIDIUM),
    );
    expect(res).toMatchObject({ deputyId: 'd01', member: { openid: PRESIDIUM } });
    const before = count('contactAssignments');
    expectError(
      await call({ action: 'assignContact', deputyId: 'd02', memberOpenid: DEPUTY1 }, PRESIDIUM),
      'CONTACT_MEMBER_NOT_FOUND',
    );
    expectError(
      await call({ action: 'assignContact', deputyId: 'nobody', memberOpenid: PRESIDIUM }, PRESIDIUM),
      'CONTACT_DEPUTY_NOT_FOUND',
    );
    expectError(
      await call({ action: 'assignContact', deputyId: 'd01', memberOpenid: PRESIDIUM }, DEPUTY1),
      'FORBIDDEN',
    );
    expect(count('contactAssignments')).toBe(before);
  });

  it('pairs a deputy with a household, once per request', async () => {
    const rq = requestId();
    const input = {
      action: 'savePair',
      requestId: rq,
      deputyId: 'd01',
      householdName: '孙大爷',
      villageCode: 'jingu',
      situation: '独居老人，腿脚不便',
    };
    const pair = unwrap(await call<{ id: string; villageName: string }>(input, PRESIDIUM));
    pairId = pair.id;
    expect(pair.villageName).toBe('金鼓村');
    const again = unwrap(await call<{ id: string }>(input, PRESIDIUM));
    expect(again.id).toBe(pairId);
    expect(docs('householdPairs').filter((p) => p.deputyId === 'd01')).toHaveLength(1);
  });

  it.each([
    ['an empty name', { householdName: '  ' }, 'CONTACT_HOUSEHOLD_INVALID'],
    ['an unknown village', { villageCode: 'nowhere' }, 'CONTACT_HOUSEHOLD_INVALID'],
    ['a missing situation', { situation: '' }, 'CONTACT_HOUSEHOLD_INVALID'],
    ['an unknown deputy', { deputyId: 'nobody' }, 'CONTACT_DEPUTY_NOT_FOUND'],
  ])('refuses a pair with %s and writes nothing', async (_, over, code) => {
    const before = count('householdPairs');
    const input = {
      action: 'savePair',
      requestId: requestId(),
      deputyId: 'd01',
      householdName: '周大娘',
      villageCode: 'jingu',
      situation: '因病致困',
      ...over,
    };
    expectError(await call(input, PRESIDIUM), code);
    expect(count('householdPairs')).toBe(before);
  });

  it('shows the presidium the overview with the household, and the deputy their own', async () => {
    const overview = unwrap(
      await call<{
        deputies: { id: string; member: { name: string } | null; pairs: { householdName: string }[] }[];
      }>({ action: 'contactOverview' }, PRESIDIUM),
    );
    const d01 = overview.deputies.find((d) => d.id === 'd01')!;
    expect(d01.member).not.toBeNull();
    expect(d01.pairs.map((p) => p.householdName)).toEqual(['孙大爷']);
    const mine = unwrap(
      await call<{ member: { name: string } | null; pairs: { id: string }[] }>(
        { action: 'myContacts' },
        DEPUTY1,
      ),
    );
    expect(mine.pairs.map((p) => p.id)).toEqual([pairId]);
    expect(mine.member).not.toBeNull();
    expectError(await call({ action: 'contactOverview' }, VILLAGER), 'FORBIDDEN');
    expectError(await call({ action: 'myContacts' }, VILLAGER), 'FORBIDDEN');
  });

  it('logs a visit as a duty record once per request, never naming the household', async () => {
    const rq = requestId();
    const input = {
      action: 'logVisit',
      requestId: rq,
      pairId,
      kind: 'help',
      date: '2026-11-17',
      note: '送去米面油，帮忙联系村医上门',
      peopleReached: 1,
    };
    const visit = unwrap(await call<{ id: string; dutyRecordId: string }>(input, DEPUTY1));
    const again = unwrap(await call<{ id: string }>(input, DEPUTY1));
    expect(again.id).toBe(visit.id);
    const records = docs('dutyRecords').filter((r) => r.sourceRef === `contact:${visit.id}`);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ deputyId: 'd01', type: 'help', date: '2026-11-17', source: 'system' });
    expect(String(records[0].description)).not.toContain('孙大爷');
    expect(docs('contactVisits').filter((v) => v._id === visit.id)).toHaveLength(1);
  });

  it.each([
    ['an empty note', { note: ' ' }, DEPUTY1, 'CONTACT_VISIT_INVALID'],
    ['a day in the future', { date: '2026-11-30' }, DEPUTY1, 'DATE_OUT_OF_RANGE'],
    ['another deputy', {}, DEPUTY2, 'CONTACT_PAIR_NOT_YOURS'],
    ['an unknown pair', { pairId: 'hp_nobody-at-all' }, DEPUTY1, 'CONTACT_PAIR_NOT_FOUND'],
    ['a villager', {}, VILLAGER, 'FORBIDDEN'],
  ])('refuses a visit with %s and writes nothing', async (_, over, openid, code) => {
    const [visits, records] = [count('contactVisits'), count('dutyRecords')];
    const input = {
      action: 'logVisit',
      requestId: requestId(),
      pairId,
      date: '2026-11-17',
      note: '上门走访',
      ...over,
    };
    expectError(await call(input, openid), code);
    expect([count('contactVisits'), count('dutyRecords')]).toEqual([visits, records]);
  });

  it('counts households helped, visits and deputies contacted in the figures, naming no household', async () => {
    type Report = {
      figures: {
        code: string;
        value: number | null;
        parts: Record<string, { key: string; value: number }[]>;
      }[];
    };
    const report = unwrap(
      await cloud.call<Report>(
        'figures',
        { action: 'report', period: { kind: 'year', year: 2026 }, scope: { kind: 'township' } },
        PRESIDIUM,
        AT,
      ),
    );
    const fig = (code: string) => report.figures.find((f) => f.code === code)!;
    expect(fig('contacts.households').value).toBe(1);
    expect(fig('contacts.households').parts.deputy).toEqual([
      expect.objectContaining({ key: 'd01', value: 1 }),
    ]);
    expect(fig('contacts.visits').value).toBe(1);
    expect(fig('contacts.deputiesContacted').value).toBe(1);
    const drill = unwrap(
      await cloud.call<{ total: number; rows: { title: string; detail: string }[] }>(
        'figures',
        {
          action: 'drill',
          period: { kind: 'year', year: 2026 },
          scope: { kind: 'township' },
          code: 'contacts.households',
          limit: 50,
        },
        PRESIDIUM,
        AT,
      ),
    );
    expect(drill.total).toBe(1);
    expect(JSON.stringify(drill)).not.toContain('孙大爷');
  });

  it('ends a pair: no more visits against it', async () => {
    unwrap(await call({ action: 'endPair', pairId }, PRESIDIUM));
    expectError(
      await call(
        { action: 'logVisit', requestId: requestId(), pairId, date: '2026-11-17', note: '回访' },
        DEPUTY1,
      ),
      'CONTACT_PAIR_ENDED',
    );
  });
});
