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
