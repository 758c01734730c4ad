/**
 * The four ledgers (台账) a township keeps, as rows: which columns each has (Chinese headers, widths) and
 * how one record (with what it refers to) becomes one row. Pure: no I/O, no clock (`today` is given).
 *
 * Personal contact data of villagers (names, phones) appears only when the presidium asks for it
 * (`contacts`); without it a booking's name is masked (张**), a case says only 实名/匿名, and phone numbers
 * written inside free text are masked too. An anonymous case never shows a name, whoever asks.
 * Dates are China days, written as Excel dates (a day is a day wherever the file is opened).
 */
import { chinaDate, type Ymd } from '../../../core/calendar/china-time';
import {
  DUTY_TYPE_LABELS,
  MANUAL_RECORD_STATUS_LABELS,
  type DutyRecord,
} from '../../../core/duty/duty.types';
import { OPINION_CHANNEL_LABELS, opinionChannel } from '../../../core/figures/figures.opinions';
import { OPEN311_CALLBACK_LABELS } from '../../../core/open311/open311.rules';
import { STATUS_LABELS } from '../../../core/opinion/opinion.privacy';
import {
  OPEN_STATUSES,
  RATING_LABELS,
  type Opinion,
  type OpinionStatus,
  type TimelineEvent,
} from '../../../core/opinion/opinion.types';
import { redactPhones } from '../../../core/privacy/phone.mask';

export const LEDGERS = ['reception', 'cases', 'duties', 'law'] as const;
export type LedgerKind = (typeof LEDGERS)[number];

export const LEDGER_TITLES: Record<LedgerKind, string> = {
  reception: '接待登记台账',
  cases: '意见建议办理台账',
  duties: '代表履职登记台账',
  law: '法律知识推送台账',
};

/** A cell: text, a whole number, a China day (as an Excel date) or empty. */
export type Cell = string | number | { day: Ymd } | { minute: string } | null;

export interface Column {
  header: string;
  /** Width in characters (a Chinese character counts about two). */
  width: number;
  /** Long text: wrapped in its cell. */
  wrap?: true;
  /** Dates: 'day' (yyyy-mm-dd) or 'minute' (yyyy-mm-dd hh:mm), China time. */
  format?: 'day' | 'minute';
}

/** Names of what records refer to: stations, villages, categories, deputies, departments. */
export interface Lookups {
  stations: Map<string, string>;
  villages: Map<string, string>;
  categories: Map<string, string>;
  deputies: Map<string, string>;
  departments: Map<string, string>;
}

const name = (map: Map<string, string>, key: string | undefined | null): string =>
  key ? (map.get(key) ?? key) : '';

const dayCell = (d: Ymd | null | undefined): Cell => (d ? { day: d } : null);
const instantDay = (d: Date | string | null | undefined): Ymd | null => (d ? chinaDate(new Date(d)) : null);

