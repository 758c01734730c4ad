/**
 * One case as the presidium sees it (opinion.get, presidium view): what was raised, who has it and why
 * it went there, the deadlines, and the whole timeline with who did what. The contact phone is masked
 * here too: the handling deputy is the one who calls back.
 */
import { ownerLabel } from '../../../../services/core.generated';
import { api, type PresidiumCase } from '../../../../services/api';
import { chooseTownship, errorState } from '../../../../services/page-state';
import { setTitle, toast } from '../../../../services/platform';

interface TimelineRow {
  key: string;
  when: string;
  who: string;
  label: string;
  note: string;
}

interface CaseData {
  loading: boolean;
  errorMessage: string;
  id: string;
  c: PresidiumCase | null;
  owner: string;
  timeline: TimelineRow[];
  busy: boolean;
}

const ROLE_WORDS: Record<string, string> = {
  resident: '群众',
  deputy: '代表',
  stationAdmin: '联络站',
  presidium: '主席团',
  system: '系统',
  countySystem: '县级系统',
};

/** '11-27 14:30' in China time. */
export function chinaTimeLabel(at: string | Date): string {
  const iso = new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    c: null,
    owner: '',
    timeline: [],
    busy: false,
  } as CaseData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? '' });
    setTitle('意见详情');
    return this.load();
  },

  async load() {
    this.setData({ loading: true, errorMessage: '' });
    const [res, cfg] = await Promise.all([api.opinion.get(this.data.id), api.admin.listConfig()]);
    if (!res.ok || res.data.role !== 'presidium') {
      this.setData(errorState(res.ok ? { code: 'FORBIDDEN', message: '您没有权限进行此操作' } : res.error));
      return;
    }
    const c = res.data;
    const names = new Map((cfg.ok ? cfg.data.deputies : []).map((d) => [d._id, d.name]));
    this.setData({
      loading: false,
      c,
      owner: ownerLabel(c.owner, names),
      timeline: c.timeline.map((t, i) => ({
        key: String(i),
        when: chinaTimeLabel(t.at),
        who: t.actorDeputyId ? `代表${names.get(t.actorDeputyId) ?? ''}` : (ROLE_WORDS[t.actorRole] ?? ''),
        label: t.label,
        note: t.note ?? '',
      })),
    });
  },

  async chase() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    const res = await api.admin.chase(this.data.id);
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast(`已催办，已通知${res.data.notified}位代表`);
    await this.load();
  },
});
