import { noticeMessageTitle } from '../../core/duty/notice.text';
import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { TEMPLATES } from '../../core/notify/templates';
import { demoCloud, expectError, type Envelope, unwrap as data } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => {
  cloud = await demoCloud();
  // d03 (JG01) gets a WeChat account too, so every deputy of JG01 can answer the notice.
  cloud.store.commit([
    {
      collection: 'users',
      id: 'deputy-3-openid',
      doc: { _id: 'deputy-3-openid', role: 'deputy', deputyId: 'd03', name: '代表三', boundAt: new Date() },
    },
  ]);
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const DEPUTY1 = 'demo-deputy-1'; // d01, JG01, village jingu
const DEPUTY2 = 'demo-deputy-2'; // d02, JG01
const DEPUTY3 = 'deputy-3-openid'; // d03, JG01
const VILLAGER = 'demo-villager';
const STATION_ADMIN = 'demo-station-admin'; // JG01
const OTHER_ADMIN = 'duty-admin-jg02';

const today = chinaDate(new Date());
/** The half-year that ended last: the one the scheduler drafts now. */
const PERIOD = dueDefaultPeriods(today)[0];
const inPeriod = (n: number) => addDays(PERIOD.start, n);

let rid = 0;
const requestId = () => `duty-req-${Date.now()}-${++rid}`;

const call = <T = Record<string, unknown>>(event: object, openid?: string, at?: string) =>
  cloud.call<T>('duty', event, openid, at);

interface RecordView {
  id: string;
  status: string;
  reviewComment: string | null;
  editable: boolean;
}

const activity = (over: Record<string, unknown> = {}) => ({
  type: 'visit',
  date: inPeriod(30),
  description: '走访金鼓村五组，了解灌溉用水情况',
  peopleReached: 12,
  photos: ['cloud://env-1/duty/a.jpg'],
  ...over,
});

async function approvedRecord(openid: string, over: Record<string, unknown> = {}): Promise<string> {
  const rec = data(
    await call<RecordView>({ action: 'addRecord', requestId: requestId(), ...activity(over) }, openid),
  );
  data(await call({ action: 'approveRecord', id: rec.id }, PRESIDIUM));
  return rec.id;
}

describe('duty records', () => {
  it('a deputy adds an activity: pending, in the review queue, a retry makes no second record', async () => {
    const event = { action: 'addRecord', requestId: 'dup-req-00000001', ...activity() };
    const first = data(await call<RecordView>(event, DEPUTY1));
    const again = data(await call<RecordView>(event, DEPUTY1));
    expect(again.id).toBe(first.id);
    expect(first.status).toBe('pending');
    const stored = [...cloud.store.entries('dutyRecords').values()].filter((e) => e.doc._id === first.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].doc).toMatchObject({
      deputyId: 'd01',
      stationCode: 'JG01',
      source: 'manual',
      status: 'pending',
    });

    const queue = data(
      await call<{ records: { id: string; deputyName: string }[] }>({ action: 'reviewQueue' }, PRESIDIUM),
    );
    expect(queue.records.find((r) => r.id === first.id)?.deputyName).toBe('王建国');
    const mine = data(await call<{ records: RecordView[] }>({ action: 'myRecords' }, DEPUTY1));
    expect(mine.records.some((r) => r.id === first.id)).toBe(true);
  });

  it('refuses villagers, future dates, bad photos and other deputies', async () => {
    expectError(
      await call({ action: 'addRecord', requestId: requestId(), ...activity() }, VILLAGER),
      'FORBIDDEN',
    );
    expectError(await call({ action: 'reviewQueue' }, DEPUTY1), 'FORBIDDEN');
    expectError(
      await call(
        { action: 'addRecord', requestId: requestId(), ...activity({ date: addDays(today, 2) }) },
        DEPUTY1,
      ),
      'DUTY_DATE_IN_FUTURE',
    );
    expectError(
      await call(
        { action: 'addRecord', requestId: requestId(), ...activity({ photos: ['http://x/y.jpg'] }) },
        DEPUTY1,
      ),
      'DUTY_PHOTOS_INVALID',
    );
    expectError(
      await call(
        { action: 'addRecord', requestId: requestId(), ...activity({ type: 'opinionAccepted' }) },
        DEPUTY1,
      ),
      'BAD_INPUT',
    );
    const rec = data(
      await call<RecordView>({ action: 'addRecord', requestId: requestId(), ...activity() }, DEPUTY1),
    );
    expectError(await call({ action: 'editRecord', id: rec.id, ...activity() }, DEPUTY2), 'NOT_RECORD_OWNER');
  });

  it('return with a comment → the deputy edits → pending again → approved and final', async () => {
    const rec = data(
      await call<RecordView>({ action: 'addRecord', requestId: requestId(), ...activity() }, DEPUTY1),
    );
    expectError(
      await call({ action: 'returnRecord', id: rec.id, comment: '  ' }, PRESIDIUM),
      'RETURN_COMMENT_REQUIRED',
    );
    const returned = data(
      await call<RecordView>({ action: 'returnRecord', id: rec.id, comment: '请补充走访人数' }, PRESIDIUM),
    );
    expect(returned).toMatchObject({ status: 'returned', reviewComment: '请补充走访人数', editable: true });
    const edited = data(
      await call<RecordView>(
        { action: 'editRecord', id: rec.id, ...activity({ peopleReached: 15 }) },
        DEPUTY1,
      ),
    );
    expect(edited).toMatchObject({ status: 'pending', reviewComment: null });
    const approved = data(await call<RecordView>({ action: 'approveRecord', id: rec.id }, PRESIDIUM));
    expect(approved).toMatchObject({ status: 'approved', editable: false });
    expectError(
      await call({ action: 'editRecord', id: rec.id, ...activity() }, DEPUTY1),
      'RECORD_NOT_EDITABLE',
    );
    expectError(await call({ action: 'approveRecord', id: rec.id }, PRESIDIUM), 'RECORD_NOT_PENDING');
  });
});

