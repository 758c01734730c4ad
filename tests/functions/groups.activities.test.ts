/**
 * Deputy groups and their activities end to end through the groups and scheduler functions on the local
 * cloud: the presidium writes a group → the station page shows it → an inspection scheduled → its
 * invitees told (outbox) → check-in by QR and by code, the rest from the list → closed with its record →
 * one duty record for exactly each attendee (none twice on a repeat close) → the matter raised became a
 * routed opinion → a finding's rectification item chased when late on working days (once a day) → fixed
 * by its office. Bad input (twice, cancelled, closed, not invited, bad code, dates out of window, the
 * wrong leader or office) answers its own code and writes nothing.
 */
import { demoCloud, expectError, unwrap } from './support';

// Each walk runs many calls through the real functions; a loaded machine needs more than jest's 5 s.
jest.setTimeout(60_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

/** A Wednesday (a working day), 10:00 China time. */
const AT = '2026-11-18T02:00:00.000Z';
/** The inspection's day: Friday 2026-11-20, 10:00 China time. */
const DAY = '2026-11-20';
const ON_DAY = '2026-11-20T02:00:00.000Z';
const AFTER = '2026-11-21T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const STATION_ADMIN = 'demo-station-admin';
const DEPARTMENT = 'demo-department'; // staff of build (乡村建设办公室)
const OTHER_DEPARTMENT = 'dept-agri-staff';
const DEPUTY1 = 'demo-deputy-1'; // d01
const DEPUTY2 = 'demo-deputy-2'; // d02
const DEPUTY3 = 'demo-deputy-3'; // d03
const VILLAGER = 'demo-villager';

beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  cloud.store.commit([
    {
      collection: 'users',
      id: OTHER_DEPARTMENT,
      doc: {
        _id: OTHER_DEPARTMENT,
        openid: OTHER_DEPARTMENT,
        role: 'department',
        departmentId: 'agri',
        name: '农业中心',
        boundAt: new Date(AT),
      },
    },
  ]);
});
afterAll(() => cloud.stop());

const call = <T = Record<string, unknown>>(event: object, openid?: string, at = AT) =>
  cloud.call<T>('groups', event, openid, at);
let rid = 0;
const requestId = () => `act-req-${++rid}-${Date.now()}`;
type Stored = Record<string, unknown> & { _id: string; data: Record<string, { value: string }> };
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as Stored);
const count = (collection: string) => cloud.store.entries(collection).size;

interface Group {
  id: string;
  name: string;
  leader: { id: string; name: string };
  members: { id: string; name: string }[];
}
interface Detail {
  id: string;
  status: string;
  kind: string;
  checkInCode: string | null;
  checkInQr: string | null;
  presentCount: number;
  invitees: { id: string; present: boolean; via: string | null; confirmed: boolean }[];
  record: null | {
    summary: string | null;
    photos: string[];
    photosHidden: number;
    matters: { n: number; opinionId: string | null }[];
    attendeeCount: number;
  };
  rectifications: { id: string; status: string; late: boolean; deadline: string }[];
}

const GROUP = {
  action: 'saveGroup',
  name: '金鼓片代表小组',
  stationCode: 'JG01',
  leaderId: 'd01',
  memberIds: ['d02', 'd03'],
  villageCodes: ['jingu', 'xinmin'],
};

let groupId = '';
let activityId = '';
let code = '';
let qr = '';

describe('deputy groups', () => {
  it('are written by the presidium only, with members on the register and villages of the station', async () => {
    expectError(await call({ ...GROUP, requestId: requestId() }, STATION_ADMIN), 'FORBIDDEN');
    expectError(await call({ ...GROUP, requestId: requestId() }, DEPUTY1), 'FORBIDDEN');
    expectError(
      await call({ ...GROUP, requestId: requestId(), memberIds: ['nobody'] }, PRESIDIUM),
      'GROUP_MEMBERS_INVALID',
    );
    expectError(
      await call({ ...GROUP, requestId: requestId(), villageCodes: ['baiguo'] }, PRESIDIUM),
      'GROUP_VILLAGES_INVALID',
    );
    expectError(
      await call({ ...GROUP, requestId: requestId(), name: '  ' }, PRESIDIUM),
      'GROUP_NAME_REQUIRED',
    );
    expect(count('deputyGroups')).toBe(0);

    const g = unwrap(await call<Group>({ ...GROUP, requestId: 'group-jg01-req' }, PRESIDIUM));
    groupId = g.id;
    expect(g.leader).toEqual({ id: 'd01', name: '王建国' });
    expect(g.members.map((m) => m.id)).toEqual(['d01', 'd02', 'd03']);
    expect(count('deputyGroups')).toBe(1);
  });

  it('are edited by the presidium in place', async () => {
    const edit = { ...GROUP, requestId: requestId(), groupId, villageCodes: ['jingu', 'xinmin', 'qinglong'] };
    expectError(await call({ ...edit, groupId: 'g_nope' }, PRESIDIUM), 'GROUP_NOT_FOUND');
    const g = unwrap(await call<Group & { villages: { code: string }[] }>(edit, PRESIDIUM));
    expect(g.id).toBe(groupId);
    expect(g.villages.map((v) => v.code)).toEqual(['jingu', 'xinmin', 'qinglong']);
    expect(count('deputyGroups')).toBe(1);
    unwrap(await call({ ...edit, requestId: requestId(), villageCodes: GROUP.villageCodes }, PRESIDIUM));
  });

  it('are shown on the station page with names only', async () => {
    const page = unwrap(
      await call<{ groups: Record<string, unknown>[] }>(
        { action: 'stationGroups', stationCode: 'JG01' },
        VILLAGER,
      ),
    );
    expect(page.groups).toEqual([
      {
        id: groupId,
        name: '金鼓片代表小组',
        leaderName: '王建国',
        memberNames: ['王建国', '李秀英', '张明'],
        villageNames: ['金鼓村', '新民村'],
      },
    ]);
  });
});

