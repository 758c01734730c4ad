/**
 * On a station's page: its current duty-disclosure notice (代表履职公示) in short, earlier notices, and a
 * button to follow the station (told by subscribe message when a notice is published). Presentational:
 * the page loads `notice` (duty.currentNotice, null when none is published), `history` and `following`,
 * and handles `bind:follow` (the button's tap, whichever way it turns); `busy` while that is under way.
 */
import type { NoticeHistoryItem, NoticeView } from '../../services/api';
import { goTo } from '../../services/platform';

interface Line {
  deputyId: string;
  name: string;
  summary: string;
}

/** One plain sentence per deputy from the notice's columns. */
function linesOf(notice: NoticeView): Line[] {
  const at = (key: string) => notice.columns.findIndex((c) => c.key === key);
  return notice.rows.map((r) => ({
    deputyId: r.deputyId,
    name: r.deputyName,
    summary:
      `接待日${r.cells[at('receptionsAttended')]}次，接待群众${r.cells[at('villagersReceived')]}人次；` +
      `收到意见${r.cells[at('opinionsReceived')]}件，办结${r.cells[at('opinionsResolved')]}件；满意率${r.satisfaction}`,
  }));
}

Component({
  // The page's card / section-title styles (app.wxss) apply inside this section.
  options: { addGlobalClass: true },
  properties: {
    /** The station's current published notice, or null when it has none. */
    notice: { type: Object, value: null as NoticeView | null },
    /** Earlier notices (the current one is left out here). */
    history: { type: Array, value: [] as NoticeHistoryItem[] },
    following: { type: Boolean, value: false },
    busy: { type: Boolean, value: false },
  },
  data: {
    lines: [] as Line[],
    earlier: [] as NoticeHistoryItem[],
  },
  observers: {
    'notice, history'(notice: NoticeView | null, history: NoticeHistoryItem[]) {
      this.setData({
        lines: notice ? linesOf(notice) : [],
        earlier: (history ?? []).filter((h) => !notice || h.id !== notice.id),
      });
    },
  },
  methods: {
    openNotice(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (id) goTo(`/pages/notice/index?id=${encodeURIComponent(id)}`);
    },
    /** 关注 / 取消关注: the page follows or unfollows. */
    follow() {
      if (!this.data.busy) this.triggerEvent('follow');
    },
  },
});
