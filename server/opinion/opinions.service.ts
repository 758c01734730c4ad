/**
 * Everything that changes an opinion (意见建议), for the `opinion` function, the presidium's `admin`
 * function, reception records and the scheduler. Each change runs the core state machine
 * (core/opinion/opinion.state.ts) and writes, in ONE transaction: the case, its timeline event
 * (opinionEvents, append-only), the subscribe messages it causes (outbox) and the deputies' system duty
 * records; then it flushes the messages (best effort; the scheduler retries).
 *
 *   createOpinion(draft, authorOpenid, origin, now, key, { review })  a new case, routed (idempotent by key)
 *   actOnOpinion(id, actor, now, command)    any state-machine command (accept, reply, assign, supervise…),
 *                                            or several in one transaction (reply + resolve)
 *   routeFor(opinion, exclude)               the routing decision for a case (hand-back, review approval)
 *   recordDepartmentAnswer(id, answer, actor, now)   the presidium enters a department's answer (转办回复)
 *   mergeCases(sourceId, targetId, actor, now)   merge + absorb, both cases in one transaction
 *   followOpinion(id, actor, now)            a villager follows a case instead of filing it again
 *   slaRemind / slaEscalate / ratingReminder / ratingClose / contactPurge(now)   scheduler jobs
 *
 * The messages a change causes come from ONE pure rule, core/opinion/opinion.messages.ts `messagesFor`.
 *
 * Actors: build them with `actorOf(caller)` (role + openid + deputyId from the caller's user record),
 * or SYSTEM_ACTOR for the scheduler. Who may do what is decided by core `transition`, never here.
 */
import { withoutUndefined } from '../db/documents';
import { createHash } from 'node:crypto';
import { requireTownship } from '../tenancy';
import { chinaDate } from '../../core/calendar/china-time';
import type { WorkingCalendar } from '../../core/calendar/working-days';
import { NO_DEPARTMENT, type ScopeTarget } from '../../core/identity/scope.rules';
import { messagesFor, type CaseChange, type MessageContext } from '../../core/opinion/opinion.messages';
import { opinionDutyFor } from '../../core/opinion/opinion.duty';
import { answerVerdict } from '../../core/opinion/opinion.content';
import { checkDraft } from '../../core/opinion/opinion.limits';
import { dueSlaAction } from '../../core/opinion/opinion.deadlines';
import type { ProxyChannel } from '../../core/figures/figures.opinions';
import { routeOpinion, routingCandidates } from '../../core/opinion/opinion.routing';
import { dueRatingActions } from '../../core/opinion/opinion.satisfaction';
import {
  handlerDeputyIds,
  openOpinion,
  quietChange,
  requireOpinion,
  transition,
  type OpinionCommand,
  type QuietCommand,
} from '../../core/opinion/opinion.state';
import {
  OPEN_STATUSES,
  SYSTEM_ACTOR,
  type Actor,
  type FiledBy,
  type Opinion,
  type OpinionDraft,
  type RoutingDecision,
  type TimelineEvent,
} from '../../core/opinion/opinion.types';
import type { Deputy, Station, Village } from '../../core/station/station.types';
import { loadCalendar } from '../calendar';
import { checkTexts } from '../content-check';
import { command, findAll, findById, isWriteConflict, transaction, type Transaction } from '../db/collection';
import { recordSystemDuty, type SystemDutyEvent } from '../duty/duty-records.repo';
import { fail, orFail } from '../errors';
import {
  OPINIONS,
  appendEvent,
  getOpinion,
  listByStatus,
  listCategories,
  openCaseCountsOf,
  routingRulesOf,
  type OpinionRecord,
} from './opinions.repo';
import { flushOutbox, queueMessage, type MessageRequest } from '../outbox';
import type { TemplateKey } from '../../core/notify/templates';
import type { Open311Channel } from '../../core/open311/open311.rules';
import type { Caller } from '../pipeline';
import { DEPUTIES, VILLAGES, getStation, villagesOf } from '../station/stations.repo';
import { presidiumMembers, staffOfDepartment } from '../identity/users.repo';
import {
  DEFAULT_CONTACT_RETENTION_DAYS,
  contactPurgeCutoff,
  retentionDaysFrom,
} from '../../core/privacy/contact.retention';

