/**
 * Issue 12 §9: the villager hides their name after submitting (hideName), a follower says 还没解决
 * (notResolved), and the words a follower reads on their timeline. Tables of commands on a case.
 */
import {
  toDeputyView,
  toPresidiumView,
  toPublicAnswer,
  toVillagerView,
} from '../../../core/opinion/opinion.privacy';
import {
  commandsFor,
  timelineTextFor,
  transition,
  type OpinionCommand,
} from '../../../core/opinion/opinion.state';
import type { Actor, Opinion, TimelineEvent } from '../../../core/opinion/opinion.types';
import {
  asDeputy,
  at,
  calendar,
  presidium,
  run,
  submitted,
  villager,
  VILLAGER_NAME,
  VILLAGER_PHONE,
  type Step,
} from './opinion.fixtures';

const deputyA = asDeputy('d-a');
const follower: Actor = { role: 'resident', openid: 'o-neighbour' };
const stranger: Actor = { role: 'resident', openid: 'o-stranger' };
const step = (day: string, actor: Actor, command: OpinionCommand): Step => ({ day, actor, command });
const answered = [
  step('2026-10-08', deputyA, { type: 'accept' }),
  step('2026-10-12', deputyA, { type: 'reply', answer: '已联系供电所，路灯本周修好' }),
];
const followed = (o: Opinion): Opinion => ({ ...o, followers: ['o-neighbour'] });

describe('hideName: the villager turns a named case anonymous', () => {
  const open = followed(submitted());

  it('drops the contact, marks it anonymous and records that the villager chose it, without the name', () => {
    const done = transition(open, { type: 'hideName' }, villager, at('2026-10-02'), calendar);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.patch).toMatchObject({ anonymous: true, contact: undefined });
    expect(done.value.patch.nameHiddenAt).toEqual(at('2026-10-02'));
    expect(done.value.event).toMatchObject({
      type: 'nameHidden',
      actorRole: 'resident',
      visibleToVillager: true,
    });
    const written = JSON.stringify(done.value.event);
    for (const secret of [VILLAGER_NAME, VILLAGER_PHONE, villager.openid])
      expect(written).not.toContain(secret);
  });

  it.each([
    ['a follower', follower, 'NOT_YOUR_OPINION'],
    ['a deputy', deputyA, 'NOT_YOUR_OPINION'],
    ['the presidium', presidium, 'NOT_YOUR_OPINION'],
  ] as const)('refuses %s', (_who, actor, reason) => {
    expect(transition(open, { type: 'hideName' }, actor, at('2026-10-02'), calendar)).toEqual({
      ok: false,
      reason,
    });
  });

  it('never goes back: an anonymous case cannot be hidden again (ALREADY_ANONYMOUS), and is not offered', () => {
    const hidden = { ...open, anonymous: true, contact: undefined };
    expect(transition(hidden, { type: 'hideName' }, villager, at('2026-10-02'), calendar)).toEqual({
      ok: false,
      reason: 'ALREADY_ANONYMOUS',
    });
    expect(commandsFor(hidden, villager)).not.toContain('hideName');
    expect(commandsFor(open, villager)).toContain('hideName');
  });

  it('every view follows: no contact for the deputy, the village gone from the public answer', () => {
    const steps = [
      ...answered,
      step('2026-10-13', deputyA, { type: 'resolve' }),
      step('2026-10-14', villager, { type: 'hideName' }),
    ];
    const { opinion, events } = run(open, steps);
    const deputy = toDeputyView(opinion, events, 'd-a');
    expect(deputy).toMatchObject({ anonymous: true, contactName: null, contactPhone: null });
    expect(toPresidiumView(opinion, events)).toMatchObject({ contactName: null, contactPhoneMasked: null });
    expect(toPresidiumView(opinion, events).timeline.at(-1)?.label).toBe('群众选择隐藏姓名，改为匿名');
    expect(toPublicAnswer(opinion)?.villageCode).toBeNull();
    const own = toVillagerView(opinion, events, villager);
    expect(own.timeline.at(-1)?.text).toBe('您已隐藏姓名，此件改为匿名办理');
    expect(JSON.stringify(deputy)).not.toContain(VILLAGER_PHONE);
  });
});

