/**
 * The life of a case as a state machine:
 *
 *   submit       → assigned (routed, owner chosen) | review (held for moderation, presidium queue)
 *   review       → assigned (approveReview) | closed (rejectReview)
 *   assigned     → accepted (accept 受理) | transferred (transfer 转办) | assigned (handBack 退回 → re-routed)
 *   accepted     → replied (reply) | transferred | assigned (handBack)
 *   transferred  → replied (departmentReply, by the department's staff or the presidium for a department
 *                  without staff) | accepted (departmentHandBack, the same)
 *   replied      → resolved (resolve 办结)
 *   resolved     → closed (rate; closeUnrated 未评价) | accepted (rate 不满意: reopened, 督办; a transferred
 *                  case goes back to the deputies who transferred it, or to the presidium's queue)
 *   open cases   → merged (merge into a case on the same matter)
 *
 * plus presidium 分办 (assign), 督办 (supervise), 催办 (chase), merge (and absorb: the main case takes in
 * the merged one's villagers); the villager's hideName (a named case turned anonymous, never back) and a
 * follower's notResolved (还没解决, once each: the presidium's signal, never a reopening); the
 * scheduler's reminder (remind, 到期提醒), rating reminder and 未评价 close; and
 * two quiet changes without a timeline event (`quietChange`): a villager following the case, and the
 * contact purge after closure. `transition` checks who may act (permission first, so a stranger learns
 * nothing about the case's state), then whether the case's status allows the command, then the
 * command's own rule; it answers a patch for the opinion and the one timeline event to append. Every
 * change to a case is one of these commands (server/opinion/opinions.service.ts persists them), and
 * the messages each causes are decided by opinion.messages.ts.
 */
import { checkChase } from '../admin/supervision.rules';
import { chinaDate, type Ymd } from '../calendar/china-time';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days';
import type { ErrorCode } from '../errors/error.codes';
import { allow, deny, type Decision } from '../result';
import { canHandBack, deadlinesFrom, runningDeadline } from './opinion.deadlines';
import { ANSWER_MAX, NOTE_MAX, type OpinionDraft } from './opinion.limits';
import { decideRating } from './opinion.satisfaction';
import { follow, followersAfterMerge } from './opinion.similar';
import { isContactPurgeDue } from '../privacy/contact.retention';
import { OPEN311_CALLBACK_LABELS } from '../open311/open311.rules';
import {
  OPEN_STATUSES,
  RATING_LABELS,
  type Actor,
  type CaseLimits,
  type Department,
  OPINION_STATUSES,
  type FiledBy,
  type Opinion,
  type OpinionStatus,
  type Owner,
  type Rating,
  type RoutingDecision,
  type TimelineEvent,
  type TimelineEventType,
  filerOpenid,
} from './opinion.types';

export type OpinionCommand =
  | { type: 'approveReview'; routing: RoutingDecision }
  | { type: 'rejectReview'; note?: string }
  | { type: 'assign'; deputyIds: string[]; note?: string }
  | { type: 'accept' }
  /** `reroute` comes from routeOpinion with the handing-back deputy (and earlier ones) excluded. */
  | { type: 'handBack'; reason: string; reroute: RoutingDecision }
  | { type: 'transfer'; department: Department; note?: string }
  /** `held`: the content check wants a person to look before the answer is public (publicHold). */
  | { type: 'reply'; answer: string; held?: boolean }
  | { type: 'departmentReply'; answer: string; held?: boolean }
  /** The presidium has read an answer held by the content check: it may now be public. */
  | { type: 'confirmPublic' }
  | { type: 'departmentHandBack'; reason: string }
  | { type: 'resolve'; note?: string }
  /** 群众表示无需答复: the villager's own word, as the deputy heard it (e.g. by phone). */
  | { type: 'closeNoReply'; villagerWord: string }
  /** `callbackAt`: when a county system's callback (回访) asked the caller (a system's rating only). */
  | { type: 'rate'; rating: Rating; comment?: string; callbackAt?: Date }
  | { type: 'remind' }
  | { type: 'supervise'; note?: string }
  /** 催办 by the presidium: at most once a China day (lastChasedAt); the due-soon reminder is left alone. */
  | { type: 'chase'; note?: string }
  | { type: 'remindRating' }
  | { type: 'closeUnrated' }
  | { type: 'merge'; into: Pick<Opinion, '_id' | 'stationCode' | 'status' | 'owner'> }
  /** The main case of a merge takes in the merged case's villager and followers. */
  | { type: 'absorb'; merged: Pick<Opinion, '_id' | 'followers' | 'villagerOpenid'> }
  /** The villager turns their named case anonymous (never the reverse); the contact is dropped. */
  | { type: 'hideName' }
  /** 还没解决: a follower (not the author) on an answered case, once each; it does not reopen the case. */
  | { type: 'notResolved'; note?: string }
  /** 转为代表建议: a deputy handling the open case raises it into their suggestion (once per case). */
  | { type: 'raiseSuggestion'; suggestionId: string };

