/**
 * Which subscribe messages a change to a case causes: one pure rule, `messagesFor(change, ctx)`, for
 * every path that changes a case (a new case, any state-machine command, the presidium's chase and
 * merge, the scheduler's reminders). It answers which template goes to whom with which fields and which
 * dedupe key; the service queues them in the change's own transaction (server/outbox.ts).
 *
 *   opinionAssigned   the deputies who must act now (new case, 分办, hand-back, reopened, the
 *                     department's answer or hand-back); the presidium when the case waits in its queue
 *                     and the department's bound staff when a case is transferred to it (转办)
 *   opinionDeadline   the handling deputies: the due-soon reminder, 督办, the presidium's 催办
 *   opinionProgress   the villager (and followers, who read the words only with consent) on the steps
 *                     they hear about
 */
import { chinaDate, chinaInstant, type Ymd } from '../calendar/china-time';
import { fitWithTail, messageTime } from '../notify/message.fields';
import { pageWith } from '../notify/pages';
import type { MessageRequest, TemplateFields, TemplateKey } from '../notify/templates';
import { runningDeadline } from './opinion.deadlines';
import { STATUS_LABELS, caseTextFor } from './opinion.privacy';
import { handlerDeputyIds, timelineTextFor, type CommandType } from './opinion.state';
import type { Opinion, TimelineEvent, TimelineEventType } from './opinion.types';

/** A message a change to a case causes (the outbox's own request type). */
type CaseMessageOf<K extends TemplateKey> = MessageRequest<K>;

type CaseMessage =
  CaseMessageOf<'opinionAssigned'> | CaseMessageOf<'opinionProgress'> | CaseMessageOf<'opinionDeadline'>;

/** One change to a case: the command given ('submit' for a new case), the case before and after, its event. */
export interface CaseChange {
  command: CommandType | 'submit';
  before: Opinion;
  after: Opinion;
  event: Pick<TimelineEvent, 'type' | 'actorRole' | 'note' | 'data'>;
  now: Date;
}

export interface MessageContext {
  /** The case's revision after the change (part of the dedupe keys). */
  rev: number;
  villageName: string;
  /** A deputy's WeChat binding, when they have one. */
  deputyOpenid: (deputyId: string) => string | undefined;
  /** The presidium's bound members, when the change may put the case in their queue. */
  presidium?: readonly string[];
  /** The bound staff of the department a case is transferred to (for a transfer). */
  departmentStaff?: readonly string[];
  /** For a merge: the main case's villager, who hears of their own case, not of this one. */
  mergedIntoVillager?: string;
}

/** Short status words for the villager's progress message (phrase: at most 5 characters). */
const PROGRESS_PHRASE: Partial<Record<TimelineEventType, string>> = {
  transferred: '已转办',
  replied: '已答复',
  resolved: '已办结',
  rejected: '未通过审核',
  ratingReminded: '请您评价',
  merged: '合并办理',
  assigned: '已分办',
  supervised: '已督办',
  closedNoReply: '已办结',
  raisedAsSuggestion: '转代表建议',
};

/** Events the villager (and followers) hear about by subscribe message. */
const VILLAGER_NOTIFIED = new Set<TimelineEventType>([
  'transferred',
  'replied',
  'resolved',
  'rejected',
  'ratingReminded',
  'merged',
  'closedNoReply',
  'raisedAsSuggestion',
]);

/** The deputies told to act, and what to do (the todo's first words), by the event that gives them the case. */
const TO_DEPUTIES: Partial<Record<TimelineEventType, string>> = {
  assigned: '请及时受理',
  handedBack: '其他代表退回，请办理',
  reopened: '群众不满意，重新办理',
  departmentHandedBack: '部门退回，请继续办理',
};

/** The messages `change` causes, in the order they are queued. */
export function messagesFor(change: CaseChange, ctx: MessageContext): CaseMessage[] {
  const { command, before, after, event } = change;
  const out: CaseMessage[] = [];
  const handlers = handlerDeputyIds(after.owner);
  const toDeputies = (note: string) => {
    for (const deputyId of handlers) {
      const openid = ctx.deputyOpenid(deputyId);
      if (openid) out.push(assignedMessage(after, ctx, deputyId, openid, note));
    }
  };
  const toPresidium = () => {
    for (const openid of ctx.presidium ?? []) out.push(queuedMessage(after, ctx, openid));
  };

  if (command === 'submit') {
    toDeputies('请及时受理');
    if (after.owner.kind === 'presidium') toPresidium();
    return out;
  }
  const todo = TO_DEPUTIES[event.type];
  if (todo) toDeputies(todo);
  if (event.type === 'handedBack' && after.owner.kind === 'presidium') toPresidium();
  if (event.type === 'replied' && before.owner.kind === 'department') toDeputies('部门已答复，请审核办结');
  if (event.type === 'transferred') {
    for (const openid of ctx.departmentStaff ?? []) out.push(departmentMessage(after, ctx, openid));
  }
  if (event.type === 'reminded' || event.type === 'supervised') {
    for (const deputyId of handlers) {
      const openid = ctx.deputyOpenid(deputyId);
      if (openid) out.push(deadlineMessage(change, ctx, deputyId, openid));
    }
  }
  // The main case of a merge takes in villagers who were told on the merged case.
  if (VILLAGER_NOTIFIED.has(event.type) && command !== 'absorb') out.push(...progressMessages(change, ctx));
  return out;
}

