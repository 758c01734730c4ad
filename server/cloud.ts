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

/** The caller as WeChat says it is: OPENID is empty for timer triggers and console/CLI invocations. */
export function callerOpenid(): string {
  return sdk().getWXContext().OPENID ?? '';
}