/** Days after closure a case's contact (name, phone) is kept (core/privacy, one rule for every contact). */
export { DEFAULT_CONTACT_RETENTION_DAYS };

/** The retention of every contact kept (opinions, bookings, walk-ins): env OPINION_CONTACT_RETENTION_DAYS. */
export function contactRetentionDays(): number {
  return retentionDaysFrom(process.env.OPINION_CONTACT_RETENTION_DAYS);
}

/**
 * The opinion id for an idempotency key in the call's township: the same key always names the same
 * case, and the same key in two townships two cases (ids are unique across the county).
 */
export function opinionIdFor(key: string): string {
  return 'op' + createHash('sha256').update(`${requireTownship()}:${key}`).digest('hex').slice(0, 22);
}

/** The actor a signed-in caller acts as (identity from the WeChat context only). */
export function actorOf(caller: Pick<Caller, 'openid' | 'role' | 'user'>): Actor {
  return {
    role: caller.role,
    openid: caller.openid,
    ...(caller.role === 'deputy' && caller.user?.deputyId && { deputyId: caller.user.deputyId }),
    ...(caller.role === 'department' &&
      caller.user?.departmentId && { departmentId: caller.user.departmentId }),
  };
}

export interface CreateOptions {
  /** The content check asked a person to look first: the case is held in 'review' for the presidium. */
  review?: boolean;
  /** With review: a private report the check would refuse to publish (held for staff, never public). */
  privateReport?: boolean;
  /** Filed by a county system through the Open311 door (server/open311): its channel and key. */
  via?: { channel: Open311Channel; keyId: string; client: string; ref?: string };
  /** Filed on a villager's behalf (代录): how the matter came, by phone (hotline) or in person (proxy). */
  channel?: ProxyChannel;
  /** 给代表留言: the deputy the villager wrote to; they take it first when they can (opinion.routing.ts). */
  addressedTo?: string;
}

export interface CreateResult {
  opinion: OpinionRecord;
  /** false when the key was used before: the earlier case is answered, nothing is written. */
  created: boolean;
}

/**
 * A draft checked against the station's villages and the active categories (core checkDraft): the
 * station, the cleaned draft and its category, or the refusal (STATION_NOT_FOUND, VILLAGE_…, …).
 * It writes nothing, so a caller can refuse a bad draft before spending anything on it.
 */
export async function checkSubmission(submission: OpinionDraft) {
  const [station, villages, categories] = await Promise.all([
    getStation(submission.stationCode),
    villagesOf(submission.stationCode),
    listCategories(),
  ]);
  if (!station) fail('STATION_NOT_FOUND');
  return { station, villages, ...orFail(checkDraft(submission, { station, villages, categories })) };
}

/**
 * Files a new case: checks the draft (core checkDraft), routes it (routing table → the station's lead
 * deputy → the presidium queue; fewest open cases among equals), computes its working-day deadlines,
 * and writes the case, its first events and an `opinionAssigned` message to each assigned deputy in one
 * transaction. `key` is a deterministic idempotency key ('<openid>:<requestId>', 'reception:<dayId>:<n>'):
 * the case id comes from it, so a retry or a re-run answers the same case.
 */
