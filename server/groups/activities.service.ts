/**
 * Activities organised for deputies as use cases: the presidium or a group's leader schedules one (the
 * invitees told through the outbox in the same transaction) or cancels it (told again); deputies check
 * in with its code on the day, or the organiser marks who was present; closing it writes the record
 * (summary content-checked, photos public once the presidium clears them), credits every deputy present
 * with one duty record of the kind's type (sourceRef `activity:<id>`), makes each matter raised an
 * opinion through the opinion module's 代录 path (key `activity:<id>:<n>`), and files an inspection's
 * findings as rectification items (server/groups/rectification.service.ts tracks them). The duty-record
 * rule is explained in core/groups/activity.rules.ts.
 */
import { qrDataUrl } from '../qr';
import { randomInt } from 'node:crypto';
import { chinaDate, addDays, type Ymd } from '../../core/calendar/china-time';
import {
  activityCodeFrom,
  activityIdOf,
  activitySourceRef,
  ACTIVITY_CODE_LENGTH,
  attendanceIdOf,
  changePhrase,
  checkAttendanceList,
  checkCheckIn,
  checkEditable,
  checkMayEdit,
  checkClosable,
  checkDeadline,
  checkGroupScope,
  checkInQrOf,
  checkMayOrganise,
  checkRunsActivity,
  checkScheduled,
  checkTimes,
  attendeeDuty,
  DESCRIPTION_MAX,
  editNotices,
  FINDING_TEXT_MAX,
  inviteesOf,
  kindDutyType,
  MATTER_TEXT_MAX,
  matterKeyOf,
  parseActivityQr,
  PLACE_MAX,
  rectificationIdOf,
  SUMMARY_MAX,
  TITLE_MAX,
  type OrganiserView,
} from '../../core/groups/activity.rules';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KIND_LIST,
  ACTIVITY_STATUS_LABELS,
  type Activity,
  type ActivityKind,
  type ActivityMatter,
  type ActivityStatus,
  type Attendance,
  type DeputyGroup,
  type FindingInput,
  type MatterInput,
  type Rectification,
} from '../../core/groups/groups.types';
import { messageDate } from '../../core/notify/message.fields';
import { pageWith } from '../../core/notify/pages';
import type { Deputy } from '../../core/station/station.types';
import { secCheck } from '../content-check';
import { findAll, transaction, type Transaction } from '../db/collection';
import { activeDeputies } from '../duty/duty-sources.repo';
import { rewriteSystemDuty } from '../duty/duty-records.repo';
import { AppError, fail, orFail } from '../errors';
import { CATEGORIES, listDepartments } from '../opinion/opinions.repo';
import { checkSubmission, createOpinion } from '../opinion/opinions.service';
import { flushOutbox, queueMessage } from '../outbox';
import type { ActionContext, Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { allVillages, deputiesByIds, listStations } from '../station/stations.repo';
import {
  attendanceByIds,
  attendanceOf,
  closedAtStation,
  closedWithUnfiledMatters,
  getActivity as findActivity,
  getActivityIn,
  getAttendanceIn,
  invitedTo,
  listAll,
  organisedBy,
  presentCounts,
  rectificationsOf,
  setActivityIn,
  setAttendanceIn,
  getRectificationIn,
  setRectificationIn,
} from './activities.repo';
import { getGroup, groupsOf } from './groups.repo';
import { deputyIdOf, groupViews } from './groups.service';
import { rectificationViews } from './rectification.service';

const drawCode = () => activityCodeFrom(Array.from({ length: ACTIVITY_CODE_LENGTH }, () => randomInt(10)));

function organiserView(caller: Caller): OrganiserView {
  if (caller.role === 'presidium') return { role: 'presidium', openid: caller.openid };
  const deputyId = deputyIdOf(caller);
  if (caller.role === 'deputy' && deputyId) return { role: 'deputy', openid: caller.openid, deputyId };
  return { role: 'other', openid: caller.openid };
}

async function activityOrFail(id: string): Promise<Activity> {
  const a = await findActivity(id);
  if (!a) fail('ACTIVITY_NOT_FOUND');
  return a;
}

/** The presidium, the organiser and the invitees see an activity; to anyone else it does not exist. */
function checkSees(caller: Caller, a: Activity): void {
  if (caller.role === 'presidium') return;
  const me = deputyIdOf(caller);
  if (me && (a.inviteeIds.includes(me) || a.organiser.deputyId === me)) return;
  fail('ACTIVITY_NOT_FOUND');
}

const runs = (caller: Caller, a: Activity) => checkRunsActivity(organiserView(caller), a).ok;

async function deputiesIn(ids: readonly string[]): Promise<Deputy[]> {
  return ids.length ? deputiesByIds([...new Set(ids)]) : [];
}

// --- the forms -----------------------------------------------------------------------------------------

/** What the schedule and close forms need. */
export async function activityForm(ctx: ActionContext) {
  const me = deputyIdOf(ctx.caller);
  const [groups, stations, villages, categories, departments, deputies] = await Promise.all([
    groupsOf(),
    listStations(),
    allVillages(),
    findAll<{ _id: string; code?: string; name: string; active?: boolean }>(CATEGORIES, {}),
    listDepartments(),
    activeDeputies(),
  ]);
  const mine = groups.filter((g) => g.active && (ctx.caller.role === 'presidium' || g.leaderId === me));
  return {
    kinds: ACTIVITY_KIND_LIST.map((k) => ({ ...k })),
    groups: await groupViews(mine, ctx.caller),
    stations: stations.map((s) => ({ code: s.code, name: s.name })),
    deputies: deputies
      .sort((a, b) => (a.stationCode + a._id < b.stationCode + b._id ? -1 : 1))
      .map((d) => ({ id: d._id, name: d.name, stationCode: d.stationCode })),
    villages: villages.map((v) => ({ code: v.code, name: v.name, stationCode: v.stationCode })),
    categories: categories
      .filter((c) => c.active !== false)
      .map((c) => ({ code: c.code ?? c._id, name: c.name })),
    departments: departments.map((d) => ({ id: d._id, name: d.name })),
    canOrganise: ctx.caller.role === 'presidium' || mine.length > 0,
  };
}

// --- views ---------------------------------------------------------------------------------------------

/** How many are present, and whether the caller is. */
interface Presence {
  count: number;
  mine: boolean;
}

function summaryOf(a: Activity, caller: Caller, groupName: string | null, present: Presence) {
  const me = deputyIdOf(caller);
  return {
    id: a._id,
    kind: a.kind,
    kindLabel: ACTIVITY_KIND_LABELS[a.kind],
    title: a.title,
    groupId: a.groupId,
    groupName,
    stationCode: a.stationCode,
    date: a.date,
    start: a.start,
    end: a.end,
    place: a.place,
    status: a.status,
    statusLabel: ACTIVITY_STATUS_LABELS[a.status],
    inviteeCount: a.inviteeIds.length,
    /** An edit moved its day, time or place since the invitation (the invitees were told). */
    changed: !!a.changedAt,
    presentCount: present.count,
    invited: !!me && a.inviteeIds.includes(me),
    checkedIn: present.mine,
    organising: runs(caller, a),
  };
}

async function groupNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const groups = await Promise.all(wanted.map(getGroup));
  return new Map(groups.filter((g): g is DeputyGroup => !!g).map((g) => [g._id, g.name]));
}

