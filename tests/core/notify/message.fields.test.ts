import {
  buildMessageData,
  fieldKind,
  fitField,
  messageDate,
  messageTime,
  type FieldKind,
} from '../../../core/notify/message.fields';
import { chinaInstant } from '../../../core/calendar/china-time';

const chars = (s: string) => Array.from(s).length;

describe('fitField', () => {
  it.each([
    ['a thing that fits', 'thing', '修路意见已办结', '修路意见已办结'],
    [
      'a thing of exactly 20 characters',
      'thing',
      '一二三四五六七八九十一二三四五六七八九十',
      '一二三四五六七八九十一二三四五六七八九十',
    ],
    [
      'a thing of 21 characters, cut with …',
      'thing',
      '一二三四五六七八九十一二三四五六七八九十一',
      '一二三四五六七八九十一二三四五六七八九…',
    ],
    [
      'a thing with emoji, cut by character not by UTF-16 unit',
      'thing',
      '👍'.repeat(25),
      '👍'.repeat(19) + '…',
    ],
    ['a thing with line breaks', 'thing', ' 村口\n路灯\t坏了 ', '村口 路灯 坏了'],
    ['a Chinese name over 10', 'name', '欧阳一二三四五六七八九', '欧阳一二三四五六七八'],
    ['a Latin name of 20', 'name', 'Alexandra Richardson', 'Alexandra Richardson'],
    ['a Latin name over 20', 'name', 'Alexandra Richardsons', 'Alexandra Richardson'],
    ['a phrase over 5', 'phrase', '已经受理完毕', '已经受理完'],
    ['a character string over 32', 'character_string', 'A'.repeat(40), 'A'.repeat(32)],
    ['a number over 32 digits', 'number', '9'.repeat(33), '9'.repeat(32)],
    ['a phone number over 17', 'phone_number', '+86-0766-66888866-123', '+86-0766-66888866'],
  ] as const)('%s', (_ctx, kind, value, fitted) => {
    expect(fitField(kind, value)).toBe(fitted);
  });

  it.each(['thing', 'name', 'phrase', 'character_string', 'number', 'phone_number'] as FieldKind[])(
    'never answers an empty %s',
    (kind) => {
      expect(fitField(kind, '').length).toBeGreaterThan(0);
      expect(fitField(kind, ' \n ').length).toBeGreaterThan(0);
    },
  );

  it('a cut thing stays within 20 characters', () => {
    expect(chars(fitField('thing', '很'.repeat(100)))).toBe(20);
  });

  it.each([
    ['time', '15:01'],
    ['time', '2026年10月9日 14:30'],
    ['time', '2026-10-09 14:30:00'],
    ['time', '2026年10月9日 14:30~2026年10月9日 17:00'],
    ['date', '2026年10月9日'],
    ['date', '2026-10-09'],
    ['date', '2026年10月9日 14:30'],
  ] as const)('keeps a well-formed %s %j as it is', (kind, value) => {
    expect(fitField(kind, value)).toBe(value);
  });

  it.each([
    ['time', '下午两点'],
    ['time', '2026年10月9日'],
    ['date', ''],
    ['date', '10月9日'],
  ] as const)('refuses a malformed %s %j rather than send a wrong time', (kind, value) => {
    expect(() => fitField(kind, value)).toThrow(RangeError);
  });
});

describe('fieldKind', () => {
  it.each([
    ['thing1', 'thing'],
    ['thing12', 'thing'],
    ['character_string3', 'character_string'],
    ['phone_number7', 'phone_number'],
    ['time2', 'time'],
  ])('of %s is %s', (key, kind) => {
    expect(fieldKind(key)).toBe(kind);
  });

  it.each(['amount1', 'constructor', 'thing_x1'])('refuses the unknown key %s', (key) => {
    expect(() => fieldKind(key)).toThrow(RangeError);
  });
});

describe('buildMessageData', () => {
  it('fits each value by its key and wraps it as { value }', () => {
    expect(
      buildMessageData({
        thing1: '关于村东头道路积水需要尽快修缮的意见建议书',
        phrase2: '已办结',
        time3: '2026年10月9日 14:30',
        name4: '',
      }),
    ).toEqual({
      thing1: { value: '关于村东头道路积水需要尽快修缮的意见建…' },
      phrase2: { value: '已办结' },
      time3: { value: '2026年10月9日 14:30' },
      name4: { value: '无' },
    });
  });
});

describe('messageDate and messageTime', () => {
  it('writes a day as WeChat shows dates', () => {
    expect(messageDate('2026-10-09')).toBe('2026年10月9日');
  });

  it.each([
    ['an afternoon', chinaInstant('2026-10-09', '14:30'), '2026年10月9日 14:30'],
    [
      'just after midnight China time (still the day before in UTC)',
      chinaInstant('2026-10-09', '00:05'),
      '2026年10月9日 00:05',
    ],
    [
      'the last minute of the day, seconds dropped',
      new Date(chinaInstant('2026-10-10', '00:00').getTime() - 1000),
      '2026年10月9日 23:59',
    ],
  ])('writes %s in China time', (_ctx, instant, text) => {
    expect(messageTime(instant)).toBe(text);
    expect(fitField('time', text)).toBe(text);
  });
});
