/**
 * Journey (issue 12 §7): notices tell the period's truth. 参加接待日 counts the reception days that were
 * held — a reception record was written, or villagers were checked in — not every rota day that passed.
 * Seen by the presidium drafting JG03's notice and by each deputy confirming their row.
 */
import type { NoticeView } from '../../core/duty/disclosure.view';
import { demoCloud, type DemoCloud, type Envelope } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date('2026-11-16T02:00:00.000Z'));
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const AT = '2026-11-16T02:00:00.000Z';

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}
const cell = (v: NoticeView, deputyId: string, key: string) => {
  const row = v.rows.find((r) => r.deputyId === deputyId)!;
  return row.cells[v.columns.findIndex((c) => c.key === key)];
};

const day = (id: string, date: string, deputyIds: string[]) => ({
  collection: 'receptionDays',
  id,
  doc: {
    _id: id,
    stationCode: 'JG03',
    date,
    start: '09:00',
    end: '12:00',
    deputyIds,
    capacity: 8,
    booked: 0,
    status: 'scheduled',
  },
});

describe('§7 参加接待日 counts the days held', () => {
  it('a rota day nobody came to and nobody recorded is no reception attended', async () => {
    cloud.store.commit([
      // Passed on the rota; nobody came, nothing recorded: not held.
      day('JG03:2025-03-17:j1', '2025-03-17', ['d06', 'd07']),
      // Recorded (杨志强 served alone), nobody checked in: held, by the deputy the record names.
      day('JG03:2025-03-14:j2', '2025-03-14', ['d06', 'd08']),
      {
        collection: 'receptionRecords',
        id: 'JG03:2025-03-14:j2',
        doc: {
          _id: 'JG03:2025-03-14:j2',
          dayId: 'JG03:2025-03-14:j2',
          stationCode: 'JG03',
          date: '2025-03-14',
          deputyIds: ['d06'],
          attendeeIds: [],
          peopleReached: 0,
          summary: '无群众来访，代表整理了上月意见',
          matters: [],
          recordedBy: 'demo-station-admin',
          recordedAt: new Date('2025-03-14T06:00:00.000Z'),
        },
      },
      // Two villagers checked in, no record: held, by the deputies on the rota.
      day('JG03:2025-03-20:j3', '2025-03-20', ['d07', 'd08']),
      ...[1, 2].map((i) => ({
        collection: 'bookings',
        id: `bk-notices-${i}`,
        doc: {
          _id: `bk-notices-${i}`,
          dayId: 'JG03:2025-03-20:j3',
          slotId: 'am',
          openid: `v-notices-${i}`,
          status: 'checkedIn',
          checkInCode: 'ABCDEF',
          bookedAt: new Date('2025-03-18T02:00:00.000Z'),
        },
      })),
    ]);
    data(
      await cloud.call(
        'duty',
        { action: 'setPeriod', id: 'march25', start: '2025-03-01', end: '2025-03-31' },
        PRESIDIUM,
        AT,
      ),
    );
    const v = data(
      await cloud.call<NoticeView>(
        'duty',
        { action: 'draftNotice', stationCode: 'JG03', periodId: 'march25' },
        PRESIDIUM,
        AT,
      ),
    );
    expect(['d06', 'd07', 'd08'].map((d) => cell(v, d, 'receptionsAttended'))).toEqual([1, 1, 1]);
    expect(['d06', 'd07', 'd08'].map((d) => cell(v, d, 'villagersReceived'))).toEqual([0, 2, 2]);
    expect(v.totals.cells[v.columns.findIndex((c) => c.key === 'receptionsAttended')]).toBe(3);
  });
});
