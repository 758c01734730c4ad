/**
 * Deputies' suggestions (代表建议) end to end through the suggestion and scheduler functions on the local
 * cloud: filed co-signed → co-signer confirms (both duty records) → assigned to a lead office and a
 * co-handler → the answer waits for the co-handler's sign-off → answered (class A) → rated 不满意 →
 * re-answered → rated 满意; a send-back within 7 working days and one refused after; an overdue
 * suggestion chased once a day on working days; a villager's opinion raised into a suggestion and
 * followed by the villager. Bad input answers its own code and writes nothing.
 */
import { demoCloud, expectError, submitOpinion, unwrap } from './support';

// Each walk runs many calls through the real functions; a loaded machine needs more than jest's 5 s.
jest.setTimeout(60_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

/** A Wednesday (a working day), 10:00 China time. */
const AT = '2026-11-18T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const BUILD = 'demo-department'; // 乡村建设办公室 (build)
const AGRI = 'dept-agri-staff'; // 乡农业综合服务中心 (agri)
const DEPUTY1 = 'demo-deputy-1'; // d01 王建国
const DEPUTY2 = 'demo-deputy-2'; // d02
const VILLAGER = 'demo-villager';
const at = (day: string) => `${day}T02:00:00.000Z`;

beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  cloud.store.commit([
    {
      collection: 'users',
      id: AGRI,
      doc: {
        _id: AGRI,
        openid: AGRI,
        role: 'department',
        departmentId: 'agri',
        name: '农业中心',
        boundAt: new Date(AT),
      },
    },
  ]);
});
afterAll(() => cloud.stop());

const call = <T = Detail>(event: object, openid?: string, when = AT) =>
  cloud.call<T>('suggestion', event, openid, when);
let rid = 0;
const requestId = () => `sugg-req-${++rid}-${Date.now()}`;
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as Record<string, unknown>);
const messagesAbout = (id: string) => docs('outbox').filter((m) => m.ref === `suggestion:${id}`);

interface Detail {
  id: string;
  status: string;
  round: number;
  deadline: string | null;
  overdue: boolean;
  answers: {
    round: number;
    resultClass: string;
    text: string;
    onTime: boolean;
    ratingLabel: string | null;
  }[];
  can: Record<string, unknown>;
  cosigners: { name: string; status: string }[];
}

const FILING = {
  action: 'file',
  title: '修缮金鼓村三组通往白果村的机耕道',
  content: '金鼓村三组至白果村的机耕道年久失修，雨天无法通行，建议列入明年农村道路建设计划。',
  category: 'infrastructure',
};

async function filedAndAssigned(): Promise<string> {
  const s = unwrap(await call({ ...FILING, requestId: requestId() }, DEPUTY1));
  unwrap(await call({ action: 'assign', suggestionId: s.id, leadDepartmentId: 'build' }, PRESIDIUM));
  return s.id;
}

