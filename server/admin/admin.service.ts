/**
 * The presidium's supervision of cases (督办), for the `admin` function. Cases are read and changed
 * through the opinion area's repository and service (server/opinion/opinions.repo.ts, opinions.service.ts);
 * what is specific to the presidium lives here:
 *
 *   dashboard / supervisionList   buckets from core/admin/supervision.rules.ts (figures that add up)
 *   chaseOpinion                  催办 (core command chase): event + opinionDeadline, once a day
 *   mergeOpinions                 a duplicate into a main case (commands merge + absorb), villagers told
 *   moderationQueue / moderate    cases held by the content check: approve (routed) or reject
 *   recordAnswer / reassignOpinion  a department's answer; hand a case to other deputies
 *
 * Every change is one transaction with its timeline event(s) and messages; messages are flushed after.
 */
import { chinaDate } from '../../core/calendar/china-time';
import {
  CALENDAR_COVERAGE_HORIZON_DAYS,
  calendarCoverageGap,
  yearsWithin,
} from '../../core/calendar/coverage';
import {
  BUCKET_LABELS,
  NEEDS_PRESIDIUM,
  SUPERVISION_BUCKETS,
  checkChase,
  countBuckets,
  ownerLabel,
  ownersWhoCannotAct,
  supervisionBucket,
  supervisionReason,
  type SupervisionBucket,
} from '../../core/admin/supervision.rules';
import type { CannotActItem, DashboardView, SupervisionItem } from '../../core/admin/admin.views';
import { CASE_OWNER_TEMPLATES, ownersWithoutReminders, remindersLeft } from '../../core/notify/grants';
import { canActAsOwner } from '../../core/opinion/opinion.routing';
import { runningDeadline } from '../../core/opinion/opinion.deadlines';
import { STATUS_LABELS, caseTextFor } from '../../core/opinion/opinion.privacy';
import { handlerDeputyIds, requireOpinion } from '../../core/opinion/opinion.state';
import { OPEN_STATUSES } from '../../core/opinion/opinion.types';
import { excerpt } from '../../core/text/excerpt';
import { loadCalendar } from '../calendar';
import { loadConfig, type TownshipConfig } from './config.repo';
import { grantCounts } from '../notify/grants.repo';
import { findAll } from '../db/collection';
import { fail, orFail } from '../errors';
import { OPINIONS, getOpinion, listByStatus, type OpinionRecord } from '../opinion/opinions.repo';
import {
  actOnOpinion,
  actorOf,
  mergeCases,
  recordDepartmentAnswer,
  routeFor,
} from '../opinion/opinions.service';
import type { Caller } from '../pipeline';

type Who = Pick<Caller, 'openid' | 'role' | 'user'>;

const ACTIVE = ['review', ...OPEN_STATUSES] as const;

function names(config: TownshipConfig) {
  return {
    deputies: new Map(config.deputies.map((d) => [d._id, d.name])),
    stations: new Map(config.stations.map((s) => [s.code, s.name])),
    villages: new Map(config.villages.map((v) => [v.code, v.name])),
    categories: new Map(config.categories.map((c) => [c.code, c.name])),
  };
}

/**
 * The dashboard figures: every case still in play counted once (core countBuckets); and a warning for
 * each year of the next CALENDAR_COVERAGE_HORIZON_DAYS that neither the official calendar nor an
 * override covers (core/calendar/coverage.ts), since reception days and deadlines would fall on it.
 */
export async function dashboard(now: Date): Promise<DashboardView> {
  const [cases, calendar, config] = await Promise.all([listByStatus(ACTIVE), loadCalendar(), loadConfig()]);
  const today = chinaDate(now);
  const counts = countBuckets(cases.map((o) => supervisionBucket(o, today, calendar)));
  const covered = yearsWithin(today, CALENDAR_COVERAGE_HORIZON_DAYS).filter(
    (year) => calendar.coverage(year) !== 'weekdays-only',
  );
  const calendarGaps = calendarCoverageGap(today, CALENDAR_COVERAGE_HORIZON_DAYS, covered);
  return {
    today,
    counts,
    labels: BUCKET_LABELS,
    calendarGaps,
    cannotAct: cannotActList(cases, config),
    noReminders: await noRemindersList(cases, config),
  };
}

