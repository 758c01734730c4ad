import { CONFIG } from './services/config';
import { startPrivacyConsent } from './services/privacy';

App({
  onLaunch() {
    if (CONFIG.backend === 'cloud') {
      wx.cloud.init({ env: CONFIG.cloudEnv, traceUser: false });
    }
    // WeChat asks for consent to the 用户隐私保护指引 before privacy APIs: the popup answers.
    startPrivacyConsent();
  },
});
