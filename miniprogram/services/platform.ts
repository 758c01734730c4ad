import { api, type Subscriptions } from './api';
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

/** Back to the page that opened this one (an edit form returns to what it edited). */
export function goBack(): void {
  wx.navigateBack({ delta: 1 });
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
 * What a deputy or the presidium is told about the cases they handle: a new case (or one handed back
 * or reopened) and its deadlines / 催办. Asked for at the taps where they work on cases.
 */
export const CASE_HANDLER_TEMPLATES: readonly TemplateKey[] = ['opinionAssigned', 'opinionDeadline'];

/** What a department's staff are sent: a case transferred to their department (转办). */
export const DEPARTMENT_TEMPLATES: readonly TemplateKey[] = ['opinionAssigned'];

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
        lastReport = accepted.length > 0 ? reportAccepted(accepted) : Promise.resolve(null);
        resolve(accepted);
      },
      fail: () => resolve([]),
    });
  });
}

/** The server's report of the last accepted dialog (awaited by askForReminders). */
let lastReport: Promise<Subscriptions | null> = Promise.resolve(null);

/**
 * Tells the server which templates were accepted in this dialog: one grant each (account.recordSubscriptions,
 * once per requestId), so it knows how many messages it may send (您还可以收到N条提醒). Never fails the tap.
 */
function reportAccepted(accepted: TemplateKey[]): Promise<Subscriptions | null> {
  return api.account.recordSubscriptions(newRequestId(), accepted).then(
    (res) => (res.ok ? res.data : null),
    () => null,
  );
}

/**
 * The 再次订阅 button: asks again (the dialog, first in the tap) and answers how many reminders of every
 * kind in `keys` the server now counts, or null when the server could not say.
 */
export async function askForReminders(keys: readonly TemplateKey[]): Promise<number | null> {
  const accepted = await requestSubscriptions(keys);
  if (accepted.length > 0) await lastReport;
  const res = await api.account.mySubscriptions([...keys]);
  return res.ok ? res.data.reminders : null;
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

/** Shows both share entries in the ··· menu (to a chat and to Moments); old clients lack the API. */
export function enableShareMenu(): void {
  if (typeof wx.showShareMenu === 'function')
    wx.showShareMenu({ withShareTicket: false, menus: ['shareAppMessage', 'shareTimeline'] });
}

/** A yes/no question; answers true when the user taps the confirm button. */
export function confirmDialog(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

/** Picks one photo and uploads it to cloud storage; answers its cloud:// file id, or '' (cancelled, local). */
export function chooseAndUploadImage(folder: string): Promise<string> {
  if (CONFIG.backend !== 'cloud') {
    toast('本地开发环境不能上传图片，可填写云存储文件ID');
    return Promise.resolve('');
  }
  return ensurePrivacyConsent().then((agreed) => (agreed ? pickAndUpload(folder) : photosRefused('')));
}

function pickAndUpload(folder: string): Promise<string> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: (res) => {
        const file = res.tempFiles[0];
        if (!file) return resolve('');
        const ext = (file.tempFilePath.match(/\.[a-zA-Z0-9]+$/) ?? ['.jpg'])[0];
        wx.cloud.uploadFile({
          cloudPath: `${folder}/${Date.now()}-${Math.floor(Math.random() * 1e6)}${ext}`,
          filePath: file.tempFilePath,
          success: (up) => resolve(up.fileID),
          fail: () => resolve(''),
        });
      },
      fail: () => resolve(''),
    });
  });
}

/** Scans a QR code with the camera; answers its text, or '' when the user cancels. */
export function scanCode(): Promise<string> {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      success: (res) => resolve(res.result ?? ''),
      fail: () => resolve(''),
    });
  });
}

/** A client request id for an idempotent submission: made once per form, kept across retries. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Picks up to `count` photos (compressed); answers their local temp paths ([] when cancelled). The
 * privacy consent is asked first (a page that picks photos carries the privacy-consent popup).
 */
export async function choosePhotos(count: number): Promise<string[]> {
  if (count <= 0) return [];
  if (!(await ensurePrivacyConsent())) return photosRefused([]);
  return new Promise((resolve) => {
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: (res) => resolve(res.tempFiles.map((f) => f.tempFilePath)),
      fail: () => resolve([]),
    });
  });
}

/**
 * Uploads one local photo to cloud storage under `folder`; answers its cloud:// file id, or '' on failure.
 * With the local cloud there is no storage: the photo keeps a stand-in id built from its file name only
 * (never the device path), so the form works end to end in development.
 */
