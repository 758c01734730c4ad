/**
 * The secret ballot (民生实事项目代表票决). The presidium sets the pass rule while the vote is not open
 * (setPassRule), opens the vote once the quorum is met (QUORUM_NOT_MET) and closes it. Each present
 * deputy of the session casts one ballot over the whole list (赞成/反对/弃权 per candidate) and cannot
 * change it.
 *
 * Secrecy. The voter record (`congressVoters`, `${sessionId}:${deputyId}`: via app or paper, for paper
 * the two staff who entered it; no choices) and the ballot are written in ONE transaction, so ballots =
 * voters always, and two casts by one deputy collide on the voter record (the loser retries and answers
 * BALLOT_ALREADY_CAST). The ballot lands in the session's ballot box (`congressBallots`): when the vote
 * opens, before anyone votes, BALLOT_SLOTS_PER_DEPUTY empty slots per deputy are drawn; a cast fills one
 * empty slot picked uniformly at random. So:
 * - a filled slot holds the choices and nothing else (no deputy, no time, no paper mark): every ballot
 *   looks like every other, however few voted on paper;
 * - the slots' ids and storage order (the local engine keeps insertion order, CloudBase roughly so) were
 *   fixed before the first cast, and which slot a voter fills is random and independent of who they are,
 *   so the box's order says nothing about the order of the voter records (which is the cast order).
 * A slot is a document of its own, so concurrent casts contend only when two pick the same slot (a write
 * conflict: the loser retries with another pick, up to CAST_ATTEMPTS times); a session of 150 deputies
 * and 20 candidates is 300 documents of under 1 KB, not one growing document.
 * Nothing else keeps a choice: castBallot is not an `idempotent` action (the pipeline would keep its
 * answer under the caller's openid), its answer holds no choice, nothing is logged or queued. A paper
 * ballot (a deputy without a smartphone) is entered by two different staff: the first entry is held
 * under a pairing code (stored only as its scrypt hash, beside the deputy and a digest of the choices
 * keyed by the code: no choice readable), the second staff member's identical entry with that code counts it (a
 * mismatch counts nothing); an entry still held when the vote closes is deleted.
 * Ballots stored before the box (one document per cast with a random id, `paper` on a paper one) are
 * still read and counted (sessions.repo ballotsOf); they keep the order they were written in.
 */
import { createHash, randomInt, scrypt, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import type {
  BallotSlot,
  Candidate,
  Choice,
  CongressSession,
  PassRule,
  Voter,
} from '../../core/congress/congress.types';
import { quorum } from '../../core/congress/session.rules';
import {
  ballotSlotCount,
  canonicalBallot,
  checkBallot,
  checkPassRule,
  passes,
  passRuleLabel,
  tally,
  yesNeeded,
  type Counts,
} from '../../core/congress/vote.rules';
import { insertOnce, transaction, WriteConflict, type Transaction } from '../db/collection';
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
  dropPaperEntries,
  emptySlotIds,
  PAPER_ENTRIES,
  SESSIONS,
  sessionOrFail,
  slotId,
  voterOf,
  VOTERS,
} from './sessions.repo';
import { isPresent } from './sessions.service';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const PAIRING_LENGTH = 10;

/** Slots written at once when the box is drawn. */
const SLOT_WRITES_AT_ONCE = 20;
/** A cast retries this many times in all when another cast took its slot or the same moment's write. */
const CAST_ATTEMPTS = 8;

/**
 * Draws the session's ballot box: `slots` empty slots with fixed ids (idempotent: a slot already there
 * is left as it is), all before any ballot is cast into them.
 */
async function drawBox(sessionId: string, slots: number): Promise<void> {
  for (let i = 0; i < slots; i += SLOT_WRITES_AT_ONCE) {
    const part = Array.from({ length: Math.min(SLOT_WRITES_AT_ONCE, slots - i) }, (_, j) => i + j);
    await Promise.all(
      part.map((k) => {
        const slot: BallotSlot = { _id: slotId(sessionId, k), sessionId, filled: false };
        return insertOnce(BALLOTS, slot);
      }),
    );
  }
}

/**
 * The presidium sets the rule candidates pass by, while the vote is not open and the session not
 * closed (PASS_RULE_LOCKED): a base (all or present deputies) and a fraction of at least one half
 * (PASS_RULE_INVALID). Answers the rule and its plain words.
 */