/** Free text as a ledger may show it: one line, phones masked unless contacts were asked for. */
export function textCell(text: string | undefined, max: number, contacts: boolean): string {
  const one = (text ?? '').replace(/\s+/g, ' ').trim();
  const safe = contacts ? one : redactPhones(one);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** A villager's name masked: the first character kept (张** for 张三丰). */
export function maskName(full: string | undefined | null): string {
  const chars = Array.from((full ?? '').trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

// ------------------------------------------------------------------------------------------ 意见建议办理台账

/** How a case reached the township (渠道): the figures' channel (core/figures/figures.opinions.ts). */
export function channelLabel(o: Pick<Opinion, 'filedBy'> & { channel?: string | null }): string {
  const kind = o.filedBy?.kind ?? 'self';
  if (kind !== 'self' && kind !== 'reception' && kind !== 'stationAdmin') return '其他';
  return OPINION_CHANNEL_LABELS[opinionChannel(kind, o.channel)];
}

/** The days of a case's steps, read from its timeline (the last time each step happened). */
export interface CaseSteps {
  accepted: Ymd | null;
  replied: Ymd | null;
  finished: Ymd | null;
  transferredTo: string | null;
  supervised: boolean;
}

export function stepsOf(events: readonly Pick<TimelineEvent, 'type' | 'at' | 'data'>[]): CaseSteps {
  const steps: CaseSteps = {
    accepted: null,
    replied: null,
    finished: null,
    transferredTo: null,
    supervised: false,
  };
  const sorted = [...events].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  for (const e of sorted) {
    const on = chinaDate(new Date(e.at));
    if (e.type === 'accepted') steps.accepted = on;
    else if (e.type === 'replied') steps.replied = on;
    else if (e.type === 'resolved' || e.type === 'closedNoReply') steps.finished = on;
    else if (e.type === 'reopened') steps.finished = null;
    else if (e.type === 'transferred') steps.transferredTo = e.data?.departmentName ?? steps.transferredTo;
    else if (e.type === 'supervised') steps.supervised = true;
  }
  return steps;
}

const AWAITING_ACCEPTANCE: readonly OpinionStatus[] = ['assigned'];
const AWAITING_ANSWER: readonly OpinionStatus[] = ['assigned', 'accepted', 'transferred'];

/**
 * 是否超期, as of `today`: the case was (or still is) past its 受理 or 答复 deadline. A case in review, merged,
 * refused at moderation or closed as 无需答复 is never overdue ('—' for those not handled at all).
 */
export function overdueLabel(
  o: Pick<Opinion, 'status' | 'acceptBy' | 'answerBy' | 'outcome' | 'noReplyNeeded'>,
  steps: Pick<CaseSteps, 'accepted' | 'replied'>,
  today: Ymd,
): string {
  if (o.status === 'review' || o.status === 'merged' || o.outcome === 'rejected') return '—';
  if (o.noReplyNeeded) return '否';
  const acceptLate = AWAITING_ACCEPTANCE.includes(o.status)
    ? today > o.acceptBy
    : steps.accepted !== null && steps.accepted > o.acceptBy;
  const answerLate = AWAITING_ANSWER.includes(o.status)
    ? today > o.answerBy
    : steps.replied !== null && steps.replied > o.answerBy;
  if (acceptLate && answerLate) return '是（受理、答复）';
  if (acceptLate) return '是（受理）';
  if (answerLate) return '是（答复）';
  return '否';
}

/** How the case ended or stands. */
export function resultLabel(o: Pick<Opinion, 'status' | 'outcome' | 'noReplyNeeded'>): string {
  if (o.outcome === 'rejected') return '未通过审核';
  if (o.noReplyNeeded || o.outcome === 'noReplyNeeded') return '群众表示无需答复';
  return STATUS_LABELS[o.status] ?? o.status;
}

/** 满意度: the villager's last rating; one given by staff, or from 12345's callback (回访), says so; 未评价 when the case closed unrated. */
export function satisfactionLabel(o: Pick<Opinion, 'ratings' | 'outcome' | 'noReplyNeeded'>): string {
  const last = o.ratings?.[o.ratings.length - 1];
  if (last?.bySystem) return `${OPEN311_CALLBACK_LABELS[last.bySystem]}：${RATING_LABELS[last.rating]}`;
  if (last) return last.byStaff ? `代为评价：${RATING_LABELS[last.rating]}` : RATING_LABELS[last.rating];
  if (o.noReplyNeeded) return '';
  if (o.outcome === 'unrated') return '未评价';
  return '';
}

function ownerLabel(o: Pick<Opinion, 'owner'>, lookups: Lookups): string {
  const owner = o.owner;
  if (!owner || owner.kind === 'presidium') return '主席团（待分办）';
  const deputies = (owner.deputyIds ?? []).map((d) => name(lookups.deputies, d)).join('、');
  if (owner.kind === 'department') {
    const dept = owner.departmentName || name(lookups.departments, owner.departmentId);
    return deputies ? `${dept}（代表：${deputies}）` : dept;
  }
  return deputies;
}

export function caseColumns(contacts: boolean): Column[] {
  return [
    { header: '编号', width: 28 },
    { header: '提交日期', width: 12, format: 'day' },
    { header: '渠道', width: 8 },
    { header: '联络站', width: 18 },
    { header: '村（社区）', width: 10 },
    { header: '类别', width: 10 },
    { header: '内容摘要', width: 40, wrap: true },
    { header: '署名', width: 6 },
    ...(contacts
      ? ([
          { header: '联系人', width: 10 },
          { header: '联系电话', width: 14 },
        ] satisfies Column[])
      : []),
    { header: '承办代表/部门', width: 22, wrap: true },
    { header: '转办部门', width: 14 },
    { header: '受理期限', width: 12, format: 'day' },
    { header: '受理日期', width: 12, format: 'day' },
    { header: '答复期限', width: 12, format: 'day' },
    { header: '答复日期', width: 12, format: 'day' },
    { header: '办结日期', width: 12, format: 'day' },
    { header: '是否超期', width: 12 },
    { header: '督办', width: 6 },
    { header: '办理结果', width: 14 },
    { header: '满意度', width: 14 },
  ];
}

export type CaseRecord = Opinion & { contactPurgedAt?: Date | null };

export function caseRow(
  o: CaseRecord,
  events: readonly TimelineEvent[],
  lookups: Lookups,
  contacts: boolean,
  today: Ymd,
): Cell[] {
  const steps = stepsOf(events);
  const finished = steps.finished ?? instantDay(o.resolvedAt ?? null);
  const contactCells: Cell[] = contacts
    ? o.anonymous
      ? ['匿名', '']
      : o.contact?.name || o.contact?.phone
        ? [o.contact?.name ?? '', o.contact?.phone ?? '']
        : [o.contactPurgedAt ? '（已按期删除）' : '', '']
    : [];
  return [
    o._id,
    dayCell(o.submittedOn ?? instantDay(o.submittedAt)),
    channelLabel(o),
    name(lookups.stations, o.stationCode),
    name(lookups.villages, o.villageCode),
    name(lookups.categories, o.categoryCode),
    // An anonymous case's text keeps its phone numbers masked whoever asks.
    textCell(o.text, 120, contacts && !o.anonymous),
    o.anonymous ? '匿名' : '实名',
    ...contactCells,
    ownerLabel(o, lookups),
    steps.transferredTo ?? (o.owner?.kind === 'department' ? o.owner.departmentName : ''),
    dayCell(o.acceptBy),
    dayCell(steps.accepted ?? o.acceptedOn ?? null),
    dayCell(o.answerBy),
    dayCell(steps.replied ?? o.answeredOn ?? null),
    dayCell(OPEN_STATUSES.includes(o.status) ? null : finished),
    overdueLabel(
      o,
      { accepted: steps.accepted ?? o.acceptedOn ?? null, replied: steps.replied ?? o.answeredOn ?? null },
      today,
    ),
    steps.supervised || o.supervised ? '是' : '否',
    resultLabel(o),
    satisfactionLabel(o),
  ];
}

// ------------------------------------------------------------------------------------------ 接待登记台账

export interface ReceptionDayRecord {
  _id: string;
  stationCode: string;
  date: Ymd;
  start: string;
  end: string;
  deputyIds: string[];
  status: 'scheduled' | 'cancelled' | 'done';
  cancelReason?: string;
}

export interface ReceptionBooking {
  _id: string;
  dayId: string;
  status: 'booked' | 'checkedIn' | 'cancelled' | 'noShow';
  source?: 'booking' | 'walkIn';
  villageCode?: string;
  topic?: string;
  name?: string;
  phone?: string;
  bookedAt?: Date;
}

export interface ReceptionMatterRecord {
  bookingId?: string;
  villageCode: string;
  categoryCode: string;
  text: string;
  opinionId: string | null;
}

export interface ReceptionDayRecordSheet {
  deputyIds: string[];
  peopleReached: number;
  summary: string;
  matters: ReceptionMatterRecord[];
}

const DAY_STATUS: Record<ReceptionDayRecord['status'], string> = {
  scheduled: '已安排',
  cancelled: '已取消',
  done: '已接待',
};

const ATTENDANCE: Record<ReceptionBooking['status'], string> = {
  booked: '已预约',
  checkedIn: '已到场',
  cancelled: '已取消预约',
  noShow: '未到场',
};

export function receptionColumns(contacts: boolean): Column[] {
  return [
    { header: '接待日期', width: 12, format: 'day' },
    { header: '时间', width: 12 },
    { header: '联络站', width: 18 },
    { header: '接待代表', width: 18, wrap: true },
    { header: '接待日状态', width: 10 },
    { header: '序号', width: 6 },
    { header: '来访群众', width: 10 },
    ...(contacts ? ([{ header: '联系电话', width: 14 }] satisfies Column[]) : []),
    { header: '村（社区）', width: 10 },
    { header: '到场情况', width: 12 },
    { header: '反映事项', width: 36, wrap: true },
    { header: '办理情况', width: 30, wrap: true },
    { header: '当日接待记录', width: 30, wrap: true },
  ];
}

/**
 * One row per booking (or walk-in) of a reception day, and one for a day nobody booked. A matter the
 * day's record wrote down for the booking (or for nobody in particular, on the day's first row) says
 * what was raised and which case it became.
 */
export function receptionRows(
  day: ReceptionDayRecord,
  bookings: readonly ReceptionBooking[],
  record: ReceptionDayRecordSheet | null,
  caseStatus: Map<string, OpinionStatus>,
  lookups: Lookups,
  contacts: boolean,
): Cell[][] {
  const deputies = (record?.deputyIds?.length ? record.deputyIds : day.deputyIds)
    .map((d) => name(lookups.deputies, d))
    .join('、');
  const summary = record ? textCell(record.summary, 200, contacts) : '';
  const matters = record?.matters ?? [];
  const matterText = (list: readonly ReceptionMatterRecord[]) =>
    list.map((m) => textCell(m.text, 120, contacts)).join('；');
  const handled = (list: readonly ReceptionMatterRecord[]) =>
    list
      .map((m) =>
        m.opinionId
          ? `转为意见建议 ${m.opinionId}（${STATUS_LABELS[caseStatus.get(m.opinionId) ?? 'assigned'] ?? ''}）`
          : '当场答复',
      )
      .join('；');
  const head = (): Cell[] => [
    dayCell(day.date),
    `${day.start}-${day.end}`,
    name(lookups.stations, day.stationCode),
    deputies,
    day.status === 'cancelled' && day.cancelReason ? `已取消（${day.cancelReason}）` : DAY_STATUS[day.status],
  ];
  const sorted = [...bookings].sort(
    (a, b) =>
      new Date(a.bookedAt ?? 0).getTime() - new Date(b.bookedAt ?? 0).getTime() || (a._id < b._id ? -1 : 1),
  );
  const unattached = matters.filter((m) => !m.bookingId || !sorted.some((b) => b._id === m.bookingId));
  if (sorted.length === 0)
    return [
      [
        ...head(),
        null,
        '',
        ...(contacts ? [''] : []),
        unattached.map((m) => name(lookups.villages, m.villageCode)).join('、'),
        '',
        matterText(unattached),
        handled(unattached),
        summary,
      ],
    ];
  return sorted.map((b, i) => {
    const own = matters.filter((m) => m.bookingId === b._id);
    const shown = i === 0 ? [...own, ...unattached] : own;
    const topic = textCell(b.topic, 120, contacts);
    return [
      ...head(),
      i + 1,
      contacts ? (b.name ?? '') : maskName(b.name),
      ...(contacts ? [b.phone ?? ''] : []),
      name(lookups.villages, b.villageCode),
      b.source === 'walkIn' ? '现场登记' : ATTENDANCE[b.status],
      [topic, matterText(shown)].filter(Boolean).join('；'),
      handled(shown),
      i === 0 ? summary : '',
    ];
  });
}

// ------------------------------------------------------------------------------------------ 代表履职登记台账

export function dutyColumns(): Column[] {
  return [
    { header: '代表', width: 10 },
    { header: '联络站', width: 18 },
    { header: '履职日期', width: 12, format: 'day' },
    { header: '履职类型', width: 14 },
    { header: '履职内容', width: 44, wrap: true },
    { header: '联系群众（人次）', width: 10 },
    { header: '来源', width: 10 },
    { header: '审核状态', width: 10 },
  ];
}

export function dutyRow(r: DutyRecord, lookups: Lookups): Cell[] {
  return [
    name(lookups.deputies, r.deputyId),
    name(lookups.stations, r.stationCode),
    dayCell(r.date),
    DUTY_TYPE_LABELS[r.type] ?? r.type,
    textCell(r.description, 200, false),
    r.peopleReached ?? 0,
    r.source === 'system' ? '系统记录' : '代表填报',
    r.source === 'system' ? '无需审核' : (MANUAL_RECORD_STATUS_LABELS[r.status] ?? r.status),
  ];
}

// ------------------------------------------------------------------------------------------ 法律知识推送台账

export interface LawIssueRow {
  issueLabel: string;
  title: string;
  category: string;
  publisher: string;
  pushedOn: Ymd | null;
  queued: number;
  sent: number;
  notDelivered: number;
  reads: number;
  status: string;
}

export function lawColumns(): Column[] {
  return [
    { header: '期数', width: 16 },
    { header: '标题', width: 36, wrap: true },
    { header: '栏目', width: 12 },
    { header: '发布单位', width: 12 },
    { header: '推送日期', width: 12, format: 'day' },
    { header: '推送人数', width: 10 },
    { header: '送达', width: 8 },
    { header: '未送达', width: 8 },
    { header: '阅读', width: 8 },
    { header: '状态', width: 8 },
  ];
}

export function lawRow(r: LawIssueRow): Cell[] {
  return [
    r.issueLabel,
    r.title,
    r.category,
    r.publisher,
    dayCell(r.pushedOn),
    r.queued,
    r.sent,
    r.notDelivered,
    r.reads,
    r.status,
  ];
}
