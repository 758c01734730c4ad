/**
 * The sessions half of the congress area's store: sessions, attendance, candidates and their comments,
 * voters and ballots (core/congress/congress.types.ts CONGRESS_COLLECTIONS), and what it reads from
 * other areas (deputies, villages, departments, opinions) by their owners' constants.
 */
import type {
  Attendance,
  Ballot,
  BallotSlot,
  Candidate,
  CandidateComment,
  CongressSession,
  Voter,
} from '../../core/congress/congress.types';
import type { Deputy } from '../../core/station/station.types';
import { CONGRESS_COLLECTIONS as C } from '../../core/congress/congress.types';
import { command, count, findAll, findById, findMany, MAX_PAGE, removeWhere } from '../db/collection';
import { fail } from '../errors';
import { DEPARTMENTS, OPINIONS } from '../opinion/opinions.repo';
import { DEPUTIES, VILLAGES } from '../station/stations.repo';

export const SESSIONS = C.sessions;
export const ATTENDANCE = C.attendance;
export const CANDIDATES = C.candidates;
export const COMMENTS = C.comments;
export const VOTERS = C.voters;
export const BALLOTS = C.ballots;
export const PAPER_ENTRIES = C.paperEntries;

export async function sessionOrFail(id: string): Promise<CongressSession> {
  return (await findById<CongressSession>(SESSIONS, id)) ?? fail('SESSION_NOT_FOUND');
}

export function listSessions(): Promise<CongressSession[]> {
  return findMany<CongressSession>(SESSIONS, {}, { orderBy: [['date', 'desc']], limit: 100 });
}

export async function candidateOrFail(id: string): Promise<Candidate> {
  return (await findById<Candidate>(CANDIDATES, id)) ?? fail('CANDIDATE_NOT_FOUND');
}

export function candidatesOf(sessionId: string): Promise<Candidate[]> {
  return findAll<Candidate>(CANDIDATES, { sessionId });
}

export function attendanceOf(sessionId: string): Promise<Attendance[]> {
  return findAll<Attendance>(ATTENDANCE, { sessionId });
}

export function countAttendance(sessionId: string): Promise<number> {
  return count(ATTENDANCE, { sessionId });
}

export function commentsOf(candidateId: string): Promise<CandidateComment[]> {
  return findMany<CandidateComment>(COMMENTS, { candidateId }, { orderBy: [['at', 'desc']], limit: 200 });
}

export function countComments(candidateId: string, openid?: string): Promise<number> {
  return count(COMMENTS, openid ? { candidateId, openid } : { candidateId });
}

/** The id of a session's ballot-box slot `i` (drawn when the vote opens, before anyone votes). */
export const slotId = (sessionId: string, i: number) => `${sessionId}:box:${String(i).padStart(4, '0')}`;

/**
 * The session's ballots: its filled slots, and any ballot stored before the box (one document per
 * cast, no `filled` field), read the same way. Only the choices are read.
 */
export async function ballotsOf(sessionId: string): Promise<Ballot[]> {
  const docs = await findAll<BallotSlot>(BALLOTS, { sessionId }, { sessionId: true, choices: true });
  return docs
    .filter((d): d is BallotSlot & Pick<Ballot, 'choices'> => !!d.choices)
    .map((d) => ({ _id: d._id, sessionId: d.sessionId, choices: d.choices }));
}

/**
 * The ids of the session's empty slots (at most MAX_PAGE: a session has fewer than 500 deputies, so
 * the box fewer than a thousand slots).
 */
export async function emptySlotIds(sessionId: string): Promise<string[]> {
  const docs = await findMany<{ _id: string }>(
    BALLOTS,
    { sessionId, filled: false },
    { fields: { _id: true }, limit: MAX_PAGE },
  );
  return docs.map((d) => d._id);
}

/** Deletes the session's paper ballots whose first entry still waits for a second; answers how many. */
export function dropPaperEntries(sessionId: string): Promise<number> {
  return removeWhere(PAPER_ENTRIES, { sessionId });
}

export function countVoters(sessionId: string): Promise<number> {
  return count(VOTERS, { sessionId });
}

export function voterOf(sessionId: string, deputyId: string): Promise<Voter | null> {
  return findById<Voter>(VOTERS, `${sessionId}:${deputyId}`);
}

/** The township congress's deputies: the township's active deputies of level 'township'. */
export async function congressDeputies(): Promise<Deputy[]> {
  const all = await findAll<Deputy>(DEPUTIES, { level: 'township', active: true });
  return all.sort((a, b) => a._id.localeCompare(b._id));
}

export function deputiesByIds(ids: readonly string[]): Promise<Deputy[]> {
  return Promise.all(ids.map((id) => findById<Deputy>(DEPUTIES, id))).then((ds) =>
    ds.filter((d): d is Deputy => d !== null),
  );
}

export async function departmentExists(id: string): Promise<boolean> {
  return (await findById(DEPARTMENTS, id)) !== null;
}

export async function villageExists(code: string): Promise<boolean> {
  return (await findById(VILLAGES, code)) !== null;
}

/** The opinions by id (the township's only: another township's read as missing). */
export async function opinionsByIds(
  ids: readonly string[],
): Promise<{ _id: string; villagerOpenid?: string; text?: string }[]> {
  const found = await Promise.all(
    ids.map((id) => findById<{ _id: string; villagerOpenid?: string; text?: string }>(OPINIONS, id)),
  );
  return found.filter((o): o is { _id: string; villagerOpenid?: string; text?: string } => o !== null);
}

/** At most this many reads at once when naming villages and departments. */
const NAME_READS_AT_ONCE = 10;

/** The names of documents by id (each id read once, NAME_READS_AT_ONCE at a time); a missing one is left out. */
async function namesById(collection: typeof VILLAGES | typeof DEPARTMENTS, ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  for (let i = 0; i < unique.length; i += NAME_READS_AT_ONCE) {
    const part = unique.slice(i, i + NAME_READS_AT_ONCE);
    const docs = await Promise.all(part.map((id) => findById<{ name?: string }>(collection, id)));
    docs.forEach((d, j) => {
      if (d?.name) names.set(part[j], d.name);
    });
  }
  return names;
}

/** The names of villages (by code) and departments (by id), read in parallel. */
export async function placeNames(
  villageCodes: Iterable<string>,
  departmentIds: Iterable<string>,
): Promise<{ villages: Map<string, string>; departments: Map<string, string> }> {
  const [villages, departments] = await Promise.all([
    namesById(VILLAGES, villageCodes),
    namesById(DEPARTMENTS, departmentIds),
  ]);
  return { villages, departments };
}

/** What the presidium's candidate form reads of an opinion to link it. */
export interface LinkableOpinion {
  _id: string;
  text: string;
  villageCode: string;
  status: string;
  submittedAt: Date;
}

/**
 * The township's most recent opinions in the given statuses, submitted before `before` (a page's cursor),
 * newest first, at most `limit` (index opinions.status_submitted).
 */
export function recentOpinions(
  statuses: readonly string[],
  before: Date | null,
  limit: number,
): Promise<LinkableOpinion[]> {
  const _ = command();
  return findMany<LinkableOpinion>(
    OPINIONS,
    { status: _.in([...statuses]), ...(before && { submittedAt: _.lt(before) }) },
    { orderBy: [['submittedAt', 'desc']], limit },
  );
}
