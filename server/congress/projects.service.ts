/**
 * The livelihood projects that passed, carried out over the year, as use cases: the presidium writes a
 * passed candidate's plan; the presidium or the responsible office reports progress and marks milestones
 * done (followers told through the outbox); deputies inspect (each inspection a duty record); the
 * scheduler chases late milestones on working days; at the year's end deputies rate each project's
 * completion in a round the presidium opens and closes, and the counts are published. Rules:
 * core/congress/project.rules.ts.
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import {
  checkFindings,
  checkRatingOpen,
  checkReportText,
  checkRerate,
  completedOnTime,
  doneOnTime,
  lateMilestones,
  markMilestoneDone,
  planProject,
  projectIdOf,
  ratingIdOf,
  ratingResult,
  roundIdOf,
} from '../../core/congress/project.rules';
import {
  PROJECT_STATUS_LABELS,
  type PlanInput,
  type ProgressReport,
  type Project,
  type RatingCounts,
  type RatingRound,
} from '../../core/congress/project.types';
import { DESCRIPTION_MAX_CHARS } from '../../core/duty/duty.rules';
import { SATISFACTION_LABELS, SATISFACTION_LEVELS, type Satisfaction } from '../../core/duty/duty.types';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import { messageDate } from '../../core/notify/message.fields';
import { pageWith } from '../../core/notify/pages';
import { loadCalendar } from '../calendar';
import { secCheck } from '../content-check';
import { transaction } from '../db/collection';
import { deputyNames } from '../duty/duty-sources.repo';
import { deputyOf, recordSystemDuty } from '../duty/duty.service';
import { fail, orFail } from '../errors';
import { presidiumMembers, staffOfDepartment } from '../identity/users.repo';
import { getDepartment, listDepartments } from '../opinion/opinions.repo';
import { flushOutbox, queueMessage } from '../outbox';
import type { ActionContext, Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import {
  countRatings,
  follow,
  followerCount,
  followersPage,
  getCandidate,
  getInspectionIn,
  getProject,
  getRound,
  getSession,
  insertReportOnce,
  inspectionCount,
  inspectionsByDeputy,
  inspectionsOf,
  isFollowing,
  latestYear,
  openRoundYear,
  passedCandidates,
  projectsLateOn,
  projectsOfYear,
  projectsToNotify,
  rateOnce,
  ratingsOfDeputy,
  reportsOf,
  rewriteProject,
  rewriteReport,
  setInspectionIn,
  unfollow,
  writeProject,
  writeRound,
} from './projects.repo';

const yearOf = (day: Ymd) => Number(day.slice(0, 4));

async function projectOrFail(id: string): Promise<Project> {
  const p = await getProject(id);
  if (!p) fail('PROJECT_NOT_FOUND');
  return p;
}

/** What an action on a project touches, for the pipeline's scope rule: its responsible office. */
export async function projectScope(projectId: string): Promise<ScopeTarget | null> {
  const p = await getProject(projectId);
  return p ? { stationCode: '', departmentId: p.departmentId } : null;
}

/** Presidium, or staff of the project's responsible office (the pipeline's scope already held them to it). */
const isStaffOf = (caller: Caller, p: Project) =>
  caller.role === 'presidium' ||
  (caller.role === 'department' && caller.user?.departmentId === p.departmentId);

async function departmentNames(): Promise<Map<string, string>> {
  return new Map((await listDepartments()).map((d) => [d._id, d.name]));
}

function summary(p: Project, today: Ymd, departments: Map<string, string>) {
  const done = p.milestones.filter((m) => m.doneOn).length;
  return {
    id: p._id,
    title: p.title,
    year: p.year,
    budgetWan: p.budgetWan,
    departmentId: p.departmentId,
    departmentName: departments.get(p.departmentId) ?? p.departmentId,
    lead: p.lead,
    status: p.status,
    statusLabel: PROJECT_STATUS_LABELS[p.status],
    milestonesDone: done,
    milestonesTotal: p.milestones.length,
    late: lateMilestones(p, today).length,
    nextDue: p.nextDue,
    completedOn: p.completedOn ?? null,
    completedOnTime: completedOnTime(p),
  };
}

