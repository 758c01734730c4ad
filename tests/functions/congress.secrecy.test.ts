/**
 * The secret ballot's secrecy and its pass rule, through the congress function on the local cloud.
 * When one deputy of many votes on paper, nothing in any stored document ties them to their choices:
 * every ballot is the same shape (its choices and nothing else), its slot was drawn before anyone voted,
 * and the box keeps the order it had when the vote opened, so the order of the ballots is not the order
 * the deputies voted in. The presidium sets the pass rule before the vote opens and the tally uses it.
 * Casts at the same moment all land exactly once; a session stored before the box still tallies.
 */
import { scryptSync } from 'node:crypto';
import { DEMO_TOWNSHIP } from '../../local/demo/township.seed';
import { demoCloud, expectError, unwrap, type Envelope } from './support';

jest.setTimeout(120_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

const AT = '2026-11-18T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const PRESIDIUM2 = 'secrecy-second-staff';
const VILLAGER = 'demo-villager';
/** 32 township deputies bound to WeChat (with the demo's d02, d05, d07, d08: 36 in the congress). */
const EXTRA = Array.from({ length: 32 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
const openidOf = (id: string) => `sec-${id}-openid`;
const PAPER_DEPUTY = 'd05';
const CHOICE = ['yes', 'no', 'abstain'] as const;

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
          name: `保密代表${i + 1}`,
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
          name: `保密代表${i + 1}`,
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

const call = <T = Record<string, unknown>>(event: object, openid: string) =>
  cloud.call<T>('congress', event, openid, AT);
const entries = (collection: string) => [...cloud.store.entries(collection).entries()];
const boxOf = (sessionId: string) =>
  entries('congressBallots').filter(([, e]) => e.doc.sessionId === sessionId);
/** The session's ballots cast (whatever their stored shape), in the store's natural order. */
const castOf = (sessionId: string) => boxOf(sessionId).filter(([, e]) => 'choices' in e.doc);

/** A session with `n` candidates on the ballot, convened; answers its id and the candidates (sorted). */
async function sessionWith(meeting: number, n: number): Promise<{ sessionId: string; ids: string[] }> {
  const { sessionId } = unwrap(
    await call<{ sessionId: string }>(
      { action: 'createSession', term: 4, meeting, date: '2026-11-18', place: '乡政府会议室', agenda: [] },
      PRESIDIUM,
    ),
  );
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { candidateId } = unwrap(
      await call<{ candidateId: string }>(
        {
          action: 'saveCandidate',
          sessionId,
          requestId: `secrecy-${meeting}-${i}`,
          title: `项目${meeting}-${i}`,
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
  return { sessionId, ids: ids.sort() };
}

async function convene(sessionId: string, present: string[]): Promise<void> {
  const { checkInCode } = unwrap(
    await call<{ checkInCode: string }>({ action: 'convene', sessionId }, PRESIDIUM),
  );
  for (const id of present)
    unwrap(await call({ action: 'checkIn', sessionId, code: checkInCode }, openidOf(id)));
}

describe('one deputy on paper among thirty in the app', () => {
  let sessionId = '';
  let ids: string[] = [];
  /** Voter k's choices: candidate 0 yes for the first 20 voters; candidates 1–4 spell k in base 3. */
  const ballotOf = (k: number) =>
    Object.fromEntries(
      ids.map((id, j) => [id, j === 0 ? (k < 20 ? 'yes' : 'no') : CHOICE[Math.floor(k / 3 ** (j - 1)) % 3]]),
    ) as Record<string, (typeof CHOICE)[number]>;
  const key = (choices: Record<string, string>) => ids.map((id) => choices[id]).join(',');
  /** The voters in the order they voted: s01 … s15, d05 on paper, s16 … s30. */
  const order = [...EXTRA.slice(0, 15), PAPER_DEPUTY, ...EXTRA.slice(15, 30)];
  let openedBox: [string, number][] = [];

  it('the presidium sets the pass rule before the vote opens: validated, in plain words', async () => {
    ({ sessionId, ids } = await sessionWith(1, 5));
    const set = (rule: object, openid = PRESIDIUM) =>
      call<{ passRuleText: string }>({ action: 'setPassRule', sessionId, ...rule }, openid);
    const presentTwoThirds = { base: 'present', numerator: 2, denominator: 3 };
    expectError(await set(presentTwoThirds, VILLAGER), 'FORBIDDEN');
    expectError(await set(presentTwoThirds, openidOf('s01')), 'FORBIDDEN');
    expectError(await set({ base: 'all', numerator: 2, denominator: 2 }), 'PASS_RULE_INVALID');
    expectError(await set({ base: 'all', numerator: 1, denominator: 3 }), 'PASS_RULE_INVALID');
    expectError(await set({ base: 'all', numerator: 1, denominator: 11 }), 'BAD_INPUT');
    expectError(await set({ base: 'all', numerator: 1.5, denominator: 3 }), 'BAD_INPUT');
    expectError(await set({ base: 'half', numerator: 1, denominator: 2 }), 'BAD_INPUT');
    const before = unwrap(
      await call<{ passRuleText: string }>({ action: 'getSession', sessionId }, VILLAGER),
    );
    expect(before.passRuleText).toBe('获得全体代表过半数赞成票通过');
    expect(unwrap(await set(presentTwoThirds))).toEqual({
      passRule: presentTwoThirds,
      passRuleText: '获得超过到会代表三分之二的赞成票通过',
    });
    const after = unwrap(
      await call<{ passRule: object; passRuleText: string }>({ action: 'getSession', sessionId }, VILLAGER),
    );
    expect(after).toMatchObject({
      passRule: presentTwoThirds,
      passRuleText: '获得超过到会代表三分之二的赞成票通过',
    });
  });

  it('draws the ballot box when the vote opens, before anyone votes, and locks the pass rule', async () => {
    await convene(sessionId, EXTRA.slice(0, 30));
    for (const deputyId of [PAPER_DEPUTY, 'd07'])
      unwrap(await call({ action: 'markPresent', sessionId, deputyId }, PRESIDIUM));
    expect(boxOf(sessionId)).toHaveLength(0);
    unwrap(await call({ action: 'openVote', sessionId }, PRESIDIUM));
    openedBox = boxOf(sessionId).map(([id, e]) => [id, e.seq]);
    // two slots per deputy of the session (36), all empty
    expect(openedBox).toHaveLength(72);
    expect(boxOf(sessionId).every(([, e]) => e.doc.filled === false && !('choices' in e.doc))).toBe(true);
    expectError(
      await call({ action: 'setPassRule', sessionId, base: 'all', numerator: 1, denominator: 2 }, PRESIDIUM),
      'PASS_RULE_LOCKED',
    );
  });

  it('casts thirty ballots in the app and one on paper, entered by two staff', async () => {
    for (const [k, id] of order.entries()) {
      if (id !== PAPER_DEPUTY) {
        unwrap(await call({ action: 'castBallot', sessionId, choices: ballotOf(k) }, openidOf(id)));
        continue;
      }
      const paper = (openid: string, pairingCode?: string) =>
        call<{ pairingCode: string }>(
          {
            action: 'enterPaperBallot',
            sessionId,
            deputyId: PAPER_DEPUTY,
            choices: ballotOf(k),
            ...(pairingCode ? { pairingCode } : {}),
          },
          openid,
        );
      const { pairingCode } = unwrap(await paper(PRESIDIUM));
      expect(unwrap(await paper(PRESIDIUM2, pairingCode))).toEqual({ voted: true });
    }
    // d07's paper ballot is entered once and never confirmed: held, not counted, under an id that is a
    // memory-hard hash of its code (a fast hash of a 10-character code could be searched offline)
    const held = unwrap(
      await call<{ pairingCode: string }>(
        { action: 'enterPaperBallot', sessionId, deputyId: 'd07', choices: ballotOf(31) },
        PRESIDIUM,
      ),
    );
    const kdf = scryptSync(held.pairingCode, 'congress-paper-pairing', 16, { N: 2 ** 14, r: 8, p: 1 });
    expect(entries('congressPaperEntries').map(([id]) => id)).toEqual([`pe${kdf.toString('hex')}`]);
    expect(castOf(sessionId)).toHaveLength(31);
    expect(entries('congressVoters').filter(([, e]) => e.doc.sessionId === sessionId)).toHaveLength(31);
  });

  it('ties the paper deputy to no choice: every ballot is its choices only, in a slot drawn before the vote', () => {
    const filled = castOf(sessionId).map(([, e]) => e.doc);
    // Apart from its choices, every ballot is the same document: nothing says app or paper, who, or when.
    const rest = new Set(
      filled.map((b) => {
        const { _id: _ignored, choices: _choices, ...others } = b;
        return JSON.stringify(others, Object.keys(others).sort());
      }),
    );
    expect([...rest]).toEqual([JSON.stringify({ filled: true, sessionId, townshipId: DEMO_TOWNSHIP.id })]);
    // The paper deputy's choices are in exactly one ballot, and no document that names them (or the staff
    // who entered it) holds a choice.
    const paperKey = key(ballotOf(order.indexOf(PAPER_DEPUTY)));
    expect(filled.filter((b) => key(b.choices as Record<string, string>) === paperKey)).toHaveLength(1);
    const marks = [PAPER_DEPUTY, PRESIDIUM, PRESIDIUM2];
    const offenders: string[] = [];
    for (const name of cloud.store.collectionNames())
      for (const [id, e] of cloud.store.entries(name)) {
        const text = JSON.stringify(e.doc);
        const named = marks.some((m) => id.includes(m) || text.includes(`"${m}"`));
        const choice = /"choices"|"(yes|no|abstain)"/.test(text) || text.includes(paperKey);
        if (named && choice) offenders.push(`${name}/${id}`);
      }
    expect(offenders).toEqual([]);
    // The voter record says it was on paper, and who entered it — never how.
    expect(cloud.store.entries('congressVoters').get(`${sessionId}:${PAPER_DEPUTY}`)?.doc).toMatchObject({
      via: 'paper',
      enteredBy: [PRESIDIUM, PRESIDIUM2],
    });
  });

  it('stores the ballots in an order that is not the order the deputies voted in', () => {
    const stored = castOf(sessionId)
      .sort(([, a], [, b]) => a.seq - b.seq)
      .map(([, e]) => key(e.doc.choices as Record<string, string>));
    const cast = order.map((_, k) => key(ballotOf(k)));
    expect(new Set(cast).size).toBe(31); // every voter's ballot is different, so each can be followed
    expect([...stored].sort()).toEqual([...cast].sort());
    // Equal by chance once in 31! (≈ 8×10³³) runs; today's one-document-per-cast store always equals it.
    expect(stored).not.toEqual(cast);
    expect(stored).not.toEqual([...cast].reverse());
    // The ballots sorted by their ids are not in cast order either.
    const byId = castOf(sessionId)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, e]) => key(e.doc.choices as Record<string, string>));
    expect(byId).not.toEqual(cast);
    // By construction: the box holds the same slots, in the same stored order, as when the vote opened.
    expect(boxOf(sessionId).map(([id, e]) => [id, e.seq])).toEqual(openedBox);
  });

  it('tallies by the rule set: counts add up, the held paper entry is gone, the tally verifies', async () => {
    const results = unwrap(
      await call<{
        ballots: number;
        present: number;
        yesNeeded: number;
        passRuleText: string;
        rows: { candidateId: string; yes: number; no: number; abstain: number; passed: boolean }[];
      }>({ action: 'closeVote', sessionId }, PRESIDIUM),
    );
    expect(results).toMatchObject({
      ballots: 31,
      present: 32,
      passRuleText: '获得超过到会代表三分之二的赞成票通过',
    });
    // more than two thirds of the 32 present: 22 (the default, more than half of all 36, would be 19)
    expect(results.yesNeeded).toBe(22);
    const expected = ids.map((id) => {
      const c = { yes: 0, no: 0, abstain: 0 };
      for (const k of order.keys()) c[ballotOf(k)[id]] += 1;
      return { candidateId: id, ...c, passed: c.yes * 3 > 32 * 2 };
    });
    const byId = Object.fromEntries(results.rows.map((r) => [r.candidateId, r]));
    for (const e of expected) expect(byId[e.candidateId]).toMatchObject(e);
    // 20 yes: enough under the default rule, not under the one the presidium set
    expect(byId[ids[0]]).toMatchObject({ yes: 20, passed: false });
    expect(entries('congressPaperEntries').filter(([, e]) => e.doc.sessionId === sessionId)).toEqual([]);
    const verified = unwrap(
      await call<{ verified: boolean; ballots: number; voters: number }>(
        { action: 'verifyTally', sessionId },
        VILLAGER,
      ),
    );
    expect(verified).toMatchObject({ verified: true, ballots: 31, voters: 31, ballotsEqualVoters: true });
  });
});

describe('thirty-two deputies casting at the same moment, each twice', () => {
  it('lands every ballot exactly once', async () => {
    const { sessionId, ids } = await sessionWith(2, 2);
    await convene(sessionId, EXTRA);
    unwrap(await call({ action: 'openVote', sessionId }, PRESIDIUM));
    const choices = (i: number) => ({ [ids[0]]: i % 2 ? 'yes' : 'no', [ids[1]]: 'abstain' });
    const casts = EXTRA.flatMap((id, i) => [0, 1].map(() => ({ id, i })));
    const answers = (await Promise.all(
      casts.map(({ id, i }) => call({ action: 'castBallot', sessionId, choices: choices(i) }, openidOf(id))),
    )) as Envelope[];
    for (const id of EXTRA) {
      const mine = answers.filter((_, j) => casts[j].id === id);
      expect(mine.filter((r) => r.ok)).toEqual([{ ok: true, data: { voted: true } }]);
      for (const r of mine.filter((x) => !x.ok)) expectError(r, 'BALLOT_ALREADY_CAST');
    }
    expect(castOf(sessionId)).toHaveLength(32);
    const results = unwrap(
      await call<{ rows: { candidateId: string; yes: number; no: number; abstain: number }[] }>(
        { action: 'closeVote', sessionId },
        PRESIDIUM,
      ),
    );
    const byId = Object.fromEntries(results.rows.map((r) => [r.candidateId, r]));
    expect(byId[ids[0]]).toMatchObject({ yes: 16, no: 16, abstain: 0 });
    expect(byId[ids[1]]).toMatchObject({ yes: 0, no: 0, abstain: 32 });
    expect(
      unwrap(
        await call<{ verified: boolean; voters: number }>({ action: 'verifyTally', sessionId }, VILLAGER),
      ),
    ).toMatchObject({ verified: true, ballots: 32, voters: 32 });
  });
});

describe('a session whose vote opened before the ballot box (one document per ballot)', () => {
  it('still counts its old ballots with the new ones, and verifies', async () => {
    const sessionId = 's-4-3';
    const now = new Date(AT);
    const [a, b] = ['legacy-cand-a', 'legacy-cand-b'];
    const members = EXTRA.slice(0, 3);
    cloud.store.commit([
      {
        collection: 'congressSessions',
        id: sessionId,
        doc: {
          _id: sessionId,
          term: 4,
          meeting: 3,
          title: '金鼓乡第四届人民代表大会第三次会议',
          date: '2026-11-18',
          endDate: '2026-11-18',
          place: '乡政府会议室',
          agenda: [],
          status: 'convened',
          vote: 'open',
          passRule: { base: 'all', numerator: 1, denominator: 2 },
          deputyIds: members,
          checkInCode: 'ABCD2345',
          ballotCandidateIds: [a, b],
          createdAt: now,
          updatedAt: now,
        },
      },
      ...[a, b].map((id) => ({
        collection: 'congressCandidates',
        id,
        doc: {
          _id: id,
          sessionId,
          title: `旧项目${id}`,
          description: '内容',
          budgetWan: 5,
          departmentId: 'build',
          villageCodes: [],
          opinionIds: [],
          status: 'onBallot',
          createdAt: now,
          updatedAt: now,
        },
      })),
      ...members.map((d) => ({
        collection: 'congressAttendance',
        id: `${sessionId}:${d}`,
        doc: { _id: `${sessionId}:${d}`, sessionId, deputyId: d, via: 'qr', at: now },
      })),
      ...members.slice(0, 2).map((d, i) => ({
        collection: 'congressVoters',
        id: `${sessionId}:${d}`,
        doc: { _id: `${sessionId}:${d}`, sessionId, deputyId: d, via: i ? 'paper' : 'app' },
      })),
      {
        collection: 'congressBallots',
        id: 'b0123456789abcdef01234567',
        doc: { _id: 'b0123456789abcdef01234567', sessionId, choices: { [a]: 'yes', [b]: 'no' } },
      },
      {
        collection: 'congressBallots',
        id: 'b89abcdef0123456789abcdef',
        doc: {
          _id: 'b89abcdef0123456789abcdef',
          sessionId,
          choices: { [a]: 'yes', [b]: 'yes' },
          paper: { enteredBy: [PRESIDIUM, PRESIDIUM2] },
        },
      },
    ]);
    unwrap(
      await call(
        { action: 'castBallot', sessionId, choices: { [a]: 'no', [b]: 'yes' } },
        openidOf(members[2]),
      ),
    );
    // the box was drawn for the rest of the vote
    expect(boxOf(sessionId).filter(([, e]) => 'filled' in e.doc)).toHaveLength(6);
    const results = unwrap(
      await call<{
        ballots: number;
        rows: { candidateId: string; yes: number; no: number; passed: boolean }[];
      }>({ action: 'closeVote', sessionId }, PRESIDIUM),
    );
    expect(results.ballots).toBe(3);
    const byId = Object.fromEntries(results.rows.map((r) => [r.candidateId, r]));
    expect(byId[a]).toMatchObject({ yes: 2, no: 1, passed: true });
    expect(byId[b]).toMatchObject({ yes: 2, no: 1, passed: true });
    expect(
      unwrap(await call<{ verified: boolean }>({ action: 'verifyTally', sessionId }, VILLAGER)),
    ).toMatchObject({ verified: true, ballots: 3, voters: 3 });
  });
});
