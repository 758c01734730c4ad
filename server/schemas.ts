/**
 * zod pieces shared by several functions' payload schemas. Each `…Field()` builds a new schema: they are
 * called inside an action's `input: () => …` (server/pipeline.ts), so that loading a function builds
 * none of them (tests/functions/cold-start.test.ts holds it).
 */
import { z } from 'zod';
import type { Ymd } from '../core/calendar/china-time';
import {
  FIRST_DAY,
  LAST_DAY,
  checkDateWindow,
  isCalendarDay,
  windowOn,
  type DateField,
} from '../core/calendar/date-window';
import { MOBILE_PATTERN } from '../core/privacy/phone.rules';
import { fail } from './errors';

/** A station code as printed in its QR scene: 2–16 upper-case letters or digits. */
export const stationCodeField = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,16}$/, '联络站编号应为2到16位字母或数字');

export const openidField = () => z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'openid 格式不正确');

/**
 * A calendar day, 'YYYY-MM-DD' (China time; see core/calendar/china-time.ts): the one date schema of every
 * action. A real day ('2027-02-30' is not) in FIRST_DAY … LAST_DAY; each field's window around today is
 * checked by its action (`requireDateIn`), where the clock is known.
 */
export const ymdField = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2025-01-31')
    .refine(isCalendarDay, `日期应为${FIRST_DAY.slice(0, 4)}年至${LAST_DAY.slice(0, 4)}年间实际存在的日期`);

/** `day` if it lies in the field's window on `today` (core/calendar/date-window.ts); DATE_OUT_OF_RANGE, with the window, if not. */
export function requireDateIn(field: DateField, day: Ymd, today: Ymd): Ymd {
  if (!checkDateWindow(day, today, field).ok) fail('DATE_OUT_OF_RANGE', { field, ...windowOn(today, field) });
  return day;
}

export const idField = () => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');

/** A mainland mobile number, as villagers give it for a call back. */
export const mobileField = () => z.string().trim().regex(MOBILE_PATTERN, '请填写11位手机号码');
