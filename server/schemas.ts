/** zod pieces shared by several functions' payload schemas. */
import { z } from 'zod';

/** A station code as printed in its QR scene: 2–16 upper-case letters or digits. */
export const stationCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,16}$/, '联络站编号应为2到16位字母或数字');

export const openidSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'openid 格式不正确');

/** A calendar day, 'YYYY-MM-DD' (China time; see core/calendar/china-time.ts). */
export const ymdSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2025-01-31');

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');

/** A mainland mobile number, as villagers give it for a call back. */
export const mobileSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写11位手机号码');
