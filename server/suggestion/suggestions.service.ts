/**
 * Deputies' suggestions (代表建议) as use cases: a deputy files one (alone or co-signed; or raises a
 * villager's opinion they hold into one, 转为代表建议); co-signers confirm; the presidium assigns it to a
 * lead office and co-handlers with a deadline (default from the township's settings); co-handlers sign
 * off, the lead office answers formally, or an office sends it back within 7 working days; the filer
 * rates the answer. Each step is a core rule (core/suggestion/suggestion.rules.ts) decided on the
 * version re-read in one transaction, with the messages it causes queued in that transaction (outbox)
 * and the duty records it makes. The scheduler chases overdue suggestions on working days.
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import { SATISFACTION_LABELS, type Satisfaction } from '../../core/duty/duty.types';
import { messageDate } from '../../core/notify/message.fields';
import type { MessageRequest } from '../../core/notify/templates';
import { PAGES, pageWith } from '../../core/notify/pages';
import type { Decision } from '../../core/result';
import {
  addMonths,
  answerInvite,
  answerSuggestion,
  assignSuggestion,
  canSendBack,
  checkSettings,
  fileSuggestion,
  isOverdue,
  officeRole,
  rateAnswer,
  sendBack,
  sendBackLastDay,
  signOff,
  suggestionIdOf,
  type Draft,
} from '../../core/suggestion/suggestion.rules';
import {
  RESULT_CLASS_LABELS,
  SUGGESTION_CATEGORY_LABELS,
  SUGGESTION_STATUS_LABELS,
  type ResultClass,
  type Suggestion,
  type SuggestionCategory,
  type SuggestionSettings,
} from '../../core/suggestion/suggestion.types';
import { OPEN_STATUSES } from '../../core/opinion/opinion.types';
import { handlerDeputyIds } from '../../core/opinion/opinion.state';
import { loadCalendar } from '../calendar';
import { secCheck } from '../content-check';
import { findById, transaction, type Transaction } from '../db/collection';
import { activeDeputies } from '../duty/duty-sources.repo';
import { deputyOf, recordSystemDuty } from '../duty/duty.service';
import { fail, orFail } from '../errors';
import { presidiumMembers, staffOfDepartment } from '../identity/users.repo';
import { getOpinion, listDepartments } from '../opinion/opinions.repo';
import { actOnOpinion, actorOf } from '../opinion/opinions.service';
import { flushOutbox, queueMessage } from '../outbox';
import type { ActionContext, Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { deputiesByIds } from '../station/stations.repo';
import {
  cohandledBy,
  cosignedBy,
  filedBy,
  getSettings,
  getSuggestion,
  getSuggestionIn,
  ledBy,
  overdueOn,
  raisedFrom,
  setSettingsIn,
  setSuggestionIn,
  withStatus,
} from './suggestions.repo';

/** Where a message sends the presidium; deputies and offices open the suggestion itself. */
const PRESIDIUM_PAGE = PAGES.presidiumSuggestions;

type Message = MessageRequest<'opinionProgress'> | MessageRequest<'opinionAssigned'>;

async function suggestionOrFail(id: string): Promise<Suggestion> {
  const s = await getSuggestion(id);
  if (!s) fail('SUGGESTION_NOT_FOUND');
  return s;
}

async function departmentNames(): Promise<Map<string, string>> {
  return new Map((await listDepartments()).map((d) => [d._id, d.name]));
}

const namer = (names: Map<string, string>) => (id: string) => names.get(id) ?? id;

async function staffOpenids(departmentId: string): Promise<string[]> {
  return (await staffOfDepartment(departmentId)).map((u) => u.openid ?? u._id);
}

async function deputyOpenids(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await deputiesByIds(ids);
  return new Map(found.filter((d) => d.openid).map((d) => [d._id, d.openid as string]));
}

