/**
 * The execution of livelihood projects that passed, end to end through the congress and scheduler
 * functions on the local cloud: a passed candidate (seeded in the store as the sessions half writes it:
 * the vote's own actions are another file's walk) → plan with milestones → progress report (photos held
 * for the public until cleared) → milestone done → followers told → an inspection becomes a duty record
 * (once per request id) → a late milestone chased on a working day, once a day → year-end rating in a
 * round the presidium opens and closes → the result published with counts. Bad input writes nothing.
 */
import { demoCloud, expectError, unwrap, type Envelope } from './support';

// Each walk runs many calls through the real functions; a loaded machine needs more than jest's 5 s.
jest.setTimeout(60_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

/** A Wednesday (a working day), 10:00 China time: every call runs at it unless it says otherwise. */
const AT = '2026-11-18T02:00:00.000Z';
const TODAY = '2026-11-18';
const PRESIDIUM = 'demo-presidium';
const DEPARTMENT = 'demo-department'; // staff of build (乡村建设办公室)
const OTHER_DEPARTMENT = 'dept-agri-staff';
const DEPUTY1 = 'demo-deputy-1'; // d01
const DEPUTY2 = 'demo-deputy-2'; // d02
const VILLAGER = 'demo-villager';
const PROJECT = 'pj:cand-road';

beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  const now = new Date(AT);
  const candidate = (id: string, title: string, passed: boolean) => ({
    collection: 'congressCandidates',
    id,
    doc: {
      _id: id,
      sessionId: 'sess-2-4',
      title,
      description: '将金鼓村三组至五组村道硬化2公里，解决雨天出行难',
      budgetWan: 80,
      departmentId: 'build',
      villageCodes: ['jingu'],
      opinionIds: [],
      status: passed ? 'passed' : 'failed',
      result: { yes: passed ? 20 : 5, no: passed ? 2 : 15, abstain: 1, passed },
      createdAt: now,
      updatedAt: now,
    },
  });
  cloud.store.commit([
    {
      collection: 'congressSessions',
      id: 'sess-2-4',
      doc: {
        _id: 'sess-2-4',
        term: 2,
        meeting: 4,
        title: '金鼓乡第二届人民代表大会第四次会议',
        date: '2026-02-10',
        endDate: '2026-02-10',
        status: 'closed',
        vote: 'closed',
        place: '乡政府三楼会议室',
        agenda: [],
        passRule: { base: 'all', numerator: 1, denominator: 2 },
        deputyIds: [],
        createdAt: now,
        updatedAt: now,
      },
    },
    candidate('cand-road', '金鼓村道路硬化', true),
    candidate('cand-hall', '新建村文化活动室', false),
    {
      collection: 'users',
      id: OTHER_DEPARTMENT,
      doc: {
        _id: OTHER_DEPARTMENT,
        openid: OTHER_DEPARTMENT,
        role: 'department',
        departmentId: 'agri',
        name: '农业中心',
        boundAt: now,
      },
    },
  ]);
});
afterAll(() => cloud.stop());

const call = <T = Record<string, unknown>>(event: object, openid?: string, at = AT) =>
  cloud.call<T>('congress', event, openid, at);
let rid = 0;
const requestId = () => `proj-req-${++rid}-${Date.now()}`;
/** A stored document's fields, as the tests read them (a message's data, a record's source). */
type Stored = Record<string, string> & { data: Record<string, { value: string }> };
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as Stored);

const PLAN = {
  action: 'planProject',
  candidateId: 'cand-road',
  departmentId: 'build',
  lead: '王建国（分管副乡长）',
  milestones: [
    { title: '完成施工招标', due: '2026-11-10' },
    { title: '完成路基施工', due: '2026-11-30' },
    { title: '竣工验收', due: '2026-12-20' },
  ],
};

interface Detail {
  id: string;
  status: string;
  late: number;
  milestones: { id: string; title: string; due: string; doneOn: string | null; late: boolean }[];
  reports: { id: string; text: string | null; photos: string[]; photosHidden: number; waiting: boolean }[];
  following: boolean;
  inspectionCount: number;
  rating: { status: string; myRating: string | null; result: null | Record<string, unknown> };
}