export async function setPassRule(
  { now }: ActionContext,
  sessionId: string,
  rule: PassRule,
): Promise<{ passRule: PassRule; passRuleText: string }> {
  const valid = orFail(checkPassRule(rule));
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, sessionId)) ?? fail('SESSION_NOT_FOUND');
    if (s.vote !== 'notOpen' || s.status === 'closed') fail('PASS_RULE_LOCKED');
    await tx.update(SESSIONS, sessionId, { passRule: valid, updatedAt: now });
  });
  return { passRule: valid, passRuleText: passRuleLabel(valid) };
}

/** The presidium opens the vote: convened, candidates on the ballot, the quorum met; the box drawn. */
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
  const slots = ballotSlotCount(s.deputyIds.length);
  await drawBox(sessionId, slots);
  await transaction(async (tx) => {
    const cur = (await tx.get<CongressSession>(SESSIONS, sessionId)) ?? fail('SESSION_NOT_FOUND');
    if (cur.vote !== 'notOpen') fail('VOTE_ALREADY_OPEN');
    await tx.update(SESSIONS, sessionId, {
      vote: 'open',
      ballotCandidateIds: onBallot,
      ballotSlots: slots,
      updatedAt: now,
    });
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

/**
 * An empty slot of the session's box, picked uniformly at random. A session whose vote opened before
 * the box existed gets its box drawn now (its earlier ballots stay as they were stored).
 */
async function pickSlot(s: CongressSession): Promise<string> {
  let empty = await emptySlotIds(s._id);
  if (empty.length === 0 && s.ballotSlots === undefined) {
    await drawBox(s._id, ballotSlotCount(s.deputyIds.length));
    empty = await emptySlotIds(s._id);
  }
  if (empty.length === 0) throw new Error(`the ballot box of ${s._id} has no empty slot`);
  return empty[randomInt(empty.length)];
}

/**
 * The voter record and the ballot, in one transaction (the voter record is the one-per-deputy lock):
 * the choices go into a random empty slot; a slot another cast filled meanwhile is a conflict, and the
 * whole cast runs again with a new pick.
 */
async function writeBallot(
  sessionId: string,
  deputyId: string,
  choices: Record<string, Choice>,
  how: Pick<Voter, 'via' | 'enteredBy'>,
  extra?: (tx: Transaction) => Promise<void>,
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
    const slot = await pickSlot(s);
    const empty = await tx.get<BallotSlot>(BALLOTS, slot);
    if (!empty || empty.filled) throw new WriteConflict(`slot ${slot} was filled meanwhile`);
    const voter: Omit<Voter, '_id'> = { sessionId, deputyId, ...how };
    await tx.set(VOTERS, voterId, voter as unknown as Record<string, unknown>);
    const ballot: Omit<BallotSlot, '_id'> = { sessionId, filled: true, choices };
    await tx.set(BALLOTS, slot, ballot as unknown as Record<string, unknown>);
    if (extra) await extra(tx);
  }, CAST_ATTEMPTS);
}

/** A present deputy casts their one ballot in the mini-program. The answer holds no choice. */
export async function castBallot(
  { caller }: ActionContext,
  sessionId: string,
  choices: Record<string, string>,
): Promise<{ voted: true }> {
  const deputyId = caller.user?.deputyId ?? fail('SESSION_NOT_A_MEMBER');
  const valid = await checkVoter(sessionId, deputyId, choices);
  await writeBallot(sessionId, deputyId, valid, { via: 'app' });
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

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  length: number,
  options: ScryptOptions,
) => Promise<Buffer>;
/** A memory-hard key derivation (about 16 MB, tens of ms a call) for the held entry's id. */
const PAIRING_KDF: ScryptOptions = { N: 2 ** 14, r: 8, p: 1 };

/**
 * A held entry's id, from its pairing code. A pairing code has about 50 bits, so a fast hash of it could
 * be searched offline by whoever reads the store, and the code would then unlock the digest of a
 * named deputy's choices; scrypt makes that search cost years, not hours.
 */
const entryId = async (code: string) =>
  `pe${(await scryptAsync(code, 'congress-paper-pairing', 16, PAIRING_KDF)).toString('hex')}`;

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
    const id = await entryId(code);
    await transaction((tx) => tx.set(PAPER_ENTRIES, id, { ...entry, at: now }));
    return { held: true, pairingCode: code };
  }
  const code = pairingCode.toUpperCase();
  const id = await entryId(code);
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
    { via: 'paper', enteredBy: [first.enteredBy, caller.openid] },
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
  passRule: PassRule;
  /** The rule in plain words: 获得全体代表过半数赞成票通过. */
  passRuleText: string;
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
  // A paper ballot whose second entry never came: its held entry names the deputy, so it goes.
  await dropPaperEntries(sessionId);
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
    passRule: s.passRule,
    passRuleText: passRuleLabel(s.passRule),
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