export async function createOpinion(
  submission: OpinionDraft,
  authorOpenid: string | null,
  origin: FiledBy,
  now: Date,
  key: string,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const id = opinionIdFor(key);
  // Independent reads in one round trip. A retry answers its case even if the draft no longer passes.
  const [existing, checked, calendar] = await Promise.all([
    getOpinion(id),
    checkSubmission(submission).catch((err: unknown) => ({ refused: err })),
    loadCalendar(),
  ]);
  if (existing) return { opinion: existing, created: false };
  if ('refused' in checked) throw checked.refused;
  const { station, villages, draft, category } = checked;
  const villageName = villages.find((v) => v.code === draft.villageCode)?.name ?? draft.villageCode;
  const routed = options.review
    ? null
    : await routeWith(
        { stationCode: draft.stationCode, villageCode: draft.villageCode, categoryCode: category.code },
        [],
        { station, category, villageName },
        options.addressedTo,
      );
  const routing: RoutingDecision | 'review' = routed?.decision ?? 'review';

  const { opinion, events } = openOpinion({
    id,
    draft,
    limits: category,
    ...(authorOpenid && { villagerOpenid: authorOpenid }),
    filedBy: origin,
    routing,
    ...(options.review && options.privateReport && { privateReport: true }),
    now,
    calendar,
  });
  const via = options.via;
  const record: OpinionRecord = {
    ...opinion,
    rev: events.length,
    deputyHistory: handlerDeputyIds(opinion.owner),
    changedAt: now,
    ...(options.addressedTo && { addressedTo: options.addressedTo }),
    ...(options.channel && { channel: options.channel }),
    ...(via && {
      channel: via.channel,
      open311: { keyId: via.keyId, client: via.client, ...(via.ref && { ref: via.ref }) },
    }),
  };
  // The routed deputies were read with the routing (the station's active deputies): not read again.
  const known = new Map((routed?.deputies ?? []).map((d) => [d._id, d]));
  const [deputies, presidium] = await Promise.all([
    record.deputyHistory.every((d) => known.has(d))
      ? Promise.resolve(known)
      : deputiesById(record.deputyHistory),
    record.owner.kind === 'presidium' ? presidiumOpenids() : Promise.resolve([]),
  ]);

  const result = await transaction(async (tx) => {
    const raced = await tx.get<OpinionRecord>(OPINIONS, id);
    if (raced) return { opinion: { ...raced, _id: id }, created: false, messageIds: [] as string[] };
    const { _id, ...doc } = record;
    await tx.set(OPINIONS, _id, withoutUndefined(doc));
    for (const [i, event] of events.entries()) await appendEvent(tx, event, i + 1);
    const change: CaseChange = { command: 'submit', before: record, after: record, event: events[1], now };
    const messageIds = await queueAll(
      tx,
      change,
      messageContext(record.rev, villageName, deputies, presidium),
    );
    return { opinion: record, created: true, messageIds };
  });
  if (result.messageIds.length) await flushOutbox(result.messageIds, now);
  return { opinion: result.opinion, created: result.created };
}

/**
 * Where a case should go now: the routing chain with `exclude` (deputies who handed it back) left out;
 * a case addressed to a deputy (给代表留言, `addressedTo`) is offered to them first unless excluded.
 */
export async function routeFor(
  o: Pick<Opinion, 'stationCode' | 'villageCode' | 'categoryCode' | 'addressedTo'>,
  exclude: readonly string[] = [],
): Promise<RoutingDecision> {
  return (await routeWith(o, exclude, undefined, o.addressedTo)).decision;
}

/** What routing reads that a caller may already hold (createOpinion checked the draft with them). */
interface KnownForRouting {
  station: Station;
  category: { code: string; name: string };
  villageName: string;
}

/** routeFor, reading only what `known` does not give, in parallel; answers the deputies it read too. */
async function routeWith(
  o: Pick<Opinion, 'stationCode' | 'villageCode' | 'categoryCode'>,
  exclude: readonly string[],
  known?: KnownForRouting,
  addressedTo?: string,
): Promise<{ decision: RoutingDecision; deputies: Deputy[] }> {
  const [station, rules, deputies, village, categories, addressee] = await Promise.all([
    known ? known.station : getStation(o.stationCode),
    routingRulesOf(o.stationCode),
    findAll<Deputy>(DEPUTIES, { stationCode: o.stationCode, active: true }),
    known ? null : findById<Village>(VILLAGES, o.villageCode),
    known ? [known.category] : listCategories(true),
    addressedTo ? findById<Deputy>(DEPUTIES, addressedTo) : Promise.resolve(null),
  ]);
  if (!station) fail('STATION_NOT_FOUND');
  const category = categories.find((c) => c.code === o.categoryCode) ?? {
    code: o.categoryCode,
    name: o.categoryCode,
  };
  const counts = await openCaseCountsOf(
    routingCandidates({ stationCode: o.stationCode, villageCode: o.villageCode, category }, rules, station),
  );
  const decision = routeOpinion(
    {
      stationCode: o.stationCode,
      villageCode: o.villageCode,
      villageName: known?.villageName ?? village?.name ?? o.villageCode,
      category: { code: category.code, name: category.name },
    },
    rules,
    deputies,
    counts,
    station,
    {
      exclude,
      ...(addressedTo && { addressed: { deputyId: addressedTo, ...(addressee && { deputy: addressee }) } }),
    },
  );
  return { decision, deputies: addressee ? [...deputies, addressee] : deputies };
}

