/**
 * The demo county `npm start` shows (its first township, 金鼓乡, unless a test says otherwise): after the seed, the demo activity made through the real cloud
 * functions gives every area something to look at (opinions in several states, a public answer, an
 * overdue case, a booking, a duty record to review, a notice to confirm).
 */
import { describeRecurrence, describeSchedule } from '../../core/booking/schedule.rules';
import { chinaDate } from '../../core/calendar/china-time';
import { OFFICIAL_DATA_LAST_YEAR } from '../../core/calendar/chinese-calendar';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { QINGSHAN, qsSchedules } from '../../local/demo/qingshan.seed';
import {
  DEMO_TOWNSHIP,
  demoPersonas,
  demoSchedules,
  PERSONAS,
  seedDemoActivity,
  seedDemoTownshipOnce,
} from '../../local/demo/township.seed';
import { inDemoTownship } from '../functions/support';

let cloud: LocalCloud;
let failures: string[];

type Envelope<T> = { ok: boolean; data: T };
const call = <T>(fn: string, event: object, openid: string) =>
  cloud.invoke<Envelope<T>>(fn, inDemoTownship(event), { openid }).then((res) => {
    expect(res.ok).toBe(true);
    return res.data;
  });

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: null });
  const now = new Date();
  seedDemoTownshipOnce(cloud.store, now);
  failures = await seedDemoActivity((name, event, options) => cloud.invoke(name, event, options), now);
}, 60_000);

afterAll(() => cloud.stop());

describe('demo activity', () => {
  it('goes through the real functions without a failure', () => {
    expect(failures).toEqual([]);
  });

  it('gives the demo villager opinions in different states and a booking', async () => {
    const mine = await call<{ statusLabel: string }[]>('opinion', { action: 'mine' }, PERSONAS.villager);
    expect(mine.map((o) => o.statusLabel).sort()).toEqual(['待受理', '已答复'].sort());
    const bookings = await call<{ status: string }[]>('booking', { action: 'mine' }, PERSONAS.villager);
    expect(bookings).toMatchObject([{ status: 'booked' }]);
  });

  it('shows an answered opinion on the station page and an overdue one to the presidium', async () => {
    const answers = await call<{ answer: string }[]>(
      'opinion',
      { action: 'publicAnswers', stationCode: 'JG01' },
      'anyone-at-all',
    );
    expect(answers).toHaveLength(1);
    const board = await call<{ counts: { overdue: number; open: number } }>(
      'admin',
      { action: 'dashboard' },
      PERSONAS.presidium,
    );
    expect(board.counts.overdue).toBe(1);
    expect(board.counts.open).toBe(3);
  });

  it("fills the deputies' inbox, the duty review queue and a notice waiting for confirmation", async () => {
    const inbox = await call<{ open: unknown[] }>('opinion', { action: 'inbox' }, PERSONAS.deputy1);
    expect(inbox.open.length).toBeGreaterThan(0);
    const queue = await call<{ total: number }>('duty', { action: 'reviewQueue' }, PERSONAS.presidium);
    expect(queue.total).toBe(1);
    const notices = await call<{ status: string }[]>('duty', { action: 'myNotices' }, PERSONAS.deputy2);
    // The latest half-year's draft waits for 李秀英; the half-year before is published (below).
    expect(notices).toMatchObject([{ status: 'draft' }, { status: 'published' }]);
  });

  it('publishes JG01’s notice for the half-year before, with figures from activity in that period', async () => {
    const [earlier] = dueDefaultPeriods(chinaDate(new Date()), 2);
    const notice = await call<{
      periodId: string;
      status: string;
      columns: { key: string }[];
      rows: { deputyId: string; cells: number[] }[];
      totals: { cells: number[] };
    }>('duty', { action: 'currentNotice', stationCode: 'JG01' }, 'anyone-at-all');
    expect(notice).toMatchObject({ periodId: earlier.id, status: 'published' });
    const column = (key: string) => notice.columns.findIndex((c) => c.key === key);
    expect(notice.totals.cells[column('opinionsReceived')]).toBe(3);
    expect(notice.totals.cells[column('opinionsResolved')]).toBe(3);
    expect(notice.totals.cells[column('satisfied')]).toBe(3);
    expect(notice.totals.cells[column('visit')]).toBe(1);
    expect(notice.rows.map((r) => [r.deputyId, r.cells[column('opinionsReceived')]])).toEqual([
      ['d01', 1],
      ['d02', 1],
      ['d03', 1],
    ]);
  });
});

