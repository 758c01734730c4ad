/**
 * The `opinion` function's use cases, one function per action: what a caller may read about cases
 * (their own, a deputy's inbox, similar open cases, a station's public answers) and each case action
 * answered in the caller's view. Changes go through opinions.service.ts (`createOpinion`,
 * `actOnOpinion`, `followOpinion`: the core state machine); every view through
 * core/opinion/opinion.privacy.ts, and every `canRate` from core `canRate` (opinion.state.ts), the
 * rule the rate command itself applies.
 */
import { chinaDate, chinaInstant } from '../../core/calendar/china-time';
import type { ProxyChannel } from '../../core/figures/figures.opinions';
import { submissionVerdict } from '../../core/opinion/opinion.content';
import {
  canHandBack,
  handBackLastDay,
  runningDeadline,
  slaState,
  type SlaState,
} from '../../core/opinion/opinion.deadlines';
import { checkDailyPlace, dailyLimitFrom, type DailyLimit } from '../../core/opinion/opinion.limits';
import {
  STATUS_LABELS,
  caseRelation,
  caseTextFor,
  isOwnCase,
  redactPhones,
  toDeputyView,
  toPresidiumView,
  toPublicAnswer,
  toVillagerView,
  villageFor,
} from '../../core/opinion/opinion.privacy';
import { findSimilar, reportersLabel } from '../../core/opinion/opinion.similar';
import {
  canRate,
  commandsFor,
  handlerDeputyIds,
  type OpinionCommand,
} from '../../core/opinion/opinion.state';
import {
  OPEN_STATUSES,
  RATING_LABELS,
  type FiledBy,
  type OpinionDraft,
  type OpinionStatus,
  type Rating,
} from '../../core/opinion/opinion.types';
import { excerpt } from '../../core/text/excerpt';
import { loadLimits } from '../abuse-limits';
import { loadCalendar } from '../calendar';
import { checkTexts } from '../content-check';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import {
  deputiesByIds,
  deputiesOf,
  getStation,
  villagesOf,
  villagesOfStations,
} from '../station/stations.repo';
import {
  claimDailyPlace,
  getDepartment,
  getOpinion,
  listByStatus,
  listCategories,
  listDepartments,
  listEvents,
  listFiledBy,
  listForDeputy,
  listForVillager,
  listPublishable,
  releaseDailyPlace,
  type OpinionRecord,
} from './opinions.repo';
import {
  actOnOpinion,
  actorOf,
  checkAnswer,
  checkSubmission,
  createOpinion,
  followOpinion,
  handBackOpinion,
  opinionIdFor,
  type CommandFor,
} from './opinions.service';

type Who = Pick<Caller, 'openid' | 'role' | 'user'>;

/** Submissions per villager per China day (env OPINION_DAILY_LIMIT: a number, or 'unlimited'). */
export function dailyLimit(): DailyLimit {
  return dailyLimitFrom(process.env.OPINION_DAILY_LIMIT);
}

/** The active categories villagers choose from, with their working-day limits. */
export async function categoryList() {
  return (await listCategories()).map((c) => ({
    code: c.code,
    name: c.name,
    acceptDays: c.acceptDays,
    answerDays: c.answerDays,
  }));
}

/** Departments a case can be transferred to (转办). */
export async function departmentList() {
  return (await listDepartments()).map((d) => ({ id: d._id, name: d.name }));
}

/** What a submit answers; `contactDropped`: an anonymous submission's contact was not kept. */
function submitted(o: OpinionRecord, contactDropped = false) {
  return {
    ...(contactDropped && { contactDropped: true }),
    id: o._id,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    held: o.status === 'review',
    acceptBy: o.acceptBy,
    answerBy: o.answerBy,
  };
}

