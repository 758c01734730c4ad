/**
 * Editing a scheduled activity end to end through the groups function on the local cloud: a group leader
 * schedules his group's activity → edits its day, time, place and invitees → each invitee's outbox holds
 * exactly the message that concerns them (时间/地点变更 for those still invited, the invitation for the
 * newly invited, 无需参加 for the removed) → the deputies' 我的活动 shows the change → a retry tells nobody
 * again, a new title alone tells nobody. Refused: after the close, once someone checked in, by the leader
 * of another group, inviting outside the group, a bad or out-of-window day, a stale revision; two edits at
 * once: one wins whole, the other answers CONFLICT, never INTERNAL.
 */
import { demoCloud, expectError, unwrap } from './support';

jest.setTimeout(60_000);

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;

/** A Wednesday, 10:00 China time. */
const AT = '2026-11-18T02:00:00.000Z';
const PRESIDIUM = 'demo-presidium';
const DEPUTY1 = 'demo-deputy-1'; // d01, leads 金鼓片
const DEPUTY2 = 'demo-deputy-2'; // d02
const DEPUTY3 = 'demo-deputy-3'; // d03
const LEADER4 = 'edit-test-deputy-4'; // d04, leads 白果片 (bound here for the test)
const VILLAGER = 'demo-villager';

const call = <T = Record<string, unknown>>(event: object, openid?: string, at = AT) =>
  cloud.call<T>('groups', event, openid, at);
type Stored = Record<string, unknown> & { _id: string; data: Record<string, { value: string }> };
const docs = (collection: string) =>
  [...cloud.store.entries(collection).values()].map((e) => e.doc as unknown as Stored);
const messagesOf = (activityId: string) =>
  docs('outbox').filter((m) => String(m._id).startsWith(`msg:activity:${activityId}:`));
const stored = (activityId: string) => docs('activities').find((a) => a._id === activityId) as Stored;

interface Detail {
  id: string;
  status: string;
  date: string;
  start: string;
  end: string;
  place: string;
  title: string;
  description: string;
  revision: number;
  canEdit: boolean;
  told: number;
  invitees: { id: string }[];
}
interface Summary {
  id: string;
  date: string;
  start: string;
  place: string;
  changed: boolean;
}

let jg01 = '';
beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
  cloud.store.commit([
    {
      collection: 'users',
      id: LEADER4,
      doc: {
        _id: LEADER4,
        openid: LEADER4,
        role: 'deputy',
        deputyId: 'd04',
        name: '刘德华',
        boundAt: new Date(AT),
      },
    },
  ]);
  const group = (requestId: string, stationCode: string, memberIds: string[], villageCodes: string[]) =>
    call<{ id: string }>(
      {
        action: 'saveGroup',
        requestId,
        name: `${stationCode}片代表小组`,
        stationCode,
        leaderId: memberIds[0],
        memberIds,
        villageCodes,
      },
      PRESIDIUM,
    );
  jg01 = unwrap(await group('edit-group-jg01', 'JG01', ['d01', 'd02', 'd03'], ['jingu'])).id;
  unwrap(await group('edit-group-jg02', 'JG02', ['d04', 'd05'], ['baiguo']));
});
afterAll(() => cloud.stop());

const MEETING = {
  action: 'scheduleActivity',
  requestId: 'edit-meeting-1',
  kind: 'groupActivity',
  title: '金鼓片代表小组季度活动',
  date: '2026-11-25',
  start: '14:30',
  end: '16:30',
  place: '金鼓乡人大代表之家',
  inviteeIds: ['d01', 'd02'],
};

/** The form as the edit page sends it: every field. */
const form = (a: Detail, patch: Record<string, unknown>, requestId: string) => ({
  action: 'updateActivity',
  requestId,
  activityId: a.id,
  revision: a.revision,
  title: a.title,
  date: a.date,
  start: a.start,
  end: a.end,
  place: a.place,
  description: a.description,
  inviteeIds: a.invitees.map((i) => i.id),
  ...patch,
});