/** opinionAssigned to a deputy: what was raised, where, when, and what to do by when. */
function assignedMessage(
  o: Opinion,
  ctx: MessageContext,
  deputyId: string,
  openid: string,
  note: string,
): CaseMessageOf<'opinionAssigned'> {
  const by = o.status === 'assigned' ? `${o.acceptBy}前受理` : `${o.answerBy}前答复`;
  return {
    key: `opinion:${o._id}:${ctx.rev}:${deputyId}`,
    openid,
    template: 'opinionAssigned',
    page: pageWith('deputyCase', { id: o._id }),
    // The deadline stays whole: the words before it are shortened instead.
    fields: assignedFields(o, ctx.villageName, fitWithTail('thing', note, by)),
    ref: `opinion:${o._id}`,
  };
}

/** opinionAssigned to a department's staff member: a case transferred to their department (转办). */
function departmentMessage(
  o: Opinion,
  ctx: MessageContext,
  openid: string,
): CaseMessageOf<'opinionAssigned'> {
  return {
    key: `opinion:${o._id}:${ctx.rev}:department:${openid}`,
    openid,
    template: 'opinionAssigned',
    page: pageWith('departmentCase', { id: o._id }),
    fields: assignedFields(o, ctx.villageName, `代表转办，请${o.answerBy}前答复`),
    ref: `opinion:${o._id}`,
  };
}

/** opinionAssigned to a presidium member: the case waits in their queue (待分办). */
function queuedMessage(o: Opinion, ctx: MessageContext, openid: string): CaseMessageOf<'opinionAssigned'> {
  return {
    key: `opinion:${o._id}:${ctx.rev}:presidium:${openid}`,
    openid,
    template: 'opinionAssigned',
    page: pageWith('presidiumCase', { id: o._id }),
    fields: assignedFields(o, ctx.villageName, fitWithTail('thing', '待分办', `请${o.acceptBy}前交办`)),
    ref: `opinion:${o._id}`,
  };
}

function assignedFields(o: Opinion, villageName: string, todo: string): TemplateFields<'opinionAssigned'> {
  return {
    thing1: caseTextFor(o, 'staff'),
    thing2: villageName,
    time3: messageTime(o.submittedAt instanceof Date ? o.submittedAt : new Date(o.submittedAt)),
    thing4: todo,
  };
}

/**
 * opinionDeadline to a handling deputy: the due-soon reminder and 督办 (once per revision), or the
 * presidium's 催办 (once per China day: its key names the day).
 */
function deadlineMessage(
  change: CaseChange,
  ctx: MessageContext,
  deputyId: string,
  openid: string,
): CaseMessageOf<'opinionDeadline'> {
  const { command, before, after, event, now } = change;
  const id = after._id;
  const today = chinaDate(now);
  const chase = command === 'chase';
  const due: Ymd = chase
    ? (runningDeadline(before) ?? today)
    : before.status === 'assigned'
      ? before.acceptBy
      : before.answerBy;
  return {
    key: chase ? `chase:${id}:${today}:${deputyId}` : `opinion:${id}:${ctx.rev}:${deputyId}`,
    openid,
    template: 'opinionDeadline',
    page: pageWith('deputyCase', { id }),
    fields: {
      thing1: caseTextFor(after, 'staff'),
      phrase2: chase ? '主席团催办' : event.type === 'reminded' ? '即将到期' : '已超期督办',
      time3: messageTime(chinaInstant(due, '17:30')),
    },
    ref: `opinion:${id}`,
  };
}

/**
 * opinionProgress to the villager and the followers (only the villager is asked to rate). A merged
 * case's villagers are sent to the main case, except the main case's own villager.
 */
function progressMessages(change: CaseChange, ctx: MessageContext): CaseMessageOf<'opinionProgress'>[] {
  const { command, after, event, now } = change;
  const merge = command === 'merge' && after.mergedInto;
  const readers = event.type === 'ratingReminded' ? [] : after.followers;
  const villagers = [...new Set([after.villagerOpenid, ...readers].filter((o): o is string => !!o))].filter(
    (o) => !merge || o !== ctx.mergedIntoVillager,
  );
  return villagers.map((openid) => {
    const author = openid === after.villagerOpenid;
    return {
      key: merge ? `merge:${after._id}:${openid}` : `opinion:${after._id}:${ctx.rev}:${openid}`,
      openid,
      template: 'opinionProgress',
      page: pageWith('villagerCase', { id: merge ? merge : after._id }),
      fields: {
        // A follower reads another villager's words only with their consent.
        thing1: caseTextFor(after, author ? 'villager' : 'follower'),
        phrase2: PROGRESS_PHRASE[event.type] ?? STATUS_LABELS[after.status].slice(0, 5),
        thing3: timelineTextFor(event, author ? 'villager' : 'follower'),
        time4: messageTime(now),
      },
      ref: `opinion:${after._id}`,
    };
  });
}
