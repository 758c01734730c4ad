/**
 * The congress demo (local/demo/congress.demo.ts) through the real functions: 第二届第四次会议 closed
 * with results (two projects passed, one failed; the tally verified; one ballot by app and three on
 * paper), and 第二届第五次会议 in preparation with candidates from the villager's opinions open for comment.
 */
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, seedDemoActivity } from '../../local/demo/township.seed';
import { unwrap, useDemoCloud } from './support';

jest.setTimeout(120_000);
const cloud = useDemoCloud();

/** The demo's candidate ids (c + sha256(`${sessionId}:${requestId}`), 20 hex): the projects demo plans the passed ones. */
const ROAD = 'c542e9573620ebc18aeb3';
const WATER = 'c937240e6bd967a345199';
const HALL = 'c7d4d2130d15c1278b252';
const LIGHTS = 'ca88424f1d74596ef1f1b';

beforeAll(async () => {
  const failures = await seedDemoActivity(
    (name, event, options) => cloud.invoke(name, event, options),
    new Date(),
  );
  expect(failures).toEqual([]);
});

it('holds a closed past session with results and passed projects', async () => {
  const results = unwrap(
    await cloud.call<{ ballots: number; rows: { candidateId: string; yes: number; passed: boolean }[] }>(
      'congress',
      { action: 'sessionResults', sessionId: 's-2-4' },
      PERSONAS.villager,
    ),
  );
  expect(results.ballots).toBe(4);
  const passed = Object.fromEntries(results.rows.map((r) => [r.candidateId, r.passed]));
  expect(passed).toEqual({ [ROAD]: true, [WATER]: true, [HALL]: false });
  const tally = unwrap(
    await cloud.call<{ verified: boolean }>(
      'congress',
      { action: 'verifyTally', sessionId: 's-2-4' },
      PERSONAS.villager,
    ),
  );
  expect(tally.verified).toBe(true);
  const session = unwrap(
    await cloud.call<{ status: string; quorum: { present: number; total: number } }>(
      'congress',
      { action: 'getSession', sessionId: 's-2-4' },
      PERSONAS.villager,
    ),
  );
  expect(session).toMatchObject({ status: 'closed', quorum: { present: 4, total: 4 } });
  // Its four deputies present each have a duty record of the meeting, dated the day it was held.
  const meetings = [...cloud.store.entries('dutyRecords').values()]
    .map((e) => e.doc as unknown as { deputyId: string; type: string; date: string; sourceRef?: string })
    .filter((r) => r.sourceRef === 'session:s-2-4');
  expect(meetings.map((r) => r.deputyId).sort()).toEqual(['d02', 'd05', 'd07', 'd08']);
  expect(meetings.every((r) => r.type === 'meeting' && r.date === addDays(chinaDate(new Date()), -100))).toBe(
    true,
  );
});

it('holds an upcoming session in preparation with candidates open for comment', async () => {
  const session = unwrap(
    await cloud.call<{ status: string }>(
      'congress',
      { action: 'getSession', sessionId: 's-2-5' },
      PERSONAS.villager,
    ),
  );
  expect(session.status).toBe('draft');
  const list = unwrap(
    await cloud.call<
      { _id: string; status: string; commentsOpen: boolean; fromOpinions: number; comments: number }[]
    >('congress', { action: 'listCandidates', sessionId: 's-2-5' }, PERSONAS.villager),
  );
  expect(list.map((c) => c.status)).toEqual(['commenting', 'commenting']);
  expect(list.every((c) => c.commentsOpen)).toBe(true);
  const lights = list.find((c) => c._id === LIGHTS);
  expect(lights?.fromOpinions).toBeGreaterThan(0);
  expect(lights?.comments).toBe(1);
});

it('counts the sessions held, attendance and the projects voted and passed in the figures', async () => {
  const today = chinaDate(new Date());
  const report = unwrap(
    await cloud.call<{ figures: { code: string; value: number | null }[] }>(
      'figures',
      {
        action: 'report',
        period: { kind: 'custom', start: addDays(today, -200), end: today },
        scope: { kind: 'township' },
      },
      PERSONAS.presidium,
    ),
  );
  const value = (code: string) => report.figures.find((f) => f.code === code)?.value;
  // The upcoming session is in preparation: only the held one counts.
  expect(value('congress.sessionsHeld')).toBe(1);
  expect(value('congress.attendance')).toBe(4);
  expect(value('congress.expectedAttendance')).toBe(4);
  expect(value('congress.candidatesVoted')).toBe(3);
  expect(value('congress.candidatesPassed')).toBe(2);
  const drill = unwrap(
    await cloud.call<{ total: number; rows: { id: string }[] }>(
      'figures',
      {
        action: 'drill',
        period: { kind: 'custom', start: addDays(today, -200), end: today },
        code: 'congress.candidatesPassed',
      },
      PERSONAS.presidium,
    ),
  );
  expect(drill.total).toBe(2);
  expect(drill.rows.map((r) => r.id).sort()).toEqual([ROAD, WATER].sort());
});
