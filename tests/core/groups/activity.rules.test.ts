import {
  activityCodeFrom,
  changePhrase,
  checkEditable,
  checkMayEdit,
  editNotices,
  attendeeDuty,
  checkAttendanceList,
  checkGroupScope,
  checkCheckIn,
  checkClosable,
  checkDeadline,
  checkGroup,
  checkInQrOf,
  checkMayOrganise,
  checkRunsActivity,
  checkScheduled,
  checkTimes,
  dutyDescription,
  inviteesOf,
  kindDutyType,
  parseActivityQr,
  peopleCarrierOf,
} from '../../../core/groups/activity.rules';
import {
  ACTIVITY_KIND_LIST,
  ACTIVITY_KINDS,
  type Activity,
  type DeputyGroup,
} from '../../../core/groups/groups.types';
import { DUTY_TYPES } from '../../../core/duty/duty.types';

const NOW = new Date('2026-11-18T02:00:00Z');
const group: DeputyGroup = {
  _id: 'g_demo-group-1',
  name: '金鼓片代表小组',
  stationCode: 'JG01',
  leaderId: 'd01',
  memberIds: ['d01', 'd02', 'd03'],
  villageCodes: ['jingu'],
  active: true,
  createdAt: NOW,
  updatedAt: NOW,
  updatedBy: 'p',
};
const activity = (patch: Partial<Activity> = {}): Activity => ({
  _id: 'a_request-0001',
  kind: 'inspection',
  title: '集中视察',
  groupId: group._id,
  stationCode: 'JG01',
  date: '2026-11-20',
  start: '09:00',
  end: '11:00',
  place: '金鼓河',
  inviteeIds: ['d01', 'd02'],
  status: 'scheduled',
  checkInCode: '123456',
  organiser: { openid: 'leader', role: 'deputy', deputyId: 'd01' },
  createdAt: NOW,
  updatedAt: NOW,
  ...patch,
});
const reason = (d: { ok: boolean; reason?: string }) => (d.ok ? 'ok' : d.reason);

describe('activity kinds', () => {
  it('are data: every kind once, with a Chinese label and a duty type the notices count', () => {
    expect(ACTIVITY_KIND_LIST.map((k) => k.kind)).toEqual([...ACTIVITY_KINDS]);
    for (const k of ACTIVITY_KIND_LIST) {
      expect(k.label).toMatch(/[\u4e00-\u9fa5]/);
      expect(DUTY_TYPES).toContain(k.dutyType);
    }
    expect(kindDutyType('training')).toBe('training');
    expect(kindDutyType('lawCheck')).toBe('inspection');
    expect(kindDutyType('voterVisit')).toBe('visit');
    expect(ACTIVITY_KIND_LIST.filter((k) => k.findings).map((k) => k.kind)).toEqual([
      'inspection',
      'lawCheck',
    ]);
    expect(dutyDescription({ kind: 'training', title: '代表法学习' })).toBe('参加学习培训：代表法学习');
  });
});

describe('groups', () => {
  it('take the leader among the members, without repeats, and need a name', () => {
    const checked = checkGroup({
      ...group,
      name: ' 小组 ',
      memberIds: ['d02', 'd02'],
      villageCodes: ['a', 'a'],
    });
    expect(checked).toEqual({
      ok: true,
      value: expect.objectContaining({ name: '小组', memberIds: ['d01', 'd02'], villageCodes: ['a'] }),
    });
    expect(reason(checkGroup({ ...group, name: '  ' }))).toBe('GROUP_NAME_REQUIRED');
    const many = Array.from({ length: 41 }, (_, i) => `d${i}`);
    expect(reason(checkGroup({ ...group, memberIds: many }))).toBe('GROUP_MEMBERS_INVALID');
  });
});

