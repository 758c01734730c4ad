/**
 * Edits a station (and adds its villages) or a deputy, for a township to configure itself instead of
 * relying on the demo data. Opened from 联络站和代表:
 *   ?kind=station&code=JG01   edit a station        ?kind=station        a new station
 *   ?kind=deputy&id=d01       edit a deputy         ?kind=deputy&station=JG01   a new deputy there
 * The server checks every rule (lead deputy at the station, villages of the deputy's station, …) and
 * the page shows its Chinese message. A deputy's WeChat binding is never edited here: it comes from an
 * invite code.
 */
import type { ConfigView } from '../../../../../core/admin/admin.views';
import type { DeputyLevel } from '../../../../../core/station/station.types';
import {
  DEPUTY_LEVELS,
  DEPUTY_LEVEL_LABELS,
  DEPUTY_NAME_MAX,
  DEPUTY_TITLE_MAX,
  STATION_ADDRESS_MAX,
  STATION_HOURS_MAX,
  STATION_INTRO_MAX,
  STATION_NAME_MAX,
  VILLAGE_NAME_MAX,
} from '../../../../services/core.generated';
import { api, type DeputyInput, type StationInput } from '../../../../services/api';

/** The deputy form holds every field the page shows (the function takes some as optional). */
type DeputyForm = DeputyInput &
  Required<Pick<DeputyInput, 'title' | 'phone' | 'villageCodes' | 'categories'>>;
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { goTo, newRequestId, setTitle, toast } from '../../../../services/platform';

interface Option {
  code: string;
  name: string;
  on: boolean;
}

/** The admin schema's caps (core/admin/admin.limits.ts). */
const LIMITS = {
  stationName: STATION_NAME_MAX,
  address: STATION_ADDRESS_MAX,
  openHours: STATION_HOURS_MAX,
  intro: STATION_INTRO_MAX,
  villageName: VILLAGE_NAME_MAX,
  deputyName: DEPUTY_NAME_MAX,
  deputyTitle: DEPUTY_TITLE_MAX,
};

interface EditData {
  /** The server's caps (core), as the fields' maxlength. */
  limits: typeof LIMITS;
  loading: boolean;
  errorMessage: string;
  errorRetry: boolean;
  kind: 'station' | 'deputy';
  isNew: boolean;
  station: StationInput;
  deputy: DeputyForm;
  villageForm: { code: string; name: string };
  stationVillages: string;
  levelOptions: Option[];
  stationOptions: Option[];
  villageOptions: Option[];
  categoryOptions: Option[];
  saving: boolean;
  /**
   * The request id of the new deputy being drafted: minted once when the draft opens, so a save tapped
   * again after a network failure is the same request and never makes a second deputy.
   */
  deputyRequestId: string;
}

let config: ConfigView | null = null;
/** The query the page was opened with (重新加载 loads it again). */
let opened: Record<string, string | undefined> = {};

const EMPTY_STATION: StationInput = {
  code: '',
  name: '',
  address: '',
  openHours: '',
  contactPhone: '',
  intro: '',
  active: true,
};

