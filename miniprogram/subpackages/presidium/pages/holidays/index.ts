/**
 * 节假日调整: the days the working calendar treats differently from the official one (chinese-days) —
 * a year the package does not cover yet (enter the State Council's notice), or a local change. Every
 * deadline computed afterwards (opinions' 受理/答复 limits, reception days) uses them. One calendar
 * serves every township of the county: the county's staff (县人大常委会) enter it, a township's
 * presidium reads it here. Opened from the county's home (`county=1`) it runs in the county itself.
 */
import type { HolidayView } from '../../../../../core/admin/admin.views';
import { api, apiIn, COUNTY } from '../../../../services/api';
import { HOLIDAY_KIND_LABELS, HOLIDAY_NAME_MAX, isCalendarDay } from '../../../../services/core.generated';
import { errorText } from '../../../../services/errors';
import { chooseTownship, loadInto } from '../../../../services/page-state';
import { toast } from '../../../../services/platform';

interface HolidayRow extends HolidayView {
  kindLabel: string;
}

/** The admin schema's cap on a holiday's name (core/admin/admin.limits.ts). */
const LIMITS = { name: HOLIDAY_NAME_MAX };

interface HolidaysData {
  /** The server's caps (core), as the fields' maxlength. */
  limits: typeof LIMITS;
  loading: boolean;
  errorMessage: string;
  year: number;
  rows: HolidayRow[];
  date: string;
  kind: HolidayView['kind'];
  name: string;
  busy: boolean;
  /** What each kind means (core's HOLIDAY_KIND_LABELS), for the kind picker. */
  kindLabels: typeof HOLIDAY_KIND_LABELS;
  /** County staff enter and remove days; a presidium reads them. */
  canEdit: boolean;
  /** Opened from the county's home: the calls run in the county (COUNTY), not a township. */
  inCounty: boolean;
}

/** This page's calls: in the county itself when opened from the county's home. */
function tools(inCounty: boolean) {
  return inCounty ? apiIn(COUNTY) : api;
}

/** The year shown first: the next one, whose notice the presidium usually has to enter. */
function defaultYear(): number {
  return new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() + 1;
}

Page({
  data: {
    limits: LIMITS,
    loading: true,
    errorMessage: '',
    year: 0,
    rows: [],
    date: '',
    kind: 'holiday',
    name: '',
    busy: false,
    kindLabels: HOLIDAY_KIND_LABELS,
    canEdit: false,
    inCounty: false,
  } as HolidaysData,

  chooseTownship,

  onLoad(query: Record<string, string | undefined>) {
    const year = Number(query.year) || defaultYear();
    this.setData({ year, date: `${year}-01-01`, inCounty: query.county === '1' });
    return this.load();
  },

  async load() {
    const [data, me] = await Promise.all([
      loadInto(this, () => tools(this.data.inCounty).admin.listHolidays(this.data.year)),
      api.account.whoami(),
    ]);
    if (!data) return;
    this.setData({
      loading: false,
      canEdit: me.ok && me.data.role === 'county',
      rows: data.map((h) => ({ ...h, kindLabel: HOLIDAY_KIND_LABELS[h.kind] })),
    });
  },

  changeYear(e: WechatMiniprogram.TouchEvent) {
    const year = this.data.year + Number(e.currentTarget.dataset.step);
    this.setData({ year, date: `${year}-01-01` });
    return this.load();
  },

  onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const field = String((e.currentTarget as { dataset: { field?: string } }).dataset.field);
    this.setData({ [field]: e.detail.value });
  },

  pickKind(e: WechatMiniprogram.TouchEvent) {
    this.setData({ kind: e.currentTarget.dataset.kind as HolidayView['kind'] });
  },

  async add() {
    if (this.data.busy) return;
    // The same rule the server applies, said in words that name the format.
    if (!isCalendarDay(this.data.date.trim())) {
      toast(errorText('HOLIDAY_DATE_INVALID'));
      return;
    }
    this.setData({ busy: true });
    const res = await tools(this.data.inCounty).admin.upsertHolidays([
      { date: this.data.date.trim(), kind: this.data.kind, name: this.data.name.trim() },
    ]);
    this.setData({ busy: false });
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    toast('已保存', 'success');
    this.setData({ name: '' });
    await this.load();
  },

  async remove(e: WechatMiniprogram.TouchEvent) {
    const res = await tools(this.data.inCounty).admin.removeHoliday(String(e.currentTarget.dataset.date));
    if (!res.ok) {
      toast(res.error.message);
      return;
    }
    await this.load();
  },
});
