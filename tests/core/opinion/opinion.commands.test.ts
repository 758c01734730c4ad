import {
  canRate,
  checkRate,
  commandsFor,
  quietChange,
  transition,
  type OpinionCommand,
} from '../../../core/opinion/opinion.state';
import { SYSTEM_ACTOR, type Actor, type Opinion } from '../../../core/opinion/opinion.types';
import {
  asDeputy,
  at,
  calendar,
  presidium,
  run,
  submitted,
  villager,
  VILLAGER_OPENID,
  type Step,
} from './opinion.fixtures';

const deputyA = asDeputy('d-a');
const deputyB = asDeputy('d-b');
const admin: Actor = { role: 'stationAdmin', openid: 'o-admin' };
const follower: Actor = { role: 'resident', openid: 'o-neighbour' };

const step = (day: string, actor: Actor, command: OpinionCommand): Step => ({ day, actor, command });
const handled = [
  step('2026-10-08', deputyA, { type: 'accept' }),
  step('2026-10-12', deputyA, { type: 'reply', answer: '已联系供电所，路灯本周修好' }),
  step('2026-10-13', deputyA, { type: 'resolve' }),
];
const resolved = run(submitted(), handled).opinion;
/** Filed by the station for someone without an account (代录). */
const filedForWalkIn: Opinion = {
  ...resolved,
  villagerOpenid: undefined,
  filedBy: { kind: 'stationAdmin', openid: 'o-admin' },
};
/** Recorded by the station at a reception day for a villager who has an account. */
const recordedForVillager: Opinion = {
  ...resolved,
  filedBy: { kind: 'reception', dayId: 'JG01:2026-10-09', recordedBy: 'o-admin' },
};

describe('canRate: the one rule every view shows, and the rate command applies', () => {
  it.each(
    (
      [
        // The old answers: privacy said `status === 'resolved'` (yes to anyone); the function said
        // villager-or-filer-without-account; the rate command let any filer in. Now they are one rule.
        ['the villager on their resolved case', resolved, villager, true],
        [
          'a follower on that case (privacy alone said yes)',
          { ...resolved, followers: ['o-neighbour'] },
          follower,
          false,
        ],
        ['a deputy on it', resolved, deputyA, false],
        ['the villager before 办结', run(submitted(), handled.slice(0, 2)).opinion, villager, false],
        [
          'the villager once rated (closed)',
          run(resolved, [step('2026-10-14', villager, { type: 'rate', rating: 'satisfied' })]).opinion,
          villager,
          false,
        ],
        [
          'the villager once closed as 未评价',
          { ...resolved, status: 'closed' as const, outcome: 'unrated' as const },
          villager,
          false,
        ],
        ['the station that filed for someone without an account', filedForWalkIn, admin, true],
        [
          'another station admin on that case',
          filedForWalkIn,
          { role: 'stationAdmin', openid: 'o-other' } as Actor,
          false,
        ],
        // The rate command used to accept the recorder here; the list said no: the villager rates their own.
        [
          'the station that recorded a case for a villager with an account',
          recordedForVillager,
          admin,
          false,
        ],
        ['that villager', recordedForVillager, villager, true],
      ] as [string, Opinion, Actor, boolean][]
    ).map(([name, o, a, e]) => [name, e, o, a] as const),
  )('%s → %s', (_, expected, opinion, actor) => {
    expect(canRate(opinion, actor)).toBe(expected);
    const rated = transition(
      opinion,
      { type: 'rate', rating: 'satisfied' },
      actor,
      at('2026-10-14'),
      calendar,
    );
    expect(rated.ok).toBe(expected);
    if (!rated.ok) expect(checkRate(opinion, actor)).toEqual({ ok: false, reason: rated.reason });
  });

  it('a reopened and resolved-again case may be rated again', () => {
    const reopened = run(resolved, [
      step('2026-10-14', villager, { type: 'rate', rating: 'unsatisfied' }),
      step('2026-10-15', deputyA, { type: 'reply', answer: '已重新安排维修' }),
      step('2026-10-16', deputyA, { type: 'resolve' }),
    ]).opinion;
    expect(canRate(reopened, villager)).toBe(true);
  });
});

