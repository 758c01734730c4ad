/** The deputy's inbox: cases with them now, overdue first, then due soon; and cases they handled before. */
import { api, type InboxItem } from '../../../../services/api';
import { loadInto } from '../../../../services/page-state';
import { CASE_HANDLER_TEMPLATES, goTo, requestSubscriptions, toast } from '../../../../services/platform';

export const SLA_BADGES: Record<InboxItem['sla'], { text: string; theme: string }> = {
  overdue: { text: '已超期', theme: 'danger' },
  dueSoon: { text: '即将到期', theme: 'warning' },
  onTime: { text: '', theme: 'default' },
};

type Row = InboxItem & { badge: string; badgeTheme: string };

const withBadge = (i: InboxItem): Row => ({
  ...i,
  badge: SLA_BADGES[i.sla].text,
  badgeTheme: SLA_BADGES[i.sla].theme,
});

Page({
  data: {
    loading: true,
    open: [] as Row[],
    earlier: [] as Row[],
    overdue: 0,
    errorMessage: '',
  },

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) void this.load();
  },

  async load() {
    const inbox = await loadInto(this, () => api.opinion.inbox());
    if (!inbox) return;
    this.setData({
      loading: false,
      open: inbox.open.map(withBadge),
      earlier: inbox.earlier.map(withBadge),
      overdue: inbox.overdue,
    });
  },

  /** "接收新意见和期限提醒": one message each for the next new case and the next deadline. */
  async subscribe() {
    const accepted = await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    toast(accepted.length ? '已开启提醒，有新意见时会通知您' : '未开启提醒，可以随时再点这里开启');
  },

  /** Opening a case is where a deputy expects to be asked: the request comes first in the tap. */
  async open(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id ?? '';
    await requestSubscriptions(CASE_HANDLER_TEMPLATES);
    goTo(`/subpackages/deputy/pages/case/index?id=${id}`);
  },
});
