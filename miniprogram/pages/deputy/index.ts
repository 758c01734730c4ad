/**
 * A deputy's own page (代表码): opened by scanning the deputy's code (scene `d=<deputyId>&t=<township>`)
 * or from the station page's list of deputies (`?id=`). Who the deputy is, what they did publicly this
 * year, and 给代表留言: the opinion form addressed to them. One cloud call fills it.
 */
import { api, type DeputyPageView } from '../../services/api';
import { parseDeputyScene } from '../../services/core.generated';
import { chooseTownship, errorState } from '../../services/page-state';
import { goTo, setTitle } from '../../services/platform';
import { adoptTownshipFrom } from '../../services/township';

interface DeputyPageData {
  loading: boolean;
  deputyId: string;
  view: DeputyPageView | null;
  /** '王建国' → the photo's stand-in when there is no photo. */
  initial: string;
  stationsText: string;
  groupsText: string;
  errorCode: string;
  errorMessage: string;
  errorRetry: boolean;
  errorTownship: boolean;
}

const NO_DEPUTY_MESSAGE = '没有找到这位代表。请扫描联络站张贴的代表码，或从联络站页面选择代表。';

Page({
  data: {
    loading: true,
    deputyId: '',
    view: null,
    initial: '',
    stationsText: '',
    groupsText: '',
    errorCode: '',
    errorMessage: '',
    errorRetry: false,
    errorTownship: false,
  } as DeputyPageData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    const scanned = query.scene ? parseDeputyScene(query.scene) : null;
    if (scanned?.township) adoptTownshipFrom({ t: scanned.township });
    else adoptTownshipFrom(query);
    this.setData({ deputyId: scanned?.deputyId ?? query.id ?? '' });
    return this.load();
  },

  async load() {
    if (!this.data.deputyId) {
      this.setData({ loading: false, errorCode: 'NO_DEPUTY', errorMessage: NO_DEPUTY_MESSAGE });
      return;
    }
    this.setData({ loading: true, errorCode: '', errorMessage: '' });
    const res = await api.groups.deputyPage(this.data.deputyId);
    if (!res.ok) {
      this.setData({ ...errorState(res.error), errorCode: res.error.code });
      return;
    }
    const view = res.data;
    setTitle(`${view.deputy.name}代表`);
    this.setData({
      loading: false,
      view,
      initial: view.deputy.name.slice(0, 1),
      stationsText: view.stations.map((s) => s.name).join('、'),
      groupsText: view.groups.join('、'),
    });
  },

  /** 给代表留言: the opinion form of the deputy's station, addressed to them. */
  write() {
    const v = this.data.view;
    const station = v?.stations[0];
    if (!v || !station) return;
    goTo(
      `/pages/opinion/index?code=${station.code}&deputyId=${encodeURIComponent(v.deputy.id)}&deputyName=${encodeURIComponent(v.deputy.name)}`,
    );
  },

  openStation() {
    const station = this.data.view?.stations[0];
    if (station) goTo(`/pages/station/index?code=${station.code}`);
  },
});