/** Changes without a timeline event (nothing happened to the case's handling). */
export type QuietCommand =
  /** The actor (a villager) follows the case instead of filing the same matter again. */
  { type: 'follow' } | { type: 'purgeContact'; retentionDays: number };

export type CommandType = OpinionCommand['type'] | QuietCommand['type'];

/** Who may give a command, from which statuses, and (optionally) the refusal for any other status. */
interface Rule {
  who: Who;
  from: readonly OpinionStatus[];
  otherStatus?: ErrorCode;
}

export interface Transition {
  patch: Partial<Opinion>;
  event: TimelineEvent;
}

/**
 * Who may give a command: a deputy the case is assigned to; a handler (an assigned deputy, or the
 * deputies who transferred it, or the presidium); the presidium; the scheduler (or the presidium by
 * hand); the villager who raised it (or the station admin who filed it for them); the rater (that
 * villager, or the county system that filed the case through the Open311 door); the department a
 * case is transferred to (its bound staff, or the presidium entering for a department without staff).
 */
type Who =
  | 'assignee'
  | 'handler'
  | 'presidium'
  | 'scheduler'
  | 'villager'
  | 'rater'
  | 'follower'
  | 'department'
  | 'anyone';

const ANY_STATUS: readonly OpinionStatus[] = OPINION_STATUSES;

const COMMANDS: Record<OpinionCommand['type'], Rule> = {
  approveReview: { who: 'presidium', from: ['review'] },
  rejectReview: { who: 'presidium', from: ['review'] },
  assign: { who: 'presidium', from: ['assigned', 'accepted'] },
  accept: { who: 'assignee', from: ['assigned'] },
  handBack: { who: 'assignee', from: ['assigned', 'accepted'] },
  transfer: { who: 'handler', from: ['assigned', 'accepted'] },
  reply: { who: 'assignee', from: ['accepted'] },
  departmentReply: { who: 'department', from: ['transferred'] },
  departmentHandBack: { who: 'department', from: ['transferred'] },
  resolve: { who: 'handler', from: ['replied'] },
  closeNoReply: { who: 'assignee', from: ['assigned', 'accepted'] },
  // The rating rule itself says why a case cannot be rated (opinion.satisfaction.ts).
  rate: { who: 'rater', from: ANY_STATUS },
  remind: { who: 'scheduler', from: ['assigned', 'accepted', 'transferred'] },
  supervise: { who: 'scheduler', from: OPEN_STATUSES },
  remindRating: { who: 'scheduler', from: ['resolved'] },
  closeUnrated: { who: 'scheduler', from: ['resolved'] },
  merge: { who: 'presidium', from: ['review', ...OPEN_STATUSES] },
  confirmPublic: { who: 'presidium', from: ['replied', 'resolved', 'closed'] },
  chase: { who: 'presidium', from: ['assigned', 'accepted', 'transferred'], otherStatus: 'CHASE_NOT_OPEN' },
  absorb: { who: 'presidium', from: OPEN_STATUSES },
  // Hiding a name is always possible: an answer already public loses the village with it (villageFor).
  hideName: { who: 'villager', from: ANY_STATUS },
  raiseSuggestion: { who: 'handler', from: OPEN_STATUSES, otherStatus: 'SUGGESTION_OPINION_NOT_HELD' },
  notResolved: {
    who: 'follower',
    from: ['replied', 'resolved', 'closed'],
    otherStatus: 'NOT_ANSWERED_YET',
  },
};

const QUIET_COMMANDS: Record<QuietCommand['type'], Rule> = {
  // The follow rule itself says why a case cannot be followed (opinion.similar.ts).
  follow: { who: 'anyone', from: ANY_STATUS },
  purgeContact: { who: 'scheduler', from: ['closed', 'merged'] },
};

/** Who may act, then whether the status admits the command: the first checks of every command. */
function admits(rule: Rule, opinion: Opinion, actor: Actor): Decision<void> {
  const may = mayAct(rule.who, opinion, actor);
  if (!may.ok) return may;
  if (!rule.from.includes(opinion.status)) return deny(rule.otherStatus ?? wrongStatus(opinion.status));
  return allow(undefined);
}

