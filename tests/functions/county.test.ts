/**
 * The county's view (县人大常委会): every township side by side from each township's own figures, the
 * county row the sum of the townships, a new township with its first presidium invite, a township's
 * cases read (never handled) — and no action that changes a case admits the county.
 */
import { TOWNSHIP_COUNT_KEYS, type CountyOverview } from '../../core/county/county.view';
import { admits } from '../../core/identity/role.rules';
import { PERSONAS } from '../../local/demo/township.seed';
import { FUNCTIONS } from '../../scripts/generate';
import { demoCloud, expectError, submitOpinion, type DemoCloud } from './support';

const NOW = '2026-06-10T02:00:00.000Z';
const COUNTY_STAFF = PERSONAS.county;

let cloud: DemoCloud;
let rid = 0;
const requestId = () => `county-test-${String(++rid).padStart(4, '0')}`;

beforeAll(async () => {
  cloud = await demoCloud(new Date(NOW));
  const resolved = (id: string, submittedAt: string, resolvedAt: string, rating: string) => ({
    collection: 'opinions',
    id,
    doc: {
      _id: id,
      townshipId: 'qingshan',
      status: 'closed',
      stationCode: 'QS01',
      villageCode: 'qingshan',
      categoryCode: 'road',
      owner: { kind: 'deputies', deputyIds: ['q01', 'q02'] },
      submittedAt: new Date(submittedAt),
      submittedOn: submittedAt.slice(0, 10),
      resolvedAt: new Date(resolvedAt),
      ratings: [{ rating, at: new Date(resolvedAt) }],
    },
  });
  cloud.store.commit([
    // 青山镇: two cases received and resolved this year (shared by two deputies: still one case each),
    // one received last year and resolved this year, and a reception day held with two villagers.
    resolved('qs-fixture-1', '2026-02-01T02:00:00.000Z', '2026-03-01T02:00:00.000Z', 'satisfied'),
    resolved('qs-fixture-2', '2026-02-03T02:00:00.000Z', '2026-03-02T02:00:00.000Z', 'unsatisfied'),
    resolved('qs-fixture-3', '2025-12-20T02:00:00.000Z', '2026-01-10T02:00:00.000Z', 'basicallySatisfied'),
    {
      collection: 'receptionDays',
      id: 'QS01:2026-04-15',
      doc: {
        _id: 'QS01:2026-04-15',
        townshipId: 'qingshan',
        stationCode: 'QS01',
        date: '2026-04-15',
        deputyIds: ['q01', 'q02'],
        status: 'done',
      },
    },
    ...['a', 'b'].map((x) => ({
      collection: 'bookings',
      id: `qs-booking-${x}`,
      doc: {
        _id: `qs-booking-${x}`,
        townshipId: 'qingshan',
        dayId: 'QS01:2026-04-15',
        stationCode: 'QS01',
        openid: `qs-villager-${x}`,
        status: 'checkedIn',
      },
    })),
  ] as never);
  // 金鼓乡: two open cases filed today through the real function.
  for (const text of ['村口道路坑洼，下雨积水严重', '路灯坏了很久没人修']) {
    const res = await submitOpinion(cloud, 'jg-villager-1', { requestId: requestId(), text }, NOW);
    expect(res.ok).toBe(true);
  }
});
afterAll(() => cloud.stop());

const overview = async () => {
  const res = await cloud.call<CountyOverview>(
    'county',
    { action: 'townships', townshipId: undefined },
    COUNTY_STAFF,
    NOW,
  );
  if (!res.ok) throw new Error(JSON.stringify(res));
  return res.data;
};