// --- the plan ------------------------------------------------------------------------------------------

/** Passed candidates and whether each has its plan yet, for the presidium's plan editor. */
export async function passedForPlanning() {
  const [list, departments] = await Promise.all([passedCandidates(), departmentNames()]);
  const planned = await Promise.all(list.map((c) => getProject(projectIdOf(c._id))));
  return {
    departments: [...departments].map(([id, name]) => ({ id, name })),
    candidates: list.map((c, i) => ({
      id: c._id,
      title: c.title,
      budgetWan: c.budgetWan,
      departmentId: c.departmentId,
      departmentName: departments.get(c.departmentId) ?? c.departmentId,
      result: c.result ?? null,
      projectId: planned[i] ? projectIdOf(c._id) : null,
      plan: planned[i]
        ? { lead: planned[i].lead, departmentId: planned[i].departmentId, milestones: planned[i].milestones }
        : null,
    })),
  };
}

/** The presidium writes (or rewrites) the plan of a candidate that passed. */
export async function writePlan(ctx: ActionContext, candidateId: string, input: PlanInput) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  for (const m of input.milestones) requireDateIn('milestone', m.due, today);
  const candidate = await getCandidate(candidateId);
  if (!candidate) fail('PROJECT_CANDIDATE_NOT_FOUND');
  if (!(await getDepartment(input.departmentId))) fail('PROJECT_DEPARTMENT_NOT_FOUND');
  const session = await getSession(candidate.sessionId);
  const year = yearOf(session?.date ?? today);
  const project = await writeProject(projectIdOf(candidateId), (existing) =>
    orFail(planProject(candidate, existing, input, { year, by: caller.openid, now })),
  );
  return projectDetail(ctx, project);
}

// --- reading -------------------------------------------------------------------------------------------

/** A year's projects (the latest year with projects when none is named), with their progress. */
export async function listProjects(ctx: ActionContext, year?: number) {
  const today = chinaDate(ctx.now);
  const shown = year ?? (await latestYear()) ?? yearOf(today);
  const [projects, departments, round] = await Promise.all([
    projectsOfYear(shown),
    departmentNames(),
    publishResults(shown),
  ]);
  return {
    year: shown,
    rating: roundView(round),
    projects: projects
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
      .map((p) => ({
        ...summary(p, today, departments),
        result: round?.results?.[p._id] ? ratingResult(round.results[p._id]) : null,
      })),
  };
}

function roundView(round: RatingRound | null) {
  return round
    ? {
        status: round.status,
        statusLabel: round.status === 'open' ? '测评进行中' : '测评已结束，结果已公布',
        published: round.status === 'closed',
      }
    : { status: 'notOpen' as const, statusLabel: '尚未开始测评', published: false };
}

function reportView(r: ProgressReport, staff: boolean) {
  return {
    id: r._id,
    date: r.date,
    byLabel: r.by.role === 'presidium' ? '乡镇人大主席团' : '责任单位',
    text: staff || r.textPublic ? r.text : null,
    photos: staff || r.photosPublic ? r.photos : [],
    photosHidden: !staff && !r.photosPublic ? r.photos.length : 0,
    /** For staff: what still waits for the presidium to clear before the public sees it. */
    waiting: staff && (!r.textPublic || !r.photosPublic),
  };
}

