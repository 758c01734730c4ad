/**
 * The demo's township congress sessions, made through the congress function as the personas:
 * 第二届第四次会议 held 100 days ago — three candidate projects published for comment (the demo villager
 * commented), all four township deputies present (李秀英 by the QR code, 陈桂兰, 赵丽 and 黄大山 marked
 * by staff and voting on paper, each ballot entered by the presidium and the liaison staff), the vote
 * closed: two projects passed (local/demo/projects.demo.ts plans them), one failed; and
 * 第二届第五次会议 in preparation 30 days ahead, with two candidates from the demo villager's opinions
 * open for comment.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PERSONAS, type Call } from './township.seed';

const PAST = 's-2-4';
const NEXT = 's-2-5';

export async function seedCongressDemo(call: Call, at: (daysAgo: number) => string): Promise<void> {
  const day = (daysAgo: number) => chinaDate(new Date(at(daysAgo)));
  const congress = (what: string, event: Record<string, unknown>, openid: string, when: string) =>
    call(`congress ${what}`, 'congress', event, openid, when) as Promise<Record<string, unknown> | null>;

  // --- 第二届第四次会议, 100 days ago ---------------------------------------------------------------
  await congress(
    'past session',
    {
      action: 'createSession',
      term: 2,
      meeting: 4,
      date: day(100),
      place: '金鼓乡人民政府三楼会议室',
      agenda: [
        { time: '09:00', title: '听取和审议乡人民政府工作报告' },
        { time: '10:30', title: '民生实事项目代表票决' },
        { time: '14:30', title: '代表提出建议、批评和意见' },
      ],
    },
    PERSONAS.presidium,
    at(130),
  );
  const drafts: [string, string, string, number, string, string[]][] = [
    [
      'road',
      '金鼓村三组至五组道路硬化',
      '将三组至五组村道硬化2公里，路面宽4.5米，解决雨天出行难',
      80,
      'build',
      ['jingu'],
    ],
    [
      'water',
      '白果村饮水安全提升',
      '新建蓄水池一座、更换老旧管网3公里，保障两百余户饮水',
      55,
      'agri',
      ['baiguo'],
    ],
    ['hall', '河坝村文化活动室', '利用闲置村小改建文化活动室，配置图书和健身器材', 30, 'social', ['heba']],
  ];
  const past: string[] = [];
  for (const [key, title, description, budgetWan, departmentId, villageCodes] of drafts) {
    const c = await congress(
      `candidate ${key}`,
      {
        action: 'saveCandidate',
        sessionId: PAST,
        requestId: `demo-candidate-${key}`,
        title,
        description,
        budgetWan,
        departmentId,
        villageCodes,
        opinionIds: [],
      },
      PERSONAS.presidium,
      at(130),
    );
    const id = c?.candidateId as string | undefined;
    if (!id) continue;
    past.push(id);
    await congress(
      `publish ${key}`,
      { action: 'publishCandidate', candidateId: id, commentUntil: day(110) },
      PERSONAS.presidium,
      at(129),
    );
  }
  if (past[0])
    await congress(
      'comment road',
      {
        action: 'commentCandidate',
        candidateId: past[0],
        requestId: 'demo-comment-road',
        content: '三组那段坡陡，建议修的时候加护栏',
      },
      PERSONAS.villager,
      at(120),
    );
  await congress(
    'put on ballot',
    { action: 'putOnBallot', sessionId: PAST, candidateIds: past },
    PERSONAS.presidium,
    at(101),
  );
  const convened = await congress(
    'convene',
    { action: 'convene', sessionId: PAST },
    PERSONAS.presidium,
    at(100),
  );
  const code = convened?.checkInCode as string | undefined;
  if (code)
    await congress('check in', { action: 'checkIn', sessionId: PAST, code }, PERSONAS.deputy2, at(100));
  for (const deputyId of ['d05', 'd07', 'd08'])
    await congress(
      `present ${deputyId}`,
      { action: 'markPresent', sessionId: PAST, deputyId },
      PERSONAS.presidium,
      at(100),
    );
  await congress('open vote', { action: 'openVote', sessionId: PAST }, PERSONAS.presidium, at(100));
  const [road, water, hall] = past;
  const ballot = (r: string, w: string, h: string) => ({ [road]: r, [water]: w, [hall]: h });
  await congress(
    'ballot',
    { action: 'castBallot', sessionId: PAST, choices: ballot('yes', 'yes', 'no') },
    PERSONAS.deputy2,
    at(100),
  );
  const paper: [string, Record<string, string>][] = [
    ['d05', ballot('yes', 'yes', 'abstain')],
    ['d07', ballot('yes', 'abstain', 'yes')],
    ['d08', ballot('yes', 'yes', 'no')],
  ];
  for (const [deputyId, choices] of paper) {
    const first = await congress(
      `paper ${deputyId}`,
      { action: 'enterPaperBallot', sessionId: PAST, deputyId, choices },
      PERSONAS.presidium,
      at(100),
    );
    const pairingCode = first?.pairingCode as string | undefined;
    if (pairingCode)
      await congress(
        `paper ${deputyId} second`,
        { action: 'enterPaperBallot', sessionId: PAST, deputyId, choices, pairingCode },
        PERSONAS.stationAdmin,
        at(100),
      );
  }
  await congress('close vote', { action: 'closeVote', sessionId: PAST }, PERSONAS.presidium, at(100));
  await congress('close session', { action: 'closeSession', sessionId: PAST }, PERSONAS.presidium, at(100));

  // --- 第二届第五次会议, in preparation: candidates from the villager's opinions, open for comment ----
  await congress(
    'next session',
    {
      action: 'createSession',
      term: 2,
      meeting: 5,
      date: day(-30),
      place: '金鼓乡人民政府三楼会议室',
      agenda: [
        { time: '09:00', title: '听取和审议乡人民政府工作报告' },
        { time: '10:30', title: '民生实事项目代表票决' },
      ],
    },
    PERSONAS.presidium,
    at(5),
  );
  const mine = (await call(
    'villager opinions',
    'opinion',
    { action: 'mine' },
    PERSONAS.villager,
    at(5),
  )) as unknown;
  const opinionIds = (Array.isArray(mine) ? (mine as { id?: string; _id?: string }[]) : [])
    .map((o) => o.id ?? o._id)
    .filter((id): id is string => !!id)
    .slice(0, 2);
  const next: [string, string, string, number, string, string[], string[]][] = [
    [
      'lights',
      '金鼓村主干道路灯安装',
      '在金鼓村主干道安装太阳能路灯60盏，解决夜间出行不便',
      36,
      'build',
      ['jingu'],
      opinionIds,
    ],
    [
      'clinic',
      '新民村卫生室标准化改造',
      '改造新民村卫生室诊疗区和药房，配备基本诊疗设备',
      25,
      'clinic',
      ['xinmin'],
      [],
    ],
  ];
  for (const [key, title, description, budgetWan, departmentId, villageCodes, linked] of next) {
    const c = await congress(
      `candidate ${key}`,
      {
        action: 'saveCandidate',
        sessionId: NEXT,
        requestId: `demo-candidate-${key}`,
        title,
        description,
        budgetWan,
        departmentId,
        villageCodes,
        opinionIds: linked,
      },
      PERSONAS.presidium,
      at(5),
    );
    const id = c?.candidateId as string | undefined;
    if (id)
      await congress(
        `publish ${key}`,
        { action: 'publishCandidate', candidateId: id, commentUntil: day(-20) },
        PERSONAS.presidium,
        at(4),
      );
    if (id && key === 'lights')
      await congress(
        'comment lights',
        {
          action: 'commentCandidate',
          candidateId: id,
          requestId: 'demo-comment-lights',
          content: '希望村口那段也装上，晚上接孩子不方便',
        },
        PERSONAS.villager,
        at(2),
      );
  }
}