describe('the forms', () => {
  it('offer a leader their own group, the presidium every group, a member none to organise', async () => {
    type Form = {
      canOrganise: boolean;
      groups: { id: string; iLead: boolean }[];
      kinds: { kind: string; label: string }[];
    };
    const leader = unwrap(await call<Form>({ action: 'activityForm' }, DEPUTY1));
    expect(leader).toMatchObject({ canOrganise: true, groups: [{ id: groupId, iLead: true }] });
    expect(leader.kinds.map((k) => k.label)).toEqual([
      '学习培训',
      '集中视察',
      '执法检查',
      '调研',
      '民情通报会',
      '联系选民走访',
      '小组活动',
    ]);
    const member = unwrap(await call<Form>({ action: 'activityForm' }, DEPUTY2));
    expect(member).toMatchObject({ canOrganise: false, groups: [] });
    const presidium = unwrap(await call<Form>({ action: 'activityForm' }, PRESIDIUM));
    expect(presidium).toMatchObject({ canOrganise: true, groups: [{ id: groupId, iLead: false }] });
    const staff = unwrap(
      await call<{ groups: Group[] }>({ action: 'listGroups', stationCode: 'JG01' }, STATION_ADMIN),
    );
    expect(staff.groups.map((g) => g.id)).toEqual([groupId]);
    expectError(await call({ action: 'activityForm' }, VILLAGER), 'FORBIDDEN');
  });
});

