/**
 * Departments close their own loop (issue 12 §5): the staff of the department a case is transferred to
 * answer it or hand it back through the state machine; staff of another department, deputies and
 * villagers may not; the presidium still may (for a department without staff). A reopened transferred
 * case goes back to the deputy who transferred it (or the presidium's queue), never to 部门办理中.
 */
import { messagesFor } from '../../../core/opinion/opinion.messages';
import { commandsFor, transition, type OpinionCommand } from '../../../core/opinion/opinion.state';
import type { Actor, Opinion, Owner } from '../../../core/opinion/opinion.types';
import { agriOffice, asDeputy, at, calendar, presidium, run, submitted, villager } from './opinion.fixtures';

const deputyA = asDeputy('d-a');
const agriStaff: Actor = { role: 'department', openid: 'o-agri-staff', departmentId: 'dep-agri' };
const otherStaff: Actor = { role: 'department', openid: 'o-build-staff', departmentId: 'dep-build' };
const unbound: Actor = { role: 'department', openid: 'o-nobody' };

const transferred = run(submitted(), [
  { day: '2026-10-08', actor: deputyA, command: { type: 'accept' } },
  {
    day: '2026-10-09',
    actor: deputyA,
    command: { type: 'transfer', department: agriOffice, note: '请农业办核实' },
  },
]).opinion;

function outcome(opinion: Opinion, command: OpinionCommand, actor: Actor, day = '2026-10-12') {
  const r = transition(opinion, command, actor, at(day), calendar);
  return r.ok ? 'allowed' : r.reason;
}

const answer: OpinionCommand = { type: 'departmentReply', answer: '已安排农技员上门' };
const handBack: OpinionCommand = { type: 'departmentHandBack', reason: '不属于农业办职责' };

describe('who may answer or hand back a transferred case', () => {
  it.each<[string, Actor, string, string]>([
    ['staff of the department it is with', agriStaff, 'allowed', 'allowed'],
    ['the presidium (a department without staff)', presidium, 'allowed', 'allowed'],
    ['staff of another department', otherStaff, 'NOT_YOUR_DEPARTMENT', 'NOT_YOUR_DEPARTMENT'],
    ['a department account bound to none', unbound, 'NOT_YOUR_DEPARTMENT', 'NOT_YOUR_DEPARTMENT'],
    ['the deputy who transferred it', deputyA, 'NOT_YOUR_DEPARTMENT', 'NOT_YOUR_DEPARTMENT'],
    ['the villager', villager, 'NOT_YOUR_DEPARTMENT', 'NOT_YOUR_DEPARTMENT'],
  ])('%s', (_who, actor, answers, handsBack) => {
    expect(outcome(transferred, answer, actor)).toBe(answers);
    expect(outcome(transferred, handBack, actor)).toBe(handsBack);
  });

  it("the department's buttons are exactly answer and hand back; other departments get none", () => {
    expect(commandsFor(transferred, agriStaff).sort()).toEqual(['departmentHandBack', 'departmentReply']);
    expect(commandsFor(transferred, otherStaff)).toEqual([]);
  });

  it('once answered, the department can do nothing more; the deputy resolves', () => {
    const answered = run(transferred, [{ day: '2026-10-12', actor: agriStaff, command: answer }]);
    expect(answered.opinion).toMatchObject({ status: 'replied', answer: '已安排农技员上门' });
    expect(answered.events[0]).toMatchObject({ actorRole: 'department', actorOpenid: 'o-agri-staff' });
    expect(outcome(answered.opinion, handBack, agriStaff)).toBe('INVALID_TRANSITION');
    expect(commandsFor(answered.opinion, agriStaff)).toEqual([]);
    expect(commandsFor(answered.opinion, deputyA)).toContain('resolve');
  });

  it('a hand-back needs a reason and returns the case to the deputy, who can act', () => {
    expect(outcome(transferred, { type: 'departmentHandBack', reason: '  ' }, agriStaff)).toBe(
      'HANDBACK_REASON_REQUIRED',
    );
    const back = run(transferred, [{ day: '2026-10-12', actor: agriStaff, command: handBack }]);
    expect(back.opinion).toMatchObject({
      status: 'accepted',
      owner: { kind: 'deputies', deputyIds: ['d-a'] },
    });
    expect(back.events[0]).toMatchObject({ type: 'departmentHandedBack', note: '不属于农业办职责' });
    expect(commandsFor(back.opinion, deputyA)).toEqual(expect.arrayContaining(['reply', 'transfer']));
  });
});