/**
 * A villager files an opinion, or a station admin files one on a villager's behalf (代录; their station
 * is the pipeline's scope rule). Idempotent by request id; a bad draft is refused before it costs a
 * place or a content check; one place of the day's quota is taken atomically per case (DAILY_LIMIT,
 * or ON_BEHALF_DAILY_LIMIT for 代录) and given back when the case is not written.
 */
export async function submitOpinion(
  caller: Who,
  input: OpinionDraft & { requestId: string; channel?: ProxyChannel; deputyId?: string },
  now: Date,
) {
  const key = `submit:${caller.openid}:${input.requestId}`;
  const id = opinionIdFor(key);
  const earlier = await getOpinion(id);
  if (earlier) return submitted(earlier);
  const onBehalf = caller.role === 'stationAdmin';
  const today = chinaDate(now);
  const { requestId: _r, channel, deputyId, ...draft } = input;
  await checkSubmission(draft);
  const limit = onBehalf ? (await loadLimits()).onBehalfPerDay : dailyLimit();
  const place = await claimDailyPlace(caller.openid, today, chinaInstant(today), id, limit);
  orFail(checkDailyPlace(place, onBehalf ? 'onBehalf' : 'villager'));
  try {
    // An anonymous case keeps no contact (checkDraft drops it): its name is not even checked.
    const verdict = await checkTexts(
      [input.text, input.anonymous ? '' : (input.contact?.name ?? '')],
      caller.openid,
    );
    // A private report of wrongdoing (举报) is what a villager should make: not refused, held for
    // staff and never public. Only text meant for the public is refused.
    const checked = orFail(submissionVerdict(verdict, input.consentToPublish));
    const origin: FiledBy = onBehalf ? { kind: 'stationAdmin', openid: caller.openid } : { kind: 'self' };
    const { opinion } = await createOpinion(draft, onBehalf ? null : caller.openid, origin, now, key, {
      review: checked.review,
      privateReport: checked.privateReport,
      // 代录 says how the matter came (来电/来访); a villager's own filing is the scan.
      ...(onBehalf && { channel: channel ?? 'proxy' }),
      ...(deputyId && { addressedTo: deputyId }),
    });
    const dropped = draft.anonymous && !!(draft.contact?.name?.trim() || draft.contact?.phone?.trim());
    return submitted(opinion, dropped);
  } catch (err) {
    // Refused or failed before the case was written: its place returns to the villager's day.
    if (!(await getOpinion(id))) await releaseDailyPlace(caller.openid, today, id);
    throw err;
  }
}

/** Open cases at the same station and category that look like the draft (to follow one instead). */
export async function similarCases(
  caller: Who,
  input: { stationCode: string; categoryCode: string; text: string },
) {
  const candidates = (await listByStatus(OPEN_STATUSES, input.stationCode)).filter(
    (o) => o.categoryCode === input.categoryCode,
  );
  const { matches, total } = findSimilar({ ...input, villagerOpenid: caller.openid }, candidates);
  return {
    total,
    matches: matches.map((m) => ({
      id: m.opinionId,
      reporters: m.reporters,
      reportersLabel: reportersLabel(m.reporters),
      excerpt: m.excerpt === null ? null : redactPhones(m.excerpt),
      following: candidates.find((c) => c._id === m.opinionId)?.followers.includes(caller.openid) ?? false,
    })),
  };
}

/** The caller follows a case ("我也反映过"): how many have raised it now. */
export async function followCase(opinionId: string, caller: Who, now: Date) {
  const o = await followOpinion(opinionId, actorOf(caller), now);
  return {
    id: o._id,
    reporters: 1 + o.followers.length,
    reportersLabel: reportersLabel(1 + o.followers.length),
  };
}

/** One line of 我的意见. */
function summary(o: OpinionRecord, caller: Who) {
  const openid = caller.openid;
  // A followed case is another villager's: their words only with their consent.
  const own = isOwnCase(o, openid);
  return {
    id: o._id,
    excerpt: excerpt(caseTextFor(o, own ? 'villager' : 'follower'), 40),
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    categoryCode: o.categoryCode,
    submittedOn: o.submittedOn,
    // The villager rates their own; the station rates for someone without an account (代为评价).
    canRate: canRate(o, caller),
    following: o.followers.includes(openid),
    reporters: 1 + o.followers.length,
  };
}