/**
 * One step on a suggestion: decided by `decide` on the version re-read in a transaction, written with
 * what `after` adds there (messages, duty records); the messages are sent once it committed.
 */
async function change(
  id: string,
  decide: (s: Draft) => Decision<Draft>,
  now: Date,
  after?: (tx: Transaction, next: Suggestion, before: Suggestion) => Promise<Message[]>,
): Promise<Suggestion> {
  const { next, ids } = await transaction(async (tx) => {
    const current = await getSuggestionIn(tx, id);
    if (!current) fail('SUGGESTION_NOT_FOUND');
    const { _id: _ignored, ...draft } = current;
    const next: Suggestion = { ...orFail(decide(draft)), _id: id, updatedAt: now };
    await setSuggestionIn(tx, next);
    const messages = after ? await after(tx, next, current) : [];
    const ids: string[] = [];
    for (const m of messages) ids.push(await queueMessage(tx, m, now));
    return { next, ids };
  });
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return next;
}

const toDeputy = (s: Suggestion, openid: string, step: string, phrase: string, today: Ymd): Message => ({
  key: `suggestion:${s._id}:${step}:${openid}`,
  openid,
  template: 'opinionProgress',
  page: pageWith('deputySuggestion', { id: s._id }),
  fields: {
    thing1: `代表建议：${s.title}`,
    phrase2: phrase,
    thing3: s.title,
    time4: `${messageDate(today)} 09:00`,
  },
  ref: `suggestion:${s._id}`,
});

const toOffice = (s: Suggestion, openid: string, step: string, what: string): Message => ({
  key: `suggestion:${s._id}:${step}:${openid}`,
  openid,
  template: 'opinionAssigned',
  page: pageWith('departmentSuggestion', { id: s._id }),
  fields: {
    thing1: `代表建议：${s.title}`,
    thing2: what,
    time3: `${messageDate(s.assignedOn ?? s.filedOn)} 09:00`,
    thing4: `${s.deadline ?? ''}前答复`,
  },
  ref: `suggestion:${s._id}`,
});

// --- filing --------------------------------------------------------------------------------------------

export interface FileFields {
  title: string;
  content: string;
  category: SuggestionCategory;
  sessionId?: string;
  cosignerIds: string[];
}

async function file(ctx: ActionContext, requestId: string, input: FileFields, sourceOpinionId?: string) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  const deputy = await deputyOf(caller);
  if (input.sessionId && !(await findById('congressSessions', input.sessionId)))
    fail('SUGGESTION_SESSION_NOT_FOUND');
  const found = input.cosignerIds.length ? await deputiesByIds(input.cosignerIds) : [];
  const byId = new Map(found.filter((d) => d.active).map((d) => [d._id, d]));
  if (input.cosignerIds.some((id) => !byId.has(id))) fail('SUGGESTION_COSIGNER_INVALID');
  const draft = orFail(
    fileSuggestion({
      title: input.title,
      content: input.content,
      category: input.category,
      sessionId: input.sessionId ?? null,
      filer: { deputyId: deputy._id, name: deputy.name, stationCode: deputy.stationCode },
      cosigners: input.cosignerIds.map((id) => ({ deputyId: id, name: byId.get(id)?.name ?? id })),
      ...(sourceOpinionId ? { sourceOpinionId } : {}),
      today,
      now,
    }),
  );
  const id = suggestionIdOf(deputy._id, requestId);
  const presidium = draft.status === 'submitted' ? await presidiumMembers() : [];
  /** The suggestion, its filer's duty record and its messages, in the caller's transaction. */
  const writeIn = async (tx: Transaction): Promise<string[]> => {
    if (await getSuggestionIn(tx, id)) return [];
    const s: Suggestion = { ...draft, _id: id };
    await setSuggestionIn(tx, s);
    await recordSystemDuty(
      tx,
      {
        deputyId: deputy._id,
        stationCode: deputy.stationCode,
        type: 'suggestion',
        date: today,
        description: `提出代表建议“${s.title}”`,
        peopleReached: 0,
        sourceRef: `suggestion:${id}`,
      },
      now,
    );
    const messages: Message[] = [];
    for (const c of found) if (c.openid) messages.push(toDeputy(s, c.openid, 'invite', '邀请附议', today));
    for (const p of presidium)
      messages.push({
        ...toDeputy(s, p.openid ?? p._id, 'submitted', '待交办', today),
        page: PRESIDIUM_PAGE,
      });
    const out: string[] = [];
    for (const m of messages) out.push(await queueMessage(tx, m, now));
    return out;
  };
  if (!sourceOpinionId) {
    const ids = await transaction(writeIn);
    if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  } else if (!(await getSuggestion(id))) {
    // Raised before cases named their suggestion (Opinion.suggestionId): still one per case.
    if ((await raisedFrom(sourceOpinionId)).length) fail('SUGGESTION_OPINION_ALREADY_RAISED');
    // The case's timeline says so (转为代表建议, the villager told) in the suggestion's own transaction:
    // two raises of one case at once collide on the case, and the second is refused.
    await actOnOpinion(
      sourceOpinionId,
      actorOf(caller),
      now,
      { type: 'raiseSuggestion', suggestionId: id },
      writeIn,
    );
  }
  return detail(ctx, await suggestionOrFail(id));
}

