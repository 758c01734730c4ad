/**
 * What each audience may see of a case (PIPL: the minimum each needs). No view carries an openid: the
 * villager is identified by their WeChat session, nobody else needs it.
 *
 * - villager: their own case and its timeline in plain words; their own contact as they gave it, the
 *   phone masked (a screenshot of the page must not spread it).
 * - deputy: everything needed to answer. Anonymous: no contact at all (there is none to show; checkDraft
 *   drops it). Otherwise the full phone goes only to a deputy who handles the case while it is open,
 *   because a villager who leaves a number expects a call back and the deputy is the one who calls;
 *   any other deputy, and anyone after the case is finished, sees it masked.
 * - presidium: the whole record for supervision, phone masked (the handling deputy calls back).
 * - public: a resolved case whose villager consented, without identity, photos, or (for an anonymous
 *   case) even the village.
 *
 * The village of an anonymous case (villageFor): staff (deputies, presidium) see it in every view and
 * list, because the matter is usually about a place (the bridge, the canal) and a deputy cannot act
 * without it; the village names a place, not the person. Other villagers (followers) and the public never
 * see it: in a small village the place plus the words can point to the person.
 */
import { chinaDate, type Ymd } from '../calendar/china-time';
import { maskPhone, redactPhones } from '../privacy/phone.mask';
import { OPEN311_CALLBACK_LABELS } from '../open311/open311.rules';
import { canRate, handlerDeputyIds, timelineTextFor } from './opinion.state';
import {
  filerOpenid,
  OPEN_STATUSES,
  type Actor,
  type CloseOutcome,
  type Opinion,
  type OpinionStatus,
  type Owner,
  type RatingEntry,
  type TimelineEvent,
  type TimelineEventType,
} from './opinion.types';

export const STATUS_LABELS: Record<OpinionStatus, string> = {
  review: '审核中',
  assigned: '待受理',
  accepted: '办理中',
  transferred: '部门办理中',
  replied: '已答复',
  resolved: '已办结待评价',
  closed: '已办结',
  merged: '已合并办理',
};

/** What a case is about: the same for every audience that may see the case at all. */
interface CaseCore extends Pick<
  Opinion,
  'status' | 'stationCode' | 'villageCode' | 'categoryCode' | 'text' | 'photos' | 'anonymous' | 'submittedOn'
> {
  id: string;
  statusLabel: string;
  answer: string | null;
}

export interface VillagerView extends CaseCore {
  consentToPublish: boolean;
  contactName: string | null;
  contactPhoneMasked: string | null;
  canRate: boolean;
  reporters: number;
  /** 答复期限 while someone still works on it; null once answered or closed. */
  answerBy: Ymd | null;
  /** 承办代表: the handling deputies' names (public figures), and the department when transferred. */
  handlingDeputies: string[];
  handlingDepartment: string | null;
  timeline: { at: Date; text: string }[];
}

/** Timeline labels for staff pages (the villager's own words are villagerTimelineText). */
export const STAFF_EVENT_LABELS: Record<TimelineEventType, string> = {
  submitted: '提交',
  heldForReview: '待审核',
  rejected: '审核未通过',
  assigned: '分办',
  accepted: '受理',
  handedBack: '退回',
  transferred: '转办',
  departmentHandedBack: '部门退回',
  replied: '答复',
  resolved: '办结',
  rated: '评价',
  reopened: '不满意，重新办理',
  closedUnrated: '未评价，办结',
  reminded: '催办',
  supervised: '督办',
  ratingReminded: '提醒评价',
  merged: '合并',
  publicConfirmed: '答复审核通过，可以公开',
  closedNoReply: '群众表示无需答复，办结',
  nameHidden: '群众选择隐藏姓名，改为匿名',
  notResolved: '关注的群众反馈：还没解决',
  raisedAsSuggestion: '转为代表建议',
};

/** The system's own pre-deadline reminder is 到期提醒; 催办 is the presidium's chase. */
function staffLabel(e: Pick<TimelineEvent, 'type' | 'actorRole' | 'data'>): string {
  const label = e.type === 'reminded' && e.actorRole === 'system' ? '到期提醒' : STAFF_EVENT_LABELS[e.type];
  if (e.data?.bySystem) return `${label}（${OPEN311_CALLBACK_LABELS[e.data.bySystem]}）`;
  return e.data?.byStaff ? `${label}（联络站代为评价）` : label;
}

/** A timeline entry as staff see it: who (by role and deputy id) did what, never an openid. */
export interface StaffTimelineEntry {
  type: TimelineEventType;
  label: string;
  at: Date;
  actorRole: TimelineEvent['actorRole'];
  actorDeputyId: string | null;
  note: string | null;
  data: TimelineEvent['data'] | null;
}

interface StaffCase extends CaseCore {
  filedOnBehalf: boolean;
  owner: Owner;
  routingReason: string;
  acceptBy: Ymd;
  answerBy: Ymd;
  supervised: boolean;
  reopenCount: number;
  reporters: number;
  ratings: RatingEntry[];
  timeline: StaffTimelineEntry[];
}

