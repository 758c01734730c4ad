/** The small "个人信息保护说明" link that home and every form carry, to pages/privacy/index. */
Component({});
