/**
 * The one door to wx-server-sdk. Everything in server/ and cloudfunctions/ reaches the platform through
 * here, so the local cloud and CloudBase run the same code.
 */
import * as cloud from 'wx-server-sdk';

let initialised = false;

export function sdk(): typeof cloud {
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is typed as a string option but is a symbol the SDK resolves at call time.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

export function database(): Database {
  return sdk().database();
}

/**
 * The caller as WeChat says it is. OPENID is empty for timer triggers and console/CLI invocations, but
 * also for web SDK users (anonymous login included), other accounts and HTTP access: no openid alone
 * proves nothing.
 */
export function callerOpenid(): string {
  return sdk().getWXContext().OPENID ?? '';
}

/**
 * Who started this run, as the platform says (getWXContext().SOURCE, a chain such as 'wx_client,scf'):
 * 'wx_trigger' for a timer trigger, 'wx_client' for the mini-program, 'wx_http' for HTTP access …
 * The first link is the origin.
 */
export function callSource(): string {
  const source = (sdk().getWXContext() as { SOURCE?: unknown }).SOURCE;
  return typeof source === 'string' ? (source.split(',')[0] ?? '').trim() : '';
}

/** The SOURCE of a run started by a timer trigger (developers.weixin.qq.com, Cloud.getWXContext). */
export const TRIGGER_SOURCE = 'wx_trigger';