describe('a passed candidate carried out as a project', () => {
  it('gets a plan the presidium writes, and only the presidium, only for a passed candidate', async () => {
    expectError(await call(PLAN, VILLAGER), 'FORBIDDEN');
    expectError(await call(PLAN, DEPARTMENT), 'FORBIDDEN');
    expectError(await call({ ...PLAN, candidateId: 'cand-hall' }, PRESIDIUM), 'PROJECT_NOT_PASSED');
    expectError(await call({ ...PLAN, candidateId: 'nope' }, PRESIDIUM), 'PROJECT_CANDIDATE_NOT_FOUND');
    expectError(await call({ ...PLAN, departmentId: 'nope' }, PRESIDIUM), 'PROJECT_DEPARTMENT_NOT_FOUND');
    expectError(
      await call({ ...PLAN, milestones: [{ title: '竣工', due: '2030-01-01' }] }, PRESIDIUM),
      'DATE_OUT_OF_RANGE',
    );
    expectError(await call({ ...PLAN, milestones: [] }, PRESIDIUM), 'PROJECT_MILESTONES_INVALID');
    expectError(await call({ ...PLAN, extra: 1 }, PRESIDIUM), 'BAD_INPUT');
    expect(docs('livelihoodProjects')).toHaveLength(0);

    const p = unwrap(await call<Detail>(PLAN, PRESIDIUM));
    expect(p).toMatchObject({ id: PROJECT, status: 'underway', late: 1 });
    expect(p.milestones.map((m) => [m.id, m.late])).toEqual([
      ['m1', true],
      ['m2', false],
      ['m3', false],
    ]);
    const planning = unwrap(
      await call<{ candidates: { id: string; projectId: string | null }[] }>(
        { action: 'passedForPlanning' },
        PRESIDIUM,
      ),
    );
    expect(planning.candidates).toEqual([expect.objectContaining({ id: 'cand-road', projectId: PROJECT })]);
  });

  it('takes progress from its responsible office (not another) with photos held from the public until cleared', async () => {
    const report = {
      action: 'addProgress',
      requestId: requestId(),
      projectId: PROJECT,
      text: '施工队已进场，完成路基开挖800米',
      photos: ['cloud://env/projects/road-1.jpg'],
    };
    expectError(await call({ ...report, requestId: requestId() }, OTHER_DEPARTMENT), 'NOT_YOUR_DEPARTMENT');
    expectError(await call({ ...report, requestId: requestId() }, VILLAGER), 'FORBIDDEN');
    expectError(
      await call({ ...report, requestId: requestId(), text: '  ' }, DEPARTMENT),
      'PROJECT_REPORT_REQUIRED',
    );
    expectError(
      await call({ ...report, requestId: requestId(), photos: Array(7).fill('x') }, DEPARTMENT),
      'BAD_INPUT',
    );
    expect(docs('projectReports')).toHaveLength(0);

    const first = unwrap(await call<{ id: string }>(report, DEPARTMENT));
    expect(unwrap(await call<{ id: string }>(report, DEPARTMENT)).id).toBe(first.id);
    expect(docs('projectReports')).toHaveLength(1);

    const seen = unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER));
    expect(seen.reports).toEqual([
      expect.objectContaining({ text: report.text, photos: [], photosHidden: 1 }),
    ]);
    const staff = unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, DEPARTMENT));
    expect(staff.reports[0]).toMatchObject({ photos: report.photos, waiting: true });

    unwrap(await call({ action: 'clearProgress', reportId: first.id }, PRESIDIUM));
    const cleared = unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER));
    expect(cleared.reports[0]).toMatchObject({ photos: report.photos, photosHidden: 0 });
  });

  it('tells its followers when a milestone is done, once', async () => {
    unwrap(await call({ action: 'followProject', projectId: PROJECT }, VILLAGER));
    expect(unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER)).following).toBe(
      true,
    );
    const done = {
      action: 'markMilestoneDone',
      requestId: requestId(),
      projectId: PROJECT,
      milestoneId: 'm1',
      doneOn: '2026-11-16',
      note: '招标完成，中标单位已确定',
    };
    expectError(
      await call({ ...done, requestId: requestId(), doneOn: '2026-11-19' }, DEPARTMENT),
      'DATE_OUT_OF_RANGE',
    );
    expectError(
      await call({ ...done, requestId: requestId(), milestoneId: 'm9' }, DEPARTMENT),
      'PROJECT_MILESTONE_NOT_FOUND',
    );
    expectError(await call({ ...done, requestId: requestId() }, OTHER_DEPARTMENT), 'NOT_YOUR_DEPARTMENT');

    const p = unwrap(await call<Detail>(done, DEPARTMENT));
    expect(p.milestones.find((m) => m.id === 'm1')).toMatchObject({ doneOn: '2026-11-16', late: false });
    expect(p.late).toBe(0);
    unwrap(await call<Detail>(done, DEPARTMENT)); // a retry answers the first result
    expectError(await call({ ...done, requestId: requestId() }, PRESIDIUM), 'PROJECT_MILESTONE_ALREADY_DONE');

    const told = docs('outbox').filter(
      (m) => m.ref === `project:${PROJECT}` && m.template === 'projectProgress',
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      openid: VILLAGER,
      page: expect.stringContaining('subpackages/congress/pages/projects-detail/index?id='),
    });
    expect(told[0].data.thing2.value).toContain('完成施工招标');

    unwrap(await call({ action: 'unfollowProject', projectId: PROJECT }, VILLAGER));
    expect(unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER)).following).toBe(
      false,
    );
    unwrap(await call({ action: 'followProject', projectId: PROJECT }, VILLAGER));
  });

  it("turns a deputy's inspection into their duty record, once per request id", async () => {
    const inspection = {
      action: 'recordInspection',
      requestId: requestId(),
      projectId: PROJECT,
      date: '2026-11-17',
      findings: '路基压实较好，排水沟尚未开挖',
      peopleReached: 6,
    };
    expectError(await call(inspection, VILLAGER), 'FORBIDDEN');
    expectError(
      await call({ ...inspection, requestId: requestId(), findings: ' ' }, DEPUTY1),
      'PROJECT_FINDINGS_REQUIRED',
    );
    expectError(
      await call({ ...inspection, requestId: requestId(), date: '2026-11-19' }, DEPUTY1),
      'DATE_OUT_OF_RANGE',
    );
    const first = unwrap(await call<{ dutyRecordId: string }>(inspection, DEPUTY1));
    const again = unwrap(await call<{ dutyRecordId: string }>(inspection, DEPUTY1));
    expect(again.dutyRecordId).toBe(first.dutyRecordId);
    const records = docs('dutyRecords').filter((r) =>
      String(r.sourceRef ?? '').startsWith(`project:${PROJECT}:inspection:`),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      deputyId: 'd01',
      type: 'inspection',
      source: 'system',
      date: '2026-11-17',
      peopleReached: 6,
      sourceRef: `project:${PROJECT}:inspection:${inspection.requestId}`,
    });
    expect(docs('projectInspections')).toHaveLength(1);
    const mine = unwrap(
      await call<{ inspections: { projectTitle: string; findings: string }[] }>(
        { action: 'myInspections' },
        DEPUTY1,
      ),
    );
    expect(mine.inspections).toEqual([
      expect.objectContaining({ projectTitle: '金鼓村道路硬化', findings: inspection.findings }),
    ]);
    // It counts among the deputy's duty records as the system's (the deputy's own list shows it).
    const duty = unwrap(
      await cloud.call<{ records: { type: string; source: string }[] }>(
        'duty',
        { action: 'myRecords' },
        DEPUTY1,
        AT,
      ),
    );
    expect(duty.records).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'inspection', source: 'system' })]),
    );
  });

  it('chases a late milestone on a working day, once a day, and not on a rest day', async () => {
    const chased = () => docs('outbox').filter((m) => m._id.startsWith(`msg:project:${PROJECT}:late:`));
    // 2026-12-01 (Tuesday): m2 (due 11-30) is late.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-01T02:00:00.000Z' });
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-01T05:00:00.000Z' });
    expect(chased()).toHaveLength(1);
    expect(chased()[0]).toMatchObject({ openid: DEPARTMENT, template: 'opinionDeadline' });
    expect(chased()[0].data.thing1.value).toContain('民生实事');
    // 2026-12-05 is a Saturday: no chase.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-05T02:00:00.000Z' });
    expect(chased()).toHaveLength(1);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-07T02:00:00.000Z' });
    expect(chased()).toHaveLength(2);
    const seen = unwrap(
      await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER, '2026-12-07T02:00:00.000Z'),
    );
    expect(seen.late).toBe(1);
  });

  it("is rated by deputies at the year's end, once each, and the result is published with counts", async () => {
    const rate = (openid: string, rating: string, at = AT) =>
      call({ action: 'rateProject', requestId: requestId(), projectId: PROJECT, rating }, openid, at);
    expectError(await rate(DEPUTY1, 'satisfied'), 'PROJECT_RATING_NOT_OPEN');
    expectError(await call({ action: 'openRating', year: 2026 }, DEPUTY1), 'FORBIDDEN');
    expectError(await call({ action: 'openRating', year: 2025 }, PRESIDIUM), 'PROJECT_NONE_IN_YEAR');
    unwrap(await call({ action: 'openRating', year: 2026 }, PRESIDIUM));
    unwrap(await call({ action: 'openRating', year: 2026 }, PRESIDIUM));

    unwrap(await rate(DEPUTY1, 'satisfied'));
    unwrap(await rate(DEPUTY1, 'satisfied'));
    expectError(await rate(DEPUTY1, 'dissatisfied'), 'PROJECT_ALREADY_RATED');
    expectError(await rate(VILLAGER, 'satisfied'), 'FORBIDDEN');
    expectError(await rate(DEPUTY2, 'great'), 'BAD_INPUT');
    unwrap(await rate(DEPUTY2, 'basicallySatisfied'));
    expect(docs('projectRatings')).toHaveLength(2);

    const round = unwrap(
      await call<{ status: string; projects: { myRating: string | null; result: unknown }[] }>(
        { action: 'ratingRound', year: 2026 },
        DEPUTY1,
      ),
    );
    expect(round).toMatchObject({ status: 'open', projects: [{ myRating: 'satisfied', result: null }] });
    expect(
      unwrap(await call<Detail>({ action: 'getProject', projectId: PROJECT }, VILLAGER)).rating.result,
    ).toBeNull();

    unwrap(await call({ action: 'closeRating', year: 2026 }, PRESIDIUM));
    expectError(await rate('demo-deputy-3', 'satisfied'), 'PROJECT_RATING_CLOSED');
    expectError(await call({ action: 'openRating', year: 2026 }, PRESIDIUM), 'PROJECT_RATING_CLOSED');
    const list = unwrap(
      await call<{ rating: { published: boolean }; projects: { result: Record<string, unknown> }[] }>(
        { action: 'listProjects' },
        VILLAGER,
      ),
    );
    expect(list.rating.published).toBe(true);
    expect(list.projects[0].result).toMatchObject({
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 0,
      total: 2,
      rateLabel: '样本不足（2/5）',
    });
  });

  it("counts in the year's figures: milestones done and on time, the rating and its fair share", async () => {
    const report = unwrap(
      await cloud.call<{ figures: { code: string; value: number | null; display: string }[] }>(
        'figures',
        { action: 'report', period: { kind: 'year', year: 2026 } },
        PRESIDIUM,
        '2026-12-07T02:00:00.000Z',
      ),
    );
    const value = (code: string) => report.figures.find((f) => f.code === code);
    expect(value('projects.projects')?.value).toBe(1);
    expect(value('projects.milestonesDone')?.value).toBe(1);
    expect(value('projects.milestonesOnTime')?.value).toBe(0); // m1 was due 11-10, done 11-16
    expect(value('projects.completed')?.value).toBe(0);
    expect(value('projects.ratings')?.value).toBe(2);
    expect(value('projects.ratingsSatisfied')?.value).toBe(2);
    expect(value('projects.satisfaction')).toMatchObject({ value: null, display: '样本不足（2/5）' });
    const drill = unwrap(
      await cloud.call<{ total: number; rows: { title: string }[] }>(
        'figures',
        { action: 'drill', period: { kind: 'year', year: 2026 }, code: 'projects.milestonesDone', limit: 10 },
        PRESIDIUM,
        '2026-12-07T02:00:00.000Z',
      ),
    );
    expect(drill).toMatchObject({ total: 1, rows: [{ title: '乡村建设办公室 · 金鼓村道路硬化' }] });
  });

  it('answers bad input with its own code and writes nothing', async () => {
    const before = ['livelihoodProjects', 'projectReports', 'projectInspections', 'projectRatings'].map(
      (c) => docs(c).length,
    );
    const bad: [object, string, string][] = [
      [{ action: 'getProject', projectId: 'nope' }, VILLAGER, 'BAD_INPUT'],
      [{ action: 'getProject', projectId: 'pj:nope' }, VILLAGER, 'PROJECT_NOT_FOUND'],
      [{ action: 'followProject', projectId: 'pj:nope' }, VILLAGER, 'PROJECT_NOT_FOUND'],
      [
        { action: 'addProgress', requestId: requestId(), projectId: PROJECT, text: 'x'.repeat(1001) },
        PRESIDIUM,
        'BAD_INPUT',
      ],
      [{ ...PLAN, action2: 1 }, PRESIDIUM, 'BAD_INPUT'],
      [{ ...PLAN, lead: '' }, PRESIDIUM, 'PROJECT_LEAD_REQUIRED'],
      [
        {
          ...PLAN,
          milestones: [{ id: 'm1', title: '改了名字', due: '2026-11-10' }, ...PLAN.milestones.slice(1)],
        },
        PRESIDIUM,
        'PROJECT_MILESTONE_DONE',
      ],
      [
        {
          action: 'recordInspection',
          requestId: requestId(),
          projectId: 'pj:nope',
          date: TODAY,
          findings: '看了',
        },
        DEPUTY1,
        'PROJECT_NOT_FOUND',
      ],
      [{ action: 'clearProgress', reportId: 'pr:pj:nope:x' }, PRESIDIUM, 'PROJECT_REPORT_NOT_FOUND'],
      [{ action: 'closeRating', year: 2024 }, PRESIDIUM, 'PROJECT_RATING_NOT_OPEN'],
    ];
    for (const [event, who, code] of bad) expectError((await call(event, who)) as Envelope, code);
    expect(
      ['livelihoodProjects', 'projectReports', 'projectInspections', 'projectRatings'].map(
        (c) => docs(c).length,
      ),
    ).toEqual(before);
  });
});

