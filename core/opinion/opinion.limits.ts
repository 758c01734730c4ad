/**
 * What a submission may be: sizes, the daily limit per villager, and the checks on a draft before it is
 * routed. The daily limit is taken atomically, one place per case and China day, by
 * server/opinion/opinions.repo.ts claimDailyPlace (a station admin's 代录 has its own limit, onBehalfPerDay).
 */
import { CONTACT_PHONE_PATTERN } from '../privacy/phone.rules';
import { allow, deny, type Decision } from '../result';
import type { Station, Village } from '../station/station.types';
import type { Category, Contact, OpinionDraft } from './opinion.types';

export const TEXT_MAX = 1000;
export const PHOTOS_MAX = 6;
export const ANSWER_MAX = 2000;
export const NOTE_MAX = 500;
export const CONTACT_NAME_MAX = 20;
export const DAILY_LIMIT_DEFAULT = 5;

/** Submissions a villager may make per China day; 'unlimited' is explicit, never 0. */
export type DailyLimit = number | 'unlimited';

/** OPINION_DAILY_LIMIT as configured: a whole number above 0, or 'unlimited'; anything else is the default. */
export function dailyLimitFrom(raw: string | undefined): DailyLimit {
  if (raw === 'unlimited') return 'unlimited';
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : DAILY_LIMIT_DEFAULT;
}

/** A day's place as the store answered it (one place per case, taken in one conditional update). */
export type DailyPlace = 'taken' | 'held' | 'full' | 'unlimited';

/**
 * May the case be filed on this day's quota? A full day is refused: DAILY_LIMIT for a villager's own
 * submissions, ON_BEHALF_DAILY_LIMIT for a station admin's 代录 (its own limit, onBehalfPerDay).
 */
export function checkDailyPlace(place: DailyPlace, filer: 'villager' | 'onBehalf'): Decision<void> {
  if (place !== 'full') return allow(undefined);
  return deny(filer === 'onBehalf' ? 'ON_BEHALF_DAILY_LIMIT' : 'DAILY_LIMIT');
}

export type { OpinionDraft } from './opinion.types';

export interface DraftContext {
  station: Pick<Station, 'code'>;
  villages: readonly Pick<Village, 'code' | 'stationCode'>[];
  categories: readonly Category[];
}

const PHONE = CONTACT_PHONE_PATTERN;

/**
 * Checks a draft and returns it normalised: text trimmed, and no contact at all on an anonymous draft
 * (collect the minimum: an anonymous villager's phone could only leak). Returns the case's category.
 */
export function checkDraft(
  draft: OpinionDraft,
  ctx: DraftContext,
): Decision<{ draft: OpinionDraft; category: Category }> {
  const category = ctx.categories.find((c) => c.code === draft.categoryCode && c.active);
  if (!category) return deny('CATEGORY_NOT_FOUND');
  const village = ctx.villages.find((v) => v.code === draft.villageCode);
  if (!village || village.stationCode !== ctx.station.code || draft.stationCode !== ctx.station.code) {
    return deny('VILLAGE_NOT_IN_STATION');
  }
  const text = draft.text.trim();
  if (!text) return deny('TEXT_EMPTY');
  if (Array.from(text).length > TEXT_MAX) return deny('TEXT_TOO_LONG');
  if (draft.photos.length > PHOTOS_MAX) return deny('TOO_MANY_PHOTOS');
  const contact = draft.anonymous ? undefined : normaliseContact(draft.contact);
  if (contact === null) return deny('CONTACT_INVALID');
  return allow({ draft: { ...draft, text, contact }, category });
}

/** undefined = no contact given; null = given but invalid. */
function normaliseContact(contact: Contact | undefined): Contact | undefined | null {
  const name = contact?.name?.trim() || undefined;
  const phone = contact?.phone?.trim() || undefined;
  if (!name && !phone) return undefined;
  if (name && Array.from(name).length > CONTACT_NAME_MAX) return null;
  if (phone && !PHONE.test(phone)) return null;
  return { ...(name && { name }), ...(phone && { phone }) };
}
