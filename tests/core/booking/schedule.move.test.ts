import { chineseCalendar } from '../../../core/calendar/chinese-calendar';
import { moveOffHoliday } from '../../../core/booking/schedule.rules';

describe('moveOffHoliday: a stored day on a newly declared holiday', () => {
  // 2027-03-05 is a Friday; declared a holiday here.
  const calendar = chineseCalendar([{ date: '2027-03-05', kind: 'holiday', name: '临时假日' }]);
  const none = () => false;

  it('stays where it is on a working day', () => {
    expect(moveOffHoliday('2027-03-04', 'nextWorkingDay', calendar, none)).toBeNull();
  });

  it('moves to the next working day, skipping the weekend, with the reason', () => {
    expect(moveOffHoliday('2027-03-05', 'nextWorkingDay', calendar, none)).toEqual({
      date: '2027-03-08',
      moveReason: '因临时假日假期顺延',
    });
  });

  it('skips dates the station already holds', () => {
    const taken = (d: string) => d === '2027-03-08';
    expect(moveOffHoliday('2027-03-05', 'nextWorkingDay', calendar, taken)?.date).toBe('2027-03-09');
  });

  it('moves a week later by that policy', () => {
    expect(moveOffHoliday('2027-03-05', 'oneWeekLater', calendar, none)?.date).toBe('2027-03-12');
  });
});