describe('an inspection organised for deputies', () => {
  const SCHEDULE = {
    action: 'scheduleActivity',
    kind: 'inspection',
    title: '金鼓河河道治理集中视察',
    groupId: '',
    date: DAY,
    start: '09:00',
    end: '11:30',
    place: '金鼓河金鼓村段',
    inviteeIds: ['d01', 'd02', 'd04'],
  };

  it('is scheduled by the presidium or the group leader only, with a day in the window', async () => {
    const schedule = { ...SCHEDULE, groupId };
    expectError(await call({ ...schedule, requestId: requestId() }, DEPUTY2), 'ACTIVITY_NOT_GROUP_LEADER');
    expectError(await call({ ...schedule, requestId: requestId() }, VILLAGER), 'FORBIDDEN');
    expectError(
      await call({ ...schedule, requestId: requestId(), date: '2028-06-01' }, PRESIDIUM),
      'DATE_OUT_OF_RANGE',
    );
    expectError(
      await call({ ...schedule, requestId: requestId(), start: '12:00' }, PRESIDIUM),
      'ACTIVITY_TIME_INVALID',
    );
    expectError(
      await call({ ...schedule, requestId: requestId(), inviteeIds: ['nobody'] }, PRESIDIUM),
      'ACTIVITY_INVITEES_INVALID',
    );
    // The title and place are public on the station page: content-checked like a public post.
    expectError(
      await call({ ...schedule, requestId: requestId(), title: '网络赌博危害宣讲' }, PRESIDIUM),
      'ACTIVITY_TEXT_RISKY',
    );
    expectError(
      await call({ ...schedule, requestId: requestId(), place: '博彩场地' }, PRESIDIUM),
      'ACTIVITY_TEXT_RISKY',
    );
    expect(count('activities')).toBe(0);
    expect(docs('outbox').filter((m) => m._id.startsWith('msg:activity:'))).toHaveLength(0);

    const a = unwrap(await call<Detail>({ ...schedule, requestId: 'inspection-req-1' }, PRESIDIUM));
    activityId = a.id;
    expect(a.status).toBe('scheduled');
    expect(a.checkInCode).toMatch(/^\d{6}$/);
    code = a.checkInCode as string;
    qr = a.checkInQr as string;
    expect(qr).toBe(`activity:${activityId}:${code}`);
    // An invitee sees it, without the code; a deputy not invited does not.
    const seen = unwrap(await call<Detail>({ action: 'getActivity', activityId }, DEPUTY2));
    expect(seen.checkInCode).toBeNull();
    expectError(await call({ action: 'getActivity', activityId }, DEPUTY3), 'ACTIVITY_NOT_FOUND');
  });

  it('tells its invitees bound to WeChat, once', async () => {
    const told = docs('outbox').filter((m) => m._id.startsWith(`msg:activity:${activityId}:invite:`));
    // d04 has no WeChat account bound in the demo: nobody to tell.
    expect(told.map((m) => m.openid).sort()).toEqual([DEPUTY1, DEPUTY2]);
    expect(told[0]).toMatchObject({ template: 'activityNotice' });
    expect(told[0].data.phrase4.value).toBe('邀请参加');
    expect(told[0].page).toContain(`id=${activityId}`);
    // A retry of the same request answers the same activity and tells nobody again.
    unwrap(await call({ ...SCHEDULE, groupId, requestId: 'inspection-req-1' }, PRESIDIUM));
    expect(count('activities')).toBe(1);
    expect(docs('outbox').filter((m) => m._id.startsWith(`msg:activity:${activityId}:`))).toHaveLength(2);
  });

  it('takes check-ins by QR and by code on its day, refusing twice, not invited, a bad code, another day', async () => {
    expectError(await call({ action: 'checkIn', qr }, DEPUTY1, AT), 'ACTIVITY_NOT_TODAY');
    unwrap(await call({ action: 'checkIn', qr }, DEPUTY1, ON_DAY));
    expectError(await call({ action: 'checkIn', qr }, DEPUTY1, ON_DAY), 'ACTIVITY_ALREADY_CHECKED_IN');
    const wrong = code === '000000' ? '111111' : '000000';
    expectError(
      await call({ action: 'checkIn', activityId, code: wrong }, DEPUTY2, ON_DAY),
      'ACTIVITY_CODE_INVALID',
    );
    expectError(
      await call({ action: 'checkIn', qr: 'activity:nonsense' }, DEPUTY2, ON_DAY),
      'ACTIVITY_CODE_INVALID',
    );
    expectError(await call({ action: 'checkIn', activityId, code }, DEPUTY3, ON_DAY), 'ACTIVITY_NOT_INVITED');
    expect(count('activityAttendance')).toBe(1);
    unwrap(await call({ action: 'checkIn', activityId, code }, DEPUTY2, ON_DAY));
    expect(count('activityAttendance')).toBe(2);
  });

  it("takes the organiser's list for the rest, from invitees only", async () => {
    expectError(
      await call({ action: 'markAttendance', activityId, present: ['d01', 'd02', 'd03'] }, PRESIDIUM, ON_DAY),
      'ACTIVITY_NOT_INVITED',
    );
    expectError(
      await call({ action: 'markAttendance', activityId, present: ['d01'] }, DEPUTY2, ON_DAY),
      'ACTIVITY_NOT_ORGANISER',
    );
    const a = unwrap(
      await call<Detail>(
        { action: 'markAttendance', activityId, present: ['d01', 'd02', 'd04'] },
        PRESIDIUM,
        ON_DAY,
      ),
    );
    expect(a.invitees.map((i) => [i.id, i.present, i.via])).toEqual([
      ['d01', true, 'code'],
      ['d02', true, 'code'],
      ['d04', true, 'list'],
    ]);
    // Nobody is credited before the close.
    expect(docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`)).toHaveLength(0);
  });

  const CLOSE = {
    action: 'closeActivity',
    activityId: '',
    summary: '代表们查看了河道清淤和护坡工程，现场听取群众意见。',
    photos: ['cloud://demo/inspection-1.jpg'],
    peopleReached: 12,
    matters: [
      { villageCode: 'jingu', categoryCode: 'road', text: '金鼓河边的机耕道雨后泥泞，希望硬化路面。' },
    ],
    findings: [
      { text: '金鼓桥下游护栏破损未修复', departmentId: 'build', deadline: '2026-11-27' },
      { text: '河道两岸垃圾清运不及时', departmentId: 'build', deadline: '2026-12-10' },
    ],
  };

  it('refuses a close with bad findings or matters, writing nothing', async () => {
    const close = { ...CLOSE, activityId };
    const bad = async (patch: object, code: string) =>
      expectError(await call({ ...close, ...patch, requestId: requestId() }, PRESIDIUM, AFTER), code);
    await bad(
      { findings: [{ ...CLOSE.findings[0], deadline: '2026-11-19' }] },
      'RECTIFICATION_DEADLINE_INVALID',
    );
    await bad({ findings: [{ ...CLOSE.findings[0], deadline: '2028-11-19' }] }, 'DATE_OUT_OF_RANGE');
    await bad(
      { findings: [{ ...CLOSE.findings[0], departmentId: 'nope' }] },
      'RECTIFICATION_DEPARTMENT_NOT_FOUND',
    );
    await bad({ matters: [{ ...CLOSE.matters[0], villageCode: 'baiguo' }] }, 'ACTIVITY_MATTER_INVALID');
    await bad({ summary: ' ' }, 'ACTIVITY_SUMMARY_REQUIRED');
    expectError(await call({ ...close, requestId: requestId() }, DEPUTY2, AFTER), 'ACTIVITY_NOT_ORGANISER');
    expectError(await call({ ...close, requestId: requestId() }, PRESIDIUM, AT), 'ACTIVITY_NOT_STARTED');
    expectError(
      await call({ action: 'clearActivityRecord', activityId }, PRESIDIUM, AFTER),
      'ACTIVITY_NOT_CLOSED',
    );
    expect(count('rectifications')).toBe(0);
    expect(docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`)).toHaveLength(0);
    const a = unwrap(await call<Detail>({ action: 'getActivity', activityId }, PRESIDIUM, AFTER));
    expect(a.status).toBe('scheduled');
  });

  it('closes with its record: a duty record for exactly each attendee, the matter an opinion, the findings items', async () => {
    const a = unwrap(
      await call<Detail>({ ...CLOSE, activityId, requestId: 'inspection-close-1' }, PRESIDIUM, AFTER),
    );
    expect(a.status).toBe('closed');
    expect(a.record?.attendeeCount).toBe(3);
    const records = docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`);
    expect(records.map((r) => r.deputyId).sort()).toEqual(['d01', 'd02', 'd04']);
    expect(records.every((r) => r.type === 'inspection' && r.date === DAY && r.source === 'system')).toBe(
      true,
    );

    const opinionId = a.record?.matters[0].opinionId as string;
    expect(opinionId).toBeTruthy();
    const opinion = docs('opinions').find((o) => o._id.endsWith(opinionId));
    expect(opinion).toMatchObject({ stationCode: 'JG01', villageCode: 'jingu', categoryCode: 'road' });
    expect(opinion?.filedBy).toMatchObject({ kind: 'stationAdmin', openid: PRESIDIUM });
    // Routed to a deputy (the opinion module's routing, as any 代录 case).
    // 王建国 follows roads in 金鼓村 (the demo routing table).
    expect(opinion?.owner).toEqual({ kind: 'deputies', deputyIds: ['d01'] });

    expect(a.rectifications.map((r) => [r.id, r.status, r.deadline])).toEqual([
      [`${activityId}_r1`, 'open', '2026-11-27'],
      [`${activityId}_r2`, 'open', '2026-12-10'],
    ]);
  });

  it('closing again (a correction) writes nothing twice', async () => {
    const opinionsBefore = count('opinions');
    const a = unwrap(
      await call<Detail>(
        {
          ...CLOSE,
          activityId,
          requestId: 'inspection-close-2',
          summary: '修改后的活动情况。',
          matters: [],
          findings: [],
        },
        PRESIDIUM,
        AFTER,
      ),
    );
    expect(a.record?.summary).toBe('修改后的活动情况。');
    expect(docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`)).toHaveLength(3);
    expect(count('opinions')).toBe(opinionsBefore);
    expect(count('rectifications')).toBe(2);
    expect(a.record?.matters.map((m) => m.n)).toEqual([1]);
  });

  it('counts the people reached once per activity, on one attendee’s record', async () => {
    const records = docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`);
    expect(records.reduce((n, r) => n + (r.peopleReached as number), 0)).toBe(CLOSE.peopleReached);
    const carrier = records.find((r) => r.deputyId === 'd01');
    expect(carrier).toMatchObject({ peopleReached: 12 });
    expect(carrier?.description).toContain('联系群众12人次');
    expect(records.find((r) => r.deputyId === 'd02')?.description).toContain('另一位参加代表');
  });

  it('closing again appends only new matters and findings, numbered after the last; the duty records follow the corrected record', async () => {
    const opinionsBefore = count('opinions');
    const firstOpinion = docs('activities').find((x) => x._id === activityId)?.matters as {
      n: number;
      opinionId: string;
    }[];
    const a = unwrap(
      await call<Detail>(
        {
          ...CLOSE,
          activityId,
          requestId: 'inspection-close-3',
          summary: '再次修改的活动情况。',
          peopleReached: 20,
          matters: [{ villageCode: 'xinmin', categoryCode: 'road', text: '新民村村道路灯不亮。' }],
          findings: [{ text: '河道警示牌缺失', departmentId: 'build', deadline: '2026-12-20' }],
        },
        PRESIDIUM,
        AFTER,
      ),
    );
    // The first matter stands as it was (its opinion, its number); the new one is number 2, an opinion of its own.
    expect(a.record?.matters.map((m) => m.n)).toEqual([1, 2]);
    expect(a.record?.matters[0].opinionId).toBe(firstOpinion[0].opinionId);
    expect(a.record?.matters[1].opinionId).toBeTruthy();
    expect(a.record?.matters[1].opinionId).not.toBe(firstOpinion[0].opinionId);
    expect(count('opinions')).toBe(opinionsBefore + 1);
    // The filed findings are untouched; the new one is _r3.
    expect(a.rectifications.map((r) => [r.id, r.deadline])).toEqual([
      [`${activityId}_r1`, '2026-11-27'],
      [`${activityId}_r2`, '2026-12-10'],
      [`${activityId}_r3`, '2026-12-20'],
    ]);
    // The duty records are rewritten with the corrected people reached, still once.
    const records = docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`);
    expect(records).toHaveLength(3);
    expect(records.reduce((n, r) => n + (r.peopleReached as number), 0)).toBe(20);
    expect(records.find((r) => r.deputyId === 'd01')?.description).toContain('联系群众20人次');
  });

  it('files a matter left without an opinion (a failure after the close) on the scheduler’s next run, once', async () => {
    const stored = docs('activities').find((x) => x._id === activityId) as Stored;
    const matters = stored.matters as { n: number; opinionId: string | null }[];
    const opinionsBefore = count('opinions');
    cloud.store.commit([
      {
        collection: 'activities',
        id: activityId,
        doc: {
          ...stored,
          mattersPending: true,
          matters: [
            ...matters,
            { n: 3, villageCode: 'jingu', categoryCode: 'road', text: '金鼓村路口积水。', opinionId: null },
          ],
        },
      },
    ]);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-21T03:00:00.000Z' });
    const after = docs('activities').find((x) => x._id === activityId) as Stored;
    const filed = after.matters as { n: number; opinionId: string | null }[];
    expect(filed.map((m) => m.n)).toEqual([1, 2, 3]);
    expect(filed.every((m) => !!m.opinionId)).toBe(true);
    expect(after.mattersPending).toBe(false);
    expect(count('opinions')).toBe(opinionsBefore + 1);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-21T04:00:00.000Z' });
    expect(count('opinions')).toBe(opinionsBefore + 1);
  });

  it('keeps the record once confirmed: no check-in after the close, no attendee removed', async () => {
    expectError(await call({ action: 'checkIn', qr }, DEPUTY2, ON_DAY), 'ACTIVITY_CLOSED');
    expectError(
      await call({ action: 'markAttendance', activityId, present: ['d01', 'd02'] }, PRESIDIUM, AFTER),
      'ACTIVITY_ATTENDANCE_CONFIRMED',
    );
    expect(docs('dutyRecords').filter((r) => r.sourceRef === `activity:${activityId}`)).toHaveLength(3);
  });

  it("hides the organiser's photos from invitees until the presidium clears them", async () => {
    // The presidium closed it: its own photos are public at once.
    const seen = unwrap(await call<Detail>({ action: 'getActivity', activityId }, DEPUTY2, AFTER));
    expect(seen.record?.photos).toEqual(['cloud://demo/inspection-1.jpg']);
  });
});