/** One project as the caller may see it: staff see every report and photo, the public what is cleared. */
export async function projectDetail(ctx: ActionContext, p: Project) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  const staff = isStaffOf(caller, p);
  const deputy = caller.role === 'deputy';
  const [departments, reports, inspections, inspected, following, followers, round, names] =
    await Promise.all([
      departmentNames(),
      reportsOf(p._id),
      staff || deputy ? inspectionsOf(p._id) : Promise.resolve([]),
      inspectionCount(p._id),
      isFollowing(p._id, caller.openid),
      staff ? followerCount(p._id) : Promise.resolve(null),
      publishResults(p.year),
      deputyNames(),
    ]);
  const mine =
    deputy && caller.user?.deputyId
      ? ((await ratingsOfDeputy([ratingIdOf(p._id, caller.user.deputyId)]))[0]?.rating ?? null)
      : null;
  const visible = reports.filter((r) => staff || r.textPublic || r.photosPublic);
  return {
    ...summary(p, today, departments),
    description: p.description,
    villageCodes: p.villageCodes,
    milestones: p.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      due: m.due,
      doneOn: m.doneOn ?? null,
      doneNote: m.doneNote ?? null,
      late: !m.doneOn && m.due < today,
      onTime: m.doneOn ? doneOnTime(m) : null,
    })),
    reports: visible.map((r) => reportView(r, staff)),
    inspections: inspections.map((i) => ({
      id: i._id,
      date: i.date,
      deputyName: names.get(i.deputyId) ?? i.deputyId,
      findings: i.findings,
    })),
    inspectionCount: inspected,
    following,
    followers,
    canReport: staff,
    canInspect: deputy,
    rating: {
      ...roundView(round),
      myRating: mine,
      result:
        round?.status === 'closed' && round.results?.[p._id] ? ratingResult(round.results[p._id]) : null,
    },
  };
}

export async function getOne(ctx: ActionContext, id: string) {
  return projectDetail(ctx, await projectOrFail(id));
}

// --- progress ------------------------------------------------------------------------------------------

/**
 * A progress report by the presidium or the responsible office, once per request id. The text is
 * content-checked (risky refused, one the check wants a person to read is held); photos are public only
 * once the presidium clears them.
 */
export async function addProgress(
  ctx: ActionContext,
  requestId: string,
  input: { projectId: string; text: string; photos: string[] },
) {
  const { caller, now } = ctx;
  const p = await projectOrFail(input.projectId);
  if (!isStaffOf(caller, p)) fail('NOT_YOUR_DEPARTMENT');
  const text = orFail(checkReportText(input.text));
  const verdict = await secCheck(text, caller.openid, 3).catch(() => 'review' as const);
  if (verdict === 'risky') fail('PROJECT_TEXT_RISKY');
  const byPresidium = caller.role === 'presidium';
  const report: ProgressReport = {
    _id: `pr:${p._id}:${requestId}`,
    projectId: p._id,
    text,
    photos: input.photos,
    date: chinaDate(now),
    by: byPresidium
      ? { openid: caller.openid, role: 'presidium' }
      : { openid: caller.openid, role: 'department', departmentId: p.departmentId },
    textPublic: verdict === 'pass',
    // The presidium's own photos are cleared by the one who took them.
    photosPublic: input.photos.length === 0 || byPresidium,
    at: now,
  };
  await insertReportOnce(report);
  return reportView(report, true);
}

/** The presidium clears a held report: its text and photos become public. */
export async function clearProgress(ctx: ActionContext, reportId: string) {
  const r = await rewriteReport(reportId, (r) => {
    const { _id: _ignored, ...rest } = r;
    return { ...rest, textPublic: true, photosPublic: true, clearedBy: ctx.caller.openid };
  });
  return reportView({ ...r, _id: reportId } as ProgressReport, true);
}

/** A milestone marked done by the presidium or the responsible office; its followers are told. */
export async function markDone(
  ctx: ActionContext,
  input: { projectId: string; milestoneId: string; doneOn: Ymd; note: string },
) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  requireDateIn('projectDay', input.doneOn, today);
  const before = await projectOrFail(input.projectId);
  if (!isStaffOf(caller, before)) fail('NOT_YOUR_DEPARTMENT');
  const done = {
    doneOn: input.doneOn,
    reportedOn: today,
    reportedBy: caller.role === 'presidium' ? ('presidium' as const) : ('department' as const),
  };
  const p = await rewriteProject(input.projectId, (p) =>
    orFail(markMilestoneDone(p, input.milestoneId, done, input.note, now)),
  );
  await notifyFollowers(p, now, NOTIFY_IN_REQUEST, true);
  return projectDetail(ctx, await projectOrFail(p._id));
}