describe("a group leader edits his group's activity", () => {
  let a: Detail;

  it('is scheduled, its two invitees invited', async () => {
    a = unwrap(await call<Detail>({ ...MEETING, groupId: jg01 }, DEPUTY1));
    expect(a).toMatchObject({ revision: 0, canEdit: true, description: '' });
    expect(
      messagesOf(a.id)
        .map((m) => [m.openid, m.data.phrase4.value])
        .sort(),
    ).toEqual([
      [DEPUTY1, '邀请参加'],
      [DEPUTY2, '邀请参加'],
    ]);
  });

  it('refuses the leader of another group, a member, a villager, and invitees outside the group', async () => {
    const before = JSON.stringify(stored(a.id));
    const outbox = docs('outbox').length;
    expectError(
      await call(form(a, { place: '白果村' }, 'edit-other-leader'), LEADER4),
      'ACTIVITY_NOT_ORGANISER',
    );
    expectError(await call(form(a, { place: '新民村' }, 'edit-member'), DEPUTY2), 'ACTIVITY_NOT_ORGANISER');
    expectError(await call(form(a, { place: '新民村' }, 'edit-villager'), VILLAGER), 'FORBIDDEN');
    expectError(
      await call(form(a, { inviteeIds: ['d01', 'd04'] }, 'edit-outside'), DEPUTY1),
      'ACTIVITY_OUTSIDE_GROUP',
    );
    expectError(
      await call(form(a, { inviteeIds: ['d01', 'nobody'] }, 'edit-nobody'), PRESIDIUM),
      'ACTIVITY_INVITEES_INVALID',
    );
    expect(JSON.stringify(stored(a.id))).toBe(before);
    expect(docs('outbox')).toHaveLength(outbox);
  });

  it('refuses an impossible day, a day outside the window, bad times and risky text, writing nothing', async () => {
    const before = JSON.stringify(stored(a.id));
    const outbox = docs('outbox').length;
    expectError(await call(form(a, { date: '2026-11-31' }, 'edit-bad-1'), DEPUTY1), 'BAD_INPUT');
    expectError(await call(form(a, { date: '2026-13-01' }, 'edit-bad-2'), DEPUTY1), 'BAD_INPUT');
    expectError(await call(form(a, { date: '2028-01-10' }, 'edit-bad-3'), DEPUTY1), 'DATE_OUT_OF_RANGE');
    expectError(await call(form(a, { date: '2026-10-01' }, 'edit-bad-4'), DEPUTY1), 'DATE_OUT_OF_RANGE');
    expectError(await call(form(a, { start: '17:00' }, 'edit-bad-5'), DEPUTY1), 'ACTIVITY_TIME_INVALID');
    expectError(await call(form(a, { title: ' ' }, 'edit-bad-6'), DEPUTY1), 'ACTIVITY_TITLE_REQUIRED');
    expectError(await call(form(a, { place: '博彩场地' }, 'edit-bad-7'), DEPUTY1), 'ACTIVITY_TEXT_RISKY');
    expectError(await call(form(a, { inviteeIds: [] }, 'edit-bad-8'), DEPUTY1), 'ACTIVITY_INVITEES_INVALID');
    expect(JSON.stringify(stored(a.id))).toBe(before);
    expect(docs('outbox')).toHaveLength(outbox);
  });

  it('moves it and changes its invitees: each invitee is told what concerns them, in one write', async () => {
    const edited = unwrap(
      await call<Detail>(
        form(
          a,
          {
            date: '2026-11-26',
            start: '09:00',
            end: '11:00',
            place: '金鼓村村委会二楼',
            description: '请带上本季度走访记录。',
            inviteeIds: ['d01', 'd03'],
          },
          'edit-move-1',
        ),
        DEPUTY1,
      ),
    );
    expect(edited).toMatchObject({
      date: '2026-11-26',
      start: '09:00',
      place: '金鼓村村委会二楼',
      description: '请带上本季度走访记录。',
      revision: 1,
      told: 3,
    });
    const told = messagesOf(a.id).filter((m) => m._id.includes(':r1:'));
    const by = (openid: string) => told.find((m) => m.openid === openid);
    // still invited: the new day, time and place
    expect(by(DEPUTY1)?.data).toMatchObject({
      time2: { value: '2026年11月26日 09:00' },
      thing3: { value: '金鼓村村委会二楼' },
      phrase4: { value: '活动已变更' },
    });
    // newly invited: the invitation, with the new details, opening the activity
    expect(by(DEPUTY3)?.data).toMatchObject({
      time2: { value: '2026年11月26日 09:00' },
      phrase4: { value: '邀请参加' },
    });
    expect(by(DEPUTY3)?.page).toContain(`id=${a.id}`);
    // removed: no longer concerns them, with what they had been told, opening 我的活动
    expect(by(DEPUTY2)?.data).toMatchObject({
      time2: { value: '2026年11月25日 14:30' },
      thing3: { value: '金鼓乡人大代表之家' },
      phrase4: { value: '无需参加' },
    });
    expect(by(DEPUTY2)?.page).toContain('subpackages/deputy/pages/activities/index');
    expect(told).toHaveLength(3);
    a = edited;
  });

  it("shows the new day and place in the deputies' 我的活动; the removed deputy no longer sees it", async () => {
    const three = unwrap(await call<{ activities: Summary[] }>({ action: 'listActivities' }, DEPUTY3));
    expect(three.activities.find((x) => x.id === a.id)).toMatchObject({
      date: '2026-11-26',
      start: '09:00',
      place: '金鼓村村委会二楼',
      changed: true,
    });
    const two = unwrap(await call<{ activities: Summary[] }>({ action: 'listActivities' }, DEPUTY2));
    expect(two.activities.some((x) => x.id === a.id)).toBe(false);
    expectError(await call({ action: 'getActivity', activityId: a.id }, DEPUTY2), 'ACTIVITY_NOT_FOUND');
  });

  it('a retried edit answers the same and tells nobody again, even when its request record is gone', async () => {
    const count = messagesOf(a.id).length;
    const again = unwrap(
      await call<Detail>(
        form(a, { revision: 0, date: '2026-11-26', inviteeIds: ['d01', 'd03'] }, 'edit-move-1'),
        DEPUTY1,
      ),
    );
    expect(again.revision).toBe(1);
    // The pipeline's request record lost (a run that died after its commit): the activity knows its last edit.
    const claim = [...cloud.store.entries('idempotency').keys()].find((k) => k.includes('edit-move-1'));
    expect(claim).toBeDefined();
    cloud.store.commit([{ collection: 'idempotency', id: claim as string, doc: null }]);
    const retried = unwrap(await call<Detail>(form(a, { revision: 0 }, 'edit-move-1'), DEPUTY1));
    expect(retried.revision).toBe(1);
    expect(messagesOf(a.id)).toHaveLength(count);
  });

  it('a new title or the same form again tells nobody; a stale revision answers CONFLICT', async () => {
    const count = messagesOf(a.id).length;
    const renamed = unwrap(
      await call<Detail>(form(a, { title: '金鼓片代表小组第四季度活动' }, 'edit-title-1'), DEPUTY1),
    );
    expect(renamed).toMatchObject({ title: '金鼓片代表小组第四季度活动', revision: 2, told: 0 });
    const same = unwrap(await call<Detail>(form(renamed, {}, 'edit-same-1'), DEPUTY1));
    expect(same).toMatchObject({ revision: 2, told: 0 });
    expect(messagesOf(a.id)).toHaveLength(count);
    expectError(await call(form(a, { place: '乡政府' }, 'edit-stale-1'), PRESIDIUM), 'CONFLICT');
    expect(stored(a.id).place).toBe('金鼓村村委会二楼');
    a = renamed;
  });

  it('two edits at once: one wins whole, the other answers CONFLICT, never INTERNAL', async () => {
    const count = messagesOf(a.id).length;
    const edits = [
      form(a, { place: '金鼓村文化礼堂', start: '10:00', end: '12:00' }, 'edit-race-1'),
      form(a, { place: '新民村村委会', inviteeIds: ['d01', 'd02', 'd03'] }, 'edit-race-2'),
    ];
    const answers = await Promise.all([call<Detail>(edits[0], DEPUTY1), call<Detail>(edits[1], PRESIDIUM)]);
    const codes = answers.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const winner = edits[answers.findIndex((r) => r.ok)];
    const now = stored(a.id);
    expect([now.place, now.start, now.end, now.inviteeIds]).toEqual([
      winner.place,
      winner.start,
      winner.end,
      winner.inviteeIds,
    ]);
    expect(now.revision).toBe(3);
    // Only the winner's messages, under its one revision.
    const added = messagesOf(a.id).slice(count);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((m) => m._id.includes(':r3:'))).toBe(true);
    // Without a revision the two run one after the other: never half of each.
    const loose = [
      { ...form(a, { place: '甲地点', start: '08:00', end: '09:00' }, 'edit-race-3'), revision: undefined },
      { ...form(a, { place: '乙地点', start: '15:00', end: '16:00' }, 'edit-race-4'), revision: undefined },
    ];
    const both = await Promise.all([call<Detail>(loose[0], DEPUTY1), call<Detail>(loose[1], PRESIDIUM)]);
    expect(both.filter((r) => !r.ok && r.error.code === 'INTERNAL')).toEqual([]);
    const last = stored(a.id);
    expect(loose.some((e) => e.place === last.place && e.start === last.start && e.end === last.end)).toBe(
      true,
    );
  });
});