describe('organising', () => {
  it('is the presidium’s, or the active group’s leader’s for that group', () => {
    expect(reason(checkMayOrganise({ role: 'presidium', openid: 'p' }, null))).toBe('ok');
    expect(reason(checkMayOrganise({ role: 'deputy', openid: 'x', deputyId: 'd01' }, group))).toBe('ok');
    expect(reason(checkMayOrganise({ role: 'deputy', openid: 'x', deputyId: 'd02' }, group))).toBe(
      'ACTIVITY_NOT_GROUP_LEADER',
    );
    expect(reason(checkMayOrganise({ role: 'deputy', openid: 'x', deputyId: 'd01' }, null))).toBe(
      'ACTIVITY_NOT_GROUP_LEADER',
    );
    expect(
      reason(checkMayOrganise({ role: 'deputy', openid: 'x', deputyId: 'd01' }, { ...group, active: false })),
    ).toBe('ACTIVITY_NOT_GROUP_LEADER');
    expect(reason(checkRunsActivity({ role: 'deputy', openid: 'x', deputyId: 'd02' }, activity()))).toBe(
      'ACTIVITY_NOT_ORGANISER',
    );
    expect(reason(checkRunsActivity({ role: 'presidium', openid: 'p' }, activity()))).toBe('ok');
  });

  it('needs start before end and invitees (a group’s members by default)', () => {
    expect(reason(checkTimes('09:00', '09:00'))).toBe('ACTIVITY_TIME_INVALID');
    expect(reason(checkTimes('24:00', '25:00'))).toBe('ACTIVITY_TIME_INVALID');
    expect(reason(checkTimes('08:30', '11:00'))).toBe('ok');
    expect(inviteesOf(undefined, group)).toEqual({ ok: true, value: ['d01', 'd02', 'd03'] });
    expect(inviteesOf(['d05', 'd05'], group)).toEqual({ ok: true, value: ['d05'] });
    expect(reason(inviteesOf([], null))).toBe('ACTIVITY_INVITEES_INVALID');
  });

  it('changes only a scheduled activity', () => {
    expect(reason(checkScheduled(activity({ status: 'cancelled' })))).toBe('ACTIVITY_CANCELLED');
    expect(reason(checkScheduled(activity({ status: 'closed' })))).toBe('ACTIVITY_CLOSED');
  });
});

describe('check-in', () => {
  it('reads its QR text back, and refuses anything else', () => {
    const a = activity();
    expect(parseActivityQr(checkInQrOf(a))).toEqual({
      ok: true,
      value: { activityId: a._id, code: '123456' },
    });
    expect(reason(parseActivityQr('activity:a_x:123456'))).toBe('ACTIVITY_CODE_INVALID');
    expect(reason(parseActivityQr('booking:b1:123456'))).toBe('ACTIVITY_CODE_INVALID');
    expect(activityCodeFrom([0, 1, 2, 3, 4, 5])).toBe('012345');
    expect(() => activityCodeFrom([1, 2, 3])).toThrow(RangeError);
    expect(() => activityCodeFrom([1, 2, 3, 4, 5, 10])).toThrow(RangeError);
  });

  it('takes an invitee with the right code on the day, once', () => {
    const a = activity();
    expect(reason(checkCheckIn(a, 'd01', '123456', '2026-11-20', false))).toBe('ok');
    expect(reason(checkCheckIn(a, 'd01', ' 123456 ', '2026-11-20', false))).toBe('ok');
    expect(reason(checkCheckIn(a, 'd01', '654321', '2026-11-20', false))).toBe('ACTIVITY_CODE_INVALID');
    expect(reason(checkCheckIn(a, 'd09', '123456', '2026-11-20', false))).toBe('ACTIVITY_NOT_INVITED');
    expect(reason(checkCheckIn(a, 'd01', '123456', '2026-11-19', false))).toBe('ACTIVITY_NOT_TODAY');
    expect(reason(checkCheckIn(a, 'd01', '123456', '2026-11-20', true))).toBe('ACTIVITY_ALREADY_CHECKED_IN');
    expect(reason(checkCheckIn(activity({ status: 'closed' }), 'd01', '123456', '2026-11-20', false))).toBe(
      'ACTIVITY_CLOSED',
    );
  });
});