describe('a co-signed suggestion handled to the end', () => {
  let id = '';

  it('is filed by a deputy, once per request id, and waits for its co-signer', async () => {
    const req = requestId();
    const first = unwrap(await call({ ...FILING, requestId: req, cosignerIds: ['d02'] }, DEPUTY1));
    const again = unwrap(await call({ ...FILING, requestId: req, cosignerIds: ['d02'] }, DEPUTY1));
    expect(again.id).toBe(first.id);
    id = first.id;
    expect(first.status).toBe('cosigning');
    expect(docs('suggestions').filter((s) => s.title === FILING.title)).toHaveLength(1);
    // The co-signer is invited; the presidium cannot assign it yet.
    expect(messagesAbout(id).map((m) => m.openid)).toContain(DEPUTY2);
    expectError(
      await call({ action: 'assign', suggestionId: id, leadDepartmentId: 'build' }, PRESIDIUM),
      'SUGGESTION_NOT_ASSIGNABLE',
    );
    const duty = docs('dutyRecords').filter((r) => r.sourceRef === `suggestion:${id}`);
    expect(duty).toMatchObject([{ deputyId: 'd01', type: 'suggestion' }]);
  });

  it('is co-signed: the co-signer confirms, which is their duty record too, and it goes to the presidium', async () => {
    const invites = unwrap(
      await call<{ invites: { id: string; open: boolean }[] }>({ action: 'mine' }, DEPUTY2),
    );
    expect(invites.invites).toEqual(expect.arrayContaining([expect.objectContaining({ id, open: true })]));
    expectError(
      await call({ action: 'answerInvite', suggestionId: id, confirm: true }, 'demo-deputy-3'),
      'SUGGESTION_NOT_COSIGNER',
    );
    const s = unwrap(await call({ action: 'answerInvite', suggestionId: id, confirm: true }, DEPUTY2));
    expect(s.status).toBe('submitted');
    expect(s.cosigners).toEqual([expect.objectContaining({ status: 'confirmed' })]);
    expectError(
      await call({ action: 'answerInvite', suggestionId: id, confirm: false }, DEPUTY2),
      'SUGGESTION_COSIGN_CLOSED',
    );
    const duty = docs('dutyRecords').filter((r) => r.sourceRef === `suggestion:${id}`);
    expect(duty.map((r) => r.deputyId).sort()).toEqual(['d01', 'd02']);
  });

  it('is assigned by the presidium to a lead office and a co-handler, three months by default', async () => {
    expectError(
      await call({ action: 'assign', suggestionId: id, leadDepartmentId: 'build' }, DEPUTY1),
      'FORBIDDEN',
    );
    expectError(
      await call({ action: 'assign', suggestionId: id, leadDepartmentId: 'nope' }, PRESIDIUM),
      'SUGGESTION_OFFICE_NOT_FOUND',
    );
    expectError(
      await call(
        { action: 'assign', suggestionId: id, leadDepartmentId: 'build', cohandlerIds: ['build'] },
        PRESIDIUM,
      ),
      'SUGGESTION_OFFICES_INVALID',
    );
    expectError(
      await call(
        { action: 'assign', suggestionId: id, leadDepartmentId: 'build', deadline: '2028-01-01' },
        PRESIDIUM,
      ),
      'DATE_OUT_OF_RANGE',
    );
    expect(docs('suggestions').find((s) => s._id === id)).toMatchObject({ status: 'submitted' });
    const s = unwrap(
      await call(
        { action: 'assign', suggestionId: id, leadDepartmentId: 'build', cohandlerIds: ['agri'] },
        PRESIDIUM,
      ),
    );
    expect(s).toMatchObject({ status: 'assigned', deadline: '2027-02-18' });
    const told = messagesAbout(id).map((m) => m.openid);
    expect(told).toEqual(expect.arrayContaining([BUILD, AGRI, DEPUTY1]));
  });

  it('is answered by the lead office only after the co-handler signed off, with a result class', async () => {
    const answer = {
      action: 'answer',
      suggestionId: id,
      text: '已列入2027年农村道路建设计划，春节前完成修缮。',
      fileId: 'cloud://env/suggestions/answer-1.pdf',
      resultClass: 'A',
    };
    expectError(await call(answer, AGRI), 'SUGGESTION_NOT_LEAD');
    expectError(await call(answer, BUILD), 'SUGGESTION_COHANDLERS_PENDING');
    expectError(await call({ ...answer, fileId: '' }, BUILD), 'SUGGESTION_FILE_REQUIRED');
    expectError(
      await call({ action: 'signOff', suggestionId: id, opinion: '  ' }, AGRI),
      'SUGGESTION_OPINION_REQUIRED',
    );
    expectError(
      await call({ action: 'signOff', suggestionId: id, opinion: '同意' }, BUILD),
      'SUGGESTION_NOT_COHANDLER',
    );
    const inbox = unwrap(
      await call<{ items: { id: string; role: string; toDo: boolean }[] }>({ action: 'inbox' }, AGRI),
    );
    expect(inbox.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, role: 'cohandler', toDo: true })]),
    );
    unwrap(
      await call(
        { action: 'signOff', suggestionId: id, opinion: '同意主办单位意见，农业中心配合勘测。' },
        AGRI,
      ),
    );
    expectError(
      await call({ action: 'signOff', suggestionId: id, opinion: '再签' }, AGRI),
      'SUGGESTION_ALREADY_SIGNED',
    );
    const s = unwrap(await call(answer, BUILD, at('2026-12-01')));
    expect(s.status).toBe('answered');
    expect(s.answers).toEqual([expect.objectContaining({ round: 1, resultClass: 'A', onTime: true })]);
    expect(messagesAbout(id).some((m) => m.openid === DEPUTY1 && String(m._id).includes('answered1'))).toBe(
      true,
    );
  });

  it('is rated 不满意 by the filer: back to the lead office, then re-answered and rated 满意', async () => {
    expectError(
      await call({ action: 'rate', suggestionId: id, rating: 'satisfied' }, DEPUTY2),
      'SUGGESTION_NOT_YOURS',
    );
    const back = unwrap(
      await call({ action: 'rate', suggestionId: id, rating: 'dissatisfied' }, DEPUTY1, at('2026-12-02')),
    );
    expect(back).toMatchObject({ status: 'assigned', round: 2, deadline: '2027-01-02' });
    expectError(
      await call({ action: 'rate', suggestionId: id, rating: 'satisfied' }, DEPUTY1),
      'SUGGESTION_NOT_RATEABLE',
    );
    const again = unwrap(
      await call(
        {
          action: 'answer',
          suggestionId: id,
          text: '已于12月完成机耕道修缮，并安排专人养护。',
          fileId: 'cloud://env/suggestions/answer-2.pdf',
          resultClass: 'A',
        },
        BUILD,
        at('2026-12-10'),
      ),
    );
    expect(again.answers.map((a) => a.round)).toEqual([1, 2]);
    const done = unwrap(
      await call({ action: 'rate', suggestionId: id, rating: 'satisfied' }, DEPUTY1, at('2026-12-11')),
    );
    expect(done).toMatchObject({ status: 'closed', finalRatingLabel: '满意' });
    expect(done.answers.map((a) => a.ratingLabel)).toEqual(['不满意', '满意']);
  });
});

