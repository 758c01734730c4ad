/**
 * The livelihood projects on the database: the project (one per passed candidate, rewritten whole in a
 * transaction), its progress reports, followers, inspections and the year's completion ratings. The
 * candidates and sessions themselves are the sessions half's records (CONGRESS_COLLECTIONS), read here.
 */
import type { Satisfaction } from '../../core/duty/duty.types';
import {
  CONGRESS_COLLECTIONS,
  type Candidate,
  type CongressSession,
} from '../../core/congress/congress.types';
import {
  PROJECT_COLLECTIONS,
  type Inspection,
  type ProgressReport,
  type Project,
  type RatingRound,
} from '../../core/congress/project.types';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  insertOnce,
  removeWhere,
  transaction,
  type Transaction,
} from '../db/collection';
import { rewrite } from '../duty/documents.repo';

export const PROJECTS = PROJECT_COLLECTIONS.projects;
export const REPORTS = PROJECT_COLLECTIONS.reports;
export const FOLLOWERS = PROJECT_COLLECTIONS.followers;
export const INSPECTIONS = PROJECT_COLLECTIONS.inspections;
export const RATINGS = PROJECT_COLLECTIONS.ratings;
export const ROUNDS = PROJECT_COLLECTIONS.rounds;

// --- the sessions half's records ---------------------------------------------------------------------

export const getCandidate = (id: string) => findById<Candidate>(CONGRESS_COLLECTIONS.candidates, id);
export const getSession = (id: string) => findById<CongressSession>(CONGRESS_COLLECTIONS.sessions, id);

/** Candidates that passed the vote (newest first, one page). */
export function passedCandidates(limit = 100): Promise<Candidate[]> {
  return findMany<Candidate>(
    CONGRESS_COLLECTIONS.candidates,
    { status: 'passed' },
    { orderBy: [['updatedAt', 'desc']], limit },
  );
}

// --- projects ------------------------------------------------------------------------------------------

export const getProject = (id: string) => findById<Project>(PROJECTS, id);

/** The project's plan written in one transaction on the version re-read there (none yet: `decide(null)`). */
export function writeProject(
  id: string,
  decide: (current: Project | null) => Omit<Project, '_id'>,
): Promise<Project> {
  return transaction(async (tx) => {
    const current = await tx.get<Project>(PROJECTS, id);
    const next = decide(current ? { ...current, _id: id } : null);
    await tx.set(PROJECTS, id, { ...next });
    return { ...next, _id: id };
  });
}

export function rewriteProject(id: string, decide: (p: Project) => Omit<Project, '_id'>): Promise<Project> {
  return rewrite<Omit<Project, '_id'>>(PROJECTS, id, 'PROJECT_NOT_FOUND', (p) =>
    decide(p as Project),
  ) as Promise<Project>;
}

/** A year's projects, in the order they were planned. */
export function projectsOfYear(year: number): Promise<Project[]> {
  return findAll<Project>(PROJECTS, { year });
}

/** The year of the rating round open now (the latest when several are), null when none is. */
export async function openRoundYear(): Promise<number | null> {
  const [r] = await findMany<RatingRound>(
    ROUNDS,
    { status: 'open' },
    { orderBy: [['year', 'desc']], limit: 1, fields: { year: true } },
  );
  return r?.year ?? null;
}

/** The latest year with a project (null when none is planned yet). */
export async function latestYear(): Promise<number | null> {
  const [p] = await findMany<Project>(
    PROJECTS,
    {},
    { orderBy: [['year', 'desc']], limit: 1, fields: { year: true } },
  );
  return p?.year ?? null;
}

/** Projects under way whose earliest open milestone was due before `today`. */
export function projectsLateOn(today: string): Promise<Project[]> {
  return findAll<Project>(PROJECTS, { status: 'underway', nextDue: command().lt(today) });
}

/** Projects with a milestone done whose followers were not all told yet. */
export function projectsToNotify(): Promise<Project[]> {
  return findMany<Project>(PROJECTS, { 'milestones.notified': false }, { limit: 50 });
}

// --- reports -------------------------------------------------------------------------------------------

export const insertReportOnce = (r: ProgressReport) => insertOnce(REPORTS, r);
export const getReport = (id: string) => findById<ProgressReport>(REPORTS, id);

