/**
 * Journey (issue 12 §7): notices tell the period's truth. 参加接待日 counts the reception days that were
 * held — a reception record was written, or villagers were checked in — not every rota day that passed;
 * 超期未办结 is judged as of the period's last day, so the figure is the same whenever it is drawn.
 * Seen by the presidium drafting JG03's notice.
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

const opinionDoc = (id: string, fields: Record<string, unknown>) => ({
  collection: 'opinions',
  id,
  doc: {
    _id: id,
    stationCode: 'JG03',
    villageCode: 'songlin',
    categoryCode: 'education',
    text: '松林小学门口缺少减速带',
    anonymous: false,
    consentToPublish: false,
    owner: { kind: 'deputies', deputyIds: ['d07'] },
    routing: {
      owner: { kind: 'deputies', deputyIds: ['d07'] },
      deputyIds: ['d07'],
      reason: '测试',
      path: 'village',
    },
    submittedAt: new Date('2025-03-10T02:00:00.000Z'),
    submittedOn: '2025-03-10',
    acceptBy: '2025-03-12',
    assignedOn: '2025-03-10',
    ratings: [],
    deputyHistory: ['d07'],
    handedBackBy: [],
    followers: [],
    reopenCount: 0,
    rev: 1,
    ...fields,
  },
});

describe("§7 超期未办结 is judged as of the period's end", () => {
  it('counts a case overdue on 31 March though resolved later, and not one whose deadline came after', async () => {
    cloud.store.commit([
      // Past its answer-by (20 March) on 31 March; answered and resolved only in April.
      opinionDoc('op-notices-late', {
        status: 'closed',
        acceptedOn: '2025-03-11',
        answerBy: '2025-03-20',
        answeredOn: '2025-04-05',
        resolvedAt: new Date('2025-04-06T02:00:00.000Z'),
      }),
      // Still open today, but its answer-by (10 April) was after the period: not overdue in March's notice.
      opinionDoc('op-notices-open', { status: 'accepted', acceptedOn: '2025-03-11', answerBy: '2025-04-10' }),
    ]);
    const v = data(
      await cloud.call<NoticeView>(
        'duty',
        { action: 'draftNotice', stationCode: 'JG03', periodId: 'march25' },
        PRESIDIUM,
        AT,
      ),
    );
    expect(cell(v, 'd07', 'opinionsReceived')).toBe(2);
    expect(cell(v, 'd07', 'opinionsOverdue')).toBe(1);
    // Drawn again a year later: the same figure.
    const later = data(
      await cloud.call<NoticeView>(
        'duty',
        { action: 'draftNotice', stationCode: 'JG03', periodId: 'march25' },
        PRESIDIUM,
        '2027-11-16T02:00:00.000Z',
      ),
    );
    expect(cell(later, 'd07', 'opinionsOverdue')).toBe(1);
  });
});