describe('county.townships', () => {
  it("shows every township's own figures, and the county row is their sum", async () => {
    const o = await overview();
    expect(o.year).toBe(2026);
    expect(o.townships.map((t) => [t.id, t.name])).toEqual([
      ['jingu', '金鼓乡'],
      ['qingshan', '青山镇'],
    ]);
    const [jingu, qingshan] = o.townships;
    expect(jingu).toMatchObject({
      stations: 3,
      deputies: 8,
      openCases: 2,
      receivedThisYear: 2,
      resolvedThisYear: 0,
    });
    expect(qingshan).toMatchObject({
      stations: 2,
      deputies: 5,
      openCases: 0,
      receivedThisYear: 2,
      resolvedThisYear: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      receptionDaysHeld: 1,
      villagersReceived: 2,
    });
    for (const key of TOWNSHIP_COUNT_KEYS) {
      expect(o.total[key]).toBe(o.townships.reduce((sum, t) => sum + t[key], 0));
    }
    expect(o.total.receivedThisYear).toBe(4);
  });

  it('shows 办结率 only from the fair minimum sample, and the total rate from the summed counts', async () => {
    const o = await overview();
    expect(o.townships[1].resolutionRate).toEqual({ kind: 'insufficient', sample: 2, needed: 5 });
    expect(o.townships[1].resolutionLabel).toBe('样本不足（2/5）');
    expect(o.total.resolutionRate.kind).toBe('insufficient');
    expect(o.total.satisfactionRate).toEqual({ kind: 'insufficient', sample: 3, needed: 5 });
    // Three more cases in 金鼓乡 bring the county to 7 received, 3 resolved: 43%.
    for (const text of ['河道垃圾需要清理', '学校门口缺少斑马线', '广场噪音扰民']) {
      expect((await submitOpinion(cloud, 'jg-villager-2', { requestId: requestId(), text }, NOW)).ok).toBe(
        true,
      );
    }
    const after = await overview();
    expect(after.townships[0].resolutionRate).toEqual({ kind: 'rate', value: 0, sample: 5 });
    expect(after.total.resolutionRate).toEqual({ kind: 'rate', value: 3 / 7, sample: 7 });
    expect(after.total.resolutionLabel).toBe('43%');
  });

  it('is the county staff’s only: a presidium member, a deputy or a villager is refused', async () => {
    for (const who of [PERSONAS.presidium, PERSONAS.presidiumQs, PERSONAS.deputy1, 'jg-villager-1']) {
      expectError(await cloud.call('county', { action: 'townships' }, who, NOW), 'FORBIDDEN');
    }
  });
});

describe('county.addTownship', () => {
  it('adds a township and answers the invite its first presidium member redeems there', async () => {
    const input = {
      action: 'addTownship',
      requestId: 'add-hexi-0001',
      id: 'hexi',
      name: '河西镇',
      presidiumName: '赵主席',
    };
    const res = await cloud.call<{ id: string; invite: { code: string; role: string } }>(
      'county',
      input,
      COUNTY_STAFF,
      NOW,
    );
    expect(res).toMatchObject({
      ok: true,
      data: { id: 'hexi', name: '河西镇', invite: { role: 'presidium' } },
    });
    if (!res.ok) return;
    // A retry of the same request answers the same code.
    const again = await cloud.call<{ invite: { code: string } }>('county', input, COUNTY_STAFF, NOW);
    expect(again.ok && again.data.invite.code).toBe(res.data.invite.code);

    const o = await overview();
    expect(o.townships.map((t) => t.id)).toEqual(['jingu', 'qingshan', 'hexi']);
    expect(o.townships[2]).toMatchObject({ stations: 0, deputies: 0, openCases: 0, receivedThisYear: 0 });

    const redeemed = await cloud.call(
      'account',
      { action: 'redeemInvite', code: res.data.invite.code, townshipId: undefined },
      'wx-hexi-zhao',
      NOW,
    );
    expect(redeemed).toMatchObject({ ok: true, data: { role: 'presidium', name: '赵主席' } });
    const who = await cloud.call('account', { action: 'whoami', townshipId: 'hexi' }, 'wx-hexi-zhao', NOW);
    expect(who).toMatchObject({ ok: true, data: { role: 'presidium' } });
    // The new presidium member is 河西镇's, not 金鼓乡's.
    expectError(
      await cloud.call('admin', { action: 'dashboard', townshipId: 'jingu' }, 'wx-hexi-zhao', NOW),
      'FORBIDDEN',
    );
  });

  it('refuses an id already used with TOWNSHIP_ID_TAKEN, and the county’s own id as bad input', async () => {
    expectError(
      await cloud.call(
        'county',
        { action: 'addTownship', requestId: requestId(), id: 'jingu', name: '又一个金鼓乡' },
        COUNTY_STAFF,
        NOW,
      ),
      'TOWNSHIP_ID_TAKEN',
    );
    for (const id of ['county', 'Jingu', 'x', '1abc']) {
      expectError(
        await cloud.call(
          'county',
          { action: 'addTownship', requestId: requestId(), id, name: '新乡镇' },
          COUNTY_STAFF,
          NOW,
        ),
        'BAD_INPUT',
      );
    }
    expectError(
      await cloud.call(
        'county',
        { action: 'addTownship', requestId: requestId(), id: 'beishan', name: '北山乡' },
        PERSONAS.presidium,
        NOW,
      ),
      'FORBIDDEN',
    );
  });
});