/** The timer's own commands: never offered to a person as a button. */
const TIMER_ONLY: readonly CommandType[] = ['remind', 'remindRating', 'closeUnrated', 'purgeContact'];

/** Which state-machine commands a status admits (whoever gives them). */
export function commandsFrom(status: OpinionStatus): OpinionCommand['type'][] {
  return (Object.keys(COMMANDS) as OpinionCommand['type'][]).filter((type) =>
    COMMANDS[type].from.includes(status),
  );
}

/**
 * The commands `actor` may give on this case now, for pages that show only the buttons that can work:
 * the status admits them and the actor is one who may give them (a deputy: accept, reply, transfer,
 * hand back, resolve… on a case with them; the presidium: assign, merge, supervise, chase…; the
 * villager: rate, when canRate says so). The timer's own commands are offered to nobody but the system.
 */
export function commandsFor(opinion: Opinion, actor: Actor): CommandType[] {
  const offered = (type: CommandType) => actor.role === 'system' || !TIMER_ONLY.includes(type);
  const commands: CommandType[] = commandsFrom(opinion.status).filter(
    (type) =>
      offered(type) &&
      (type === 'rate' ? canRate(opinion, actor) : admits(COMMANDS[type], opinion, actor).ok) &&
      stillPossible(type, opinion, actor),
  );
  const follows = admits(QUIET_COMMANDS.follow, opinion, actor).ok && follow(opinion, actor.openid).ok;
  if (actor.role === 'resident' && follows) {
    commands.push('follow');
  }
  return commands;
}

/** The own rule of a command that a page offers only when it can work (once-only commands). */
function stillPossible(type: CommandType, opinion: Opinion, actor: Actor): boolean {
  if (type === 'hideName') return !opinion.anonymous;
  if (type === 'raiseSuggestion') return !opinion.suggestionId && actor.role === 'deputy';
  if (type === 'notResolved') {
    return opinion.outcome !== 'rejected' && !(opinion.notResolvedBy ?? []).includes(actor.openid);
  }
  return true;
}

/**
 * Whether `actor` may rate the case now, with the reason when not: the rule the rate command applies.
 * The rater is the villager who raised it when they have an account; a case filed for someone without
 * one (代录, a reception record) is rated by whoever filed it; a case a county system filed through the
 * Open311 door by that system (its key), passing on the caller's answer to its callback (回访). Then
 * the case must be 办结 and not rated already (decideRating; a case not rated in time is closed as
 * 未评价, which ends the rating window).
 */
export function checkRate(opinion: Opinion, actor: Rater): Decision<void> {
  if (!isRaterOf(opinion, actor)) return deny('NOT_YOUR_OPINION');
  const decided = decideRating(opinion, 'satisfied');
  return decided.ok ? allow(undefined) : decided;
}

/** `checkRate` as the yes/no every view's `canRate` shows. */
export function canRate(opinion: Opinion, actor: Rater): boolean {
  return checkRate(opinion, actor).ok;
}

/** The deputies who answer for the case now: its assignees, or the deputies who transferred it. */
export function handlerDeputyIds(owner: Owner): string[] {
  return owner.kind === 'presidium' ? [] : owner.deputyIds;
}

function mayAct(who: Who, opinion: Opinion, actor: Actor): Decision<void> {
  const isPresidium = actor.role === 'presidium';
  const isAssignee =
    actor.role === 'deputy' && !!actor.deputyId && handlerDeputyIds(opinion.owner).includes(actor.deputyId);
  switch (who) {
    case 'presidium':
      return isPresidium ? allow(undefined) : deny('FORBIDDEN');
    case 'scheduler':
      return isPresidium || actor.role === 'system' ? allow(undefined) : deny('FORBIDDEN');
    case 'assignee':
      return isAssignee && opinion.owner.kind === 'deputies' ? allow(undefined) : deny('NOT_ASSIGNEE');
    case 'handler':
      return isAssignee || isPresidium ? allow(undefined) : deny('NOT_ASSIGNEE');
    case 'villager':
      // A county system passes on the caller's rating; the case's other choices are the villager's.
      return actor.role !== 'countySystem' && isRaterOf(opinion, actor)
        ? allow(undefined)
        : deny('NOT_YOUR_OPINION');
    case 'rater':
      return isRaterOf(opinion, actor) ? allow(undefined) : deny('NOT_YOUR_OPINION');
    case 'follower':
      return actor.openid && opinion.followers.includes(actor.openid) && !isRaterOf(opinion, actor)
        ? allow(undefined)
        : deny('NOT_A_FOLLOWER');
    case 'department':
      return isPresidium || isDepartmentOf(opinion.owner, actor)
        ? allow(undefined)
        : deny('NOT_YOUR_DEPARTMENT');
    case 'anyone':
      return actor.openid ? allow(undefined) : deny('FORBIDDEN');
  }
}

