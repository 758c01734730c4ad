import type { StationSummary } from '../../../core/station/station.view';
import { api } from '../../services/api';
import { goTo } from '../../services/platform';

interface HomeData {
  loading: boolean;
  stations: (StationSummary & { villagesText: string })[];
  errorMessage: string;
}

Page({
  data: { loading: true, stations: [], errorMessage: '' } as HomeData,

  onLoad() {
    return this.load();
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