export type CommandFor = (
  opinion: OpinionRecord,
) => OpinionCommand | OpinionCommand[] | Promise<OpinionCommand | OpinionCommand[]>;

export interface ActResult {
  opinion: OpinionRecord;
  /** The last step's event. */
  event: TimelineEvent;
  /** One event per step, in order. */
  events: TimelineEvent[];
  /** How many messages the change queued. */
  messages: number;
}

/**
 * Applies one state-machine command, or several in a row (e.g. reply then resolve), to a case as
 * `actor`, in ONE transaction with one event per step, the messages each step causes and the duty
 * records: either every step happens or none does. `commandFor` sees the case as loaded (to route a
 * hand-back, find a department…). Refusals come from core `transition` (NOT_ASSIGNEE,
 * INVALID_TRANSITION…) as AppErrors; a refused later step refuses the whole change. `alongside`
 * writes another area's records in the same transaction (the suggestion a case is raised into) and
 * answers the outbox ids it queued.
 */
export async function actOnOpinion(
  id: string,
  actor: Actor,
  now: Date,
  commandFor: CommandFor | OpinionCommand | OpinionCommand[],
  alongside?: (tx: Transaction, after: OpinionRecord) => Promise<string[]>,
): Promise<ActResult> {
  const [found, calendar] = await Promise.all([getOpinion(id), loadCalendar()]);
  const loaded = orFail(requireOpinion(found)) as OpinionRecord;
  const decided = typeof commandFor === 'function' ? await commandFor(loaded) : commandFor;
  const cmds = Array.isArray(decided) ? decided : [decided];
  if (cmds.length === 0) throw new Error('actOnOpinion: no command');
  // Decide every step on the loaded case first: refuse before writing anything, and learn which
  // deputies the steps involve (their openids are read outside the transaction).
  const owners: string[] = [];
  cmds.reduce<OpinionRecord>((o, cmd) => {
    const { patch } = orFail(transition(o, cmd, actor, now, calendar));
    owners.push(...newOwnerIds(patch));
    return { ...o, ...patch };
  }, loaded);
  const involved = [...new Set([...loaded.deputyHistory, ...owners])];
  const toQueue = cmds.some((c) => c.type === 'handBack');
  const transfer = cmds.find((c) => c.type === 'transfer');
  const [deputies, village, presidium, departmentStaff] = await Promise.all([
    deputiesById(involved),
    findById<Village>(VILLAGES, loaded.villageCode),
    toQueue ? presidiumOpenids() : Promise.resolve([]),
    transfer ? departmentStaffOpenids(transfer.department._id) : Promise.resolve([]),
  ]);
  const villageName = village?.name ?? loaded.villageCode;

  const result = await changeOnce(async (tx) => {
    const current = await tx.get<OpinionRecord>(OPINIONS, id);
    if (!current) fail('OPINION_NOT_FOUND');
    let before: OpinionRecord = { ...current, _id: id };
    if (before.rev !== loaded.rev) fail('CONFLICT');
    const events: TimelineEvent[] = [];
    const messageIds: string[] = [];
    for (const cmd of cmds) {
      const done = await step(tx, before, cmd, {
        actor,
        now,
        calendar,
        villageName,
        deputies,
        presidium,
        departmentStaff,
      });
      messageIds.push(...done.messageIds);
      events.push(done.event);
      before = done.after;
    }
    await saveOpinion(tx, before);
    if (alongside) messageIds.push(...(await alongside(tx, before)));
    return { opinion: before, events, messageIds };
  });
  if (result.messageIds.length) await flushOutbox(result.messageIds, now);
  return {
    opinion: result.opinion,
    event: result.events[result.events.length - 1],
    events: result.events,
    messages: result.messageIds.length,
  };
}

