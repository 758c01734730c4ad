/**
 * A published duty-disclosure notice (代表履职登记公示), opened from the station page or a subscribe
 * message. The wide table is shown as one card per deputy; a correction says what changed and why, and
 * every earlier version stays one tap away.
 */
import { api, type NoticeView } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { goTo, setTitle } from '../../services/platform';

interface DeputyCard {
  deputyId: string;
  name: string;
  satisfaction: string;
  items: { label: string; value: number }[];
}

interface NoticePageData {
  loading: boolean;
  errorMessage: string;
  notice: (NoticeView & { versions: { id: string; version: number; publishedOn: string | null }[] }) | null;
  cards: DeputyCard[];
  evaluations: { id: string; deputyName: string; date: string; open: boolean; published: boolean }[];
}

export function deputyCards(notice: NoticeView): DeputyCard[] {
  return notice.rows.map((r) => ({
    deputyId: r.deputyId,
    name: r.deputyName,
    satisfaction: r.satisfaction,
    items: notice.columns.map((c, i) => ({ label: c.label, value: r.cells[i] })),
  }));
}

Page({
  data: { loading: true, errorMessage: '', notice: null, cards: [], evaluations: [] } as NoticePageData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    const id = decodeURIComponent(query.id ?? '');
    const version = query.version ? Number(query.version) : undefined;
    return this.load(id, version);
  },

  async load(id: string, version?: number) {
    const data = await loadInto(this, () => api.duty.getNotice(id, version));
    if (!data) return;
    setTitle('代表履职公示');
    const evaluations = await api.duty.listEvaluations(data.stationCode);
    this.setData({
      loading: false,
      notice: data,
      cards: deputyCards(data),
      evaluations: evaluations.ok
        ? evaluations.data
            .filter((e) => e.open || e.published)
            .map((e) => ({
              id: e.id,
              deputyName: e.deputyName,
              date: e.date,
              open: e.open,
              published: e.published,
            }))
        : [],
    });
  },

  openVersion(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    return this.load(id);
  },

  openEvaluation(e: WechatMiniprogram.TouchEvent) {
    const id = (e.currentTarget.dataset as { id: string }).id;
    goTo(`/pages/notice/evaluation?id=${encodeURIComponent(id)}`);
  },
});
