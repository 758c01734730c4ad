import { CONFIG } from './services/config';

App({
  onLaunch() {
    if (CONFIG.backend === 'cloud') {
      wx.cloud.init({ env: CONFIG.cloudEnv, traceUser: false });
    }
  },
});
