/**
 * On a station's page: its current duty-disclosure notice (代表履职公示) in short, earlier notices, and a
 * button to follow the station (told by subscribe message when a notice is published).
 */
import { api, type NoticeHistoryItem, type NoticeView } from '../../services/api';
import { goTo, requestSubscriptions, toast } from '../../services/platform';

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
    stationCode: { type: String, value: '' },
  },
  data: {
    loaded: false,
    current: null as null | {
      id: string;
      title: string;
      periodLabel: string;
      publishedAt: string | null;
      version: number;
    },
    lines: [] as Line[],
    history: [] as NoticeHistoryItem[],
    following: false,
    busy: false,
  },
  observers: {
    stationCode(code: string) {
      if (code) void this.load();
    },
  },
  methods: {
    async load() {
      const code = this.data.stationCode;
      const [current, history, follow] = await Promise.all([
        api.duty.currentNotice(code),
        api.duty.noticeHistory(code),
        api.duty.followState(code),
      ]);
      const notice = current.ok ? current.data : null;
      this.setData({
        loaded: true,
        current: notice && {
          id: notice.id,
          title: notice.title,
          periodLabel: notice.periodLabel,
          publishedAt: notice.publishedAt,
          version: notice.version,
        },
        lines: notice ? linesOf(notice) : [],
        history: history.ok ? history.data.filter((h) => !notice || h.id !== notice.id) : [],
        following: follow.ok ? follow.data.following : false,
      });
    },
    openNotice(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id ?? this.data.current?.id;
      if (id) goTo(`/pages/notice/index?id=${encodeURIComponent(id)}`);
    },
    async toggleFollow() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const code = this.data.stationCode;
      if (!this.data.following) await requestSubscriptions(['noticePublished']);
      const res = this.data.following
        ? await api.duty.unfollowStation(code)
        : await api.duty.followStation(code);
      this.setData({ busy: false });
      if (!res.ok) return toast(res.error.message);
      this.setData({ following: res.data.following });
      toast(res.data.following ? '已关注，公示发布时会通知您' : '已取消关注', 'none');
    },
  },
});
