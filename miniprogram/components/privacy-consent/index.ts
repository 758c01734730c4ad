/**
 * The privacy consent popup (用户隐私保护指引). Put `<privacy-consent />` on every page that picks
 * photos or collects a name or phone: it stays hidden until WeChat asks for consent
 * (services/privacy.ts), then says in plain words what is collected and why, links to the
 * 个人信息保护说明 page, and answers WeChat with the user's tap.
 */
import {
  attachPopup,
  agreePrivacy,
  detachPopup,
  disagreePrivacy,
  type ConsentPopup,
} from '../../services/privacy';
import { openPrivacyContract, privacySetting } from '../../services/platform';

/** The id of the agree button: WeChat checks that the button with this id was tapped. */
export const AGREE_BUTTON_ID = 'privacy-agree';

/** Each popup's handle in services/privacy.ts, by component instance. */
const handles = new WeakMap<object, ConsentPopup>();

Component({
  data: { visible: false, contractName: '', referrer: '' },
  lifetimes: {
    attached() {
      const popup: ConsentPopup = {
        show: (referrer) => {
          this.setData({ visible: true, referrer });
          void privacySetting().then((s) => this.setData({ contractName: s.privacyContractName }));
        },
        hide: () => this.setData({ visible: false }),
      };
      handles.set(this, popup);
      attachPopup(popup);
    },
    detached() {
      const popup = handles.get(this);
      if (popup) detachPopup(popup);
    },
  },
  methods: {
    /** bindagreeprivacyauthorization: WeChat has recorded the tap on the agree button. */
    onAgree() {
      agreePrivacy(AGREE_BUTTON_ID);
    },
    onDisagree() {
      disagreePrivacy();
    },
    openContract() {
      openPrivacyContract();
    },
  },
});