/** A department's staff member, of the department the case is transferred to now. */
function isDepartmentOf(owner: Owner, actor: Actor): boolean {
  return (
    actor.role === 'department' &&
    !!actor.departmentId &&
    owner.kind === 'department' &&
    owner.departmentId === actor.departmentId
  );
}

/** Who asks to rate: a person by openid, or a county system by its key. */
type Rater = Pick<Actor, 'openid'> & Partial<Pick<Actor, 'role' | 'keyId'>>;

/**
 * The villager with an account; for a case filed for someone without one, whoever filed it; for a
 * case filed through the Open311 door, the key that filed it (and never a person).
 */
function isRaterOf(opinion: Pick<Opinion, 'villagerOpenid' | 'filedBy' | 'open311'>, actor: Rater) {
  if (actor.role === 'countySystem')
    return !opinion.villagerOpenid && !!actor.keyId && actor.keyId === opinion.open311?.keyId;
  if (!actor.openid) return false;
  if (opinion.villagerOpenid) return actor.openid === opinion.villagerOpenid;
  return actor.openid === filerOpenid(opinion.filedBy);
}

function wrongStatus(status: OpinionStatus): ErrorCode {
  if (status === 'closed' || status === 'merged') return 'OPINION_CLOSED';
  if (status === 'review') return 'CONTENT_UNDER_REVIEW';
  return 'INVALID_TRANSITION';
}

interface Context {
  opinion: Opinion;
  actor: Actor;
  now: Date;
  today: Ymd;
  calendar: WorkingCalendar;
}

type Change = Decision<{
  patch: Partial<Opinion>;
  type: TimelineEventType;
  note?: string;
  data?: TimelineEvent['data'];
}>;

/** The case a handler loaded, or why there is none: the first step of every opinion action. */
export function requireOpinion(opinion: Opinion | null | undefined): Decision<Opinion> {
  return opinion ? allow(opinion) : deny('OPINION_NOT_FOUND');
}

/** Applies a command to a case: the patch to save and the event to append, or the reason it is refused. */
export function transition(
  opinion: Opinion,
  command: OpinionCommand,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
): Decision<Transition> {
  const admitted = admits(COMMANDS[command.type], opinion, actor);
  if (!admitted.ok) return admitted;
  const ctx: Context = { opinion, actor, now, today: chinaDate(now), calendar };
  const change = apply(command, ctx);
  if (!change.ok) return change;
  const { patch, type, note, data } = change.value;
  return allow({ patch, event: timelineEvent(opinion._id, type, actor, now, note, data) });
}

/**
 * Applies a quiet command (no timeline event: the case's handling does not change): the patch to
 * save, or the reason it is refused. Who and from which status as for `transition`.
 */
export function quietChange(
  opinion: Opinion,
  command: QuietCommand,
  actor: Actor,
  now: Date,
): Decision<{ patch: Partial<Opinion> }> {
  const admitted = admits(QUIET_COMMANDS[command.type], opinion, actor);
  if (!admitted.ok) return admitted;
  switch (command.type) {
    case 'follow': {
      const followers = follow(opinion, actor.openid);
      if (!followers.ok) return followers;
      return allow({ patch: { followers: followers.value, followedAt: now } });
    }
    case 'purgeContact': {
      const ended = opinion.closedAt ? new Date(opinion.closedAt) : null;
      if (!opinion.contact || !ended || !isContactPurgeDue(ended, now, command.retentionDays)) {
        return deny('CONTACT_NOT_DUE');
      }
      return allow({ patch: { contact: undefined, contactPurgedAt: now } });
    }
  }
}