/** A deputy files a suggestion, once per request id (a retry answers the same suggestion). */
export function fileOne(ctx: ActionContext, requestId: string, input: FileFields) {
  return file(ctx, requestId, input);
}

/**
 * 转为代表建议: a deputy who holds a villager's open opinion raises it into a suggestion (one per
 * opinion); the villager follows it on their case page (`ofOpinion`).
 */
export async function raiseOpinion(
  ctx: ActionContext,
  requestId: string,
  input: Omit<FileFields, 'cosignerIds' | 'sessionId'> & { opinionId: string },
) {
  const deputy = await deputyOf(ctx.caller);
  const o = await getOpinion(input.opinionId);
  if (!o || !OPEN_STATUSES.includes(o.status) || !handlerDeputyIds(o.owner).includes(deputy._id))
    fail('SUGGESTION_OPINION_NOT_HELD');
  const { opinionId, ...fields } = input;
  return file(ctx, requestId, { ...fields, cosignerIds: [] }, opinionId);
}

/** A co-signer confirms (附议) or declines; a confirmation is their duty record too. */
export async function answerInviteAs(ctx: ActionContext, id: string, confirm: boolean) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  const deputy = await deputyOf(caller);
  const before = await suggestionOrFail(id);
  const presidium = await presidiumMembers();
  const filer = await deputyOpenids([before.filerDeputyId]);
  const s = await change(
    id,
    (s) => answerInvite(s, deputy._id, confirm, today),
    now,
    async (tx, next) => {
      if (confirm)
        await recordSystemDuty(
          tx,
          {
            deputyId: deputy._id,
            stationCode: deputy.stationCode,
            type: 'suggestion',
            date: today,
            description: `附议代表建议“${next.title}”`,
            peopleReached: 0,
            sourceRef: `suggestion:${id}`,
          },
          now,
        );
      const out: Message[] = [];
      const filerOpenid = filer.get(next.filerDeputyId);
      if (next.status === 'submitted') {
        if (filerOpenid) out.push(toDeputy(next, filerOpenid, 'submitted', '附议完成', today));
        for (const p of presidium)
          out.push({
            ...toDeputy(next, p.openid ?? p._id, 'submitted', '待交办', today),
            page: PRESIDIUM_PAGE,
          });
      }
      return out;
    },
  );
  return detail(ctx, s);
}

// --- the presidium -------------------------------------------------------------------------------------

