/**
 * 各乡镇情况: the county congress standing committee's home (县人大常委会). The county's total at the
 * top, then one card per township with its figures (county.townships: each township's own figures, the
 * total their sum); a card opens that township's cases. Below them what the county keeps for every
 * township: 节假日调整 (the holiday calendar) and 法律知识 (the county's articles), the presidium's pages
 * run in the county (`county=1`). 新增乡镇 adds a township.
 */
import { call, type Answer } from '../../services/api';
import { chooseTownship, loadInto } from '../../services/page-state';
import { goTo, stopPullDownRefresh } from '../../services/platform';

type Overview = Answer<'county', 'townships'>;
type Row = Overview['total'];

/** One line of figures on a card: label and value, in the order the card shows them. */
interface Figure {
  label: string;
  value: string;
}

interface Card {
  id: string;
  name: string;
  /** 在办12件，其中超期3件 */
  headline: string;
  overdue: boolean;
  figures: Figure[];
}

interface CountyHomeData {
  loading: boolean;
  errorMessage: string;
  errorRetry: boolean;
  year: number;
  today: string;
  total: Card | null;
  townships: Card[];
}

/** A row's card: the open cases first (what needs attention), then the year's work. */
export function cardOf(row: Row, year: number): Card {
  return {
    id: row.id,
    name: row.name,
    headline: `在办${row.openCases}件，其中超期${row.overdueCases}件`,
    overdue: row.overdueCases > 0,
    figures: [
      { label: '联络站', value: `${row.stations}个` },
      { label: '代表', value: `${row.deputies}名` },
      { label: `${year}年收到意见`, value: `${row.receivedThisYear}件` },
      { label: `${year}年办结`, value: `${row.resolvedThisYear}件` },
      { label: '办结率', value: row.resolutionLabel },
      { label: '群众满意率', value: row.satisfactionLabel },
      { label: `${year}年接待日`, value: `${row.receptionDaysHeld}次` },
      { label: '接待群众', value: `${row.villagersReceived}人次` },
    ],
  };
}

Page({
  data: {
    loading: true,
    errorMessage: '',
    errorRetry: false,
    year: 0,
    today: '',
    total: null,
    townships: [],
  } as CountyHomeData,

  chooseTownship,

  onLoad() {
    return this.load();
  },

  onShow() {
    // Back from 新增乡镇: the new township has its card.
    if (this.data.total) return this.load();
    return undefined;
  },

  onPullDownRefresh() {
    return this.load().then(stopPullDownRefresh);
  },

  async load() {
    const data = await loadInto(this, () => call('county', 'townships'));
    if (!data) return;
    this.setData({
      loading: false,
      year: data.year,
      today: data.today,
      total: cardOf(data.total, data.year),
      townships: data.townships.map((t) => cardOf(t, data.year)),
    });
  },

  openTownship(e: WechatMiniprogram.TouchEvent) {
    const id = String(e.currentTarget.dataset.id);
    const card = this.data.townships.find((t) => t.id === id);
    goTo(`/pages/county/cases?id=${encodeURIComponent(id)}&name=${encodeURIComponent(card?.name ?? '')}`);
  },

  /** 节假日调整, 法律知识: the presidium's page, run in the county (its url says `county=1`). */
  open(e: WechatMiniprogram.TouchEvent) {
    goTo(String(e.currentTarget.dataset.url));
  },

  addTownship() {
    goTo('/pages/county/add');
  },
});
