import { decideRating, dueRatingActions, MAX_REOPENS } from '../../../core/opinion/opinion.satisfaction';
import type { Opinion } from '../../../core/opinion/opinion.types';
import { at } from './opinion.fixtures';

type Ratable = Pick<Opinion, 'status' | 'ratings' | 'reopenCount'>;
const resolved = (reopenCount = 0): Ratable => ({ status: 'resolved', ratings: [], reopenCount });

describe('decideRating', () => {
  it('MAX_REOPENS is two', () => expect(MAX_REOPENS).toBe(2));

  it.each([
    ['满意 closes', resolved(0), 'satisfied', { kind: 'close', rating: 'satisfied' }],
    ['基本满意 closes', resolved(2), 'basicallySatisfied', { kind: 'close', rating: 'basicallySatisfied' }],
    ['the first 不满意 reopens', resolved(0), 'unsatisfied', { kind: 'reopen', reopenCount: 1 }],
    ['the second 不满意 reopens', resolved(1), 'unsatisfied', { kind: 'reopen', reopenCount: 2 }],
    [
      'the third 不满意 closes as unsatisfied',
      resolved(2),
      'unsatisfied',
      { kind: 'close', rating: 'unsatisfied' },
    ],
  ] as const)('%s', (_, opinion, rating, outcome) => {
    expect(decideRating(opinion, rating)).toEqual({ ok: true, value: outcome });
  });

  it.each([
    ['still being handled', { status: 'accepted', ratings: [], reopenCount: 0 }, 'NOT_RATABLE'],
    ['answered but not yet resolved', { status: 'replied', ratings: [], reopenCount: 0 }, 'NOT_RATABLE'],
    ['closed unrated after the deadline', { status: 'closed', ratings: [], reopenCount: 0 }, 'NOT_RATABLE'],
    [
      'already rated and closed',
      { status: 'closed', ratings: [{ rating: 'satisfied', at: at('2026-10-14') }], reopenCount: 0 },
      'OPINION_ALREADY_RATED',
    ],
  ] as [string, Ratable, string][])('when the case is %s → %s', (_, opinion, reason) => {
    expect(decideRating(opinion, 'satisfied')).toEqual({ ok: false, reason });
  });
});

describe('dueRatingActions (China calendar days from 办结)', () => {
  // Resolved at 00:30 China time on 03-02 (16:30 UTC on 03-01): the China day counts, not the UTC one.
  const resolvedAt = new Date('2026-03-01T16:30:00Z');
  const waiting = { status: 'resolved' as const, resolvedAt, ratingRemindedAt: null };

  it.each([
    ['6 days on', waiting, at('2026-03-08', '23:59'), []],
    ['7 days on', waiting, at('2026-03-09', '00:00'), ['remindRating']],
    ['7 days on, already reminded', { ...waiting, ratingRemindedAt: at('2026-03-09') }, at('2026-03-10'), []],
    [
      '14 days on, already reminded',
      { ...waiting, ratingRemindedAt: at('2026-03-09') },
      at('2026-03-16'),
      [],
    ],
    [
      '15 days on',
      { ...waiting, ratingRemindedAt: at('2026-03-09') },
      at('2026-03-17', '00:00'),
      ['closeUnrated'],
    ],
    ['15 days on, the reminder never sent', waiting, at('2026-03-20'), ['closeUnrated']],
    ['rated already (closed)', { ...waiting, status: 'closed' as const }, at('2026-03-20'), []],
    [
      'reopened (no longer resolved)',
      { ...waiting, status: 'accepted' as const, resolvedAt: null },
      at('2026-03-20'),
      [],
    ],
  ])('%s → %j', (_, opinion, now, actions) => {
    expect(dueRatingActions(opinion, now)).toEqual(actions);
  });
});