describe('a reopened transferred case goes back to whoever transferred it', () => {
  const reopen = (owner: Owner) => {
    const resolved: Opinion = {
      ...transferred,
      owner,
      status: 'resolved',
      answer: '已处理',
      answeredOn: '2026-10-12',
      resolvedAt: at('2026-10-13'),
    };
    return run(resolved, [
      { day: '2026-10-14', actor: villager, command: { type: 'rate', rating: 'unsatisfied' } },
    ]).opinion;
  };
  const dept = (deputyIds: string[]): Owner => ({
    kind: 'department',
    departmentId: 'dep-agri',
    departmentName: '乡农业办',
    deputyIds,
  });

  it.each<[string, Owner, Partial<Opinion>]>([
    [
      'transferred by a deputy → that deputy, in progress',
      dept(['d-a']),
      { status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d-a'] } },
    ],
    [
      'transferred by two deputies → both',
      dept(['d-a', 'd-b']),
      { status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d-a', 'd-b'] } },
    ],
    [
      'transferred by the presidium (no deputy) → the presidium queue',
      dept([]),
      { status: 'assigned', owner: { kind: 'presidium' } },
    ],
    [
      'answered by deputies → the same deputies (unchanged)',
      { kind: 'deputies', deputyIds: ['d-a'] },
      { status: 'accepted', owner: { kind: 'deputies', deputyIds: ['d-a'] } },
    ],
  ])('%s', (_case, owner, expected) => {
    const reopened = reopen(owner);
    expect(reopened).toMatchObject({ ...expected, supervised: true, reopenCount: 1 });
    expect(reopened.status).not.toBe('transferred');
  });

  it('the reopened case is no longer the department’s: it cannot answer it, the deputy can', () => {
    const reopened = reopen(dept(['d-a']));
    expect(commandsFor(reopened, agriStaff)).toEqual([]);
    expect(commandsFor(reopened, deputyA)).toEqual(expect.arrayContaining(['reply', 'transfer']));
  });
});

describe('messages of a transfer (opinion.messages.ts)', () => {
  const accepted = run(submitted(), [
    { day: '2026-10-08', actor: deputyA, command: { type: 'accept' } },
  ]).opinion;
  const change = (departmentStaff?: readonly string[]) => {
    const t = transition(
      accepted,
      { type: 'transfer', department: agriOffice, note: '请农业办核实' },
      deputyA,
      at('2026-10-09'),
      calendar,
    );
    if (!t.ok) throw new Error(t.reason);
    return messagesFor(
      {
        command: 'transfer',
        before: accepted,
        after: { ...accepted, ...t.value.patch },
        event: t.value.event,
        now: at('2026-10-09'),
      },
      {
        rev: 3,
        villageName: '金鼓村',
        deputyOpenid: () => 'o-d-a',
        ...(departmentStaff && { departmentStaff }),
      },
    );
  };

  it("each of the department's bound staff is told, with the case page and the answer deadline", () => {
    const toStaff = change(['o-agri-1', 'o-agri-2']).filter((m) => m.openid.startsWith('o-agri'));
    expect(toStaff.map((m) => [m.openid, m.template, m.page])).toEqual([
      ['o-agri-1', 'opinionAssigned', 'subpackages/department/pages/case/index?id=op-1'],
      ['o-agri-2', 'opinionAssigned', 'subpackages/department/pages/case/index?id=op-1'],
    ]);
    expect(toStaff[0].fields).toMatchObject({ thing4: '代表转办，请2026-10-27前答复' });
    expect(new Set(toStaff.map((m) => m.key)).size).toBe(2);
  });

  it('a department without staff: nobody in it is told (the presidium enters its answer)', () => {
    expect(change().filter((m) => m.page.startsWith('subpackages/department'))).toEqual([]);
  });
});