describe('an activity no longer scheduled, or begun', () => {
  const INSPECTION = {
    action: 'scheduleActivity',
    kind: 'inspection',
    title: '金鼓河河道治理集中视察',
    stationCode: 'JG01',
    date: '2026-11-20',
    start: '09:00',
    end: '11:30',
    place: '金鼓河金鼓村段',
    inviteeIds: ['d01', 'd02'],
  };
  const ON_DAY = '2026-11-20T01:00:00.000Z';
  const AFTER = '2026-11-21T02:00:00.000Z';

  it('is moved on its day before anyone checks in; a check-in racing the move is never lost', async () => {
    const a = unwrap(await call<Detail>({ ...INSPECTION, requestId: 'edit-inspection-1' }, PRESIDIUM));
    const { checkInCode } = unwrap(
      await call<{ checkInCode: string }>({ action: 'getActivity', activityId: a.id }, PRESIDIUM),
    );
    const [moved, checkedIn] = await Promise.all([
      call<Detail>(form(a, { date: '2026-11-23' }, 'edit-inspection-move'), PRESIDIUM, ON_DAY),
      call({ action: 'checkIn', activityId: a.id, code: checkInCode }, DEPUTY2, ON_DAY),
    ]);
    const codes = [moved, checkedIn].map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).not.toContain('INTERNAL');
    // Never both: a check-in on the old day beside an activity moved away from it.
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    const present = docs('activityAttendance').filter((x) => x.activityId === a.id && x.present);
    if (moved.ok) {
      expect(stored(a.id).date).toBe('2026-11-23');
      expect(present).toEqual([]);
    } else {
      expect(stored(a.id).date).toBe('2026-11-20');
      expect(present.map((x) => x.deputyId)).toEqual(['d02']);
    }
  });

  it('is refused once someone checked in, after the close, and once cancelled', async () => {
    const a = unwrap(await call<Detail>({ ...INSPECTION, requestId: 'edit-inspection-2' }, PRESIDIUM));
    const { checkInCode } = unwrap(
      await call<{ checkInCode: string }>({ action: 'getActivity', activityId: a.id }, PRESIDIUM),
    );
    unwrap(await call({ action: 'checkIn', activityId: a.id, code: checkInCode }, DEPUTY1, ON_DAY));
    const begun = unwrap(await call<Detail>({ action: 'getActivity', activityId: a.id }, PRESIDIUM, ON_DAY));
    expect(begun.canEdit).toBe(false);
    expectError(
      await call(form(a, { place: '金鼓桥' }, 'edit-after-checkin'), PRESIDIUM, ON_DAY),
      'ACTIVITY_ATTENDANCE_TAKEN',
    );
    unwrap(
      await call(
        {
          action: 'closeActivity',
          requestId: 'edit-inspection-close',
          activityId: a.id,
          summary: '视察了河道。',
        },
        PRESIDIUM,
        AFTER,
      ),
    );
    const closedOutbox = docs('outbox').length;
    expectError(
      await call(form(a, { place: '金鼓桥' }, 'edit-after-close'), PRESIDIUM, AFTER),
      'ACTIVITY_CLOSED',
    );
    expect(docs('outbox')).toHaveLength(closedOutbox);

    const c = unwrap(
      await call<Detail>({ ...INSPECTION, requestId: 'edit-inspection-3', date: '2026-11-27' }, PRESIDIUM),
    );
    const outbox = docs('outbox').length;
    unwrap(await call({ action: 'cancelActivity', activityId: c.id, reason: '天气原因' }, PRESIDIUM));
    const cancelled = docs('outbox').length;
    expectError(
      await call(form(c, { place: '金鼓桥' }, 'edit-after-cancel'), PRESIDIUM),
      'ACTIVITY_CANCELLED',
    );
    expect(docs('outbox')).toHaveLength(cancelled);
    expect(cancelled - outbox).toBe(2); // the cancellation's own two messages
  });
});
