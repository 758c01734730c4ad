/** The suggestion rules as tables: deadlines in months, the send-back window in working days. */
import { WEEKDAYS_ONLY } from '../../../core/calendar/working-days';
import { addMonths, canSendBack, sendBackLastDay } from '../../../core/suggestion/suggestion.rules';

describe('a deadline some months after a day', () => {
  it.each([
    ['2026-11-18', 3, '2027-02-18'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-05-15', 12, '2027-05-15'],
  ])('%s + %i months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('when an office sends a suggestion back', () => {
  const assigned = { status: 'assigned' as const, assignedOn: '2026-11-18', round: 1 };
  it('may do so up to the 7th working day after assignment', () => {
    expect(sendBackLastDay('2026-11-18', WEEKDAYS_ONLY)).toBe('2026-11-27');
    expect(canSendBack(assigned, '2026-11-27', WEEKDAYS_ONLY)).toBe(true);
    expect(canSendBack(assigned, '2026-11-29', WEEKDAYS_ONLY)).toBe(true); // a Sunday counts nothing
    expect(canSendBack(assigned, '2026-11-30', WEEKDAYS_ONLY)).toBe(false);
  });
  it('may not once it is re-handled after 不满意', () => {
    expect(canSendBack({ ...assigned, round: 2 }, '2026-11-19', WEEKDAYS_ONLY)).toBe(false);
  });
});
