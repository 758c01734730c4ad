/** The deputy's inbox: cases with them now, overdue first, then due soon; and cases they handled before. */
import { api, type InboxItem } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { withSlaBadge } from '../../../../services/sla-badge';
import {
  CASE_HANDLER_TEMPLATES,
  askForReminders,
  goTo,
  requestSubscriptions,
  toast,
} from '../../../../services/platform';

type Row = InboxItem & { badge: string; badgeTheme: string };

const withBadge = (i: InboxItem): Row => withSlaBadge(i);

Page({
  data: {
    loading: true,
    open: [] as Row[],
    earlier: [] as Row[],
    overdue: 0,
    errorMessage: '',
    /** 您还可以收到N条提醒: new-case and deadline messages the server may still send (null: unknown). */
    reminders: null as number | null,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) void this.load();
  },

  async load() {
    const [inbox, subs] = await Promise.all([
      loadInto(this, () => api.opinion.inbox()),
      api.account.mySubscriptions([...CASE_HANDLER_TEMPLATES]),
    ]);
    if (!inbox) return;
    this.setData({
      loading: false,
      reminders: subs.ok ? subs.data.reminders : null,
      open: inbox.open.map(withBadge),
      earlier: inbox.earlier.map(withBadge),
      overdue: inbox.overdue,
    });
  },

  /** "接收新意见和期限提醒": one message each for the next new case and the next deadline. */
  async subscribe() {
    const before = this.data.reminders;
    const reminders = await askForReminders(CASE_HANDLER_TEMPLATES);
    if (reminders !== null) this.setData({ reminders });
    const more = reminders !== null && (before === null || reminders > before);
    toast(more ? '已开启提醒，有新意见时会通知您' : '未开启提醒，可以随时再点这里开启');
  },

  /** Opening a case is where a deputy expects to be asked: the request comes first in the tap. */
  async open(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id ?? '';
    await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    goTo(`/subpackages/deputy/pages/case/index?id=${id}`);
  },

  /** 我的履职档案: the deputy's own figures for the year. */
  openArchive() {
    goTo('/subpackages/deputy/pages/archive/index');
  },
});