/** The caller's own cases (filed, followed, or filed on villagers' behalf), newest first. */
export async function myCases(caller: Who) {
  const own = await listForVillager(caller.openid);
  const filed = caller.role === 'stationAdmin' ? await listFiledBy(caller.openid) : [];
  const seen = new Set<string>();
  return [...own, ...filed].filter((o) => !seen.has(o._id) && seen.add(o._id)).map((o) => summary(o, caller));
}

async function labels(o: Pick<OpinionRecord, 'villageCode' | 'categoryCode' | 'stationCode'>) {
  const [categories, villages, station] = await Promise.all([
    listCategories(true),
    villagesOf(o.stationCode),
    getStation(o.stationCode),
  ]);
  return {
    categoryName: categories.find((c) => c.code === o.categoryCode)?.name ?? o.categoryCode,
    villageName: villages.find((v) => v.code === o.villageCode)?.name ?? o.villageCode,
    stationName: station?.name ?? o.stationCode,
  };
}

/** One case in the caller's view (OPINION_NOT_FOUND, or NOT_ASSIGNEE / NOT_YOUR_OPINION). */
export async function caseView(opinionId: string, caller: Who, now: Date) {
  const o = await getOpinion(opinionId);
  if (!o) fail('OPINION_NOT_FOUND');
  return viewFor(o, caller, now);
}

/** The answer for one case after a change, in the caller's view. */
async function viewFor(o: OpinionRecord, caller: Who, now: Date) {
  const events = await listEvents(o._id);
  const names = await labels(o);
  const actor = actorOf(caller);
  const rel = caseRelation(o, actor);
  if (rel === 'presidium') {
    return { role: rel, ...names, ...toPresidiumView(o, events), commands: commandsFor(o, actor) };
  }
  if (rel === 'deputy') {
    const deputyId = caller.user?.deputyId as string;
    const calendar = await loadCalendar();
    const today = chinaDate(now);
    const mine = handlerDeputyIds(o.owner).includes(deputyId);
    return {
      role: rel,
      ...names,
      ...toDeputyView(o, events, deputyId),
      mine,
      commands: commandsFor(o, actor),
      handBackUntil: handBackLastDay(o.assignedOn, calendar),
      canHandBack: mine && o.owner.kind === 'deputies' && canHandBack(o.assignedOn, today, calendar),
    };
  }
  const deputyName = await deputyNames(handlerDeputyIds(o.owner));
  const offered = rel ? commandsFor(o, actor) : [];
  if (rel === 'villager') {
    return {
      role: rel,
      ...names,
      ...toVillagerView(o, events, caller, deputyName),
      canHideName: offered.includes('hideName'),
    };
  }
  if (rel === 'follower') {
    // A follower learns the progress and the answer, never the other villager's contact or words without consent.
    const v = toVillagerView(o, events, caller, deputyName);
    const villageCode = villageFor(o, 'follower');
    return {
      role: rel,
      ...names,
      ...v,
      villageCode,
      villageName: villageCode === null ? null : names.villageName,
      text: caseTextFor(o, 'follower'),
      // The answer is another villager's: never while the presidium holds it, phones always redacted.
      answer: o.publicHold || !v.answer ? null : redactPhones(v.answer),
      photos: [],
      contactName: null,
      contactPhoneMasked: null,
      canSayNotResolved: offered.includes('notResolved'),
      saidNotResolved: (o.notResolvedBy ?? []).includes(caller.openid),
    };
  }
  fail(caller.role === 'deputy' ? 'NOT_ASSIGNEE' : 'NOT_YOUR_OPINION');
}