describe('the review of the projects (issue 16 §4)', () => {
  const LATER = '2026-12-07T02:00:00.000Z';
  /** The road project stored again as another year's, for rounds of other years. */
  const otherYear = (id: string, year: number) => {
    const road = cloud.store.entries('livelihoodProjects').get(PROJECT)?.doc as Record<string, unknown>;
    return { collection: 'livelihoodProjects', id, doc: { ...road, _id: id, year } };
  };
  const round = (year: number, status: 'open' | 'closed') => ({
    collection: 'projectRatingRounds',
    id: `year:${year}`,
    doc: {
      _id: `year:${year}`,
      year,
      status,
      openedAt: new Date(AT),
      openedBy: PRESIDIUM,
      ...(status === 'closed' ? { closedAt: new Date(AT), closedBy: PRESIDIUM } : {}),
    },
  });

  it('publishes the results of a round closed without them (a close cut off between its writes)', async () => {
    cloud.store.commit([
      otherYear('pj:cand-2024', 2024),
      round(2024, 'closed'),
      {
        collection: 'projectRatings',
        id: 'pj:cand-2024:d01',
        doc: {
          _id: 'pj:cand-2024:d01',
          projectId: 'pj:cand-2024',
          year: 2024,
          rating: 'satisfied',
          on: TODAY,
        },
      },
    ]);
    const closed = unwrap(
      await call<{ status: string; projects: { result: null | Record<string, unknown> }[] }>(
        { action: 'closeRating', year: 2024 },
        PRESIDIUM,
      ),
    );
    expect(closed.status).toBe('closed');
    expect(closed.projects[0].result).toMatchObject({ satisfied: 1, total: 1 });
    expect(
      (cloud.store.entries('projectRatingRounds').get('year:2024')?.doc as { results?: unknown }).results,
    ).toEqual({ 'pj:cand-2024': { satisfied: 1, basicallySatisfied: 0, dissatisfied: 0 } });
  });

  it("shows a deputy the open round when no year is named, even an earlier year's", async () => {
    cloud.store.commit([otherYear('pj:cand-2025', 2025), round(2025, 'open')]);
    const shown = unwrap(
      await call<{ year: number; status: string; projects: { id: string }[] }>(
        { action: 'ratingRound' },
        DEPUTY1,
      ),
    );
    expect(shown).toMatchObject({ year: 2025, status: 'open', projects: [{ id: 'pj:cand-2025' }] });
  });

  it('judges an office by the day it reported a milestone done, not the earlier day it gives', async () => {
    const p = unwrap(
      await call<Detail & { milestones: { id: string; onTime: boolean | null }[] }>(
        {
          action: 'markMilestoneDone',
          requestId: requestId(),
          projectId: PROJECT,
          milestoneId: 'm2', // due 11-30, reported 12-07
          doneOn: '2026-11-28',
          note: '',
        },
        DEPARTMENT,
        LATER,
      ),
    );
    expect(p.milestones.find((m) => m.id === 'm2')).toMatchObject({ doneOn: '2026-11-28', onTime: false });
    const stored = cloud.store.entries('livelihoodProjects').get(PROJECT)?.doc as unknown as {
      milestones: { id: string; reportedOn?: string; reportedBy?: string }[];
    };
    expect(stored.milestones.find((m) => m.id === 'm2')).toMatchObject({
      reportedOn: '2026-12-07',
      reportedBy: 'department',
    });
  });

  it('refuses a report or findings over 500 characters, counted as characters, and writes nothing', async () => {
    const before = [docs('projectReports').length, docs('projectInspections').length];
    const report = { action: 'addProgress', projectId: PROJECT, photos: [] };
    expectError(
      await call({ ...report, requestId: requestId(), text: '路'.repeat(501) }, DEPARTMENT),
      'PROJECT_REPORT_TOO_LONG',
    );
    const inspection = { action: 'recordInspection', projectId: PROJECT, date: TODAY, peopleReached: 0 };
    expectError(
      await call({ ...inspection, requestId: requestId(), findings: '看'.repeat(501) }, DEPUTY1),
      'PROJECT_FINDINGS_TOO_LONG',
    );
    expect([docs('projectReports').length, docs('projectInspections').length]).toEqual(before);
    // 500 characters outside the basic plane (two code units each) are 500 characters.
    unwrap(await call({ ...report, requestId: requestId(), text: '𠀀'.repeat(500) }, DEPARTMENT));
  });

  it('tells many followers in bounded batches: some in the call, the rest by the scheduler, once each', async () => {
    const at = new Date(AT);
    cloud.store.commit(
      Array.from({ length: 120 }, (_, i) => {
        const id = `${PROJECT}:fan-${String(i).padStart(3, '0')}`;
        return {
          collection: 'projectFollowers',
          id,
          doc: { _id: id, projectId: PROJECT, openid: `fan-${String(i).padStart(3, '0')}`, at },
        };
      }),
    );
    const told = () => docs('outbox').filter((m) => m._id.startsWith(`msg:project:${PROJECT}:m3:`));
    const m3 = () =>
      (
        cloud.store.entries('livelihoodProjects').get(PROJECT)?.doc as unknown as {
          milestones: { id: string; notified?: boolean }[];
        }
      ).milestones.find((m) => m.id === 'm3');
    unwrap(
      await call(
        {
          action: 'markMilestoneDone',
          requestId: requestId(),
          projectId: PROJECT,
          milestoneId: 'm3',
          doneOn: '2026-12-07',
          note: '',
        },
        PRESIDIUM,
        LATER,
      ),
    );
    expect(told()).toHaveLength(50);
    expect(m3()?.notified).toBe(false);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-07T03:00:00.000Z' });
    expect(told()).toHaveLength(121); // 120 and the villager
    expect(new Set(told().map((m) => m.openid)).size).toBe(121);
    expect(m3()?.notified).toBe(true);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-07T04:00:00.000Z' });
    expect(told()).toHaveLength(121);
  });
});
