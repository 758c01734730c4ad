import {
  canHandBack,
  deadlinesFrom,
  dueSlaAction,
  handBackLastDay,
  slaState,
} from '../../../core/opinion/opinion.deadlines';
import type { OpinionStatus } from '../../../core/opinion/opinion.types';
import { calendar } from './opinion.fixtures';

// 2026 (chinese-days): 中秋 Fri 09-25 off; 国庆 10-01..10-07 off, make-up workdays Sun 09-20 and Sat 10-10;
// 春节 02-15..02-23 off, make-up workday Sat 02-14.
describe('deadlinesFrom', () => {
  it.each([
    ['the day before National Day', '2026-09-30', 2, 15, '2026-10-09', '2026-10-27'],
    ['the Friday before a make-up Sunday', '2026-09-18', 1, 2, '2026-09-20', '2026-09-21'],
    ['the day before Mid-Autumn', '2026-09-24', 2, 5, '2026-09-29', '2026-10-09'],
    ['a holiday', '2026-10-03', 2, 3, '2026-10-09', '2026-10-10'],
    ['the Friday before Spring Festival', '2026-02-13', 2, 3, '2026-02-24', '2026-02-25'],
    ['an ordinary Monday', '2026-11-02', 2, 5, '2026-11-04', '2026-11-09'],
  ])('for a case received on %s (%s)', (_, day, acceptDays, answerDays, acceptBy, answerBy) => {
    expect(deadlinesFrom(day, { acceptDays, answerDays }, calendar)).toEqual({ acceptBy, answerBy });
  });
});

describe('slaState', () => {
  const running = (status: OpinionStatus) => ({ status, acceptBy: '2026-10-09', answerBy: '2026-10-27' });

  describe('while the case waits to be accepted (due 10-09)', () => {
    it.each([
      ['2026-09-30', 'onTime'],
      ['2026-10-07', 'onTime'], // two working days left: 10-08 and 10-09
      ['2026-10-08', 'dueSoon'],
      ['2026-10-09', 'dueSoon'],
      ['2026-10-10', 'overdue'],
      ['2026-11-30', 'overdue'],
    ])('on %s it is %s', (today, state) => {
      expect(slaState(running('assigned'), today, calendar)).toBe(state);
    });
  });

  describe('while the case is being answered (due 10-27)', () => {
    it.each([
      ['accepted', '2026-10-23', 'onTime'],
      ['accepted', '2026-10-26', 'dueSoon'],
      ['accepted', '2026-10-28', 'overdue'],
      ['transferred', '2026-10-26', 'dueSoon'],
      ['transferred', '2026-10-28', 'overdue'],
    ] as const)('%s on %s is %s', (status, today, state) => {
      expect(slaState(running(status), today, calendar)).toBe(state);
    });
  });

  it.each(['review', 'replied', 'resolved', 'closed', 'merged'] as const)(
    'when the case is %s no clock runs, even long after the deadlines',
    (status) => {
      expect(slaState(running(status), '2026-12-31', calendar)).toBe('onTime');
    },
  );
});

describe('dueSlaAction', () => {
  const base = {
    status: 'assigned' as const,
    acceptBy: '2026-10-09',
    answerBy: '2026-10-27',
    supervised: false,
  };

  it.each([
    ['on time', base, '2026-09-30', null],
    ['due soon, not yet reminded', base, '2026-10-08', 'remind'],
    ['due soon, reminded for this deadline', { ...base, remindedFor: '2026-10-09' }, '2026-10-09', null],
    [
      'due soon, reminded for an earlier deadline',
      { ...base, remindedFor: '2026-09-20' },
      '2026-10-09',
      'remind',
    ],
    ['overdue, not supervised', base, '2026-10-10', 'supervise'],
    ['overdue, already supervised', { ...base, supervised: true }, '2026-10-10', null],
  ])('when %s → %s', (_, opinion, today, action) => {
    expect(dueSlaAction(opinion, today, calendar)).toBe(action);
  });
});

describe('hand-back window (7 working days from assignment)', () => {
  it('runs across National Day to the 7th working day', () => {
    // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13, 10-14, 10-15
    expect(handBackLastDay('2026-09-30', calendar)).toBe('2026-10-15');
  });

  it.each([
    ['the same day', '2026-09-30', true],
    ['in the middle of the holiday', '2026-10-05', true],
    ['on the last day', '2026-10-15', true],
    ['the day after the limit', '2026-10-16', false],
  ])('when the deputy hands the case back %s', (_, today, allowed) => {
    expect(canHandBack('2026-09-30', today, calendar)).toBe(allowed);
  });
});
