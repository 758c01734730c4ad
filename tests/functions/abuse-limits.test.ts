/**
 * Limits on abuse, per WeChat user, as the presidium sets them (admin.getLimits / setLimits):
 * invite-code tries per hour, 代录 opinions per station admin per day, reception days booked at once,
 * subscribe dialogs reported per hour; each counted in the township whose limit it is (invite tries
 * across townships); and no booking of a day beyond the window villagers are shown, even by id.
 */
import { ABUSE_LIMITS_DEFAULT } from '../../core/admin/abuse.limits';
import { DAILY_LIMIT_DEFAULT } from '../../core/opinion/opinion.limits';
import { NOTICE_HORIZON_DAYS } from '../../core/booking/booking.rules';
import { addDays, chinaDate } from '../../core/calendar/china-time';
import { PERSONAS } from '../../local/demo/township.seed';
import { storedIdIn } from '../../local/township-writes';
import { OPINION_FORM, expectError, useDemoCloud, type Envelope } from './support';

const NOW = new Date();
const cloud = useDemoCloud(NOW);
const today = chinaDate(NOW);
const PRESIDIUM = 'demo-presidium';
const ADMIN = 'demo-station-admin';
let seq = 0;

const setLimits = (limits: Record<string, unknown>, openid = PRESIDIUM) =>
  cloud.call<{ limits: typeof ABUSE_LIMITS_DEFAULT }>('admin', { action: 'setLimits', ...limits }, openid);

describe('the presidium sets the limits', () => {
  it('answers the defaults and their ranges', async () => {
    const res = await cloud.call('admin', { action: 'getLimits' }, PRESIDIUM);
    expect(res).toMatchObject({ ok: true, data: { limits: ABUSE_LIMITS_DEFAULT } });
  });

  it.each([
    [{ heldPlaces: 0 }],
    [{ heldPlaces: 11 }],
    // a township may slow invite guessing further, never speed it up
    [{ inviteAttemptsPerHour: ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour + 1 }],
    [{ onBehalfPerDay: 201 }],
  ])('refuses %j with LIMIT_INVALID and keeps the old values', async (change) => {
    expectError(await setLimits(change), 'LIMIT_INVALID');
    expect(await cloud.call('admin', { action: 'getLimits' }, PRESIDIUM)).toMatchObject({
      data: { limits: ABUSE_LIMITS_DEFAULT },
    });
  });

  it('only the presidium', async () => {
    expectError(await setLimits({ heldPlaces: 9 }, ADMIN), 'FORBIDDEN');
    expectError(await setLimits({ heldPlaces: 9 }, 'demo-villager'), 'FORBIDDEN');
  });
});

describe("each township's limits are its own", () => {
  const QS_PRESIDIUM = PERSONAS.presidiumQs;
  const limitsOf = async (openid: string, townshipId: string) => {
    const res = await cloud.call<{ limits: typeof ABUSE_LIMITS_DEFAULT }>(
      'admin',
      { action: 'getLimits', townshipId },
      openid,
    );
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data.limits;
  };

  it("青山镇's presidium sets 青山镇's limits; 金鼓乡's stay as they were, and the other way round", async () => {
    const jinguBefore = await limitsOf(PRESIDIUM, 'jingu');
    const qs = await cloud.call(
      'admin',
      { action: 'setLimits', heldPlaces: 5, onBehalfPerDay: 7, townshipId: 'qingshan' },
      QS_PRESIDIUM,
    );
    expect(qs).toMatchObject({ ok: true, data: { limits: { heldPlaces: 5, onBehalfPerDay: 7 } } });
    expect(await limitsOf(PRESIDIUM, 'jingu')).toEqual(jinguBefore);
    expect(await limitsOf(QS_PRESIDIUM, 'qingshan')).toMatchObject({ heldPlaces: 5, onBehalfPerDay: 7 });
    expect(cloud.store.get('settings', storedIdIn('qingshan', 'settings', 'abuseLimits'))?.doc).toMatchObject(
      {
        townshipId: 'qingshan',
        heldPlaces: 5,
      },
    );

    expect(await setLimits({ heldPlaces: 2 })).toMatchObject({ ok: true });
    expect(await limitsOf(QS_PRESIDIUM, 'qingshan')).toMatchObject({ heldPlaces: 5, onBehalfPerDay: 7 });
    expect(await limitsOf(PRESIDIUM, 'jingu')).toEqual({ ...jinguBefore, heldPlaces: 2 });
    // Back to 金鼓乡's values for the tests below.
    expect(await setLimits({ heldPlaces: jinguBefore.heldPlaces })).toMatchObject({ ok: true });
  });

  it("a presidium member cannot read or set another township's limits", async () => {
    expectError(
      await cloud.call('admin', { action: 'setLimits', heldPlaces: 9, townshipId: 'qingshan' }, PRESIDIUM),
      'FORBIDDEN',
    );
    expectError(
      await cloud.call('admin', { action: 'getLimits', townshipId: 'jingu' }, QS_PRESIDIUM),
      'FORBIDDEN',
    );
    expect(await limitsOf(QS_PRESIDIUM, 'qingshan')).toMatchObject({ heldPlaces: 5 });
  });
});

