/**
 * Hostile input, thrown at the built local cloud (`npm start` as a child process, over HTTP):
 *   - every date field of every action: impossible days, far-future and far-past days, and the days at
 *     and just past each field's window (core/calendar/date-window.ts);
 *   - a far-future schedule, then the scheduler's run over what was stored;
 *   - 100 simultaneous repeats of one write by one villager.
 * A hang must fail, not stall the suite: the cloud runs in its own process and every call is abandoned
 * after CALL_BOUND_MS (a loop that never ends in the cloud shows here as a failed call, and the child is
 * killed afterwards). The figures (payloads tried, slowest call, INTERNAL count) are printed at the end.
 * Afterwards the child's store is read back: no impossible date was stored anywhere.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { addDays, chinaDate, isYmd } from '../../core/calendar/china-time';
import { DATE_WINDOWS, FIRST_DAY, LAST_DAY, windowOn, type DateField } from '../../core/calendar/date-window';
import { ERROR_MESSAGES } from '../../core/errors/error.codes';
import { DocumentStore } from '../../local/engine/store';
import { FUNCTIONS } from '../../scripts/generate';
import { startServer, stopServer, type LocalServer } from '../support/local-server';
import { inDemoTownship, type Envelope } from './support';

jest.setTimeout(300_000);

/** A call that has not answered after this long counts as hung (the slowest real call is far below it). */
const CALL_BOUND_MS = 20_000;
const SYSTEM_TOKEN = 'hostile-suite-token-0123456789';
const YMD_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

const PRESIDIUM = 'demo-presidium';
const DEPUTY = 'demo-deputy-1';
/** The county's calendar is the county staff's (县人大常委会). */
const COUNTY_STAFF = 'demo-county';

let server: LocalServer;
let dataDir: string;
const figures = { payloads: 0, slowestMs: 0, slowest: '', internal: 0, hung: 0 };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  server = await startServer(dataDir, [], { SYSTEM_TOKEN });
});