/**
 * Open cases whose owners can act but hold no grant for a new case or a deadline message
 * (core/notify/grants.ts ownersWithoutReminders): nothing will tell them, so the presidium phones them.
 */
async function noRemindersList(
  cases: readonly OpinionRecord[],
  config: TownshipConfig,
): Promise<DashboardView['noReminders']> {
  const byId = new Map(config.deputies.map((d) => [d._id, d]));
  const canAct = (id: string) => canActAsOwner(byId.get(id));
  const open = cases.filter(
    (o) => OPEN_STATUSES.includes(o.status) && o.owner.kind === 'deputies' && o.owner.deputyIds.some(canAct),
  );
  const openids = open
    .flatMap((o) => (o.owner.kind === 'deputies' ? o.owner.deputyIds : []))
    .map((id) => byId.get(id)?.openid ?? '')
    .filter(Boolean);
  const grants = await grantCounts(openids, CASE_OWNER_TEMPLATES);
  const remindersOf = (id: string) =>
    remindersLeft(grants.get(byId.get(id)?.openid ?? '') ?? {}, CASE_OWNER_TEMPLATES);
  const n = names(config);
  const items: CannotActItem[] = open
    .map((o) => ({
      o,
      silent: ownersWithoutReminders(
        o.owner.kind === 'deputies' ? o.owner.deputyIds : [],
        canAct,
        remindersOf,
      ),
    }))
    .filter((x) => x.silent.length > 0)
    .sort((a, b) => a.o.submittedOn.localeCompare(b.o.submittedOn) || a.o._id.localeCompare(b.o._id))
    .map(({ o, silent }) => ({
      id: o._id,
      stationName: n.stations.get(o.stationCode) ?? o.stationCode,
      owner: ownerLabel(o.owner, n.deputies),
      why: silent.map((id) => `${byId.get(id)?.name ?? id}收不到提醒`).join('，'),
      status: o.status,
      statusLabel: STATUS_LABELS[o.status],
      excerpt: excerpt(caseTextFor(o, 'staff'), 40),
      submittedOn: o.submittedOn,
    }));
  return { count: items.length, items: items.slice(0, CANNOT_ACT_PAGE) };
}

/** At most this many cases listed as "owner cannot act" on the dashboard (`count` says how many in all). */
export const CANNOT_ACT_PAGE = 50;

/** Open cases whose owning deputies cannot act (core ownersWhoCannotAct), the oldest first. */
function cannotActList(cases: readonly OpinionRecord[], config: TownshipConfig): DashboardView['cannotAct'] {
  const byId = new Map(config.deputies.map((d) => [d._id, d]));
  const n = names(config);
  const items: CannotActItem[] = cases
    .map((o) => ({ o, stuck: ownersWhoCannotAct(o, (id) => canActAsOwner(byId.get(id))) }))
    .filter((x) => x.stuck.length > 0)
    .sort((a, b) => a.o.submittedOn.localeCompare(b.o.submittedOn) || a.o._id.localeCompare(b.o._id))
    .map(({ o, stuck }) => ({
      id: o._id,
      stationName: n.stations.get(o.stationCode) ?? o.stationCode,
      owner: ownerLabel(o.owner, n.deputies),
      why: stuck
        .map((id) => {
          const d = byId.get(id);
          return `${d?.name ?? id}${!d ? '已不在代表名单中' : !d.active ? '已停用' : '未绑定微信'}`;
        })
        .join('，'),
      status: o.status,
      statusLabel: STATUS_LABELS[o.status],
      excerpt: excerpt(caseTextFor(o, 'staff'), 40),
      submittedOn: o.submittedOn,
    }));
  return { count: items.length, items: items.slice(0, CANNOT_ACT_PAGE) };
}

