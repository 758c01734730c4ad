/**
 * A session of the township congress end to end through the congress function on the local cloud:
 * candidates drafted from villagers' opinions → published for comment (the opinions' villagers told) →
 * comments (capped, once per request id) → convene, check-in by QR, quorum refused then met → concurrent
 * ballots (one per deputy, under ten concurrent casts by one deputy) and a paper ballot entered by two
 * staff → the whole store scanned: no document holds both a deputy and a choice → tally verified →
 * results. Bad input (voting twice, absent, closed, a ballot missing a project) writes nothing.
 */
import { demoCloud, expectError, submitOpinion, unwrap, type Envelope } from './support';

jest.setTimeout(60_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

/** A Wednesday, 10:00 China time. */
const AT = '2026-11-18T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const PRESIDIUM2 = 'presidium-second-staff';
const VILLAGER = 'demo-villager';
const DEPUTY2 = 'demo-deputy-2'; // d02, a township deputy
const DEPUTY1 = 'demo-deputy-1'; // d01, a county deputy: not of the township congress
/** Extra township deputies bound to WeChat: t01 … t08. */
const EXTRA = Array.from({ length: 8 }, (_, i) => `t0${i + 1}`);
const openidOf = (id: string) => `dep-${id}-openid`;

beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  const now = new Date(AT);
  cloud.store.commit([
    ...EXTRA.flatMap((id, i) => [
      {
        collection: 'deputies',
        id,
        doc: {
          _id: id,
          name: `代表${i + 1}`,
          level: 'township',
          title: '村民',
          photo: '',
          phone: '',
          stationCode: 'JG01',
          villageCodes: [],
          categories: [],
          group: '',
          openid: openidOf(id),
          active: true,
        },
      },
      {
        collection: 'users',
        id: openidOf(id),
        doc: {
          _id: openidOf(id),
          openid: openidOf(id),
          role: 'deputy',
          name: `代表${i + 1}`,
          deputyId: id,
          boundAt: now,
        },
      },
    ]),
    {
      collection: 'users',
      id: PRESIDIUM2,
      doc: { _id: PRESIDIUM2, openid: PRESIDIUM2, role: 'presidium', name: '第二位工作人员', boundAt: now },
    },
  ]);
});
afterAll(() => cloud.stop());

const call = <T = Record<string, unknown>>(event: object, openid: string, at = AT) =>
  cloud.call<T>('congress', event, openid, at);
const docs = (collection: string) => [...cloud.store.entries(collection).values()].map((e) => e.doc);
/** The ballots cast: the ballot box's filled slots. */
const ballots = () => docs('congressBallots').filter((b) => b.filled === true);