/** The presidium assigns (or reassigns after a send-back) to a lead office and co-handlers, with a deadline. */
export async function assign(
  ctx: ActionContext,
  id: string,
  input: { leadDepartmentId: string; cohandlerIds: string[]; deadline?: Ymd },
) {
  const { now } = ctx;
  const today = chinaDate(now);
  if (input.deadline) requireDateIn('suggestionDeadline', input.deadline, today);
  const names = await departmentNames();
  for (const d of [input.leadDepartmentId, ...input.cohandlerIds])
    if (!names.has(d)) fail('SUGGESTION_OFFICE_NOT_FOUND');
  const deadline = input.deadline ?? addMonths(today, (await getSettings()).answerMonths);
  const before = await suggestionOrFail(id);
  const [lead, filer, ...co] = await Promise.all([
    staffOpenids(input.leadDepartmentId),
    deputyOpenids([before.filerDeputyId]),
    ...input.cohandlerIds.map(staffOpenids),
  ]);
  const s = await change(
    id,
    (s) => assignSuggestion(s, { ...input, deadline }, today, namer(names)),
    now,
    async (_tx, next) => {
      const step = `assigned${next.sendBacks.length}`;
      const out: Message[] = lead.map((o) => toOffice(next, o, step, '主办'));
      for (const list of co) for (const o of list) out.push(toOffice(next, o, step, '协办'));
      const f = filer.get(next.filerDeputyId);
      if (f) out.push(toDeputy(next, f, step, '已交办', today));
      return out;
    },
  );
  return detail(ctx, s);
}

/** The presidium's list: by status (every open one when none is named), overdue ones marked and first. */
export async function presidiumList(ctx: ActionContext, status?: Suggestion['status']) {
  const today = chinaDate(ctx.now);
  const statuses: Suggestion['status'][] = status
    ? [status]
    : ['submitted', 'sentBack', 'assigned', 'answered', 'cosigning'];
  const [lists, names, settings] = await Promise.all([
    Promise.all(statuses.map(withStatus)),
    departmentNames(),
    getSettings(),
  ]);
  const items = lists.flat().map((s) => summary(s, today, names));
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return {
    settings,
    departments: [...names].map(([id, name]) => ({ id, name })),
    items,
    overdue: items.filter((i) => i.overdue).length,
  };
}

export async function setSettings(ctx: ActionContext, input: SuggestionSettings) {
  const settings = orFail(checkSettings(input));
  await transaction((tx) => setSettingsIn(tx, settings, ctx.caller.openid, ctx.now));
  return settings;
}

// --- offices -------------------------------------------------------------------------------------------

function officeOf(caller: Caller): string {
  const id = caller.role === 'department' ? caller.user?.departmentId : undefined;
  if (!id) fail('SUGGESTION_NOT_YOUR_OFFICE');
  return id;
}

/** The caller's office's suggestions: those it leads and those it co-handles, open ones first. */
export async function officeInbox(ctx: ActionContext) {
  const departmentId = officeOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const [led, co, names] = await Promise.all([
    ledBy(departmentId),
    cohandledBy(departmentId),
    departmentNames(),
  ]);
  const all = [...led, ...co.filter((s) => s.leadDepartmentId !== departmentId)];
  const items = all.map((s) => ({
    ...summary(s, today, names),
    role: officeRole(s, departmentId),
    toDo:
      s.status === 'assigned' &&
      (s.leadDepartmentId === departmentId ||
        s.cohandlers.some((c) => c.departmentId === departmentId && !c.signedOff)),
  }));
  items.sort((a, b) => Number(b.toDo) - Number(a.toDo) || Number(b.overdue) - Number(a.overdue));
  return { departmentName: names.get(departmentId) ?? departmentId, items };
}

export async function signOffAs(ctx: ActionContext, id: string, opinion: string) {
  const departmentId = officeOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const names = await departmentNames();
  const before = await suggestionOrFail(id);
  const lead = before.leadDepartmentId ? await staffOpenids(before.leadDepartmentId) : [];
  const s = await change(
    id,
    (s) => signOff(s, departmentId, opinion, today, namer(names)),
    ctx.now,
    async (_tx, next) =>
      next.cohandlers.every((c) => c.signedOff)
        ? lead.map((o) => toOffice(next, o, `cosigned${next.round}`, '协办已会签，请答复'))
        : [],
  );
  return detail(ctx, s);
}

