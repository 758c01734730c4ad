import { routeOpinion } from '../../../core/opinion/opinion.routing';
import { MAX_REOPENS } from '../../../core/opinion/opinion.satisfaction';
import {
  commandsFrom,
  openOpinion,
  requireOpinion,
  transition,
  villagerTimelineText,
  type OpinionCommand,
} from '../../../core/opinion/opinion.state';
import {
  SYSTEM_ACTOR,
  filerOpenid,
  type Actor,
  type Opinion,
  type TimelineEvent,
} from '../../../core/opinion/opinion.types';
import {
  agriOffice,
  asDeputy,
  at,
  calendar,
  deputies,
  draft,
  env,
  presidium,
  run,
  station,
  submitted,
  toDeputyA,
  villager,
  VILLAGER_OPENID,
  type Step,
} from './opinion.fixtures';

const deputyA = asDeputy('d-a');
const deputyB = asDeputy('d-b');

const step = (day: string, actor: Actor, command: OpinionCommand): Step => ({ day, actor, command });
const accept = step('2026-10-08', deputyA, { type: 'accept' });
const reply = step('2026-10-12', deputyA, { type: 'reply', answer: '已联系供电所，路灯本周修好' });
const resolve = step('2026-10-13', deputyA, { type: 'resolve' });
const rate = (rating: 'satisfied' | 'basicallySatisfied' | 'unsatisfied', day = '2026-10-14') =>
  step(day, villager, { type: 'rate', rating });

function refused(opinion: Opinion, command: OpinionCommand, actor: Actor, day = '2026-10-08') {
  const result = transition(opinion, command, actor, at(day), calendar);
  return result.ok ? 'allowed' : result.reason;
}

describe('requireOpinion', () => {
  it('answers OPINION_NOT_FOUND when the handler found nothing', () => {
    expect(requireOpinion(null)).toEqual({ ok: false, reason: 'OPINION_NOT_FOUND' });
    expect(requireOpinion(submitted())).toMatchObject({ ok: true, value: { _id: 'op-1' } });
  });
});

describe('openOpinion', () => {
  const { opinion, events } = openOpinion({
    id: 'op-1',
    draft: draft(),
    limits: env,
    villagerOpenid: VILLAGER_OPENID,
    filedBy: { kind: 'self' },
    routing: toDeputyA,
    now: at('2026-09-30'),
    calendar,
  });

  it('is owned from the first moment, with deadlines in working days from the submission day', () => {
    expect(opinion).toMatchObject({
      status: 'assigned',
      owner: { kind: 'deputies', deputyIds: ['d-a'] },
      routing: { reason: toDeputyA.reason, path: 'village+category' },
      submittedOn: '2026-09-30',
      assignedOn: '2026-09-30',
      acceptBy: '2026-10-09',
      answerBy: '2026-10-27',
      limits: { acceptDays: 2, answerDays: 15 },
      reopenCount: 0,
    });
  });

  it('records submission then assignment on the timeline, the villager not named', () => {
    expect(events.map((e) => e.type)).toEqual(['submitted', 'assigned']);
    expect(events[1].note).toBe(toDeputyA.reason);
    expect(JSON.stringify(events)).not.toContain(VILLAGER_OPENID);
  });

  it('counts the China day: 23:30 UTC on 09-30 is already 10-01 in China', () => {
    const late = openOpinion({
      id: 'op-2',
      draft: draft(),
      limits: env,
      filedBy: { kind: 'self' },
      routing: toDeputyA,
      now: new Date('2026-09-30T23:30:00Z'),
      calendar,
    }).opinion;
    expect(late.submittedOn).toBe('2026-10-01');
  });

  describe('when the content check holds it for review', () => {
    const held = openOpinion({
      id: 'op-3',
      draft: draft(),
      limits: env,
      filedBy: { kind: 'self' },
      routing: 'review',
      now: at('2026-09-30'),
      calendar,
    });

    it('waits in review, owned by the presidium queue', () => {
      expect(held.opinion.status).toBe('review');
      expect(held.opinion.owner).toEqual({ kind: 'presidium' });
      expect(held.events.map((e) => e.type)).toEqual(['submitted', 'heldForReview']);
    });

    it('nobody can work on it but the presidium', () => {
      expect(refused(held.opinion, { type: 'transfer', department: agriOffice }, presidium)).toBe(
        'CONTENT_UNDER_REVIEW',
      );
      expect(refused(held.opinion, { type: 'accept' }, deputyA)).toBe('NOT_ASSIGNEE');
    });

    it('once approved it is routed with deadlines from the approval day', () => {
      const { opinion } = run(held.opinion, [
        step('2026-10-08', presidium, { type: 'approveReview', routing: toDeputyA }),
      ]);
      expect(opinion).toMatchObject({ status: 'assigned', assignedOn: '2026-10-08', acceptBy: '2026-10-10' });
      expect(opinion.owner).toEqual(toDeputyA.owner);
    });

    it('if refused it closes as rejected, with the reason for the villager', () => {
      const { opinion, events } = run(held.opinion, [
        step('2026-10-08', presidium, { type: 'rejectReview', note: '含有他人隐私信息' }),
      ]);
      expect(opinion).toMatchObject({ status: 'closed', outcome: 'rejected' });
      expect(villagerTimelineText(events[0])).toBe('您的意见未通过审核：含有他人隐私信息');
    });
  });
});