describe('attendance and closing', () => {
  it("takes the organiser's list from the day on, replacing it before the close", () => {
    const a = activity();
    expect(reason(checkAttendanceList(a, ['d02'], '2026-11-19'))).toBe('ACTIVITY_NOT_STARTED');
    expect(reason(checkAttendanceList(a, ['d09'], '2026-11-20'))).toBe('ACTIVITY_NOT_INVITED');
    expect(checkAttendanceList(a, ['d02'], '2026-11-20')).toEqual({
      ok: true,
      value: { present: ['d02'], confirmedRemoved: [] },
    });
  });

  it('after the close only adds: a confirmed duty record stands', () => {
    const closed = activity({ status: 'closed', attendeeIds: ['d01'] });
    expect(reason(checkAttendanceList(closed, ['d02'], '2026-11-21'))).toBe('ACTIVITY_ATTENDANCE_CONFIRMED');
    expect(reason(checkAttendanceList(closed, ['d01', 'd02'], '2026-11-21'))).toBe('ok');
    expect(reason(checkAttendanceList(activity({ status: 'cancelled' }), [], '2026-11-21'))).toBe(
      'ACTIVITY_CANCELLED',
    );
  });

  it('closes from the day on; findings only for an inspection kind; a closed one may be closed again', () => {
    expect(reason(checkClosable(activity(), '2026-11-19', 0))).toBe('ACTIVITY_NOT_STARTED');
    expect(reason(checkClosable(activity(), '2026-11-20', 2))).toBe('ok');
    expect(reason(checkClosable(activity({ kind: 'training' }), '2026-11-20', 1))).toBe(
      'ACTIVITY_FINDINGS_NOT_ALLOWED',
    );
    expect(reason(checkClosable(activity({ status: 'closed' }), '2026-11-22', 0))).toBe('ok');
    expect(reason(checkClosable(activity({ status: 'cancelled' }), '2026-11-22', 0))).toBe(
      'ACTIVITY_CANCELLED',
    );
  });

  it('takes a rectification deadline after the activity, within a year of it', () => {
    expect(reason(checkDeadline('2026-11-20', '2026-11-20'))).toBe('RECTIFICATION_DEADLINE_INVALID');
    expect(reason(checkDeadline('2026-11-20', '2026-11-21'))).toBe('ok');
    expect(reason(checkDeadline('2026-11-20', '2027-11-22'))).toBe('RECTIFICATION_DEADLINE_INVALID');
  });
});

describe("a group leader's reach", () => {
  const leader = { openid: 'leader', role: 'deputy' as const, deputyId: 'd01' };
  it("is the group's station and members only; the presidium posts anywhere", () => {
    expect(checkGroupScope(leader, group, undefined, ['d02', 'd03'])).toEqual({ ok: true, value: 'JG01' });
    expect(checkGroupScope(leader, group, 'JG01', ['d02'])).toEqual({ ok: true, value: 'JG01' });
    expect(reason(checkGroupScope(leader, group, 'XM01', ['d02']))).toBe('ACTIVITY_OUTSIDE_GROUP');
    expect(reason(checkGroupScope(leader, group, undefined, ['d02', 'd09']))).toBe('ACTIVITY_OUTSIDE_GROUP');
    expect(reason(checkGroupScope(leader, null, undefined, ['d02']))).toBe('ACTIVITY_NOT_GROUP_LEADER');
    const presidium = { openid: 'p', role: 'presidium' as const };
    expect(checkGroupScope(presidium, group, 'XM01', ['d09'])).toEqual({ ok: true, value: 'XM01' });
    expect(reason(checkGroupScope(presidium, null, undefined, ['d09']))).toBe('STATION_NOT_FOUND');
  });
});

describe('people reached', () => {
  it("are counted once per activity: on the leader's record when present, else the first confirmed", () => {
    const a = activity({ attendeeIds: ['d02', 'd01'], peopleReached: 12 });
    expect(peopleCarrierOf(a)).toBe('d01');
    expect(peopleCarrierOf({ ...a, attendeeIds: ['d02', 'd03'] })).toBe('d02');
    expect(peopleCarrierOf({ ...a, organiser: { openid: 'p', role: 'presidium' } })).toBe('d02');
    const total = a.attendeeIds!.reduce((n, id) => n + attendeeDuty(a, id).peopleReached, 0);
    expect(total).toBe(12);
    expect(attendeeDuty(a, 'd01')).toEqual({
      description: '参加集中视察：集中视察（本次活动联系群众12人次记在此记录）',
      peopleReached: 12,
    });
    expect(attendeeDuty(a, 'd02').peopleReached).toBe(0);
    expect(attendeeDuty({ ...a, peopleReached: 0 }, 'd02').description).toBe('参加集中视察：集中视察');
    expect(attendeeDuty({ ...a, title: '长'.repeat(300) }, 'd01').description.length).toBeLessThanOrEqual(
      200,
    );
  });
});

