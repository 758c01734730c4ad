import {
  chineseNumber,
  checkSessionDates,
  normaliseSessionCode,
  quorum,
  sessionCheckInCode,
  sessionQrOf,
  sessionTitle,
} from '../../../core/congress/session.rules';

describe('the quorum: more than two thirds of all deputies present', () => {
  it.each([
    [12, 8, 9, false],
    [12, 9, 9, true],
    [4, 2, 3, false],
    [4, 3, 3, true],
    [3, 2, 3, false],
    [30, 20, 21, false],
    [30, 21, 21, true],
  ])('of %i deputies, %i present: needs %i', (total, present, needed, met) => {
    expect(quorum(present, total)).toEqual({ present, total, needed, met });
  });
  it('is never met without deputies', () => {
    expect(quorum(0, 0).met).toBe(false);
  });
});

describe('sessions', () => {
  it('names the session in Chinese numerals', () => {
    expect(chineseNumber(2)).toBe('二');
    expect(chineseNumber(10)).toBe('十');
    expect(chineseNumber(14)).toBe('十四');
    expect(chineseNumber(23)).toBe('二十三');
    expect(sessionTitle('金鼓乡', 2, 4)).toBe('金鼓乡第二届人民代表大会第四次会议');
  });
  it('takes a session of one to seven days', () => {
    expect(checkSessionDates('2026-11-18', '2026-11-18').ok).toBe(true);
    expect(checkSessionDates('2026-11-18', '2026-11-24').ok).toBe(true);
    expect(checkSessionDates('2026-11-18', '2026-11-25')).toEqual({
      ok: false,
      reason: 'SESSION_DATES_INVALID',
    });
    expect(checkSessionDates('2026-11-18', '2026-11-17')).toEqual({
      ok: false,
      reason: 'SESSION_DATES_INVALID',
    });
  });
  it('draws check-in codes from its alphabet and reads them back typed loosely', () => {
    const code = sessionCheckInCode([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(code).toBe('23456789');
    expect(() => sessionCheckInCode([0, 1])).toThrow(RangeError);
    expect(() => sessionCheckInCode([0, 1, 2, 3, 4, 5, 6, 99])).toThrow(RangeError);
    expect(normaliseSessionCode(' ab-cd 2345 ')).toBe('ABCD2345');
    expect(normaliseSessionCode('session:s-2-4:abcd2345', 's-2-4')).toBe('ABCD2345');
    expect(normaliseSessionCode('session:s-2-5:ABCD2345', 's-2-4')).toBe('');
    expect(sessionQrOf({ _id: 's-2-4', checkInCode: 'ABCD2345' })).toBe('session:s-2-4:ABCD2345');
  });
});