describe('the demo township agrees with itself', () => {
  interface StationDoc {
    code: string;
    openHours: string;
    intro: string;
  }
  /** A township's stored documents (金鼓乡's unless named). */
  const stored = <T>(collection: string, townshipId: string = DEMO_TOWNSHIP.id) =>
    [...cloud.store.entries(collection).values()]
      .map((e) => e.doc as unknown as T & { townshipId?: string })
      .filter((d) => d.townshipId === townshipId);

  it('each station’s opening hours and intro say what its schedule does', async () => {
    const today = chinaDate(new Date());
    const schedules = demoSchedules(today);
    expect(schedules.map((r) => r.stationCode)).toEqual(['JG01', 'JG02', 'JG03']);
    for (const rule of schedules) {
      const station = stored<StationDoc>('stations').find((s) => s.code === rule.stationCode)!;
      const saved = await call<{ description: string }>(
        'booking',
        { action: 'getSchedule', stationCode: rule.stationCode },
        PERSONAS.presidium,
      );
      expect(saved.description).toBe(describeSchedule(rule));
      expect(station.openHours.startsWith(describeRecurrence(rule.recurrence))).toBe(true);
      for (const slot of rule.slots) expect(station.openHours).toContain(`${slot.start}-${slot.end}`);
      expect(station.intro).toContain(describeRecurrence(rule.recurrence));
      expect(station.intro).toContain('顺延到下一个工作日');
      expect(rule.holidayPolicy).toBe('nextWorkingDay');
    }
    expect(schedules.find((r) => r.stationCode === 'JG03')!.recurrence).toEqual({
      every: 'monthDay',
      day: 15,
    });
  });

  it.each([
    [DEMO_TOWNSHIP.name, DEMO_TOWNSHIP.id, demoSchedules, ['JG01', 'JG02', 'JG03']],
    [QINGSHAN.name, QINGSHAN.id, qsSchedules, ['QS01', 'QS02']],
  ] as const)(
    '%s: stores the reception days its schedules make, as the scheduler would (it makes none of them again)',
    async (_name, townshipId, schedules, codes) => {
      const rules = new Map(schedules(chinaDate(new Date())).map((r) => [r.stationCode, r]));
      const days = stored<{
        _id: string;
        key?: string;
        stationCode: string;
        date: string;
        deputyIds: string[];
        slots: { id: string; start: string; end: string }[];
      }>('receptionDays', townshipId);
      expect(new Set(days.map((d) => d.stationCode))).toEqual(new Set(codes));
      for (const d of days) {
        const rule = rules.get(d.stationCode)!;
        expect(d._id).toBe(`${d.stationCode}:${d.date}`);
        expect(d.key).toMatch(new RegExp(`^${d.stationCode}:\\d{4}-\\d{2}-\\d{2}$`));
        expect(d.deputyIds).toHaveLength(rule.rota.perDay);
        for (const id of d.deputyIds) expect(rule.rota.deputyIds).toContain(id);
        expect(d.slots.map(({ id, start, end }) => ({ id, start, end }))).toEqual(
          rule.slots.map(({ id, start, end }) => ({ id, start, end })),
        );
      }
      // JG03: the 15th, or the working day it moved to.
      for (const d of days.filter((x) => x.stationCode === 'JG03')) expect(d.key!.endsWith('-15')).toBe(true);
      const report = await cloud.invoke<Envelope<{ materialiseReceptionDays: number }>>(
        'scheduler',
        { action: 'runDue' },
        {},
      );
      expect(report.data.materialiseReceptionDays).toBe(0);
    },
  );

  it('ships overrides for the fixed-date holidays of the years the official calendar lacks', async () => {
    const year = Number(chinaDate(new Date()).slice(0, 4));
    for (const y of [year, year + 1]) {
      const days = await call<{ date: string; kind: string; name: string }[]>(
        'admin',
        { action: 'listHolidays', year: y },
        PERSONAS.presidium,
      );
      if (y <= OFFICIAL_DATA_LAST_YEAR) {
        expect(days).toEqual([]);
        continue;
      }
      expect(days).toEqual([
        { date: `${y}-01-01`, kind: 'holiday', name: '元旦' },
        { date: `${y}-05-01`, kind: 'holiday', name: '劳动节' },
        { date: `${y}-05-02`, kind: 'holiday', name: '劳动节' },
        { date: `${y}-10-01`, kind: 'holiday', name: '国庆节' },
        { date: `${y}-10-02`, kind: 'holiday', name: '国庆节' },
        { date: `${y}-10-03`, kind: 'holiday', name: '国庆节' },
      ]);
    }
    const board = await call<{ calendarGaps: unknown[] }>(
      'admin',
      { action: 'dashboard' },
      PERSONAS.presidium,
    );
    expect(board.calendarGaps).toEqual([]);
  });

  it('binds every demo deputy persona to its deputy, and shows the others as not bound', async () => {
    // users is keyed (stored _id = '<township>:<openid>'): a binding names its person in `openid`.
    const users = stored<{ _id: string; openid: string; role: string; deputyId?: string }>('users');
    const deputies = stored<{ _id: string; openid?: string }>('deputies');
    for (const u of users) expect(u._id).toBe(`${DEMO_TOWNSHIP.id}:${u.openid}`);
    for (const d of deputies.filter((x) => x.openid)) {
      expect(users.find((u) => u.openid === d.openid)).toMatchObject({ role: 'deputy', deputyId: d._id });
    }
    for (const u of users.filter((x) => x.role === 'deputy')) {
      expect(deputies.find((d) => d._id === u.deputyId)?.openid).toBe(u.openid);
    }
    expect(demoPersonas().map((p) => p.openid)).toEqual(
      users
        .filter((u) => u.role !== 'resident')
        .map((u) => u.openid)
        .sort(byRole(users)),
    );
    const config = await call<{ deputies: { _id: string; bound: boolean }[] }>(
      'admin',
      { action: 'listConfig' },
      PERSONAS.presidium,
    );
    expect(config.deputies.filter((d) => d.bound).map((d) => d._id)).toEqual(['d01', 'd02', 'd03']);
    for (const id of ['d01', 'd02', 'd03']) {
      const who = await call<{ role: string }>('account', { action: 'whoami' }, `demo-deputy-${id.slice(2)}`);
      expect(who.role).toBe('deputy');
    }
  });
});

function byRole(users: { openid: string; role: string }[]) {
  const rank = (id: string) =>
    ['presidium', 'stationAdmin', 'department', 'deputy'].indexOf(users.find((u) => u.openid === id)!.role);
  return (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
}
