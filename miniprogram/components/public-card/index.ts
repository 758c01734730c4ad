/**
 * The station's public card (公开数据卡) for villagers: this year's opinions received and answered, the
 * share answered on time and the share of villagers satisfied, in plain words and large type. A rate
 * without enough cases says so kindly (评价还不够多), never a number. Presentational: the station page
 * loads it (figures.publicCard) and passes `card`; nothing shows without one.
 */
import type { PublicCardView } from '../../services/api';
import { MIN_SAMPLE } from '../../services/core.generated';

export interface PublicCardTile {
  code: string;
  label: string;
  display: string;
  /** A rate below the fair minimum sample: the words stand in for the number. */
  notYet: boolean;
}

/** The villagers' words for the card's figures; a rate without enough cases in kind words. */
const WORDS: Record<string, { label: string; notYet: string }> = {
  'opinions.received': { label: '收到意见建议', notYet: '' },
  'opinions.answered': { label: '已答复', notYet: '' },
  'opinions.onTimeRate': { label: '按时答复', notYet: '答复还不够多' },
  'opinions.satisfactionRate': { label: '群众满意', notYet: '评价还不够多' },
};

export function publicCardTiles(card: PublicCardView | null): PublicCardTile[] {
  return (card?.items ?? []).map((item) => {
    const words = WORDS[item.code];
    const notYet = item.value === null;
    return {
      code: item.code,
      label: words?.label ?? item.label,
      display: notYet ? words?.notYet || '还不够多' : item.display,
      notYet,
    };
  });
}

Component({
  properties: {
    card: { type: Object, value: null as unknown as PublicCardView | null },
  },
  data: { tiles: [] as PublicCardTile[], minSample: MIN_SAMPLE, anyNotYet: false },
  observers: {
    card(card: PublicCardView | null) {
      const tiles = publicCardTiles(card);
      this.setData({ tiles, anyNotYet: tiles.some((t) => t.notYet) });
    },
  },
});