interface StepContext {
  actor: Actor;
  now: Date;
  calendar: WorkingCalendar;
  villageName: string;
  deputies: Map<string, Deputy>;
  presidium?: readonly string[];
  departmentStaff?: readonly string[];
  mergedIntoVillager?: string;
}

/**
 * One state-machine step inside a transaction: core `transition` decides; the event is appended, the
 * messages core `messagesFor` names are queued and the deputy's duty record written. The case itself
 * is saved by the caller (once, after every step).
 */
async function step(
  tx: Transaction,
  before: OpinionRecord,
  cmd: OpinionCommand,
  ctx: StepContext,
): Promise<{ after: OpinionRecord; event: TimelineEvent; messageIds: string[] }> {
  const { actor, now, calendar } = ctx;
  const { patch, event } = orFail(transition(before, cmd, actor, now, calendar));
  const rev = before.rev + 1;
  const after: OpinionRecord = {
    ...before,
    ...patch,
    rev,
    changedAt: now,
    deputyHistory: [...new Set([...before.deputyHistory, ...handlerDeputyIds(patch.owner ?? before.owner)])],
  };
  await appendEvent(tx, event, rev);
  const messageIds = await queueAll(
    tx,
    { command: cmd.type, before, after, event, now },
    {
      ...messageContext(rev, ctx.villageName, ctx.deputies, ctx.presidium ?? []),
      ...(ctx.mergedIntoVillager && { mergedIntoVillager: ctx.mergedIntoVillager }),
      ...(ctx.departmentStaff && { departmentStaff: ctx.departmentStaff }),
    },
  );
  const duty = dutyFor(after, event, actor, now);
  if (duty) await recordSystemDuty(tx, duty, now);
  return { after, event, messageIds };
}

function messageContext(
  rev: number,
  villageName: string,
  deputies: Map<string, Deputy>,
  presidium: readonly string[],
): MessageContext {
  return { rev, villageName, deputyOpenid: (id) => deputies.get(id)?.openid, presidium };
}

/** Queues the messages core `messagesFor` says a change causes; answers their outbox ids. */
async function queueAll(tx: Transaction, change: CaseChange, ctx: MessageContext): Promise<string[]> {
  const ids: string[] = [];
  for (const message of messagesFor(change, ctx)) {
    ids.push(await queueMessage(tx, message as MessageRequest<TemplateKey>, change.now));
  }
  return ids;
}

/** A case as the transaction reads it, or OPINION_NOT_FOUND. */
async function readIn(tx: Transaction, id: string): Promise<OpinionRecord> {
  const found = await tx.get<OpinionRecord>(OPINIONS, id);
  if (!found) fail('OPINION_NOT_FOUND');
  return { ...found, _id: id };
}

/** A quiet change (core quietChange: no timeline event, no message) in one transaction. */
async function changeQuietly(id: string, cmd: QuietCommand, actor: Actor, now: Date): Promise<OpinionRecord> {
  return changeOnce(async (tx) => {
    const before = await readIn(tx, id);
    const { patch } = orFail(quietChange(before, cmd, actor, now));
    const after: OpinionRecord = { ...before, ...patch };
    await saveOpinion(tx, after);
    return after;
  });
}

/**
 * Merges `sourceId` (a duplicate) into `targetId` in ONE transaction: the source takes the command
 * `merge` (it follows the main case's owner), the target `absorb` (it gains the source's villager and
 * followers); each timeline gets its event and the messages come from core `messagesFor` (the source's
 * villagers are sent to the main case). A retry answers the same merge. Answers the target and how
 * many villagers were told.
 */
