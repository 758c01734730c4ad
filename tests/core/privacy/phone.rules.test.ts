import { isContactPhone, isMobile } from '../../../core/privacy/phone.rules';

describe('phone rules (the functions and the forms share them)', () => {
  it.each([
    ['13812345678', true],
    [' 13812345678 ', true],
    ['19912345678', true],
    ['12012345678', false],
    ['1381234567', false],
    ['138123456789', false],
    ['0731-1234567', false],
  ])('a mobile: %s → %s', (phone, ok) => expect(isMobile(phone)).toBe(ok));

  it.each([
    ['13812345678', true],
    ['0731-1234567', true],
    ['+86 138 1234 5678', true],
    ['1234', false],
    ['abc12345', false],
  ])('a contact phone on an opinion: %s → %s', (phone, ok) => expect(isContactPhone(phone)).toBe(ok));
});
