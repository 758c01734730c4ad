/**
 * A station's page, opened from its QR code (scene = station code) or from the home page.
 * One cloud call fills the first screen.
 */
import type { ReceptionDayCard, StationView } from '../../../core/station/station.view';
import {
  api,
  type Me,
  type NoticeHistoryItem,
  type NoticeView,
  type PublicAnswerItem,
  type PublicCardView,
  type StationActivity,
  type StationGroup,
} from '../../services/api';
import { chooseTownship, errorState } from '../../services/page-state';
import {
  callPhone,
  goHome,
  goTo,
  requestSubscriptions,
  setTitle,
  stationCodeFromQuery,
  toast,
} from '../../services/platform';
import { currentTownship, setCurrentTownship, townshipOf } from '../../services/township';

type DayRow = ReceptionDayCard & { deputiesText: string; placesText: string };

interface StationPageData {
  loading: boolean;
  code: string;
  station: StationView | null;
  days: DayRow[];
  /** Answered opinions agreed for publication (the public-answers section). */
  publicAnswers: PublicAnswerItem[];
  /** This year's received / answered / on time / satisfied (the public-card section); null: none. */
  publicCard: PublicCardView | null;
  /** The station's deputy groups (代表小组): name, leader, members. */
  groups: StationGroup[];
  /** The last activities its deputies held (代表活动), newest first. */
  activities: StationActivity[];
  /** The duty-notice section: the current published notice (null when none), earlier ones, following. */
  notice: NoticeView | null;
  noticeHistory: NoticeHistoryItem[];
  following: boolean;
  /** A follow / unfollow under way. */
  followBusy: boolean;
  /** Whether the caller works here (the way in to the reception desk). */
  staff: boolean;
  villagesText: string;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
}

const NO_STATION_MESSAGE = '没有找到要打开的联络站。请扫联络站门口的二维码，或点下面的按钮选择联络站。';

/** How many of the deputies' activities the station page shows. */
const ACTIVITIES_SHOWN = 3;

/** How many answered opinions the station page shows. */
const PUBLIC_ANSWERS_SHOWN = 5;

/** Whether the caller works at this station: its own admin, a deputy, the presidium. */
function worksAt(me: Me, code: string): boolean {
  return (
    me.role === 'presidium' || me.role === 'deputy' || (me.role === 'stationAdmin' && me.stationCode === code)
  );
}

export function placesText(places: number | 'unlimited'): string {
  if (places === 'unlimited') return '不限名额';
  return places > 0 ? `还剩${places}个名额` : '已约满';
}

Page({
  data: {
    loading: true,
    code: '',
    station: null,
    days: [],
    publicAnswers: [],
    publicCard: null,
    groups: [],
    activities: [],
    notice: null,
    noticeHistory: [],
    following: false,
    followBusy: false,
    staff: false,
    villagesText: '',
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
  } as StationPageData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ code: stationCodeFromQuery(query) });
    return this.load();
  },

  async load() {
    if (!this.data.code) {
      // Opened without a station (a shared link cut short, a bad scan): say where to find one.
      this.setData({ loading: false, errorCode: 'NO_STATION', errorMessage: NO_STATION_MESSAGE });
      return;
    }
    this.setData({ loading: true, errorCode: '', errorMessage: '' });
    const code = this.data.code;
    const rest = () =>
      Promise.all([
        api.opinion.publicAnswers(code, PUBLIC_ANSWERS_SHOWN),
        api.account.whoami(),
        api.duty.currentNotice(code),
        api.duty.noticeHistory(code),
        api.duty.followState(code),
        api.figures.publicCard(code),
        api.groups.stationGroups(code),
        api.groups.stationActivities(code),
      ]);
    // station.get answers in the station's own township (its code names it): the page shows that
    // township from now on. The rest is asked at once when a township is chosen, and asked again in
    // the station's township when the code belongs to another one.
    const sent = currentTownship();
    const [res, first] = await Promise.all([api.station.get(code), sent ? rest() : null]);
    const township = res.ok ? townshipOf(res.data) : null;
    if (township) setCurrentTownship(township.id, township.name);
    // The public card is the page's extra: the page shows without it when it cannot be had.
    const [answers, me, notice, history, follow, card, groups, activities] =
      first && (!township || township.id === sent) ? first : await rest();
    const failed = [res, answers, me, notice, history, follow].find((r) => !r.ok);
    if (failed && !failed.ok) {
      this.setData({ ...errorState(failed.error), errorCode: failed.error.code });
      return;
    }
    if (!res.ok || !answers.ok || !me.ok || !notice.ok || !history.ok || !follow.ok) return;
    const station = res.data;
    setTitle(station.name);
    this.setData({
      loading: false,
      station,
      publicAnswers: answers.data,
      publicCard: card.ok ? card.data : null,
      // the groups are the page's extra too: shown when they can be had
      groups: groups.ok ? groups.data.groups : [],
      activities: activities.ok ? activities.data.activities.slice(0, ACTIVITIES_SHOWN) : [],
      notice: notice.data,
      noticeHistory: history.data,
      following: follow.data.following,
      staff: worksAt(me.data, code),
      villagesText: station.villages.map((v) => v.name).join('、'),
      days: station.nextDays.map((d) => ({
        ...d,
        deputiesText: d.deputyNames.join('、'),
        placesText: placesText(d.placesLeft),
      })),
    });
  },

  callStation() {
    callPhone(this.data.station?.contactPhone ?? '');
  },

  /**
   * The duty-notice section's follow button: follows the station (asking first for the message sent when
   * a notice is published) or, when already following, stops.
   */
  async toggleFollow() {
    if (this.data.followBusy) return;
    this.setData({ followBusy: true });
    const code = this.data.code;
    if (!this.data.following) await requestSubscriptions(['noticePublished']);
    const res = this.data.following
      ? await api.duty.unfollowStation(code)
      : await api.duty.followStation(code);
    this.setData({ followBusy: false });
    if (!res.ok) return toast(res.error.message);
    this.setData({ following: res.data.following });
    toast(res.data.following ? '已关注，公示发布时会通知您' : '已取消关注', 'none');
  },

  backHome() {
    goHome();
  },

  /** 预约接待 on a day card: the booking page for that day. */
  bookDay(e: { currentTarget: { dataset: { id?: string } } }) {
    const dayId = e.currentTarget.dataset.id ?? '';
    if (dayId) goTo(`/pages/booking/index?dayId=${encodeURIComponent(dayId)}&code=${this.data.code}`);
  },

  myBookings() {
    goTo('/pages/bookings/index');
  },

  giveOpinion() {
    goTo(`/pages/opinion/index?code=${this.data.code}`);
  },

  /** A deputy of the station: their page, where 给代表留言 writes to them. */
  openDeputy(e: { currentTarget: { dataset: { id?: string } } }) {
    const id = e.currentTarget.dataset.id;
    if (id) goTo(`/pages/deputy/index?id=${encodeURIComponent(id)}`);
  },

  myOpinions() {
    goTo('/pages/opinions/index');
  },

  onShareAppMessage() {
    return {
      title: this.data.station?.name ?? '人大代表联络站',
      path: `/pages/station/index?code=${this.data.code}`,
    };
  },
});