/** One activity as the caller may see it. */
export async function activityDetail(ctx: ActionContext, a: Activity) {
  const { caller, now } = ctx;
  const staff = runs(caller, a);
  const me = deputyIdOf(caller);
  const [names, attendance, deputies, rectifications] = await Promise.all([
    groupNames([a.groupId]),
    attendanceOf(a._id),
    deputiesIn(a.inviteeIds),
    rectificationsOf(a._id),
  ]);
  const name = new Map(deputies.map((d) => [d._id, d.name]));
  const present = new Map(attendance.filter((x) => x.present).map((x) => [x.deputyId, x.via]));
  const confirmed = new Set(a.attendeeIds ?? []);
  const photosSeen = caller.role === 'presidium' || staff || !!a.photosPublic;
  const summarySeen = caller.role === 'presidium' || staff || !!a.summaryPublic;
  const checkInQr = staff && a.status === 'scheduled' ? checkInQrOf(a) : null;
  return {
    ...summaryOf(a, caller, a.groupId ? (names.get(a.groupId) ?? null) : null, {
      count: present.size,
      mine: !!me && present.has(me),
    }),
    organiserLabel:
      a.organiser.role === 'presidium'
        ? '乡镇人大主席团'
        : `小组组长${name.get(a.organiser.deputyId ?? '') ?? ''}`,
    cancelReason: a.cancelReason ?? null,
    description: a.description ?? '',
    /** The revision an edit form sends back (updateActivity: another edit since answers CONFLICT). */
    revision: a.revision ?? 0,
    /** The organiser (or the presidium) may still edit it: scheduled, nobody present yet. */
    canEdit: staff && a.status === 'scheduled' && present.size === 0,
    checkInCode: staff && a.status === 'scheduled' ? a.checkInCode : null,
    checkInQr,
    /** The same text as a QR code (a PNG data URL, the qrcode package, as a booking's): shown large for a screen or print. */
    checkInQrDataUrl: checkInQr ? await qrDataUrl(checkInQr, 480) : null,
    invitees: a.inviteeIds.map((id) => ({
      id,
      name: name.get(id) ?? id,
      present: present.has(id),
      via: present.get(id) ?? null,
      confirmed: confirmed.has(id),
    })),
    canRun: staff,
    canCheckIn:
      !!me &&
      a.status === 'scheduled' &&
      a.inviteeIds.includes(me) &&
      !present.has(me) &&
      chinaDate(now) === a.date,
    record:
      a.status === 'closed'
        ? {
            summary: summarySeen ? (a.summary ?? '') : null,
            photos: photosSeen ? (a.photos ?? []) : [],
            photosHidden: photosSeen ? 0 : (a.photos ?? []).length,
            waiting: staff && (!a.summaryPublic || !a.photosPublic),
            peopleReached: a.peopleReached ?? 0,
            closedAt: a.closedAt ?? null,
            attendeeCount: confirmed.size,
            matters: (a.matters ?? []).map((m) => ({ ...m })),
          }
        : null,
    rectifications: await rectificationViews(rectifications, now, new Map([[a._id, a]])),
  };
}

