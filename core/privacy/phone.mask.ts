/**
 * Phone numbers are shown masked everywhere except the one view that needs them (DOMAIN.md, privacy).
 * Mainland mobiles keep the first 3 and last 4 digits (138****5678); other numbers keep their last 4.
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '****';
  return `${'*'.repeat(Math.min(digits.length - 4, 8))}${digits.slice(-4)}`;
}

/** Full-width digits and separators (０-９ ＋ － and the full-width space) as their ASCII twins: one code unit each. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0B\uFF0D\u3000]/g;
const toHalfWidth = (text: string) =>
  text.replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

/** Between the digits of a number as people write it: spaces, hyphens, dots and dashes. */
const SEP = '[\\s\\-.·—]*';
/** A mainland mobile: an optional +86 / 0086 / 86, then 1[3-9] and nine more digits, however grouped. */
const MOBILE = `(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}`;
/** A landline: an area code 0xx or 0xxx (bracketed or not), then 7 or 8 digits, however grouped. */
const LANDLINE = `(?:\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}\\d(?:${SEP}\\d){6,7}`;
const PHONE_IN_TEXT = new RegExp(`(?<![\\d+])(?:${MOBILE}|${LANDLINE})(?!\\d)`, 'g');

/**
 * Phone numbers written inside free text, masked however they were typed: 13700001111, 137 0000 1111,
 * 137-0000-1111, +86 137…, full-width digits, landlines such as 0838-6201234 or (0838)6201234.
 * Villagers sometimes type their number into the text; an anonymous case must not carry it to anyone.
 */
export function redactPhones(text: string): string {
  const plain = toHalfWidth(text);
  let out = '';
  let at = 0;
  for (const m of plain.matchAll(PHONE_IN_TEXT)) {
    const start = m.index ?? 0;
    const digits = m[0].replace(/\D/g, '');
    const national = /^(?:0086|86)1[3-9]\d{9}$/.test(digits) ? digits.replace(/^(?:00)?86/, '') : digits;
    out += text.slice(at, start) + maskPhone(national);
    at = start + m[0].length;
  }
  return out + text.slice(at);
}
