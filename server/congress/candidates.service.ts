/**
 * Candidate livelihood projects (民生实事候选项目): the presidium drafts them (title, description, budget
 * in 万元, the responsible office, villages, the villagers' opinions that asked for them — each checked to
 * exist in the township), publishes each for comment until a day, and puts them on the ballot. Villagers
 * read and comment (content-checked: a risky or doubtful comment is held back, shown to the presidium
 * only; at most COMMENTS_PER_PERSON per person and candidate; once per request id). Publishing tells the
 * villagers who raised the linked opinions (opinionProgress, in the same transaction as the change).
 */
import { createHash } from 'node:crypto';
import {
  checkComment,
  checkDraft,
  commentsOpen,
  COMMENTS_PER_PERSON,
  CANDIDATES_MAX,
  type CandidateDraft,
} from '../../core/congress/candidate.rules';
import type { Candidate, CandidateComment } from '../../core/congress/congress.types';
import { CANDIDATE_STATUS_LABELS } from '../../core/congress/congress.types';
import type { OpinionStatus } from '../../core/opinion/opinion.types';
import { STATUS_LABELS } from '../../core/opinion/opinion.privacy';
import type { Ymd } from '../../core/calendar/china-time';
import { chinaDate } from '../../core/calendar/china-time';
import { messageTime } from '../../core/notify/message.fields';
import { pageWith } from '../../core/notify/pages';
import { checkTexts } from '../content-check';
import { transaction } from '../db/collection';
import { fail, orFail } from '../errors';
import { queueMessage } from '../outbox';
import { requireDateIn } from '../schemas';
import type { ActionContext, Caller } from '../pipeline';
import {
  CANDIDATES,
  candidateOrFail,
  candidatesOf,
  COMMENTS,
  commentsOf,
  countComments,
  departmentExists,
  opinionsByIds,
  placeNames,
  recentOpinions,
  sessionOrFail,
  villageExists,
} from './sessions.repo';

const isStaff = (c: Caller) => c.role === 'presidium';
const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/** Departments, villages and opinions the draft names exist in the township. */
async function checkReferences(d: CandidateDraft): Promise<void> {
  if (!(await departmentExists(d.departmentId))) fail('CANDIDATE_DEPARTMENT_NOT_FOUND');
  for (const v of d.villageCodes) if (!(await villageExists(v))) fail('CANDIDATE_VILLAGE_NOT_FOUND');
  const found = await opinionsByIds(d.opinionIds);
  if (found.length !== d.opinionIds.length) fail('CANDIDATE_OPINION_NOT_FOUND');
}

/**
 * The presidium drafts a candidate of a session not yet closed (its id from the request id: a retry
 * answers the same candidate), or rewrites a draft (`candidateId`).
 */
