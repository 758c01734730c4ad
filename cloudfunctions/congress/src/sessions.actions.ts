/**
 * The `congress` function's actions on sessions, candidates and the vote: the session (create, convene,
 * check in, quorum, close), candidate projects (draft, publish for comment, comment, put on the ballot)
 * and the secret ballot (pass rule, open, cast, paper entry, close, results, verify). Each calls one use case of
 * server/congress/{sessions,candidates,votes}.service.ts.
 */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
import { z } from 'zod';
import {
  BUDGET_MAX_WAN,
  COMMENT_MAX,
  DESCRIPTION_MAX,
  OPINIONS_MAX,
  TITLE_MAX,
  VILLAGES_MAX,
  CANDIDATES_MAX,
} from '../../../core/congress/candidate.rules';
import { CHOICES, PASS_BASES, PASS_DENOMINATOR_MAX } from '../../../core/congress/congress.types';
import { AGENDA_MAX, AGENDA_TITLE_MAX, PLACE_MAX } from '../../../core/congress/session.rules';
import * as candidates from '../../../server/congress/candidates.service';
import * as sessions from '../../../server/congress/sessions.service';
import * as votes from '../../../server/congress/votes.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, ymdField } from '../../../server/schemas';

const sessionIdSchema = () => z.string().regex(/^s-\d{1,2}-\d{1,2}$/, '会议编号格式不正确');
const sessionFields = () => ({
  date: ymdField(),
  endDate: ymdField().optional(),
  place: z.string().min(1, '请填写会议地点').max(PLACE_MAX, `会议地点最多${PLACE_MAX}字`),
  agenda: z
    .array(
      z.strictObject({
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 09:00'),
        title: z.string().min(1, '请填写议程').max(AGENDA_TITLE_MAX, `每项议程最多${AGENDA_TITLE_MAX}字`),
      }),
    )
    .max(AGENDA_MAX, `议程最多${AGENDA_MAX}项`),
});
const draftFields = () => ({
  title: z.string().max(TITLE_MAX * 2, '项目名称太长了'),
  description: z.string().max(DESCRIPTION_MAX * 2, '项目内容太长了'),
  budgetWan: z.number().min(0).max(BUDGET_MAX_WAN),
  departmentId: idField(),
  villageCodes: z.array(idField()).max(VILLAGES_MAX, `最多选择${VILLAGES_MAX}个村`),
  opinionIds: z.array(idField()).max(OPINIONS_MAX, `最多关联${OPINIONS_MAX}件群众意见`),
});
/** candidateId → 'yes' | 'no' | 'abstain'; unknown or missing candidates are the service's BALLOT_INCOMPLETE. */
const choicesSchema = () =>
  z
    .record(idField(), z.enum(CHOICES))
    .refine((r) => !!r && typeof r === 'object' && Object.keys(r).length <= CANDIDATES_MAX, {
      message: `候选项目最多${CANDIDATES_MAX}个`,
      when: () => true,
    })
    .meta({ maxProperties: CANDIDATES_MAX });

