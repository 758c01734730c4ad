/**
 * Every subscribe-message template the product sends, in one table: the mini-program asks for
 * subscriptions by these ids (generated into miniprogram/services/templates.generated.ts) and the
 * server's outbox sends with them. A deployment replaces each `id` with the id it chose in the
 * mini-program admin console (订阅消息 → 公共模板库) for a template with the same field keys.
 */
export interface TemplateSpec {
  /** The template id from the mini-program admin console. */
  id: string;
  /** What the template is called in the public template library, to find it when deploying. */
  title: string;
  /** Field keys and what each carries (the key's kind sets its length limit, core/notify/message.fields). */
  fields: Record<string, string>;
  /**
   * A long-term template (长期订阅, granted to some public-service categories such as 政务民生): one
   * acceptance lets the server send again and again, so a send does not use a grant up
   * (core/notify/grants.ts). Set it only with a long-term template's id from the admin console.
   */
  longTerm?: boolean;
}

export const TEMPLATES = {
  bookingReminder: {
    id: 'LOCAL-booking-reminder',
    title: '预约到期提醒',
    fields: { thing1: '联络站', time2: '接待时间', thing3: '地点', thing4: '温馨提示' },
  },
  bookingChanged: {
    id: 'LOCAL-booking-changed',
    title: '预约变更通知',
    fields: { thing1: '联络站', date2: '接待日期', phrase3: '变更结果', thing4: '原因' },
  },
  opinionAssigned: {
    id: 'LOCAL-opinion-assigned',
    title: '待办事项提醒',
    fields: { thing1: '事项', thing2: '村组', time3: '提交时间', thing4: '办理时限' },
  },
  opinionProgress: {
    id: 'LOCAL-opinion-progress',
    title: '办理进度通知',
    fields: { thing1: '您反映的问题', phrase2: '办理状态', thing3: '办理情况', time4: '更新时间' },
  },
  opinionDeadline: {
    id: 'LOCAL-opinion-deadline',
    title: '办理时限提醒',
    fields: { thing1: '事项', phrase2: '提醒类型', time3: '截止时间' },
  },
  noticePublished: {
    id: 'LOCAL-notice-published',
    title: '公示通知',
    fields: { thing1: '公示名称', thing2: '联络站', time3: '公示时间' },
  },
  articlePublished: {
    id: 'LOCAL-article-published',
    title: '新内容发布通知',
    fields: { thing1: '标题', thing2: '分类', date3: '发布日期' },
  },
  projectProgress: {
    id: 'LOCAL-project-progress',
    title: '项目进度通知',
    fields: { thing1: '项目名称', thing2: '进展情况', date3: '完成日期' },
  },
  activityNotice: {
    id: 'LOCAL-activity-notice',
    title: '活动通知',
    fields: { thing1: '活动名称', time2: '活动时间', thing3: '活动地点', phrase4: '通知类型' },
  },
} as const satisfies Record<string, TemplateSpec>;

export type TemplateKey = keyof typeof TEMPLATES;

/** Every template key, for schemas (z.enum) and lists. */
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as [TemplateKey, ...TemplateKey[]];

/** The fields a message for `key` must fill (every key of the template, nothing else). */
export type TemplateFields<K extends TemplateKey> = Record<keyof (typeof TEMPLATES)[K]['fields'], string>;

/** One subscribe message to send: what a rule decides and the outbox (server/outbox.ts) queues. */
export interface MessageRequest<K extends TemplateKey> {
  /** Dedupe key, unique per message: 'remind:<bookingId>', 'article:<id>:<openid>'. */
  key: string;
  openid: string;
  template: K;
  /** The mini-program page the message opens, with its query (core/notify/pages.ts). */
  page: string;
  fields: TemplateFields<K>;
  ref: string;
}
