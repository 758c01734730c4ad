/**
 * What a phone number given to the station must look like: one rule for the functions' schemas and the
 * mini-program's forms (through core/client.exports.ts), so a form never accepts what the server refuses.
 */

/** A mainland mobile number, as villagers leave it with a booking or a walk-in (11 digits, 13x–19x). */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** A contact phone on an opinion: a mobile or a landline, with an optional +, spaces or dashes. */
export const CONTACT_PHONE_PATTERN = /^\+?[\d\s-]{5,20}$/;

/** Whether `phone` (trimmed) is a mainland mobile number. */
export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone.trim());
}

/** Whether `phone` (trimmed) may be an opinion's contact phone. */
export function isContactPhone(phone: string): boolean {
  return CONTACT_PHONE_PATTERN.test(phone.trim());
}