export async function getActivity(ctx: ActionContext, id: string) {
  const a = await activityOrFail(id);
  checkSees(ctx.caller, a);
  return activityDetail(ctx, a);
}

/** The presidium's list (every activity) or a deputy's (invited or organised), newest day first. */
export async function listActivities(ctx: ActionContext, input: { status?: ActivityStatus; limit: number }) {
  const { caller } = ctx;
  let list: Activity[];
  if (caller.role === 'presidium') list = await listAll(input.status, input.limit);
  else {
    const me = deputyIdOf(caller);
    if (!me) fail('NOT_A_DEPUTY');
    const [invited, organised] = await Promise.all([
      invitedTo(me, input.limit, input.status),
      organisedBy(me, input.limit, input.status),
    ]);
    const byId = new Map([...invited, ...organised].map((a) => [a._id, a]));
    list = [...byId.values()]
      .sort((a, b) => (a.date === b.date ? (a.start < b.start ? 1 : -1) : a.date < b.date ? 1 : -1))
      .slice(0, input.limit);
  }
  const me = deputyIdOf(caller);
  const [names, counts, mine] = await Promise.all([
    groupNames(list.map((a) => a.groupId)),
    presentCounts(list.map((a) => a._id)),
    me ? attendanceByIds(list.map((a) => attendanceIdOf(a._id, me))) : Promise.resolve([]),
  ]);
  const here = new Set(mine.filter((x) => x.present).map((x) => x.activityId));
  return {
    activities: list.map((a) =>
      summaryOf(a, caller, a.groupId ? (names.get(a.groupId) ?? null) : null, {
        count: counts.get(a._id) ?? 0,
        mine: here.has(a._id),
      }),
    ),
  };
}

/** A station's closed activities of the last year, as its public page shows them. */
export async function stationActivities(ctx: ActionContext, stationCode: string) {
  const list = await closedAtStation(stationCode, addDays(chinaDate(ctx.now), -366));
  const names = await groupNames(list.map((a) => a.groupId));
  return {
    activities: list.map((a) => ({
      id: a._id,
      kind: a.kind,
      kindLabel: ACTIVITY_KIND_LABELS[a.kind],
      // A title the content check held back shows as the kind until the presidium clears the record.
      title: a.titlePublic === false ? ACTIVITY_KIND_LABELS[a.kind] : a.title,
      date: a.date,
      groupName: a.groupId ? (names.get(a.groupId) ?? null) : null,
      attendeeCount: (a.attendeeIds ?? []).length,
      summary: a.summaryPublic ? (a.summary ?? '') : null,
      photos: a.photosPublic ? (a.photos ?? []) : [],
    })),
  };
}

// --- scheduling ----------------------------------------------------------------------------------------

export interface ScheduleInput {
  kind: ActivityKind;
  title: string;
  groupId?: string;
  stationCode?: string;
  date: Ymd;
  start: string;
  end: string;
  place: string;
  description?: string;
  inviteeIds?: string[];
}

/** One kind of activityNotice: its dedupe key (the deputy id is added), its 通知类型, where it opens. */
interface Notice {
  key: string;
  phrase: string;
  /** 我的活动 instead of the activity (it is no longer theirs to open). */
  toList?: boolean;
}

/**
 * Queues one activityNotice for each of `deputyIds` bound to WeChat. An invitation or cancellation is
 * keyed once per activity and deputy (`activity:<id>:invite:<deputy>`); an edit's messages by its
 * revision (`activity:<id>:r<n>:…`), so each edit tells once and a retried one tells nobody again.
 */
async function tellInvitees(
  tx: Transaction,
  a: Activity,
  deputies: Deputy[],
  deputyIds: readonly string[],
  notice: Notice,
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  const wanted = new Set(deputyIds);
  for (const d of deputies) {
    if (!d.openid || !wanted.has(d._id)) continue;
    ids.push(
      await queueMessage(
        tx,
        {
          key: `${notice.key}:${d._id}`,
          openid: d.openid,
          template: 'activityNotice',
          page: notice.toList ? pageWith('deputyActivities', {}) : pageWith('deputyActivity', { id: a._id }),
          fields: {
            thing1: `${ACTIVITY_KIND_LABELS[a.kind]}：${a.title}`,
            time2: `${messageDate(a.date)} ${a.start}`,
            thing3: a.place,
            phrase4: notice.phrase,
          },
          ref: `activity:${a._id}`,
        },
        now,
      ),
    );
  }
  return ids;
}