interface NoticeView {
  id: string;
  version: number;
  status: string;
  rows: { deputyId: string; deputyName: string; cells: number[] }[];
  columns: { key: string; label: string }[];
  correction: { reason: string; changes: string } | null;
  notified?: number;
}
const cell = (v: NoticeView, deputyId: string, key: string) =>
  v.rows.find((r) => r.deputyId === deputyId)!.cells[v.columns.findIndex((c) => c.key === key)];

describe('disclosure notices', () => {
  const noticeId = `JG01:${PERIOD.id}:v1`;
  const periodHasPassedDays = inPeriod(40);

  beforeAll(async () => {
    // What the system saw: an opinion for d01 (overdue), a reception day of d01 + d02 with 2 check-ins.
    const submittedAt = chinaInstant(inPeriod(20), '09:00');
    cloud.store.commit([
      {
        collection: 'opinions',
        id: 'op-duty-1',
        doc: {
          _id: 'op-duty-1',
          stationCode: 'JG01',
          villageCode: 'jingu',
          status: 'accepted',
          owner: { kind: 'deputies', deputyIds: ['d01'] },
          submittedAt,
          acceptBy: inPeriod(22),
          answerBy: inPeriod(25),
          ratings: [],
          supervised: true,
          deputyHistory: ['d01'],
          handedBackBy: [],
          followers: [],
          reopenCount: 0,
          rev: 1,
        },
      },
      {
        collection: 'receptionDays',
        id: `JG01:${periodHasPassedDays}:test`,
        doc: {
          _id: `JG01:${periodHasPassedDays}:test`,
          stationCode: 'JG01',
          date: periodHasPassedDays,
          start: '09:00',
          end: '11:00',
          deputyIds: ['d01', 'd02'],
          capacity: 10,
          booked: 2,
          status: 'done',
        },
      },
      ...[1, 2, 3].map((i) => ({
        collection: 'bookings',
        id: `bk-duty-${i}`,
        doc: {
          _id: `bk-duty-${i}`,
          dayId: `JG01:${periodHasPassedDays}:test`,
          slotId: 'day',
          openid: `v-duty-${i}`,
          status: i === 3 ? 'booked' : 'checkedIn',
          checkInCode: 'ABCDEF',
          bookedAt: submittedAt,
        },
      })),
    ]);
    await approvedRecord(DEPUTY1, { type: 'suggestion', date: inPeriod(10), peopleReached: 0 });
  });

  it('the scheduler drafts one notice per station from the records, and drafts nothing twice', async () => {
    const res = await cloud.invoke<Envelope<Record<string, unknown>>>('scheduler', { action: 'runDue' }, {});
    // Every township's: 金鼓乡's three stations and 青山镇's two, each in its own township.
    expect(res).toMatchObject({ ok: true, data: { draftNotices: { [PERIOD.id]: 5 } } });
    const drafted = [...cloud.store.entries('disclosureNotices').values()]
      .map((e) => e.doc)
      .filter((n) => n.periodId === PERIOD.id);
    expect(drafted.map((n) => `${String(n.townshipId)}:${String(n.stationCode)}`).sort()).toEqual([
      'jingu:JG01',
      'jingu:JG02',
      'jingu:JG03',
      'qingshan:QS01',
      'qingshan:QS02',
    ]);
    const again = await cloud.invoke<Envelope<Record<string, unknown>>>(
      'scheduler',
      { action: 'runDue' },
      {},
    );
    expect(again).toMatchObject({ ok: true, data: { draftNotices: { [PERIOD.id]: 0 } } });

    const v = data(await call<NoticeView>({ action: 'getNotice', id: noticeId }, DEPUTY1));
    expect(v.status).toBe('draft');
    expect(v.rows.map((r) => r.deputyId).sort()).toEqual(['d01', 'd02', 'd03']);
    expect(cell(v, 'd01', 'suggestion')).toBe(1);
    expect(cell(v, 'd01', 'opinionsReceived')).toBe(1);
    expect(cell(v, 'd01', 'opinionsOverdue')).toBe(1);
    expect(cell(v, 'd01', 'receptionsAttended')).toBe(1);
    expect(cell(v, 'd01', 'villagersReceived')).toBe(2);
    expect(cell(v, 'd02', 'receptionsAttended')).toBe(1);
    expect(cell(v, 'd03', 'receptionsAttended')).toBe(0);
  });

  it('a draft is not public; deputies answer, the presidium approves and publishes, followers are told', async () => {
    expectError(await call({ action: 'getNotice', id: noticeId }, VILLAGER), 'NOTICE_NOT_FOUND');
    expectError(await call({ action: 'confirmNotice', id: noticeId }, VILLAGER), 'FORBIDDEN');
    expectError(
      await call({ action: 'confirmNotice', id: `JG02:${PERIOD.id}:v1` }, DEPUTY1),
      'NOT_NOTICE_DEPUTY',
    );
    expect(data(await call<null>({ action: 'currentNotice', stationCode: 'JG01' }, VILLAGER))).toBeNull();

    data(await call({ action: 'confirmNotice', id: noticeId }, DEPUTY1));
    expectError(await call({ action: 'approveNotice', id: noticeId }, PRESIDIUM), 'NOTICE_NOT_APPROVABLE');
    expectError(
      await call({ action: 'commentNotice', id: noticeId, comment: ' ' }, DEPUTY2),
      'NOTICE_COMMENT_REQUIRED',
    );
    const commented = data(
      await call<NoticeView>(
        { action: 'commentNotice', id: noticeId, comment: '五月份还参加过一次视察' },
        DEPUTY2,
      ),
    );
    expect(commented.status).toBe('deputyCommented');
    data(await call({ action: 'confirmNotice', id: noticeId }, DEPUTY3));
    expectError(await call({ action: 'publishNotice', id: noticeId }, PRESIDIUM), 'NOTICE_NOT_APPROVED');
    expectError(await call({ action: 'approveNotice', id: noticeId }, DEPUTY1), 'FORBIDDEN');
    data(await call({ action: 'approveNotice', id: noticeId }, PRESIDIUM));

    data(await call({ action: 'followStation', stationCode: 'JG01' }, VILLAGER));
    data(await call({ action: 'followStation', stationCode: 'JG01' }, VILLAGER)); // twice = one follow
    data(await call({ action: 'followStation', stationCode: 'JG01' }, 'v-unfollows'));
    data(await call({ action: 'unfollowStation', stationCode: 'JG01' }, 'v-unfollows'));
    expect(data(await call({ action: 'followState', stationCode: 'JG01' }, VILLAGER))).toEqual({
      following: true,
    });
    cloud.openapi.grant(VILLAGER, TEMPLATES.noticePublished.id, 5);
    const before = cloud.openapi.messages.length;

    // Two publishes at once (a double tap, two presidium members): one publishes, followers are told once.
    const both = await Promise.all(
      [1, 2].map(() =>
        call<NoticeView & { notified: number }>({ action: 'publishNotice', id: noticeId }, PRESIDIUM),
      ),
    );
    const wins = both.filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['NOTICE_PUBLISHED']);
    const published = data(wins[0]);
    expect(published).toMatchObject({ status: 'published', notified: 1 });
    const sent = cloud.openapi.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      touser: VILLAGER,
      templateId: TEMPLATES.noticePublished.id,
      outcome: 'sent',
    });
    // Same time format as every other message: '2026年10月9日 14:30' (China time).
    expect(sent[0].data.time3.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(sent[0].page).toContain(encodeURIComponent(noticeId));
    // The notice is named by its dates, not by the period's id.
    expect(sent[0].data.thing1.value).toBe(noticeMessageTitle(PERIOD, false));
    expect(sent[0].data.thing1.value).not.toContain(PERIOD.id);
    expect(sent[0].data.thing1.value).toContain(
      `${Number(PERIOD.end.slice(5, 7))}月${Number(PERIOD.end.slice(8))}日`,
    );

    const current = data(await call<NoticeView>({ action: 'currentNotice', stationCode: 'JG01' }, VILLAGER));
    expect(current).toMatchObject({ id: noticeId, version: 1, status: 'published' });
    expectError(await call({ action: 'confirmNotice', id: noticeId }, DEPUTY1), 'NOTICE_PUBLISHED');
    expectError(
      await call({ action: 'draftNotice', stationCode: 'JG01', periodId: PERIOD.id }, PRESIDIUM),
      'NOTICE_PUBLISHED',
    );
  });

  it('a correction is a new version saying what changed and why; the old one stays as it was', async () => {
    expectError(
      await call({ action: 'correctNotice', id: noticeId, reason: '漏登' }, PRESIDIUM),
      'CORRECTION_NO_CHANGE',
    );
    await approvedRecord(DEPUTY2, { type: 'inspection', date: inPeriod(45), peopleReached: 3 });
    expectError(
      await call({ action: 'correctNotice', id: noticeId, reason: ' ' }, PRESIDIUM),
      'CORRECTION_REASON_REQUIRED',
    );
    const v2 = data(
      await call<NoticeView>(
        { action: 'correctNotice', id: noticeId, reason: '补登李秀英代表五月视察' },
        PRESIDIUM,
      ),
    );
    expect(v2).toMatchObject({ id: `JG01:${PERIOD.id}:v2`, version: 2, status: 'published' });
    expect(v2.correction?.reason).toBe('补登李秀英代表五月视察');
    expect(v2.correction?.changes).toContain('李秀英：视察调研（次）由 0 改为 1');
    expect(cell(v2, 'd02', 'inspection')).toBe(1);

    const v1 = data(await call<NoticeView>({ action: 'getNotice', id: noticeId }, VILLAGER));
    expect(cell(v1, 'd02', 'inspection')).toBe(0);
    const viaVersion = data(
      await call<NoticeView>({ action: 'getNotice', id: noticeId, version: 2 }, VILLAGER),
    );
    expect(viaVersion.version).toBe(2);
    const current = data(await call<NoticeView>({ action: 'currentNotice', stationCode: 'JG01' }, VILLAGER));
    expect(current.version).toBe(2);
    const history = data(
      await call<{ id: string; version: number }[]>(
        { action: 'noticeHistory', stationCode: 'JG01' },
        VILLAGER,
      ),
    );
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    // Only the current version can be corrected.
    expectError(
      await call({ action: 'correctNotice', id: noticeId, reason: '再改' }, PRESIDIUM),
      'NOTICE_NOT_PUBLISHED',
    );
  });

  it("a correction of an older period does not take the station page's current notice back to it", async () => {
    // This period published first, a later period next, then the correction above: the later period
    // stays the current notice.
    const v1 = { ...(cloud.store.get('disclosureNotices', noticeId)!.doc as Record<string, unknown>) };
    const later = { ...v1 };
    const laterId = `JG01:9999-05:v1`;
    cloud.store.commit([
      {
        collection: 'disclosureNotices',
        id: noticeId,
        doc: { ...v1, publishedAt: new Date(Date.now() - 7_200_000) } as never,
      },
      {
        collection: 'disclosureNotices',
        id: laterId,
        doc: {
          ...later,
          _id: laterId,
          periodId: '9999-05',
          publishedAt: new Date(Date.now() - 3_600_000),
        } as never,
      },
    ]);
    const current = data(await call<NoticeView>({ action: 'currentNotice', stationCode: 'JG01' }, VILLAGER));
    expect(current).toMatchObject({ id: laterId, periodId: '9999-05', version: 1 });
    cloud.store.commit([
      { collection: 'disclosureNotices', id: laterId, doc: null },
      { collection: 'disclosureNotices', id: noticeId, doc: v1 as never },
    ]);
  });

  it('answers the printable sheet with the names, figures and QR code to the presidium only', async () => {
    expectError(await call({ action: 'printableNotice', id: noticeId }, VILLAGER), 'FORBIDDEN');
    const sheet = data(
      await call<{ html: string; fileName: string }>({ action: 'printableNotice', id: noticeId }, PRESIDIUM),
    );
    expect(sheet.fileName).toBe(`JG01-${PERIOD.id}-v1.pdf`);
    expect(sheet.html).toContain('王建国');
    expect(sheet.html).toContain('data:image/png;base64,');
    expect(sheet.html).toContain('size: A4');
  });

  it("answers the sheet to its own station's admin; another station's admin is refused with NOT_YOUR_STATION", async () => {
    const own = data(
      await call<{ html: string; fileName: string }>(
        { action: 'printableNotice', id: noticeId },
        STATION_ADMIN,
      ),
    );
    expect(own.fileName).toBe(`JG01-${PERIOD.id}-v1.pdf`);
    cloud.store.commit([
      {
        collection: 'users',
        id: OTHER_ADMIN,
        doc: { _id: OTHER_ADMIN, role: 'stationAdmin', stationCode: 'JG02', boundAt: new Date() },
      },
    ]);
    expectError(await call({ action: 'printableNotice', id: noticeId }, OTHER_ADMIN), 'NOT_YOUR_STATION');
    // No such notice: not found, whoever asks.
    expectError(
      await call({ action: 'printableNotice', id: 'JG01:nope:v1' }, OTHER_ADMIN),
      'NOTICE_NOT_FOUND',
    );
  });

  it('lists the periods to station admins of any station (township-wide)', async () => {
    const periods = data(await call<{ id: string }[]>({ action: 'listPeriods' }, OTHER_ADMIN));
    expect(periods.map((p) => p.id)).toContain(PERIOD.id);
  });
});