function apply(command: OpinionCommand, ctx: Context): Change {
  const { opinion, now, today } = ctx;
  switch (command.type) {
    case 'approveReview':
      return routed(command.routing, ctx);
    case 'rejectReview':
      return allow({ patch: close('rejected', now), type: 'rejected', note: command.note });
    case 'assign': {
      if (command.deputyIds.length === 0) return deny('ASSIGNEES_REQUIRED');
      const routing: RoutingDecision = {
        owner: { kind: 'deputies', deputyIds: command.deputyIds },
        deputyIds: command.deputyIds,
        reason: command.note ? `主席团分办：${command.note}` : '主席团分办',
        path: 'manual',
      };
      return routed(routing, ctx);
    }
    case 'accept':
      return allow({ patch: { status: 'accepted', acceptedOn: today }, type: 'accepted' });
    case 'handBack':
      return handBack(ctx, command.reason, command.reroute);
    case 'transfer': {
      if (!command.department.active) return deny('DEPARTMENT_NOT_FOUND');
      const departmentName = command.department.name;
      const owner: Owner = {
        kind: 'department',
        departmentId: command.department._id,
        departmentName,
        deputyIds: handlerDeputyIds(opinion.owner),
      };
      return allow({
        patch: { status: 'transferred', owner, assignedOn: today, acceptedOn: opinion.acceptedOn ?? today },
        type: 'transferred',
        note: command.note,
        data: { departmentName },
      });
    }
    case 'reply':
    case 'departmentReply':
      return reply(ctx, command.answer, command.held === true);
    case 'confirmPublic':
      if (!opinion.publicHold) return deny('NOTHING_HELD');
      return allow({ patch: { publicHold: false }, type: 'publicConfirmed' });
    case 'departmentHandBack':
      return departmentHandBack(ctx, command.reason);
    case 'resolve':
      return allow({
        patch: { status: 'resolved', resolvedAt: now, ratingRemindedAt: null },
        type: 'resolved',
        note: command.note,
      });
    case 'closeNoReply': {
      const word = command.villagerWord.trim();
      if (!word) return deny('NO_REPLY_WORD_REQUIRED');
      if (Array.from(word).length > NOTE_MAX) return deny('TEXT_TOO_LONG');
      return allow({
        patch: { ...close('noReplyNeeded', now), noReplyNeeded: true, villagerWord: word },
        type: 'closedNoReply',
        note: word,
      });
    }
    case 'rate':
      return rate(ctx, command.rating, command.comment, command.callbackAt);
    case 'remind':
      return allow({ patch: { remindedFor: runningDeadline(opinion) }, type: 'reminded' });
    case 'supervise':
      return allow({ patch: { supervised: true }, type: 'supervised', note: command.note });
    case 'chase': {
      const lastChasedAt = opinion.lastChasedAt ? new Date(opinion.lastChasedAt) : null;
      const chase = checkChase(opinion, lastChasedAt, now);
      if (!chase.ok) return chase;
      const note = command.note?.trim() || '乡镇人大主席团催办';
      return allow({ patch: { lastChasedAt: now }, type: 'reminded', note });
    }
    case 'absorb':
      if (command.merged._id === opinion._id) return deny('CANNOT_MERGE');
      return allow({
        patch: { followers: followersAfterMerge(command.merged, opinion) },
        type: 'merged',
        note: `并入同一问题的意见${command.merged._id}`,
      });
    case 'remindRating':
      return allow({ patch: { ratingRemindedAt: now }, type: 'ratingReminded' });
    case 'closeUnrated':
      return allow({ patch: close('unrated', now), type: 'closedUnrated' });
    case 'raiseSuggestion':
      if (opinion.suggestionId) return deny('SUGGESTION_OPINION_ALREADY_RAISED');
      // The suggestion's title is not on the timeline: the villager reads it once it passed the check.
      return allow({ patch: { suggestionId: command.suggestionId }, type: 'raisedAsSuggestion' });
    case 'hideName':
      if (opinion.anonymous) return deny('ALREADY_ANONYMOUS');
      // The event says that the villager chose it, never who they were.
      return allow({
        patch: { anonymous: true, contact: undefined, nameHiddenAt: now },
        type: 'nameHidden',
      });
    case 'notResolved': {
      const by = opinion.notResolvedBy ?? [];
      if (opinion.outcome === 'rejected') return deny('NOT_ANSWERED_YET');
      if (by.includes(ctx.actor.openid)) return deny('ALREADY_SAID_NOT_RESOLVED');
      const note = command.note?.trim();
      if (note && Array.from(note).length > NOTE_MAX) return deny('TEXT_TOO_LONG');
      return allow({
        patch: { notResolvedBy: [...by, ctx.actor.openid] },
        type: 'notResolved',
        ...(note && { note }),
      });
    }
    case 'merge': {
      const into = command.into;
      const mergeable =
        into._id !== opinion._id &&
        into.stationCode === opinion.stationCode &&
        OPEN_STATUSES.includes(into.status);
      if (!mergeable) return deny('CANNOT_MERGE');
      return allow({
        // closedAt: the merged case's own life ends here (its contact is purged from then on).
        patch: { status: 'merged', mergedInto: into._id, owner: into.owner, closedAt: now },
        type: 'merged',
        data: { mergedInto: into._id },
      });
    }
  }
}