/** Deputies' names by id (public figures: the villager's view names who handles the case). */
async function deputyNames(ids: readonly string[]): Promise<(id: string) => string | undefined> {
  if (ids.length === 0) return () => undefined;
  const found = await deputiesByIds(ids);
  const names = new Map(found.map((d) => [d._id, d.name]));
  return (id) => names.get(id);
}

/** The fields every staff inbox item has. */
export interface InboxItem {
  id: string;
  excerpt: string;
  status: OpinionStatus;
  statusLabel: string;
  sla: SlaState;
  supervised: boolean;
  categoryName: string;
  villageName: string;
}

/** What one staff inbox (a deputy's, a department's) asks of the shared builder. */
export interface InboxFilter<Item extends InboxItem> {
  /** Whether the case is with the caller now (open) rather than handled before (earlier). */
  isOpen: (o: OpinionRecord) => boolean;
  /** The deadline open cases are ordered by (after overdue, due soon), soonest first. */
  dueOf: (o: OpinionRecord) => string | null;
  /** The date earlier cases are ordered by, newest first. */
  sinceOf: (o: OpinionRecord) => string;
  /** The inbox's item: the shared fields and what this inbox adds. */
  item: (o: OpinionRecord, shared: InboxItem) => Item;
}

/**
 * A staff inbox: the cases with the caller now (overdue first, then due soon) and the last 50
 * handled before, each with its status, SLA, category and village (staff see an anonymous case's
 * village too, as in `get`: policy core villageFor).
 */
export async function caseInbox<Item extends InboxItem>(
  loadCases: Promise<OpinionRecord[]>,
  now: Date,
  filter: InboxFilter<Item>,
): Promise<{ open: Item[]; earlier: Item[]; overdue: number }> {
  const [cases, calendar, categories] = await Promise.all([loadCases, loadCalendar(), listCategories(true)]);
  const villages = await villagesOfStations([...new Set(cases.map((c) => c.stationCode))]);
  const today = chinaDate(now);
  const rank = { overdue: 0, dueSoon: 1, onTime: 2 } as const;
  const item = (o: OpinionRecord) =>
    filter.item(o, {
      id: o._id,
      excerpt: excerpt(caseTextFor(o, 'staff'), 40),
      status: o.status,
      statusLabel: STATUS_LABELS[o.status],
      sla: slaState(o, today, calendar),
      supervised: o.supervised,
      categoryName: categories.find((c) => c.code === o.categoryCode)?.name ?? o.categoryCode,
      villageName: villages.find((v) => v.code === o.villageCode)?.name ?? o.villageCode,
    });
  const withMe = cases.filter(filter.isOpen);
  const open = withMe
    .map((o) => ({ due: filter.dueOf(o) ?? '9', item: item(o) }))
    .sort((a, b) => rank[a.item.sla] - rank[b.item.sla] || a.due.localeCompare(b.due))
    .map((x) => x.item);
  const earlier = cases
    .filter((o) => !withMe.includes(o))
    .sort((a, b) => (filter.sinceOf(a) < filter.sinceOf(b) ? 1 : -1))
    .slice(0, 50)
    .map(item);
  return { open, earlier, overdue: open.filter((i) => i.sla === 'overdue').length };
}

/** A deputy's cases: those with them now (overdue first, then due soon), and those handled before. */
export async function deputyInbox(caller: Who, now: Date) {
  const deputyId = caller.user?.deputyId;
  if (!deputyId) fail('FORBIDDEN');
  return caseInbox(listForDeputy(deputyId), now, {
    isOpen: (o) => OPEN_STATUSES.includes(o.status) && handlerDeputyIds(o.owner).includes(deputyId),
    dueOf: runningDeadline,
    sinceOf: (o) => o.submittedOn,
    item: (o, shared) => ({
      ...shared,
      due: runningDeadline(o),
      anonymous: o.anonymous,
      reporters: 1 + o.followers.length,
      submittedOn: o.submittedOn,
    }),
  });
}

