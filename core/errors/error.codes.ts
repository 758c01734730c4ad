/**
 * The one table of error codes (common ones here, each area's in its own file, merged below). A code is a stable English constant that clients and tests match on;
 * its text is plain Chinese a villager can act on. Server answers carry both; the mini-program gets a
 * generated copy of this table (miniprogram/services/errors.generated.ts) for codes it raises itself.
 */
import { ADMIN_ERRORS } from '../admin/admin.errors';
import { ARTICLE_ERRORS } from '../article/article.errors';
import { BOOKING_ERRORS } from '../booking/booking.errors';
import { CONGRESS_ERRORS } from '../congress/congress.errors';
import { COUNTY_ERRORS } from '../county/county.errors';
import { DUTY_ERRORS } from '../duty/duty.errors';
import { FIGURES_ERRORS } from '../figures/figures.errors';
import { GROUPS_ERRORS } from '../groups/groups.errors';
import { OPEN311_ERRORS } from '../open311/open311.errors';
import { OPINION_ERRORS } from '../opinion/opinion.errors';
import { SUGGESTION_ERRORS } from '../suggestion/suggestion.errors';

const COMMON_ERRORS = {
  BAD_INPUT: '填写的内容有误，请检查后再提交',
  UNKNOWN_ACTION: '不支持的操作，请升级小程序后再试',
  NOT_SIGNED_IN: '请在微信中打开小程序',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
  CONFLICT: '数据刚被他人修改，请刷新后重试',
  IN_PROGRESS: '正在提交，请稍候查看结果',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  DATE_OUT_OF_RANGE: '日期超出了可以选择的范围，请重新选择',
  CONTENT_RISKY: '内容含有不适宜公开的文字，请修改后再提交',
  INTERNAL: '系统繁忙，请稍后再试',
  NETWORK: '网络不太好，请检查网络后重试',

  STATION_NOT_FOUND: '没有找到这个联络站，请确认二维码是否正确',
  STATION_CODE_TAKEN: '联络站编号已被使用，请换一个',
  NOT_YOUR_STATION: '您只能办理自己联络站（或您本人）的事务',
  NOT_YOUR_DEPARTMENT: '这件意见没有转交给您所在的部门',
  ID_TAKEN: '这个编号已被本县其他乡镇使用，请换一个',
  TOWNSHIP_REQUIRED: '请先选择您所在的乡镇',
  TOWNSHIP_NOT_FOUND: '没有找到这个乡镇，请确认二维码是否正确',
  NOT_YOUR_TOWNSHIP: '您只能办理本乡镇的事务',

  INVITE_NOT_FOUND: '邀请码不正确，请核对后重新输入',
  INVITE_EXPIRED: '邀请码已过期，请联系乡镇人大主席团重新获取',
  INVITE_USED: '邀请码已被使用，请联系乡镇人大主席团重新获取',
  ALREADY_BOUND: '您的微信已绑定身份，无需重复绑定',
  BOOTSTRAP_CLOSED: '首个账号已经设置，不能再次初始化',
} as const;

/** Each area's table (core/<area>/<area>.errors.ts): no two may name the same code (tests hold it). */
export const AREA_ERRORS = {
  common: COMMON_ERRORS,
  booking: BOOKING_ERRORS,
  opinion: OPINION_ERRORS,
  duty: DUTY_ERRORS,
  article: ARTICLE_ERRORS,
  admin: ADMIN_ERRORS,
  county: COUNTY_ERRORS,
  figures: FIGURES_ERRORS,
  open311: OPEN311_ERRORS,
  groups: GROUPS_ERRORS,
  congress: CONGRESS_ERRORS,
  suggestion: SUGGESTION_ERRORS,
} as const;

/** Each area keeps its codes beside its rules (core/<area>/<area>.errors.ts); this is their union. */
export const ERROR_MESSAGES = {
  ...COMMON_ERRORS,
  ...BOOKING_ERRORS,
  ...OPINION_ERRORS,
  ...DUTY_ERRORS,
  ...ARTICLE_ERRORS,
  ...ADMIN_ERRORS,
  ...COUNTY_ERRORS,
  ...FIGURES_ERRORS,
  ...OPEN311_ERRORS,
  ...GROUPS_ERRORS,
  ...CONGRESS_ERRORS,
  ...SUGGESTION_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function messageFor(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}
