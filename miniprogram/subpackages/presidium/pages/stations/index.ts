/**
 * 联络站和代表: each station with its villages and deputies, who has bound WeChat and who has not.
 * 生成邀请码 issues a one-time code (account.createInvite) the deputy or the station's liaison enters
 * once in the mini-program to bind their WeChat; the code is shown large to read out or copy.
 */
import type { ConfigDeputy, ConfigView } from '../../../../../core/admin/admin.views';
import { DEPUTY_LEVEL_LABELS } from '../../../../services/core.generated';
import { api } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, toast } from '../../../../services/platform';

interface DeputyRow extends ConfigDeputy {
  levelLabel: string;
  isLead: boolean;
}

interface StationRow {
  code: string;
  name: string;
  active: boolean;
  villagesText: string;
  deputies: DeputyRow[];
}

interface InviteShown {
  code: string;
  forWhom: string;
  expiresOn: string;
}

interface StationsData {
  loading: boolean;
  errorMessage: string;
  stations: StationRow[];
  invite: InviteShown | null;
  busy: boolean;
}

export function stationRows(c: ConfigView): StationRow[] {
  return c.stations.map((s) => ({
    code: s.code,
    name: s.name,
    active: s.active,
    villagesText: c.villages
      .filter((v) => v.stationCode === s.code)
      .map((v) => v.name)
      .join('、'),
    deputies: c.deputies
      .filter((d) => d.stationCode === s.code)
      .map((d) => ({ ...d, levelLabel: DEPUTY_LEVEL_LABELS[d.level], isLead: d._id === s.leadDeputyId })),
  }));
}

Page({
  data: { loading: true, errorMessage: '', stations: [], invite: null, busy: false } as StationsData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.admin.listConfig());
    if (!data) return;
    this.setData({ loading: false, stations: stationRows(data) });
  },

  async inviteDeputy(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const deputy = this.data.stations.flatMap((s) => s.deputies).find((d) => d._id === id);
    if (!deputy) return;
    await this.issue({ role: 'deputy', name: deputy.name, deputyId: id }, `代表${deputy.name}`);
  },

  async inviteStationAdmin(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    const station = this.data.stations.find((s) => s.code === code);
    if (!station) return;
    const name = `${station.name}联络员`.slice(0, 20);
    await this.issue({ role: 'stationAdmin', name, stationCode: code }, `${station.name}的联络员`);
  },

  async issue(invite: Parameters<typeof api.admin.createInvite>[0], forWhom: string) {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.admin.createInvite(invite);
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({
      invite: { code: res.data.code, forWhom, expiresOn: String(res.data.expiresAt).slice(0, 10) },
    });
  },

  closeInvite() {
    this.setData({ invite: null });
  },

  open(e: WechatMiniprogram.TouchEvent) {
    goTo(String(e.currentTarget.dataset.url));
  },

  onShow() {
    if (this.data.stations.length > 0) return this.load();
    return undefined;
  },
});
