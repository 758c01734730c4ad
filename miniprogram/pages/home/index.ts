import type { StationSummary } from '../../../core/station/station.view';
import { api } from '../../services/api';
import { goTo } from '../../services/platform';

interface HomeData {
  loading: boolean;
  stations: (StationSummary & { villagesText: string })[];
  errorMessage: string;
  /** The presidium sees a door to its workbench (subpackages/presidium). */
  isPresidium?: boolean;
}

Page({
  data: { loading: true, stations: [], errorMessage: '' } as HomeData,

  onLoad() {
    return Promise.all([this.load(), this.loadRole()]).then(() => undefined);
  },

  async loadRole() {
    const me = await api.account.whoami();
    this.setData({ isPresidium: me.ok && me.data.role === 'presidium' });
  },

  openPresidium() {
    goTo('/subpackages/presidium/pages/dashboard/index');
  },

  onPullDownRefresh() {
    return this.load().then(() => wx.stopPullDownRefresh());
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const res = await api.station.list();
    if (!res.ok) {
      this.setData({ loading: false, errorMessage: res.error.message });
      return;
    }
    this.setData({
      loading: false,
      stations: res.data.map((s) => ({ ...s, villagesText: s.villageNames.join('、') })),
    });
  },

  openStation(e: WechatMiniprogram.TouchEvent) {
    goTo(`/pages/station/index?code=${e.currentTarget.dataset.code}`);
  },
});
