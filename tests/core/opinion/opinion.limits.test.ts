import {
  checkDailyPlace,
  checkDraft,
  dailyLimitFrom,
  DAILY_LIMIT_DEFAULT,
  PHOTOS_MAX,
  TEXT_MAX,
} from '../../../core/opinion/opinion.limits';
import { categories, draft, station, villages } from './opinion.fixtures';

describe('the daily limit (taken atomically per case by server/opinion/opinions.repo claimDailyPlace)', () => {
  it('the default is 5', () => expect(DAILY_LIMIT_DEFAULT).toBe(5));

  it.each([
    [undefined, DAILY_LIMIT_DEFAULT],
    ['3', 3],
    ['unlimited', 'unlimited'],
    ['0', DAILY_LIMIT_DEFAULT],
    ['2.5', DAILY_LIMIT_DEFAULT],
    ['many', DAILY_LIMIT_DEFAULT],
  ])('OPINION_DAILY_LIMIT=%s is %s', (raw, limit) => {
    expect(dailyLimitFrom(raw)).toBe(limit);
  });

  it('a full day is refused with the code of who files', () => {
    expect(checkDailyPlace('full', 'villager')).toEqual({ ok: false, reason: 'DAILY_LIMIT' });
    expect(checkDailyPlace('full', 'onBehalf')).toEqual({ ok: false, reason: 'ON_BEHALF_DAILY_LIMIT' });
    for (const place of ['taken', 'held', 'unlimited'] as const)
      expect(checkDailyPlace(place, 'villager').ok).toBe(true);
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
