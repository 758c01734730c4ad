/**
 * The home page: the township's stations and the doors each person needs. Everyone sees 我的预约,
 * 我的意见建议 and 法律知识; a deputy, a station admin, a department's staff and the presidium also
 * see their own work (from account.whoami). A villager who was given an invite code binds here (account.redeemInvite).
 * Hiding a door is only convenience: every function checks the caller's role again.
 */
import type { StationSummary } from '../../../core/station/station.view';
import { api, type Me } from '../../services/api';
import { loadInto } from '../../services/page-state';
import {
  DEPARTMENT_TEMPLATES,
  devOpenid,
  goTo,
  requestSubscriptions,
  isLocalBackend,
  setDevOpenid,
  stopPullDownRefresh,
  toast,
} from '../../services/platform';

interface HomeData {
  loading: boolean;
  stations: (StationSummary & { villagesText: string })[];
  errorMessage: string;
  role: Me['role'];
  /** "王建国（代表）" for bound staff; '' for villagers. */
  greeting: string;
  isDeputy: boolean;
  isStationAdmin: boolean;
  isPresidium: boolean;
  isDepartment: boolean;
  /** The station admin's own station, for the reception desk link. */
  stationCode: string;
  inviteOpen: boolean;
  inviteCode: string;
  inviteError: string;
  inviteBusy: boolean;
  /** Development with the local cloud only: the demo personas (local/demo/township.seed.ts). */
  devPersonas: { openid: string; label: string }[];
  devOpenid: string;
}

const DEV_PERSONAS = [
  { openid: 'demo-villager', label: '群众' },
  { openid: 'demo-deputy-1', label: '王建国（代表）' },
  { openid: 'demo-deputy-2', label: '李秀英（代表）' },
  { openid: 'demo-station-admin', label: '金鼓站联络员' },
  { openid: 'demo-presidium', label: '乡人大主席团' },
  { openid: 'demo-department', label: '乡村建设办公室' },
];

/** What a role sees on the home page; residents see none of the staff doors. */
export function roleView(
  me: Me | null,
): Pick<
  HomeData,
  'role' | 'greeting' | 'isDeputy' | 'isStationAdmin' | 'isPresidium' | 'isDepartment' | 'stationCode'
> {
  const role = me?.role ?? 'resident';
  return {
    role,
    greeting: me && role !== 'resident' ? `${me.name ?? ''}（${me.roleLabel}）` : '',
    isDeputy: role === 'deputy',
    isStationAdmin: role === 'stationAdmin',
    isPresidium: role === 'presidium',
    isDepartment: role === 'department',
    stationCode: me?.stationCode ?? '',
  };
}

Page({
  data: {
    loading: true,
    stations: [],
    errorMessage: '',
    ...roleView(null),
    inviteOpen: false,
    inviteCode: '',
    inviteError: '',
    inviteBusy: false,
    devPersonas: [],
    devOpenid: '',
  } as HomeData,

  onLoad() {
    if (isLocalBackend()) this.setData({ devPersonas: DEV_PERSONAS, devOpenid: devOpenid() });
    return Promise.all([this.load(), this.loadRole()]).then(() => undefined);
  },

  onPullDownRefresh() {
    return Promise.all([this.load(), this.loadRole()]).then(stopPullDownRefresh);
  },

  async loadRole() {
    const me = await api.account.whoami();
    this.setData(roleView(me.ok ? me.data : null));
  },

  async load() {
    const stations = await loadInto(this, () => api.station.list());
    if (!stations) return;
    this.setData({
      loading: false,
      stations: stations.map((s) => ({ ...s, villagesText: s.villageNames.join('、') })),
    });
  },

  openStation(e: WechatMiniprogram.TouchEvent) {
    goTo(`/pages/station/index?code=${e.currentTarget.dataset.code}`);
  },

  openPresidium() {
    goTo('/subpackages/presidium/pages/dashboard/index');
  },

  /** The department's inbox: the tap asks for the next transferred-case message first. */
  async openDepartment() {
    await requestSubscriptions(DEPARTMENT_TEMPLATES);
    goTo('/subpackages/department/pages/inbox/index');
  },

  openDesk() {
    goTo(`/subpackages/station-admin/pages/days/index?code=${this.data.stationCode}`);
  },

  /**
   * Development only: act as another demo persona, then show the home page as they see it. A cloud
   * build refuses (the switcher is never rendered there either).
   */
  async pickPersona(e: WechatMiniprogram.TouchEvent) {
    const openid = String(e.currentTarget.dataset.openid ?? '');
    if (!openid || !isLocalBackend()) return;
    if (!setDevOpenid(openid)) return;
    this.setData({ devOpenid: openid });
    await this.loadRole();
  },

  toggleInvite() {
    this.setData({ inviteOpen: !this.data.inviteOpen, inviteError: '' });
  },

  onInviteCode(e: { detail: { value: string } }) {
    this.setData({ inviteCode: e.detail.value, inviteError: '' });
  },

  /** Binds this WeChat to the deputy or staff role the invite code was issued for. */
  async redeemInvite() {
    const code = this.data.inviteCode.trim();
    if (!code) {
      this.setData({ inviteError: '请输入主席团给您的邀请码' });
      return;
    }
    if (this.data.inviteBusy) return;
    this.setData({ inviteBusy: true, inviteError: '' });
    const res = await api.account.redeemInvite(code);
    this.setData({ inviteBusy: false });
    if (!res.ok) {
      this.setData({ inviteError: res.error.message });
      return;
    }
    toast(`绑定成功：${res.data.roleLabel}`, 'success');
    this.setData({ inviteOpen: false, inviteCode: '' });
    await this.loadRole();
  },
});