export async function saveDraft(
  { now }: ActionContext,
  sessionId: string,
  requestId: string,
  candidateId: string | undefined,
  input: CandidateDraft,
): Promise<{ candidateId: string }> {
  const draft = orFail(checkDraft(input));
  const session = await sessionOrFail(sessionId);
  if (session.status === 'closed' || session.vote !== 'notOpen') fail('SESSION_NOT_DRAFT');
  await checkReferences(draft);
  const id = candidateId ?? `c${digest(`${sessionId}:${requestId}`).slice(0, 20)}`;
  if (!candidateId) {
    const others = await candidatesOf(sessionId);
    if (others.length >= CANDIDATES_MAX && !others.some((c) => c._id === id)) fail('CANDIDATE_TOO_MANY');
  }
  await transaction(async (tx) => {
    const before = await tx.get<Candidate>(CANDIDATES, id);
    if (candidateId && (!before || before.sessionId !== sessionId)) fail('CANDIDATE_NOT_FOUND');
    if (before && !candidateId) return; // the same request again
    if (before && before.status !== 'draft') fail('CANDIDATE_NOT_DRAFT');
    const doc: Omit<Candidate, '_id'> = {
      sessionId,
      ...draft,
      status: 'draft',
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    await tx.set(CANDIDATES, id, doc as unknown as Record<string, unknown>);
  });
  return { candidateId: id };
}

/**
 * The presidium publishes a draft for comment until `commentUntil`; the villagers who raised its linked
 * opinions are told, in the same transaction.
 */
export async function publish(
  { now }: ActionContext,
  candidateId: string,
  commentUntil: Ymd,
): Promise<{ candidateId: string; told: number }> {
  const until = requireDateIn('candidateComment', commentUntil, chinaDate(now));
  const c = await candidateOrFail(candidateId);
  const opinions = await opinionsByIds(c.opinionIds);
  let told = 0;
  await transaction(async (tx) => {
    const cur = (await tx.get<Candidate>(CANDIDATES, candidateId)) ?? fail('CANDIDATE_NOT_FOUND');
    if (cur.status !== 'draft') fail('CANDIDATE_NOT_DRAFT');
    await tx.update(CANDIDATES, candidateId, { status: 'commenting', commentUntil: until, updatedAt: now });
    told = 0;
    for (const o of opinions) {
      if (!o.villagerOpenid) continue;
      await queueMessage(
        tx,
        {
          key: `candidate:${candidateId}:${o._id}`,
          openid: o.villagerOpenid,
          template: 'opinionProgress',
          page: pageWith('villagerCase', { id: o._id }),
          fields: {
            thing1: o.text ?? '您反映的问题',
            phrase2: '列入候选',
            thing3: `已列入民生实事候选项目：${cur.title}`,
            time4: messageTime(now),
          },
          ref: `candidate:${candidateId}`,
        },
        now,
      );
      told += 1;
    }
  });
  return { candidateId, told };
}

/** The presidium puts candidates published for comment on the ballot (before the vote opens). */
export async function putOnBallot(
  { now }: ActionContext,
  sessionId: string,
  candidateIds: string[],
): Promise<{ onBallot: string[] }> {
  const session = await sessionOrFail(sessionId);
  if (session.status === 'closed' || session.vote !== 'notOpen') fail('VOTE_ALREADY_OPEN');
  await transaction(async (tx) => {
    for (const id of new Set(candidateIds)) {
      const c = await tx.get<Candidate>(CANDIDATES, id);
      if (!c || c.sessionId !== sessionId) fail('CANDIDATE_NOT_FOUND');
      if (c.status === 'onBallot') continue;
      if (c.status !== 'commenting') fail('CANDIDATE_NOT_COMMENTING');
    }
    for (const id of new Set(candidateIds))
      await tx.update(CANDIDATES, id, { status: 'onBallot', updatedAt: now });
  });
  const all = await candidatesOf(sessionId);
  return {
    onBallot: all
      .filter((c) => c.status === 'onBallot')
      .map((c) => c._id)
      .sort(),
  };
}

export interface CandidateView {
  _id: string;
  sessionId: string;
  title: string;
  description: string;
  budgetWan: number;
  departmentId: string;
  /** The responsible office's and the villages' names, as villagers know them ('' / left out when gone). */
  departmentName: string;
  villageCodes: string[];
  villageNames: string[];
  opinionIds: string[];
  /** "源自群众意见N件" */
  fromOpinions: number;
  status: Candidate['status'];
  statusLabel: string;
  commentUntil: Ymd | null;
  commentsOpen: boolean;
  comments: number;
  result: Candidate['result'] | null;
}

type Names = Awaited<ReturnType<typeof placeNames>>;

function viewOf(c: Candidate, today: Ymd, comments: number, staff: boolean, names: Names): CandidateView {
  return {
    _id: c._id,
    sessionId: c.sessionId,
    title: c.title,
    description: c.description,
    budgetWan: c.budgetWan,
    departmentId: c.departmentId,
    departmentName: names.departments.get(c.departmentId) ?? '',
    villageCodes: c.villageCodes,
    villageNames: c.villageCodes.flatMap((v) => names.villages.get(v) ?? []),
    // The linked opinions' ids for the presidium only: the public sees how many (源自群众意见N件).
    opinionIds: staff ? c.opinionIds : [],
    fromOpinions: c.opinionIds.length,
    status: c.status,
    statusLabel: CANDIDATE_STATUS_LABELS[c.status],
    commentUntil: c.commentUntil ?? null,
    commentsOpen: commentsOpen(c, today),
    comments,
    result: c.result ?? null,
  };
}

/** A session's candidates: drafts for the presidium only. */
export async function listCandidates(
  { caller, now }: ActionContext,
  sessionId: string,
): Promise<CandidateView[]> {
  await sessionOrFail(sessionId);
  const all = (await candidatesOf(sessionId)).filter((c) => isStaff(caller) || c.status !== 'draft');
  all.sort((a, b) => +a.createdAt - +b.createdAt || a._id.localeCompare(b._id));
  const today = chinaDate(now);
  const [names, counts] = await Promise.all([
    placeNames(
      all.flatMap((c) => c.villageCodes),
      all.map((c) => c.departmentId),
    ),
    Promise.all(all.map((c) => countComments(c._id))),
  ]);
  return all.map((c, i) => viewOf(c, today, counts[i], isStaff(caller), names));
}

/** One candidate with its comments (held-back ones for the presidium only; never who wrote them). */
export async function getCandidate(
  { caller, now }: ActionContext,
  candidateId: string,
): Promise<CandidateView & { commentList: { content: string; at: Date; mine: boolean; held: boolean }[] }> {
  const c = await candidateOrFail(candidateId);
  if (c.status === 'draft' && !isStaff(caller)) fail('CANDIDATE_NOT_FOUND');
  const [comments, names] = await Promise.all([
    commentsOf(candidateId),
    placeNames(c.villageCodes, [c.departmentId]),
  ]);
  const shown = comments.filter((m) => m.visible || isStaff(caller) || m.openid === caller.openid);
  return {
    ...viewOf(c, chinaDate(now), comments.length, isStaff(caller), names),
    commentList: shown.map((m) => ({
      content: m.content,
      at: m.at,
      mine: m.openid === caller.openid,
      held: !m.visible,
    })),
  };
}

/** Anyone comments on a candidate open for comment (content-checked, capped, once per request id). */
export async function comment(
  { caller, now }: ActionContext,
  candidateId: string,
  requestId: string,
  content: string,
): Promise<{ commentId: string; held: boolean }> {
  const text = orFail(checkComment(content));
  const c = await candidateOrFail(candidateId);
  if (c.status === 'draft') fail('CANDIDATE_NOT_FOUND');
  if (!commentsOpen(c, chinaDate(now))) fail('COMMENTS_CLOSED');
  const id = `cc-${digest(`${candidateId}:${caller.openid}:${requestId}`).slice(0, 24)}`;
  const existing = await transaction((tx) => tx.get<CandidateComment>(COMMENTS, id));
  if (existing) return { commentId: id, held: !existing.visible };
  if ((await countComments(candidateId, caller.openid)) >= COMMENTS_PER_PERSON) fail('COMMENT_LIMIT');
  const verdict = await checkTexts([text], caller.openid);
  const visible = verdict === 'pass';
  await transaction(async (tx) => {
    if (await tx.get(COMMENTS, id)) return;
    const doc: Omit<CandidateComment, '_id'> = {
      candidateId,
      sessionId: c.sessionId,
      openid: caller.openid,
      content: text,
      visible,
      at: now,
    };
    await tx.set(COMMENTS, id, doc as unknown as Record<string, unknown>);
  });
  return { commentId: id, held: !visible };
}

/** The opinions the candidate form offers to link: open ones and answered ones (not held, not merged). */
export const LINKABLE_STATUSES: readonly OpinionStatus[] = [
  'assigned',
  'accepted',
  'transferred',
  'replied',
  'resolved',
  'closed',
];
/** Opinions answered per page; opinions read per call to find them (a query filters what is read). */
export const LINKABLE_PAGE = 20;
export const LINKABLE_SCAN = 100;
const EXCERPT_CHARS = 40;

export interface LinkableOpinionRow {
  id: string;
  excerpt: string;
  village: string;
  status: string;
}

/**
 * The presidium's picker of opinions to link to a candidate: the township's recent open and answered
 * opinions, newest first, a page at a time (`cursor` from the previous page), optionally those whose text
 * or village contains `query`. Reads at most LINKABLE_SCAN opinions per call (one indexed query).
 */
export async function opinionsForCandidate(
  _ctx: ActionContext,
  query: string | undefined,
  cursor: number | undefined,
): Promise<{ opinions: LinkableOpinionRow[]; nextCursor: number | null }> {
  const scanned = await recentOpinions(
    LINKABLE_STATUSES,
    cursor !== undefined ? new Date(cursor) : null,
    LINKABLE_SCAN,
  );
  const { villages } = await placeNames(
    scanned.map((o) => o.villageCode),
    [],
  );
  const q = query?.trim() ?? '';
  const rows: LinkableOpinionRow[] = [];
  let consumed = 0;
  for (const o of scanned) {
    if (rows.length >= LINKABLE_PAGE) break;
    consumed += 1;
    const village = villages.get(o.villageCode) ?? '';
    if (q && !o.text.includes(q) && !village.includes(q) && o._id !== q) continue;
    rows.push({
      id: o._id,
      excerpt: o.text.length > EXCERPT_CHARS ? `${o.text.slice(0, EXCERPT_CHARS)}…` : o.text,
      village,
      status: STATUS_LABELS[o.status as OpinionStatus] ?? '',
    });
  }
  const more = consumed < scanned.length || scanned.length === LINKABLE_SCAN;
  const last = consumed > 0 ? scanned[consumed - 1].submittedAt : null;
  return { opinions: rows, nextCursor: more && last ? +new Date(last) : null };
}