describe('invite codes: a few tries an hour per person', () => {
  const redeem = (code: string, openid: string, at?: string) =>
    cloud.call('account', { action: 'redeemInvite', code }, openid, at);

  it(`after ${ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour} tries, even the right code waits for the next hour`, async () => {
    const created = await cloud.call<{ code: string }>(
      'account',
      { action: 'createInvite', role: 'stationAdmin', name: '联络员', stationCode: 'JG02' },
      PRESIDIUM,
    );
    const code = (created as { data: { code: string } }).data.code;
    const guesser = 'guesser-openid-1';
    for (let i = 0; i < ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour; i++)
      expectError(await redeem(`WRONG${i}AA`, guesser), 'INVITE_NOT_FOUND');
    expectError(await redeem(code, guesser), 'INVITE_ATTEMPTS_LIMIT');
    const nextHour = new Date(NOW.getTime() + 3_600_000).toISOString();
    expect(await redeem(code, guesser, nextHour)).toMatchObject({ ok: true, data: { role: 'stationAdmin' } });
  });

  it('50 guesses at once: at most the limit are tried', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => redeem(`GUESS${i}AAA`, 'guesser-openid-2')),
    );
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'INVITE_NOT_FOUND')).toHaveLength(
      ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour,
    );
    expect(codes.filter((c) => c !== 'INVITE_NOT_FOUND' && c !== 'INVITE_ATTEMPTS_LIMIT')).toEqual([]);
  });

  it('another person is not slowed by the guesser', async () => {
    expectError(await redeem('OTHERAAA', 'guesser-openid-3'), 'INVITE_NOT_FOUND');
  });

  it("tries are counted across townships: a township's lower limit refuses its right code after wrong ones", async () => {
    const QS_PRESIDIUM = PERSONAS.presidiumQs;
    const setQs = (inviteAttemptsPerHour: number) =>
      cloud.call(
        'admin',
        { action: 'setLimits', inviteAttemptsPerHour, townshipId: 'qingshan' },
        QS_PRESIDIUM,
      );
    expect(await setQs(2)).toMatchObject({ ok: true });
    const created = await cloud.call<{ code: string }>(
      'account',
      {
        action: 'createInvite',
        role: 'stationAdmin',
        name: '青山联络员',
        stationCode: 'QS01',
        townshipId: 'qingshan',
      },
      QS_PRESIDIUM,
    );
    const code = (created as { data: { code: string } }).data.code;
    const guesser = 'guesser-openid-4';
    for (const wrong of ['WRONGQS1', 'WRONGQS2'])
      expectError(await redeem(wrong, guesser), 'INVITE_NOT_FOUND');
    // the code names 青山镇, whose limit (2) the two wrong tries used up
    expectError(await redeem(code, guesser), 'INVITE_ATTEMPTS_LIMIT');
    // elsewhere the default still lets the guesser try (the same counter, a higher limit)
    expectError(await redeem('WRONGQS3', guesser), 'INVITE_NOT_FOUND');
    expect(await setQs(ABUSE_LIMITS_DEFAULT.inviteAttemptsPerHour)).toMatchObject({ ok: true });
  });
});