const invitation = (id: string): Notice => ({ key: `activity:${id}:invite`, phrase: '邀请参加' });

/** What scheduling and editing both take: the times, the texts within their limits (the day: requireDateIn). */
interface Details {
  title: string;
  place: string;
  description: string;
  date: Ymd;
  start: string;
  end: string;
}

function checkDetails(
  input: Pick<ScheduleInput, 'title' | 'place' | 'description' | 'date' | 'start' | 'end'>,
): Details {
  const { start, end } = orFail(checkTimes(input.start, input.end));
  const title = input.title.trim();
  if (!title || title.length > TITLE_MAX) fail('ACTIVITY_TITLE_REQUIRED');
  const place = input.place.trim();
  if (!place || place.length > PLACE_MAX) fail('ACTIVITY_PLACE_REQUIRED');
  const description = (input.description ?? '').trim();
  if (description.length > DESCRIPTION_MAX) fail('ACTIVITY_DESCRIPTION_TOO_LONG');
  return { title, place, description, date: input.date, start, end };
}

/**
 * The content check of the texts: the title and place are public on the station page, checked as a
 * public post is (a verdict other than pass keeps them off it: titlePublic false); the description,
 * shown to the invitees only, as a message is. Anything risky is refused (ACTIVITY_TEXT_RISKY). A
 * failed check holds the title back rather than refusing the activity.
 */
async function checkTexts(d: Details, openid: string): Promise<{ titlePublic: boolean }> {
  const [titleVerdict, descriptionVerdict] = await Promise.all([
    secCheck(`${d.title}\n${d.place}`, openid, 3).catch(() => 'review' as const),
    secCheck(d.description, openid, 2).catch(() => 'review' as const),
  ]);
  if (titleVerdict === 'risky' || descriptionVerdict === 'risky') fail('ACTIVITY_TEXT_RISKY');
  return { titlePublic: titleVerdict === 'pass' };
}

/** The invitees' deputies, each on the register and active (ACTIVITY_INVITEES_INVALID otherwise). */
async function activeInvitees(inviteeIds: readonly string[]): Promise<Deputy[]> {
  const deputies = await deputiesIn(inviteeIds);
  if (deputies.length !== new Set(inviteeIds).size || deputies.some((d) => !d.active)) {
    fail('ACTIVITY_INVITEES_INVALID');
  }
  return deputies;
}

/** Schedules an activity once per request id; its invitees are told in the same transaction. */
export async function scheduleActivity(ctx: ActionContext, requestId: string, input: ScheduleInput) {
  const { caller, now } = ctx;
  requireDateIn('activityDay', input.date, chinaDate(now));
  const details = checkDetails(input);
  const group = input.groupId ? await getGroup(input.groupId) : null;
  if (input.groupId && !group) fail('GROUP_NOT_FOUND');
  const { titlePublic } = await checkTexts(details, caller.openid);
  const organiser = orFail(checkMayOrganise(organiserView(caller), group));
  const inviteeIds = orFail(inviteesOf(input.inviteeIds, group));
  const stationCode = orFail(checkGroupScope(organiser, group, input.stationCode, inviteeIds));
  const deputies = await activeInvitees(inviteeIds);
  if (!(await listStations()).some((s) => s.code === stationCode)) fail('STATION_NOT_FOUND');
  const id = activityIdOf(requestId);
  const { description, ...rest } = details;
  const activity: Activity = {
    _id: id,
    kind: input.kind,
    ...rest,
    ...(description && { description }),
    groupId: group?._id ?? null,
    stationCode,
    inviteeIds,
    titlePublic,
    status: 'scheduled',
    checkInCode: drawCode(),
    organiser,
    createdAt: now,
    updatedAt: now,
  };
  const { stored, messages } = await transaction(async (tx) => {
    const earlier = await getActivityIn(tx, id);
    if (earlier) return { stored: { ...earlier, _id: id }, messages: [] as string[] };
    await setActivityIn(tx, activity);
    return {
      stored: activity,
      messages: await tellInvitees(tx, activity, deputies, inviteeIds, invitation(id), now),
    };
  });
  if (messages.length) await flushOutbox(messages, now).catch(() => undefined);
  return activityDetail(ctx, stored);
}

// --- editing -------------------------------------------------------------------------------------------

export interface EditInput {
  activityId: string;
  /** The revision the form was loaded with; another edit committed since answers CONFLICT. */
  revision?: number;
  title: string;
  date: Ymd;
  start: string;
  end: string;
  place: string;
  description: string;
  inviteeIds: string[];
}

/**
 * While the activity is scheduled and nobody is present yet, whoever may schedule it changes its title,
 * day and time, place, description and invitees (the checks scheduling makes: the day's window, the
 * times, the content check, invitees on the register and, for a leader, in the group). In one
 * transaction with the new revision: everyone still invited is told of a changed day/time/place, the
 * newly invited get the invitation, the removed hear it no longer concerns them (nothing when nothing
 * that matters changed). On or after the activity's day the transaction also rewrites the invitees'
 * attendance documents, so a check-in or the organiser's list racing the edit conflicts with it: it is
 * either in before (and the edit refused) or made after against the edited activity.
 */
