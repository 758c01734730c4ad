/**
 * Rules of a congress session: its title, its dates, the quorum (more than two thirds of all deputies
 * present) and the check-in code the QR code at the door carries.
 */
import { addDays, type Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';

/** A session lasts at most this many days. */
export const SESSION_MAX_DAYS = 7;
export const PLACE_MAX = 40;
export const AGENDA_MAX = 20;
export const AGENDA_TITLE_MAX = 60;
/** Check-in codes: 8 characters of an alphabet without look-alikes. */
export const CHECKIN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SESSION_CHECKIN_LENGTH = 8;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 23 → 二十三 (terms and meetings stay below 100). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** '金鼓乡第二届人民代表大会第四次会议' */
export function sessionTitle(townshipName: string, term: number, meeting: number): string {
  return `${townshipName}第${chineseNumber(term)}届人民代表大会第${chineseNumber(meeting)}次会议`;
}

/** The session's stable id: one per term and meeting. */
export function sessionId(term: number, meeting: number): string {
  return `s-${term}-${meeting}`;
}

/** The last day is not before the first, and the session lasts at most SESSION_MAX_DAYS. */
export function checkSessionDates(date: Ymd, endDate: Ymd): Decision<void> {
  if (endDate < date || endDate > addDays(date, SESSION_MAX_DAYS - 1)) return deny('SESSION_DATES_INVALID');
  return allow(undefined);
}

export interface Quorum {
  present: number;
  total: number;
  /** The fewest present that is more than two thirds of all deputies. */
  needed: number;
  met: boolean;
}

/** More than two thirds of all deputies present: 3 × present > 2 × total. */
export function quorum(present: number, total: number): Quorum {
  const needed = Math.floor((2 * total) / 3) + 1;
  return { present, total, needed, met: total > 0 && present >= needed };
}

/** A check-in code from random integers in [0, CHECKIN_ALPHABET.length). */
export function sessionCheckInCode(randomInts: readonly number[]): string {
  if (randomInts.length < SESSION_CHECKIN_LENGTH) throw new RangeError('too few random integers');
  return randomInts
    .slice(0, SESSION_CHECKIN_LENGTH)
    .map((n) => {
      if (!Number.isInteger(n) || n < 0 || n >= CHECKIN_ALPHABET.length)
        throw new RangeError(`bad integer ${n}`);
      return CHECKIN_ALPHABET[n];
    })
    .join('');
}

/** What the check-in QR code at the door carries: `session:<sessionId>:<code>`. */
export const sessionQrOf = (s: { _id: string; checkInCode?: string }) =>
  `session:${s._id}:${s.checkInCode ?? ''}`;

/**
 * What a deputy typed, or the QR code carried (`session:<id>:<code>`, which must name this session), in
 * the stored form; '' when the QR code is another session's.
 */
export function normaliseSessionCode(typed: string, sessionId?: string): string {
  const qr = /^session:(s-\d{1,2}-\d{1,2}):([A-Za-z0-9]+)$/.exec(typed.trim());
  if (qr) return sessionId && qr[1] !== sessionId ? '' : qr[2].toUpperCase();
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