describe("an inspection's rectification items", () => {
  const late = () =>
    docs('outbox').filter((m) => m._id.startsWith(`msg:rectification:${activityId}_r1:late:`));

  it('are chased when late, on working days, once a day, telling the office and the presidium', async () => {
    // 2026-11-27 (Friday) is the deadline itself: not late yet.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-27T02:00:00.000Z' });
    expect(late()).toHaveLength(0);
    // 2026-11-28 is a Saturday: no chase.
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-28T02:00:00.000Z' });
    expect(late()).toHaveLength(0);
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-30T02:00:00.000Z' });
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-11-30T06:00:00.000Z' });
    expect(
      late()
        .map((m) => m.openid)
        .sort(),
    ).toEqual([DEPARTMENT, PRESIDIUM].sort());
    expect(late()[0]).toMatchObject({ template: 'opinionDeadline' });
    expect(late()[0].data.phrase2.value).toBe('整改逾期');
    // r2 is not due yet.
    expect(
      docs('outbox').filter((m) => m._id.startsWith(`msg:rectification:${activityId}_r2:`)),
    ).toHaveLength(0);
  });

  it('are reported fixed by their own office only, once; a fixed item is no longer chased', async () => {
    const r1 = `${activityId}_r1`;
    const fix = { action: 'reportFixed', rectificationId: r1, fixedOn: '2026-12-01', note: '护栏已修复。' };
    const at = '2026-12-01T02:00:00.000Z';
    expectError(await call(fix, OTHER_DEPARTMENT, at), 'NOT_YOUR_DEPARTMENT');
    expectError(await call(fix, DEPUTY1, at), 'FORBIDDEN');
    expectError(await call({ ...fix, fixedOn: '2026-12-05' }, DEPARTMENT, at), 'DATE_OUT_OF_RANGE');
    // An office cannot backdate its own fix (lateness is judged by its report day).
    expectError(await call({ ...fix, fixedOn: '2026-11-26' }, DEPARTMENT, at), 'RECTIFICATION_BACKDATED');
    const item = unwrap(
      await call<{ status: string; late: boolean; fixedByLabel: string }>(fix, DEPARTMENT, at),
    );
    expect(item).toMatchObject({ status: 'fixed', late: true, fixedByLabel: '责任单位报告' });
    expect(docs('rectifications').find((r) => r._id === r1)).toMatchObject({ reportedOn: '2026-12-01' });
    expectError(await call(fix, DEPARTMENT, at), 'RECTIFICATION_ALREADY_FIXED');

    const before = late().length;
    await cloud.invoke('scheduler', { action: 'runDue' }, { now: '2026-12-02T02:00:00.000Z' });
    expect(late()).toHaveLength(before);

    const mine = unwrap(
      await call<{
        items: { id: string; departmentName: string }[];
        counts: { open: number; late: number; fixed: number };
      }>({ action: 'listRectifications' }, DEPARTMENT, at),
    );
    // Open items first (by deadline), then the fixed; the counts from the server.
    expect(mine.items.map((i) => i.id)).toEqual([`${activityId}_r2`, `${activityId}_r3`, r1]);
    expect(mine.counts).toEqual({ open: 2, late: 0, fixed: 1 });
    expect(mine.items[0].departmentName).toBe('乡村建设办公室');
    const other = unwrap(
      await call<{ items: unknown[]; counts: object }>(
        { action: 'listRectifications' },
        OTHER_DEPARTMENT,
        at,
      ),
    );
    expect(other.items).toHaveLength(0);
    expect(other.counts).toEqual({ open: 0, late: 0, fixed: 0 });
    // The presidium may record an earlier day it has checked (not before the activity).
    const r2 = unwrap(
      await call<{ fixedOn: string; late: boolean }>(
        {
          action: 'reportFixed',
          rectificationId: `${activityId}_r2`,
          fixedOn: '2026-11-28',
          note: '已清运。',
        },
        PRESIDIUM,
        at,
      ),
    );
    expect(r2).toMatchObject({ fixedOn: '2026-11-28', late: false });
  });
});