describe('the ordinary path: accept → reply → resolve → rate', () => {
  const { opinion, events } = run(submitted(), [accept, reply, resolve, rate('satisfied')]);

  it('ends closed as satisfied with the answer and the rating kept', () => {
    expect(opinion).toMatchObject({
      status: 'closed',
      outcome: 'satisfied',
      acceptedOn: '2026-10-08',
      answer: '已联系供电所，路灯本周修好',
      answeredOn: '2026-10-12',
      ratings: [{ rating: 'satisfied', at: at('2026-10-14') }],
    });
  });

  it('tells the villager each step in plain words', () => {
    expect(events.filter((e) => e.visibleToVillager).map(villagerTimelineText)).toEqual([
      '代表已受理',
      '代表已答复：已联系供电所，路灯本周修好',
      '已办结，请您评价',
      '您的评价：满意，此件已办结',
    ]);
  });

  it('records staff openids for the audit trail but never the villager’s', () => {
    expect(events[0]).toMatchObject({ actorRole: 'deputy', actorDeputyId: 'd-a', actorOpenid: 'o-d-a' });
    expect(events[3].actorRole).toBe('resident');
    expect(JSON.stringify(events)).not.toContain(VILLAGER_OPENID);
  });
});

describe('who may act', () => {
  const assigned = submitted();
  const resolved = run(assigned, [accept, reply, resolve]).opinion;

  it.each([
    ['another deputy accepts', assigned, { type: 'accept' }, deputyB, 'NOT_ASSIGNEE'],
    ['the presidium accepts for the deputy', assigned, { type: 'accept' }, presidium, 'NOT_ASSIGNEE'],
    [
      'a deputy without a deputy id accepts',
      assigned,
      { type: 'accept' },
      { role: 'deputy', openid: 'o-x' },
      'NOT_ASSIGNEE',
    ],
    [
      'another villager rates',
      resolved,
      { type: 'rate', rating: 'satisfied' },
      { role: 'resident', openid: 'o-other' },
      'NOT_YOUR_OPINION',
    ],
    ['a deputy rates', resolved, { type: 'rate', rating: 'satisfied' }, deputyA, 'NOT_YOUR_OPINION'],
    ['a deputy supervises', assigned, { type: 'supervise' }, deputyA, 'FORBIDDEN'],
    [
      'a villager merges',
      assigned,
      { type: 'merge', into: { ...assigned, _id: 'op-9' } },
      villager,
      'FORBIDDEN',
    ],
    [
      'a deputy enters a department reply',
      assigned,
      { type: 'departmentReply', answer: 'x' },
      deputyA,
      'NOT_YOUR_DEPARTMENT',
    ],
  ] as [string, Opinion, OpinionCommand, Actor, string][])(
    'when %s → %s',
    (_, opinion, command, actor, reason) => {
      expect(refused(opinion, command, actor)).toBe(reason);
    },
  );

  it('the station admin who filed a case for a villager (代录) may enter their rating', () => {
    const admin: Actor = { role: 'stationAdmin', openid: 'o-admin' };
    const filed = {
      ...resolved,
      villagerOpenid: undefined,
      filedBy: { kind: 'stationAdmin' as const, openid: 'o-admin' },
    };
    expect(refused(filed, { type: 'rate', rating: 'satisfied' }, admin)).toBe('allowed');
    expect(refused(filed, { type: 'rate', rating: 'satisfied' }, { role: 'resident', openid: '' })).toBe(
      'NOT_YOUR_OPINION',
    );
  });
});

