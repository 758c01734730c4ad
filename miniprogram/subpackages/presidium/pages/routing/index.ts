/**
 * 分办规则: the routing table as the presidium reads it ("金鼓村 · 医疗卫生 → 张明"), edited as data:
 * pick a station, a village (or 全部村), a category (or 全部类别) and deputies, add or replace the rule,
 * remove rules, then save the whole table. The save names the version it was edited from: if another
 * member saved since, the server answers CONFLICT and nothing is lost. 试一试 asks the server where a
 * new opinion would go now, and why.
 */
import type { ConfigView, ExplainView } from '../../../../../core/admin/admin.views';
import type { RoutingRule } from '../../../../../core/opinion/opinion.types';
import { api } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

const ALL = '*';

interface Option {
  code: string;
  name: string;
  on: boolean;
}

interface RuleRow extends RoutingRule {
  key: string;
  text: string;
}

interface StationGroup {
  code: string;
  name: string;
  rules: RuleRow[];
}

interface RoutingData {
  loading: boolean;
  errorMessage: string;
  version: number;
  dirty: boolean;
  groups: StationGroup[];
  stationOptions: Option[];
  villageOptions: Option[];
  categoryOptions: Option[];
  deputyOptions: Option[];
  problems: string[];
  explainText: string;
  saving: boolean;
}

let config: ConfigView | null = null;
let rules: RoutingRule[] = [];

const keyOf = (r: Pick<RoutingRule, 'stationCode' | 'villageCode' | 'categoryCode'>) =>
  `${r.stationCode}/${r.villageCode}/${r.categoryCode}`;

/** A rule in words: "金鼓村 · 医疗卫生 → 张明、李秀英". */
export function ruleText(rule: RoutingRule, c: ConfigView): string {
  const village =
    rule.villageCode === ALL
      ? '全部村'
      : (c.villages.find((v) => v.code === rule.villageCode)?.name ?? rule.villageCode);
  const category =
    rule.categoryCode === ALL
      ? '全部类别'
      : (c.categories.find((k) => k.code === rule.categoryCode)?.name ?? rule.categoryCode);
  const names = rule.deputyIds.map((id) => c.deputies.find((d) => d._id === id)?.name ?? id).join('、');
  return `${village} · ${category} → ${names}`;
}

function groupsOf(c: ConfigView, table: RoutingRule[]): StationGroup[] {
  return c.stations.map((s) => ({
    code: s.code,
    name: s.name,
    rules: table
      .filter((r) => r.stationCode === s.code)
      .map((r) => ({ ...r, key: keyOf(r), text: ruleText(r, c) })),
  }));
}

const picked = (options: Option[]) => options.find((o) => o.on)?.code ?? '';