export async function sendBackAs(ctx: ActionContext, id: string, reason: string) {
  const departmentId = officeOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const [names, calendar, presidium] = await Promise.all([
    departmentNames(),
    loadCalendar(),
    presidiumMembers(),
  ]);
  const before = await suggestionOrFail(id);
  const filer = await deputyOpenids([before.filerDeputyId]);
  const s = await change(
    id,
    (s) => sendBack(s, departmentId, reason, today, calendar, namer(names)),
    ctx.now,
    async (_tx, next) => {
      const step = `sentBack${next.sendBacks.length}`;
      const out: Message[] = presidium.map((p) => ({
        ...toDeputy(next, p.openid ?? p._id, step, '单位退回', today),
        page: PRESIDIUM_PAGE,
      }));
      const f = filer.get(next.filerDeputyId);
      if (f) out.push(toDeputy(next, f, step, '重新交办中', today));
      return out;
    },
  );
  return detail(ctx, s);
}

export async function answerAs(
  ctx: ActionContext,
  id: string,
  input: { text: string; fileId: string; resultClass: ResultClass },
) {
  const departmentId = officeOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const before = await suggestionOrFail(id);
  // Read by a villager only when raised from their opinion, and then only once it passed the check.
  const textPublic = before.sourceOpinionId
    ? (await secCheck(input.text, ctx.caller.openid, 2).catch(() => 'review' as const)) === 'pass'
    : false;
  const [names, filer] = await Promise.all([departmentNames(), deputyOpenids([before.filerDeputyId])]);
  const s = await change(
    id,
    (s) => answerSuggestion(s, departmentId, { ...input, textPublic }, today, namer(names)),
    ctx.now,
    async (_tx, next) => {
      const f = filer.get(next.filerDeputyId);
      return f ? [toDeputy(next, f, `answered${next.round}`, '已答复，请评价', today)] : [];
    },
  );
  return detail(ctx, s);
}

// --- the filer's rating --------------------------------------------------------------------------------

export async function rate(ctx: ActionContext, id: string, rating: Satisfaction) {
  const deputy = await deputyOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const before = await suggestionOrFail(id);
  if (before.filerDeputyId !== deputy._id) fail('SUGGESTION_NOT_YOURS');
  const settings = await getSettings();
  const lead = before.leadDepartmentId ? await staffOpenids(before.leadDepartmentId) : [];
  const s = await change(
    id,
    (s) => rateAnswer(s, rating, today, settings),
    ctx.now,
    async (_tx, next) =>
      next.status === 'assigned'
        ? lead.map((o) => toOffice(next, o, 'reopened', '代表不满意，重新办理'))
        : deputy.openid
          ? [toDeputy(next, deputy.openid, 'closed', '已办结', today)]
          : [],
  );
  return detail(ctx, s);
}

// --- reading -------------------------------------------------------------------------------------------

function summary(s: Suggestion, today: Ymd, names: Map<string, string>) {
  const last = s.answers[s.answers.length - 1];
  return {
    id: s._id,
    title: s.title,
    categoryLabel: SUGGESTION_CATEGORY_LABELS[s.category],
    filerName: s.filerName,
    cosignerCount: s.cosigners.filter((c) => c.status === 'confirmed').length,
    status: s.status,
    statusLabel: SUGGESTION_STATUS_LABELS[s.status],
    filedOn: s.filedOn,
    leadName: s.leadDepartmentId ? namer(names)(s.leadDepartmentId) : null,
    deadline: s.deadline ?? null,
    overdue: isOverdue(s, today),
    round: s.round,
    resultClass: last?.resultClass ?? null,
    finalRatingLabel: s.finalRating ? SATISFACTION_LABELS[s.finalRating] : null,
  };
}

