/**
 * The opinion (意见建议) record and what surrounds it. An opinion is always owned (deputies, a
 * department, or the presidium queue) and its timeline is append-only: a state change is a patch on the
 * opinion plus one TimelineEvent (opinion.state.ts).
 */
import type { Ymd } from '../calendar/china-time';
import type { Role } from '../identity/role.rules';
import type { Open311Channel } from '../open311/open311.rules';

/**
 * Where a case stands. 'submitted' is a moment, not a resting state: a submission is routed in the same
 * step (so it always has an owner) or held for moderation in 'review', owned by the presidium queue.
 * A rating is not a resting state either: it closes the case or reopens it (opinion.satisfaction.ts).
 */
export const OPINION_STATUSES = [
  'review',
  'assigned',
  'accepted',
  'transferred',
  'replied',
  'resolved',
  'closed',
  'merged',
] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** Statuses in which someone still has work to do on the case. */
export const OPEN_STATUSES: readonly OpinionStatus[] = ['assigned', 'accepted', 'transferred', 'replied'];

export const RATINGS = ['satisfied', 'basicallySatisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  unsatisfied: '不满意',
};

/**
 * One rating of a case; `byStaff` when staff gave it on the villager's behalf (代为评价); `bySystem`
 * when the county system that filed it (core/open311) passed on the caller's answer to its callback
 * (回访): the caller's own word, counted as a villager's, with `callbackAt` when the system said when.
 */
export interface RatingEntry {
  rating: Rating;
  at: Date;
  byStaff?: true;
  bySystem?: Open311Channel;
  callbackAt?: Date;
}

/** How a closed case ended: a rating, no rating in time (未评价), or refused at moderation. */
export type CloseOutcome = Rating | 'unrated' | 'rejected' | 'noReplyNeeded';

export type Owner =
  | { kind: 'deputies'; deputyIds: string[] }
  /** Transferred (转办): the department acts; the deputies who passed it on still follow it. */
  | { kind: 'department'; departmentId: string; departmentName: string; deputyIds: string[] }
  /** The presidium's queue of cases waiting to be assigned by hand (待分办). */
  | { kind: 'presidium' };

/** Which step of the routing chain chose the owner (opinion.routing.ts explains the order). */
export type RoutingPath =
  'addressed' | 'village+category' | 'village' | 'category' | 'station' | 'lead' | 'presidium' | 'manual';

export interface RoutingDecision {
  owner: Owner;
  deputyIds: string[];
  /** Chinese, for the presidium: why the case went where it went. */
  reason: string;
  path: RoutingPath;
}

/** One row of the routing table, unique per (stationCode, villageCode, categoryCode). '*' matches any. */
export interface RoutingRule {
  stationCode: string;
  villageCode: string | '*';
  categoryCode: string | '*';
  deputyIds: string[];
}

export const WILDCARD = '*';

export interface Category {
  code: string;
  name: string;
  /** Working days to acknowledge (受理) after submission or re-assignment. */
  acceptDays: number;
  /** Working days to answer after submission or re-assignment. */
  answerDays: number;
  active: boolean;
  /** 矛盾纠纷类: its cases are the disputes the township mediates (调处), counted in the figures. */
  dispute?: boolean;
}

/** The limits a case runs under, copied from its category when it is filed: later edits do not move running deadlines. */
export type CaseLimits = Pick<Category, 'acceptDays' | 'answerDays'>;

export interface Department {
  _id: string;
  /** As villagers know it: 乡农业办, 乡自然资源所. */
  name: string;
  active: boolean;
}

/**
 * Who filed it: the villager in WeChat, a station admin on the villager's behalf (代录), or the person
 * who recorded a matter raised at a reception day (接待记录: `recordedBy` is their openid).
 */
export type FiledBy =
  | { kind: 'self' }
  | { kind: 'stationAdmin'; openid: string }
  | { kind: 'reception'; dayId: string; recordedBy: string };

/** The openid of whoever filed on the villager's behalf (代录 or reception record), or null for 'self'. */
export function filerOpenid(filedBy: FiledBy): string | null {
  if (filedBy.kind === 'stationAdmin') return filedBy.openid;
  if (filedBy.kind === 'reception') return filedBy.recordedBy;
  return null;
}

export interface Contact {
  name?: string;
  phone?: string;
}

/** What a villager (or a station admin on their behalf) submits. */
export interface OpinionDraft {
  stationCode: string;
  villageCode: string;
  categoryCode: string;
  text: string;
  /** Cloud file ids, at most PHOTOS_MAX. */
  photos: string[];
  /** Never shown to deputies or the public; an anonymous opinion carries no contact at all. */
  anonymous: boolean;
  /** The villager agrees the question and answer may be shown publicly (without identity). */
  consentToPublish: boolean;
  contact?: Contact;
}

