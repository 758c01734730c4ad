import { messagesFor, type CaseChange, type MessageContext } from '../../../core/opinion/opinion.messages';
import { transition, type OpinionCommand } from '../../../core/opinion/opinion.state';
import type { Actor, Opinion } from '../../../core/opinion/opinion.types';
import { asDeputy, at, calendar, presidium, submitted, villager, VILLAGER_OPENID } from './opinion.fixtures';

const ctx: MessageContext = {
  rev: 3,
  villageName: '金鼓村',
  deputyOpenid: (id) => (id === 'd-a' ? 'o-d-a' : undefined),
  presidium: ['o-p1'],
};

/** The change a command makes, as the service hands it to messagesFor. */
function changeOf(before: Opinion, command: OpinionCommand, actor: Actor, day: string): CaseChange {
  const t = transition(before, command, actor, at(day), calendar);
  if (!t.ok) throw new Error(t.reason);
  return {
    command: command.type,
    before,
    after: { ...before, ...t.value.patch },
    event: t.value.event,
    now: at(day),
  };
}

const assigned = submitted();

describe('messagesFor: one rule for the messages of every change', () => {
  it('a new case: opinionAssigned to each assigned deputy with a binding', () => {
    const msgs = messagesFor(
      {
        command: 'submit',
        before: assigned,
        after: assigned,
        event: { type: 'assigned', actorRole: 'resident' },
        now: at('2026-09-30'),
      },
      ctx,
    );
    expect(msgs).toEqual([
      expect.objectContaining({ key: 'opinion:op-1:3:d-a', openid: 'o-d-a', template: 'opinionAssigned' }),
    ]);
    expect(msgs[0].fields).toMatchObject({
      thing2: '金鼓村',
      thing4: expect.stringMatching(/^请及时受理，.*前受理$/),
    });
  });

  it('a new case in the presidium queue: the presidium is told', () => {
    const queued = submitted('2026-09-30', {}, 'review');
    const msgs = messagesFor(
      {
        command: 'submit',
        before: queued,
        after: queued,
        event: { type: 'heldForReview', actorRole: 'resident' },
        now: at('2026-09-30'),
      },
      ctx,
    );
    expect(msgs.map((m) => [m.key, m.page])).toEqual([
      ['opinion:op-1:3:presidium:o-p1', expect.stringContaining('id=op-1')],
    ]);
  });

  it('the presidium’s chase: opinionDeadline keyed by the day, phrase 主席团催办', () => {
    const msgs = messagesFor(changeOf(assigned, { type: 'chase' }, presidium, '2026-10-01'), ctx);
    expect(msgs).toEqual([
      expect.objectContaining({ key: 'chase:op-1:2026-10-01:d-a', template: 'opinionDeadline' }),
    ]);
    expect(msgs[0].fields).toMatchObject({ phrase2: '主席团催办' });
  });

  it('the timer’s reminder and 督办: the same builder, their own phrase, keyed by revision', () => {
    const system: Actor = { role: 'system', openid: '' };
    const remind = messagesFor(changeOf(assigned, { type: 'remind' }, system, '2026-10-01'), ctx);
    expect(remind).toEqual([
      expect.objectContaining({ key: 'opinion:op-1:3:d-a', template: 'opinionDeadline' }),
    ]);
    expect(remind[0].fields).toMatchObject({ phrase2: '即将到期' });
    const supervise = messagesFor(changeOf(assigned, { type: 'supervise' }, system, '2026-10-01'), ctx);
    expect(supervise[0].fields).toMatchObject({ phrase2: '已超期督办' });
  });

  it('a merge: the merged case’s villager and followers are sent to the main case, its own villager is not told twice', () => {
    const source = { ...assigned, followers: ['o-f1', 'o-main'] };
    const target = { ...submitted(), _id: 'op-2', villagerOpenid: 'o-main' };
    const msgs = messagesFor(changeOf(source, { type: 'merge', into: target }, presidium, '2026-10-01'), {
      ...ctx,
      mergedIntoVillager: 'o-main',
    });
    expect(msgs.map((m) => [m.openid, m.key, m.template])).toEqual([
      [VILLAGER_OPENID, `merge:op-1:${VILLAGER_OPENID}`, 'opinionProgress'],
      ['o-f1', 'merge:op-1:o-f1', 'opinionProgress'],
    ]);
    expect(msgs[0].page).toContain('id=op-2');
    expect(msgs[0].fields).toMatchObject({ phrase2: '合并办理', thing3: '与其他村民反映的相同问题合并办理' });
    // The main case taking them in sends nothing more.
    expect(
      messagesFor(changeOf(target, { type: 'absorb', merged: source }, presidium, '2026-10-01'), ctx),
    ).toEqual([]);
  });

  it('a follower reads the villager’s words only with consent', () => {
    const accepted = {
      ...assigned,
      status: 'accepted' as const,
      followers: ['o-f1'],
      consentToPublish: false,
    };
    const msgs = messagesFor(
      changeOf(accepted, { type: 'reply', answer: '已修好' }, asDeputy('d-a'), '2026-10-02'),
      ctx,
    );
    const [own, follower] = msgs;
    expect(own).toMatchObject({
      openid: VILLAGER_OPENID,
      fields: { thing1: assigned.text, phrase2: '已答复' },
    });
    expect(follower.openid).toBe('o-f1');
    expect(follower.fields.thing1).not.toBe(assigned.text);
    expect(villager.openid).toBe(VILLAGER_OPENID);
  });
});
