import { CONFIG } from './services/config';
import { startPrivacyConsent } from './services/privacy';
import { adoptTownshipFrom } from './services/township';

App({
  onLaunch(options) {
    if (CONFIG.backend === 'cloud') {
      wx.cloud.init({ env: CONFIG.cloudEnv, traceUser: false });
    }
    // WeChat asks for consent to the 用户隐私保护指引 before privacy APIs: the popup answers.
    startPrivacyConsent();
    adoptTownshipFrom(options?.query);
  },

  /** A subscribe message's tap (or a shared link) carries its township as `t`: show that township. */
  onShow(options) {
    adoptTownshipFrom(options?.query);
  },
});