describe('editing', () => {
  const leader = { role: 'deputy' as const, openid: 'leader', deputyId: 'd01' };
  const otherLeader = { role: 'deputy' as const, openid: 'o', deputyId: 'd04' };
  const presidium = { role: 'presidium' as const, openid: 'p' };

  it('is for whoever may schedule it: the presidium, its organising leader while leading, his members only', () => {
    const a = activity();
    expect(reason(checkMayEdit(presidium, a, group, ['d04']))).toBe('ok');
    expect(reason(checkMayEdit(leader, a, group, ['d02', 'd03']))).toBe('ok');
    expect(reason(checkMayEdit(leader, a, group, ['d02', 'd04']))).toBe('ACTIVITY_OUTSIDE_GROUP');
    expect(reason(checkMayEdit(otherLeader, a, { ...group, leaderId: 'd04' }, ['d02']))).toBe(
      'ACTIVITY_NOT_ORGANISER',
    );
    // no longer the group's leader, or the group inactive: as scheduling refuses
    expect(reason(checkMayEdit(leader, a, { ...group, leaderId: 'd02' }, ['d02']))).toBe(
      'ACTIVITY_NOT_GROUP_LEADER',
    );
    expect(reason(checkMayEdit(leader, a, { ...group, active: false }, ['d02']))).toBe(
      'ACTIVITY_NOT_GROUP_LEADER',
    );
    // the presidium's own activity is not a leader's to edit
    const own = activity({ organiser: { openid: 'p', role: 'presidium' } });
    expect(reason(checkMayEdit(leader, own, group, ['d02']))).toBe('ACTIVITY_NOT_ORGANISER');
  });

  it('only while scheduled, before anyone is present, from the revision the form was loaded with', () => {
    expect(reason(checkEditable(activity(), false, undefined))).toBe('ok');
    expect(reason(checkEditable(activity(), false, 0))).toBe('ok');
    expect(reason(checkEditable(activity({ revision: 2 }), false, 1))).toBe('CONFLICT');
    expect(reason(checkEditable(activity(), true, 0))).toBe('ACTIVITY_ATTENDANCE_TAKEN');
    expect(reason(checkEditable(activity({ status: 'closed' }), false, 0))).toBe('ACTIVITY_CLOSED');
    expect(reason(checkEditable(activity({ status: 'cancelled' }), false, 0))).toBe('ACTIVITY_CANCELLED');
  });

  it('tells each invitee what concerns them, nobody for a new title alone', () => {
    const before = { ...activity(), description: '' };
    const at = (patch: Partial<Activity>) => editNotices(before, { ...before, ...patch });
    expect(at({ title: '新名称', description: '请带笔记本' })).toMatchObject({
      changed: [],
      invited: [],
      removed: [],
      same: false,
    });
    expect(at({})).toMatchObject({ same: true });
    expect(at({ end: '12:00' })).toMatchObject({
      changed: ['d01', 'd02'],
      timeMoved: true,
      placeMoved: false,
    });
    expect(at({ place: '金鼓桥', inviteeIds: ['d01', 'd03'] })).toMatchObject({
      changed: ['d01'],
      invited: ['d03'],
      removed: ['d02'],
      placeMoved: true,
    });
    expect(at({ inviteeIds: ['d01'] })).toMatchObject({ changed: [], invited: [], removed: ['d02'] });
    expect(changePhrase({ timeMoved: true, placeMoved: false })).toBe('时间已变更');
    expect(changePhrase({ timeMoved: false, placeMoved: true })).toBe('地点已变更');
    expect(changePhrase({ timeMoved: true, placeMoved: true })).toBe('活动已变更');
    for (const p of ['时间已变更', '地点已变更', '活动已变更'])
      expect(Array.from(p).length).toBeLessThanOrEqual(5);
  });
});