describe('when the status does not allow the command', () => {
  const closed = run(submitted(), [accept, reply, resolve, rate('satisfied')]).opinion;

  it.each([
    [
      'replying before accepting',
      submitted(),
      { type: 'reply', answer: '好' },
      deputyA,
      'INVALID_TRANSITION',
    ],
    [
      'resolving before replying',
      run(submitted(), [accept]).opinion,
      { type: 'resolve' },
      deputyA,
      'INVALID_TRANSITION',
    ],
    [
      'accepting twice',
      run(submitted(), [accept]).opinion,
      { type: 'accept' },
      deputyA,
      'INVALID_TRANSITION',
    ],
    [
      'approving a case not in review',
      submitted(),
      { type: 'approveReview', routing: toDeputyA },
      presidium,
      'INVALID_TRANSITION',
    ],
    [
      'acting on a closed case',
      closed,
      { type: 'transfer', department: agriOffice },
      deputyA,
      'OPINION_CLOSED',
    ],
    [
      'rating before it is resolved',
      submitted(),
      { type: 'rate', rating: 'satisfied' },
      villager,
      'NOT_RATABLE',
    ],
    ['rating twice', closed, { type: 'rate', rating: 'unsatisfied' }, villager, 'OPINION_ALREADY_RATED'],
  ] as [string, Opinion, OpinionCommand, Actor, string][])(
    '%s → %s',
    (_, opinion, command, actor, reason) => {
      expect(refused(opinion, command, actor)).toBe(reason);
    },
  );

  it('lists the commands a status admits', () => {
    expect(commandsFrom('assigned')).toEqual(
      expect.arrayContaining(['accept', 'handBack', 'transfer', 'assign', 'remind', 'supervise', 'merge']),
    );
    expect(commandsFrom('assigned')).not.toContain('resolve');
    // A closed case's answer held by the content check can still be confirmed public (issue 12).
    // A villager may still hide their name, and a follower say 还没解决, on a closed case (issue 12 §9).
    expect(commandsFrom('closed')).toEqual(['rate', 'confirmPublic', 'hideName', 'notResolved']);
  });
});

describe('handing a case back (退回)', () => {
  const assigned = submitted(); // assigned on 2026-09-30; last hand-back day 2026-10-15
  const reroute = routeOpinion(
    { stationCode: 'JG01', villageCode: 'JG', villageName: '金鼓村', category: env },
    [{ stationCode: 'JG01', villageCode: 'JG', categoryCode: 'env', deputyIds: ['d-a', 'd-b'] }],
    deputies,
    {},
    station,
    { exclude: ['d-a'] },
  );
  const handBack = (day: string, reason = '不属于本村事务，应由石湖村代表办理') =>
    step(day, deputyA, { type: 'handBack', reason, reroute });

  describe('within the limit, with a reason', () => {
    const { opinion, events } = run(assigned, [accept, handBack('2026-10-15')]);

    it('goes to the next deputy with fresh deadlines, and the first deputy is remembered', () => {
      expect(opinion).toMatchObject({
        status: 'assigned',
        owner: { kind: 'deputies', deputyIds: ['d-b'] },
        assignedOn: '2026-10-15',
        acceptedOn: null,
        acceptBy: '2026-10-19',
        handedBackBy: ['d-a'],
        submittedOn: '2026-09-30',
      });
    });

    it('keeps the reason for the presidium but tells the villager only that it was re-assigned', () => {
      expect(events[1]).toMatchObject({ type: 'handedBack', note: '不属于本村事务，应由石湖村代表办理' });
      expect(villagerTimelineText(events[1])).toBe('已重新安排代表办理');
    });

    it('the first deputy can no longer act on it', () => {
      expect(refused(opinion, { type: 'accept' }, deputyA, '2026-10-16')).toBe('NOT_ASSIGNEE');
    });
  });

  it('when the deputy hands the case back after the limit → HANDBACK_TOO_LATE', () => {
    expect(refused(assigned, handBack('2026-10-16').command, deputyA, '2026-10-16')).toBe(
      'HANDBACK_TOO_LATE',
    );
  });

  it.each(['', '   '])('when the reason is blank (%j) → HANDBACK_REASON_REQUIRED', (reason) => {
    expect(refused(assigned, handBack('2026-10-08', reason).command, deputyA)).toBe(
      'HANDBACK_REASON_REQUIRED',
    );
  });

  it('refuses a re-route that gives the case back to the same deputy (a handler bug)', () => {
    const command: OpinionCommand = { type: 'handBack', reason: '不归我管', reroute: toDeputyA };
    expect(() => transition(assigned, command, deputyA, at('2026-10-08'), calendar)).toThrow(/exclude/);
  });

  it('when nobody is left it goes to the presidium queue, which assigns it by hand', () => {
    const toQueue = routeOpinion(
      { stationCode: 'JG01', villageCode: 'JG', villageName: '金鼓村', category: env },
      [],
      [],
      {},
      station,
    );
    const queued = run(assigned, [
      step('2026-10-08', deputyA, { type: 'handBack', reason: '不归我管', reroute: toQueue }),
    ]);
    expect(queued.opinion).toMatchObject({ status: 'assigned', owner: { kind: 'presidium' } });
    expect(villagerTimelineText(queued.events[0])).toBe('已重新安排代表办理');

    const assign = step('2026-10-09', presidium, { type: 'assign', deputyIds: ['d-c'], note: '熟悉情况' });
    const { opinion } = run(queued.opinion, [assign]);
    expect(opinion).toMatchObject({
      owner: { kind: 'deputies', deputyIds: ['d-c'] },
      routing: { path: 'manual', reason: '主席团分办：熟悉情况' },
      acceptBy: '2026-10-12',
    });
    expect(refused(queued.opinion, { type: 'assign', deputyIds: [] }, presidium)).toBe('ASSIGNEES_REQUIRED');
  });
});