/** Who the caller is to the suggestion: filer, co-signer, presidium, one of its offices, or nobody. */
function relation(s: Suggestion, caller: Caller): 'filer' | 'cosigner' | 'presidium' | 'office' | null {
  if (caller.role === 'presidium') return 'presidium';
  const deputyId = caller.role === 'deputy' ? caller.user?.deputyId : undefined;
  if (deputyId && s.filerDeputyId === deputyId) return 'filer';
  if (deputyId && s.cosigners.some((c) => c.deputyId === deputyId)) return 'cosigner';
  const dept = caller.role === 'department' ? caller.user?.departmentId : undefined;
  if (dept && (officeRole(s, dept) || s.sendBacks.some((b) => b.departmentId === dept))) return 'office';
  return null;
}

async function detail(ctx: ActionContext, s: Suggestion) {
  const rel = relation(s, ctx.caller);
  if (!rel) fail('SUGGESTION_NOT_FOUND');
  const today = chinaDate(ctx.now);
  const [names, calendar] = await Promise.all([departmentNames(), loadCalendar()]);
  const name = namer(names);
  const dept = ctx.caller.role === 'department' ? (ctx.caller.user?.departmentId ?? '') : '';
  const deputyId = ctx.caller.user?.deputyId ?? '';
  const role = dept ? officeRole(s, dept) : null;
  const me = s.cosigners.find((c) => c.deputyId === deputyId);
  return {
    ...summary(s, today, names),
    relation: rel,
    content: s.content,
    category: s.category,
    sessionId: s.sessionId,
    fromOpinion: !!s.sourceOpinionId,
    cosigners: s.cosigners.map((c) => ({
      name: c.name,
      status: c.status,
      statusLabel: c.status === 'confirmed' ? '已附议' : c.status === 'declined' ? '未附议' : '等待回复',
    })),
    cohandlers: s.cohandlers.map((c) => ({
      departmentId: c.departmentId,
      name: name(c.departmentId),
      signedOff: c.signedOff,
      opinion: rel === 'filer' || rel === 'cosigner' ? null : (c.opinion ?? null),
    })),
    leadDepartmentId: s.leadDepartmentId ?? null,
    assignedOn: s.assignedOn ?? null,
    answers: s.answers.map((a) => ({
      round: a.round,
      departmentName: name(a.departmentId),
      text: a.text,
      fileId: a.fileId,
      resultClass: a.resultClass,
      resultLabel: RESULT_CLASS_LABELS[a.resultClass],
      on: a.on,
      onTime: a.onTime,
      ratingLabel: a.rating ? SATISFACTION_LABELS[a.rating] : null,
    })),
    sendBacks: s.sendBacks.map((b) => ({ departmentName: name(b.departmentId), reason: b.reason, on: b.on })),
    events: s.events,
    officeRole: role,
    sendBackUntil: s.assignedOn && s.round === 1 ? sendBackLastDay(s.assignedOn, calendar) : null,
    can: {
      cosign: rel === 'cosigner' && s.status === 'cosigning' && me?.status === 'invited',
      rate: rel === 'filer' && s.status === 'answered',
      assign: rel === 'presidium' && (s.status === 'submitted' || s.status === 'sentBack'),
      signOff:
        role === 'cohandler' &&
        s.status === 'assigned' &&
        !s.cohandlers.find((c) => c.departmentId === dept)?.signedOff,
      answer: role === 'lead' && s.status === 'assigned',
      answerWaitsFor: s.cohandlers.filter((c) => !c.signedOff).map((c) => name(c.departmentId)),
      sendBack: !!role && canSendBack(s, today, calendar),
    },
  };
}

export async function getOne(ctx: ActionContext, id: string) {
  return detail(ctx, await suggestionOrFail(id));
}

