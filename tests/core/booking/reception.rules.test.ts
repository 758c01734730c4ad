import {
  checkInQrPayload,
  checkReceives,
  checkServedBy,
  checkWalkIn,
  dayRemindedOn,
  dayToRemindAt,
  messageDate,
  parseCheckInQr,
} from '../../../core/booking/reception.rules';

const day = { stationCode: 'JG01', deputyIds: ['d01', 'd02'] };

describe('checkReceives', () => {
  it.each([
    // Which station is the admin's is the pipeline's scope rule (tests/core/identity/scope.rules.test.ts).
    [{ role: 'stationAdmin' }, null],
    [{ role: 'deputy', deputyId: 'd02' }, null],
    [{ role: 'deputy', deputyId: 'd03' }, 'NOT_ON_DUTY'],
    [{ role: 'deputy' }, 'NOT_ON_DUTY'],
    [{ role: 'presidium' }, 'FORBIDDEN'],
    [{ role: 'resident' }, 'FORBIDDEN'],
  ])('%j → %s', (caller, reason) => {
    const d = checkReceives(caller, day);
    expect(d.ok ? null : d.reason).toBe(reason);
  });
});

describe('checkServedBy (who may be credited with serving the day)', () => {
  it.each([
    [{ role: 'deputy', deputyId: 'd01' }, ['d01', 'd02'], null],
    [{ role: 'deputy', deputyId: 'd01' }, ['d01'], null],
    [{ role: 'deputy', deputyId: 'd01' }, ['d01', 'd03'], 'NOT_ON_DUTY'],
    [{ role: 'stationAdmin' }, ['d01', 'd03'], null],
  ])('%j crediting %j → %s', (caller, deputyIds, reason) => {
    const d = checkServedBy(caller, day, deputyIds);
    expect(d.ok ? null : d.reason).toBe(reason);
  });
});

describe('reminder dates (China calendar days)', () => {
  it.each([
    ['2026-11-27', '2026-11-26'],
    ['2027-01-01', '2026-12-31'],
    ['2028-03-01', '2028-02-29'],
  ])('a day on %s is reminded on %s', (date, on) => {
    expect(dayRemindedOn(on)).toBe(date);
  });
});

describe('checkWalkIn', () => {
  it.each([
    ['2026-11-27', 'scheduled', '2026-11-27', null],
    ['2026-11-27', 'done', '2026-11-27', null],
    ['2026-11-27', 'scheduled', '2026-11-26', 'CHECKIN_NOT_OPEN'],
    ['2026-11-27', 'scheduled', '2026-11-28', 'DAY_PAST'],
    ['2026-11-27', 'cancelled', '2026-11-27', 'DAY_CANCELLED'],
  ] as const)('day %s (%s) on %s → %s', (date, status, today, reason) => {
    const d = checkWalkIn({ date, status }, today);
    expect(d.ok ? null : d.reason).toBe(reason);
  });
});

describe('check-in QR payload', () => {
  it('round-trips a booking id and code', () => {
    const payload = checkInQrPayload('abc123', 'K7X2MN');
    expect(parseCheckInQr(payload)).toEqual({ ok: true, value: { bookingId: 'abc123', code: 'K7X2MN' } });
    expect(parseCheckInQr(` ${payload}\n`)).toMatchObject({ ok: true });
  });
  it.each([
    '',
    'https://example.com',
    'LLZ-CHECKIN:abc',
    'LLZ-CHECKIN:a b:K7X2MN',
    'LLZ-CHECKIN:abc:k7x2mn',
    'X:abc:K7X2MN',
  ])('%j is not a check-in QR', (payload) =>
    expect(parseCheckInQr(payload)).toEqual({ ok: false, reason: 'QR_INVALID' }),
  );
});

describe('messageDate', () => {
  it.each([
    ['2026-11-07', '2026年11月7日'],
    ['2027-01-15', '2027年1月15日'],
  ])('%s → %s', (ymd, text) => expect(messageDate(ymd)).toBe(text));
});

describe('dayToRemindAt (China time, not at night)', () => {
  it.each([
    ['2026-11-25T23:59:00Z', null], // 07:59 on the 26th in China
    ['2026-11-26T00:00:00Z', '2026-11-27'], // 08:00
    ['2026-11-26T15:59:00Z', '2026-11-27'], // 23:59
    ['2026-11-26T16:00:00Z', null], // 00:00 on the 27th
    ['2026-12-31T02:00:00Z', '2027-01-01'],
  ])('at %s → %s', (iso, date) => expect(dayToRemindAt(new Date(iso))).toBe(date));
});
