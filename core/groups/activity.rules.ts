/**
 * The rules of deputy groups and activities, pure: what a group must hold, who may organise an activity
 * and take its attendance, when a deputy may check in, and what closing records.
 *
 * The duty-record rule (the simplest honest one): attendance is a working list while the activity is
 * scheduled — a deputy checks in with the code, the organiser marks or unmarks names — and nobody is
 * credited yet. Closing the activity with its record CONFIRMS the attendance: every deputy present then
 * gets one duty record (sourceRef `activity:<id>`, the kind's DutyType), written in the same transaction
 * as the close. Once confirmed a record stands: after the close the organiser may still add a deputy the
 * list missed (their record is written with the addition), never remove one. Closing again is
 * idempotent: a duty record is one per (deputy, sourceRef), a matter's opinion one per `activity:<id>:<n>`,
 * a finding's rectification item one per `<id>_r<n>`.
 *
 * Closing again corrects the record (summary, photos, people reached): the attendees' duty records are
 * rewritten with it in the same transaction. Matters and findings already recorded are fixed facts (an
 * opinion, a rectification item an office answers): a close never removes, reorders or edits them; it
 * only appends new ones, numbered after the last (`n` is the key, so keys stay stable).
 *
 * People reached (群众人次): the activity's peopleReached is the people the activity met, not each
 * deputy. It is counted ONCE: written on one attendee's duty record — the organising leader's when
 * present, otherwise the first deputy confirmed (attendeeIds only grows, so the first stays first) —
 * and the other attendees' records carry 0 and say so in their description. Township and station
 * figures (Σ peopleReached of duty records) therefore count each activity's people once; a deputy's
 * own notice counts only the activity they carry.
 */