describe('a second 不满意', () => {
  it('closes the suggestion as 不满意', async () => {
    const id = await filedAndAssigned();
    const answer = {
      action: 'answer',
      suggestionId: id,
      text: '留作参考。',
      fileId: 'cloud://env/a.pdf',
      resultClass: 'D',
    };
    unwrap(await call(answer, BUILD));
    unwrap(await call({ action: 'rate', suggestionId: id, rating: 'dissatisfied' }, DEPUTY1));
    unwrap(await call(answer, BUILD));
    const s = unwrap(await call({ action: 'rate', suggestionId: id, rating: 'dissatisfied' }, DEPUTY1));
    expect(s).toMatchObject({ status: 'closed', finalRatingLabel: '不满意' });
  });
});

describe('an office that is not responsible', () => {
  it('sends it back within 7 working days with a reason, and the presidium reassigns it', async () => {
    const id = await filedAndAssigned();
    expectError(
      await call({ action: 'sendBack', suggestionId: id, reason: '' }, BUILD),
      'SUGGESTION_REASON_REQUIRED',
    );
    expectError(
      await call({ action: 'sendBack', suggestionId: id, reason: '不归我们' }, AGRI),
      'SUGGESTION_NOT_YOUR_OFFICE',
    );
    // 11-18 → 11-27: the 7th working day.
    const s = unwrap(
      await call(
        { action: 'sendBack', suggestionId: id, reason: '机耕道属农业中心管理' },
        BUILD,
        at('2026-11-27'),
      ),
    );
    expect(s.status).toBe('sentBack');
    const list = unwrap(
      await call<{ items: { id: string; status: string }[] }>(
        { action: 'list', status: 'sentBack' },
        PRESIDIUM,
      ),
    );
    expect(list.items.map((i) => i.id)).toContain(id);
    const re = unwrap(
      await call(
        { action: 'assign', suggestionId: id, leadDepartmentId: 'agri' },
        PRESIDIUM,
        at('2026-11-27'),
      ),
    );
    expect(re.status).toBe('assigned');
  });

  it('is refused after the 7th working day (SUGGESTION_SEND_BACK_LATE) and writes nothing', async () => {
    const id = await filedAndAssigned();
    const before = JSON.stringify(docs('suggestions').find((s) => s._id === id));
    expectError(
      await call({ action: 'sendBack', suggestionId: id, reason: '不归我们管' }, BUILD, at('2026-11-30')),
      'SUGGESTION_SEND_BACK_LATE',
    );
    expect(JSON.stringify(docs('suggestions').find((s) => s._id === id))).toBe(before);
  });
});

describe('an overdue suggestion', () => {
  it('is chased on working days, once a day, to the office and the presidium', async () => {
    const s = unwrap(await call({ ...FILING, requestId: requestId() }, DEPUTY1));
    unwrap(
      await call(
        { action: 'assign', suggestionId: s.id, leadDepartmentId: 'build', deadline: '2026-11-20' },
        PRESIDIUM,
      ),
    );
    const chased = () => messagesAbout(s.id).filter((m) => String(m._id).includes(':overdue:'));
    // Saturday 11-21: not a working day.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: at('2026-11-21') });
    expect(chased()).toHaveLength(0);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: at('2026-11-23') });
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-23T06:00:00.000Z' });
    const first = chased();
    expect(first.map((m) => m.openid)).toEqual(expect.arrayContaining([BUILD, PRESIDIUM]));
    expect(new Set(first.map((m) => m._id)).size).toBe(first.length);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: at('2026-11-24') });
    expect(chased().length).toBe(first.length * 2);
    const list = unwrap(await call<{ overdue: number }>({ action: 'list' }, PRESIDIUM, at('2026-11-24')));
    expect(list.overdue).toBeGreaterThanOrEqual(1);
  });
});

