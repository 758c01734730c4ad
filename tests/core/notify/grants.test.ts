import {
  afterAcceptance,
  afterOutcome,
  ownersWithoutReminders,
  remindersLeft,
} from '../../../core/notify/grants';

const T0 = new Date('2026-11-16T02:00:00.000Z');

describe('subscription grants', () => {
  it('each acceptance adds one; a send uses one; a 43101 refusal leaves none', () => {
    const one = afterAcceptance(null, 'u1', 'opinionAssigned', T0);
    expect(one).toMatchObject({ openid: 'u1', template: 'opinionAssigned', count: 1 });
    const two = afterAcceptance(one, 'u1', 'opinionAssigned', T0);
    expect(two.count).toBe(2);
    expect(afterOutcome(two, 'sent', T0).count).toBe(1);
    expect(afterOutcome(afterOutcome(one, 'sent', T0), 'sent', T0).count).toBe(0); // never below 0
    expect(afterOutcome(two, 'refused', T0).count).toBe(0);
  });

  it('reminders left: the smallest count of the kinds asked (a missing kind is 0)', () => {
    expect(
      remindersLeft({ opinionAssigned: 3, opinionDeadline: 1 }, ['opinionAssigned', 'opinionDeadline']),
    ).toBe(1);
    expect(remindersLeft({ opinionAssigned: 3 }, ['opinionAssigned', 'opinionDeadline'])).toBe(0);
    expect(remindersLeft({}, [])).toBe(0);
  });

  it('a case is flagged when every owner who can act holds no reminder', () => {
    const canAct = (id: string) => id !== 'unbound';
    const left: Record<string, number> = { a: 0, b: 2 };
    const of = (id: string) => left[id] ?? 0;
    expect(ownersWithoutReminders(['a', 'b'], canAct, of)).toEqual([]); // b will be told
    expect(ownersWithoutReminders(['a'], canAct, of)).toEqual(['a']);
    expect(ownersWithoutReminders(['a', 'unbound'], canAct, of)).toEqual(['a']);
    expect(ownersWithoutReminders(['unbound'], canAct, of)).toEqual([]); // the cannot-act list has it
  });
});
