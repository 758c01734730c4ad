/**
 * What a notice shows, in plain Chinese: the same view feeds the station page, the public notice page
 * and the printable A4 sheet. Satisfaction is shown only on a fair sample (core/stats/fair-rate.ts).
 */
import { rateLabel, satisfactionRate } from '../stats/fair-rate';
import {
  CONFIRMATION_CHANNEL_LABELS,
  FIGURE_LABELS,
  MANUAL_DUTY_TYPES,
  NOTICE_STATUS_LABELS,
  OPINION_FIGURE_KEYS,
  type DeputyResponse,
  type DisclosureNotice,
  type DisclosurePeriod,
  type FigureKey,
  type Figures,
} from './duty.types';

/** The columns of the notice table, in reading order (activities by type after the system figures). */
export const NOTICE_COLUMNS: readonly FigureKey[] = [
  'receptionsAttended',
  'villagersReceived',
  // Ratings staff gave on villagers' behalf are counted apart for the presidium, not a column of the notice.
  ...OPINION_FIGURE_KEYS.filter((key) => key !== 'ratedByStaff'),
  ...MANUAL_DUTY_TYPES,
  'peopleReached',
];

export interface NoticeView {
  id: string;
  stationCode: string;
  stationName: string;
  periodId: string;
  periodLabel: string;
  title: string;
  version: number;
  status: DisclosureNotice['status'];
  statusLabel: string;
  publishedAt: string | null;
  columns: { key: FigureKey; label: string }[];
  rows: {
    deputyId: string;
    deputyName: string;
    cells: number[];
    satisfaction: string;
    response: 'confirmed' | 'commented' | null;
    comment: string | null;
    /** When the presidium recorded the confirmation: how and why (e.g. 主席团代录·电话确认：代表未绑定微信). */
    recordedNote: string | null;
  }[];
  totals: { cells: number[]; satisfaction: string };
  correction: { supersedes: string; reason: string; changes: string } | null;
}

function recordedNote(response: DeputyResponse | undefined): string | null {
  const r = response?.recorded;
  return r ? `主席团代录·${CONFIRMATION_CHANNEL_LABELS[r.channel]}：${r.reason}` : null;
}

export function satisfactionLabel(f: Figures): string {
  return rateLabel(satisfactionRate(f));
}

/** `publishedAt` is shown as a China calendar day; the caller formats it (core may not read a clock). */
export function noticeView(
  notice: DisclosureNotice & { _id: string },
  stationName: string,
  period: DisclosurePeriod | null,
  publishedOn: string | null,
): NoticeView {
  const responses = new Map(notice.responses.map((r) => [r.deputyId, r]));
  return {
    id: notice._id,
    stationCode: notice.stationCode,
    stationName,
    periodId: notice.periodId,
    periodLabel: period?.label ?? notice.periodId,
    title: `${stationName}代表履职登记公示${notice.version > 1 ? `（第${notice.version}版·更正）` : ''}`,
    version: notice.version,
    status: notice.status,
    statusLabel: NOTICE_STATUS_LABELS[notice.status],
    publishedAt: publishedOn,
    columns: NOTICE_COLUMNS.map((key) => ({ key, label: FIGURE_LABELS[key] })),
    rows: notice.figures.rows.map((row) => ({
      deputyId: row.deputyId,
      deputyName: row.deputyName,
      cells: NOTICE_COLUMNS.map((k) => row.figures[k]),
      satisfaction: satisfactionLabel(row.figures),
      response: responses.get(row.deputyId)?.answer ?? null,
      comment: responses.get(row.deputyId)?.comment ?? null,
      recordedNote: recordedNote(responses.get(row.deputyId)),
    })),
    totals: {
      cells: NOTICE_COLUMNS.map((k) => notice.figures.totals[k]),
      satisfaction: satisfactionLabel(notice.figures.totals),
    },
    correction: notice.supersedes
      ? {
          supersedes: notice.supersedes,
          reason: notice.correctionReason ?? '',
          changes: notice.changeNote ?? '',
        }
      : null,
  };
}

/** One deputy's answer to a notice, as the presidium's notices page lists it. */
export interface DeputyAnswerRow {
  deputyId: string;
  deputyName: string;
  /** Bound to WeChat: they answer on their own page. */
  bound: boolean;
  /** 已确认 / 有异议 / 未答复, with 主席团代录·书面确认：… when the presidium recorded it. */
  answerLabel: string;
  recorded: string | null;
  /** The presidium may record a confirmation given on paper or by phone (记录纸质/电话确认). */
  canRecord: boolean;
}

/**
 * Each deputy's answer on a notice. A confirmation given on paper or by phone may be recorded for a
 * deputy who never bound WeChat and has not answered, while the notice is still a draft.
 */
export function deputyAnswers(
  notice: Pick<DisclosureNotice, 'status' | 'responses' | 'figures'>,
  isBound: (deputyId: string) => boolean,
): DeputyAnswerRow[] {
  const open = notice.status !== 'approved' && notice.status !== 'published';
  return notice.figures.rows.map((row) => {
    const response = notice.responses.find((r) => r.deputyId === row.deputyId);
    const bound = isBound(row.deputyId);
    const answerLabel = !response ? '未答复' : response.answer === 'confirmed' ? '已确认' : '有异议';
    return {
      deputyId: row.deputyId,
      deputyName: row.deputyName,
      bound,
      answerLabel,
      recorded: recordedNote(response),
      canRecord: open && !bound && !response,
    };
  });
}