export function uploadPhoto(localPath: string, folder: string): Promise<string> {
  const name =
    (localPath.split('/').pop() ?? 'photo.jpg').replace(/[^A-Za-z0-9._-]/g, '').slice(-60) || 'photo.jpg';
  if (CONFIG.backend !== 'cloud') return Promise.resolve(`cloud://local-dev/${folder}/${name}`);
  return new Promise((resolve) => {
    wx.cloud.uploadFile({
      cloudPath: `${folder}/${Date.now()}-${Math.floor(Math.random() * 1e6)}-${name}`,
      filePath: localPath,
      success: (up) => resolve(up.fileID),
      fail: () => resolve(''),
    });
  });
}

/**
 * Picks one document (a PDF or Word file from a chat: 正式答复文件) and uploads it under `folder`; answers
 * its cloud:// file id, or '' when cancelled or failed (uploadPhoto's stand-in id with the local cloud).
 */
export function chooseAndUploadDocument(folder: string): Promise<string> {
  return new Promise((resolve) => {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['pdf', 'doc', 'docx'],
      success: (res) => {
        const file = res.tempFiles[0];
        if (!file) return resolve('');
        void uploadPhoto(file.path, folder).then(resolve);
      },
      fail: () => resolve(''),
    });
  });
}

/** Development only (local backend): whether the home page offers the demo personas. */
export function isLocalBackend(): boolean {
  return CONFIG.backend === 'local';
}

/** Development only: the persona (openid) the local cloud is told from now on; a cloud build refuses. */
export function setDevOpenid(openid: string): boolean {
  if (!isLocalBackend()) return false;
  writeStorage(DEV_OPENID_KEY, openid);
  return true;
}

/** Ends the pull-down refresh animation once a page has reloaded. */
export function stopPullDownRefresh(): void {
  wx.stopPullDownRefresh();
}

/*
 * WeChat's privacy consent (用户隐私保护指引, base library 2.32.3 and later). Before a privacy API
 * (chooseMedia …) runs for a user who has not agreed, WeChat calls the onNeedPrivacyAuthorization
 * listener and holds the API until `resolve` is called: {event:'agree', buttonId} after the user tapped
 * a <button open-type="agreePrivacyAuthorization">, or {event:'disagree'}. Older clients have none of
 * these APIs: then nothing is asked and everything proceeds as before.
 */

/** What the page answers WeChat when it asks for consent. */
export type PrivacyAnswer =
  { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };
export type PrivacyResolve = (answer: PrivacyAnswer) => void;
/** Called when WeChat needs consent; `referrer` names the API or component that asked. */
export type PrivacyNeedListener = (resolve: PrivacyResolve, referrer: string) => void;

type PrivacyWx = {
  onNeedPrivacyAuthorization?: (
    listener: (resolve: PrivacyResolve, info?: { referrer?: string }) => void,
  ) => void;
  getPrivacySetting?: typeof wx.getPrivacySetting;
  requirePrivacyAuthorize?: typeof wx.requirePrivacyAuthorize;
  openPrivacyContract?: typeof wx.openPrivacyContract;
};
const privacyWx = (): PrivacyWx => wx as unknown as PrivacyWx;

/** Registers the one privacy listener (WeChat keeps only the last one registered); false on old clients. */
export function onNeedPrivacyAuthorization(listener: PrivacyNeedListener): boolean {
  const w = privacyWx();
  if (typeof w.onNeedPrivacyAuthorization !== 'function') return false;
  w.onNeedPrivacyAuthorization((resolve, info) => listener(resolve, info?.referrer ?? ''));
  return true;
}

/** Whether WeChat still needs the user's consent, and the name of the guide (《…隐私保护指引》). */
export function privacySetting(): Promise<{ needAuthorization: boolean; privacyContractName: string }> {
  const w = privacyWx();
  const none = { needAuthorization: false, privacyContractName: '' };
  if (typeof w.getPrivacySetting !== 'function') return Promise.resolve(none);
  return new Promise((resolve) => {
    w.getPrivacySetting!({
      success: (res) =>
        resolve({
          needAuthorization: !!res.needAuthorization,
          privacyContractName: res.privacyContractName ?? '',
        }),
      fail: () => resolve(none),
    });
  });
}

/**
 * Asks for consent now if WeChat still needs it (the popup shows through the listener); answers true
 * when the user has agreed (or nothing needs asking), false when they refused.
 */
export async function ensurePrivacyConsent(): Promise<boolean> {
  const setting = await privacySetting();
  const w = privacyWx();
  if (!setting.needAuthorization || typeof w.requirePrivacyAuthorize !== 'function') return true;
  return new Promise((resolve) => {
    w.requirePrivacyAuthorize!({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** Opens WeChat's own page of the guide as declared in the console (old clients: nothing). */
export function openPrivacyContract(): void {
  const w = privacyWx();
  if (typeof w.openPrivacyContract === 'function') w.openPrivacyContract({ fail: () => undefined });
}

function photosRefused<T>(value: T): T {
  toast('未同意个人信息保护说明，不能选照片');
  return value;
}