export function reportsOf(projectId: string, limit = 50): Promise<ProgressReport[]> {
  return findMany<ProgressReport>(REPORTS, { projectId }, { orderBy: [['at', 'desc']], limit });
}

export function rewriteReport(id: string, decide: (r: ProgressReport) => Omit<ProgressReport, '_id'>) {
  return rewrite<Omit<ProgressReport, '_id'>>(REPORTS, id, 'PROJECT_REPORT_NOT_FOUND', (r) =>
    decide(r as ProgressReport),
  );
}

// --- followers -----------------------------------------------------------------------------------------

const followerId = (projectId: string, openid: string) => `${projectId}:${openid}`;

export async function follow(projectId: string, openid: string, now: Date): Promise<void> {
  await insertOnce(FOLLOWERS, { _id: followerId(projectId, openid), projectId, openid, at: now });
}

export async function unfollow(projectId: string, openid: string): Promise<void> {
  await removeWhere(FOLLOWERS, { _id: followerId(projectId, openid) });
}

export async function isFollowing(projectId: string, openid: string): Promise<boolean> {
  return !!(await findById(FOLLOWERS, followerId(projectId, openid)));
}

export const followerCount = (projectId: string) => count(FOLLOWERS, { projectId });

/** One page of a project's followers in _id order, after the follower `after` (from the first when none). */
export function followersPage(
  projectId: string,
  after: string | undefined,
  limit: number,
): Promise<{ _id: string; openid: string }[]> {
  return findMany<{ _id: string; openid: string }>(
    FOLLOWERS,
    after === undefined ? { projectId } : { projectId, _id: command().gt(after) },
    { orderBy: [['_id', 'asc']], limit, fields: { openid: true } },
  );
}

// --- inspections ---------------------------------------------------------------------------------------

export function inspectionsOf(projectId: string, limit = 50): Promise<Inspection[]> {
  return findMany<Inspection>(INSPECTIONS, { projectId }, { orderBy: [['date', 'desc']], limit });
}

export function inspectionsByDeputy(deputyId: string, limit = 100): Promise<Inspection[]> {
  return findMany<Inspection>(INSPECTIONS, { deputyId }, { orderBy: [['date', 'desc']], limit });
}

export const inspectionCount = (projectId: string) => count(INSPECTIONS, { projectId });

export async function getInspectionIn(tx: Transaction, id: string): Promise<Inspection | null> {
  return tx.get<Inspection>(INSPECTIONS, id);
}

export async function setInspectionIn(tx: Transaction, i: Inspection): Promise<void> {
  const { _id, ...rest } = i;
  await tx.set(INSPECTIONS, _id, rest);
}

// --- the year's rating ---------------------------------------------------------------------------------

export const getRound = (id: string) => findById<RatingRound>(ROUNDS, id);

export function writeRound(
  id: string,
  decide: (current: RatingRound | null) => Omit<RatingRound, '_id'>,
): Promise<RatingRound> {
  return transaction(async (tx) => {
    const current = await tx.get<RatingRound>(ROUNDS, id);
    const next = decide(current ? { ...current, _id: id } : null);
    await tx.set(ROUNDS, id, { ...next });
    return { ...next, _id: id };
  });
}

export const countRatings = (projectId: string, rating: Satisfaction) =>
  count(RATINGS, { projectId, rating });

export function ratingsOfDeputy(ids: readonly string[]): Promise<{ _id: string; rating: Satisfaction }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return findMany(RATINGS, { _id: command().in([...ids]) }, { limit: 1000, fields: { rating: true } });
}

/**
 * One deputy's rating written once, in a transaction that re-reads the year's round (`check` refuses
 * when it is not open) and the deputy's earlier rating of the project (`check` decides a repeat).
 * Answers whether this call wrote it.
 */
export function rateOnce(
  roundId: string,
  rating: { _id: string } & Record<string, unknown>,
  check: (round: RatingRound | null, earlier: { rating: Satisfaction } | null) => void,
): Promise<boolean> {
  return transaction(async (tx) => {
    const round = await tx.get<RatingRound>(ROUNDS, roundId);
    const earlier = await tx.get<{ rating: Satisfaction }>(RATINGS, rating._id);
    check(round, earlier);
    if (earlier) return false;
    const { _id, ...rest } = rating;
    await tx.set(RATINGS, _id, rest);
    return true;
  });
}
