/**
 * The one answer to WeChat's privacy consent request (wx.onNeedPrivacyAuthorization, registered once
 * through services/platform.ts: at launch in app.ts, and again harmlessly by the first popup).
 *
 * Each page that calls a privacy API (photos) or collects a name or phone carries the
 * `privacy-consent` component; it attaches itself here. When WeChat asks, the popup of the page opened
 * last shows the plain-words text; 同意 (a button with open-type="agreePrivacyAuthorization") answers
 * every pending request {event:'agree', buttonId}, 不同意 answers {event:'disagree'}. WeChat may ask
 * for several APIs at once: one tap answers them all. With no popup on screen the request is refused,
 * so WeChat never waits for a tap that cannot come.
 */
import { onNeedPrivacyAuthorization, type PrivacyAnswer, type PrivacyResolve } from './platform';

/** What a popup component offers this module. */
export interface ConsentPopup {
  show(referrer: string): void;
  hide(): void;
}

const popups: ConsentPopup[] = [];
let pending: PrivacyResolve[] = [];
let started = false;

/** Registers the listener once; later calls do nothing. */
export function startPrivacyConsent(): void {
  if (started) return;
  started = onNeedPrivacyAuthorization((resolve, referrer) => {
    const popup = popups[popups.length - 1];
    if (!popup) {
      resolve({ event: 'disagree' });
      return;
    }
    pending.push(resolve);
    popup.show(referrer);
    // tells WeChat the popup is on screen
    resolve({ event: 'exposureAuthorization' });
  });
}

export function attachPopup(popup: ConsentPopup): void {
  startPrivacyConsent();
  if (!popups.includes(popup)) popups.push(popup);
}

export function detachPopup(popup: ConsentPopup): void {
  const i = popups.indexOf(popup);
  if (i >= 0) popups.splice(i, 1);
}

/** Whether WeChat is waiting for the user's answer. */
export function consentPending(): boolean {
  return pending.length > 0;
}

function answer(a: PrivacyAnswer): void {
  const waiting = pending;
  pending = [];
  for (const p of popups) p.hide();
  for (const resolve of waiting) resolve(a);
}

/** The user tapped the agree button whose id is `buttonId` (after WeChat's agreeprivacyauthorization event). */
export function agreePrivacy(buttonId: string): void {
  answer({ event: 'agree', buttonId });
}

export function disagreePrivacy(): void {
  answer({ event: 'disagree' });
}