describe('scheduler: notifyNoticeFollowers', () => {
  it('tells the followers of a notice whose publish stopped before telling them, once', async () => {
    const id = `JG03:${PERIOD.id}:v1`;
    const published = cloud.store.get('disclosureNotices', id);
    const doc = published ? { ...published.doc } : null;
    expect(doc).not.toBeNull(); // drafted by the scheduler above
    cloud.store.commit([
      { collection: 'disclosureNotices', id, doc: { ...doc!, status: 'published', publishedAt: new Date() } },
      {
        collection: 'stationFollowers',
        id: 'JG03:v-follows-jg03',
        doc: {
          _id: 'JG03:v-follows-jg03',
          stationCode: 'JG03',
          openid: 'v-follows-jg03',
          followedAt: new Date(),
        },
      },
    ]);
    const first = await cloud.invoke<Envelope<Record<string, unknown>>>(
      'scheduler',
      { action: 'runDue' },
      {},
    );
    expect(first).toMatchObject({ ok: true, data: { notifyNoticeFollowers: 1 } });
    expect(cloud.store.get('outbox', `msg:notice:${id}:v-follows-jg03`)?.doc).toMatchObject({
      openid: 'v-follows-jg03',
      template: 'noticePublished',
    });
    const second = await cloud.invoke<Envelope<Record<string, unknown>>>(
      'scheduler',
      { action: 'runDue' },
      {},
    );
    expect(second).toMatchObject({ ok: true, data: { notifyNoticeFollowers: 0 } });
  });
});

