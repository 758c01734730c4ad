/**
 * WeChat subscribe-message fields (subscribeMessage.send `data`). Each template key is a kind plus a
 * number (thing1, time2, phrase3); WeChat rejects the whole message (47003) when a value breaks its
 * kind's limit or is empty. Limits count characters (Unicode code points), not UTF-16 units.
 */
import { chinaDate, chinaInstant, type Ymd } from '../calendar/china-time';

export type FieldKind =
  | 'thing'
  | 'name'
  | 'phrase'
  | 'character_string'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'phone_number'
  | 'car_number'
  | 'time'
  | 'date';

interface FieldSpec {
  /** Most characters allowed; `name` allows 20 when the value has no Chinese characters. */
  max: number;
  /** Whether a cut value may end with '…' (only kinds that accept any symbol). */
  ellipsis: boolean;
  /** What to send instead of an empty value; it must itself be valid for the kind. */
  empty: string;
}

/** Limits as WeChat documents them ("订阅消息参数值内容限制说明"). time and date are checked by format instead. */
export const FIELD_LIMITS: Record<Exclude<FieldKind, 'time' | 'date'>, FieldSpec> = {
  thing: { max: 20, ellipsis: true, empty: '无' },
  name: { max: 10, ellipsis: false, empty: '无' },
  phrase: { max: 5, ellipsis: false, empty: '无' },
  character_string: { max: 32, ellipsis: false, empty: '-' },
  number: { max: 32, ellipsis: false, empty: '0' },
  letter: { max: 32, ellipsis: false, empty: 'N' },
  symbol: { max: 5, ellipsis: false, empty: '-' },
  phone_number: { max: 17, ellipsis: false, empty: '-' },
  car_number: { max: 8, ellipsis: false, empty: '-' },
};

const NAME_MAX_WITHOUT_CHINESE = 20;
const ELLIPSIS = '…';

/** '2026年10月9日' or '2026-10-09', with an optional 'HH:mm', optionally a range joined by '~'. */
const DATE_TIME = /^\d{4}(年\d{1,2}月\d{1,2}日|-\d{2}-\d{2})( \d{1,2}:\d{2}(:\d{2})?)?$/;
const CLOCK = /^\d{1,2}:\d{2}(:\d{2})?$/;
const FORMATS: Record<'time' | 'date', (part: string) => boolean> = {
  time: (part) => CLOCK.test(part) || (DATE_TIME.test(part) && part.includes(':')),
  date: (part) => DATE_TIME.test(part),
};

/**
 * `value` made valid for a field of `kind`: whitespace runs collapsed to one space and trimmed;
 * cut to the kind's limit by characters (a `thing` that is cut ends with '…'); an empty value
 * replaced by the kind's placeholder, so the answer is never ''. A time or date value is not cut
 * (a cut time would lie): it is trimmed and must match the format, else RangeError.
 */
export function fitField(kind: FieldKind, value: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  if (kind === 'time' || kind === 'date') {
    if (text.split('~').every((part) => FORMATS[kind](part.trim()))) return text;
    throw new RangeError(`not a subscribe-message ${kind}: '${value}'`);
  }
  const spec = FIELD_LIMITS[kind];
  if (text === '') return spec.empty;
  const chars = Array.from(text);
  const max = kind === 'name' && !/\p{Script=Han}/u.test(text) ? NAME_MAX_WITHOUT_CHINESE : spec.max;
  if (chars.length <= max) return text;
  return spec.ellipsis ? chars.slice(0, max - 1).join('') + ELLIPSIS : chars.slice(0, max).join('');
}

/**
 * A value for a field of `kind` made of a text part and a tail that must stay whole (a date, a
 * deadline): when the two are too long, the text part is shortened (ending with '…' where the kind
 * allows it), never the tail. E.g. ('thing', '部门已答复，请审核办结', '2026-12-09前答复') keeps the date.
 */
export function fitWithTail(kind: FieldKind, head: string, tail: string, separator = '，'): string {
  if (kind === 'time' || kind === 'date') throw new RangeError(`fitWithTail: not for a ${kind} field`);
  const whole = fitField(kind, `${head}${separator}${tail}`);
  const end = fitField(kind, tail);
  if (whole.endsWith(end)) return whole;
  const spec = FIELD_LIMITS[kind];
  const room = spec.max - Array.from(end).length - Array.from(separator).length;
  const words = Array.from(head.replace(/\s+/g, ' ').trim());
  if (room < 2 || words.length === 0) return end;
  const cut = spec.ellipsis ? words.slice(0, room - 1).join('') + ELLIPSIS : words.slice(0, room).join('');
  return `${cut}${separator}${end}`;
}

/** The kind of a template key: the key without its trailing digits (thing12 → thing). Throws on an unknown kind. */
export function fieldKind(key: string): FieldKind {
  const kind = key.replace(/\d+$/, '');
  if (kind === 'time' || kind === 'date' || Object.prototype.hasOwnProperty.call(FIELD_LIMITS, kind)) {
    return kind as FieldKind;
  }
  throw new RangeError(`unknown subscribe-message field '${key}'`);
}

/** subscribeMessage.send `data`: each value fitted to its key's kind, as `{ key: { value } }`. */
export function buildMessageData(fields: Record<string, string>): Record<string, { value: string }> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, { value: fitField(fieldKind(key), value) }]),
  );
}

/** A date field value for a calendar day: '2026年10月9日'. */
export function messageDate(day: Ymd): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A time field value for an instant in China time: '2026年10月9日 14:30'. */
export function messageTime(instant: Date): string {
  const day = chinaDate(instant);
  const minutes = Math.floor((instant.getTime() - chinaInstant(day).getTime()) / 60000);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${messageDate(day)} ${hhmm}`;
}