export async function updateActivity(ctx: ActionContext, requestId: string, input: EditInput) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  const details = checkDetails(input);
  const inviteeIds = orFail(inviteesOf(input.inviteeIds, null));
  const before = await activityOrFail(input.activityId);
  if (before.lastEditRequestId === requestId) return { ...(await activityDetail(ctx, before)), told: 0 };
  const group = before.groupId ? await getGroup(before.groupId) : null;
  orFail(checkMayEdit(organiserView(caller), before, group, inviteeIds));
  orFail(checkEditable(before, false, input.revision));
  // A new day lies in scheduling's window; an unchanged one stands as it was scheduled.
  if (details.date !== before.date) requireDateIn('activityDay', details.date, today);
  const sameText =
    details.title === before.title &&
    details.place === before.place &&
    details.description === (before.description ?? '');
  const { titlePublic } = sameText
    ? { titlePublic: before.titlePublic !== false }
    : await checkTexts(details, caller.openid);
  const deputies = await activeInvitees(inviteeIds);
  const id = before._id;
  const { stored, messages } = await transaction(async (tx) => {
    const current = await getActivityIn(tx, id);
    if (!current) fail('ACTIVITY_NOT_FOUND');
    const a: Activity = { ...current, _id: id };
    if (a.lastEditRequestId === requestId) return { stored: a, messages: [] as string[] };
    // Checked again on what the transaction reads: another edit or a cancel may have committed meanwhile.
    const present = a.date <= today ? await holdAttendance(tx, a, caller.openid, now) : false;
    orFail(checkEditable(a, present, input.revision));
    const { description, ...rest } = details;
    const notices = editNotices({ ...a, description: a.description ?? '' }, { ...details, inviteeIds });
    if (notices.same) return { stored: a, messages: [] as string[] };
    const revision = (a.revision ?? 0) + 1;
    const { description: _was, ...kept } = a;
    const next: Activity = {
      ...kept,
      ...rest,
      ...(description && { description }),
      inviteeIds,
      titlePublic,
      revision,
      lastEditRequestId: requestId,
      ...((notices.timeMoved || notices.placeMoved) && { changedAt: now }),
      updatedAt: now,
    };
    await setActivityIn(tx, next);
    // Everyone the edit may tell: the invitees as the transaction reads them, and the new ones.
    const known = new Set(deputies.map((d) => d._id));
    const everyone = [...deputies, ...(await deputiesIn(a.inviteeIds.filter((d) => !known.has(d))))];
    const key = `activity:${id}:r${revision}`;
    const told = [
      ...(await tellInvitees(
        tx,
        next,
        everyone,
        notices.changed,
        {
          key: `${key}:change`,
          phrase: changePhrase(notices),
        },
        now,
      )),
      ...(await tellInvitees(
        tx,
        next,
        everyone,
        notices.invited,
        { ...invitation(id), key: `${key}:invite` },
        now,
      )),
      // The removed hear it with what they were told before: the old day and place.
      ...(await tellInvitees(
        tx,
        a,
        everyone,
        notices.removed,
        {
          key: `${key}:uninvite`,
          phrase: '无需参加',
          toList: true,
        },
        now,
      )),
    ];
    return { stored: next, messages: told };
  });
  if (messages.length) await flushOutbox(messages, now).catch(() => undefined);
  return { ...(await activityDetail(ctx, stored)), told: messages.length };
}

/**
 * Reads and rewrites every invitee's attendance document in `tx` (an absent one written as not present,
 * as the close writes it), answering whether anyone is present. A check-in or list marking writes the
 * same documents, so the two transactions conflict instead of one missing the other.
 */
async function holdAttendance(tx: Transaction, a: Activity, by: string, now: Date): Promise<boolean> {
  let present = false;
  for (const deputyId of a.inviteeIds) {
    const aid = attendanceIdOf(a._id, deputyId);
    const was = await getAttendanceIn(tx, aid);
    if (was?.present) present = true;
    await setAttendanceIn(
      tx,
      was
        ? { ...was, _id: aid }
        : { _id: aid, activityId: a._id, deputyId, present: false, via: null, by, at: now },
    );
  }
  return present;
}