describe('转为代表建议', () => {
  it("raises the villager's opinion into a suggestion the villager follows", async () => {
    const opinion = unwrap(
      await submitOpinion(cloud, VILLAGER, {
        requestId: requestId(),
        text: '村口垃圾站长期无人清运，影响全组村民生活。',
      }),
    );
    const raise = {
      action: 'raiseOpinion',
      opinionId: opinion.id,
      title: '解决村口垃圾站清运问题',
      content: '群众反映村口垃圾站长期无人清运，建议乡里统一安排清运。',
      category: 'environment',
    };
    expectError(
      await call({ ...raise, requestId: requestId() }, 'demo-deputy-3'),
      'SUGGESTION_OPINION_NOT_HELD',
    );
    const s = unwrap(await call({ ...raise, requestId: requestId() }, DEPUTY1));
    expectError(
      await call({ ...raise, requestId: requestId() }, DEPUTY1),
      'SUGGESTION_OPINION_ALREADY_RAISED',
    );
    type Seen = { suggestion: null | Record<string, unknown> };
    expectError(
      await call({ action: 'ofOpinion', opinionId: opinion.id }, 'someone-else-1'),
      'SUGGESTION_NOT_FOUND',
    );
    expect(
      unwrap(await call<Seen>({ action: 'ofOpinion', opinionId: opinion.id }, VILLAGER)).suggestion,
    ).toMatchObject({
      statusLabel: '等待交办',
      leadName: null,
      answer: null,
    });
    unwrap(await call({ action: 'assign', suggestionId: s.id, leadDepartmentId: 'social' }, PRESIDIUM));
    const staff = 'dept-social-staff';
    cloud.store.commit([
      {
        collection: 'users',
        id: staff,
        doc: {
          _id: staff,
          openid: staff,
          role: 'department',
          departmentId: 'social',
          name: '社会事务办',
          boundAt: new Date(AT),
        },
      },
    ]);
    unwrap(
      await call(
        {
          action: 'answer',
          suggestionId: s.id,
          text: '已安排每周二、周五清运。',
          fileId: 'cloud://env/b.pdf',
          resultClass: 'A',
        },
        staff,
      ),
    );
    const seen = unwrap(
      await call<Seen>({ action: 'ofOpinion', opinionId: opinion.id }, VILLAGER),
    ).suggestion;
    expect(seen).toMatchObject({
      leadName: '社会事务办公室',
      resultClass: 'A',
      answer: '已安排每周二、周五清运。',
    });
    expect(seen).not.toHaveProperty('content');
  });
});

describe('bad input', () => {
  it('answers its own code with Chinese text and writes nothing', async () => {
    const before = docs('suggestions').length;
    expectError(
      await call({ ...FILING, requestId: requestId(), title: '  ' }, DEPUTY1),
      'SUGGESTION_TITLE_REQUIRED',
    );
    expectError(
      await call({ ...FILING, requestId: requestId(), cosignerIds: ['d01'] }, DEPUTY1),
      'SUGGESTION_COSIGNER_INVALID',
    );
    expectError(
      await call({ ...FILING, requestId: requestId(), cosignerIds: ['nobody'] }, DEPUTY1),
      'SUGGESTION_COSIGNER_INVALID',
    );
    expectError(
      await call({ ...FILING, requestId: requestId(), sessionId: 'nope' }, DEPUTY1),
      'SUGGESTION_SESSION_NOT_FOUND',
    );
    expectError(await call({ ...FILING, requestId: requestId(), category: 'x' }, DEPUTY1), 'BAD_INPUT');
    expectError(await call({ ...FILING, requestId: requestId() }, VILLAGER), 'FORBIDDEN');
    expectError(
      await call({ action: 'setSettings', answerMonths: 0, rehandleMonths: 1 }, PRESIDIUM),
      'SUGGESTION_SETTINGS_INVALID',
    );
    expectError(await call({ action: 'get', suggestionId: 'sg_nope' }, PRESIDIUM), 'SUGGESTION_NOT_FOUND');
    expect(docs('suggestions').length).toBe(before);
  });

  it('takes the presidium’s settings for the next deadline', async () => {
    unwrap(await call({ action: 'setSettings', answerMonths: 2, rehandleMonths: 1 }, PRESIDIUM));
    const s = unwrap(await call({ ...FILING, requestId: requestId() }, DEPUTY1));
    const a = unwrap(
      await call({ action: 'assign', suggestionId: s.id, leadDepartmentId: 'build' }, PRESIDIUM),
    );
    expect(a.deadline).toBe('2027-01-18');
  });
});

