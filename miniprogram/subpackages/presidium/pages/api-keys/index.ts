/**
 * 接口密钥: the keys the county's systems (the 12345 hotline, a county case system) use to reach the
 * township through the Open311 door — to hand over a villager's matter (转交意见建议) and to read how it
 * is being handled. The presidium issues a key per system (shown once: copy it and give it to that
 * system's staff), sees when each was last used, and revokes one that is lost or no longer needed.
 */
import { api, type ApiKeyView } from '../../../../services/api';
import {
  DEFAULT_RATE_PER_MINUTE,
  KEY_NAME_MAX,
  KEY_SCOPE_LABELS,
  OPEN311_CHANNEL_LABELS,
  RATE_PER_MINUTE_MAX,
} from '../../../../services/core.generated';
import { chinaDateTimeText, chooseTownship, loadInto } from '../../../../services/page-state';
import { confirmDialog, toast } from '../../../../services/platform';

type Channel = keyof typeof OPEN311_CHANNEL_LABELS;
type Scope = keyof typeof KEY_SCOPE_LABELS;

interface KeyRow extends ApiKeyView {
  channelLabel: string;
  scopeText: string;
  createdLabel: string;
  lastUsedLabel: string;
}

interface ApiKeysData {
  loading: boolean;
  errorMessage: string;
  rows: KeyRow[];
  name: string;
  channel: Channel;
  canRead: boolean;
  canFile: boolean;
  rate: string;
  busy: boolean;
  formError: string;
  /** The key just issued: shown once, until the page is left. */
  issued: { name: string; token: string } | null;
  channelLabels: typeof OPEN311_CHANNEL_LABELS;
  scopeLabels: typeof KEY_SCOPE_LABELS;
  limits: { name: number; rateMax: number };
}

/** 2026-12-02 09:30, China time, from an ISO instant. */
function when(iso: string | null): string {
  if (!iso) return '';
  return chinaDateTimeText(iso);
}

function rowOf(k: ApiKeyView): KeyRow {
  return {
    ...k,
    channelLabel: OPEN311_CHANNEL_LABELS[k.channel as Channel] ?? k.channel,
    scopeText: k.scopes.map((s) => KEY_SCOPE_LABELS[s as Scope] ?? s).join('、'),
    createdLabel: when(k.createdAt),
    lastUsedLabel: k.lastUsedAt ? when(k.lastUsedAt) : '还没有用过',
  };
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    rows: [],
    name: '',
    channel: '12345',
    canRead: true,
    canFile: true,
    rate: String(DEFAULT_RATE_PER_MINUTE),
    busy: false,
    formError: '',
    issued: null,
    channelLabels: OPEN311_CHANNEL_LABELS,
    scopeLabels: KEY_SCOPE_LABELS,
    limits: { name: KEY_NAME_MAX, rateMax: RATE_PER_MINUTE_MAX },
  } as ApiKeysData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const keys = await loadInto(this, () => api.open311.listKeys());
    if (!keys) return;
    this.setData({ loading: false, rows: keys.map(rowOf) });
  },

  onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [field]: e.detail.value, formError: '' });
  },

  pickChannel(e: WechatMiniprogram.TouchEvent) {
    this.setData({ channel: e.currentTarget.dataset.channel as Channel });
  },

  toggleScope(e: WechatMiniprogram.TouchEvent) {
    const field = e.currentTarget.dataset.scope === 'file' ? 'canFile' : 'canRead';
    this.setData({ [field]: !this.data[field], formError: '' });
  },

  async issue() {
    if (this.data.busy) return;
    const name = this.data.name.trim();
    const rate = Number(this.data.rate);
    const scopes: Scope[] = [
      ...(this.data.canRead ? ['read' as const] : []),
      ...(this.data.canFile ? ['file' as const] : []),
    ];
    const problem = !name
      ? '请填写使用这个密钥的系统名称，如“县12345热线”'
      : scopes.length === 0
        ? '请至少选择一项用途'
        : !Number.isInteger(rate) || rate < 1 || rate > RATE_PER_MINUTE_MAX
          ? `每分钟调用次数请填1到${RATE_PER_MINUTE_MAX}之间的整数`
          : '';
    if (problem) {
      this.setData({ formError: problem });
      return;
    }
    this.setData({ busy: true, formError: '' });
    const res = await api.open311.issueKey({ name, channel: this.data.channel, scopes, ratePerMinute: rate });
    this.setData({ busy: false });
    if (!res.ok) {
      this.setData({ formError: res.error.message });
      return;
    }
    this.setData({ issued: { name: res.data.name, token: res.data.token }, name: '' });
    await this.load();
  },

  copyKey() {
    const token = this.data.issued?.token;
    if (!token) return;
    wx.setClipboardData({ data: token, success: () => toast('已复制', 'success') });
  },

  hideIssued() {
    this.setData({ issued: null });
  },

  async revoke(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const row = this.data.rows.find((r) => r.id === id);
    const sure = await confirmDialog(
      '撤销密钥',
      `撤销后，“${row?.name ?? ''}”马上不能再用这个密钥转交和查询。确定撤销吗？`,
      '撤销',
    );
    if (!sure) return;
    const res = await api.open311.revokeKey(id);
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已撤销', 'success');
    await this.load();
  },
});