describe("a group leader's own activity", () => {
  it('is scheduled for their group (its members invited by default), cancelled with everyone told', async () => {
    const a = unwrap(
      await call<Detail & { inviteeCount: number }>(
        {
          action: 'scheduleActivity',
          requestId: 'group-meeting-req-1',
          kind: 'groupActivity',
          title: '金鼓片代表小组季度活动',
          groupId,
          date: '2026-11-25',
          start: '14:30',
          end: '16:30',
          place: '金鼓乡人大代表之家',
        },
        DEPUTY1,
      ),
    );
    expect(a.invitees.map((i) => i.id)).toEqual(['d01', 'd02', 'd03']);
    // A leader organises for their group only: its station, its members.
    const leaders = {
      action: 'scheduleActivity',
      kind: 'groupActivity',
      title: '小组活动',
      groupId,
      date: '2026-11-26',
      start: '14:30',
      end: '16:30',
      place: '金鼓乡人大代表之家',
    };
    const activitiesBefore = count('activities');
    expectError(
      await call({ ...leaders, requestId: requestId(), inviteeIds: ['d02', 'd04'] }, DEPUTY1),
      'ACTIVITY_OUTSIDE_GROUP',
    );
    const otherStation = (docs('stations').find((st) => st.code !== 'JG01')?.code as string) ?? 'XX01';
    expectError(
      await call({ ...leaders, requestId: requestId(), stationCode: otherStation }, DEPUTY1),
      'ACTIVITY_OUTSIDE_GROUP',
    );
    expect(count('activities')).toBe(activitiesBefore);
    expectError(
      await call({ action: 'cancelActivity', activityId: a.id, reason: '天气原因' }, DEPUTY2),
      'ACTIVITY_NOT_ORGANISER',
    );
    expectError(
      await call(
        {
          action: 'closeActivity',
          requestId: requestId(),
          activityId: a.id,
          summary: '小组活动',
          findings: [{ text: '问题', departmentId: 'build', deadline: '2026-12-20' }],
        },
        DEPUTY1,
        '2026-11-25T08:00:00.000Z',
      ),
      'ACTIVITY_FINDINGS_NOT_ALLOWED',
    );
    const cancelled = unwrap(
      await call<Detail>({ action: 'cancelActivity', activityId: a.id, reason: '天气原因' }, DEPUTY1),
    );
    expect(cancelled.status).toBe('cancelled');
    const told = docs('outbox').filter((m) => m._id.startsWith(`msg:activity:${a.id}:cancel:`));
    expect(told.map((m) => m.openid).sort()).toEqual([DEPUTY1, DEPUTY2, DEPUTY3]);
    expectError(
      await call(
        { action: 'checkIn', activityId: a.id, code: '123456' },
        DEPUTY2,
        '2026-11-25T08:00:00.000Z',
      ),
      'ACTIVITY_CANCELLED',
    );
    expectError(
      await call({ action: 'cancelActivity', activityId: a.id, reason: '再取消' }, DEPUTY1),
      'ACTIVITY_CANCELLED',
    );
  });

  it("holds the leader's photos back from invitees and the public until the presidium clears them", async () => {
    const a = unwrap(
      await call<Detail>(
        {
          action: 'scheduleActivity',
          requestId: 'group-meeting-req-2',
          kind: 'groupActivity',
          title: '金鼓片代表小组走访前碰头会',
          groupId,
          date: '2026-11-24',
          start: '14:30',
          end: '15:30',
          place: '金鼓乡人大代表之家',
        },
        DEPUTY1,
      ),
    );
    const onDay = '2026-11-24T08:00:00.000Z';
    unwrap(
      await call({ action: 'markAttendance', activityId: a.id, present: ['d01', 'd02'] }, DEPUTY1, onDay),
    );
    const closed = unwrap(
      await call<Detail>(
        {
          action: 'closeActivity',
          requestId: 'group-meeting-close-2',
          activityId: a.id,
          summary: '商定了下周走访安排。',
          photos: ['cloud://demo/meeting-1.jpg'],
        },
        DEPUTY1,
        onDay,
      ),
    );
    expect(closed.record?.photos).toEqual(['cloud://demo/meeting-1.jpg']);
    const invitee = unwrap(await call<Detail>({ action: 'getActivity', activityId: a.id }, DEPUTY2, onDay));
    expect(invitee.record).toMatchObject({ photos: [], photosHidden: 1 });
    type Public = { activities: { id: string; photos: string[]; summary: string | null }[] };
    const before = unwrap(
      await call<Public>({ action: 'stationActivities', stationCode: 'JG01' }, VILLAGER, onDay),
    );
    expect(before.activities.find((x) => x.id === a.id)?.photos).toEqual([]);
    expectError(await call({ action: 'clearActivityRecord', activityId: a.id }, DEPUTY1, onDay), 'FORBIDDEN');
    unwrap(await call({ action: 'clearActivityRecord', activityId: a.id }, PRESIDIUM, onDay));
    const after = unwrap(await call<Detail>({ action: 'getActivity', activityId: a.id }, DEPUTY2, onDay));
    expect(after.record).toMatchObject({ photos: ['cloud://demo/meeting-1.jpg'], photosHidden: 0 });
    const shown = unwrap(
      await call<Public>({ action: 'stationActivities', stationCode: 'JG01' }, VILLAGER, onDay),
    );
    expect(shown.activities.find((x) => x.id === a.id)).toMatchObject({
      photos: ['cloud://demo/meeting-1.jpg'],
      summary: '商定了下周走访安排。',
    });
    expect(
      docs('dutyRecords')
        .filter((r) => r.sourceRef === `activity:${a.id}`)
        .map((r) => [r.deputyId, r.type]),
    ).toEqual([
      ['d01', 'meeting'],
      ['d02', 'meeting'],
    ]);
  });

  it("lists a deputy's activities and the presidium's", async () => {
    const mine = unwrap(
      await call<{ activities: { id: string; invited: boolean; checkedIn: boolean; organising: boolean }[] }>(
        { action: 'listActivities' },
        DEPUTY1,
      ),
    );
    expect(mine.activities).toHaveLength(3);
    expect(mine.activities.find((x) => x.id === activityId)).toMatchObject({
      invited: true,
      checkedIn: true,
    });
    // A status filter is applied by the query, not after cutting the page.
    for (const status of ['closed', 'cancelled']) {
      const one = unwrap(
        await call<{ activities: { status: string }[] }>(
          { action: 'listActivities', status, limit: 1 },
          DEPUTY1,
        ),
      );
      expect(one.activities.map((x) => x.status)).toEqual([status]);
    }
    const three = unwrap(await call<{ activities: unknown[] }>({ action: 'listActivities' }, DEPUTY3));
    expect(three.activities).toHaveLength(2);
    const all = unwrap(
      await call<{ activities: unknown[] }>({ action: 'listActivities', status: 'closed' }, PRESIDIUM),
    );
    expect(all.activities).toHaveLength(2);
  });
});

