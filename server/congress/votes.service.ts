/**
 * The secret ballot (民生实事项目代表票决). The presidium opens the vote once the quorum is met
 * (QUORUM_NOT_MET) and closes it. Each present deputy of the session casts one ballot over the whole list
 * (赞成/反对/弃权 per candidate) and cannot change it.
 *
 * Secrecy: the voter record (`congressVoters`, `${sessionId}:${deputyId}`, via app or paper, no choices)
 * and the ballot (`congressBallots`, a random id, the choices, no deputy, no time) are written in ONE
 * transaction, so ballots = voters always, and two casts by one deputy collide on the voter record (the
 * loser retries and answers BALLOT_ALREADY_CAST). Nothing else keeps a choice: castBallot is not an
 * `idempotent` action (the pipeline would keep its answer under the caller's openid), its answer holds
 * no choice, nothing is logged or queued. A paper ballot (a deputy without a smartphone) is entered by
 * two different staff: the first entry is held under a pairing code (stored only as its hash, beside
 * the deputy and a digest of the choices keyed by the code: no choice readable), the second staff
 * member's identical entry with that code counts it (a mismatch counts nothing).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Ballot, Candidate, Choice, CongressSession, Voter } from '../../core/congress/congress.types';
import { quorum } from '../../core/congress/session.rules';
import {
  canonicalBallot,
  checkBallot,
  passes,
  tally,
  yesNeeded,
  type Counts,
} from '../../core/congress/vote.rules';
import { transaction } from '../db/collection';
import { fail, orFail } from '../errors';
import type { ActionContext } from '../pipeline';
import {
  ATTENDANCE,
  attendanceOf,
  BALLOTS,
  ballotsOf,
  CANDIDATES,
  candidatesOf,
  countAttendance,
  countVoters,
  PAPER_ENTRIES,
  SESSIONS,
  sessionOrFail,
  voterOf,
  VOTERS,
} from './sessions.repo';
import { isPresent } from './sessions.service';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const PAIRING_LENGTH = 10;

/** The presidium opens the vote: convened, candidates on the ballot, the quorum met. */
export async function openVote({ now }: ActionContext, sessionId: string): Promise<{ onBallot: string[] }> {
  const s = await sessionOrFail(sessionId);
  if (s.status !== 'convened') fail('SESSION_NOT_CONVENED');
  if (s.vote !== 'notOpen') fail('VOTE_ALREADY_OPEN');
  const onBallot = (await candidatesOf(sessionId))
    .filter((c) => c.status === 'onBallot')
    .map((c) => c._id)
    .sort();
  if (onBallot.length === 0) fail('BALLOT_EMPTY');
  const q = quorum(await countAttendance(sessionId), s.deputyIds.length);
  if (!q.met) fail('QUORUM_NOT_MET', q);
  await transaction(async (tx) => {
    const cur = (await tx.get<CongressSession>(SESSIONS, sessionId)) ?? fail('SESSION_NOT_FOUND');
    if (cur.vote !== 'notOpen') fail('VOTE_ALREADY_OPEN');
    await tx.update(SESSIONS, sessionId, { vote: 'open', ballotCandidateIds: onBallot, updatedAt: now });
  });
  return { onBallot };
}

/** What every cast checks before writing: the vote open, the deputy of the session, present, not voted. */
async function checkVoter(
  sessionId: string,
  deputyId: string,
  choices: Record<string, string>,
): Promise<Record<string, Choice>> {
  const s = await sessionOrFail(sessionId);
  if (!s.deputyIds.includes(deputyId)) fail('SESSION_NOT_A_MEMBER');
  if (s.vote !== 'open' || s.status !== 'convened') fail('VOTE_NOT_OPEN');
  if (await voterOf(sessionId, deputyId)) fail('BALLOT_ALREADY_CAST');
  if (!(await isPresent(sessionId, deputyId))) fail('BALLOT_NOT_PRESENT');
  return orFail(checkBallot(choices, s.ballotCandidateIds ?? []));
}

