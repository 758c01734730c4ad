/**
 * A department's inbox (部门工作人员): the cases deputies transferred to it, those waiting for its
 * answer first (overdue, then due soon), then those it answered. Opening a case — and the button at the
 * top — asks for the next new-case message, as the deputies' inbox does.
 */
import { api, type DepartmentInboxItem } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { withSlaBadge } from '../../../../services/sla-badge';
import { DEPARTMENT_TEMPLATES, goTo, requestSubscriptions, toast } from '../../../../services/platform';

type Row = DepartmentInboxItem & { badge: string; badgeTheme: string };

const withBadge = (i: DepartmentInboxItem): Row => withSlaBadge(i);

Page({
  data: {
    loading: true,
    departmentName: '',
    open: [] as Row[],
    earlier: [] as Row[],
    overdue: 0,
    errorMessage: '',
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    if (!this.data.loading) void this.load();
  },

  async load() {
    const inbox = await loadInto(this, () => api.department.inbox());
    if (!inbox) return;
    this.setData({
      loading: false,
      departmentName: inbox.departmentName,
      open: inbox.open.map(withBadge),
      earlier: inbox.earlier.map(withBadge),
      overdue: inbox.overdue,
    });
  },

  /** "接收转办提醒": one message for the next case transferred to the department. */
  async subscribe() {
    const accepted = await requestSubscriptions(DEPARTMENT_TEMPLATES);
    toast(accepted.length ? '已开启提醒，有转办意见时会通知您' : '未开启提醒，可以随时再点这里开启');
  },

  /** Opening a case is where staff expect to be asked: the request comes first in the tap. */
  async open(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id ?? '';
    await requestSubscriptions(DEPARTMENT_TEMPLATES);
    goTo(`/subpackages/department/pages/case/index?id=${id}`);
  },
});