describe('county.cases', () => {
  it("lists the township's cases as its presidium's supervision list shows them", async () => {
    const asCounty = await cloud.call<{ items: { stationCode: string }[]; counts: unknown }>(
      'county',
      { action: 'cases', townshipId: 'jingu', bucket: 'onTrack' },
      COUNTY_STAFF,
      NOW,
    );
    const asPresidium = await cloud.call(
      'admin',
      { action: 'supervisionList', bucket: 'onTrack' },
      PERSONAS.presidium,
      NOW,
    );
    expect(asCounty.ok).toBe(true);
    expect(asCounty).toEqual(asPresidium);
    if (asCounty.ok) expect(asCounty.data.items.length).toBeGreaterThan(0);
    const qs = await cloud.call<{ items: unknown[] }>(
      'county',
      { action: 'cases', townshipId: 'qingshan', bucket: 'onTrack' },
      COUNTY_STAFF,
      NOW,
    );
    expect(qs).toMatchObject({ ok: true, data: { items: [] } });
  });

  it('needs the township named, and refuses an unknown one', async () => {
    expectError(
      await cloud.call('county', { action: 'cases', townshipId: undefined }, COUNTY_STAFF, NOW),
      'TOWNSHIP_REQUIRED',
    );
    expectError(
      await cloud.call('county', { action: 'cases', townshipId: 'nowhere' }, COUNTY_STAFF, NOW),
      'TOWNSHIP_NOT_FOUND',
    );
  });
});

describe('county staff read cases but never handle one', () => {
  /**
   * Every action the county may call, by function. Anything else admitting 'county' (a new action, or a
   * role list gaining 'county') fails here until it is judged: the county area's own actions; the
   * holiday overrides and legal-knowledge articles the county sets for every township; and reads or a
   * person's own things open to anyone (none of them changes a case).
   */
  const COUNTY_MAY: Record<string, (action: string) => boolean> = {
    county: () => true,
    admin: (a) => /Holiday/.test(a),
    article: () => true,
    account: (a) => ['whoami', 'recordSubscriptions', 'mySubscriptions', 'bootstrapCounty'].includes(a),
    station: (a) => ['townships', 'list', 'get'].includes(a),
    booking: (a) => ['listDays', 'mine', 'myWaitlist'].includes(a),
    duty: (a) =>
      [
        'getNotice',
        'currentNotice',
        'noticeHistory',
        'followStation',
        'unfollowStation',
        'followState',
        'rateEvaluation',
        'getEvaluation',
        'listEvaluations',
      ].includes(a),
    opinion: (a) => ['categories', 'similar', 'publicAnswers'].includes(a),
    // The township's figures, sheets and ledgers: read only (an export records only who made it).
    figures: () => true,
    // A station's groups and activities and a deputy's page: public reads.
    groups: (a) => ['stationGroups', 'stationActivities', 'deputyPage'].includes(a),
    // The congress's public side: sessions, candidates, results and projects read; a person's own
    // comment on a candidate and following a project (as anyone may). No ballot, no plan, no rating.
    congress: (a) =>
      [
        'listSessions',
        'getSession',
        'listCandidates',
        'getCandidate',
        'commentCandidate',
        'sessionResults',
        'verifyTally',
        'listProjects',
        'getProject',
        'followProject',
        'unfollowProject',
      ].includes(a),
    // The suggestion an opinion was raised into, as its villager sees it (a read).
    suggestion: (a) => a === 'ofOpinion',
  };
  const CASE_FUNCTIONS = ['opinion', 'department', 'admin'];

  it('no action that changes a case admits the county, in any action table', () => {
    const admitting = FUNCTIONS.flatMap((fn) =>
      Object.entries(fn.actions)
        .filter(([, def]) => def.audience !== 'system' && admits(def.audience, 'county'))
        .map(([name]) => [fn.name, name] as const),
    );
    expect(admitting.length).toBeGreaterThan(0);
    const unjudged = admitting.filter(([fn, a]) => !(COUNTY_MAY[fn]?.(a) ?? false));
    expect(unjudged).toEqual([]);
    // Of the functions that change cases, the county reaches only reads open to anyone and the holidays.
    const inCaseFunctions = admitting
      .filter(([fn]) => CASE_FUNCTIONS.includes(fn))
      .map(([fn, a]) => `${fn}.${a}`);
    for (const name of inCaseFunctions)
      expect(name).toMatch(/^(opinion\.(categories|similar|publicAnswers)|admin\.\w*Holiday\w*)$/);
  });

  it.each([
    ['admin', 'chase', { action: 'chase', id: 'any-case-id' }],
    ['admin', 'reassign', { action: 'reassign', id: 'any-case-id', deputyIds: ['d01'], reason: '县里改派' }],
    ['opinion', 'accept', { action: 'accept', requestId: 'county-accept-0001', opinionId: 'any-case-id' }],
    ['department', 'inbox', { action: 'inbox' }],
  ])('refuses the county %s.%s at the door', async (fn, _action, event) => {
    expectError(await cloud.call(fn, { ...event, townshipId: 'jingu' }, COUNTY_STAFF, NOW), 'FORBIDDEN');
  });
});