/** The organiser (or the presidium) cancels a scheduled activity; the invitees are told. */
export async function cancelActivity(ctx: ActionContext, id: string, reason: string) {
  const { caller, now } = ctx;
  const before = await activityOrFail(id);
  orFail(checkRunsActivity(organiserView(caller), before));
  const deputies = await deputiesIn(before.inviteeIds);
  const { stored, messages } = await transaction(async (tx) => {
    const a = await getActivityIn(tx, id);
    if (!a) fail('ACTIVITY_NOT_FOUND');
    orFail(checkScheduled({ ...a, _id: id }));
    const next: Activity = {
      ...a,
      _id: id,
      status: 'cancelled',
      cancelledAt: now,
      cancelReason: reason.trim().slice(0, 60),
      updatedAt: now,
    };
    await setActivityIn(tx, next);
    return {
      stored: next,
      messages: await tellInvitees(
        tx,
        next,
        deputies,
        next.inviteeIds,
        { key: `activity:${id}:cancel`, phrase: '活动取消' },
        now,
      ),
    };
  });
  if (messages.length) await flushOutbox(messages, now).catch(() => undefined);
  return activityDetail(ctx, stored);
}

// --- attendance ----------------------------------------------------------------------------------------

/** An invited deputy checks in on the day with the activity's code (a scanned QR or typed). */
export async function checkIn(
  ctx: ActionContext,
  input: { qr?: string; activityId?: string; code?: string },
) {
  const { caller, now } = ctx;
  const deputyId = deputyIdOf(caller);
  if (!deputyId) fail('NOT_A_DEPUTY');
  let activityId: string;
  let code: string;
  if (input.qr !== undefined) ({ activityId, code } = orFail(parseActivityQr(input.qr)));
  else if (input.activityId && input.code)
    ({ activityId, code } = { activityId: input.activityId, code: input.code });
  else fail('BAD_INPUT', [{ path: 'code', message: '请扫描活动签到二维码或输入签到码' }]);
  const today = chinaDate(now);
  await transaction(async (tx) => {
    const a = await getActivityIn(tx, activityId);
    if (!a) fail('ACTIVITY_CODE_INVALID');
    const attendanceId = attendanceIdOf(activityId, deputyId);
    const already = (await getAttendanceIn(tx, attendanceId))?.present === true;
    orFail(checkCheckIn({ ...a, _id: activityId }, deputyId, code, today, already));
    // Only the deputy's own document: a crowd checking in at once writes as many documents.
    await setAttendanceIn(tx, {
      _id: attendanceId,
      activityId,
      deputyId,
      present: true,
      via: 'code',
      by: caller.openid,
      at: now,
    });
  });
  return { activityId, deputyId, present: true, via: 'code' as const };
}

/**
 * One duty record per deputy present, of the kind's type, linked to the activity: written, or rewritten
 * with the corrected record (description, people reached on the carrier's record only, day).
 */
async function creditAttendees(tx: Transaction, a: Activity, deputies: Deputy[], now: Date): Promise<void> {
  const station = new Map(deputies.map((d) => [d._id, d.stationCode]));
  for (const deputyId of a.attendeeIds ?? []) {
    await rewriteSystemDuty(
      tx,
      {
        deputyId,
        stationCode: station.get(deputyId) ?? a.stationCode,
        type: kindDutyType(a.kind),
        date: a.date,
        ...attendeeDuty(a, deputyId),
        sourceRef: activitySourceRef(a._id),
      },
      now,
    );
  }
}

/**
 * The organiser's list of who was present. Before the close it replaces the attendance; after it,
 * names are only added (a confirmed duty record stands) and each added deputy is credited at once.
 */
export async function markAttendance(ctx: ActionContext, id: string, present: string[]) {
  const { caller, now } = ctx;
  const before = await activityOrFail(id);
  orFail(checkRunsActivity(organiserView(caller), before));
  const deputies = await deputiesIn(before.inviteeIds);
  const today = chinaDate(now);
  const stored = await transaction(async (tx) => {
    const current = await getActivityIn(tx, id);
    if (!current) fail('ACTIVITY_NOT_FOUND');
    const a: Activity = { ...current, _id: id };
    const list = orFail(checkAttendanceList(a, present, today)).present;
    const closed = a.status === 'closed';
    for (const deputyId of a.inviteeIds) {
      const aid = attendanceIdOf(id, deputyId);
      const was = await getAttendanceIn(tx, aid);
      const wanted = list.includes(deputyId);
      if (wanted === (was?.present === true)) continue;
      const attendance: Attendance = wanted
        ? {
            _id: aid,
            activityId: id,
            deputyId,
            present: true,
            via: 'list',
            by: caller.openid,
            at: now,
            ...(closed && { confirmed: true }),
          }
        : { ...(was as Attendance), _id: aid, present: false, by: caller.openid, at: now };
      await setAttendanceIn(tx, attendance);
    }
    if (!closed) return a;
    // After the close: the added deputies are confirmed and credited at once.
    const next: Activity = {
      ...a,
      attendeeIds: [...new Set([...(a.attendeeIds ?? []), ...list])],
      updatedAt: now,
    };
    await setActivityIn(tx, next);
    await creditAttendees(tx, next, deputies, now);
    return next;
  });
  return activityDetail(ctx, stored);
}

// --- closing -------------------------------------------------------------------------------------------

export interface CloseInput {
  activityId: string;
  summary: string;
  photos: string[];
  peopleReached: number;
  matters: MatterInput[];
  findings: FindingInput[];
}

