/**
 * Journey (issue 12 §7): notices tell the period's truth. 参加接待日 counts the reception days that were
 * held — a reception record was written, or villagers were checked in — not every rota day that passed;
 * 超期未办结 is judged as of the period's last day, so the figure is the same whenever it is drawn.
 * Seen by the presidium drafting JG03's notice.
 */
import type { NoticeView } from '../../core/duty/disclosure.view';
import { demoCloud, expectError, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date('2026-11-16T02:00:00.000Z'));
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const AT = '2026-11-16T02:00:00.000Z';

/** The presidium sets a custom period (as of AT). */
const setPeriod = async (id: string, start: string, end: string) =>
  data(await cloud.call('duty', { action: 'setPeriod', id, start, end }, PRESIDIUM, AT));
/** The presidium drafts a station's notice for a period (as of AT). */
const draftNotice = async (stationCode: string, periodId: string) =>
  data(await cloud.call<NoticeView>('duty', { action: 'draftNotice', stationCode, periodId }, PRESIDIUM, AT));

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
    await setPeriod('march25', '2025-03-01', '2025-03-31');
    const v = await draftNotice('JG03', 'march25');
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
    const v = await draftNotice('JG03', 'march25');
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

describe('§7 a deputy closes a case as 无需答复 with the villager’s word', () => {
  const VILLAGER = 'v-notices-noreply';
  const D01 = 'demo-deputy-1';
  const draftJG01 = async () => await draftNotice('JG01', 'nov26');

  it('records the word, tells the villager, and counts it apart — not overdue, not a rating', async () => {
    await setPeriod('nov26', '2026-11-01', '2026-11-30');
    const { id } = data(
      await cloud.call<{ id: string }>(
        'opinion',
        {
          action: 'submit',
          requestId: 'notices-noreply-1',
          stationCode: 'JG01',
          villageCode: 'jingu',
          categoryCode: 'road',
          anonymous: false,
          consentToPublish: false,
          text: '村口的水管漏水，请帮忙看看',
        },
        VILLAGER,
        AT,
      ),
    );
    const before = await draftJG01();
    const act = (villagerWord: string, requestId: string) =>
      cloud.call<{ status: string }>(
        'opinion',
        { action: 'closeNoReply', requestId, opinionId: id, villagerWord },
        D01,
        AT,
      );
    expectError(await act('  ', 'notices-noreply-a'), 'NO_REPLY_WORD_REQUIRED');
    // Only the deputy it is assigned to.
    expectError(
      await cloud.call(
        'opinion',
        { action: 'closeNoReply', requestId: 'notices-noreply-b', opinionId: id, villagerWord: '不用了' },
        'demo-deputy-2',
        AT,
      ),
      'NOT_ASSIGNEE',
    );
    const closed = data(await act('电话里说水管已经自己修好了，不用再答复', 'notices-noreply-c'));
    expect(closed.status).toBe('closed');

    // The villager sees it, in their words, and is told by message.
    const mine = data(
      await cloud.call<{ status: string; timeline: { text: string }[] }>(
        'opinion',
        { action: 'get', opinionId: id },
        VILLAGER,
        AT,
      ),
    );
    expect(mine.timeline.map((t) => t.text)).toContain(
      '您表示无需答复，此件已办结：电话里说水管已经自己修好了，不用再答复',
    );
    const told = [...cloud.store.entries('outbox').values()]
      .map((e) => e.doc as unknown as { openid: string; template: string; ref: string })
      .filter((m) => m.openid === VILLAGER && m.template === 'opinionProgress' && m.ref === `opinion:${id}`);
    expect(told).toHaveLength(1);
    // Nothing to rate: it is no satisfaction figure.
    expectError(
      await cloud.call(
        'opinion',
        { action: 'rate', requestId: 'notices-noreply-d', opinionId: id, rating: 'unsatisfied' },
        VILLAGER,
        AT,
      ),
      'NOT_RATABLE',
    );

    const after = await draftJG01();
    const d = (v: NoticeView, key: string) => cell(v, 'd01', key);
    expect(d(after, 'noReplyNeeded')).toBe(d(before, 'noReplyNeeded') + 1);
    expect(d(after, 'opinionsReceived')).toBe(d(before, 'opinionsReceived'));
    expect(d(after, 'opinionsOverdue')).toBe(d(before, 'opinionsOverdue'));
    expect(d(after, 'dissatisfied')).toBe(d(before, 'dissatisfied'));
  });
});

describe('§7 a correction shows each affected deputy what changed', () => {
  it('the deputy whose row changed sees the change and is told; the others see no change', async () => {
    await setPeriod('jan25', '2025-01-01', '2025-01-31');
    const draft = await draftNotice('JG01', 'jan25');
    for (const row of draft.rows)
      data(
        await cloud.call(
          'duty',
          {
            action: 'recordConfirmation',
            id: draft.id,
            deputyId: row.deputyId,
            channel: 'paper',
            reason: '代表在纸质公示稿上签字确认',
          },
          PRESIDIUM,
          AT,
        ),
      );
    data(await cloud.call('duty', { action: 'approveNotice', id: draft.id }, PRESIDIUM, AT));
    data(await cloud.call('duty', { action: 'publishNotice', id: draft.id }, PRESIDIUM, AT));
    const visitsBefore = cell(draft, 'd01', 'visit');

    // A visit of 王建国 (d01) approved late: the published figures were short by one.
    cloud.store.commit([
      {
        collection: 'dutyRecords',
        id: 'dr-notices-late-visit',
        doc: {
          _id: 'dr-notices-late-visit',
          deputyId: 'd01',
          stationCode: 'JG01',
          type: 'visit',
          date: '2025-01-20',
          description: '走访金鼓村五组困难户',
          peopleReached: 3,
          photos: [],
          source: 'manual',
          status: 'approved',
          createdAt: new Date('2025-01-20T08:00:00.000Z'),
        },
      },
    ]);
    const corrected = data(
      await cloud.call<NoticeView & { deputiesTold: number }>(
        'duty',
        { action: 'correctNotice', id: draft.id, reason: '补录1月20日走访记录' },
        PRESIDIUM,
        AT,
      ),
    );
    expect(corrected.deputiesTold).toBe(1);
    expect(cell(corrected, 'd01', 'visit')).toBe(visitsBefore + 1);

    type Mine = NoticeView & { myChange: string | null };
    const mineOf = async (openid: string) =>
      data(await cloud.call<Mine[]>('duty', { action: 'myNotices' }, openid, AT)).find(
        (n) => n.id === corrected.id,
      );
    const d01 = await mineOf('demo-deputy-1');
    expect(d01?.myChange).toBe(
      `走访选民（次）由 ${visitsBefore} 改为 ${visitsBefore + 1}，联系服务群众（人次）由 0 改为 3`,
    );
    expect(d01?.correction?.reason).toBe('补录1月20日走访记录');
    expect((await mineOf('demo-deputy-2'))?.myChange).toBeNull();

    const told = [...cloud.store.entries('outbox').values()]
      .map(
        (e) =>
          e.doc as unknown as {
            openid: string;
            template: string;
            ref: string;
            data: Record<string, { value: string }>;
          },
      )
      .filter((m) => m.ref === `notice:${corrected.id}` && m.openid === 'demo-deputy-1');
    expect(told).toHaveLength(1);
    expect(told[0].template).toBe('noticePublished');
    expect(told[0].data.thing1.value).toMatch(/^您的履职公示已更正/);
  });
});
