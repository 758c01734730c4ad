/**
 * A township's cases as the county reads them (县人大常委会): the list its presidium's supervision shows
 * (county.cases), with why each case is there, who has it and its deadline. Read only: the county
 * handles no case, so no case here has a button. The township being shown is the one opened.
 */
import type { SupervisionFilterKey } from '../../../core/admin/supervision.filters';
import { call, type Answer } from '../../services/api';
import { BUCKET_LABELS, SUPERVISION_FILTERS } from '../../services/core.generated';
import { chooseTownship, loadInto } from '../../services/page-state';
import { setTitle, stopPullDownRefresh } from '../../services/platform';
import { deadlineText, supervisionQuery } from '../../services/supervision';
import { setCurrentTownship } from '../../services/township';

type Cases = Answer<'county', 'cases'>;
type Item = Cases['items'][number] & { deadlineText: string };

/** The supervision list's tabs, as the presidium's (core/admin/supervision.filters.ts). */
export const FILTERS = SUPERVISION_FILTERS;

interface CasesData {
  loading: boolean;
  errorMessage: string;
  errorRetry: boolean;
  townshipId: string;
  townshipName: string;
  bucket: SupervisionFilterKey;
  filters: typeof FILTERS;
  counts: Cases['counts'] | null;
  labels: typeof BUCKET_LABELS;
  items: Item[];
  itemCount: number;
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    townshipId: '',
    townshipName: '',
    bucket: '',
    filters: FILTERS,
    counts: null,
    labels: BUCKET_LABELS,
    items: [],
    itemCount: 0,
  } as CasesData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    const townshipId = decodeURIComponent(query.id ?? '');
    const townshipName = decodeURIComponent(query.name ?? '');
    // The county reads this township now: every call names it (services/township.ts).
    setCurrentTownship(townshipId, townshipName || undefined);
    this.setData({ townshipId, townshipName });
    if (townshipName) setTitle(`${townshipName}的意见`);
    return this.load();
  },

  onPullDownRefresh() {
    return this.load().then(stopPullDownRefresh);
  },

  async load() {
    const data = await loadInto(this, () => call('county', 'cases', supervisionQuery(this.data.bucket)));
    if (!data) return;
    this.setData({
      loading: false,
      counts: data.counts,
      items: data.items.map((i) => ({ ...i, deadlineText: deadlineText(i.deadline) })),
      itemCount: data.itemCount,
    });
  },

  pickFilter(e: WechatMiniprogram.TouchEvent) {
    const key = String(e.currentTarget.dataset.key ?? '') as CasesData['bucket'];
    if (key === this.data.bucket) return undefined;
    this.setData({ bucket: key });
    return this.load();
  },
});