/** Any state-machine command on a case by the caller, answered in the caller's view. */
export async function actOnCase(opinionId: string, caller: Who, now: Date, cmd: OpinionCommand | CommandFor) {
  const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, cmd);
  return viewFor(opinion, caller, now);
}

/** The assigned deputy answers; content-checked as a villager's text (ANSWER_RISKY, or held from the public). */
export async function replyToCase(opinionId: string, answer: string, caller: Who, now: Date) {
  const held = await checkAnswer(answer, caller.openid);
  return actOnCase(opinionId, caller, now, { type: 'reply', answer, held });
}

/** 转办 to a department (DEPARTMENT_NOT_FOUND when there is none). */
export async function transferCase(
  opinionId: string,
  departmentId: string,
  note: string | undefined,
  caller: Who,
  now: Date,
) {
  const department = await getDepartment(departmentId);
  if (!department) fail('DEPARTMENT_NOT_FOUND');
  return actOnCase(opinionId, caller, now, { type: 'transfer', department, ...(note && { note }) });
}

/** A deputy hands a misrouted case back (re-routed without them). */
export async function handBackCase(opinionId: string, reason: string, caller: Who, now: Date) {
  await handBackOpinion(opinionId, reason, actorOf(caller), now);
  return { id: opinionId, handedBack: true };
}

/** 办结; with `answer` on an accepted case, reply and 办结 in one transaction (never left 'replied'). */
export async function resolveCase(
  opinionId: string,
  answer: string | undefined,
  note: string | undefined,
  caller: Who,
  now: Date,
) {
  const resolve = { type: 'resolve' as const, ...(note && { note }) };
  const held = answer !== undefined && (await checkAnswer(answer, caller.openid));
  return actOnCase(opinionId, caller, now, (o) =>
    o.status === 'accepted' && answer !== undefined ? [{ type: 'reply', answer, held }, resolve] : resolve,
  );
}

/** The villager (or the filer, for someone without an account) rates the answer. */
export async function rateCase(
  opinionId: string,
  rating: Rating,
  comment: string | undefined,
  caller: Who,
  now: Date,
) {
  const view = await actOnCase(opinionId, caller, now, { type: 'rate', rating, ...(comment && { comment }) });
  return { ...view, ratingLabel: RATING_LABELS[rating] };
}

/**
 * The villager turns their named case anonymous (never the reverse): the contact is dropped and the
 * timeline says they chose it (core command hideName). Answered in their view.
 */
export async function hideNameCase(opinionId: string, caller: Who, now: Date) {
  return actOnCase(opinionId, caller, now, { type: 'hideName' });
}

/**
 * A follower (not the author) says 还没解决 on an answered case, once each (core command notResolved):
 * the presidium sees it; the case is not reopened (only the author's rating does that).
 */
export async function notResolvedCase(opinionId: string, note: string | undefined, caller: Who, now: Date) {
  return actOnCase(opinionId, caller, now, { type: 'notResolved', ...(note?.trim() && { note }) });
}

/** A station's answered cases whose villagers consented to publication, without identity. */
export async function publicAnswers(stationCode: string, limit: number) {
  const [done, categories, villages, deputies] = await Promise.all([
    listPublishable(stationCode, limit),
    listCategories(true),
    villagesOf(stationCode),
    deputiesOf(stationCode),
  ]);
  const names = new Map(deputies.map((d) => [d._id, d.name]));
  return done
    .map((o) => toPublicAnswer(o, (id) => names.get(id)))
    .filter((a): a is NonNullable<typeof a> => a !== null)
    .sort((a, b) => (b.resolvedOn ?? '').localeCompare(a.resolvedOn ?? '') || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((a) => ({
      ...a,
      categoryName: categories.find((c) => c.code === a.categoryCode)?.name ?? a.categoryCode,
      villageName: a.villageCode ? (villages.find((v) => v.code === a.villageCode)?.name ?? null) : null,
    }));
}
