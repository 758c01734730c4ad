/**
 * Where the backend is. `cloud`: WeChat CloudBase (production). `local`: the local cloud started by
 * `npm start` (development in WeChat DevTools; tick "不校验合法域名" in the DevTools details).
 */
export interface AppConfig {
  backend: 'cloud' | 'local';
  /** CloudBase environment id. */
  cloudEnv: string;
  /** The local cloud's address as `npm start` prints it. */
  localUrl: string;
  /** The openid the local cloud is told in development (switch personas from the home page). */
  defaultDevOpenid: string;
}

/**
 * Fixed when the package is built: frozen, so nothing at run time (a page, a storage key, a query)
 * can turn a cloud build into a local one and bring back the development persona switcher.
 */
export const CONFIG: Readonly<AppConfig> = Object.freeze({
  backend: 'local',
  cloudEnv: 'your-cloudbase-env-id',
  localUrl: 'http://127.0.0.1:8787',
  defaultDevOpenid: 'demo-villager',
});

/** Where the chosen development persona's openid is kept (local backend only). */
export const DEV_OPENID_KEY = 'devOpenid';
