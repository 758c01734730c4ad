/**
 * Sessions of the township congress: the presidium creates one (term, meeting, dates, place, agenda),
 * convenes it — its deputies are then fixed: the township's active deputies of level 'township' — and
 * closes it. Deputies check in by scanning the QR code at the door (its code drawn when convened, as a
 * reception day's check-in codes are), or staff mark them present. The quorum (more than two thirds of
 * all deputies present) is shown and enforced before the vote opens (votes.service.ts).
 */
import { qrDataUrl } from '../qr';
import { randomInt } from 'node:crypto';
import type { Attendance, AgendaItem, CongressSession, PassRule } from '../../core/congress/congress.types';
import { DEFAULT_PASS_RULE, SESSION_STATUS_LABELS } from '../../core/congress/congress.types';
import {
  CHECKIN_ALPHABET,
  checkSessionDates,
  normaliseSessionCode,
  quorum,
  SESSION_CHECKIN_LENGTH,
  sessionCheckInCode,
  sessionQrOf,
  sessionId as idOf,
  sessionTitle,
  type Quorum,
} from '../../core/congress/session.rules';
import { passRuleLabel } from '../../core/congress/vote.rules';
import type { Ymd } from '../../core/calendar/china-time';
import { chinaDate } from '../../core/calendar/china-time';
import { DESCRIPTION_MAX_CHARS } from '../../core/duty/duty.rules';
import { findById, transaction } from '../db/collection';
import { recordSystemDuty } from '../duty/duty.service';
import { fail, orFail } from '../errors';
import { townshipName } from '../identity/townships.repo';
import type { ActionContext, Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { currentTownship } from '../tenancy';
import {
  ATTENDANCE,
  attendanceOf,
  candidatesOf,
  congressDeputies,
  countAttendance,
  deputiesByIds,
  SESSIONS,
  sessionOrFail,
  listSessions as allSessions,
  voterOf,
} from './sessions.repo';

export interface SessionInput {
  term: number;
  meeting: number;
  date: Ymd;
  endDate?: Ymd;
  place: string;
  agenda: AgendaItem[];
}

const isStaff = (c: Caller) => c.role === 'presidium';

/** The presidium creates a session in draft: one per term and meeting (SESSION_EXISTS). */
export async function createSession(
  { now }: ActionContext,
  input: SessionInput,
): Promise<{ sessionId: string }> {
  const today = chinaDate(now);
  requireDateIn('session', input.date, today);
  const endDate = input.endDate ?? input.date;
  orFail(checkSessionDates(input.date, endDate));
  const id = idOf(input.term, input.meeting);
  const name = await townshipName(currentTownship() ?? '');
  await transaction(async (tx) => {
    if (await tx.get(SESSIONS, id)) fail('SESSION_EXISTS');
    const doc: Omit<CongressSession, '_id'> = {
      term: input.term,
      meeting: input.meeting,
      title: sessionTitle(name, input.term, input.meeting),
      date: input.date,
      endDate,
      place: input.place.trim(),
      agenda: input.agenda.map((a) => ({ time: a.time, title: a.title.trim() })),
      status: 'draft',
      vote: 'notOpen',
      passRule: DEFAULT_PASS_RULE,
      deputyIds: [],
      createdAt: now,
      updatedAt: now,
    };
    await tx.set(SESSIONS, id, doc as unknown as Record<string, unknown>);
  });
  return { sessionId: id };
}

/** The presidium edits a session still in draft. */
export async function editSession(
  { now }: ActionContext,
  id: string,
  input: Omit<SessionInput, 'term' | 'meeting'>,
): Promise<{ sessionId: string }> {
  requireDateIn('session', input.date, chinaDate(now));
  const endDate = input.endDate ?? input.date;
  orFail(checkSessionDates(input.date, endDate));
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, id)) ?? fail('SESSION_NOT_FOUND');
    if (s.status !== 'draft') fail('SESSION_NOT_DRAFT');
    await tx.update(SESSIONS, id, {
      date: input.date,
      endDate,
      place: input.place.trim(),
      agenda: input.agenda.map((a) => ({ time: a.time, title: a.title.trim() })),
      updatedAt: now,
    });
  });
  return { sessionId: id };
}