/** The voter record and the ballot, in one transaction (the voter record is the one-per-deputy lock). */
async function writeBallot(
  sessionId: string,
  deputyId: string,
  choices: Record<string, Choice>,
  paper: Ballot['paper'] | undefined,
  extra?: (tx: Parameters<Parameters<typeof transaction>[0]>[0]) => Promise<void>,
): Promise<void> {
  const voterId = `${sessionId}:${deputyId}`;
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, sessionId)) ?? fail('SESSION_NOT_FOUND');
    if (s.vote !== 'open') fail('VOTE_NOT_OPEN');
    if (await tx.get(VOTERS, voterId)) fail('BALLOT_ALREADY_CAST');
    // The deputy's attendance record is written too (unchanged): closeVote writes every one, so a cast
    // in flight while the vote closes conflicts with the close (snapshot isolation detects only
    // write-write conflicts) and either lands before the tally or answers VOTE_NOT_OPEN.
    if (!(await tx.get(ATTENDANCE, voterId))) fail('BALLOT_NOT_PRESENT');
    await tx.update(ATTENDANCE, voterId, { sessionId });
    const voter: Omit<Voter, '_id'> = { sessionId, deputyId, via: paper ? 'paper' : 'app' };
    await tx.set(VOTERS, voterId, voter as unknown as Record<string, unknown>);
    const ballot: Omit<Ballot, '_id'> = paper ? { sessionId, choices, paper } : { sessionId, choices };
    await tx.set(
      BALLOTS,
      `b${randomBytes(12).toString('hex')}`,
      ballot as unknown as Record<string, unknown>,
    );
    if (extra) await extra(tx);
  });
}

/** A present deputy casts their one ballot in the mini-program. The answer holds no choice. */
export async function castBallot(
  { caller }: ActionContext,
  sessionId: string,
  choices: Record<string, string>,
): Promise<{ voted: true }> {
  const deputyId = caller.user?.deputyId ?? fail('SESSION_NOT_A_MEMBER');
  const valid = await checkVoter(sessionId, deputyId, choices);
  await writeBallot(sessionId, deputyId, valid, undefined);
  return { voted: true };
}

interface PaperEntry {
  _id: string;
  sessionId: string;
  deputyId: string;
  enteredBy: string;
  /** sha256(pairing code | canonical choices): compares the second entry without keeping the choices. */
  digest: string;
}

const entryId = (code: string) => `pe${sha(`pairing:${code}`).slice(0, 32)}`;

/**
 * Staff enter a paper ballot for a deputy without a smartphone. Without a pairing code: the first
 * entry, held; answers the code to hand to a second staff member. With it: the second entry, which
 * must be another staff member's and identical (PAPER_MISMATCH counts nothing), and counts the ballot.
 */
export async function enterPaper(
  { caller, now }: ActionContext,
  sessionId: string,
  deputyId: string,
  choices: Record<string, string>,
  pairingCode: string | undefined,
): Promise<{ held: true; pairingCode: string } | { voted: true }> {
  const valid = await checkVoter(sessionId, deputyId, choices);
  if (pairingCode === undefined) {
    const code = Array.from(
      { length: PAIRING_LENGTH },
      () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)],
    ).join('');
    const entry: Omit<PaperEntry, '_id'> = {
      sessionId,
      deputyId,
      enteredBy: caller.openid,
      digest: sha(`${code}|${canonicalBallot(valid)}`),
    };
    await transaction((tx) => tx.set(PAPER_ENTRIES, entryId(code), { ...entry, at: now }));
    return { held: true, pairingCode: code };
  }
  const code = pairingCode.toUpperCase();
  const id = entryId(code);
  await transaction(async (tx) => {
    const first = await tx.get<PaperEntry>(PAPER_ENTRIES, id);
    if (!first || first.sessionId !== sessionId || first.deputyId !== deputyId)
      fail('PAPER_PAIRING_NOT_FOUND');
    if (first.enteredBy === caller.openid) fail('PAPER_SAME_STAFF');
    if (first.digest !== sha(`${code}|${canonicalBallot(valid)}`)) fail('PAPER_MISMATCH');
  });
  const first = (await transaction((tx) => tx.get<PaperEntry>(PAPER_ENTRIES, id)))!;
  await writeBallot(
    sessionId,
    deputyId,
    valid,
    { enteredBy: [first.enteredBy, caller.openid] },
    async (tx) => {
      if (!(await tx.get(PAPER_ENTRIES, id))) fail('PAPER_PAIRING_NOT_FOUND');
      await tx.remove(PAPER_ENTRIES, id);
    },
  );
  return { voted: true };
}