describe('notResolved (还没解决): a follower on an answered case', () => {
  const replied = followed(run(submitted(), answered).opinion);
  const say = (o: Opinion, actor: Actor, note?: string) =>
    transition(o, { type: 'notResolved', ...(note && { note }) }, actor, at('2026-10-20'), calendar);

  it('records it once per follower, staff-only, without reopening the case', () => {
    const done = say(replied, follower, '路灯还是不亮');
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.patch).toEqual({ notResolvedBy: ['o-neighbour'] });
    expect(done.value.event).toMatchObject({
      type: 'notResolved',
      note: '路灯还是不亮',
      visibleToVillager: false,
    });
    expect(done.value.event).not.toHaveProperty('actorOpenid');
    const again = { ...replied, ...done.value.patch };
    expect(again.status).toBe('replied');
    expect(say(again, follower)).toEqual({ ok: false, reason: 'ALREADY_SAID_NOT_RESOLVED' });
    expect(commandsFor(again, follower)).not.toContain('notResolved');
  });

  it.each([
    ['the author (only their rating reopens)', villager, 'NOT_A_FOLLOWER'],
    ['a villager who does not follow it', stranger, 'NOT_A_FOLLOWER'],
    ['a deputy', deputyA, 'NOT_A_FOLLOWER'],
  ] as const)('refuses %s', (_who, actor, reason) => {
    expect(say(replied, actor)).toEqual({ ok: false, reason });
  });

  it('waits for an answer: refused on a case still being handled (NOT_ANSWERED_YET)', () => {
    expect(say(followed(submitted()), follower)).toEqual({ ok: false, reason: 'NOT_ANSWERED_YET' });
    expect(commandsFor(followed(submitted()), follower)).not.toContain('notResolved');
    expect(commandsFor(replied, follower)).toContain('notResolved');
  });

  it('shows the presidium the count and the latest notes, newest first', () => {
    const two = { ...replied, followers: ['o-neighbour', 'o-other'] };
    const { opinion, events } = run(two, [
      step('2026-10-20', follower, { type: 'notResolved', note: '还是不亮' }),
      step(
        '2026-10-21',
        { role: 'resident', openid: 'o-other' },
        { type: 'notResolved', note: '晚上仍然很黑' },
      ),
    ]);
    const view = toPresidiumView(opinion, events);
    expect(view.notResolvedCount).toBe(2);
    expect(view.notResolvedNotes.map((n) => n.note)).toEqual(['晚上仍然很黑', '还是不亮']);
    expect(JSON.stringify(view)).not.toContain('o-neighbour');
  });
});

describe('a follower’s timeline is worded for a follower', () => {
  const event = (type: TimelineEvent['type'], extra: Partial<TimelineEvent> = {}) => ({
    type,
    actorRole: 'resident' as const,
    ...extra,
  });
  it.each([
    ['submitted', event('submitted'), '您的意见已提交', '有群众提交了这条意见，您已关注'],
    ['resolved', event('resolved'), '已办结，请您评价', '已办结'],
    [
      'closedNoReply',
      event('closedNoReply', { note: '不用答复了' }),
      '您表示无需答复，此件已办结：不用答复了',
      '提出意见的群众表示无需答复，此件已办结',
    ],
  ])('%s', (_t, e, own, theirs) => {
    expect(timelineTextFor(e, 'villager')).toBe(own);
    expect(timelineTextFor(e, 'follower')).toBe(theirs);
  });

  it('in the follower’s case view', () => {
    const { opinion, events } = run(followed(submitted()), []);
    const all = [
      {
        opinionId: opinion._id,
        type: 'submitted' as const,
        actorRole: 'resident' as const,
        at: at('2026-09-30'),
        visibleToVillager: true,
      },
      ...events,
    ];
    expect(toVillagerView(opinion, all, follower).timeline[0].text).toBe('有群众提交了这条意见，您已关注');
    expect(toVillagerView(opinion, all, villager).timeline[0].text).toBe('您的意见已提交');
  });
});

describe('the villager’s view shows 答复期限 and 承办代表 (names only)', () => {
  it('while the case is handled', () => {
    const o = submitted();
    const view = toVillagerView(o, [], villager, (id) => (id === 'd-a' ? '王建国' : undefined));
    expect(view).toMatchObject({
      answerBy: o.answerBy,
      handlingDeputies: ['王建国'],
      handlingDepartment: null,
    });
    expect(JSON.stringify(view)).not.toContain('d-a');
  });
  it('no deadline once answered', () => {
    expect(toVillagerView(run(submitted(), answered).opinion, [], villager).answerBy).toBeNull();
  });
});

describe('staff timeline: the system’s reminder is 到期提醒, the presidium’s chase 催办', () => {
  it.each([
    ['system', '到期提醒'],
    ['presidium', '催办'],
  ] as const)('%s', (role, label) => {
    const o = submitted();
    const e: TimelineEvent = {
      opinionId: o._id,
      type: 'reminded',
      actorRole: role,
      at: at('2026-10-05'),
      visibleToVillager: false,
    };
    expect(toPresidiumView(o, [e]).timeline[0].label).toBe(label);
  });
});