const drawCode = () =>
  sessionCheckInCode(
    Array.from({ length: SESSION_CHECKIN_LENGTH }, () => randomInt(CHECKIN_ALPHABET.length)),
  );

/** The presidium convenes a draft session: its deputies are fixed and the check-in code drawn. */
export async function convene({ now }: ActionContext, id: string): Promise<SessionView> {
  const deputies = await congressDeputies();
  if (deputies.length === 0) fail('SESSION_NO_DEPUTIES');
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, id)) ?? fail('SESSION_NOT_FOUND');
    if (s.status !== 'draft') fail('SESSION_NOT_DRAFT');
    await tx.update(SESSIONS, id, {
      status: 'convened',
      deputyIds: deputies.map((d) => d._id),
      checkInCode: drawCode(),
      updatedAt: now,
    });
  });
  return view(await sessionOrFail(id), { openid: '', role: 'presidium' } as Caller);
}

/** The presidium closes a convened session once its vote is not open (SESSION_VOTE_OPEN). */
export async function close({ now }: ActionContext, id: string): Promise<{ sessionId: string }> {
  await transaction(async (tx) => {
    const s = (await tx.get<CongressSession>(SESSIONS, id)) ?? fail('SESSION_NOT_FOUND');
    if (s.status !== 'convened') fail('SESSION_NOT_CONVENED');
    if (s.vote === 'open') fail('SESSION_VOTE_OPEN');
    await tx.update(SESSIONS, id, { status: 'closed', updatedAt: now });
  });
  return { sessionId: id };
}

/** A deputy of the session checks in with the code the QR code at the door carries. */
export async function checkIn(
  { caller, now }: ActionContext,
  id: string,
  code: string,
): Promise<{ present: true; quorum: Quorum }> {
  const deputyId = caller.user?.deputyId ?? fail('SESSION_NOT_A_MEMBER');
  const s = await sessionOrFail(id);
  if (s.status !== 'convened') fail('SESSION_NOT_CONVENED');
  if (!s.deputyIds.includes(deputyId)) fail('SESSION_NOT_A_MEMBER');
  if (!s.checkInCode || normaliseSessionCode(code, id) !== s.checkInCode) fail('SESSION_CHECKIN_CODE_WRONG');
  await markAttendance(s, deputyId, 'qr', now);
  return { present: true, quorum: quorum(await countAttendance(id), s.deputyIds.length) };
}

/** Staff mark a deputy of the session present (a deputy without a smartphone, a failed scan). */
export async function markPresent(
  { now }: ActionContext,
  id: string,
  deputyId: string,
): Promise<{ present: true; quorum: Quorum }> {
  const s = await sessionOrFail(id);
  if (s.status !== 'convened') fail('SESSION_NOT_CONVENED');
  if (!s.deputyIds.includes(deputyId)) fail('SESSION_NOT_A_MEMBER');
  await markAttendance(s, deputyId, 'staff', now);
  return { present: true, quorum: quorum(await countAttendance(id), s.deputyIds.length) };
}

/**
 * Once per deputy per session (`${sessionId}:${deputyId}`): a second check-in changes nothing. The
 * deputy's duty record of the meeting (type 'meeting', sourceRef `session:<id>`) is written with the
 * attendance, in the same transaction.
 */
async function markAttendance(
  s: CongressSession,
  deputyId: string,
  via: Attendance['via'],
  now: Date,
): Promise<void> {
  const _id = `${s._id}:${deputyId}`;
  const [deputy] = await deputiesByIds([deputyId]);
  if (!deputy) fail('SESSION_NOT_A_MEMBER');
  await transaction(async (tx) => {
    if (await tx.get(ATTENDANCE, _id)) return;
    await tx.set(ATTENDANCE, _id, { sessionId: s._id, deputyId, via, at: now });
    await recordSystemDuty(
      tx,
      {
        deputyId,
        stationCode: deputy.stationCode,
        type: 'meeting',
        date: chinaDate(now),
        description: `出席${s.title}`.slice(0, DESCRIPTION_MAX_CHARS),
        peopleReached: 0,
        sourceRef: `session:${s._id}`,
      },
      now,
    );
  });
}