describe("the year's figures", () => {
  it('count suggestions filed, answered, on time, rated, satisfied and by result class', async () => {
    const report = unwrap(
      await cloud.call<{ figures: { code: string; value: number | null; display: string }[] }>(
        'figures',
        { action: 'report', period: { kind: 'year', year: 2026 } },
        PRESIDIUM,
        at('2026-12-12'),
      ),
    );
    const value = (code: string) => report.figures.find((f) => f.code === code)?.value;
    // Filed above: the co-signed one, the twice-不满意 one, two sent back, the overdue one, the raised
    // opinion, the one under new settings.
    expect(value('suggestions.filed')).toBe(7);
    expect(value('suggestions.answered')).toBe(3);
    expect(value('suggestions.answeredOnTime')).toBe(3);
    expect(value('suggestions.rated')).toBe(2);
    expect(value('suggestions.satisfied')).toBe(1);
    expect(report.figures.find((f) => f.code === 'suggestions.satisfaction')).toMatchObject({ value: null });
    expect(value('suggestions.classA')).toBe(2);
    expect(value('suggestions.classD')).toBe(1);
    expect(value('suggestions.classB')).toBe(0);
  });
});

describe('转为代表建议 on the case', () => {
  const raiseOf = (opinionId: string) => ({
    action: 'raiseOpinion',
    opinionId,
    title: '修复村道塌陷路段',
    content: '群众反映村道塌陷，雨天无法通行，建议纳入乡村道路维修计划。',
    category: 'infrastructure',
  });
  const newCase = async () =>
    unwrap(
      await submitOpinion(cloud, VILLAGER, {
        requestId: requestId(),
        text: '村道有一段塌陷了，下雨天车过不去，希望修一下。',
      }),
    );

  it("the villager's timeline says it was raised, and they are told by message", async () => {
    const opinion = await newCase();
    unwrap(await call({ ...raiseOf(opinion.id), requestId: requestId() }, DEPUTY1));
    const stored = docs('opinions').find((o) => o._id === opinion.id) as Record<string, unknown>;
    const suggestion = docs('suggestions').find((s) => s.sourceOpinionId === opinion.id);
    expect(stored.suggestionId).toBe(suggestion?._id);
    const event = docs('opinionEvents').find(
      (e) => e.opinionId === opinion.id && e.type === 'raisedAsSuggestion',
    );
    expect(event).toMatchObject({ visibleToVillager: true, actorRole: 'deputy' });
    const seen = unwrap(
      await cloud.call<{ timeline: { text: string }[] }>(
        'opinion',
        { action: 'get', opinionId: opinion.id },
        VILLAGER,
      ),
    );
    expect(seen.timeline.map((t) => t.text)).toContain(
      '代表已将您的意见转为代表建议，由乡镇人大主席团交有关部门办理',
    );
    const told = docs('outbox').filter(
      (m) => m.openid === VILLAGER && String(m.ref ?? '').includes(opinion.id),
    );
    expect(JSON.stringify(told)).toContain('转代表建议');
    // The case is still the deputy's to answer.
    expect(stored.status).toBe('assigned');
  });

  it('raised by two requests at once: one suggestion, the other refused, never INTERNAL', async () => {
    const opinion = await newCase();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call({ ...raiseOf(opinion.id), requestId: requestId() }, DEPUTY1)),
    );
    const ok = answers.filter((a) => a.ok);
    expect(ok).toHaveLength(1);
    for (const a of answers)
      if (!a.ok) expect(['SUGGESTION_OPINION_ALREADY_RAISED', 'CONFLICT']).toContain(a.error.code);
    expect(docs('suggestions').filter((s) => s.sourceOpinionId === opinion.id)).toHaveLength(1);
    expect(
      docs('opinionEvents').filter((e) => e.opinionId === opinion.id && e.type === 'raisedAsSuggestion'),
    ).toHaveLength(1);
    const [suggestion] = docs('suggestions').filter((s) => s.sourceOpinionId === opinion.id);
    expect(docs('dutyRecords').filter((d) => d.sourceRef === `suggestion:${suggestion._id}`)).toHaveLength(1);
  });
});
