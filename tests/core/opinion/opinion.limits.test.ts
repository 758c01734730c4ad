import {
  checkDailyLimit,
  checkDraft,
  DAILY_LIMIT_DEFAULT,
  PHOTOS_MAX,
  TEXT_MAX,
} from '../../../core/opinion/opinion.limits';
import { categories, draft, station, villages } from './opinion.fixtures';

describe('checkDailyLimit (per China day)', () => {
  // 2026-10-08 in China runs from 2026-10-07T16:00Z to 2026-10-08T16:00Z.
  const now = new Date('2026-10-08T10:00:00Z');
  const today = (n: number) => Array.from({ length: n }, (_, i) => new Date(`2026-10-08T0${i}:00:00Z`));

  it('the default is 5', () => expect(DAILY_LIMIT_DEFAULT).toBe(5));

  it.each([
    ['no earlier submissions', [], { ok: true, value: { left: 4 } }],
    ['4 today', today(4), { ok: true, value: { left: 0 } }],
    ['5 today', today(5), { ok: false, reason: 'DAILY_LIMIT' }],
    [
      '5 yesterday in China time (before 16:00 UTC the day before)',
      Array(5).fill(new Date('2026-10-07T15:59:00Z')),
      { ok: true, value: { left: 4 } },
    ],
    [
      '5 since China midnight (16:00 UTC the day before)',
      Array(5).fill(new Date('2026-10-07T16:00:00Z')),
      { ok: false, reason: 'DAILY_LIMIT' },
    ],
  ])('with %s', (_, earlier, decision) => {
    expect(checkDailyLimit(earlier, now)).toEqual(decision);
  });

  it('takes a configured limit, and unlimited is explicit', () => {
    expect(checkDailyLimit(today(2), now, 2)).toEqual({ ok: false, reason: 'DAILY_LIMIT' });
    expect(checkDailyLimit(today(9), now, 'unlimited')).toEqual({ ok: true, value: { left: 'unlimited' } });
  });
});

describe('checkDraft', () => {
  const ctx = { station, villages, categories };
  const reasonFor = (overrides: Parameters<typeof draft>[0]) => {
    const result = checkDraft(draft(overrides), ctx);
    return result.ok ? 'ok' : result.reason;
  };

  it.each([
    ['an unknown category', { categoryCode: 'nope' }, 'CATEGORY_NOT_FOUND'],
    ['a retired category', { categoryCode: 'old' }, 'CATEGORY_NOT_FOUND'],
    ['a village of another station', { villageCode: 'XX' }, 'VILLAGE_NOT_IN_STATION'],
    ['an unknown village', { villageCode: 'ZZ' }, 'VILLAGE_NOT_IN_STATION'],
    ['another station than the one scanned', { stationCode: 'OTHER' }, 'VILLAGE_NOT_IN_STATION'],
    ['blank text', { text: ' \n ' }, 'TEXT_EMPTY'],
    [`text of ${TEXT_MAX} characters`, { text: '路'.repeat(TEXT_MAX) }, 'ok'],
    [`text of ${TEXT_MAX + 1} characters`, { text: '路'.repeat(TEXT_MAX + 1) }, 'TEXT_TOO_LONG'],
    [`${PHOTOS_MAX} photos`, { photos: Array(PHOTOS_MAX).fill('cloud://p') }, 'ok'],
    [`${PHOTOS_MAX + 1} photos`, { photos: Array(PHOTOS_MAX + 1).fill('cloud://p') }, 'TOO_MANY_PHOTOS'],
    ['a phone that is not a number', { contact: { phone: '打我电话' } }, 'CONTACT_INVALID'],
    ['a name too long', { contact: { name: '名'.repeat(21) } }, 'CONTACT_INVALID'],
    ['no contact at all', { contact: undefined }, 'ok'],
  ])('with %s → %s', (_, overrides, reason) => {
    expect(reasonFor(overrides)).toBe(reason);
  });

  it('trims the text and returns the case’s category', () => {
    const result = checkDraft(draft({ text: '  路灯坏了  ' }), ctx);
    expect(result.ok && result.value.draft.text).toBe('路灯坏了');
    expect(result.ok && result.value.category.code).toBe('env');
  });

  it('drops any contact from an anonymous draft, even an invalid one', () => {
    const result = checkDraft(draft({ anonymous: true, contact: { name: '王秀英', phone: 'x' } }), ctx);
    expect(result.ok && result.value.draft.contact).toBeUndefined();
  });

  it('drops blank contact fields', () => {
    const result = checkDraft(draft({ contact: { name: ' ', phone: '13812345678' } }), ctx);
    expect(result.ok && result.value.draft.contact).toEqual({ phone: '13812345678' });
  });
});