export async function mergeCases(sourceId: string, targetId: string, actor: Actor, now: Date) {
  const [loaded, calendar] = await Promise.all([getOpinion(sourceId), loadCalendar()]);
  const source0 = orFail(requireOpinion(loaded)) as OpinionRecord;
  const [deputies, village] = await Promise.all([
    deputiesById(source0.deputyHistory),
    findById<Village>(VILLAGES, source0.villageCode),
  ]);
  const villageName = village?.name ?? source0.villageCode;
  const result = await changeOnce(async (tx) => {
    const source = await readIn(tx, sourceId);
    const target = await readIn(tx, targetId);
    if (source.status === 'merged' && source.mergedInto === targetId) {
      return { target, informed: 0, messageIds: [] as string[] };
    }
    const ctx: StepContext = { actor, now, calendar, villageName, deputies };
    const merged = await step(
      tx,
      source,
      { type: 'merge', into: target },
      {
        ...ctx,
        ...(target.villagerOpenid && { mergedIntoVillager: target.villagerOpenid }),
      },
    );
    const absorbed = await step(tx, target, { type: 'absorb', merged: source }, ctx);
    await saveOpinion(tx, merged.after);
    await saveOpinion(tx, absorbed.after);
    return {
      target: absorbed.after,
      informed: merged.messageIds.length,
      messageIds: [...merged.messageIds, ...absorbed.messageIds],
    };
  });
  if (result.messageIds.length) await flushOutbox(result.messageIds, now);
  return { target: result.target, informed: result.informed };
}

/**
 * What a case touches for a department's staff: its station and the department it is transferred to
 * now (NO_DEPARTMENT when it is with none: the scope rule then refuses, NOT_YOUR_DEPARTMENT).
 */
export async function departmentCaseScope(id: string): Promise<ScopeTarget | null> {
  const o = await getOpinion(id);
  if (!o) return null;
  return {
    stationCode: o.stationCode,
    departmentId: o.owner.kind === 'department' ? o.owner.departmentId : NO_DEPARTMENT,
  };
}

/** A department's staff member hands a misrouted case back with a reason (core departmentHandBack). */
export function departmentHandBackOpinion(
  id: string,
  reason: string,
  actor: Actor,
  now: Date,
): Promise<ActResult> {
  return actOnOpinion(id, actor, now, { type: 'departmentHandBack', reason });
}

/** What a case touches, for the pipeline's scope rule: its station (null when there is no such case). */
export async function opinionScope(id: string): Promise<ScopeTarget | null> {
  const o = await getOpinion(id);
  return o ? { stationCode: o.stationCode } : null;
}

/** One transaction; when concurrent changes keep colliding past the retries, the caller is told CONFLICT. */
async function changeOnce<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await transaction(fn);
  } catch (err) {
    if (isWriteConflict(err)) fail('CONFLICT');
    throw err;
  }
}

/**
 * A department's answer to a transferred case, by its bound staff or entered by the presidium for a
 * department without staff (content-checked as every public text); it goes back through the deputies.
 */
export async function recordDepartmentAnswer(
  id: string,
  answer: string,
  actor: Actor,
  now: Date,
): Promise<ActResult> {
  const held = await checkAnswer(answer, actor.openid);
  return actOnOpinion(id, actor, now, { type: 'departmentReply', answer, held });
}

/**
 * An answer (a deputy's or a department's) that may become public, through the same content check as a
 * villager's text: refused with ANSWER_RISKY when risky; `true` (held: not public until the presidium
 * confirms, command confirmPublic) when the check asks a person to look or could not be made.
 */
export async function checkAnswer(answer: string, openid: string): Promise<boolean> {
  return orFail(answerVerdict(await checkTexts([answer], openid)));
}

/** A deputy hands a misrouted case back: re-routed with every deputy who handed it back excluded. */
export function handBackOpinion(id: string, reason: string, actor: Actor, now: Date): Promise<ActResult> {
  return actOnOpinion(id, actor, now, async (o) => ({
    type: 'handBack',
    reason,
    reroute: await routeFor(o, [...o.handedBackBy, ...(actor.deputyId ? [actor.deputyId] : [])]),
  }));
}

/** A villager follows a case ("我也反映过"); they then hear of its progress. Answers the case. */
export function followOpinion(id: string, actor: Actor, now: Date): Promise<OpinionRecord> {
  return changeQuietly(id, { type: 'follow' }, actor, now);
}

async function saveOpinion(tx: Transaction, o: OpinionRecord): Promise<void> {
  const { _id, ...doc } = o;
  await tx.set(OPINIONS, _id, withoutUndefined(doc));
}

function newOwnerIds(patch: Partial<Opinion>): string[] {
  return patch.owner ? handlerDeputyIds(patch.owner) : [];
}