import { addDays, type Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import type { Activity, ActivityKind, DeputyGroup, GroupInput, Organiser } from './groups.types';
import { kindInfo } from './groups.types';

export const GROUP_NAME_MAX = 30;
export const GROUP_MEMBERS_MAX = 40;
export const GROUP_VILLAGES_MAX = 30;
export const TITLE_MAX = 40;
export const PLACE_MAX = 40;
export const INVITEES_MAX = 80;
export const SUMMARY_MAX = 1000;
export const PHOTOS_MAX = 9;
export const MATTERS_MAX = 20;
export const MATTER_TEXT_MAX = 500;
export const FINDINGS_MAX = 20;
export const FINDING_TEXT_MAX = 300;
export const FIX_NOTE_MAX = 300;
export const CANCEL_REASON_MAX = 60;
export const DESCRIPTION_MAX = 300;
export const PEOPLE_REACHED_MAX = 10000;

/** The check-in code: six digits, like a reception day's. */
export const ACTIVITY_CODE_LENGTH = 6;
/** A QR code's text: `activity:<activityId>:<code>`. */
export const ACTIVITY_QR_PREFIX = 'activity:';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const activityIdOf = (requestId: string) => `a_${requestId}`;
export const groupIdOf = (requestId: string) => `g_${requestId}`;
export const attendanceIdOf = (activityId: string, deputyId: string) => `${activityId}:${deputyId}`;
export const rectificationIdOf = (activityId: string, n: number) => `${activityId}_r${n}`;
export const activitySourceRef = (activityId: string) => `activity:${activityId}`;
export const matterKeyOf = (activityId: string, n: number) => `activity:${activityId}:${n}`;

/** The QR text of an activity's check-in code. */
export const checkInQrOf = (a: Pick<Activity, '_id' | 'checkInCode'>) =>
  `${ACTIVITY_QR_PREFIX}${a._id}:${a.checkInCode}`;

/** The activity and code a scanned QR names; ACTIVITY_CODE_INVALID when it is not an activity's. */
export function parseActivityQr(qr: string): Decision<{ activityId: string; code: string }> {
  const m = /^activity:(a_[A-Za-z0-9_-]{8,64}):(\d{6})$/.exec(qr.trim());
  return m ? allow({ activityId: m[1], code: m[2] }) : deny('ACTIVITY_CODE_INVALID');
}

/** A code from six random digits (each an integer in [0, 10)). */
export function activityCodeFrom(digits: readonly number[]): string {
  if (digits.length < ACTIVITY_CODE_LENGTH || digits.some((d) => !Number.isInteger(d) || d < 0 || d > 9)) {
    throw new RangeError('a check-in code needs six digits');
  }
  return digits.slice(0, ACTIVITY_CODE_LENGTH).join('');
}

// --- groups --------------------------------------------------------------------------------------------

/**
 * A group as the presidium wrote it: a name, the leader among the members (added when missing), members
 * without repeats, and villages of its station (the caller checks they exist).
 */
export function checkGroup(input: GroupInput): Decision<GroupInput> {
  const name = input.name.trim();
  if (!name || name.length > GROUP_NAME_MAX) return deny('GROUP_NAME_REQUIRED');
  const memberIds = [...new Set([input.leaderId, ...input.memberIds])];
  if (memberIds.length > GROUP_MEMBERS_MAX) return deny('GROUP_MEMBERS_INVALID');
  const villageCodes = [...new Set(input.villageCodes)];
  return allow({ ...input, name, memberIds, villageCodes });
}

// --- organising ----------------------------------------------------------------------------------------

/** Who the caller is as an organiser: the presidium, or the leader of a group (a deputy). */
export interface OrganiserView {
  role: 'presidium' | 'deputy' | 'other';
  openid: string;
  deputyId?: string;
}

/** The presidium organises for anyone; a deputy only for a group they lead (ACTIVITY_NOT_GROUP_LEADER). */
export function checkMayOrganise(by: OrganiserView, group: DeputyGroup | null): Decision<Organiser> {
  if (by.role === 'presidium') return allow({ openid: by.openid, role: 'presidium' });
  if (by.role === 'deputy' && by.deputyId && group && group.active && group.leaderId === by.deputyId) {
    return allow({ openid: by.openid, role: 'deputy', deputyId: by.deputyId });
  }
  return deny('ACTIVITY_NOT_GROUP_LEADER');
}

/**
 * A group leader organises for their group only: the activity is held at the group's station and only
 * the group's members are invited (ACTIVITY_OUTSIDE_GROUP otherwise). The presidium may post anywhere.
 */
export function checkGroupScope(
  organiser: Organiser,
  group: DeputyGroup | null,
  stationCode: string | undefined,
  inviteeIds: readonly string[],
): Decision<string> {
  if (organiser.role === 'presidium') {
    const code = stationCode ?? group?.stationCode;
    return code ? allow(code) : deny('STATION_NOT_FOUND');
  }
  if (!group) return deny('ACTIVITY_NOT_GROUP_LEADER');
  if (stationCode !== undefined && stationCode !== group.stationCode) return deny('ACTIVITY_OUTSIDE_GROUP');
  if (inviteeIds.some((id) => !group.memberIds.includes(id))) return deny('ACTIVITY_OUTSIDE_GROUP');
  return allow(group.stationCode);
}

/** The presidium, or the deputy who organised it (the group leader), may run the activity. */
export function checkRunsActivity(by: OrganiserView, a: Activity): Decision<Activity> {
  if (by.role === 'presidium') return allow(a);
  if (by.role === 'deputy' && a.organiser.role === 'deputy' && a.organiser.deputyId === by.deputyId) {
    return allow(a);
  }
  return deny('ACTIVITY_NOT_ORGANISER');
}

/** Start before end, both 'HH:MM'. */
export function checkTimes(start: string, end: string): Decision<{ start: string; end: string }> {
  return HHMM.test(start) && HHMM.test(end) && start < end
    ? allow({ start, end })
    : deny('ACTIVITY_TIME_INVALID');
}

/** The invitees: those named, or the group's members by default; at least one, at most INVITEES_MAX. */
export function inviteesOf(
  named: readonly string[] | undefined,
  group: DeputyGroup | null,
): Decision<string[]> {
  const ids = [...new Set(named && named.length ? named : (group?.memberIds ?? []))];
  if (ids.length === 0 || ids.length > INVITEES_MAX) return deny('ACTIVITY_INVITEES_INVALID');
  return allow(ids);
}

/** Only a scheduled activity changes (cancelled: ACTIVITY_CANCELLED; closed: ACTIVITY_CLOSED). */
export function checkScheduled(a: Activity): Decision<Activity> {
  if (a.status === 'cancelled') return deny('ACTIVITY_CANCELLED');
  if (a.status === 'closed') return deny('ACTIVITY_CLOSED');
  return allow(a);
}

// --- editing -------------------------------------------------------------------------------------------

/**
 * Who may edit an activity: whoever may schedule it — the presidium; or the leader who organised it
 * (checkRunsActivity) while still the active leader of its group (checkMayOrganise) — inviting only whom
 * scheduling would let them invite (checkGroupScope: a leader's group members at its station). The
 * same three rules as scheduling and running, composed, not restated.
 */
export function checkMayEdit(
  by: OrganiserView,
  a: Activity,
  group: DeputyGroup | null,
  inviteeIds: readonly string[],
): Decision<Organiser> {
  const runs = checkRunsActivity(by, a);
  if (!runs.ok) return runs;
  const organiser = checkMayOrganise(by, group);
  if (!organiser.ok) return organiser;
  const scope = checkGroupScope(organiser.value, group, a.stationCode, inviteeIds);
  return scope.ok ? organiser : scope;
}

/**
 * Only a scheduled activity is edited (ACTIVITY_CANCELLED, ACTIVITY_CLOSED), and only before anyone is
 * present (ACTIVITY_ATTENDANCE_TAKEN: a check-in or the organiser's list has begun it), and only from
 * the revision the form was loaded with when it names one (CONFLICT: someone else edited it since).
 */
export function checkEditable(
  a: Activity,
  anyonePresent: boolean,
  expectedRevision: number | undefined,
): Decision<Activity> {
  const scheduled = checkScheduled(a);
  if (!scheduled.ok) return scheduled;
  if (anyonePresent) return deny('ACTIVITY_ATTENDANCE_TAKEN');
  if (expectedRevision !== undefined && expectedRevision !== (a.revision ?? 0)) return deny('CONFLICT');
  return allow(a);
}

/** What an edit sets: every editable field, as checked. */
export type ActivityEdit = Pick<
  Activity,
  'title' | 'date' | 'start' | 'end' | 'place' | 'description' | 'inviteeIds'
>;

/** Who hears what of an edit (deputy ids), and whether the day, time or place moved. */
export interface EditNotices {
  /** Invited before and after, when the day, time or place changed: 活动时间/地点已变更. */
  changed: string[];
  /** Newly invited: the invitation, with the new details. */
  invited: string[];
  /** No longer invited: 无需参加, with the details they were told before. */
  removed: string[];
  timeMoved: boolean;
  placeMoved: boolean;
  /** Nothing changed at all (a repeat of the same form): nothing is written. */
  same: boolean;
}

/**
 * The messages an edit causes. A new title or description alone tells nobody (what a deputy must act
 * on is where and when, and whether they go); a changed day, start, end or place tells everyone still
 * invited; the newly invited get the invitation; the removed hear it no longer concerns them.
 */
export function editNotices(before: ActivityEdit, after: ActivityEdit): EditNotices {
  const timeMoved = before.date !== after.date || before.start !== after.start || before.end !== after.end;
  const placeMoved = before.place !== after.place;
  const was = new Set(before.inviteeIds);
  const now = new Set(after.inviteeIds);
  const kept = after.inviteeIds.filter((id) => was.has(id));
  const invited = after.inviteeIds.filter((id) => !was.has(id));
  const removed = before.inviteeIds.filter((id) => !now.has(id));
  const same =
    !timeMoved &&
    !placeMoved &&
    invited.length === 0 &&
    removed.length === 0 &&
    before.title === after.title &&
    (before.description ?? '') === (after.description ?? '') &&
    before.inviteeIds.join() === after.inviteeIds.join();
  return { changed: timeMoved || placeMoved ? kept : [], invited, removed, timeMoved, placeMoved, same };
}

/** The message's 通知类型 (a phrase field: at most five characters). */
export function changePhrase(n: Pick<EditNotices, 'timeMoved' | 'placeMoved'>): string {
  if (n.timeMoved && n.placeMoved) return '活动已变更';
  return n.timeMoved ? '时间已变更' : '地点已变更';
}

// --- attendance ----------------------------------------------------------------------------------------

/**
 * A deputy's check-in with the code: the activity scheduled, the deputy invited, the code right, on the
 * activity's day (China time), not already checked in.
 */
export function checkCheckIn(
  a: Activity,
  deputyId: string,
  code: string,
  today: Ymd,
  already: boolean,
): Decision<Activity> {
  const scheduled = checkScheduled(a);
  if (!scheduled.ok) return scheduled;
  if (a.checkInCode !== code.trim()) return deny('ACTIVITY_CODE_INVALID');
  if (!a.inviteeIds.includes(deputyId)) return deny('ACTIVITY_NOT_INVITED');
  if (today !== a.date) return deny('ACTIVITY_NOT_TODAY');
  if (already) return deny('ACTIVITY_ALREADY_CHECKED_IN');
  return allow(a);
}

/**
 * The organiser's list: who is present from now on. Every name must be invited (ACTIVITY_NOT_INVITED)
 * and the activity must have begun (its day come). Before the close the list replaces the attendance;
 * after it, names may only be added (ACTIVITY_ATTENDANCE_CONFIRMED): a confirmed duty record stands.
 */
export function checkAttendanceList(
  a: Activity,
  present: readonly string[],
  today: Ymd,
): Decision<{ present: string[]; confirmedRemoved: string[] }> {
  if (a.status === 'cancelled') return deny('ACTIVITY_CANCELLED');
  if (today < a.date) return deny('ACTIVITY_NOT_STARTED');
  const unknown = present.filter((id) => !a.inviteeIds.includes(id));
  if (unknown.length) return deny('ACTIVITY_NOT_INVITED');
  const confirmed = a.attendeeIds ?? [];
  const confirmedRemoved = confirmed.filter((id) => !present.includes(id));
  if (a.status === 'closed' && confirmedRemoved.length) return deny('ACTIVITY_ATTENDANCE_CONFIRMED');
  return allow({ present: [...new Set(present)], confirmedRemoved });
}

/** Closing: on or after the activity's day, not cancelled; findings only for an inspection kind. */
export function checkClosable(a: Activity, today: Ymd, findings: number): Decision<Activity> {
  if (a.status === 'cancelled') return deny('ACTIVITY_CANCELLED');
  if (today < a.date) return deny('ACTIVITY_NOT_STARTED');
  if (findings > 0 && !kindInfo(a.kind).findings) return deny('ACTIVITY_FINDINGS_NOT_ALLOWED');
  return allow(a);
}

/** The attendee whose duty record carries the activity's people reached (see the rule above). */
export function peopleCarrierOf(a: Pick<Activity, 'organiser' | 'attendeeIds'>): string | null {
  const attendees = a.attendeeIds ?? [];
  const leader = a.organiser.role === 'deputy' ? a.organiser.deputyId : undefined;
  if (leader && attendees.includes(leader)) return leader;
  return attendees[0] ?? null;
}

/** One attendee's duty record from the activity: people reached on the carrier's record only. */
export function attendeeDuty(
  a: Pick<Activity, 'kind' | 'title' | 'organiser' | 'attendeeIds' | 'peopleReached'>,
  deputyId: string,
): { description: string; peopleReached: number } {
  const people = a.peopleReached ?? 0;
  const carries = peopleCarrierOf(a) === deputyId;
  const base = `参加${kindInfo(a.kind).label}：${a.title}`;
  const note =
    people === 0
      ? ''
      : carries
        ? `（本次活动联系群众${people}人次记在此记录）`
        : '（本次活动联系群众人次记在另一位参加代表的记录中）';
  return { description: `${base.slice(0, 200 - note.length)}${note}`, peopleReached: carries ? people : 0 };
}

/** The duty record's description of an attendee (without the people-reached note). */
export function dutyDescription(a: Pick<Activity, 'kind' | 'title'>): string {
  return `参加${kindInfo(a.kind).label}：${a.title}`.slice(0, 200);
}

/** A rectification deadline lies after the activity's day, within a year of it. */
export function checkDeadline(activityDay: Ymd, deadline: Ymd): Decision<Ymd> {
  return deadline > activityDay && deadline <= addDays(activityDay, 366)
    ? allow(deadline)
    : deny('RECTIFICATION_DEADLINE_INVALID');
}

export const kindDutyType = (kind: ActivityKind) => kindInfo(kind).dutyType;