describe('commandsFor: only what the actor may actually do', () => {
  const assigned = submitted();

  it('offers the assigned deputy the handling commands, never the presidium’s', () => {
    const offered = commandsFor(assigned, deputyA);
    expect(offered).toEqual(expect.arrayContaining(['accept', 'handBack', 'transfer', 'closeNoReply']));
    for (const c of ['assign', 'merge', 'supervise', 'chase', 'remind', 'rate', 'approveReview'])
      expect(offered).not.toContain(c);
    const accepted = run(assigned, handled.slice(0, 1)).opinion;
    expect(commandsFor(accepted, deputyA)).toEqual(
      expect.arrayContaining(['reply', 'transfer', 'handBack', 'closeNoReply']),
    );
    expect(commandsFor(resolved, deputyA)).toEqual([]);
  });

  it('offers another deputy nothing', () => {
    expect(commandsFor(assigned, deputyB)).toEqual([]);
  });

  it('offers the presidium assign, merge, supervise and chase, not a deputy’s accept or the timer’s remind', () => {
    const offered = commandsFor(assigned, presidium);
    expect(offered).toEqual(expect.arrayContaining(['assign', 'merge', 'supervise', 'chase', 'transfer']));
    for (const c of ['accept', 'reply', 'handBack', 'remind', 'rate']) expect(offered).not.toContain(c);
  });

  it('offers the villager rate once resolved (and hiding their name), and another villager follow', () => {
    expect(commandsFor(assigned, villager)).toEqual(['hideName']);
    expect(commandsFor(resolved, villager)).toEqual(['rate', 'hideName']);
    expect(commandsFor(assigned, follower)).toEqual(['follow']);
  });

  it('offers the timer its own commands', () => {
    expect(commandsFor(assigned, SYSTEM_ACTOR)).toEqual(expect.arrayContaining(['remind', 'supervise']));
  });
});

describe('chase (催办) as a command', () => {
  const assigned = submitted();
  const chase = (o: Opinion, day: string, actor: Actor = presidium) =>
    transition(o, { type: 'chase', note: '请尽快' }, actor, at(day), calendar);

  it('records a reminder with the note and the day of the chase', () => {
    const done = chase(assigned, '2026-10-01');
    expect(done).toMatchObject({
      ok: true,
      value: { patch: { lastChasedAt: at('2026-10-01') }, event: { type: 'reminded', note: '请尽快' } },
    });
  });

  it('once per China day; never a case nobody works on; presidium only', () => {
    const chased = { ...assigned, lastChasedAt: at('2026-10-01', '09:00') };
    expect(chase(chased, '2026-10-01')).toEqual({ ok: false, reason: 'CHASE_TOO_SOON' });
    expect(chase(chased, '2026-10-02').ok).toBe(true);
    expect(chase(resolved, '2026-10-14')).toEqual({ ok: false, reason: 'CHASE_NOT_OPEN' });
    expect(chase(assigned, '2026-10-01', deputyA)).toEqual({ ok: false, reason: 'FORBIDDEN' });
  });
});

describe('merge and absorb', () => {
  const source = { ...submitted(), _id: 'op-1', followers: ['o-f1'] };
  const target = { ...submitted(), _id: 'op-2', villagerOpenid: 'o-other', followers: [] };

  it('the main case takes in the merged case’s villager and followers, with an event', () => {
    const done = transition(
      target,
      { type: 'absorb', merged: source },
      presidium,
      at('2026-10-01'),
      calendar,
    );
    expect(done).toMatchObject({
      ok: true,
      value: {
        patch: { followers: [VILLAGER_OPENID, 'o-f1'] },
        event: { type: 'merged', note: '并入同一问题的意见op-1' },
      },
    });
  });

  it('never into itself; presidium only', () => {
    expect(
      transition(target, { type: 'absorb', merged: target }, presidium, at('2026-10-01'), calendar),
    ).toEqual({
      ok: false,
      reason: 'CANNOT_MERGE',
    });
    expect(
      transition(target, { type: 'absorb', merged: source }, deputyA, at('2026-10-01'), calendar),
    ).toEqual({
      ok: false,
      reason: 'FORBIDDEN',
    });
  });
});

describe('quiet changes', () => {
  it('follow: another villager joins the followers; the rule says why not', () => {
    const assigned = submitted();
    expect(quietChange(assigned, { type: 'follow' }, follower, at('2026-10-01'))).toEqual({
      ok: true,
      value: { patch: { followers: ['o-neighbour'], followedAt: at('2026-10-01') } },
    });
    expect(quietChange(assigned, { type: 'follow' }, villager, at('2026-10-01'))).toEqual({
      ok: false,
      reason: 'ALREADY_FOLLOWING',
    });
    const closed = { ...assigned, status: 'closed' as const };
    expect(quietChange(closed, { type: 'follow' }, follower, at('2026-10-01'))).toEqual({
      ok: false,
      reason: 'OPINION_CLOSED',
    });
  });

  it('purgeContact: only a closed case past the retention, by the timer', () => {
    const closed: Opinion = {
      ...submitted(),
      status: 'closed',
      closedAt: at('2026-10-01'),
      contact: { name: '王秀英', phone: '13812345678' },
    };
    const purge = { type: 'purgeContact' as const, retentionDays: 30 };
    expect(quietChange(closed, purge, SYSTEM_ACTOR, at('2026-10-20'))).toEqual({
      ok: false,
      reason: 'CONTACT_NOT_DUE',
    });
    expect(quietChange(closed, purge, SYSTEM_ACTOR, at('2026-11-01'))).toEqual({
      ok: true,
      value: { patch: { contact: undefined, contactPurgedAt: at('2026-11-01') } },
    });
    expect(quietChange(submitted(), purge, SYSTEM_ACTOR, at('2027-01-01'))).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(quietChange(closed, purge, villager, at('2026-11-01'))).toEqual({
      ok: false,
      reason: 'FORBIDDEN',
    });
  });
});
