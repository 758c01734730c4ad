import { CONFIG, DEV_OPENID_KEY } from './config';
import { TEMPLATE_IDS, type TemplateKey } from './templates.generated';

/**
 * The one module that wraps `wx.*` calls other than the backend (services/api.ts is the backend's door).
 * Pages call these so tests can stub one place and the platform's quirks are handled once.
 */
export function toast(title: string, icon: 'none' | 'success' | 'error' = 'none'): void {
  wx.showToast({ title, icon, duration: 2500 });
}

export function goTo(url: string): void {
  wx.navigateTo({ url });
}

export function goHome(): void {
  wx.reLaunch({ url: '/pages/home/index' });
}

export function callPhone(phoneNumber: string): void {
  if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
}

export function readStorage(key: string): string {
  const v = wx.getStorageSync(key);
  return typeof v === 'string' ? v : '';
}

export function writeStorage(key: string, value: string): void {
  wx.setStorageSync(key, value);
}

export function setTitle(title: string): void {
  wx.setNavigationBarTitle({ title });
}

/** A station QR code's scene arrives URL-encoded in `query.scene`; a shared link carries `code`. */
export function stationCodeFromQuery(query: Record<string, string | undefined>): string {
  const raw = query.code ?? (query.scene ? decodeURIComponent(query.scene) : '');
  return raw.trim().toUpperCase();
}

/**
 * Asks for one-time subscriptions (one message each) to the given templates; must be called from a tap.
 * Answers the templates the user accepted. It never fails the tap: a refusal or an old client means
 * no reminder, not an error. With the local cloud, accepted templates are granted there (dev mode).
 */
export function requestSubscriptions(keys: readonly TemplateKey[]): Promise<TemplateKey[]> {
  const ids = keys.map((k) => TEMPLATE_IDS[k]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => {
        const accepted = keys.filter((k) => (res as Record<string, string>)[TEMPLATE_IDS[k]] === 'accept');
        if (CONFIG.backend === 'local') grantLocally(accepted.map((k) => TEMPLATE_IDS[k]));
        resolve(accepted);
      },
      fail: () => resolve([]),
    });
  });
}

function grantLocally(templateIds: string[]): void {
  for (const templateId of templateIds) {
    wx.request({
      url: `${CONFIG.localUrl}/local/subscriptions`,
      method: 'POST',
      data: { openid: devOpenid(), templateId, count: 1 },
      header: { 'content-type': 'application/json' },
      fail: () => undefined,
    });
  }
}

/** The openid the local cloud is told (the persona picked on the home page). */
export function devOpenid(): string {
  return readStorage(DEV_OPENID_KEY) || CONFIG.defaultDevOpenid;
}