/** At most this many cases in one answer (a page's data stays well under the platform's 256 KB warning). */
export const SUPERVISION_PAGE = 200;

/**
 * Cases needing the presidium (or one bucket), most urgent first (at most SUPERVISION_PAGE; `itemCount`
 * says how many there are), with the same counts as the dashboard.
 */
export async function supervisionList(
  now: Date,
  filter: { bucket?: SupervisionBucket; status?: OpinionRecord['status'] } = {},
) {
  const [cases, calendar, config] = await Promise.all([listByStatus(ACTIVE), loadCalendar(), loadConfig()]);
  const today = chinaDate(now);
  const n = names(config);
  // A status (e.g. 'transferred': cases waiting for a department's answer) lists every bucket.
  const wanted = filter.bucket ? [filter.bucket] : filter.status ? SUPERVISION_BUCKETS : NEEDS_PRESIDIUM;
  const bucketed = cases.map((o) => ({ o: o as OpinionRecord, b: supervisionBucket(o, today, calendar) }));
  const items: SupervisionItem[] = bucketed
    .filter(
      (x): x is { o: OpinionRecord; b: SupervisionBucket } =>
        x.b !== null && wanted.includes(x.b) && (!filter.status || x.o.status === filter.status),
    )
    .map(({ o, b }) => {
      const chase = checkChase(o, o.lastChasedAt ? new Date(o.lastChasedAt) : null, now);
      return {
        id: o._id,
        bucket: b,
        bucketLabel: BUCKET_LABELS[b],
        reason: supervisionReason(o, b, today, calendar),
        owner: ownerLabel(o.owner, n.deputies),
        ownerKind: o.owner.kind,
        deputyIds: handlerDeputyIds(o.owner),
        status: o.status,
        statusLabel: STATUS_LABELS[o.status],
        stationCode: o.stationCode,
        stationName: n.stations.get(o.stationCode) ?? o.stationCode,
        villageName: n.villages.get(o.villageCode) ?? o.villageCode,
        categoryName: n.categories.get(o.categoryCode) ?? o.categoryCode,
        excerpt: excerpt(caseTextFor(o, 'staff'), 40),
        submittedOn: o.submittedOn,
        deadline: runningDeadline(o),
        reopenCount: o.reopenCount,
        notResolvedCount: (o.notResolvedBy ?? []).length,
        routingReason: o.routing.reason,
        canChase: chase.ok,
        chasedToday: !chase.ok && chase.reason === 'CHASE_TOO_SOON',
      };
    })
    .sort(
      (a, b) =>
        SUPERVISION_BUCKETS.indexOf(a.bucket) - SUPERVISION_BUCKETS.indexOf(b.bucket) ||
        (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
        a.id.localeCompare(b.id),
    );
  const counts = countBuckets(bucketed.map((x) => x.b));
  return { today, counts, items: items.slice(0, SUPERVISION_PAGE), itemCount: items.length };
}

/** What an action answers about the case it changed. */
async function caseSummary(o: OpinionRecord) {
  const n = names(await loadConfig());
  return {
    id: o._id,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    owner: ownerLabel(o.owner, n.deputies),
    deputyIds: handlerDeputyIds(o.owner),
    routingReason: o.routing.reason,
  };
}

/**
 * 催办: the presidium chases the deputies handling a case (core command `chase`, through actOnOpinion):
 * a 'reminded' event with the note and an opinionDeadline message to each handling deputy with a
 * WeChat binding (core opinion.messages.ts); refused if the case was chased earlier the same China day.
 * The scheduler's own due-soon reminder (remindedFor) is left alone: a chase does not replace it.
 */
export async function chaseOpinion(id: string, caller: Who, now: Date, note?: string) {
  const done = await actOnOpinion(id, actorOf(caller), now, { type: 'chase', ...(note && { note }) });
  return { id, chasedOn: chinaDate(now), notified: done.messages, deadline: runningDeadline(done.opinion) };
}

/**
 * Merges `sourceId` (a duplicate) into `targetId` (opinions.service mergeCases: core commands merge and
 * absorb in one transaction): the duplicate's villager and followers follow the main case and are told.
 * A retry answers the same merge.
 */
export async function mergeOpinions(sourceId: string, targetId: string, caller: Who, now: Date) {
  const { target, informed } = await mergeCases(sourceId, targetId, actorOf(caller), now);
  return { sourceId, targetId, followers: target.followers.length, informed };
}

/** Cases held by the content check, oldest first: what the presidium needs to judge, no contact data. */
export async function moderationQueue() {
  const [held, config] = await Promise.all([listByStatus(['review']), loadConfig()]);
  const n = names(config);
  return held
    .sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())
    .map((o) => ({
      id: o._id,
      stationName: n.stations.get(o.stationCode) ?? o.stationCode,
      villageName: n.villages.get(o.villageCode) ?? o.villageCode,
      categoryName: n.categories.get(o.categoryCode) ?? o.categoryCode,
      text: o.text,
      photoCount: o.photos.length,
      anonymous: o.anonymous,
      filedByStation: o.filedBy.kind === 'stationAdmin',
      /** A private report (举报线索): accepted although the check would refuse it publicly; never public. */
      privateReport: o.privateReport === true,
      submittedOn: o.submittedOn,
    }));
}