/**
 * Closes the activity with its record (or corrects the record of a closed one): in one transaction the
 * record, the confirmed attendance (everyone present, and anyone confirmed before), a duty record per
 * attendee and a rectification item per finding not filed yet; then each matter without an opinion
 * becomes one. Every part is keyed, so closing again writes nothing twice.
 */
export async function closeActivity(ctx: ActionContext, input: CloseInput) {
  const { caller, now } = ctx;
  const today = chinaDate(now);
  const before = await activityOrFail(input.activityId);
  orFail(checkRunsActivity(organiserView(caller), before));
  orFail(checkClosable(before, today, input.findings.length));
  const summary = input.summary.trim();
  if (!summary || summary.length > SUMMARY_MAX) fail('ACTIVITY_SUMMARY_REQUIRED');
  const matters = await checkMatters(before, input.matters);
  const findings = await checkFindings(before, input.findings, today);
  // Findings already filed are fixed facts: a close only adds new ones, numbered after the last filed.
  const filedBefore = Math.max(
    before.findingsFiled ?? 0,
    ...(await rectificationsOf(before._id)).map((r) => r.n),
  );
  const verdict = await secCheck(summary, caller.openid, 3).catch(() => 'review' as const);
  if (verdict === 'risky') fail('ACTIVITY_TEXT_RISKY');
  const deputies = await deputiesIn(before.inviteeIds);
  const byPresidium = caller.role === 'presidium';
  const id = before._id;
  const closed = await transaction(async (tx) => {
    const current = await getActivityIn(tx, id);
    if (!current) fail('ACTIVITY_NOT_FOUND');
    const a: Activity = { ...current, _id: id };
    orFail(checkClosable(a, today, findings.length));
    // Matters already recorded are fixed facts (each is, or becomes, an opinion keyed by its n): a
    // close only appends new ones, numbered after the last; none is removed or renumbered.
    const earlier = a.matters ?? [];
    const lastMatter = Math.max(0, ...earlier.map((m) => m.n));
    const lastFinding = Math.max(filedBefore, a.findingsFiled ?? 0);
    // Every invitee's attendance document is read and written here: a check-in racing the close
    // conflicts on its document, so it is either counted here or refused (closed) on its retry.
    const present: string[] = [];
    for (const deputyId of a.inviteeIds) {
      const aid = attendanceIdOf(id, deputyId);
      const was = await getAttendanceIn(tx, aid);
      if (was?.present) present.push(deputyId);
      await setAttendanceIn(
        tx,
        was
          ? { ...was, _id: aid, confirmed: true }
          : {
              _id: aid,
              activityId: id,
              deputyId,
              present: false,
              via: null,
              by: caller.openid,
              at: now,
              confirmed: true,
            },
      );
    }
    const next: Activity = {
      ...a,
      status: 'closed',
      closedAt: a.closedAt ?? now,
      closedBy: caller.openid,
      summary,
      summaryPublic: verdict === 'pass' || (a.summaryPublic === true && a.summary === summary),
      photos: input.photos,
      // The presidium's own photos are cleared by whoever took them; others wait for the presidium.
      photosPublic: input.photos.length === 0 || byPresidium,
      peopleReached: input.peopleReached,
      // The earlier matters stand as they are; the new ones get their opinions below.
      matters: [...earlier, ...matters.map((m, i) => ({ ...m, n: lastMatter + i + 1, opinionId: null }))],
      findingsFiled: lastFinding + findings.length,
      mattersPending: matters.length > 0 || earlier.some((m) => m.opinionId === null),
      attendeeIds: [...new Set([...(a.attendeeIds ?? []), ...present])],
      updatedAt: now,
    };
    await setActivityIn(tx, next);
    await creditAttendees(tx, next, deputies, now);
    for (const [i, f] of findings.entries()) {
      const n = lastFinding + i + 1;
      const rid = rectificationIdOf(id, n);
      // Another close filed this number meanwhile: this one answers CONFLICT (the client re-reads).
      if (await getRectificationIn(tx, rid)) fail('CONFLICT');
      const item: Rectification = {
        _id: rid,
        activityId: id,
        n,
        kind: a.kind,
        stationCode: a.stationCode,
        date: a.date,
        departmentId: f.departmentId,
        text: f.text,
        deadline: f.deadline,
        status: 'open',
        createdAt: now,
        updatedAt: now,
      };
      await setRectificationIn(tx, item);
    }
    return next;
  });
  // The close stands; a matter not filed now (a failure) is filed by the scheduler's sweep.
  const finished = await finishOpinions(closed, now).catch((err: unknown) => {
    console.error(`[groups] filing the matters of ${closed._id} failed; the sweep files them`, err);
    return closed;
  });
  return activityDetail(ctx, finished);
}

/** The opinion draft a matter becomes (filed on no villager's account, not for publication). */
const matterDraft = (a: Pick<Activity, 'stationCode'>, m: Omit<ActivityMatter, 'opinionId' | 'n'>) => ({
  stationCode: a.stationCode,
  villageCode: m.villageCode,
  categoryCode: m.categoryCode,
  text: m.text,
  photos: [],
  anonymous: false,
  consentToPublish: false,
});

