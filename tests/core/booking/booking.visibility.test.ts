import { slotToBook, villagerVisibility } from '../../../core/booking/booking.rules';

describe('villagerVisibility: what the staff desk says about villagers seeing a day', () => {
  const today = '2027-03-01';
  const day = (
    date: string,
    announcedOn?: string,
    status: 'scheduled' | 'cancelled' | 'done' = 'scheduled',
  ) => ({
    date,
    status,
    ...(announcedOn && { announcedOn }),
  });

  it('shows a day announced at least 3 days ahead, within 30 days', () => {
    expect(villagerVisibility(day('2027-03-05', '2027-03-01'), today)).toEqual({ shown: true, notice: null });
    expect(villagerVisibility(day('2027-03-04', '2027-03-01'), today)).toEqual({ shown: true, notice: null });
  });

  it('says so when a day was announced less than 3 days ahead', () => {
    expect(villagerVisibility(day('2027-03-03', '2027-03-01'), today)).toEqual({
      shown: false,
      notice: '公告不足3天，群众在小程序里看不到这一天，也不能预约；请另行通知群众',
    });
  });

  it('says from when a day beyond 30 days is shown', () => {
    expect(villagerVisibility(day('2027-04-05', '2027-03-01'), today)).toEqual({
      shown: false,
      notice: '3月6日起向群众公布',
    });
  });

  it('shows a hand-made day without an announcement date at once; says nothing of past or cancelled days', () => {
    expect(villagerVisibility(day('2027-03-02'), today)).toEqual({ shown: true, notice: null });
    expect(villagerVisibility(day('2027-02-27', '2027-02-01'), today)).toEqual({
      shown: false,
      notice: null,
    });
    expect(villagerVisibility(day('2027-03-05', '2027-03-01', 'cancelled'), today)).toEqual({
      shown: false,
      notice: null,
    });
  });
});

describe('slotToBook', () => {
  const one = { slots: [{ id: 'a', start: '09:00', end: '11:00', capacity: 5, booked: 0 }] };
  const two = { slots: [...one.slots, { id: 'pm', start: '14:00', end: '16:00', capacity: 5, booked: 0 }] };
  it('takes the named slot, the only slot, and picks nothing on a split day', () => {
    expect(slotToBook(two, 'pm')).toBe('pm');
    expect(slotToBook(one, undefined)).toBe('a');
    expect(slotToBook(two, undefined)).toBeNull();
  });
});
