/**
 * 防滥用设置: the presidium's limits on abuse in its township (admin.getLimits / setLimits) — how many
 * reception days one villager may hold at once, how many opinions a station admin may file on villagers'
 * behalf (代录) a day, how many reminder taps one person may report an hour, how many invite-code tries
 * one person gets an hour. The range of each and its default come from the server's answer, never from
 * this page: − and + stop at the ends, a typed number outside is refused before sending, and whatever
 * the server still refuses is shown in its own words. Only the limits changed are sent, so a value
 * another presidium member changed meanwhile is not written back. 恢复默认 saves the server's defaults.
 */
import { api, type Answer } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { confirmDialog, toast } from '../../../../services/platform';

type LimitsView = Answer<'admin', 'getLimits'>;
type Limits = LimitsView['limits'];
type LimitKey = keyof Limits;

/** What each limit means to a township clerk, in the order shown (most used first). */
const MEANINGS: { key: LimitKey; title: string; hint: string; unit: string }[] = [
  {
    key: 'heldPlaces',
    title: '每位群众同时最多预约几个接待日',
    hint: '已预约、还没到的接待日算在内；接待过或取消后可以再约。',
    unit: '个',
  },
  {
    key: 'onBehalfPerDay',
    title: '每位站长（联络员）每天最多代录几条意见',
    hint: '代录：替不方便用手机的群众登记意见。',
    unit: '条',
  },
  {
    key: 'subscriptionTapsPerHour',
    title: '每人每小时最多开启几次微信提醒',
    hint: '每点一次“允许”可多收一条提醒，防止有人反复点来刷提醒。',
    unit: '次',
  },
  {
    key: 'inviteAttemptsPerHour',
    title: '每人每小时最多输入几次绑定邀请码',
    hint: '输对输错都算一次，防止有人乱猜邀请码冒充代表或工作人员。',
    unit: '次',
  },
];

interface LimitRow {
  key: LimitKey;
  title: string;
  hint: string;
  unit: string;
  /** What the field shows (typed text until saved). */
  value: string;
  min: number;
  max: number;
  defaultValue: number;
  /** − and + are greyed at the ends of the range. */
  atMin: boolean;
  atMax: boolean;
  /** Differs from the value in force. */
  changed: boolean;
}

interface LimitsData {
  loading: boolean;
  errorMessage: string;
  rows: LimitRow[];
  saving: boolean;
  formError: string;
  changedCount: number;
}

/** The row's − / + state and whether it differs from `saved` (the value in force). */
function withState(row: LimitRow, value: string, saved: number): LimitRow {
  const n = Number(value);
  const whole = value.trim() !== '' && Number.isInteger(n);
  return {
    ...row,
    value,
    atMin: whole && n <= row.min,
    atMax: whole && n >= row.max,
    changed: !whole || n !== saved,
  };
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    rows: [],
    saving: false,
    formError: '',
    changedCount: 0,
  } as LimitsData,

  /** The values in force, as the server last answered them. */
  saved: null as Limits | null,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const view = await loadInto(this, () => api.admin.getLimits());
    if (!view) return;
    this.saved = view.limits;
    const rows = MEANINGS.map(({ key, title, hint, unit }) =>
      withState(
        {
          key,
          title,
          hint,
          unit,
          value: '',
          min: view.ranges[key].min,
          max: view.ranges[key].max,
          defaultValue: view.defaults[key],
          atMin: false,
          atMax: false,
          changed: false,
        },
        String(view.limits[key]),
        view.limits[key],
      ),
    );
    this.setData({ loading: false, rows, changedCount: 0, formError: '' });
  },

  /** Shows `value` in row `key` (typed, or stepped). */
  show(key: LimitKey, value: string) {
    const saved = this.saved;
    if (!saved) return;
    const rows = this.data.rows.map((r) => (r.key === key ? withState(r, value, saved[key]) : r));
    this.setData({ rows, changedCount: rows.filter((r) => r.changed).length, formError: '' });
  },

  step(e: WechatMiniprogram.TouchEvent) {
    const { key, by } = e.currentTarget.dataset as { key: LimitKey; by: string | number };
    const row = this.data.rows.find((r) => r.key === key);
    if (!row) return;
    const n = Number(row.value);
    const from = Number.isInteger(n) ? n : (this.saved?.[key] ?? row.min);
    const next = Math.min(row.max, Math.max(row.min, from + Number(by)));
    this.show(key, String(next));
  },

  onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const key = (e.currentTarget as { dataset: { key?: string } }).dataset.key as LimitKey;
    this.show(key, String(e.detail.value ?? ''));
  },

  /** Sends the changed limits (each checked against the server's range first). */
  async save() {
    if (this.data.saving) return;
    const change: Partial<Limits> = {};
    for (const r of this.data.rows) {
      if (!r.changed) continue;
      const n = Number(r.value);
      if (r.value.trim() === '' || !Number.isInteger(n) || n < r.min || n > r.max) {
        this.setData({ formError: `“${r.title}”请填${r.min}到${r.max}之间的整数` });
        return;
      }
      change[r.key] = n;
    }
    if (Object.keys(change).length === 0) {
      this.setData({ formError: '没有改动，不需要保存' });
      return;
    }
    await this.send(change, '已保存');
  },

  /** 恢复默认: every limit back to the server's default, after a confirmation. */
  async restoreDefaults() {
    if (this.data.saving) return;
    const defaults: Partial<Limits> = {};
    for (const r of this.data.rows) defaults[r.key] = r.defaultValue;
    const sure = await confirmDialog(
      '恢复默认',
      `四项限制都改回默认值（${this.data.rows.map((r) => `${r.defaultValue}${r.unit}`).join('、')}），确定吗？`,
      '恢复默认',
    );
    if (!sure) return;
    await this.send(defaults, '已恢复默认');
  },

  async send(change: Partial<Limits>, done: string) {
    this.setData({ saving: true, formError: '' });
    const res = await api.admin.setLimits(change);
    this.setData({ saving: false });
    if (!res.ok) {
      this.setData({ formError: res.error.message });
      return;
    }
    const saved = res.data.limits;
    this.saved = saved;
    const rows = this.data.rows.map((r) => withState(r, String(saved[r.key]), saved[r.key]));
    this.setData({ rows, changedCount: 0 });
    toast(done, 'success');
  },
});