Page({
  data: {
    loading: true,
    errorMessage: '',
    version: 0,
    dirty: false,
    groups: [],
    stationOptions: [],
    villageOptions: [],
    categoryOptions: [],
    deputyOptions: [],
    problems: [],
    explainText: '',
    saving: false,
  } as RoutingData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '', problems: [], explainText: '' });
    const [cfg, table] = await Promise.all([api.admin.listConfig(), api.admin.getRoutingTable()]);
    if (!cfg.ok || !table.ok) {
      this.setData(
        errorState(!cfg.ok ? cfg.error : !table.ok ? table.error : { code: 'INTERNAL', message: '' }),
      );
      return;
    }
    config = cfg.data;
    rules = table.data.rules;
    const stations = config.stations.filter((s) => s.active);
    this.setData({
      loading: false,
      dirty: false,
      version: table.data.version,
      groups: groupsOf(config, rules),
      stationOptions: stations.map((s, i) => ({ code: s.code, name: s.name, on: i === 0 })),
    });
    this.refreshOptions();
  },

  /** The village, category and deputy choices for the chosen station. */
  refreshOptions() {
    if (!config) return;
    const station = picked(this.data.stationOptions);
    const villages = config.villages.filter((v) => v.stationCode === station);
    this.setData({
      villageOptions: [
        { code: ALL, name: '全部村', on: true },
        ...villages.map((v) => ({ code: v.code, name: v.name, on: false })),
      ],
      categoryOptions: [
        { code: ALL, name: '全部类别', on: true },
        ...config.categories.filter((c) => c.active).map((c) => ({ code: c.code, name: c.name, on: false })),
      ],
      deputyOptions: config.deputies
        .filter((d) => d.active && d.stationCode === station)
        .map((d) => ({ code: d._id, name: d.name, on: false })),
      explainText: '',
    });
  },

  pickStation(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    this.setData({ stationOptions: this.data.stationOptions.map((o) => ({ ...o, on: o.code === code })) });
    this.refreshOptions();
  },

  pickVillage(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    this.setData({
      villageOptions: this.data.villageOptions.map((o) => ({ ...o, on: o.code === code })),
      explainText: '',
    });
  },

  pickCategory(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    this.setData({
      categoryOptions: this.data.categoryOptions.map((o) => ({ ...o, on: o.code === code })),
      explainText: '',
    });
  },

  toggleDeputy(e: WechatMiniprogram.TouchEvent) {
    const code = String(e.currentTarget.dataset.code);
    this.setData({
      deputyOptions: this.data.deputyOptions.map((o) => (o.code === code ? { ...o, on: !o.on } : o)),
    });
  },

  /** Adds the chosen rule, replacing one with the same station, village and category. */
  addRule() {
    if (!config) return;
    const deputyIds = this.data.deputyOptions.filter((o) => o.on).map((o) => o.code);
    if (deputyIds.length === 0) {
      toast('请选择至少一位代表');
      return;
    }
    const rule: RoutingRule = {
      stationCode: picked(this.data.stationOptions),
      villageCode: picked(this.data.villageOptions),
      categoryCode: picked(this.data.categoryOptions),
      deputyIds,
    };
    rules = [...rules.filter((r) => keyOf(r) !== keyOf(rule)), rule];
    this.setData({ groups: groupsOf(config, rules), dirty: true, problems: [] });
  },

  removeRule(e: WechatMiniprogram.TouchEvent) {
    if (!config) return;
    const key = String(e.currentTarget.dataset.key);
    rules = rules.filter((r) => keyOf(r) !== key);
    this.setData({ groups: groupsOf(config, rules), dirty: true, problems: [] });
  },

  async save() {
    if (this.data.saving) return;
    this.setData({ saving: true, problems: [] });
    const res = await api.admin.setRoutingRules(this.data.version, rules);
    this.setData({ saving: false });
    if (!res.ok) {
      this.setData({ problems: problemLines(res.error.details, res.error.message) });
      toast(res.error.code === 'CONFLICT' ? '别人刚改过规则，请刷新后再改' : '规则有误，请看下方说明');
      return;
    }
    toast(`已保存${res.data.ruleCount}条规则`, 'success');
    this.setData({ version: res.data.version, dirty: false });
  },

  async explain() {
    const village = picked(this.data.villageOptions);
    if (village === ALL) {
      toast('试一试请选择具体的村');
      return;
    }
    const category = picked(this.data.categoryOptions);
    const categoryCode = category === ALL ? (config?.categories.find((c) => c.active)?.code ?? '') : category;
    const res = await api.admin.explainRoute(picked(this.data.stationOptions), village, categoryCode);
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    this.setData({ explainText: explainText(res.data, this.data.dirty) });
  },
});

export function explainText(e: ExplainView, unsaved: boolean): string {
  const who = e.deputyNames.length > 0 ? e.deputyNames.join('、') : '乡镇人大主席团';
  return `交给：${who}（${e.pathLabel}）\n理由：${e.reason}${unsaved ? '\n（按已保存的规则计算，修改请先保存）' : ''}`;
}

/** Each problem the server found, on the rule it concerns: "新民村 · 医疗卫生 → 张明：分办规则中的代表已停用…". */
export function problemLines(details: unknown, fallback: string): string[] {
  const list = Array.isArray(details) ? (details as { rows?: number[]; message?: string }[]) : [];
  if (list.length === 0 || !config) return [fallback];
  const c = config;
  return list.map((d) => {
    const rule = d.rows && d.rows.length > 0 ? rules[d.rows[0]] : undefined;
    return `${rule ? ruleText(rule, c) : '规则'}：${d.message ?? fallback}`;
  });
}