async function deputiesById(ids: readonly string[]): Promise<Map<string, Deputy>> {
  if (ids.length === 0) return new Map();
  const _ = command();
  const found = await findAll<Deputy>(DEPUTIES, { _id: _.in([...ids]) });
  return new Map(found.map((d) => [d._id, d]));
}

/** The openids of a department's bound staff (部门工作人员). */
async function departmentStaffOpenids(departmentId: string): Promise<string[]> {
  const users = await staffOfDepartment(departmentId);
  return users.map((u) => u._id).sort();
}

/** The openids of the presidium's bound members (a handful of staff records). */
async function presidiumOpenids(): Promise<string[]> {
  const users = await presidiumMembers();
  return users.map((u) => u._id).sort();
}

/** The deputy's system duty record (履职登记) for an event they did themselves, or null. */
function dutyFor(o: OpinionRecord, event: TimelineEvent, actor: Actor, now: Date): SystemDutyEvent | null {
  const duty = opinionDutyFor(o, event.type, actor);
  if (!duty) return null;
  return {
    ...duty,
    stationCode: o.stationCode,
    date: chinaDate(now),
    sourceRef: `opinion:${o._id}:${event.type}:${o.rev}`,
  };
}

// ---------------------------------------------------------------- scheduler jobs

async function eachCase(
  cases: OpinionRecord[],
  act: (o: OpinionRecord) => OpinionCommand | null,
  now: Date,
): Promise<number> {
  let done = 0;
  for (const o of cases) {
    const cmd = act(o);
    if (!cmd) continue;
    try {
      await actOnOpinion(o._id, SYSTEM_ACTOR, now, cmd);
      done++;
    } catch (err) {
      console.error(`[opinion] scheduler ${cmd.type} ${o._id}`, err);
    }
  }
  return done;
}

const RUNNING: Opinion['status'][] = ['assigned', 'accepted', 'transferred'];

/** Reminds the handling deputies once per deadline when it is due soon (催办 → opinionDeadline). */
export async function slaRemind(now: Date): Promise<number> {
  const calendar = await loadCalendar();
  const today = chinaDate(now);
  return eachCase(
    await listByStatus(RUNNING),
    (o) => (dueSlaAction(o, today, calendar) === 'remind' ? { type: 'remind' } : null),
    now,
  );
}

/** Puts overdue cases on the presidium's supervision list (督办), recorded as a timeline event. */
export async function slaEscalate(now: Date): Promise<number> {
  const calendar = await loadCalendar();
  const today = chinaDate(now);
  return eachCase(
    await listByStatus(OPEN_STATUSES),
    (o) =>
      dueSlaAction(o, today, calendar) === 'supervise'
        ? { type: 'supervise', note: '超过办理时限，列入督办' }
        : null,
    now,
  );
}

/** One reminder to rate, 7 days after 办结. */
export async function ratingReminder(now: Date): Promise<number> {
  return eachCase(
    await listByStatus(['resolved']),
    (o) => (dueRatingActions(o, now).includes('remindRating') ? { type: 'remindRating' } : null),
    now,
  );
}

/** Closes cases not rated 15 days after 办结 as 未评价. */
export async function ratingClose(now: Date): Promise<number> {
  return eachCase(
    await listByStatus(['resolved']),
    (o) => (dueRatingActions(o, now).includes('closeUnrated') ? { type: 'closeUnrated' } : null),
    now,
  );
}

/** Removes the contact (name, phone) of cases closed (or merged away) more than the retention period ago. */
export async function contactPurge(now: Date): Promise<number> {
  const _ = command();
  const retentionDays = contactRetentionDays();
  const due = await findAll<OpinionRecord>(OPINIONS, {
    status: _.in(['closed', 'merged']),
    closedAt: _.lte(contactPurgeCutoff(now, retentionDays)),
    contact: _.exists(true),
  });
  let purged = 0;
  for (const o of due) {
    // Each through the state machine's purgeContact (it re-checks the case as the transaction reads it).
    try {
      await changeQuietly(o._id, { type: 'purgeContact', retentionDays }, SYSTEM_ACTOR, now);
      purged++;
    } catch (err) {
      console.error(`[opinion] scheduler purgeContact ${o._id}`, err);
    }
  }
  return purged;
}