export interface DeputyView extends StaffCase {
  contactName: string | null;
  /** Full for a deputy handling the open case, masked otherwise, null when none was given. */
  contactPhone: string | null;
}

export interface PresidiumView extends StaffCase {
  contactName: string | null;
  contactPhoneMasked: string | null;
  handedBackBy: string[];
  outcome: CloseOutcome | null;
  mergedInto: string | null;
  /** Followers who said 还没解决 (it does not reopen the case), and their latest notes. */
  notResolvedCount: number;
  notResolvedNotes: { at: Date; note: string }[];
}

export interface PublicAnswer {
  id: string;
  stationCode: string;
  /** null for an anonymous case: in a small village the place can point to the person. */
  villageCode: string | null;
  categoryCode: string;
  text: string;
  answer: string;
  /** Who answered: the department when the case was transferred, else the deputies ('王建国代表'). */
  answeredBy: string | null;
  resolvedOn: Ymd | null;
}

function caseCore(o: Opinion): CaseCore {
  return {
    id: o._id,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    stationCode: o.stationCode,
    villageCode: o.villageCode,
    categoryCode: o.categoryCode,
    text: o.text,
    photos: o.photos,
    anonymous: o.anonymous,
    submittedOn: o.submittedOn,
    answer: o.answer ?? null,
  };
}

/** A villager's own case: filed by them, or filed on their behalf by this caller (station admin, reception). */
export function isOwnCase(o: Pick<Opinion, 'villagerOpenid' | 'filedBy'>, openid: string): boolean {
  return o.villagerOpenid === openid || filerOpenid(o.filedBy) === openid;
}

/** How a caller relates to a case: decides which view (if any) they get; null = none (deny). */
export type CaseRelation = 'presidium' | 'deputy' | 'villager' | 'follower';

/**
 * The caller's relation to a case, strongest first: the presidium sees every case; a deputy the cases
 * ever assigned to them (`deputyHistory`); the villager (or whoever filed for them) their own; a
 * follower the case they follow. Anyone else: null.
 */
export function caseRelation(
  o: Pick<Opinion, 'villagerOpenid' | 'filedBy' | 'followers'> & { deputyHistory: readonly string[] },
  who: Pick<Actor, 'role' | 'openid' | 'deputyId'>,
): CaseRelation | null {
  if (who.role === 'presidium') return 'presidium';
  if (who.role === 'deputy' && who.deputyId && o.deputyHistory.includes(who.deputyId)) return 'deputy';
  if (isOwnCase(o, who.openid)) return 'villager';
  if (o.followers.includes(who.openid)) return 'follower';
  return null;
}

/** Who reads a case: its own villager, staff (deputy, presidium), another villager who follows it, the public. */
export type CaseReader = 'villager' | 'staff' | 'follower' | 'public';

/** The village a reader may see of a case (the policy is in the header): null = not shown. */
export function villageFor(o: Pick<Opinion, 'villageCode' | 'anonymous'>, reader: CaseReader): string | null {
  if (!o.anonymous || reader === 'villager' || reader === 'staff') return o.villageCode;
  return null;
}

/** The contact a view may show: none at all for an anonymous case, whatever the record holds. */
function contactOf(o: Opinion): { name: string | null; phone: string | null } {
  if (o.anonymous) return { name: null, phone: null };
  return { name: o.contact?.name ?? null, phone: o.contact?.phone ?? null };
}

/** How many followers' 还没解决 notes the presidium's view shows, newest first. */
const NOT_RESOLVED_NOTES = 3;

function masked(phone: string | null): string | null {
  return phone === null ? null : maskPhone(phone);
}

function reportersOf(o: Opinion): number {
  return 1 + o.followers.length;
}

function staffTimeline(events: readonly TimelineEvent[]): StaffTimelineEntry[] {
  return events.map((e) => ({
    type: e.type,
    label: staffLabel(e),
    at: e.at,
    actorRole: e.actorRole,
    actorDeputyId: e.actorDeputyId ?? null,
    note: e.note ?? null,
    data: e.data ?? null,
  }));
}

function staffCase(o: Opinion, events: readonly TimelineEvent[]): StaffCase {
  return {
    ...caseCore(o),
    filedOnBehalf: o.filedBy.kind !== 'self',
    owner: o.owner,
    routingReason: o.routing.reason,
    acceptBy: o.acceptBy,
    answerBy: o.answerBy,
    supervised: o.supervised,
    reopenCount: o.reopenCount,
    reporters: reportersOf(o),
    ratings: o.ratings,
    timeline: staffTimeline(events),
  };
}

/**
 * The case as the villager (or, for a case filed for someone without an account, its filer) sees it;
 * a follower's timeline is worded for them. `deputyName` names the handling deputies (public figures).
 */
