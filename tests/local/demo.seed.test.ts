/**
 * The demo township `npm start` shows: after the seed, the demo activity made through the real cloud
 * functions gives every area something to look at (opinions in several states, a public answer, an
 * overdue case, a booking, a duty record to review, a notice to confirm).
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { PERSONAS, seedDemoActivity, seedDemoTownshipOnce } from '../../local/demo/township.seed';

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
    expect(notices).toMatchObject([{ status: 'draft' }]);
  });
});