describe('custom disclosure periods', () => {
  it('the presidium sets one; it is listed and notices are drafted for it on demand', async () => {
    const start = addDays(today, -40);
    const end = addDays(today, -10);
    expectError(await call({ action: 'setPeriod', id: 'campaign', start, end }, DEPUTY1), 'FORBIDDEN');
    expectError(await call({ action: 'setPeriod', id: '2025-05', start, end }, PRESIDIUM), 'PERIOD_INVALID');
    expectError(
      await call({ action: 'setPeriod', id: 'campaign', start: end, end: start }, PRESIDIUM),
      'PERIOD_INVALID',
    );
    data(await call({ action: 'setPeriod', id: 'campaign', start, end }, PRESIDIUM));
    const periods = data(await call<{ id: string; custom: boolean }[]>({ action: 'listPeriods' }, PRESIDIUM));
    expect(periods).toContainEqual(expect.objectContaining({ id: 'campaign', custom: true }));
    expect(periods).toContainEqual(expect.objectContaining({ id: PERIOD.id, custom: false }));
    const v = data(
      await call<NoticeView>({ action: 'draftNotice', stationCode: 'JG02', periodId: 'campaign' }, PRESIDIUM),
    );
    expect(v).toMatchObject({ id: 'JG02:campaign:v1', status: 'draft' });
    expectError(
      await call({ action: 'draftNotice', stationCode: 'JG02', periodId: 'nope' }, PRESIDIUM),
      'PERIOD_NOT_FOUND',
    );
  });

  it('a redraft racing a publish never turns the published notice back into a draft', async () => {
    const id = 'JG02:campaign:v1';
    const approved = cloud.store.get('disclosureNotices', id)!.doc as Record<string, unknown>;
    cloud.store.commit([
      { collection: 'disclosureNotices', id, doc: { ...approved, status: 'approved' } as never },
    ]);
    const [redraft, publish] = await Promise.all([
      call({ action: 'draftNotice', stationCode: 'JG02', periodId: 'campaign' }, PRESIDIUM),
      call({ action: 'publishNotice', id }, PRESIDIUM),
    ]);
    const stored = cloud.store.get('disclosureNotices', id)!.doc as Record<string, unknown>;
    if (publish.ok) {
      expect(stored.status).toBe('published');
      if (!redraft.ok) expect(redraft.error.code).toBe('NOTICE_PUBLISHED');
    } else {
      expect(stored.status).toBe('draft');
    }
  });
});