export interface ResultRow {
  candidateId: string;
  title: string;
  yes: number;
  no: number;
  abstain: number;
  passed: boolean;
}

export interface Results {
  sessionId: string;
  deputies: number;
  present: number;
  ballots: number;
  /** The fewest 赞成 that pass under the session's rule. */
  yesNeeded: number;
  rows: ResultRow[];
}

/** The presidium closes the vote: counted, the pass rule applied, candidates passed or failed. */
export async function closeVote({ now }: ActionContext, sessionId: string): Promise<Results> {
  const present = await attendanceOf(sessionId);
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, sessionId)) ?? fail('SESSION_NOT_FOUND');
    if (s.vote !== 'open') fail('VOTE_NOT_OPEN');
    await tx.update(SESSIONS, sessionId, { vote: 'closed', updatedAt: now });
    // Every present deputy's attendance record: a cast still in flight conflicts with this (see writeBallot).
    for (const a of present) await tx.update(ATTENDANCE, a._id, { sealed: true });
  });
  const s = await sessionOrFail(sessionId);
  const ids = s.ballotCandidateIds ?? [];
  const [ballots, voters, attended] = await Promise.all([
    ballotsOf(sessionId),
    countVoters(sessionId),
    countAttendance(sessionId),
  ]);
  const counts = tally(ballots, ids);
  const all = s.deputyIds.length;
  await transaction(async (tx) => {
    for (const id of ids) {
      const passed = passes(s.passRule, counts[id], all, attended);
      await tx.update(CANDIDATES, id, {
        status: passed ? 'passed' : 'failed',
        result: { ...counts[id], passed },
        updatedAt: now,
      });
    }
    await tx.update(SESSIONS, sessionId, {
      tally: { ballots: ballots.length, voters, present: attended },
      updatedAt: now,
    });
  });
  return results(sessionId);
}

/** The published results with counts (once the vote is closed). */
export async function results(sessionId: string): Promise<Results> {
  const s = await sessionOrFail(sessionId);
  if (s.vote !== 'closed' || !s.tally) fail('TALLY_NOT_READY');
  const ids = new Set(s.ballotCandidateIds ?? []);
  const cands = (await candidatesOf(sessionId)).filter((c) => ids.has(c._id));
  const rows = cands
    .map((c: Candidate) => ({
      candidateId: c._id,
      title: c.title,
      yes: c.result?.yes ?? 0,
      no: c.result?.no ?? 0,
      abstain: c.result?.abstain ?? 0,
      passed: c.result?.passed ?? false,
    }))
    .sort((a, b) => b.yes - a.yes || a.candidateId.localeCompare(b.candidateId));
  return {
    sessionId,
    deputies: s.deputyIds.length,
    present: s.tally.present,
    ballots: s.tally.ballots,
    yesNeeded: yesNeeded(s.passRule, s.deputyIds.length, s.tally.present),
    rows,
  };
}

/**
 * Anyone checks the tally: the ballots counted again from the store — as many ballots as voters, each
 * ballot's choices summing to the number of ballots per candidate, and the published counts the same.
 */
export async function verifyTally(sessionId: string): Promise<{
  ballots: number;
  voters: number;
  ballotsEqualVoters: boolean;
  candidates: (Counts & { candidateId: string; sum: number; matchesPublished: boolean })[];
  verified: boolean;
}> {
  const s = await sessionOrFail(sessionId);
  if (s.vote !== 'closed') fail('TALLY_NOT_READY');
  const ids = s.ballotCandidateIds ?? [];
  const [ballots, voters, cands] = await Promise.all([
    ballotsOf(sessionId),
    countVoters(sessionId),
    candidatesOf(sessionId),
  ]);
  const counts = tally(ballots, ids);
  const byId = new Map(cands.map((c) => [c._id, c]));
  const candidates = ids.map((id) => {
    const c = counts[id];
    const r = byId.get(id)?.result;
    return {
      candidateId: id,
      ...c,
      sum: c.yes + c.no + c.abstain,
      matchesPublished: !!r && r.yes === c.yes && r.no === c.no && r.abstain === c.abstain,
    };
  });
  const ballotsEqualVoters = ballots.length === voters;
  return {
    ballots: ballots.length,
    voters,
    ballotsEqualVoters,
    candidates,
    verified: ballotsEqualVoters && candidates.every((c) => c.sum === ballots.length && c.matchesPublished),
  };
}
