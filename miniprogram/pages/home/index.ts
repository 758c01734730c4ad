/**
 * The home page: the township's stations and the doors each person needs. In a county of several
 * townships a villager who has chosen none is first asked 选择您所在的乡镇 (a plain list of big
 * buttons); staff bound in one township are shown theirs, and 切换乡镇 stays on the page. Everyone sees 我的预约,
 * 我的意见建议 and 法律知识; a deputy, a station admin, a department's staff and the presidium also
 * see their own work (from account.whoami). A villager who was given an invite code binds here (account.redeemInvite).
 * Hiding a door is only convenience: every function checks the caller's role again.
 */
import type { StationSummary } from '../../../core/station/station.view';
import { api, type Binding, type Me } from '../../services/api';
import { COUNTY } from '../../services/core.generated';
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
import {
  adoptTownshipFrom,
  currentTownship,
  currentTownshipName,
  setCurrentTownship,
  type TownshipChoice,
} from '../../services/township';

interface HomeData {
  loading: boolean;
  /** 选择乡镇 is shown instead of the stations (none chosen yet, or 切换乡镇 tapped). */
  choosingTownship: boolean;
  /** The county's townships, for 选择乡镇. */
  townships: TownshipChoice[];
  /** The township shown ('' while none is chosen). */
  townshipId: string;
  townshipName: string;
  /** The other townships the caller works in (a deputy serving in two): one 切换 each. */
  workTownships: Binding[];
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
  { openid: 'demo-presidium-qs', label: '青山镇主席团' },
  { openid: 'demo-deputy-qs', label: '青山镇代表' },
  { openid: 'demo-county', label: '县人大常委会' },
];

/** The townships the caller is bound in as their staff or deputy (the county's own binding aside). */
function ownTownships(me: Me | null): Binding[] {
  return (me?.bindings ?? []).filter((b) => b.townshipId !== COUNTY);
}

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
    choosingTownship: false,
    townships: [],
    townshipId: '',
    townshipName: '',
    workTownships: [],
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

  onLoad(query: Record<string, string | undefined> = {}) {
    adoptTownshipFrom(query);
    if (isLocalBackend()) this.setData({ devPersonas: DEV_PERSONAS, devOpenid: devOpenid() });
    return this.start();
  },

  onPullDownRefresh() {
    return this.start().then(stopPullDownRefresh);
  },

  /** The township's stations and the caller's doors; first the township when none is chosen yet. */
  async start() {
    if (!currentTownship() && !(await this.settleTownship())) return;
    await Promise.all([this.load(), this.loadRole()]);
  },

  /**
   * No township chosen yet: a county of one township shows it; staff bound in one township are shown
   * theirs (whoami asked in any township answers where the caller works); otherwise 选择乡镇. Answers
   * whether a township is now chosen.
   */
  async settleTownship(): Promise<boolean> {
    const list = await loadInto(this, () => api.station.townships());
    if (!list) return false;
    if (list.length === 1) {
      setCurrentTownship(list[0].id, list[0].name);
      return true;
    }
    const me = list.length > 0 ? await api.account.whoamiIn(list[0].id) : null;
    const known = me?.ok ? me.data : null;
    const own = ownTownships(known);
    if (own.length === 1) {
      setCurrentTownship(own[0].townshipId, own[0].townshipName);
      return true;
    }
    // County staff are the county's in every township: their door shows above the choice.
    this.setData({
      ...roleView(known?.role === 'county' ? known : null),
      loading: false,
      choosingTownship: true,
      townships: list,
      townshipId: '',
    });
    return false;
  },

  async loadRole() {
    const me = await api.account.whoami();
    const known = me.ok ? me.data : null;
    const here = currentTownship();
    this.setData({
      ...roleView(known),
      workTownships: ownTownships(known).filter((b) => b.townshipId !== here),
    });
  },

  async load() {
    const [stations, townships] = await Promise.all([
      loadInto(this, () => api.station.list()),
      api.station.townships(),
    ]);
    if (!stations) return;
    const id = currentTownship();
    const list = townships.ok ? townships.data : [];
    const name = list.find((t) => t.id === id)?.name ?? currentTownshipName();
    if (name) setCurrentTownship(id, name);
    this.setData({
      loading: false,
      choosingTownship: false,
      townships: list,
      townshipId: id,
      townshipName: name,
      stations: stations.map((s) => ({ ...s, villagesText: s.villageNames.join('、') })),
    });
  },

  /** 切换乡镇: the county's townships, the one shown marked. */
  async switchTownship() {
    const list = await loadInto(this, () => api.station.townships());
    if (!list) return;
    this.setData({ loading: false, choosingTownship: true, townships: list });
  },

  /** A township picked (选择乡镇, or 切换到 another township the caller works in): show it. */
  async pickTownship(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id ?? '');
    if (!id) return;
    const name =
      String(e.currentTarget.dataset.name ?? '') || this.data.townships.find((t) => t.id === id)?.name;
    setCurrentTownship(id, name);
    this.setData({ choosingTownship: false, townshipId: id, townshipName: name ?? '', stations: [] });
    await Promise.all([this.load(), this.loadRole()]);
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
    if (this.data.choosingTownship) await this.start();
    else await this.loadRole();
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
    if (this.data.choosingTownship) await this.start();
    else await this.loadRole();
  },
});
