/**
 * 我的活动 (a deputy): the activities they are invited to — 待参加 (today's first, with 签到), 已参加, and
 * the ones missed or cancelled — and, for a group's leader, those they organise with 安排小组活动.
 * 扫码签到 scans the activity's code at the venue; the duty record follows when the activity is closed.
 * Each row shows the activity's day, time and place as they are now; one an edit moved is marked
 * 时间地点有变更 (`changed`).
 */
import { api, type ActivitySummary } from '../../../../services/api';
import { chinaDateAfter, chooseTownship, errorState } from '../../../../services/page-state';
import { goTo, scanCode, toast } from '../../../../services/platform';

type Row = ActivitySummary & { today: boolean; note: string };

export interface MyActivities {
  upcoming: Row[];
  attended: Row[];
  organising: Row[];
  other: Row[];
}

/** The deputy's activities in the page's sections (a day's order kept: soonest upcoming first). */
export function sections(activities: ActivitySummary[], today: string): MyActivities {
  const out: MyActivities = { upcoming: [], attended: [], organising: [], other: [] };
  for (const a of activities) {
    const row: Row = { ...a, today: a.date === today, note: '' };
    if (a.organising && a.status === 'scheduled') out.organising.push({ ...row, note: '我组织的' });
    if (!a.invited) continue;
    if (a.checkedIn) {
      out.attended.push({
        ...row,
        note: a.status === 'closed' ? '已计入履职登记' : '已签到，活动结束后计入履职',
      });
    } else if (a.status === 'scheduled' && a.date >= today) {
      out.upcoming.push({ ...row, note: row.today ? '今天' : '' });
    } else {
      out.other.push({ ...row, note: a.status === 'cancelled' ? '已取消' : '未到会' });
    }
  }
  out.upcoming.reverse();
  return out;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
    upcoming: [] as Row[],
    attended: [] as Row[],
    organising: [] as Row[],
    other: [] as Row[],
    canOrganise: false,
    checking: false,
  },

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    // back from an activity's page or the schedule form: its check-in or a new activity shows
    if (!this.data.loading) void this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const [list, form] = await Promise.all([api.groups.listActivities(), api.groups.activityForm()]);
    if (!list.ok) return this.setData(errorState(list.error));
    this.setData({
      loading: false,
      ...sections(list.data.activities, chinaDateAfter(0)),
      canOrganise: form.ok && form.data.canOrganise,
    });
  },

  async scan() {
    if (this.data.checking) return;
    const qr = await scanCode();
    if (!qr) return;
    this.setData({ checking: true });
    const res = await api.groups.checkInByQr(qr);
    this.setData({ checking: false });
    if (!res.ok) return toast(res.error.message);
    toast('签到成功', 'success');
    return this.load();
  },

  open(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    if (id) goTo(`/subpackages/deputy/pages/activity/index?id=${id}`);
  },

  schedule() {
    goTo('/subpackages/presidium/pages/activities/index?new=1');
  },
});