/** Answers the content check held from the public (publicHold), oldest first, for the presidium to read. */
export async function heldAnswers() {
  const [held, config] = await Promise.all([
    findAll<OpinionRecord>(OPINIONS, { publicHold: true }),
    loadConfig(),
  ]);
  const n = names(config);
  return held
    .sort((a, b) => (a.answeredOn ?? '').localeCompare(b.answeredOn ?? '') || (a._id < b._id ? -1 : 1))
    .map((o) => ({
      id: o._id,
      stationName: n.stations.get(o.stationCode) ?? o.stationCode,
      categoryName: n.categories.get(o.categoryCode) ?? o.categoryCode,
      answer: o.answer ?? '',
      answeredBy: o.owner.kind === 'department' ? o.owner.departmentName : '代表',
      answeredOn: o.answeredOn ?? null,
      status: o.status,
    }));
}

/** The presidium has read a held answer: it may be public now (a timeline event, through the state machine). */
export async function confirmPublic(id: string, caller: Who, now: Date) {
  const done = await actOnOpinion(id, actorOf(caller), now, { type: 'confirmPublic' });
  return caseSummary(done.opinion);
}

/** Approve → routed like any new case; reject → closed with the reason (the villager is told). */
export async function moderate(
  id: string,
  decision: 'approve' | 'reject',
  reason: string | undefined,
  caller: Who,
  now: Date,
) {
  const o = orFail(requireOpinion(await getOpinion(id)));
  if (o.status !== 'review') fail('MODERATION_NOT_PENDING');
  const actor = actorOf(caller);
  if (decision === 'reject') {
    if (!reason?.trim()) fail('REASON_REQUIRED');
    const done = await actOnOpinion(id, actor, now, { type: 'rejectReview', note: reason.trim() });
    return caseSummary(done.opinion);
  }
  const done = await actOnOpinion(id, actor, now, async (c) => ({
    type: 'approveReview',
    routing: await routeFor(c),
  }));
  return caseSummary(done.opinion);
}

export async function recordAnswer(id: string, answer: string, caller: Who, now: Date) {
  const done = await recordDepartmentAnswer(id, answer, actorOf(caller), now);
  return caseSummary(done.opinion);
}

/** The presidium gives a case to other deputies (active ones), with a reason on the timeline. */
export async function reassignOpinion(
  id: string,
  deputyIds: string[],
  reason: string,
  caller: Who,
  now: Date,
) {
  const config = await loadConfig();
  const ids = [...new Set(deputyIds)];
  if (!ids.every((d) => config.deputies.some((x) => x._id === d && x.active))) fail('ASSIGNEES_REQUIRED');
  const done = await actOnOpinion(id, actorOf(caller), now, { type: 'assign', deputyIds: ids, note: reason });
  return caseSummary(done.opinion);
}