export async function isPresent(sessionId: string, deputyId: string): Promise<boolean> {
  return (await findById(ATTENDANCE, `${sessionId}:${deputyId}`)) !== null;
}

export interface SessionView {
  _id: string;
  title: string;
  term: number;
  meeting: number;
  date: Ymd;
  endDate: Ymd;
  place: string;
  agenda: AgendaItem[];
  status: CongressSession['status'];
  statusLabel: string;
  vote: CongressSession['vote'];
  /** The rule candidates pass by, and in plain words (获得全体代表过半数赞成票通过). */
  passRule: PassRule;
  passRuleText: string;
  quorum: Quorum;
  candidates: number;
  /** The presidium only, while convened: the check-in code, the QR code's text and its image (data URL). */
  checkInCode: string | null;
  checkInQr: string | null;
  checkInQrDataUrl: string | null;
  /** The caller as a deputy of this session (null when they are not one). */
  me: { deputyId: string; present: boolean; voted: boolean } | null;
}

async function view(s: CongressSession, caller: Caller): Promise<SessionView> {
  const [present, candidates] = await Promise.all([countAttendance(s._id), candidatesOf(s._id)]);
  const deputyId = caller.user?.deputyId;
  const mine = deputyId && s.deputyIds.includes(deputyId);
  const total = s.status === 'draft' ? (await congressDeputies()).length : s.deputyIds.length;
  const showCode = isStaff(caller) && s.status === 'convened' && !!s.checkInCode;
  return {
    _id: s._id,
    title: s.title,
    term: s.term,
    meeting: s.meeting,
    date: s.date,
    endDate: s.endDate,
    place: s.place,
    agenda: s.agenda,
    status: s.status,
    statusLabel: SESSION_STATUS_LABELS[s.status],
    vote: s.vote,
    passRule: s.passRule ?? DEFAULT_PASS_RULE,
    passRuleText: passRuleLabel(s.passRule ?? DEFAULT_PASS_RULE),
    quorum: quorum(present, total),
    candidates: candidates.filter((c) => isStaff(caller) || c.status !== 'draft').length,
    checkInCode: showCode ? (s.checkInCode ?? null) : null,
    checkInQr: showCode ? sessionQrOf(s) : null,
    checkInQrDataUrl: showCode ? await qrDataUrl(sessionQrOf(s), 480) : null,
    me: mine
      ? {
          deputyId,
          present: await isPresent(s._id, deputyId),
          voted: (await voterOf(s._id, deputyId)) !== null,
        }
      : null,
  };
}

export async function getSession({ caller }: ActionContext, id: string): Promise<SessionView> {
  return view(await sessionOrFail(id), caller);
}

export async function listSessions({ caller }: ActionContext): Promise<SessionView[]> {
  const all = await allSessions();
  return Promise.all(all.map((s) => view(s, caller)));
}

/** The presidium's list of the session's deputies, each present or not and how. */
export async function attendance(
  _ctx: ActionContext,
  id: string,
): Promise<{
  quorum: Quorum;
  deputies: { deputyId: string; name: string; present: boolean; via: Attendance['via'] | null }[];
}> {
  const s = await sessionOrFail(id);
  const ids = s.status === 'draft' ? (await congressDeputies()).map((d) => d._id) : s.deputyIds;
  const [deputies, marks] = await Promise.all([deputiesByIds(ids), attendanceOf(id)]);
  const by = new Map(marks.map((m) => [m.deputyId, m.via]));
  return {
    quorum: quorum(marks.length, ids.length),
    deputies: deputies.map((d) => ({
      deputyId: d._id,
      name: d.name,
      present: by.has(d._id),
      via: by.get(d._id) ?? null,
    })),
  };
}