/** The case goes to the owner a routing decision names (presidium 分办 or approval after review). */
function routed(routing: RoutingDecision, ctx: Context): Change {
  return allow({
    patch: assignTo(routing, ctx.today, ctx.opinion.limits, ctx.calendar),
    type: 'assigned',
    note: routing.reason,
    data: { path: routing.path },
  });
}

/** Gives the case to a new owner with fresh deadlines from `day`. */
function assignTo(
  routing: RoutingDecision,
  day: Ymd,
  limits: CaseLimits,
  calendar: WorkingCalendar,
): Partial<Opinion> {
  return {
    status: 'assigned',
    owner: routing.owner,
    routing: { reason: routing.reason, path: routing.path },
    assignedOn: day,
    acceptedOn: null,
    ...deadlinesFrom(day, limits, calendar),
  };
}

function close(outcome: Opinion['outcome'], now: Date): Partial<Opinion> {
  return { status: 'closed', outcome, closedAt: now };
}

function checkReason(reason: string): Decision<string> {
  const trimmed = reason.trim();
  if (!trimmed) return deny('HANDBACK_REASON_REQUIRED');
  if (Array.from(trimmed).length > NOTE_MAX) return deny('TEXT_TOO_LONG');
  return allow(trimmed);
}

function handBack(ctx: Context, reason: string, reroute: RoutingDecision): Change {
  const { opinion, actor, today, calendar } = ctx;
  if (!canHandBack(opinion.assignedOn, today, calendar)) return deny('HANDBACK_TOO_LATE');
  const why = checkReason(reason);
  if (!why.ok) return why;
  const deputyId = actor.deputyId as string; // present: mayAct admitted an assignee
  if (reroute.deputyIds.includes(deputyId)) {
    throw new Error(
      'handBack: re-route with the handing-back deputy excluded (routeOpinion options.exclude)',
    );
  }
  return allow({
    patch: {
      ...assignTo(reroute, today, opinion.limits, calendar),
      handedBackBy: [...opinion.handedBackBy, deputyId],
    },
    type: 'handedBack',
    note: why.value,
    data: { path: reroute.path },
  });
}

function departmentHandBack(ctx: Context, reason: string): Change {
  const { opinion, today, calendar } = ctx;
  if (opinion.owner.kind !== 'department') return deny('INVALID_TRANSITION');
  if (!canHandBack(opinion.assignedOn, today, calendar)) return deny('HANDBACK_TOO_LATE');
  const why = checkReason(reason);
  if (!why.ok) return why;
  const deputyIds = opinion.owner.deputyIds;
  const patch: Partial<Opinion> =
    deputyIds.length > 0
      ? { status: 'accepted', owner: { kind: 'deputies', deputyIds }, assignedOn: today }
      : { status: 'assigned', owner: { kind: 'presidium' }, assignedOn: today };
  return allow({
    patch,
    type: 'departmentHandedBack',
    note: why.value,
    data: { departmentName: opinion.owner.departmentName },
  });
}

function reply(ctx: Context, answer: string, held: boolean): Change {
  const text = answer.trim();
  if (!text) return deny('ANSWER_REQUIRED');
  if (Array.from(text).length > ANSWER_MAX) return deny('ANSWER_TOO_LONG');
  const owner = ctx.opinion.owner;
  // A new answer is judged afresh: held when the check asks, released when an earlier one was held.
  const hold = held ? { publicHold: true } : ctx.opinion.publicHold ? { publicHold: false } : {};
  return allow({
    patch: { status: 'replied', answer: text, answeredOn: ctx.today, ...hold },
    type: 'replied',
    note: text,
    ...(owner.kind === 'department' && { data: { departmentName: owner.departmentName } }),
  });
}

/**
 * Where a reopened case goes back to: its deputies pick up the work again. A transferred case goes back
 * to the deputies who transferred it (they may transfer it again, answer or hand it on), or to the
 * presidium's queue when the presidium transferred it: never to 部门办理中 with no one to act.
 */
function reopenedTo(owner: Owner): Pick<Opinion, 'status' | 'owner'> {
  if (owner.kind === 'presidium') return { status: 'assigned', owner };
  if (owner.deputyIds.length === 0) return { status: 'assigned', owner: { kind: 'presidium' } };
  return { status: 'accepted', owner: { kind: 'deputies', deputyIds: owner.deputyIds } };
}