describe("the activities' figures", () => {
  const NOW = '2026-12-02T02:00:00.000Z';
  const YEAR = { kind: 'year', year: 2026 };
  type Report = {
    figures: {
      code: string;
      value: number | null;
      parts: Record<string, { key: string; value: number }[]>;
    }[];
  };
  const report = async (scope: object) => {
    const r = unwrap(
      await cloud.call<Report>('figures', { action: 'report', period: YEAR, scope }, PRESIDIUM, NOW),
    );
    return Object.fromEntries(
      r.figures.filter((f) => f.code.startsWith('activities.')).map((f) => [f.code, f]),
    );
  };

  it('count a training by its attendees, once closed', async () => {
    const t = unwrap(
      await call<Detail>(
        {
          action: 'scheduleActivity',
          requestId: 'training-req-1',
          kind: 'training',
          title: '代表履职能力学习培训',
          stationCode: 'JG01',
          date: '2026-11-26',
          start: '09:00',
          end: '12:00',
          place: '金鼓乡人民政府三楼会议室',
          inviteeIds: ['d01', 'd02', 'd03'],
        },
        PRESIDIUM,
      ),
    );
    const onDay = '2026-11-26T03:00:00.000Z';
    unwrap(
      await call({ action: 'markAttendance', activityId: t.id, present: ['d01', 'd02'] }, PRESIDIUM, onDay),
    );
    unwrap(
      await call(
        {
          action: 'closeActivity',
          requestId: 'training-close-1',
          activityId: t.id,
          summary: '学习了代表法。',
        },
        PRESIDIUM,
        onDay,
      ),
    );
    const records = docs('dutyRecords').filter((r) => r.sourceRef === `activity:${t.id}`);
    expect(records.map((r) => [r.deputyId, r.type]).sort()).toEqual([
      ['d01', 'training'],
      ['d02', 'training'],
    ]);
  });

  it('are in the year’s figures, by township, station and deputy, and drill down to their records', async () => {
    const township = await report({ kind: 'township' });
    expect(township['activities.inspections'].value).toBe(1);
    expect(township['activities.trainingPersonTimes'].value).toBe(2);
    expect(township['activities.trainingPersonTimes'].parts.deputy.map((p) => p.key).sort()).toEqual([
      'd01',
      'd02',
    ]);
    // The leader's first activity was cancelled: it never counts; the second was held.
    expect(township['activities.groupActivities'].value).toBe(1);
    expect(township['activities.rectifications'].value).toBe(3);
    // r2 fixed on 11-28 (the day the presidium recorded), before its deadline.
    expect(township['activities.rectificationsOnTime'].value).toBe(1);
    // r1 fixed after its deadline; r3's deadline (12-20) has not passed on 12-02.
    expect(township['activities.rectificationsLate'].value).toBe(1);
    expect(township['activities.rectifications'].parts.department).toEqual([
      expect.objectContaining({ key: 'build', value: 3 }),
    ]);

    const d04 = await report({ kind: 'deputy', deputyId: 'd04' });
    expect(d04['activities.inspections'].value).toBe(1);
    expect(d04['activities.trainingPersonTimes'].value).toBe(0);
    const d03 = await report({ kind: 'deputy', deputyId: 'd03' });
    expect(d03['activities.inspections'].value).toBe(0);

    const drill = unwrap(
      await cloud.call<{ total: number; rows: { id: string; kind: string }[] }>(
        'figures',
        {
          action: 'drill',
          period: YEAR,
          scope: { kind: 'township' },
          code: 'activities.rectificationsLate',
          limit: 50,
        },
        PRESIDIUM,
        NOW,
      ),
    );
    expect(drill.total).toBe(1);
    expect(drill.rows).toEqual([expect.objectContaining({ id: `${activityId}_r1`, kind: 'rectification' })]);
  });
});