export function toVillagerView(
  o: Opinion,
  events: readonly TimelineEvent[],
  reader: Pick<Actor, 'openid'>,
  deputyName: (deputyId: string) => string | undefined = () => undefined,
): VillagerView {
  const contact = contactOf(o);
  const words = isOwnCase(o, reader.openid) ? 'villager' : 'follower';
  const working = ['review', 'assigned', 'accepted', 'transferred'].includes(o.status);
  return {
    ...caseCore(o),
    consentToPublish: o.consentToPublish,
    contactName: contact.name,
    contactPhoneMasked: masked(contact.phone),
    canRate: canRate(o, reader),
    reporters: reportersOf(o),
    answerBy: working ? o.answerBy : null,
    handlingDeputies: handlerDeputyIds(o.owner)
      .map(deputyName)
      .filter((n): n is string => !!n),
    handlingDepartment: o.owner.kind === 'department' ? o.owner.departmentName : null,
    timeline: events
      .filter((e) => e.visibleToVillager)
      .map((e) => ({ at: e.at, text: timelineTextFor(e, words) })),
  };
}

/** The case as the deputy `deputyId` sees it. Which deputies may open it at all is the handler's check. */
export function toDeputyView(o: Opinion, events: readonly TimelineEvent[], deputyId: string): DeputyView {
  const contact = contactOf(o);
  const callsBack = OPEN_STATUSES.includes(o.status) && handlerDeputyIds(o.owner).includes(deputyId);
  const staff = staffCase(o, events);
  return {
    ...staff,
    // Anonymous: a number typed into the text (or a rating comment) must not identify the villager either.
    text: caseTextFor(o, 'staff'),
    timeline: o.anonymous
      ? staff.timeline.map((e) => (e.note ? { ...e, note: redactPhones(e.note) } : e))
      : staff.timeline,
    contactName: contact.name,
    contactPhone: callsBack ? contact.phone : masked(contact.phone),
  };
}

/**
 * The case as the staff of the department it was transferred to sees it: as a deputy who does not call
 * the villager back sees it (the words as staff read them, an anonymous case's phones masked, the
 * contact phone masked). Which department may open it at all is the handler's check.
 */
export function toDepartmentView(o: Opinion, events: readonly TimelineEvent[]): DeputyView {
  return toDeputyView(o, events, '');
}

export function toPresidiumView(o: Opinion, events: readonly TimelineEvent[]): PresidiumView {
  const contact = contactOf(o);
  return {
    ...staffCase(o, events),
    contactName: contact.name,
    contactPhoneMasked: masked(contact.phone),
    handedBackBy: o.handedBackBy,
    outcome: o.outcome ?? null,
    mergedInto: o.mergedInto ?? null,
    notResolvedCount: (o.notResolvedBy ?? []).length,
    notResolvedNotes: events
      .filter((e) => e.type === 'notResolved' && e.note)
      .slice(-NOT_RESOLVED_NOTES)
      .reverse()
      .map((e) => ({ at: e.at, note: e.note as string })),
  };
}

/** Phones typed inside free text, masked in every written form: the rule lives in core/privacy. */
export { redactPhones };

/** What a follower reads instead of another villager's words when that villager did not consent. */
export const WORDS_NOT_PUBLISHED = '（其他村民反映的问题，内容未公开）';

/**
 * The case's words as each reader may see them, for every view, list and message:
 * - 'villager': their own words as written;
 * - 'staff': as written, but phones typed into an anonymous case's text are masked;
 * - 'follower' (another villager): only with the author's consent, phones masked.
 */
export function caseTextFor(
  o: Pick<Opinion, 'text' | 'anonymous' | 'consentToPublish'>,
  reader: 'villager' | 'staff' | 'follower',
): string {
  if (reader === 'villager') return o.text;
  if (reader === 'staff') return o.anonymous ? redactPhones(o.text) : o.text;
  return o.consentToPublish ? redactPhones(o.text) : WORDS_NOT_PUBLISHED;
}

/**
 * The public question-and-answer, or null when the case is not finished, has no answer, or lacks consent.
 * Deputies are public figures: the ones who answered are named (`deputyName` looks them up).
 */
export function toPublicAnswer(
  o: Opinion,
  deputyName: (deputyId: string) => string | undefined = () => undefined,
): PublicAnswer | null {
  const finished = o.status === 'resolved' || (o.status === 'closed' && o.outcome !== 'rejected');
  // Nothing unchecked becomes public: an answer held by the content check, or a private report.
  if (!finished || !o.consentToPublish || !o.answer || o.publicHold || o.privateReport) return null;
  return {
    id: o._id,
    stationCode: o.stationCode,
    villageCode: villageFor(o, 'public'),
    categoryCode: o.categoryCode,
    text: redactPhones(o.text),
    answer: redactPhones(o.answer),
    answeredBy: answeredBy(o, deputyName),
    resolvedOn: o.resolvedAt ? chinaDate(o.resolvedAt) : null,
  };
}

function answeredBy(o: Opinion, deputyName: (deputyId: string) => string | undefined): string | null {
  if (o.owner.kind === 'department') return o.owner.departmentName;
  if (o.owner.kind !== 'deputies') return null;
  const names = o.owner.deputyIds.map(deputyName).filter((n): n is string => !!n);
  return names.length > 0 ? `${names.join('、')}代表` : null;
}
