/**
 * 内容审核: opinions the content check held for a person to look at. 通过 routes the case as any new
 * one (routing table → lead deputy → presidium queue); 不通过 closes it with the reason the villager
 * is told. A reason is required to refuse.
 */
import type { ModerationItem } from '../../../../../core/admin/admin.views';
import { api } from '../../../../services/api';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

interface ModerationData {
  loading: boolean;
  errorMessage: string;
  items: ModerationItem[];
  reasons: Record<string, string>;
  busyId: string;
}

Page({
  data: { loading: true, errorMessage: '', items: [], reasons: {}, busyId: '' } as ModerationData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  async load() {
    const data = await loadInto(this, () => api.admin.moderationQueue());
    if (!data) return;
    this.setData({ loading: false, items: data });
  },

  onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const id = String((e.currentTarget as { dataset: { id?: string } }).dataset.id);
    this.setData({ reasons: { ...this.data.reasons, [id]: e.detail.value } });
  },

  approve(e: WechatMiniprogram.TouchEvent) {
    return this.decide(String(e.currentTarget.dataset.id), 'approve');
  },

  reject(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    if (!(this.data.reasons[id] ?? '').trim()) {
      toast('请先写明不通过的原因，群众会看到');
      return undefined;
    }
    return this.decide(id, 'reject');
  },

  async decide(id: string, decision: 'approve' | 'reject') {
    if (this.data.busyId) return;
    this.setData({ busyId: id });
    const res = await api.admin.moderate(id, decision, this.data.reasons[id]?.trim());
    this.setData({ busyId: '' });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast(decision === 'approve' ? `已通过，交${res.data.owner}办理` : '已退回，群众会收到通知', 'none');
    await this.load();
  },
});