function rate(ctx: Context, rating: Rating, comment: string | undefined, callbackAt?: Date): Change {
  const { opinion, now, today, calendar } = ctx;
  const note = comment?.trim() ? comment.trim().slice(0, NOTE_MAX) : undefined;
  const decided = decideRating(opinion, rating);
  if (!decided.ok) return decided;
  // The county system that filed it passes on the caller's own answer to its callback (回访); anyone
  // else but the villager who raised it (the station admin who filed it) rates on their behalf.
  const bySystem = ctx.actor.role === 'countySystem' ? ctx.actor.channel : undefined;
  const byStaff = !bySystem && ctx.actor.openid !== opinion.villagerOpenid;
  const marker = bySystem ? { bySystem } : byStaff ? { byStaff: true as const } : {};
  const callback = bySystem && callbackAt ? { callbackAt } : {};
  const ratings = [...opinion.ratings, { rating, at: now, ...marker, ...callback }];
  const data = { rating, ...marker };
  if (decided.value.kind === 'close') {
    return allow({ patch: { ...close(rating, now), ratings }, type: 'rated', note, data });
  }
  return allow({
    patch: {
      ...reopenedTo(opinion.owner),
      reopenCount: decided.value.reopenCount,
      supervised: true,
      answerBy: addWorkingDays(today, opinion.limits.answerDays, calendar),
      resolvedAt: null,
      ratingRemindedAt: null,
      ratings,
    },
    type: 'reopened',
    note,
    data,
  });
}

const STAFF_ROLES: readonly Actor['role'][] = ['deputy', 'stationAdmin', 'presidium', 'department'];

/** Which events the villager sees on their timeline; the rest are the office's own work. */
const VISIBLE_TO_VILLAGER: Record<TimelineEventType, boolean> = {
  submitted: true,
  heldForReview: true,
  rejected: true,
  assigned: true,
  accepted: true,
  handedBack: true,
  transferred: true,
  departmentHandedBack: true,
  replied: true,
  resolved: true,
  rated: true,
  reopened: true,
  closedUnrated: true,
  reminded: false,
  supervised: true,
  ratingReminded: false,
  merged: true,
  publicConfirmed: false,
  closedNoReply: true,
  nameHidden: true,
  // The presidium's signal (followers' words on someone else's case): not the author's timeline.
  notResolved: false,
  raisedAsSuggestion: true,
};

function timelineEvent(
  opinionId: string,
  type: TimelineEventType,
  actor: Actor,
  at: Date,
  note?: string,
  data?: TimelineEvent['data'],
): TimelineEvent {
  return {
    opinionId,
    type,
    actorRole: actor.role,
    // A villager's openid never enters the timeline; staff openids do, for the audit trail.
    ...(STAFF_ROLES.includes(actor.role) && actor.openid && { actorOpenid: actor.openid }),
    ...(actor.deputyId && { actorDeputyId: actor.deputyId }),
    at,
    ...(note && { note }),
    visibleToVillager: VISIBLE_TO_VILLAGER[type],
    ...(data && { data }),
  };
}

export interface OpenOpinionInput {
  id: string;
  /** Checked and normalised by checkDraft. */
  draft: OpinionDraft;
  limits: CaseLimits;
  villagerOpenid?: string;
  filedBy: FiledBy;
  /** The routing decision, or 'review' when the content check asks a person to look first. */
  routing: RoutingDecision | 'review';
  /** Text the check would refuse to publish, filed privately: held for staff, never public. */
  privateReport?: boolean;
  now: Date;
  calendar: WorkingCalendar;
}