describe('counted in the township whose limit it is', () => {
  const QS_PRESIDIUM = PERSONAS.presidiumQs;
  const VILLAGER = 'v-two-townships';
  const submitIn = (townshipId: string, form: object, n: number) =>
    cloud.call<{ id: string }>(
      'opinion',
      {
        action: 'submit',
        ...form,
        requestId: `two-${townshipId}-${n}-req`,
        text: `第${n}件想反映的事`,
        townshipId,
      },
      VILLAGER,
    );
  const JINGU_FORM = OPINION_FORM;
  const QINGSHAN_FORM = {
    ...OPINION_FORM,
    stationCode: 'QS01',
    villageCode: 'qingshan',
    categoryCode: 'road',
  };

  it("a villager's submissions in 金鼓乡 do not use up their daily quota in 青山镇", async () => {
    for (let i = 0; i < DAILY_LIMIT_DEFAULT; i++)
      expect(await submitIn('jingu', JINGU_FORM, i)).toMatchObject({ ok: true });
    expectError(await submitIn('jingu', JINGU_FORM, 99), 'DAILY_LIMIT');
    for (let i = 0; i < DAILY_LIMIT_DEFAULT; i++)
      expect(await submitIn('qingshan', QINGSHAN_FORM, i)).toMatchObject({ ok: true });
    expectError(await submitIn('qingshan', QINGSHAN_FORM, 99), 'DAILY_LIMIT');
    for (const t of ['jingu', 'qingshan'])
      expect(
        cloud.store.get('opinionQuotas', storedIdIn(t, 'opinionQuotas', `${VILLAGER}:${today}`))?.doc,
      ).toMatchObject({ townshipId: t, used: DAILY_LIMIT_DEFAULT });
  });

  it("subscribe taps in one township do not use another's hourly limit", async () => {
    const tap = (townshipId: string, n: number) =>
      cloud.call(
        'account',
        {
          action: 'recordSubscriptions',
          requestId: `taps-${townshipId}-${n}-req`,
          templates: ['opinionProgress'],
          townshipId,
        },
        VILLAGER,
      );
    expect(
      await cloud.call(
        'admin',
        { action: 'setLimits', subscriptionTapsPerHour: 5, townshipId: 'qingshan' },
        QS_PRESIDIUM,
      ),
    ).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) expect(await tap('qingshan', i)).toMatchObject({ ok: true });
    expectError(await tap('qingshan', 99), 'RATE_LIMITED');
    // 金鼓乡 counts its own, against its own (default) limit
    for (let i = 0; i < 6; i++) expect(await tap('jingu', i)).toMatchObject({ ok: true });
    expect(
      await cloud.call(
        'admin',
        {
          action: 'setLimits',
          subscriptionTapsPerHour: ABUSE_LIMITS_DEFAULT.subscriptionTapsPerHour,
          townshipId: 'qingshan',
        },
        QS_PRESIDIUM,
      ),
    ).toMatchObject({ ok: true });
  });
});

describe('a station admin filing on villagers’ behalf (代录): a daily limit', () => {
  const file = (requestId: string, at?: string) =>
    cloud.call<{ id: string }>(
      'opinion',
      {
        action: 'submit',
        ...OPINION_FORM,
        requestId,
        text: `代录：村口路灯坏了 ${requestId}`,
        contact: { name: '李婆婆' },
      },
      ADMIN,
      at,
    );

  it('files up to the limit the presidium set, then ON_BEHALF_DAILY_LIMIT; a retry is not counted twice', async () => {
    expect(await setLimits({ onBehalfPerDay: 2 })).toMatchObject({ ok: true });
    const first = await file('onbehalf-0001');
    expect(first).toMatchObject({ ok: true });
    expect(await file('onbehalf-0001')).toEqual(first);
    expect(await file('onbehalf-0002')).toMatchObject({ ok: true });
    expectError(await file('onbehalf-0003'), 'ON_BEHALF_DAILY_LIMIT');
    const tomorrow = new Date(NOW.getTime() + 24 * 3_600_000).toISOString();
    expect(await file('onbehalf-0004', tomorrow)).toMatchObject({ ok: true });
    expect(await setLimits({ onBehalfPerDay: ABUSE_LIMITS_DEFAULT.onBehalfPerDay })).toMatchObject({
      ok: true,
    });
  });
});