/** The deputy's own: suggestions they filed, and those they were invited to co-sign. */
export async function mine(ctx: ActionContext) {
  const deputy = await deputyOf(ctx.caller);
  const today = chinaDate(ctx.now);
  const [filed, cosigned, names, deputies] = await Promise.all([
    filedBy(deputy._id),
    cosignedBy(deputy._id),
    departmentNames(),
    activeDeputies(),
  ]);
  return {
    deputyName: deputy.name,
    /** The township's other deputies, to invite as co-signers. */
    deputies: deputies.filter((d) => d._id !== deputy._id).map((d) => ({ id: d._id, name: d.name })),
    filed: filed.map((s) => summary(s, today, names)),
    invites: cosigned.map((s) => ({
      ...summary(s, today, names),
      myStatus: s.cosigners.find((c) => c.deputyId === deputy._id)?.status ?? 'invited',
      open:
        s.status === 'cosigning' && s.cosigners.find((c) => c.deputyId === deputy._id)?.status === 'invited',
    })),
  };
}

/**
 * The suggestion a villager's opinion was raised into, as its villager sees it: the public parts only
 * (status, office, result class, the answer's text once it passed the content check). Null when none.
 */
export async function ofOpinion(ctx: ActionContext, opinionId: string) {
  const o = await getOpinion(opinionId);
  const staff = ['deputy', 'presidium'].includes(ctx.caller.role);
  if (!o || (!staff && o.villagerOpenid !== ctx.caller.openid)) fail('SUGGESTION_NOT_FOUND');
  const [s] = await raisedFrom(opinionId);
  if (!s) return { suggestion: null };
  const names = await departmentNames();
  const last = s.answers[s.answers.length - 1];
  return {
    suggestion: {
      title: s.title,
      filerName: s.filerName,
      status: s.status,
      statusLabel: SUGGESTION_STATUS_LABELS[s.status],
      filedOn: s.filedOn,
      leadName: s.leadDepartmentId ? namer(names)(s.leadDepartmentId) : null,
      resultClass: last?.resultClass ?? null,
      resultLabel: last ? RESULT_CLASS_LABELS[last.resultClass] : null,
      answer: last?.textPublic ? last.text : null,
      answeredOn: last?.on ?? null,
    },
  };
}

// --- the scheduler -------------------------------------------------------------------------------------

/**
 * The scheduler's job: on a working day, each assigned suggestion past its deadline is chased: the lead
 * office's staff, the co-handlers that have not signed off, and the presidium get one reminder a day
 * (key per suggestion, day and person).
 */
export async function suggestionJobs(now: Date): Promise<number> {
  const today = chinaDate(now);
  const calendar = await loadCalendar();
  if (!calendar.isWorkingDay(today)) return 0;
  const list = await overdueOn(today);
  if (list.length === 0) return 0;
  const presidium = (await presidiumMembers()).map((u) => u.openid ?? u._id);
  let n = 0;
  for (const s of list) {
    const offices = [
      s.leadDepartmentId as string,
      ...s.cohandlers.filter((c) => !c.signedOff).map((c) => c.departmentId),
    ];
    const staff = (await Promise.all(offices.map(staffOpenids))).flat();
    const ids: string[] = [];
    for (const openid of new Set([...staff, ...presidium]))
      ids.push(
        await queueMessage(
          null,
          {
            key: `suggestion:${s._id}:overdue:${today}:${openid}`,
            openid,
            template: 'opinionDeadline',
            page: staff.includes(openid) ? pageWith('departmentSuggestion', { id: s._id }) : PRESIDIUM_PAGE,
            fields: {
              thing1: `代表建议：${s.title}`,
              phrase2: '办理逾期',
              time3: `${messageDate(s.deadline as Ymd)} 23:59`,
            },
            ref: `suggestion:${s._id}`,
          },
          now,
        ),
      );
    n += ids.length;
  }
  return n;
}