/** A new case: the record to insert and its first events (submitted, then assigned or held for review). */
export function openOpinion(input: OpenOpinionInput): { opinion: Opinion; events: TimelineEvent[] } {
  const { id, draft, limits, filedBy, routing, now, calendar } = input;
  const today = chinaDate(now);
  const held = routing === 'review';
  const opinion: Opinion = {
    _id: id,
    stationCode: draft.stationCode,
    villageCode: draft.villageCode,
    categoryCode: draft.categoryCode,
    text: draft.text,
    photos: draft.photos,
    anonymous: draft.anonymous,
    consentToPublish: draft.consentToPublish,
    ...(!draft.anonymous && draft.contact && { contact: draft.contact }),
    ...(input.villagerOpenid && { villagerOpenid: input.villagerOpenid }),
    filedBy,
    status: held ? 'review' : 'assigned',
    owner: held ? { kind: 'presidium' } : routing.owner,
    ...(input.privateReport && { privateReport: true, consentToPublish: false }),
    routing: held
      ? {
          reason: input.privateReport ? '举报线索，仅工作人员可见，由主席团处理' : '内容待审核，由主席团处理',
          path: 'presidium',
        }
      : { reason: routing.reason, path: routing.path },
    limits: { acceptDays: limits.acceptDays, answerDays: limits.answerDays },
    submittedAt: now,
    submittedOn: today,
    assignedOn: today,
    ...deadlinesFrom(today, limits, calendar),
    supervised: false,
    ratings: [],
    reopenCount: 0,
    handedBackBy: [],
    followers: [],
  };
  const onBehalf = filerOpenid(filedBy);
  const filer: Actor = onBehalf
    ? { role: 'stationAdmin', openid: onBehalf }
    : { role: 'resident', openid: '' };
  const events = [
    timelineEvent(id, 'submitted', filer, now),
    held
      ? timelineEvent(id, 'heldForReview', filer, now)
      : timelineEvent(id, 'assigned', filer, now, routing.reason, { path: routing.path }),
  ];
  return { opinion, events };
}

/** The villager's timeline in plain words. */
export function villagerTimelineText(
  event: Pick<TimelineEvent, 'type' | 'actorRole' | 'note' | 'data'>,
): string {
  return timelineTextFor(event, 'villager');
}

/**
 * A timeline entry in plain words for the villager who filed the case or, `reader` 'follower', another
 * villager who follows it: told about "群众", not "您" (they did not file it and are not asked to rate).
 */
export function timelineTextFor(
  event: Pick<TimelineEvent, 'type' | 'actorRole' | 'note' | 'data'>,
  reader: 'villager' | 'follower',
): string {
  const own = reader === 'villager';
  const department = event.data?.departmentName ?? '相关部门';
  const rating = event.data?.rating ? RATING_LABELS[event.data.rating] : '';
  const rater = event.data?.bySystem
    ? OPEN311_CALLBACK_LABELS[event.data.bySystem]
    : event.data?.byStaff
      ? '联络站代为评价'
      : own
        ? '您的评价'
        : '提出意见的群众评价';
  const withNote = (text: string) => (event.note ? `${text}：${event.note}` : text);
  switch (event.type) {
    case 'submitted':
      if (event.actorRole === 'stationAdmin')
        return own ? '联络站已代您登记意见' : '联络站已代群众登记这条意见';
      return own ? '您的意见已提交' : '有群众提交了这条意见，您已关注';
    case 'heldForReview':
      return own ? '您的意见正在审核，审核通过后交代表办理' : '这条意见正在审核，审核通过后交代表办理';
    case 'rejected':
      return withNote(own ? '您的意见未通过审核' : '这条意见未通过审核');
    case 'assigned':
      return event.data?.path === 'presidium' ? '已提交乡镇人大主席团分办' : '已交联络站代表办理';
    case 'accepted':
      return '代表已受理';
    case 'handedBack':
      return '已重新安排代表办理';
    case 'transferred':
      return `已转交${department}办理`;
    case 'departmentHandedBack':
      return '已转回代表继续办理';
    case 'replied':
      return withNote(event.data?.departmentName ? `${department}已答复` : '代表已答复');
    case 'resolved':
      return own ? '已办结，请您评价' : '已办结';
    case 'rated':
      return `${rater}：${rating}，此件已办结`;
    case 'reopened':
      return `${rater}：${rating}，乡镇人大主席团已督办，重新办理`;
    case 'closedUnrated':
      return '未在规定时间内评价，此件已办结';
    case 'reminded':
      return '已催办';
    case 'supervised':
      return '乡镇人大主席团已督办';
    case 'ratingReminded':
      return own ? '已提醒您评价' : '已提醒提出意见的群众评价';
    case 'merged':
      return '与其他村民反映的相同问题合并办理';
    case 'publicConfirmed':
      return '答复已经审核，可以公开';
    case 'closedNoReply':
      // The villager's own word is theirs: a follower reads only that it is closed.
      return own ? withNote('您表示无需答复，此件已办结') : '提出意见的群众表示无需答复，此件已办结';
    case 'nameHidden':
      return own ? '您已隐藏姓名，此件改为匿名办理' : '提出意见的群众已改为匿名';
    case 'notResolved':
      return withNote('关注这件意见的群众表示还没解决');
    case 'raisedAsSuggestion':
      return own
        ? '代表已将您的意见转为代表建议，由乡镇人大主席团交有关部门办理'
        : '代表已将这条意见转为代表建议，由乡镇人大主席团交有关部门办理';
  }
}