describe('county invites: another code for a presidium member, a code for a colleague', () => {
  it('reissues a presidium invite for 青山镇, redeemed there as its presidium', async () => {
    const res = await cloud.call<{ code: string; role: string }>(
      'county',
      { action: 'invitePresidium', requestId: requestId(), name: '新主席', townshipId: 'qingshan' },
      COUNTY_STAFF,
      NOW,
    );
    expect(res).toMatchObject({ ok: true, data: { role: 'presidium' } });
    if (!res.ok) return;
    const bound = await cloud.call(
      'account',
      { action: 'redeemInvite', code: res.data.code, townshipId: undefined },
      'o-new-chair-qs',
      NOW,
    );
    expect(bound).toMatchObject({ ok: true, data: { role: 'presidium' } });
    const me = await cloud.call(
      'account',
      { action: 'whoami', townshipId: undefined },
      'o-new-chair-qs',
      NOW,
    );
    expect(me).toMatchObject({
      ok: true,
      data: { role: 'presidium', bindings: [{ townshipId: 'qingshan' }] },
    });
  });

  it('invites a colleague to the county staff, who then reads every township as the county', async () => {
    const res = await cloud.call<{ code: string; role: string }>(
      'county',
      { action: 'inviteStaff', requestId: requestId(), name: '孙科员' },
      COUNTY_STAFF,
      NOW,
    );
    expect(res).toMatchObject({ ok: true, data: { role: 'county' } });
    if (!res.ok) return;
    expect(
      await cloud.call('account', { action: 'redeemInvite', code: res.data.code }, 'o-county-colleague', NOW),
    ).toMatchObject({ ok: true, data: { role: 'county' } });
    const o = await cloud.call('county', { action: 'townships' }, 'o-county-colleague', NOW);
    expect(o).toMatchObject({ ok: true });
  });

  it("a township's presidium can invite no county staff, nor county staff invite a township's deputy", async () => {
    expectError(
      await cloud.call(
        'account',
        { action: 'createInvite', role: 'county', name: '冒充' },
        PERSONAS.presidium,
        NOW,
      ),
      'BAD_INPUT',
    );
    expectError(
      await cloud.call(
        'county',
        { action: 'inviteStaff', requestId: requestId(), name: 'x' },
        PERSONAS.presidium,
        NOW,
      ),
      'FORBIDDEN',
    );
  });
});
