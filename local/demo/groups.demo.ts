/**
 * The demo's deputy groups and activities, made through the groups function as the personas: a group
 * per 金鼓乡 station (the presidium writes them), a 集中视察 of the 金鼓河 clean-up held 40 days ago —
 * 王建国 and 李秀英 checked in with its code, 张明 added from the list, closed with two findings for
 * 乡村建设办公室 (one fixed on time, one late and chased; no matter raised, so the demo's case counts
 * stay as the opinion demo sets them) — a 小组活动 王建国 organised for his group, and a 学习培训 next
 * week the demo deputy is invited to.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, type Call } from './township.seed';

interface Scheduled {
  id?: string;
  checkInQr?: string | null;
  checkInCode?: string | null;
  rectifications?: { id: string; n?: number }[];
}

export async function seedGroupsDemo(call: Call, at: (daysAgo: number) => string): Promise<void> {
  const day = (daysAgo: number) => chinaDate(new Date(at(daysAgo)));
  const groups: [string, string, string, string[], string[]][] = [
    ['demo-group-jg01', '金鼓片代表小组', 'JG01', ['d01', 'd02', 'd03'], ['jingu', 'xinmin', 'qinglong']],
    ['demo-group-jg02', '白果片代表小组', 'JG02', ['d04', 'd05'], ['baiguo', 'shiqiao']],
    ['demo-group-jg03', '河坝片代表小组', 'JG03', ['d06', 'd07', 'd08'], ['heba', 'songlin', 'qingshui']],
  ];
  const groupIds: string[] = [];
  for (const [requestId, name, stationCode, memberIds, villageCodes] of groups) {
    const g = await call(
      `group ${name}`,
      'groups',
      { action: 'saveGroup', requestId, name, stationCode, leaderId: memberIds[0], memberIds, villageCodes },
      PERSONAS.presidium,
      at(90),
    );
    if (g?.id) groupIds.push(g.id);
  }

  // A 集中视察 40 days ago: check-in by code and by the list, closed with a matter and two findings.
  const inspection = (await call(
    'activity inspection',
    'groups',
    {
      action: 'scheduleActivity',
      requestId: 'demo-activity-inspection',
      kind: 'inspection',
      title: '金鼓河河道治理集中视察',
      groupId: groupIds[0],
      date: day(40),
      start: '09:00',
      end: '11:30',
      place: '金鼓河金鼓村段',
      inviteeIds: ['d01', 'd02', 'd03', 'd06'],
    },
    PERSONAS.presidium,
    at(45),
  )) as Scheduled | null;
  if (inspection?.id && inspection.checkInQr && inspection.checkInCode) {
    const id = inspection.id;
    await call(
      'inspection check-in',
      'groups',
      { action: 'checkIn', qr: inspection.checkInQr },
      PERSONAS.deputy1,
      at(40),
    );
    await call(
      'inspection check-in by code',
      'groups',
      { action: 'checkIn', activityId: id, code: inspection.checkInCode },
      PERSONAS.deputy2,
      at(40),
    );
    await call(
      'inspection list',
      'groups',
      { action: 'markAttendance', activityId: id, present: ['d01', 'd02', 'd03'] },
      PERSONAS.presidium,
      at(40),
    );
    const closed = (await call(
      'inspection close',
      'groups',
      {
        action: 'closeActivity',
        requestId: 'demo-activity-inspection-close',
        activityId: id,
        summary:
          '代表们沿金鼓河金鼓村段查看了河道清淤和护坡工程，听取了乡村建设办公室的情况介绍，现场与村民交流。河道主体清淤已完成，两岸垃圾清运和护栏修复还需加快。',
        peopleReached: 12,
        findings: [
          { text: '河道两岸生活垃圾清运不及时', departmentId: 'build', deadline: day(25) },
          { text: '金鼓桥下游护栏破损未修复', departmentId: 'build', deadline: day(10) },
        ],
      },
      PERSONAS.presidium,
      at(39),
    )) as Scheduled | null;
    const first = closed?.rectifications?.[0]?.id;
    if (first)
      await call(
        'rectification fixed',
        'groups',
        {
          action: 'reportFixed',
          rectificationId: first,
          fixedOn: day(27),
          note: '已安排保洁员每周清运两次。',
        },
        PERSONAS.department,
        at(27),
      );
  }

  // A 小组活动 王建国 organised for his group 20 days ago, taken by the list.
  const meeting = (await call(
    'activity group meeting',
    'groups',
    {
      action: 'scheduleActivity',
      requestId: 'demo-activity-group-meeting',
      kind: 'groupActivity',
      title: '金鼓片代表小组季度活动',
      groupId: groupIds[0],
      date: day(20),
      start: '14:30',
      end: '16:30',
      place: '金鼓乡人大代表之家',
    },
    PERSONAS.deputy1,
    at(25),
  )) as Scheduled | null;
  if (meeting?.id) {
    await call(
      'group meeting list',
      'groups',
      { action: 'markAttendance', activityId: meeting.id, present: ['d01', 'd02'] },
      PERSONAS.deputy1,
      at(20),
    );
    await call(
      'group meeting close',
      'groups',
      {
        action: 'closeActivity',
        requestId: 'demo-activity-group-meeting-close',
        activityId: meeting.id,
        summary:
          '小组交流了本季度接待选民和走访情况，梳理了群众反映集中的道路和医疗问题，商定下季度走访安排。',
        peopleReached: 0,
      },
      PERSONAS.deputy1,
      at(20),
    );
  }

  // A 学习培训 next week: the demo deputy is invited.
  await call(
    'activity training',
    'groups',
    {
      action: 'scheduleActivity',
      requestId: 'demo-activity-training',
      kind: 'training',
      title: '代表履职能力学习培训',
      date: day(-7),
      start: '09:00',
      end: '12:00',
      place: '金鼓乡人民政府三楼会议室',
      stationCode: 'JG01',
      inviteeIds: ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07', 'd08'],
    },
    PERSONAS.presidium,
    at(3),
  );
}