/** Followers told within the marking call; the scheduler's job tells the rest, NOTIFY_PER_JOB at a time. */
export const NOTIFY_IN_REQUEST = 50;
export const NOTIFY_PER_JOB = 500;
/** Followers read and queued together (one page, written at once). */
const NOTIFY_PAGE = 50;

/**
 * Queues `projectProgress` for the followers of each milestone done and not yet told, at most `budget`
 * messages, a page of followers at a time in _id order (keys per milestone and follower: a rerun queues
 * nothing twice). A milestone is marked told only once its last page is queued; until then it keeps the
 * last follower queued (`notifiedUpTo`) and the scheduler's job goes on from there.
 */
async function notifyFollowers(p: Project, now: Date, budget: number, flush = false): Promise<number> {
  const untold = p.milestones.filter((m) => m.doneOn && m.notified === false);
  if (untold.length === 0) return 0;
  const ids: string[] = [];
  const reached = new Map<string, { upTo?: string; done: boolean }>();
  for (const m of untold) {
    let upTo = m.notifiedUpTo;
    let done = false;
    while (ids.length < budget) {
      const limit = Math.min(NOTIFY_PAGE, budget - ids.length);
      const page = await followersPage(p._id, upTo, limit);
      ids.push(
        ...(await Promise.all(
          page.map((f) =>
            queueMessage(
              null,
              {
                key: `project:${p._id}:${m.id}:${f.openid}`,
                openid: f.openid,
                template: 'projectProgress',
                page: pageWith('project', { id: p._id }),
                fields: { thing1: p.title, thing2: `${m.title}已完成`, date3: messageDate(m.doneOn as Ymd) },
                ref: `project:${p._id}`,
              },
              now,
            ),
          ),
        )),
      );
      if (page.length) upTo = page[page.length - 1]._id;
      if (page.length < limit) {
        done = true;
        break;
      }
    }
    reached.set(m.id, { upTo, done });
    if (!done) break;
  }
  await rewriteProject(p._id, (cur) => {
    const { _id: _ignored, ...rest } = cur;
    return {
      ...rest,
      milestones: cur.milestones.map((m) => {
        const r = reached.get(m.id);
        if (!r || m.notified !== false) return m;
        const { notifiedUpTo: _old, ...kept } = m;
        return r.done
          ? { ...kept, notified: true }
          : { ...kept, ...(r.upTo ? { notifiedUpTo: r.upTo } : {}) };
      }),
    };
  });
  if (flush && ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

// --- followers -----------------------------------------------------------------------------------------

export async function followProject(caller: Caller, projectId: string, now: Date) {
  await projectOrFail(projectId);
  await follow(projectId, caller.openid, now);
  return { following: true };
}

export async function unfollowProject(caller: Caller, projectId: string) {
  await unfollow(projectId, caller.openid);
  return { following: false };
}

// --- inspections ---------------------------------------------------------------------------------------

/**
 * A deputy's inspection of a project (视察), once per request id: the inspection and the deputy's duty
 * record (type inspection, sourceRef project:<id>:inspection:<requestId>) in one transaction.
 */
export async function recordInspection(
  ctx: ActionContext,
  requestId: string,
  input: { projectId: string; date: Ymd; findings: string; peopleReached: number },
) {
  const { caller, now } = ctx;
  requireDateIn('projectDay', input.date, chinaDate(now));
  const deputy = await deputyOf(caller);
  const p = await projectOrFail(input.projectId);
  const findings = orFail(checkFindings(input.findings));
  const id = `pi:${p._id}:${deputy._id}:${requestId}`;
  const description = `视察民生实事项目“${p.title}”：${findings}`.slice(0, DESCRIPTION_MAX_CHARS);
  const dutyRecordId = await transaction(async (tx) => {
    const earlier = await getInspectionIn(tx, id);
    if (earlier) return earlier.dutyRecordId;
    const recordId = await recordSystemDuty(
      tx,
      {
        deputyId: deputy._id,
        stationCode: deputy.stationCode,
        type: 'inspection',
        date: input.date,
        description,
        peopleReached: input.peopleReached,
        sourceRef: `project:${p._id}:inspection:${requestId}`,
      },
      now,
    );
    await setInspectionIn(tx, {
      _id: id,
      projectId: p._id,
      deputyId: deputy._id,
      stationCode: deputy.stationCode,
      date: input.date,
      findings,
      peopleReached: input.peopleReached,
      dutyRecordId: recordId,
      at: now,
    });
    return recordId;
  });
  return { id, dutyRecordId, projectId: p._id, date: input.date };
}

/** The deputy's own inspections (视察记录), newest first, and the year's projects to choose from. */
export async function myInspections(ctx: ActionContext) {
  const deputy = await deputyOf(ctx.caller);
  const [list, year] = await Promise.all([inspectionsByDeputy(deputy._id), latestYear()]);
  const projects = year === null ? [] : await projectsOfYear(year);
  const titles = new Map(projects.map((p) => [p._id, p.title]));
  const missing = [...new Set(list.map((i) => i.projectId))].filter((id) => !titles.has(id));
  for (const p of await Promise.all(missing.map(getProject))) if (p) titles.set(p._id, p.title);
  return {
    deputyName: deputy.name,
    projects: projects.map((p) => ({ id: p._id, title: p.title })),
    inspections: list.map((i) => ({
      id: i._id,
      projectId: i.projectId,
      projectTitle: titles.get(i.projectId) ?? i.projectId,
      date: i.date,
      findings: i.findings,
      peopleReached: i.peopleReached,
    })),
  };
}

// --- the scheduler -------------------------------------------------------------------------------------

/**
 * The scheduler's job: followers not yet told of a milestone done (an interrupted call), then, on a
 * working day, each project with late milestones chased: its office's bound staff (the presidium when it
 * has none) get one `opinionDeadline` reminder per project per day (key per day and person).
 */
export async function projectJobs(now: Date): Promise<number> {
  let n = 0;
  let budget = NOTIFY_PER_JOB;
  for (const p of await projectsToNotify()) {
    if (budget <= 0) break;
    const queued = await notifyFollowers(p, now, budget);
    budget -= queued;
    n += queued;
  }
  const today = chinaDate(now);
  const calendar = await loadCalendar();
  if (!calendar.isWorkingDay(today)) return n;
  for (const p of await projectsLateOn(today)) {
    const late = lateMilestones(p, today);
    if (late.length === 0) continue;
    const staff = await staffOfDepartment(p.departmentId);
    const to = staff.length ? staff : await presidiumMembers();
    const first = late[0];
    const ids: string[] = [];
    for (const openid of to.map((u) => u.openid ?? u._id))
      ids.push(
        await queueMessage(
          null,
          {
            key: `project:${p._id}:late:${today}:${openid}`,
            openid,
            template: 'opinionDeadline',
            page: pageWith('project', { id: p._id }),
            fields: {
              thing1: `民生实事：${p.title}（${first.title}）`,
              phrase2: '节点逾期',
              time3: `${messageDate(first.due)} 23:59`,
            },
            ref: `project:${p._id}`,
          },
          now,
        ),
      );
    n += ids.length;
  }
  return n;
}

// --- the year's completion rating ----------------------------------------------------------------------

/** The presidium opens the year's completion rating (again: nothing changes; once closed: refused). */
export async function openRating(ctx: ActionContext, year: number) {
  const projects = await projectsOfYear(year);
  if (projects.length === 0) fail('PROJECT_NONE_IN_YEAR');
  await writeRound(roundIdOf(year), (current) => {
    if (current?.status === 'closed') fail('PROJECT_RATING_CLOSED');
    const { _id: _ignored, ...rest } = current ?? {
      _id: '',
      year,
      status: 'open' as const,
      openedAt: ctx.now,
      openedBy: ctx.caller.openid,
    };
    return rest;
  });
  return ratingRound(ctx, year);
}

/** The presidium closes the year's rating: each project's counts are published with it. */
export async function closeRating(ctx: ActionContext, year: number) {
  const round = await getRound(roundIdOf(year));
  if (!round) fail('PROJECT_RATING_NOT_OPEN');
  if (round.status === 'open')
    await writeRound(roundIdOf(year), (current) => {
      if (!current) fail('PROJECT_RATING_NOT_OPEN');
      const { _id: _ignored, ...rest } = current;
      return current.status === 'closed'
        ? rest
        : { ...rest, status: 'closed', closedAt: ctx.now, closedBy: ctx.caller.openid };
    });
  await publishResults(year);
  return ratingRound(ctx, year);
}

/**
 * A closed round's results, counted and written when they are missing (a close interrupted between its
 * two writes is finished by the next close or the next read). Counted once closed: no rating is taken
 * after the round's status says closed, so a recount gives the same counts.
 */
async function publishResults(year: number): Promise<RatingRound | null> {
  const round = await getRound(roundIdOf(year));
  if (!round || round.status !== 'closed' || round.results) return round;
  const results: Record<string, RatingCounts> = {};
  for (const p of await projectsOfYear(year)) results[p._id] = await countsOf(p._id);
  return writeRound(roundIdOf(year), (current) => {
    const { _id: _ignored, ...rest } = current as RatingRound;
    return rest.results ? rest : { ...rest, results };
  });
}

async function countsOf(projectId: string): Promise<RatingCounts> {
  const [satisfied, basicallySatisfied, dissatisfied] = await Promise.all(
    SATISFACTION_LEVELS.map((level) => countRatings(projectId, level)),
  );
  return { satisfied, basicallySatisfied, dissatisfied };
}

/**
 * The year's rating (with no year named: the round open now, else the latest year with projects): its
 * state, each project with the caller's rating (a deputy) and, once closed, the counts. */
export async function ratingRound(ctx: ActionContext, year?: number) {
  const shown = year ?? (await openRoundYear()) ?? (await latestYear()) ?? yearOf(chinaDate(ctx.now));
  const [round, projects] = await Promise.all([publishResults(shown), projectsOfYear(shown)]);
  const deputyId = (ctx.caller.role === 'deputy' && ctx.caller.user?.deputyId) || '';
  const mine = deputyId
    ? new Map(
        (await ratingsOfDeputy(projects.map((p) => ratingIdOf(p._id, deputyId)))).map((r) => [
          r._id,
          r.rating,
        ]),
      )
    : new Map<string, Satisfaction>();
  return {
    year: shown,
    ...roundView(round),
    levels: SATISFACTION_LEVELS.map((level) => ({ level, label: SATISFACTION_LABELS[level] })),
    projects: projects.map((p) => ({
      id: p._id,
      title: p.title,
      statusLabel: PROJECT_STATUS_LABELS[p.status],
      myRating: deputyId ? (mine.get(ratingIdOf(p._id, deputyId)) ?? null) : null,
      result: round?.results?.[p._id] ? ratingResult(round.results[p._id]) : null,
    })),
  };
}

/** A deputy rates a project's completion once; the same answer again is the first one (a retry). */
export async function rateProject(ctx: ActionContext, input: { projectId: string; rating: Satisfaction }) {
  const deputy = await deputyOf(ctx.caller);
  const p = await projectOrFail(input.projectId);
  await rateOnce(
    roundIdOf(p.year),
    {
      _id: ratingIdOf(p._id, deputy._id),
      projectId: p._id,
      year: p.year,
      rating: input.rating,
      on: chinaDate(ctx.now),
    },
    (round, earlier) => {
      orFail(checkRatingOpen(round, p));
      if (earlier) orFail(checkRerate(earlier.rating, input.rating));
    },
  );
  return { projectId: p._id, myRating: input.rating };
}