Page({
  data: {
    limits: LIMITS,
    loading: true,
    errorMessage: '',
    errorRetry: false,
    kind: 'station',
    isNew: true,
    station: EMPTY_STATION,
    deputy: {
      name: '',
      level: 'township',
      title: '',
      phone: '',
      stationCode: '',
      villageCodes: [],
      categories: [],
      active: true,
    },
    villageForm: { code: '', name: '' },
    stationVillages: '',
    levelOptions: [],
    stationOptions: [],
    villageOptions: [],
    categoryOptions: [],
    saving: false,
    deputyRequestId: '',
  } as EditData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    return this.load(query);
  },

  /** 重新加载 after a failed load: the same query again. */
  retry() {
    return this.load(opened);
  },

  async load(query: Record<string, string | undefined>) {
    opened = query;
    const kind = query.kind === 'deputy' ? 'deputy' : 'station';
    setTitle(kind === 'deputy' ? '代表信息' : '联络站信息');
    this.setData({ kind });
    const data = await loadInto(this, () => api.admin.listConfig());
    if (!data) return;
    config = data;
    if (kind === 'station') {
      const s = config.stations.find((x) => x.code === query.code);
      this.setData({
        loading: false,
        isNew: !s,
        station: s
          ? {
              code: s.code,
              name: s.name,
              address: s.address,
              openHours: s.openHours,
              contactPhone: s.contactPhone,
              intro: s.intro,
              leadDeputyId: s.leadDeputyId,
              active: s.active,
            }
          : { ...EMPTY_STATION },
      });
      this.showVillages();
      return;
    }
    const d = config.deputies.find((x) => x._id === query.id);
    const stationCode = d?.stationCode ?? query.station ?? config.stations[0]?.code ?? '';
    const lead = d ? config.stations.some((s) => s.leadDeputyId === d._id) : false;
    this.setData({
      loading: false,
      isNew: !d,
      deputyRequestId: d ? '' : newRequestId(),
      deputy: d
        ? {
            id: d._id,
            name: d.name,
            level: d.level,
            title: d.title,
            phone: d.phone,
            stationCode: d.stationCode,
            villageCodes: d.villageCodes,
            categories: d.categories,
            lead,
            active: d.active,
          }
        : { ...this.data.deputy, stationCode, lead: false },
    });
    this.refreshDeputyOptions();
  },

  showVillages() {
    if (!config) return;
    const code = this.data.station.code;
    this.setData({
      stationVillages: config.villages
        .filter((v) => v.stationCode === code)
        .map((v) => v.name)
        .join('、'),
    });
  },

  refreshDeputyOptions() {
    if (!config) return;
    const d = this.data.deputy;
    this.setData({
      levelOptions: DEPUTY_LEVELS.map((l) => ({ code: l, name: DEPUTY_LEVEL_LABELS[l], on: l === d.level })),
      stationOptions: config.stations.map((s) => ({
        code: s.code,
        name: s.name,
        on: s.code === d.stationCode,
      })),
      villageOptions: config.villages
        .filter((v) => v.stationCode === d.stationCode)
        .map((v) => ({ code: v.code, name: v.name, on: d.villageCodes.includes(v.code) })),
      categoryOptions: config.categories
        .filter((c) => c.active)
        .map((c) => ({ code: c.code, name: c.name, on: d.categories.includes(c.code) })),
    });
  },

  onStationField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [`station.${field}`]: e.detail.value });
  },

  /** The station's recurring reception schedule (接待安排), on the station desk's page. */
  openSchedule() {
    goTo(`/subpackages/station-admin/pages/schedule/index?code=${this.data.station.code}`);
  },

  toggleStationActive() {
    this.setData({ 'station.active': !this.data.station.active });
  },

  async saveStation() {
    if (this.data.saving) return;
    this.setData({ saving: true });
    const s = this.data.station;
    const res = await api.admin.upsertStation({
      ...s,
      code: s.code.trim().toUpperCase(),
      leadDeputyId: s.leadDeputyId ?? '',
    });
    this.setData({ saving: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已保存', 'success');
    this.setData({ isNew: false, 'station.code': res.data.code });
  },

  onVillageField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [`villageForm.${field}`]: e.detail.value });
  },

  async addVillage() {
    const v = this.data.villageForm;
    const res = await api.admin.upsertVillage({
      code: v.code.trim().toLowerCase(),
      name: v.name.trim(),
      stationCode: this.data.station.code,
    });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    config?.villages.push(res.data);
    this.setData({ villageForm: { code: '', name: '' } });
    this.showVillages();
  },

  onDeputyField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [`deputy.${field}`]: e.detail.value });
  },

  pickLevel(e: WechatMiniprogram.TouchEvent) {
    this.setData({ 'deputy.level': e.currentTarget.dataset.code as DeputyLevel });
    this.refreshDeputyOptions();
  },

  pickStation(e: WechatMiniprogram.TouchEvent) {
    // Villages belong to a station: a deputy moving station keeps none of the old ones.
    this.setData({ 'deputy.stationCode': String(e.currentTarget.dataset.code), 'deputy.villageCodes': [] });
    this.refreshDeputyOptions();
  },

  toggleVillage(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    const list = this.data.deputy.villageCodes;
    this.setData({
      'deputy.villageCodes': list.includes(code) ? list.filter((c) => c !== code) : [...list, code],
    });
    this.refreshDeputyOptions();
  },

  toggleCategory(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    const list = this.data.deputy.categories;
    this.setData({
      'deputy.categories': list.includes(code) ? list.filter((c) => c !== code) : [...list, code],
    });
    this.refreshDeputyOptions();
  },

  toggleLead() {
    this.setData({ 'deputy.lead': !this.data.deputy.lead });
  },

  toggleDeputyActive() {
    this.setData({ 'deputy.active': !this.data.deputy.active });
  },

  async saveDeputy() {
    if (this.data.saving) return;
    this.setData({ saving: true });
    const d = this.data.deputy;
    const res = await api.admin.upsertDeputy({
      ...d,
      ...(d.id ? {} : { requestId: this.data.deputyRequestId }),
      name: d.name.trim(),
      title: d.title.trim(),
      phone: d.phone.trim(),
    });
    this.setData({ saving: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已保存', 'success');
    this.setData({ isNew: false, 'deputy.id': res.data._id });
  },
});
