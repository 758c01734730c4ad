/**
 * 个人信息保护说明: what the mini-program collects, why, who sees it, how long it is kept and how to
 * ask for deletion, in plain words and large type for villagers. Reached from home, from each form and
 * from the privacy-consent popup. Every sentence states what the code does (see the README's privacy
 * sections); change the text when the rules change.
 */
import { openPrivacyContract, privacySetting } from '../../services/platform';

Page({
  data: { contractName: '' },

  async onLoad() {
    const setting = await privacySetting();
    this.setData({ contractName: setting.privacyContractName });
  },

  openContract() {
    openPrivacyContract();
  },
});