describe('a crowd checking in at once', () => {
  it('30 invitees scanning the same code together: every one answered, none INTERNAL, each present once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `crowd${String(i + 1).padStart(2, '0')}`);
    cloud.store.commit(
      ids.flatMap((id) => [
        {
          collection: 'deputies',
          id,
          doc: {
            _id: id,
            name: `代表${id.slice(5)}`,
            level: 'township',
            title: '',
            photo: '',
            phone: '',
            stationCode: 'JG02',
            villageCodes: ['baiguo'],
            categories: [],
            group: '',
            openid: `open-${id}`,
            active: true,
          },
        },
        {
          collection: 'users',
          id: `open-${id}`,
          doc: {
            _id: `open-${id}`,
            openid: `open-${id}`,
            role: 'deputy',
            deputyId: id,
            stationCode: 'JG02',
            boundAt: new Date(AT),
          },
        },
      ]),
    );
    const a = unwrap(
      await call<Detail>(
        {
          action: 'scheduleActivity',
          requestId: 'crowd-training-req',
          kind: 'training',
          title: '全乡代表集中培训',
          stationCode: 'JG02',
          date: '2026-12-03',
          start: '09:00',
          end: '12:00',
          place: '白果村村民委员会',
          inviteeIds: ids,
        },
        PRESIDIUM,
        '2026-12-01T02:00:00.000Z',
      ),
    );
    const at = '2026-12-03T01:00:00.000Z';
    const started = Date.now();
    const answers = await Promise.all(
      ids.map((id) => call({ action: 'checkIn', qr: a.checkInQr }, `open-${id}`, at)),
    );
    const ms = Date.now() - started;
    const codes = answers.map((r) => (r.ok ? 'ok' : r.error.code));
    console.log(
      `crowd check-in: 30 at once in ${ms} ms → ${JSON.stringify(codes.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {}))}`,
    );
    // Each check-in writes only its own deputy's document: nobody contends, everyone is in.
    expect(codes.filter((c) => c !== 'ok')).toEqual([]);
    const seen = unwrap(await call<Detail>({ action: 'getActivity', activityId: a.id }, PRESIDIUM, at));
    const ok = ids.filter((_, i) => codes[i] === 'ok');
    expect(seen.invitees.filter((i) => i.present).map((i) => i.id)).toEqual(ok);
    expect(docs('activityAttendance').filter((x) => x.activityId === a.id)).toHaveLength(ok.length);
  });

  it('a close racing check-ins: every check-in that answered ok is credited, and only those present', async () => {
    const ids = Array.from({ length: 15 }, (_, i) => `crowd${String(i + 1).padStart(2, '0')}`);
    const a = unwrap(
      await call<Detail>(
        {
          action: 'scheduleActivity',
          requestId: 'crowd-briefing-req',
          kind: 'briefing',
          title: '民情通报会',
          stationCode: 'JG02',
          date: '2026-12-04',
          start: '09:00',
          end: '10:00',
          place: '白果村村民委员会',
          inviteeIds: ids,
        },
        PRESIDIUM,
        '2026-12-01T02:00:00.000Z',
      ),
    );
    const at = '2026-12-04T01:30:00.000Z';
    const [close, ...answers] = await Promise.all([
      call(
        {
          action: 'closeActivity',
          requestId: 'crowd-briefing-close',
          activityId: a.id,
          summary: '通报了民情。',
        },
        PRESIDIUM,
        at,
      ),
      ...ids.map((id) => call({ action: 'checkIn', qr: a.checkInQr }, `open-${id}`, at)),
    ]);
    expect(close.ok).toBe(true);
    const codes = answers.map((r) => (r.ok ? 'ok' : r.error.code));
    const tally = codes.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});
    console.log(`close racing 15 check-ins → ${JSON.stringify(tally)}`);
    expect(codes.filter((c) => !['ok', 'ACTIVITY_CLOSED', 'CONFLICT'].includes(c))).toEqual([]);
    const credited = docs('dutyRecords')
      .filter((r) => r.sourceRef === `activity:${a.id}`)
      .map((r) => r.deputyId as string)
      .sort();
    const present = docs('activityAttendance')
      .filter((x) => x.activityId === a.id && x.present)
      .map((x) => x.deputyId as string)
      .sort();
    expect(credited).toEqual(present);
    expect(credited).toEqual(expect.arrayContaining(ids.filter((_, i) => codes[i] === 'ok')));
  });
});