export interface Opinion extends OpinionDraft {
  _id: string;
  /** The villager's openid; absent when a station admin filed for someone without WeChat. */
  villagerOpenid?: string;
  filedBy: FiledBy;
  /**
   * Filed on a villager's behalf (代录): how the matter came, by phone (来电, 'hotline') or in person
   * (来访, 'proxy', the default). Absent on what villagers file themselves and on reception records.
   * A county system filing through the Open311 door (server/open311) records its own: '12345' (the
   * hotline's transfer, 12345热线转办) or 'api' (another system).
   */
  channel?: 'hotline' | 'proxy' | Open311Channel;
  /**
   * Filed through the Open311 door (server/open311): the key, its client system, the client's own case
   * id. That key's system, and no one else, rates the case from its callback (回访) of the caller.
   */
  open311?: { keyId: string; client: string; ref?: string };
  status: OpinionStatus;
  owner: Owner;
  routing: { reason: string; path: RoutingPath };
  limits: CaseLimits;
  submittedAt: Date;
  submittedOn: Ymd;
  /** The day the current owner received the case (submission, re-assignment or transfer). */
  assignedOn: Ymd;
  acceptBy: Ymd;
  answerBy: Ymd;
  acceptedOn?: Ymd | null;
  /** The deadline the last SLA reminder (到期提醒; 催办 is the presidium's chase) was for: one per deadline. */
  remindedFor?: Ymd | null;
  /** Under presidium supervision (督办): overdue, or reopened after 不满意. */
  supervised: boolean;
  answer?: string;
  answeredOn?: Ymd;
  resolvedAt?: Date | null;
  ratingRemindedAt?: Date | null;
  /**
   * `byStaff`: given by staff (the station) on the villager's behalf: shown so, never a satisfaction
   * figure. `bySystem`: the caller's answer to the filing system's callback (12345回访): counted.
   */
  ratings: RatingEntry[];
  reopenCount: number;
  /**
   * Closed as 群众表示无需答复: the villager said no answer is needed, in their words as the deputy
   * recorded them. Counted apart in the notices, never as overdue or dissatisfied.
   */
  noReplyNeeded?: boolean;
  villagerWord?: string;
  outcome?: CloseOutcome;
  closedAt?: Date;
  /** Deputies who handed the case back; re-routing skips them. */
  handedBackBy: string[];
  /**
   * 给代表留言: the deputy the villager wrote to. Kept so a case held for content review still goes to
   * them when approved (and a hand-back's re-routing offers it to them unless they handed it back).
   */
  addressedTo?: string;
  /** Openids of villagers who follow this case because they raised the same matter. */
  followers: string[];
  mergedInto?: string;
  /** When a villager last joined the followers (command follow). */
  followedAt?: Date | null;
  /** The China day of the presidium's last chase (催办) is taken from this: at most one a day. */
  lastChasedAt?: Date | null;
  /** When the contact (name, phone) was removed after closure (command purgeContact). */
  contactPurgedAt?: Date | null;
  /**
   * The answer is the villager's, but the content check asked a person to look before it is public
   * (`review`): left out of the station's public answers until the presidium confirms it.
   */
  publicHold?: boolean;
  /**
   * A private report (举报线索): text the content check would refuse to publish, from a villager who did
   * not consent to publication. Accepted and held for staff (the presidium's moderation); never public.
   */
  privateReport?: boolean;
  /**
   * When the villager turned their named case anonymous (command hideName; never the reverse): the
   * contact is dropped then, as an anonymous case carries none.
   */
  nameHiddenAt?: Date | null;
  /** 转为代表建议: the deputy's suggestion this case was raised into (at most one per case). */
  suggestionId?: string;
  /**
   * Openids of followers (never the author) who said 还没解决 on the answered case (command
   * notResolved, once each): the presidium sees how many; it does not reopen the case.
   */
  notResolvedBy?: string[];
}

/** `countySystem`: a county system (12345 hotline …) calling the Open311 door with its API key. */
export type ActorRole = Role | 'system' | 'countySystem';

/** Who acts. Identity comes from the WeChat context, never from a payload. */
export interface Actor {
  role: ActorRole;
  openid: string;
  deputyId?: string;
  /** The department a department staff member works in. */
  departmentId?: string;
  /** A county system: the API key it calls with and the channel that key stands for (core/open311). */
  keyId?: string;
  channel?: Open311Channel;
}

/** The scheduler, acting on time alone. */
export const SYSTEM_ACTOR: Actor = { role: 'system', openid: '' };

export const TIMELINE_EVENT_TYPES = [
  'submitted',
  'heldForReview',
  'rejected',
  'assigned',
  'accepted',
  'handedBack',
  'transferred',
  'departmentHandedBack',
  'replied',
  'resolved',
  'rated',
  'reopened',
  'closedUnrated',
  'reminded',
  'supervised',
  'ratingReminded',
  'merged',
  'publicConfirmed',
  'closedNoReply',
  'nameHidden',
  'notResolved',
  'raisedAsSuggestion',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

/**
 * One entry of the append-only timeline (collection opinionEvents). A villager's openid is never stored
 * here: villager actions carry only their role; staff actions carry their openid for the audit trail.
 */
export interface TimelineEvent {
  opinionId: string;
  type: TimelineEventType;
  actorRole: ActorRole;
  actorOpenid?: string;
  actorDeputyId?: string;
  at: Date;
  /** A reason, an answer or a comment, as written. */
  note?: string;
  visibleToVillager: boolean;
  data?: {
    departmentName?: string;
    rating?: Rating;
    /** The rating was given by staff on the villager's behalf. */
    byStaff?: true;
    /** The rating is the caller's answer to the callback (回访) of the county system that filed it. */
    bySystem?: Open311Channel;
    path?: RoutingPath;
    mergedInto?: string;
  };
}