/**
 * The new matters checked up front with the opinion module's own checks (checkSubmission: the station's
 * villages, active categories, the text's length …), so a matter that could not become an opinion is
 * refused before the close writes anything (ACTIVITY_MATTER_INVALID with its number and the reason).
 */
async function checkMatters(
  a: Activity,
  raised: MatterInput[],
): Promise<Omit<ActivityMatter, 'opinionId' | 'n'>[]> {
  const out: Omit<ActivityMatter, 'opinionId' | 'n'>[] = [];
  for (const [i, m] of raised.entries()) {
    const text = m.text.trim();
    if (!text || text.length > MATTER_TEXT_MAX) fail('ACTIVITY_MATTER_INVALID', { n: i + 1 });
    const matter = { villageCode: m.villageCode, categoryCode: m.categoryCode, text };
    await checkSubmission(matterDraft(a, matter)).catch((err: unknown) => {
      if (err instanceof AppError) fail('ACTIVITY_MATTER_INVALID', { n: i + 1, reason: err.code });
      throw err;
    });
    out.push(matter);
  }
  return out;
}

async function checkFindings(a: Activity, findings: FindingInput[], today: Ymd): Promise<FindingInput[]> {
  if (findings.length === 0) return [];
  const departments = new Set((await listDepartments()).map((d) => d._id));
  return findings.map((f) => {
    const text = f.text.trim();
    if (!text || text.length > FINDING_TEXT_MAX) fail('RECTIFICATION_TEXT_REQUIRED');
    if (!departments.has(f.departmentId)) fail('RECTIFICATION_DEPARTMENT_NOT_FOUND');
    requireDateIn('rectificationDeadline', f.deadline, today);
    orFail(checkDeadline(a.date, f.deadline));
    return { ...f, text };
  });
}

/**
 * Each matter without an opinion becomes one through the opinion module's 代录 path (filed by whoever
 * closed the activity, on no villager's account, routed to a deputy with its deadlines). The key
 * `activity:<id>:<n>` names the case, so a rerun answers the same case and never files twice.
 */
async function finishOpinions(a: Activity, now: Date): Promise<Activity> {
  const matters = a.matters ?? [];
  if (!matters.some((m) => m.opinionId === null) && !a.mattersPending) return a;
  const made: ActivityMatter[] = [];
  for (const m of matters) {
    if (m.opinionId !== null) {
      made.push(m);
      continue;
    }
    const { opinion } = await createOpinion(
      matterDraft(a, m),
      null,
      { kind: 'stationAdmin', openid: a.closedBy ?? a.organiser.openid },
      now,
      matterKeyOf(a._id, m.n),
    );
    made.push({ ...m, opinionId: opinion._id });
  }
  return transaction(async (tx) => {
    const current = await getActivityIn(tx, a._id);
    if (!current) fail('ACTIVITY_NOT_FOUND');
    const ids = new Map(made.map((m) => [m.n, m.opinionId]));
    const filed = (current.matters ?? []).map((m) => ({
      ...m,
      opinionId: m.opinionId ?? ids.get(m.n) ?? null,
    }));
    const next: Activity = {
      ...current,
      _id: a._id,
      matters: filed,
      mattersPending: filed.some((m) => m.opinionId === null),
    };
    await setActivityIn(tx, next);
    return next;
  });
}

/**
 * The scheduler's repair: a close commits before its matters become opinions, so a failure between
 * (a timeout, a routing error) leaves a matter with opinionId null. Every closed activity with such a
 * matter is finished again; the opinion key `activity:<id>:<n>` is stable, so a rerun never files twice.
 * One activity failing does not stop the others; it is tried again on the next run.
 */
export async function fileMissingOpinions(now: Date): Promise<number> {
  let filed = 0;
  for (const a of await closedWithUnfiledMatters()) {
    try {
      const done = await finishOpinions(a, now);
      const before = (a.matters ?? []).filter((m) => m.opinionId === null).length;
      filed += before - (done.matters ?? []).filter((m) => m.opinionId === null).length;
    } catch (err) {
      console.error(`[groups] filing the matters of ${a._id} failed; tried again next run`, err);
    }
  }
  return filed;
}

/** The presidium has looked at a closed activity's summary and photos: they become public. */
export async function clearRecord(ctx: ActionContext, id: string) {
  const stored = await transaction(async (tx) => {
    const current = await getActivityIn(tx, id);
    if (!current) fail('ACTIVITY_NOT_FOUND');
    if (current.status !== 'closed') fail('ACTIVITY_NOT_CLOSED');
    const next: Activity = {
      ...current,
      _id: id,
      summaryPublic: true,
      photosPublic: true,
      titlePublic: true,
      updatedAt: ctx.now,
    };
    await setActivityIn(tx, next);
    return next;
  });
  return activityDetail(ctx, stored);
}