describe('transfer to a department (转办)', () => {
  const transfer = step('2026-10-09', deputyA, { type: 'transfer', department: agriOffice });
  const transferred = run(submitted(), [accept, transfer]);

  it('the department owns it, the deputy still follows, and the answer deadline does not restart', () => {
    expect(transferred.opinion).toMatchObject({
      status: 'transferred',
      owner: { kind: 'department', departmentId: 'dep-agri', departmentName: '乡农业办', deputyIds: ['d-a'] },
      assignedOn: '2026-10-09',
      answerBy: '2026-10-27',
    });
    expect(villagerTimelineText(transferred.events[1])).toBe('已转交乡农业办办理');
  });

  it('the presidium enters the department’s answer and the deputy may resolve it', () => {
    const { opinion, events } = run(transferred.opinion, [
      step('2026-10-20', presidium, { type: 'departmentReply', answer: '已安排农技员上门指导' }),
      step('2026-10-21', deputyA, { type: 'resolve' }),
    ]);
    expect(opinion).toMatchObject({ status: 'resolved', answer: '已安排农技员上门指导' });
    expect(villagerTimelineText(events[0])).toBe('乡农业办已答复：已安排农技员上门指导');
  });

  it('a blank answer is refused', () => {
    expect(refused(transferred.opinion, { type: 'departmentReply', answer: ' ' }, presidium)).toBe(
      'ANSWER_REQUIRED',
    );
  });

  it('a department no longer active cannot receive cases', () => {
    const closedOffice = { ...agriOffice, active: false };
    expect(refused(submitted(), { type: 'transfer', department: closedOffice }, deputyA)).toBe(
      'DEPARTMENT_NOT_FOUND',
    );
  });

  describe('when the department hands it back', () => {
    const handBack = (day: string) =>
      step(day, presidium, { type: 'departmentHandBack', reason: '不属于农业办职责' });

    it('within 7 working days it returns to the deputies, in progress', () => {
      const { opinion, events } = run(transferred.opinion, [handBack('2026-10-16')]);
      expect(opinion).toMatchObject({ status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d-a'] } });
      expect(villagerTimelineText(events[0])).toBe('已转回代表继续办理');
    });

    it('after 7 working days from the transfer → HANDBACK_TOO_LATE', () => {
      // transferred 10-09: 10-10, 12, 13, 14, 15, 16, 19 → last day 10-19
      expect(refused(transferred.opinion, handBack('2026-10-19').command, presidium, '2026-10-19')).toBe(
        'allowed',
      );
      expect(refused(transferred.opinion, handBack('2026-10-20').command, presidium, '2026-10-20')).toBe(
        'HANDBACK_TOO_LATE',
      );
    });
  });
});

describe('rating 不满意 reopens under supervision, at most twice', () => {
  const resolved = run(submitted(), [accept, reply, resolve]).opinion;

  it('the first 不满意 reopens the case for the same deputy, supervised, with a new answer deadline', () => {
    const { opinion, events } = run(resolved, [rate('unsatisfied', '2026-10-14')]);
    expect(opinion).toMatchObject({
      status: 'accepted',
      reopenCount: 1,
      supervised: true,
      resolvedAt: null,
      answerBy: '2026-11-04',
      owner: { kind: 'deputies', deputyIds: ['d-a'] },
    });
    expect(villagerTimelineText(events[0])).toBe('您的评价：不满意，乡镇人大主席团已督办，重新办理');
  });

  it(`after ${MAX_REOPENS} reopens the next 不满意 closes it as unsatisfied, every rating kept`, () => {
    const again = [reply, resolve];
    const { opinion } = run(resolved, [
      rate('unsatisfied'),
      ...again,
      rate('unsatisfied'),
      ...again,
      rate('unsatisfied'),
    ]);
    expect(opinion).toMatchObject({ status: 'closed', outcome: 'unsatisfied', reopenCount: 2 });
    expect(opinion.ratings.map((r) => r.rating)).toEqual(['unsatisfied', 'unsatisfied', 'unsatisfied']);
  });

  it('a transferred case reopens with the deputy who transferred it, who can act (issue 12 §5)', () => {
    const viaDepartment = run(submitted(), [
      accept,
      step('2026-10-09', deputyA, { type: 'transfer', department: agriOffice }),
      step('2026-10-12', presidium, { type: 'departmentReply', answer: '已处理' }),
      step('2026-10-13', presidium, { type: 'resolve' }),
      rate('unsatisfied'),
    ]).opinion;
    expect(viaDepartment).toMatchObject({
      status: 'accepted',
      owner: { kind: 'deputies', deputyIds: ['d-a'] },
      supervised: true,
    });
    expect(refused(viaDepartment, { type: 'reply', answer: '重新协调处理' }, deputyA, '2026-10-15')).toBe(
      'allowed',
    );
  });
});

describe('scheduler commands', () => {
  const resolved = run(submitted(), [accept, reply, resolve]).opinion;

  it('a reminder (催办) records the deadline it was for and is not shown to the villager', () => {
    const { opinion, events } = run(submitted(), [step('2026-10-08', SYSTEM_ACTOR, { type: 'remind' })]);
    expect(opinion.remindedFor).toBe('2026-10-09');
    expect(events[0]).toMatchObject({ type: 'reminded', actorRole: 'system', visibleToVillager: false });
  });

  it('supervision (督办) marks the case and is shown to the villager', () => {
    const { opinion, events } = run(submitted(), [step('2026-10-10', SYSTEM_ACTOR, { type: 'supervise' })]);
    expect(opinion.supervised).toBe(true);
    expect(events[0].visibleToVillager).toBe(true);
  });

  it('a rating reminder is stamped; an unrated case closes as 未评价', () => {
    const reminded = run(resolved, [step('2026-10-20', SYSTEM_ACTOR, { type: 'remindRating' })]).opinion;
    expect(reminded.ratingRemindedAt).toEqual(at('2026-10-20'));
    const closed = run(reminded, [step('2026-10-28', SYSTEM_ACTOR, { type: 'closeUnrated' })]);
    expect(closed.opinion).toMatchObject({ status: 'closed', outcome: 'unrated' });
    expect(refused(closed.opinion, { type: 'rate', rating: 'satisfied' }, villager)).toBe('NOT_RATABLE');
  });

  it('the scheduler cannot close a case still being handled', () => {
    expect(refused(submitted(), { type: 'closeUnrated' }, SYSTEM_ACTOR)).toBe('INVALID_TRANSITION');
  });
});

describe('merging a duplicate', () => {
  const target = {
    ...submitted(),
    _id: 'op-target',
    owner: { kind: 'deputies' as const, deputyIds: ['d-c'] },
  };
  const merge = (into: Opinion): OpinionCommand => ({ type: 'merge', into });

  it('the merged case follows the target and takes its owner', () => {
    const { opinion, events } = run(submitted(), [step('2026-10-08', presidium, merge(target))]);
    expect(opinion).toMatchObject({ status: 'merged', mergedInto: 'op-target', owner: target.owner });
    expect(opinion.closedAt).toBeInstanceOf(Date); // its contact is purged on the same clock as a closed case
    expect(villagerTimelineText(events[0])).toBe('与其他村民反映的相同问题合并办理');
  });

  it.each([
    ['into itself', submitted()],
    ['into another station’s case', { ...target, stationCode: 'OTHER' }],
    ['into a closed case', { ...target, status: 'closed' as const }],
    ['into a merged case', { ...target, status: 'merged' as const }],
  ])('%s → CANNOT_MERGE', (_, into) => {
    expect(refused(submitted(), merge(into), presidium)).toBe('CANNOT_MERGE');
  });
});

describe('every case always has an owner', () => {
  it('through hand-back to the queue, assignment, transfer, return and reopening', () => {
    const toQueue = routeOpinion(
      { stationCode: 'JG01', villageCode: 'JG', villageName: '金鼓村', category: env },
      [],
      [],
      {},
      station,
    );
    const steps: Step[] = [
      step('2026-10-08', deputyA, { type: 'handBack', reason: '不归我管', reroute: toQueue }),
      step('2026-10-09', presidium, { type: 'assign', deputyIds: ['d-b'] }),
      step('2026-10-12', deputyB, { type: 'accept' }),
      step('2026-10-12', deputyB, { type: 'transfer', department: agriOffice }),
      step('2026-10-13', presidium, { type: 'departmentHandBack', reason: '非本部门职责' }),
      step('2026-10-14', deputyB, { type: 'reply', answer: '已解决' }),
      step('2026-10-14', deputyB, { type: 'resolve' }),
      rate('unsatisfied', '2026-10-15'),
    ];
    let opinion = submitted();
    for (const s of steps) {
      opinion = run(opinion, [s]).opinion;
      expect(['deputies', 'department', 'presidium']).toContain(opinion.owner.kind);
      if (opinion.owner.kind === 'deputies') expect(opinion.owner.deputyIds.length).toBeGreaterThan(0);
    }
    expect(opinion).toMatchObject({ status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d-b'] } });
  });
});

describe('villagerTimelineText', () => {
  const event = (e: Partial<TimelineEvent>) => ({
    type: 'submitted' as const,
    actorRole: 'resident' as const,
    ...e,
  });

  it.each([
    [event({}), '您的意见已提交'],
    [event({ actorRole: 'stationAdmin' }), '联络站已代您登记意见'],
    [event({ type: 'heldForReview' }), '您的意见正在审核，审核通过后交代表办理'],
    [event({ type: 'assigned', data: { path: 'village+category' } }), '已交联络站代表办理'],
    [event({ type: 'assigned', data: { path: 'presidium' } }), '已提交乡镇人大主席团分办'],
    [event({ type: 'accepted' }), '代表已受理'],
    [event({ type: 'transferred', data: { departmentName: '乡农业办' } }), '已转交乡农业办办理'],
    [event({ type: 'resolved' }), '已办结，请您评价'],
    [event({ type: 'rated', data: { rating: 'basicallySatisfied' } }), '您的评价：基本满意，此件已办结'],
    [event({ type: 'closedUnrated' }), '未在规定时间内评价，此件已办结'],
    [event({ type: 'supervised' }), '乡镇人大主席团已督办'],
  ])('%o → %s', (e, text) => {
    expect(villagerTimelineText(e)).toBe(text);
  });

  it('never shows the routing reason (an office note) to the villager', () => {
    expect(
      villagerTimelineText(event({ type: 'assigned', note: '覆盖金鼓村 · 环境保护 · 在办2件' })),
    ).not.toContain('在办');
  });
});

describe('a matter recorded at a reception day (FiledBy reception)', () => {
  const recorder: Actor = { role: 'stationAdmin', openid: 'o-recorder' };
  const recorded = {
    ...run(submitted(), [accept, reply, resolve]).opinion,
    villagerOpenid: undefined,
    filedBy: { kind: 'reception' as const, dayId: 'JG01:2026-10-09', recordedBy: 'o-recorder' },
  };

  it('lets whoever recorded it enter the rating for the villager, nobody else', () => {
    expect(refused(recorded, { type: 'rate', rating: 'satisfied' }, recorder)).toBe('allowed');
    expect(
      refused(recorded, { type: 'rate', rating: 'satisfied' }, { role: 'stationAdmin', openid: 'o-other' }),
    ).toBe('NOT_YOUR_OPINION');
  });

  it.each([
    [{ kind: 'self' as const }, null],
    [{ kind: 'stationAdmin' as const, openid: 'o-admin' }, 'o-admin'],
    [{ kind: 'reception' as const, dayId: 'd', recordedBy: 'o-rec' }, 'o-rec'],
  ])('filerOpenid(%o) = %s', (filedBy, openid) => {
    expect(filerOpenid(filedBy)).toBe(openid);
  });
});
