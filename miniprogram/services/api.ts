/**
 * The only door to the backend. In production it calls the cloud functions through wx.cloud; in
 * development it posts the same event to the local cloud (`npm start`) with the chosen persona's
 * openid in `x-wx-openid`. Every call resolves to the envelope; it never throws.
 */
import type { StationSummary, StationView } from '../../core/station/station.view';
import { CONFIG } from './config';
import { errorText } from './errors';
import { devOpenid } from './platform';

export type ApiError = { code: string; message: string; details?: unknown };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export { DEV_OPENID_KEY } from './config';

function networkError<T>(): ApiResult<T> {
  return { ok: false, error: { code: 'NETWORK', message: errorText('NETWORK') } };
}

function normalise<T>(result: unknown): ApiResult<T> {
  const r = result as ApiResult<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return networkError<T>();
  if (!r.ok) return { ok: false, error: { ...r.error, message: errorText(r.error.code, r.error.message) } };
  return r;
}

export async function call<T>(
  name: string,
  action: string,
  payload: Record<string, unknown> = {},
): Promise<ApiResult<T>> {
  const data = { ...payload, action };
  if (CONFIG.backend === 'cloud') {
    try {
      const res = await wx.cloud.callFunction({ name, data });
      return normalise<T>(res.result);
    } catch {
      return networkError<T>();
    }
  }
  return new Promise((resolve) => {
    wx.request({
      url: `${CONFIG.localUrl}/functions/${name}`,
      method: 'POST',
      data,
      header: {
        'content-type': 'application/json',
        'x-wx-openid': devOpenid(),
      },
      success: (res) => resolve(normalise<T>(res.data)),
      fail: () => resolve(networkError<T>()),
    });
  });
}

export interface Me {
  role: 'resident' | 'deputy' | 'stationAdmin' | 'presidium';
  roleLabel: string;
  name: string | null;
  deputyId: string | null;
  stationCode: string | null;
}

export const api = {
  account: {
    whoami: () => call<Me>('account', 'whoami'),
    redeemInvite: (code: string) =>
      call<{ role: string; roleLabel: string; name: string }>('account', 'redeemInvite', { code }),
  },
  station: {
    list: () => call<StationSummary[]>('station', 'list'),
    get: (code: string) => call<StationView>('station', 'get', { code }),
  },
};