describe('a session walked end to end', () => {
  let sessionId = '';
  let opinionIds: string[] = [];
  let road = '';
  let hall = '';
  let members: string[] = [];

  it('drafts candidates from villagers’ opinions, refusing unknown references', async () => {
    opinionIds = [];
    for (const [i, text] of [
      '金鼓村三组到五组的村道雨天全是泥，出行难',
      '希望村里修一个文化活动室',
    ].entries()) {
      const res = await submitOpinion(cloud, VILLAGER, { requestId: `op-req-000${i}`, text });
      opinionIds.push(unwrap(res).id);
    }
    const bad = await call(
      {
        action: 'createSession',
        term: 2,
        meeting: 5,
        date: '2026-11-20',
        endDate: '2026-11-19',
        place: '乡政府会议室',
        agenda: [],
      },
      PRESIDIUM,
    );
    expectError(bad, 'SESSION_DATES_INVALID');
    const created = unwrap(
      await call<{ sessionId: string }>(
        {
          action: 'createSession',
          term: 2,
          meeting: 5,
          date: '2026-11-18',
          place: '乡政府三楼会议室',
          agenda: [
            { time: '09:00', title: '听取政府工作报告' },
            { time: '10:30', title: '民生实事项目票决' },
          ],
        },
        PRESIDIUM,
      ),
    );
    sessionId = created.sessionId;
    expect(sessionId).toBe('s-2-5');
    expectError(
      await call(
        { action: 'createSession', term: 2, meeting: 5, date: '2026-11-18', place: 'x', agenda: [] },
        PRESIDIUM,
      ),
      'SESSION_EXISTS',
    );
    expectError(
      await call(
        { action: 'createSession', term: 2, meeting: 6, date: '2026-11-18', place: 'x', agenda: [] },
        DEPUTY2,
      ),
      'FORBIDDEN',
    );

    const draft = (over: object) => ({
      action: 'saveCandidate',
      sessionId,
      requestId: 'cand-req-road',
      title: '金鼓村道路硬化',
      description: '将金鼓村三组至五组村道硬化2公里',
      budgetWan: 80,
      departmentId: 'build',
      villageCodes: ['jingu'],
      opinionIds: [opinionIds[0]],
      ...over,
    });
    expectError(await call(draft({ opinionIds: ['nope'] }), PRESIDIUM), 'CANDIDATE_OPINION_NOT_FOUND');
    expectError(await call(draft({ departmentId: 'nope' }), PRESIDIUM), 'CANDIDATE_DEPARTMENT_NOT_FOUND');
    expectError(await call(draft({ villageCodes: ['nope'] }), PRESIDIUM), 'CANDIDATE_VILLAGE_NOT_FOUND');
    expectError(await call(draft({ title: '' }), PRESIDIUM), 'CANDIDATE_TEXT_INVALID');
    expectError(await call(draft({ budgetWan: -1 }), PRESIDIUM), 'BAD_INPUT');
    expect(docs('congressCandidates')).toHaveLength(0);

    road = unwrap(await call<{ candidateId: string }>(draft({}), PRESIDIUM)).candidateId;
    expect(unwrap(await call<{ candidateId: string }>(draft({}), PRESIDIUM)).candidateId).toBe(road);
    hall = unwrap(
      await call<{ candidateId: string }>(
        draft({
          requestId: 'cand-req-hall',
          title: '新建村文化活动室',
          budgetWan: 45.5,
          opinionIds: [opinionIds[1]],
        }),
        PRESIDIUM,
      ),
    ).candidateId;
    expect(docs('congressCandidates')).toHaveLength(2);
    // A draft is the presidium's only.
    expect(unwrap(await call<unknown[]>({ action: 'listCandidates', sessionId }, VILLAGER))).toHaveLength(0);
    expectError(await call({ action: 'getCandidate', candidateId: road }, VILLAGER), 'CANDIDATE_NOT_FOUND');
  });

  it('offers the presidium the township’s recent opinions to link: staff only, a page, a query', async () => {
    type Page = {
      opinions: { id: string; excerpt: string; village: string; status: string }[];
      nextCursor: number | null;
    };
    expectError(await call({ action: 'opinionsForCandidate' }, VILLAGER), 'FORBIDDEN');
    expectError(await call({ action: 'opinionsForCandidate' }, DEPUTY2), 'FORBIDDEN');
    expectError(await call({ action: 'opinionsForCandidate', cursor: 'yesterday' }, PRESIDIUM), 'BAD_INPUT');
    expectError(
      await call({ action: 'opinionsForCandidate', query: '很'.repeat(21) }, PRESIDIUM),
      'BAD_INPUT',
    );
    const all = unwrap(await call<Page>({ action: 'opinionsForCandidate' }, PRESIDIUM));
    // newest first: the hall opinion was submitted after the road one
    expect(all.opinions.map((o) => o.id)).toEqual([opinionIds[1], opinionIds[0]]);
    expect(all.opinions[1]).toMatchObject({
      excerpt: '金鼓村三组到五组的村道雨天全是泥，出行难',
      village: '金鼓村',
      status: '待受理',
    });
    expect(all.nextCursor).toBeNull();
    const found = unwrap(await call<Page>({ action: 'opinionsForCandidate', query: '活动室' }, PRESIDIUM));
    expect(found.opinions.map((o) => o.id)).toEqual([opinionIds[1]]);
    // the page after the newest: only the older one
    const cursor = docs('opinions').find((o) => o._id === opinionIds[1])!.submittedAt as Date;
    const older = unwrap(
      await call<Page>({ action: 'opinionsForCandidate', cursor: +new Date(cursor) }, PRESIDIUM),
    );
    expect(older.opinions.map((o) => o.id)).toEqual([opinionIds[0]]);
  });

  it('publishes them for comment and tells the villagers who raised the linked opinions', async () => {
    expectError(
      await call({ action: 'publishCandidate', candidateId: road, commentUntil: '2026-11-10' }, PRESIDIUM),
      'DATE_OUT_OF_RANGE',
    );
    const before = docs('outbox').length;
    const pub = unwrap(
      await call<{ told: number }>(
        { action: 'publishCandidate', candidateId: road, commentUntil: '2026-11-25' },
        PRESIDIUM,
      ),
    );
    expect(pub.told).toBe(1);
    unwrap(
      await call({ action: 'publishCandidate', candidateId: hall, commentUntil: '2026-11-25' }, PRESIDIUM),
    );
    const told = docs('outbox').filter((m) => String(m.ref).startsWith('candidate:'));
    expect(docs('outbox').length - before).toBe(2);
    expect(told.map((m) => m.openid)).toEqual([VILLAGER, VILLAGER]);
    expect(told.every((m) => m.template === 'opinionProgress')).toBe(true);
    expectError(
      await call({ action: 'publishCandidate', candidateId: road, commentUntil: '2026-11-25' }, PRESIDIUM),
      'CANDIDATE_NOT_DRAFT',
    );
    // The public reads how many opinions asked for it, not which: their ids are the presidium's.
    type Row = { _id: string; fromOpinions: number; opinionIds: string[] };
    const rows = unwrap(await call<Row[]>({ action: 'listCandidates', sessionId }, VILLAGER));
    expect(rows.find((c) => c._id === road)).toMatchObject({
      fromOpinions: 1,
      opinionIds: [],
      departmentName: '乡村建设办公室',
      villageNames: ['金鼓村'],
    });
    const one = unwrap(
      await call<{ departmentName: string; villageNames: string[] }>(
        { action: 'getCandidate', candidateId: road },
        VILLAGER,
      ),
    );
    expect(one).toMatchObject({ departmentName: '乡村建设办公室', villageNames: ['金鼓村'] });
    const staff = unwrap(await call<Row[]>({ action: 'listCandidates', sessionId }, PRESIDIUM));
    expect(staff.find((c) => c._id === road)?.opinionIds).toEqual([opinionIds[0]]);
  });

  it('takes villagers’ comments: content-checked, once per request id, capped', async () => {
    const c = (requestId: string, content: string) =>
      call<{ commentId: string; held: boolean }>(
        { action: 'commentCandidate', candidateId: road, requestId, content },
        VILLAGER,
      );
    const first = unwrap(await c('comment-req-1', '建议先修三组到四组这一段'));
    expect(first.held).toBe(false);
    expect(unwrap(await c('comment-req-1', '建议先修三组到四组这一段')).commentId).toBe(first.commentId);
    const held = unwrap(await c('comment-req-2', '有意加微信私聊'));
    expect(held.held).toBe(true);
    unwrap(await c('comment-req-3', '希望路面加宽'));
    expectError(await c('comment-req-4', '再说一条'), 'COMMENT_LIMIT');
    expectError(await c('comment-req-5', ''), 'COMMENT_TEXT_INVALID');
    expect(docs('candidateComments')).toHaveLength(3);
    // Another villager sees the passed comments only; the presidium sees the held one too.
    const other = unwrap(
      await call<{ commentList: unknown[] }>(
        { action: 'getCandidate', candidateId: road },
        'someone-else-openid',
      ),
    );
    expect(other.commentList).toHaveLength(2);
    const staff = unwrap(
      await call<{ commentList: unknown[] }>({ action: 'getCandidate', candidateId: road }, PRESIDIUM),
    );
    expect(staff.commentList).toHaveLength(3);
    // After the window, no more comments.
    expectError(await c('comment-req-6', '晚了'), 'COMMENT_LIMIT');
    expectError(
      await call(
        { action: 'commentCandidate', candidateId: hall, requestId: 'comment-late-1', content: '晚了' },
        VILLAGER,
        '2026-11-26T02:00:00.000Z',
      ),
      'COMMENTS_CLOSED',
    );
    const onBallot = unwrap(
      await call<{ onBallot: string[] }>(
        { action: 'putOnBallot', sessionId, candidateIds: [road, hall] },
        PRESIDIUM,
      ),
    );
    expect(onBallot.onBallot).toEqual([road, hall].sort());
  });

  it('convenes, checks deputies in by QR, and enforces the quorum before the vote opens', async () => {
    const convened = unwrap(
      await call<{
        checkInCode: string;
        checkInQr: string;
        checkInQrDataUrl: string;
        quorum: { total: number };
      }>({ action: 'convene', sessionId }, PRESIDIUM),
    );
    const code = convened.checkInCode;
    expect(convened.checkInQr).toBe(`session:${sessionId}:${code}`);
    expect(convened.checkInQrDataUrl).toMatch(/^data:image\/png;base64,/);
    // Another session's QR code does not check in here.
    expectError(
      await call({ action: 'checkIn', sessionId, code: `session:s-9-9:${code}` }, DEPUTY2),
      'SESSION_CHECKIN_CODE_WRONG',
    );
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    // d02, d05, d07, d08 (the demo's township deputies) and t01 … t08.
    expect(convened.quorum.total).toBe(12);
    members = ['d02', 'd05', 'd07', 'd08', ...EXTRA];
    const asDeputy = unwrap(
      await call<{ checkInCode: string | null }>({ action: 'getSession', sessionId }, DEPUTY2),
    );
    expect(asDeputy.checkInCode).toBeNull();

    expectError(
      await call({ action: 'checkIn', sessionId, code: 'WRONG123' }, DEPUTY2),
      'SESSION_CHECKIN_CODE_WRONG',
    );
    expectError(await call({ action: 'checkIn', sessionId, code }, DEPUTY1), 'SESSION_NOT_A_MEMBER');
    unwrap(await call({ action: 'checkIn', sessionId, code: code.toLowerCase() }, DEPUTY2));
    unwrap(await call({ action: 'checkIn', sessionId, code }, DEPUTY2));
    // t01 … t07 by QR (t08 stays away); d05 marked present by staff: 9 of 12 — but first 8.
    for (const id of EXTRA.slice(0, 7))
      unwrap(await call({ action: 'checkIn', sessionId, code: convened.checkInQr }, openidOf(id)));
    expect(docs('congressAttendance')).toHaveLength(8);

    const refused = await call({ action: 'openVote', sessionId }, PRESIDIUM);
    expectError(refused, 'QUORUM_NOT_MET');
    expect(!refused.ok && refused.error.details).toEqual({ present: 8, total: 12, needed: 9, met: false });
    expectError(
      await call({ action: 'castBallot', sessionId, choices: { [road]: 'yes', [hall]: 'no' } }, DEPUTY2),
      'VOTE_NOT_OPEN',
    );

    const marked = unwrap(
      await call<{ quorum: { met: boolean } }>(
        { action: 'markPresent', sessionId, deputyId: 'd05' },
        PRESIDIUM,
      ),
    );
    expect(marked.quorum.met).toBe(true);
    // Each deputy present has one duty record of the meeting (checked in twice: still one), none for the absent.
    const meetings = (docs('dutyRecords') as unknown[]).filter(
      (r) => (r as { sourceRef?: string }).sourceRef === `session:${sessionId}`,
    ) as { deputyId: string; type: string; description: string; source: string }[];
    expect(meetings.map((r) => r.deputyId).sort()).toEqual(['d02', 'd05', ...EXTRA.slice(0, 7)].sort());
    for (const r of meetings) {
      expect(r).toMatchObject({ type: 'meeting', source: 'system' });
      expect(r.description).toMatch(/^出席.*第二届.*第五次会议/);
    }
    unwrap(await call({ action: 'openVote', sessionId }, PRESIDIUM));
    expectError(await call({ action: 'openVote', sessionId }, PRESIDIUM), 'VOTE_ALREADY_OPEN');
  });

  it('refuses incomplete ballots and absent deputies, writing nothing', async () => {
    const cast = (openid: string, choices: object) =>
      call({ action: 'castBallot', sessionId, choices }, openid);
    expectError(await cast(DEPUTY2, { [road]: 'yes' }), 'BALLOT_INCOMPLETE');
    expectError(await cast(DEPUTY2, { [road]: 'yes', [hall]: 'no', cnope: 'yes' }), 'BALLOT_INCOMPLETE');
    expectError(await cast(DEPUTY2, { [road]: 'yes', nope: 'no' }), 'BALLOT_INCOMPLETE');
    expectError(await cast(DEPUTY2, { [road]: 'yes', [hall]: 'maybe' }), 'BAD_INPUT');
    expectError(await cast(openidOf('t08'), { [road]: 'yes', [hall]: 'no' }), 'BALLOT_NOT_PRESENT');
    expectError(await cast(DEPUTY1, { [road]: 'yes', [hall]: 'no' }), 'SESSION_NOT_A_MEMBER');
    expect(ballots()).toHaveLength(0);
    expect(docs('congressVoters')).toHaveLength(0);
  });

  it('takes one ballot per deputy under concurrency', async () => {
    const ballot = { [road]: 'yes', [hall]: 'no' };
    const twice = Array.from({ length: 10 }, () =>
      call({ action: 'castBallot', sessionId, choices: ballot }, DEPUTY2),
    );
    const others = EXTRA.slice(0, 7).map((id, i) =>
      call(
        { action: 'castBallot', sessionId, choices: { [road]: 'yes', [hall]: i < 5 ? 'abstain' : 'yes' } },
        openidOf(id),
      ),
    );
    const answers = (await Promise.all([...twice, ...others])) as Envelope[];
    const mine = answers.slice(0, 10);
    expect(mine.filter((r) => r.ok)).toHaveLength(1);
    for (const r of mine.filter((x) => !x.ok)) expectError(r, 'BALLOT_ALREADY_CAST');
    for (const r of answers.slice(10)) expect(r).toEqual({ ok: true, data: { voted: true } });
    expect(ballots()).toHaveLength(8);
    expect(docs('congressVoters')).toHaveLength(8);
    expectError(
      await call({ action: 'castBallot', sessionId, choices: ballot }, DEPUTY2),
      'BALLOT_ALREADY_CAST',
    );
    const me = unwrap(await call<{ me: { voted: boolean } }>({ action: 'getSession', sessionId }, DEPUTY2));
    expect(me.me.voted).toBe(true);
  });

  it('counts a paper ballot entered identically by two different staff', async () => {
    const paper = (openid: string, choices: object, pairingCode?: string) =>
      call<{ pairingCode?: string; voted?: true }>(
        {
          action: 'enterPaperBallot',
          sessionId,
          deputyId: 'd05',
          choices,
          ...(pairingCode ? { pairingCode } : {}),
        },
        openid,
      );
    const choices = { [road]: 'no', [hall]: 'yes' };
    const first = unwrap(await paper(PRESIDIUM, choices));
    expect(first.pairingCode).toMatch(/^[0-9A-Z]{10}$/);
    expectError(await paper(PRESIDIUM, choices, first.pairingCode), 'PAPER_SAME_STAFF');
    expectError(
      await paper(PRESIDIUM2, { [road]: 'yes', [hall]: 'yes' }, first.pairingCode),
      'PAPER_MISMATCH',
    );
    expectError(await paper(PRESIDIUM2, choices, 'AAAAAAAAAA'), 'PAPER_PAIRING_NOT_FOUND');
    expect(ballots()).toHaveLength(8);
    expect(unwrap(await paper(PRESIDIUM2, choices, first.pairingCode))).toEqual({ voted: true });
    expectError(await paper(PRESIDIUM2, choices, first.pairingCode), 'BALLOT_ALREADY_CAST');
    expect(ballots()).toHaveLength(9);
    // The voter record says it was on paper and who entered it; no ballot says anything but its choices.
    expect(docs('congressVoters').find((v) => v.deputyId === 'd05')).toMatchObject({
      via: 'paper',
      enteredBy: [PRESIDIUM, PRESIDIUM2],
    });
    for (const b of ballots())
      expect(Object.keys(b).sort()).toEqual(['_id', 'choices', 'filled', 'sessionId', 'townshipId']);
    expect(docs('congressPaperEntries')).toHaveLength(0);
  });

  it('keeps the ballot secret: no document holds both a deputy and a choice', () => {
    const deputyMarks = new Set([...members, DEPUTY2, ...EXTRA.map(openidOf)]);
    const offenders: string[] = [];
    for (const name of cloud.store.collectionNames()) {
      for (const [id, entry] of cloud.store.entries(name)) {
        const text = JSON.stringify(entry.doc);
        const hasChoice = /"(yes|no|abstain)"/.test(text) || /"choices"/.test(text);
        const hasDeputy = [...deputyMarks].some((m) => text.includes(`"${m}"`) || id.includes(m));
        if (hasChoice && hasDeputy) offenders.push(`${name}/${id}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('closes the vote, publishes results with counts and verifies the tally', async () => {
    expectError(await call({ action: 'sessionResults', sessionId }, VILLAGER), 'TALLY_NOT_READY');
    expectError(await call({ action: 'closeSession', sessionId }, PRESIDIUM), 'SESSION_VOTE_OPEN');
    const results = unwrap(
      await call<{
        ballots: number;
        yesNeeded: number;
        rows: { candidateId: string; yes: number; no: number; abstain: number; passed: boolean }[];
      }>({ action: 'closeVote', sessionId }, PRESIDIUM),
    );
    expect(results.ballots).toBe(9);
    // More than half of all 12 deputies: 7 yes.
    expect(results.yesNeeded).toBe(7);
    const byId = Object.fromEntries(results.rows.map((r) => [r.candidateId, r]));
    // road: d02 yes, t01–t07 yes, d05 no → 8 yes 1 no: passes.
    expect(byId[road]).toMatchObject({ yes: 8, no: 1, abstain: 0, passed: true });
    // hall: d02 no, t01–t05 abstain, t06–t07 yes, d05 yes → 3 yes: fails.
    expect(byId[hall]).toMatchObject({ yes: 3, no: 1, abstain: 5, passed: false });
    expect(docs('congressCandidates').find((c) => c._id === road)?.status).toBe('passed');
    expect(docs('congressCandidates').find((c) => c._id === hall)?.status).toBe('failed');

    const verified = unwrap(
      await call<{ verified: boolean; ballots: number; voters: number }>(
        { action: 'verifyTally', sessionId },
        VILLAGER,
      ),
    );
    expect(verified).toMatchObject({ verified: true, ballots: 9, voters: 9, ballotsEqualVoters: true });
    expect(
      unwrap(await call<{ rows: unknown[] }>({ action: 'sessionResults', sessionId }, VILLAGER)).rows,
    ).toHaveLength(2);

    expectError(
      await call(
        { action: 'castBallot', sessionId, choices: { [road]: 'yes', [hall]: 'no' } },
        openidOf('t08'),
      ),
      'VOTE_NOT_OPEN',
    );
    expect(ballots()).toHaveLength(9);
    unwrap(await call({ action: 'closeSession', sessionId }, PRESIDIUM));
    expect(unwrap(await call<{ status: string }>({ action: 'getSession', sessionId }, VILLAGER)).status).toBe(
      'closed',
    );
  });
});

describe('a vote closed while ballots are in flight', () => {
  it('counts each ballot that landed and refuses the rest: the tally still verifies', async () => {
    const sessionId = unwrap(
      await call<{ sessionId: string }>(
        {
          action: 'createSession',
          term: 3,
          meeting: 1,
          date: '2026-11-18',
          place: '乡政府会议室',
          agenda: [],
        },
        PRESIDIUM,
      ),
    ).sessionId;
    const ids: string[] = [];
    for (const key of ['a', 'b']) {
      const { candidateId } = unwrap(
        await call<{ candidateId: string }>(
          {
            action: 'saveCandidate',
            sessionId,
            requestId: `race-cand-${key}`,
            title: `项目${key}`,
            description: '内容',
            budgetWan: 10,
            departmentId: 'build',
            villageCodes: [],
            opinionIds: [],
          },
          PRESIDIUM,
        ),
      );
      unwrap(await call({ action: 'publishCandidate', candidateId, commentUntil: '2026-11-18' }, PRESIDIUM));
      ids.push(candidateId);
    }
    unwrap(await call({ action: 'putOnBallot', sessionId, candidateIds: ids }, PRESIDIUM));
    const { checkInCode } = unwrap(
      await call<{ checkInCode: string }>({ action: 'convene', sessionId }, PRESIDIUM),
    );
    for (const openid of [DEPUTY2, ...EXTRA.map(openidOf)])
      unwrap(await call({ action: 'checkIn', sessionId, code: checkInCode }, openid));
    unwrap(await call({ action: 'openVote', sessionId }, PRESIDIUM));
    const choices = { [ids[0]]: 'yes', [ids[1]]: 'no' };
    const casts = [DEPUTY2, ...EXTRA.map(openidOf)].map((openid) =>
      call({ action: 'castBallot', sessionId, choices }, openid),
    );
    // The close starts while the casts are under way (each call takes a few milliseconds).
    const closing = new Promise<Envelope>((resolve) => {
      setTimeout(() => resolve(call({ action: 'closeVote', sessionId }, PRESIDIUM)), 8);
    });
    const [closed, ...answers] = (await Promise.all([closing, ...casts])) as Envelope[];
    if (!closed.ok) {
      expectError(closed, 'CONFLICT');
      unwrap(await call({ action: 'closeVote', sessionId }, PRESIDIUM));
    }
    const landed = answers.filter((r) => r.ok).length;
    for (const r of answers.filter((x) => !x.ok)) expectError(r, 'VOTE_NOT_OPEN');
    const tally = unwrap(
      await call<{ verified: boolean; ballots: number; voters: number }>(
        { action: 'verifyTally', sessionId },
        VILLAGER,
      ),
    );
    expect(tally).toMatchObject({ verified: true, ballots: landed, voters: landed });
    const results = unwrap(
      await call<{ ballots: number }>({ action: 'sessionResults', sessionId }, VILLAGER),
    );
    expect(results.ballots).toBe(landed);
  });
});