interface EvaluationView {
  id: string;
  open: boolean;
  closed: boolean;
  report: string | null;
  tally: { ratings: number; satisfied: number; basicallySatisfied: number } | null;
  via: { checkedIn: number; declared: number } | null;
  myRating: string | null;
}

describe('report-back evaluation', () => {
  let evaluationId: string;
  beforeAll(async () => {
    evaluationId = data(
      await call<{ id: string }>(
        { action: 'scheduleEvaluation', deputyId: 'd01', date: today, days: 7 },
        PRESIDIUM,
      ),
    ).id;
    // A villager from elsewhere checked in at JG01 today.
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id: `JG01:${today}:eval`,
        doc: {
          _id: `JG01:${today}:eval`,
          stationCode: 'JG01',
          date: today,
          start: '09:00',
          end: '11:00',
          deputyIds: ['d01'],
          capacity: 10,
          booked: 1,
          status: 'scheduled',
        },
      },
      {
        collection: 'bookings',
        id: 'bk-eval-1',
        doc: {
          _id: 'bk-eval-1',
          dayId: `JG01:${today}:eval`,
          slotId: 'day',
          openid: 'v-attended',
          status: 'checkedIn',
          checkInCode: 'ABCDEF',
          bookedAt: new Date(),
        },
      },
    ]);
  });

  it('opens once the deputy posts the report; only the deputy themself may post it', async () => {
    expectError(
      await call({ action: 'scheduleEvaluation', deputyId: 'd01', date: today }, DEPUTY1),
      'FORBIDDEN',
    );
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'satisfied', villageCode: 'jingu' },
        VILLAGER,
      ),
      'EVALUATION_NOT_OPEN',
    );
    expectError(
      await call({ action: 'postReport', evaluationId, report: '我的述职' }, DEPUTY2),
      'NOT_EVALUATION_DEPUTY',
    );
    const v = data(
      await call<EvaluationView>(
        { action: 'postReport', evaluationId, report: '一年来，我接待选民三十余人次……' },
        DEPUTY1,
      ),
    );
    expect(v).toMatchObject({ open: true, report: '一年来，我接待选民三十余人次……' });
  });

  it('admits residents of the deputy’s villages and those checked in that day, once each', async () => {
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'satisfied', villageCode: 'baiguo' },
        'v-elsewhere',
      ),
      'NOT_ELIGIBLE_TO_RATE',
    );
    expectError(
      await call({ action: 'rateEvaluation', evaluationId, rating: 'satisfied' }, 'v-nowhere'),
      'NOT_ELIGIBLE_TO_RATE',
    );
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'satisfied', villageCode: 'jingu' },
        DEPUTY1,
      ),
      'NOT_ELIGIBLE_TO_RATE',
    );
    // A colleague (another deputy) never rates, whatever village they declare.
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'dissatisfied', villageCode: 'jingu' },
        DEPUTY2,
      ),
      'DEPUTY_CANNOT_RATE',
    );
    const mine = data(
      await call<EvaluationView>(
        { action: 'rateEvaluation', evaluationId, rating: 'satisfied', villageCode: 'jingu' },
        VILLAGER,
      ),
    );
    expect(mine.myRating).toBe('satisfied');
    expect(mine.tally).toBeNull(); // not published yet
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'dissatisfied', villageCode: 'jingu' },
        VILLAGER,
      ),
      'ALREADY_RATED',
    );
    data(await call({ action: 'rateEvaluation', evaluationId, rating: 'basicallySatisfied' }, 'v-attended'));
    expectError(
      await call({ action: 'postReport', evaluationId, report: '改写' }, DEPUTY1),
      'EVALUATION_HAS_RATINGS',
    );
    // The presidium sees declared villages counted apart from those checked in at the meeting.
    const seen = data(await call<EvaluationView>({ action: 'getEvaluation', evaluationId }, PRESIDIUM));
    expect(seen.via).toEqual({ checkedIn: 1, declared: 1 });
    const forVillager = data(await call<EvaluationView>({ action: 'getEvaluation', evaluationId }, VILLAGER));
    expect(forVillager.via).toBeNull();
    const ratings = [...cloud.store.entries('evaluationRatings').values()].map((e) => e.doc);
    expect(ratings.map((r) => r._id).sort()).toEqual([
      `${evaluationId}:${VILLAGER}`,
      `${evaluationId}:v-attended`,
    ]);
  });

  it('closed: no more ratings; published: everyone sees the counts with the report', async () => {
    expectError(
      await call({ action: 'publishEvaluation', evaluationId }, PRESIDIUM),
      'EVALUATION_NOT_CLOSED',
    );
    data(await call({ action: 'closeEvaluation', evaluationId }, PRESIDIUM));
    expectError(
      await call(
        { action: 'rateEvaluation', evaluationId, rating: 'satisfied', villageCode: 'jingu' },
        'v-late',
      ),
      'EVALUATION_CLOSED',
    );
    expectError(await call({ action: 'closeEvaluation', evaluationId }, PRESIDIUM), 'EVALUATION_CLOSED');
    data(await call({ action: 'publishEvaluation', evaluationId }, PRESIDIUM));
    const pub = data(await call<EvaluationView>({ action: 'getEvaluation', evaluationId }, 'v-anyone'));
    expect(pub.tally).toMatchObject({ ratings: 2, satisfied: 1, basicallySatisfied: 1 });
    expect(pub.report).toContain('接待选民');
  });
});