afterAll(async () => {
  if (server) await stopServer(server.child, 'SIGKILL');
  console.log(
    `hostile suite: ${figures.payloads} payloads, slowest ${figures.slowestMs} ms (${figures.slowest}), ` +
      `INTERNAL ${figures.internal}, hung ${figures.hung} (bound ${CALL_BOUND_MS} ms per call)`,
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * One call over HTTP, abandoned after CALL_BOUND_MS; answers the envelope or `null` if it hung. Sent as
 * the mini-program sends it while showing 金鼓乡 (where the personas work; demo-deputy-1 is bound in two
 * townships), unless the event names its township.
 */
async function call(fn: string, event: Record<string, unknown>, openid?: string): Promise<Envelope | null> {
  const started = Date.now();
  figures.payloads++;
  try {
    const res = await fetch(`${server.url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify(inDemoTownship(event)),
      signal: AbortSignal.timeout(CALL_BOUND_MS),
    });
    const env = (await res.json()) as Envelope;
    if (!env.ok && env.error.code === 'INTERNAL') figures.internal++;
    return env;
  } catch {
    figures.hung++;
    return null;
  } finally {
    const ms = Date.now() - started;
    if (ms > figures.slowestMs) Object.assign(figures, { slowestMs: ms, slowest: `${fn}.${event.action}` });
  }
}

// --- every date field ---------------------------------------------------------------------------

const today = chinaDate(new Date());

/** Days no action may take: not real, or outside the product's years. */
const IMPOSSIBLE = [
  '9999-12-31',
  '0001-01-01',
  '0000-00-00',
  '2027-13-01',
  '2027-02-30',
  '2026-02-29',
  '2027-04-31',
  '1999-12-31',
  '2100-01-01',
  '+010000-01-01',
  '2027-1-1',
  '２０２７-01-01',
  '2027-02-28T00:00:00Z',
  '',
];

interface DateCase {
  fn: string;
  action: string;
  openid: string;
  /** The window of the date this case varies. */
  field: DateField;
  payload(day: string, n: number): Record<string, unknown>;
}

let recordId = '';

const CASES: DateCase[] = [
  {
    fn: 'booking',
    action: 'setSchedule',
    openid: PRESIDIUM,
    field: 'scheduleStart',
    payload: (day) => ({ ...schedule(), startsOn: day }),
  },
  {
    fn: 'booking',
    action: 'setSchedule',
    openid: PRESIDIUM,
    field: 'scheduleEnd',
    payload: (day) => ({
      ...schedule(),
      startsOn: addDays(today, -DATE_WINDOWS.scheduleStart.before),
      endsOn: day,
    }),
  },
  {
    fn: 'booking',
    action: 'addDay',
    openid: PRESIDIUM,
    field: 'receptionDay',
    payload: (day) => ({
      stationCode: 'JG02',
      date: day,
      start: '09:00',
      end: '11:00',
      slots: [{ id: 'am', start: '09:00', end: '11:00', capacity: 5 }],
      deputyIds: ['d04'],
    }),
  },
  {
    fn: 'admin',
    action: 'upsertHolidays',
    openid: COUNTY_STAFF,
    field: 'holiday',
    payload: (day) => ({ days: [{ date: day, kind: 'workday' }] }),
  },
  {
    fn: 'admin',
    action: 'removeHoliday',
    openid: COUNTY_STAFF,
    field: 'holiday',
    payload: (day) => ({ date: day }),
  },
  {
    fn: 'duty',
    action: 'addRecord',
    openid: DEPUTY,
    field: 'dutyRecord',
    payload: (day, n) => ({ requestId: `hostile-rec-${n}`, ...activity(day) }),
  },
  {
    fn: 'duty',
    action: 'editRecord',
    openid: DEPUTY,
    field: 'dutyRecord',
    payload: (day) => ({ id: recordId, ...activity(day) }),
  },
  {
    fn: 'duty',
    action: 'setPeriod',
    openid: PRESIDIUM,
    field: 'period',
    payload: (day, n) => ({ id: `hostile${n}`, start: day, end: day }),
  },
  {
    fn: 'duty',
    action: 'scheduleEvaluation',
    openid: PRESIDIUM,
    field: 'evaluation',
    payload: (day) => ({ deputyId: 'd01', date: day }),
  },
  // An activity's day; a finding's deadline and its fix, on the demo's closed inspection
  // (local/demo/groups.demo.ts: request id demo-activity-inspection, its late item r2).
  {
    fn: 'groups',
    action: 'scheduleActivity',
    openid: PRESIDIUM,
    field: 'activityDay',
    payload: (day, n) => ({
      requestId: `hostile-activity-${n}`,
      kind: 'training',
      title: '代表学习培训',
      stationCode: 'JG01',
      date: day,
      start: '09:00',
      end: '11:00',
      place: '乡政府会议室',
      inviteeIds: ['d04'],
    }),
  },
  {
    // An edit of the demo's scheduled 学习培训 (local/demo/groups.demo.ts) to another day.
    fn: 'groups',
    action: 'updateActivity',
    openid: PRESIDIUM,
    field: 'activityDay',
    payload: (day, n) => ({
      requestId: `hostile-activity-edit-${n}`,
      activityId: 'a_demo-activity-training',
      title: '代表学习培训',
      date: day,
      start: '09:00',
      end: '11:00',
      place: '乡政府会议室',
      description: '',
      inviteeIds: ['d04'],
    }),
  },
  {
    fn: 'groups',
    action: 'closeActivity',
    openid: PRESIDIUM,
    field: 'rectificationDeadline',
    payload: (day, n) => ({
      requestId: `hostile-close-${n}`,
      activityId: 'a_demo-activity-inspection',
      summary: '视察了金鼓河河道治理情况。',
      findings: [{ text: '护栏破损', departmentId: 'build', deadline: day }],
    }),
  },
  {
    fn: 'groups',
    action: 'reportFixed',
    openid: PRESIDIUM,
    field: 'projectDay',
    payload: (day) => ({ rectificationId: 'a_demo-activity-inspection_r2', fixedOn: day, note: '已修复' }),
  },
  // Congress sessions and candidates (server/congress/sessions.service.ts, candidates.service.ts).
  {
    fn: 'congress',
    action: 'createSession',
    openid: PRESIDIUM,
    field: 'session',
    payload: (day) => ({ term: 29, meeting: 1, date: day, place: '乡政府会议室', agenda: [] }),
  },
  {
    fn: 'congress',
    action: 'editSession',
    openid: PRESIDIUM,
    field: 'session',
    payload: (day) => ({ sessionId: 's-29-1', date: day, place: '乡政府会议室', agenda: [] }),
  },
  {
    fn: 'congress',
    action: 'publishCandidate',
    openid: PRESIDIUM,
    field: 'candidateComment',
    payload: (day) => ({ candidateId: 'cnone', commentUntil: day }),
  },
  {
    fn: 'congress',
    action: 'planProject',
    openid: PRESIDIUM,
    field: 'milestone',
    payload: (day) => ({
      candidateId: 'cnone',
      departmentId: 'build',
      lead: '王建国',
      milestones: [{ title: '竣工', due: day }],
    }),
  },
  {
    fn: 'congress',
    action: 'markMilestoneDone',
    openid: PRESIDIUM,
    field: 'projectDay',
    payload: (day, n) => ({
      requestId: `hostile-done-${n}`,
      projectId: 'pj:none',
      milestoneId: 'm1',
      doneOn: day,
    }),
  },
  {
    fn: 'congress',
    action: 'recordInspection',
    openid: DEPUTY,
    field: 'projectDay',
    payload: (day, n) => ({
      requestId: `hostile-insp-${n}`,
      projectId: 'pj:none',
      date: day,
      findings: '看了',
    }),
  },
  // A visit to a household a deputy helps is a duty record's day; a suggestion's deadline.
  {
    fn: 'groups',
    action: 'logVisit',
    openid: DEPUTY,
    field: 'dutyRecord',
    payload: (day, n) => ({
      requestId: `hostile-visit-${n}`,
      pairId: 'hp_hostile-none',
      date: day,
      note: '走访',
    }),
  },
  {
    fn: 'suggestion',
    action: 'assign',
    openid: PRESIDIUM,
    field: 'suggestionDeadline',
    payload: (day) => ({ suggestionId: 'sg_none', leadDepartmentId: 'build', deadline: day }),
  },
  // A period of figures, and a ledger's, starts in the figures window.
  ...(['report', 'drill', 'printableReport'] as const).map((action): DateCase => ({
    fn: 'figures',
    action,
    openid: PRESIDIUM,
    field: 'figures',
    payload: (day) => ({
      period: { kind: 'custom', start: day, end: day },
      ...(action === 'drill' && { code: 'opinions.received' }),
    }),
  })),
  {
    fn: 'figures',
    action: 'exportLedger',
    openid: PRESIDIUM,
    field: 'figures',
    payload: (day) => ({ ledger: 'duties', start: day, end: day }),
  },
];

function schedule(): Record<string, unknown> {
  return {
    stationCode: 'JG03',
    recurrence: { every: 'week', weekday: 4 },
    start: '09:00',
    end: '12:00',
    slots: [{ id: 'am1', start: '09:00', end: '12:00', capacity: 5 }],
    rota: { deputyIds: ['d06', 'd07', 'd08'], perDay: 2 },
    holidayPolicy: 'nextWorkingDay',
  };
}

function activity(day: string): Record<string, unknown> {
  return { type: 'visit', date: day, description: '走访金鼓村五组，了解灌溉用水情况', peopleReached: 3 };
}

/** Where an action's input has a calendar day (server/schemas.ts ymdSchema), as `function.action`. */
function actionsWithDates(): string[] {
  const has = (s: unknown): boolean =>
    !!s &&
    typeof s === 'object' &&
    ((s as { pattern?: string }).pattern === YMD_PATTERN || Object.values(s).some(has));
  return FUNCTIONS.flatMap((f) =>
    Object.entries(f.actions)
      .filter(([, def]) => has(z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' })))
      .map(([name]) => `${f.name}.${name}`),
  ).sort();
}

describe('dates: every date field refuses impossible days and days outside its window', () => {
  beforeAll(async () => {
    const rec = await call(
      'duty',
      { action: 'addRecord', requestId: 'hostile-base-1', ...activity(today) },
      DEPUTY,
    );
    expect(rec).toMatchObject({ ok: true });
    recordId = (rec as { data: { id: string } }).data.id;
  });

  it('the table covers every action that takes a date', () => {
    expect([...new Set(CASES.map((c) => `${c.fn}.${c.action}`))].sort()).toEqual(actionsWithDates());
  });

  let n = 0;
  it.each(CASES.map((c) => [`${c.fn}.${c.action} (${c.field})`, c] as const))('%s', async (_label, c) => {
    const problems: string[] = [];
    const { from, to } = windowOn(today, c.field);
    const tries: [string, 'impossible' | 'outside' | 'inside'][] = [
      ...IMPOSSIBLE.map((d): [string, 'impossible'] => [d, 'impossible']),
      [addDays(from, -1), 'outside'],
      [addDays(to, 1), 'outside'],
      [from, 'inside'],
      [to, 'inside'],
      [FIRST_DAY, FIRST_DAY >= from ? 'inside' : 'outside'],
      [LAST_DAY, LAST_DAY <= to ? 'inside' : 'outside'],
    ];
    for (const [day, kind] of tries) {
      const res = await call(c.fn, { action: c.action, ...c.payload(day, ++n) }, c.openid);
      const at = `${day} (${kind})`;
      if (!res) {
        problems.push(`${at}: no answer within ${CALL_BOUND_MS} ms`);
        continue;
      }
      if (!res.ok && res.error.code === 'INTERNAL') problems.push(`${at}: INTERNAL`);
      if (!res.ok && res.error.message !== ERROR_MESSAGES[res.error.code as keyof typeof ERROR_MESSAGES])
        problems.push(`${at}: ${res.error.code} with message ${res.error.message}`);
      if (kind === 'impossible' && (res.ok || res.error.code !== 'BAD_INPUT'))
        problems.push(`${at}: answered ${JSON.stringify(res).slice(0, 120)} instead of BAD_INPUT`);
      if (kind === 'outside' && res.ok) problems.push(`${at}: accepted`);
      if (kind === 'inside' && !res.ok && ['BAD_INPUT', 'DATE_OUT_OF_RANGE'].includes(res.error.code))
        problems.push(`${at}: refused with ${res.error.code}`);
    }
    expect(problems).toEqual([]);
  });

  it('a schedule as far ahead as allowed, then the scheduler runs over everything stored', async () => {
    const far = windowOn(today, 'scheduleStart').to;
    expect(
      await call('booking', { action: 'setSchedule', ...schedule(), startsOn: far }, PRESIDIUM),
    ).toMatchObject({
      ok: true,
    });
    const run = await call('scheduler', { action: 'runDue', systemToken: SYSTEM_TOKEN });
    expect(run).toMatchObject({ ok: true });
    const report = (run as { data: Record<string, unknown> }).data;
    expect(Object.entries(report).filter(([, v]) => v === 'failed')).toEqual([]);
  });
});

// --- repeated taps -------------------------------------------------------------------------------

describe('repeated taps', () => {
  it('100 simultaneous article.subscribeNext from one villager: all answered, none INTERNAL', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => call('article', { action: 'subscribeNext' }, 'demo-villager')),
    );
    const codes = answers.map((a) => (a === null ? 'HUNG' : a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c !== 'ok' && c !== 'CONFLICT')).toEqual([]);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThan(0);
  });
});

// --- what was stored -----------------------------------------------------------------------------

describe('afterwards', () => {
  it('no impossible date is stored anywhere', async () => {
    await stopServer(server.child);
    const store = new DocumentStore(path.join(dataDir, 'cloud.db'));
    const found: string[] = [];
    try {
      for (const name of store.collectionNames())
        for (const [id, e] of store.entries(name)) {
          const text = JSON.stringify(e.doc);
          if (/[+-]\d{6}-\d{2}/.test(text)) found.push(`${name}/${id}: expanded year`);
          for (const m of text.matchAll(/(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/g))
            if (!isYmd(m[1]) || m[1] < FIRST_DAY || m[1] > LAST_DAY) found.push(`${name}/${id}: ${m[1]}`);
        }
    } finally {
      store.close();
    }
    expect(found).toEqual([]);
  });
});