export const sessionActions = {
  // --- sessions ---------------------------------------------------------------------------------
  createSession: action({
    summary:
      'The presidium creates a session of the township congress in draft: term (届), meeting (次), first and last day, place, agenda. One per term and meeting (SESSION_EXISTS). Answers { sessionId }.',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        term: z.number().int().min(1).max(30),
        meeting: z.number().int().min(1).max(30),
        ...sessionFields(),
      }),
    run: (ctx, input) => sessions.createSession(ctx, input),
  }),

  editSession: action({
    summary:
      'The presidium changes a draft session’s dates, place and agenda (SESSION_NOT_DRAFT once convened).',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema(), ...sessionFields() }),
    run: (ctx, { sessionId, ...input }) => sessions.editSession(ctx, sessionId, input),
  }),

  listSessions: action({
    summary:
      'The township congress’s sessions, newest first, each with status, vote state, quorum and candidates count.',
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: (ctx) => sessions.listSessions(ctx),
  }),

  getSession: action({
    summary:
      'One session: agenda, status, vote state, quorum (present/total/needed/met), candidates count; the presidium also gets the check-in code for the QR code; a deputy of the session gets `me` (present, voted — never how).',
    audience: 'anyone',
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => sessions.getSession(ctx, sessionId),
  }),

  convene: action({
    summary:
      'The presidium convenes a draft session: its deputies are fixed (the township’s active deputies of level township) and the check-in code drawn. Answers the session view.',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => sessions.convene(ctx, sessionId),
  }),

  closeSession: action({
    summary: 'The presidium closes a convened session (SESSION_VOTE_OPEN while the vote is open).',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => sessions.close(ctx, sessionId),
  }),

  checkIn: action({
    summary:
      'A deputy of the session checks in with what the QR code at the door carries (`session:<id>:<code>`, or the code typed; SESSION_CHECKIN_CODE_WRONG); twice changes nothing. Answers { present, quorum }.',
    audience: ['deputy'],
    input: () =>
      z.strictObject({ sessionId: sessionIdSchema(), code: z.string().min(1).max(40, '签到码格式不正确') }),
    run: (ctx, { sessionId, code }) => sessions.checkIn(ctx, sessionId, code),
  }),

  markPresent: action({
    summary:
      'Staff mark a deputy of the session present (no smartphone, a failed scan). Answers { present, quorum }.',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema(), deputyId: idField() }),
    run: (ctx, { sessionId, deputyId }) => sessions.markPresent(ctx, sessionId, deputyId),
  }),

  sessionAttendance: action({
    summary:
      'The presidium’s roll call: the quorum and every deputy of the session, present or not and how (qr/staff).',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => sessions.attendance(ctx, sessionId),
  }),

  // --- candidates -------------------------------------------------------------------------------
  saveCandidate: action({
    summary:
      'The presidium drafts a candidate project of a session (title, description, budget 万元, responsible department, villages, linked opinion ids — each checked to exist here), or rewrites a draft (candidateId). A retry with the same requestId answers the same candidate. Answers { candidateId }.',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        sessionId: sessionIdSchema(),
        requestId: requestIdField(),
        candidateId: idField().optional(),
        ...draftFields(),
      }),
    run: (ctx, { sessionId, requestId, candidateId, ...draft }) =>
      candidates.saveDraft(ctx, sessionId, requestId, candidateId, draft),
  }),

  opinionsForCandidate: action({
    summary:
      'The presidium’s picker of opinions to link to a candidate: the township’s recent open and answered opinions, newest first, 20 a page (cursor: the last page’s nextCursor, a time in ms), optionally those whose text or village contains `query`. Answers { opinions: [{ id, excerpt, village, status }], nextCursor }.',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        query: z.string().max(20, '搜索词最多20字').optional(),
        cursor: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
      }),
    run: (ctx, { query, cursor }) => candidates.opinionsForCandidate(ctx, query, cursor),
  }),

  publishCandidate: action({
    summary:
      'The presidium publishes a draft for comment until a day (today … 60 days); the villagers who raised its linked opinions are told (opinionProgress). Answers { candidateId, told }.',
    audience: ['presidium'],
    input: () => z.strictObject({ candidateId: idField(), commentUntil: ymdField() }),
    run: (ctx, { candidateId, commentUntil }) => candidates.publish(ctx, candidateId, commentUntil),
  }),

  listCandidates: action({
    summary:
      'A session’s candidates (drafts for the presidium only): budget, office, villages, 源自群众意见N件, status, comment window, comments count and, once voted, the result with counts.',
    audience: 'anyone',
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => candidates.listCandidates(ctx, sessionId),
  }),

  getCandidate: action({
    summary:
      'One candidate with its comments (held-back ones only for the presidium and their writer; never who wrote them).',
    audience: 'anyone',
    input: () => z.strictObject({ candidateId: idField() }),
    run: (ctx, { candidateId }) => candidates.getCandidate(ctx, candidateId),
  }),

  commentCandidate: action({
    summary:
      'Anyone comments on a candidate open for comment (content-checked: a doubtful comment is held back; at most 3 per person per candidate; once per requestId). Answers { commentId, held }.',
    audience: 'anyone',
    input: () =>
      z.strictObject({
        candidateId: idField(),
        requestId: requestIdField(),
        content: z.string().max(COMMENT_MAX * 2, `意见最多${COMMENT_MAX}字`),
      }),
    run: (ctx, { candidateId, requestId, content }) =>
      candidates.comment(ctx, candidateId, requestId, content),
  }),

  putOnBallot: action({
    summary:
      'The presidium puts candidates published for comment on the session’s ballot (before the vote opens). Answers { onBallot } (every candidate on it).',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        sessionId: sessionIdSchema(),
        candidateIds: z.array(idField()).min(1).max(CANDIDATES_MAX),
      }),
    run: (ctx, { sessionId, candidateIds }) => candidates.putOnBallot(ctx, sessionId, candidateIds),
  }),

  // --- the vote ---------------------------------------------------------------------------------
  setPassRule: action({
    summary:
      'The presidium sets the rule candidates pass by, before the vote opens (PASS_RULE_LOCKED once it is open or the session closed): more than numerator/denominator of all or present deputies vote yes, at least one half, denominator at most 10 (PASS_RULE_INVALID). Answers { passRule, passRuleText } (e.g. 获得全体代表过半数赞成票通过).',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        sessionId: sessionIdSchema(),
        base: z.enum(PASS_BASES),
        numerator: z
          .number()
          .int()
          .min(1)
          .max(PASS_DENOMINATOR_MAX - 1),
        denominator: z.number().int().min(2).max(PASS_DENOMINATOR_MAX),
      }),
    run: (ctx, { sessionId, base, numerator, denominator }) =>
      votes.setPassRule(ctx, sessionId, { base, numerator, denominator }),
  }),

  openVote: action({
    summary:
      'The presidium opens the vote: the session convened, candidates on the ballot (BALLOT_EMPTY), more than two thirds of all deputies present (QUORUM_NOT_MET, details: the quorum). Answers { onBallot }.',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => votes.openVote(ctx, sessionId),
  }),

  castBallot: action({
    summary:
      'A present deputy casts their one secret ballot: a choice (yes/no/abstain) for every candidate on the ballot and no other (BALLOT_INCOMPLETE); never changed (BALLOT_ALREADY_CAST); BALLOT_NOT_PRESENT, VOTE_NOT_OPEN. Answers { voted: true } only.',
    audience: ['deputy'],
    input: () => z.strictObject({ sessionId: sessionIdSchema(), choices: choicesSchema() }),
    run: (ctx, { sessionId, choices }) => votes.castBallot(ctx, sessionId, choices),
  }),

  enterPaperBallot: action({
    summary:
      'The session’s staff (presidium or liaison staff) enter a present deputy’s paper ballot. First entry (no pairingCode): held, answers { held, pairingCode }. Second entry by ANOTHER staff member with that code and the same choices: counted, answers { voted: true } (PAPER_SAME_STAFF, PAPER_MISMATCH, PAPER_PAIRING_NOT_FOUND count nothing).',
    // The session's staff: the presidium's members and the township's liaison staff (联络员) working
    // the session; a session is township-wide, so no station scope.
    audience: ['presidium', 'stationAdmin'],
    scope: 'caller',
    input: () =>
      z.strictObject({
        sessionId: sessionIdSchema(),
        deputyId: idField(),
        choices: choicesSchema(),
        pairingCode: z
          .string()
          .regex(/^[A-Za-z0-9]{10}$/, '配对码为10位字母或数字')
          .optional(),
      }),
    run: (ctx, { sessionId, deputyId, choices, pairingCode }) =>
      votes.enterPaper(ctx, sessionId, deputyId, choices, pairingCode),
  }),

  closeVote: action({
    summary:
      'The presidium closes the vote: ballots counted per candidate, the session’s pass rule applied (default: more than half of all deputies vote yes), candidates passed or failed. Answers the results.',
    audience: ['presidium'],
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (ctx, { sessionId }) => votes.closeVote(ctx, sessionId),
  }),

  sessionResults: action({
    summary:
      'The published results once the vote is closed (TALLY_NOT_READY before): deputies, present, ballots, yes needed, the pass rule and its plain words, and per candidate yes/no/abstain and passed.',
    audience: 'anyone',
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (_ctx, { sessionId }) => votes.results(sessionId),
  }),

  verifyTally: action({
    summary:
      'Anyone re-counts the closed vote from the stored ballots: ballots = voters, each candidate’s yes+no+abstain = ballots, and the published counts the same (`verified`).',
    audience: 'anyone',
    input: () => z.strictObject({ sessionId: sessionIdSchema() }),
    run: (_ctx, { sessionId }) => votes.verifyTally(sessionId),
  }),
};