describe('booking: places held at once, and only days villagers are shown', () => {
  /** A reception day at JG01 `inDays` ahead, announced today. */
  function day(inDays: number): string {
    const date = addDays(today, inDays);
    const id = `AB${++seq}:${date}`;
    cloud.store.commit([
      {
        collection: 'receptionDays',
        id,
        doc: {
          _id: id,
          stationCode: 'JG01',
          date,
          start: '14:30',
          end: '17:00',
          deputyIds: ['d01'],
          capacity: 10,
          booked: 0,
          status: 'scheduled',
          announcedOn: today,
        },
      },
    ]);
    return id;
  }
  const book = (openid: string, dayId: string) =>
    cloud.call<{ bookingId: string }>(
      'booking',
      { action: 'book', requestId: `ab-req-${++seq}-xx`, dayId, topic: '灌溉渠漏水', villageCode: 'jingu' },
      openid,
    );
  const held = (openid: string) =>
    [...cloud.store.entries('bookings').values()].filter(
      (e) => (e.doc as { openid?: string; status?: string }).openid === openid && e.doc.status === 'booked',
    ).length;

  it(`holds at most ${ABUSE_LIMITS_DEFAULT.heldPlaces} days; cancelling one frees a place`, async () => {
    const who = 'holder-openid-1';
    const booked: Envelope<{ bookingId: string }>[] = [];
    for (let i = 0; i < ABUSE_LIMITS_DEFAULT.heldPlaces; i++) booked.push(await book(who, day(5 + i)));
    for (const b of booked) expect(b).toMatchObject({ ok: true });
    expectError(await book(who, day(12)), 'BOOKINGS_HELD_LIMIT');
    const first = booked[0] as { data: { bookingId: string } };
    expect(
      await cloud.call('booking', { action: 'cancel', bookingId: first.data.bookingId }, who),
    ).toMatchObject({ ok: true });
    expect(await book(who, day(13))).toMatchObject({ ok: true });
    expect(held(who)).toBe(ABUSE_LIMITS_DEFAULT.heldPlaces);
  });

  it('8 bookings of 8 days at once never hold more than the limit, and leave no place taken without a booking', async () => {
    const who = 'holder-openid-2';
    const ids = Array.from({ length: 8 }, (_, i) => day(5 + i));
    const answers = await Promise.all(ids.map((id) => book(who, id)));
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c !== 'ok' && c !== 'BOOKINGS_HELD_LIMIT')).toEqual([]);
    expect(held(who)).toBeLessThanOrEqual(ABUSE_LIMITS_DEFAULT.heldPlaces);
    const taken = ids.reduce(
      (sum, id) => sum + (cloud.store.get('receptionDays', id)!.doc.booked as number),
      0,
    );
    expect(taken).toBe(held(who));
  });

  it('the presidium may raise the limit', async () => {
    const who = 'holder-openid-3';
    expect(await setLimits({ heldPlaces: 4 })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) expect(await book(who, day(5 + i))).toMatchObject({ ok: true });
    expectError(await book(who, day(10)), 'BOOKINGS_HELD_LIMIT');
    expect(await setLimits({ heldPlaces: ABUSE_LIMITS_DEFAULT.heldPlaces })).toMatchObject({ ok: true });
  });

  it(`a day more than ${NOTICE_HORIZON_DAYS} days ahead cannot be booked, even by id`, async () => {
    expectError(await book('holder-openid-4', day(NOTICE_HORIZON_DAYS + 1)), 'DAY_NOT_OPEN');
    expect(await book('holder-openid-4', day(NOTICE_HORIZON_DAYS))).toMatchObject({ ok: true });
  });
});
