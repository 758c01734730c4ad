/**
 * The demo township `npm start` shows: after the seed, the demo activity made through the real cloud
 * functions gives every area something to look at (opinions in several states, a public answer, an
 * overdue case, a booking, a duty record to review, a notice to confirm).
 */
import { describeRecurrence, describeSchedule } from '../../core/booking/schedule.rules';
import { chinaDate } from '../../core/calendar/china-time';
import { OFFICIAL_DATA_LAST_YEAR } from '../../core/calendar/chinese-calendar';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import {
  demoPersonas,
  demoSchedules,
  PERSONAS,
  seedDemoActivity,
  seedDemoTownshipOnce,
} from '../../local/demo/township.seed';

let cloud: LocalCloud;
let failures: string[];

type Envelope<T> = { ok: boolean; data: T };
const call = <T>(fn: string, event: object, openid: string) =>
  cloud.invoke<Envelope<T>>(fn, event, { openid }).then((res) => {
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
  const stored = <T>(collection: string) =>
    [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as T);

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

  it('stores the reception days the schedules make, as the scheduler would (it makes none of them again)', async () => {
    const rules = new Map(demoSchedules(chinaDate(new Date())).map((r) => [r.stationCode, r]));
    const days = stored<{
      _id: string;
      key?: string;
      stationCode: string;
      date: string;
      deputyIds: string[];
      slots: { id: string; start: string; end: string }[];
    }>('receptionDays');
    expect(new Set(days.map((d) => d.stationCode))).toEqual(new Set(['JG01', 'JG02', 'JG03']));
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
  });

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
    const users = stored<{ _id: string; role: string; deputyId?: string }>('users');
    const deputies = stored<{ _id: string; openid?: string }>('deputies');
    for (const d of deputies.filter((x) => x.openid)) {
      expect(users.find((u) => u._id === d.openid)).toMatchObject({ role: 'deputy', deputyId: d._id });
    }
    for (const u of users.filter((x) => x.role === 'deputy')) {
      expect(deputies.find((d) => d._id === u.deputyId)?.openid).toBe(u._id);
    }
    expect(demoPersonas().map((p) => p.openid)).toEqual(
      users
        .filter((u) => u.role !== 'resident')
        .map((u) => u._id)
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

function byRole(users: { _id: string; role: string }[]) {
  const rank = (id: string) =>
    ['presidium', 'stationAdmin', 'department', 'deputy'].indexOf(users.find((u) => u._id === id)!.role);
  return (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
}
