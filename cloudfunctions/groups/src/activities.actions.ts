/**
 * The `groups` function's actions on deputy groups (server/groups/groups.service.ts), their activities
 * (server/groups/activities.service.ts) and the rectification items of inspections
 * (server/groups/rectification.service.ts). The office named on an item reaches it through the scope
 * rule (its department only).
 */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
import { z } from 'zod';
import {
  CANCEL_REASON_MAX,
  DESCRIPTION_MAX,
  FINDING_TEXT_MAX,
  FINDINGS_MAX,
  FIX_NOTE_MAX,
  GROUP_MEMBERS_MAX,
  GROUP_NAME_MAX,
  GROUP_VILLAGES_MAX,
  INVITEES_MAX,
  MATTER_TEXT_MAX,
  MATTERS_MAX,
  PEOPLE_REACHED_MAX,
  PHOTOS_MAX,
  PLACE_MAX,
  SUMMARY_MAX,
  TITLE_MAX,
} from '../../../core/groups/activity.rules';
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, RECTIFICATION_STATUSES } from '../../../core/groups/groups.types';
import * as activities from '../../../server/groups/activities.service';
import * as groups from '../../../server/groups/groups.service';
import * as rectifications from '../../../server/groups/rectification.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, stationCodeField, ymdField } from '../../../server/schemas';

const groupIdSchema = () => z.string().regex(/^g_[A-Za-z0-9_-]{1,64}$/, '小组编号格式不正确');
const activityIdSchema = () => z.string().regex(/^a_[A-Za-z0-9_-]{8,64}$/, '活动编号格式不正确');
const rectificationIdSchema = () =>
  z.string().regex(/^a_[A-Za-z0-9_-]{8,64}_r\d{1,2}$/, '整改事项编号格式不正确');
const hhmm = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const deputyIds = (max: number) => z.array(idField()).max(max, `最多${max}位代表`);
const photosSchema = () =>
  z.array(z.string().max(300)).max(PHOTOS_MAX, `照片最多${PHOTOS_MAX}张`).default([]);
const rectificationScope = (input: { rectificationId: string }) =>
  rectifications.rectificationScope(input.rectificationId);

export const activityActions = {
  // --- groups ---------------------------------------------------------------------------------------
  saveGroup: action({
    summary:
      'The presidium creates a deputy group (代表小组; no groupId: a new one named by the request id) or edits one: name, station, leader (one of the members), members and the villages it serves. Answers the group.',
    audience: ['presidium'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        groupId: groupIdSchema().optional(),
        name: z.string().max(GROUP_NAME_MAX * 2),
        stationCode: stationCodeField(),
        leaderId: idField(),
        memberIds: deputyIds(GROUP_MEMBERS_MAX),
        villageCodes: z.array(idField()).max(GROUP_VILLAGES_MAX, `最多${GROUP_VILLAGES_MAX}个村`),
        active: z.boolean().default(true),
      }),
    run: (ctx, { requestId, groupId, ...input }) => groups.saveGroup(ctx, groupId ?? null, requestId, input),
  }),

  listGroups: action({
    summary:
      "Groups with ids for staff and deputies (one station's, or every station's): leader, members and villages with names, and whether the caller leads it.",
    audience: ['presidium', 'stationAdmin', 'deputy'],
    input: () => z.strictObject({ stationCode: stationCodeField().optional() }),
    scope: 'caller',
    run: (ctx, { stationCode }) => groups.listGroups(ctx, stationCode),
  }),

  stationGroups: action({
    summary:
      "A station's active groups for the station page (public): name, leader's name, members' names, villages' names.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: (_ctx, { stationCode }) => groups.stationGroups(stationCode),
  }),

  // --- activities -----------------------------------------------------------------------------------
  activityForm: action({
    summary:
      "What the schedule and close forms need: the kinds (label, duty type, findings), the groups the caller may organise for, every station's deputies, villages, opinion categories and departments.",
    audience: ['presidium', 'deputy'],
    input: () => z.strictObject({}),
    run: (ctx) => activities.activityForm(ctx),
  }),

  scheduleActivity: action({
    summary:
      "The presidium, or a group's leader for their group, schedules an activity of a kind (day in the next year, start and end, place, an optional description for the invitees); the invitees (a group's members when none are named) are told (activityNotice). Answers the activity.",
    audience: ['presidium', 'deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        kind: z.enum(ACTIVITY_KINDS),
        title: z.string().max(TITLE_MAX * 2),
        groupId: groupIdSchema().optional(),
        stationCode: stationCodeField().optional(),
        date: ymdField(),
        start: hhmm(),
        end: hhmm(),
        place: z.string().max(PLACE_MAX * 2),
        description: z
          .string()
          .max(DESCRIPTION_MAX * 2)
          .optional(),
        inviteeIds: deputyIds(INVITEES_MAX).optional(),
      }),
    run: (ctx, { requestId, ...input }) => activities.scheduleActivity(ctx, requestId, input),
  }),

  updateActivity: action({
    summary:
      "Whoever may schedule the activity (the presidium; its organising leader, still leading its group, inviting only its members) edits it while it is scheduled and nobody is present yet: title, day (an unchanged day stands; a new one in scheduling's window), start and end, place, description, invitees (every field sent: the form's values). `revision` (the one getActivity answered) makes it refuse with CONFLICT when someone edited it since. In the same transaction the invitees still invited are told of a changed day/time/place (activityNotice 时间已变更/地点已变更/活动已变更), the newly invited get the invitation, the removed 无需参加; a new title or description alone tells nobody. Answers the activity and `told` (messages queued).",
    audience: ['presidium', 'deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        activityId: activityIdSchema(),
        revision: z.number().int().min(0).max(1_000_000).optional(),
        title: z.string().max(TITLE_MAX * 2),
        date: ymdField(),
        start: hhmm(),
        end: hhmm(),
        place: z.string().max(PLACE_MAX * 2),
        description: z
          .string()
          .max(DESCRIPTION_MAX * 2)
          .default(''),
        inviteeIds: deputyIds(INVITEES_MAX),
      }),
    run: (ctx, { requestId, ...input }) => activities.updateActivity(ctx, requestId, input),
  }),

  cancelActivity: action({
    summary:
      'The organiser (or the presidium) cancels a scheduled activity with a reason; the invitees are told.',
    audience: ['presidium', 'deputy'],
    input: () =>
      z.strictObject({ activityId: activityIdSchema(), reason: z.string().max(CANCEL_REASON_MAX * 2) }),
    run: (ctx, { activityId, reason }) => activities.cancelActivity(ctx, activityId, reason),
  }),

  listActivities: action({
    summary:
      "Activities for the presidium (every one) or a deputy (those they are invited to or organise), newest day first, filtered by status; each with its attendance count and the caller's own check-in.",
    audience: ['presidium', 'deputy'],
    input: () =>
      z.strictObject({
        status: z.enum(ACTIVITY_STATUSES).optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    run: (ctx, input) => activities.listActivities(ctx, input),
  }),

  getActivity: action({
    summary:
      'One activity for the presidium, its organiser and its invitees: details, invitees with attendance, the check-in code and QR text (organiser and presidium only), the record (photos to staff until cleared), matters with their opinions, rectification items.',
    audience: ['presidium', 'deputy'],
    input: () => z.strictObject({ activityId: activityIdSchema() }),
    run: (ctx, { activityId }) => activities.getActivity(ctx, activityId),
  }),

  checkIn: action({
    summary:
      "An invited deputy checks in on the activity's day by scanning its QR code (qr) or typing its code (activityId + code). Answers the attendance.",
    audience: ['deputy'],
    input: () =>
      z.strictObject({
        qr: z.string().max(200).optional(),
        activityId: activityIdSchema().optional(),
        code: z.string().max(12).optional(),
      }),
    run: (ctx, input) => activities.checkIn(ctx, input),
  }),

  markAttendance: action({
    summary:
      "The organiser (or the presidium) sets who was present from the invitees (from the activity's day on); before the close the list replaces the attendance, after it names may only be added, and each added deputy's duty record is written at once.",
    audience: ['presidium', 'deputy'],
    input: () => z.strictObject({ activityId: activityIdSchema(), present: deputyIds(INVITEES_MAX) }),
    run: (ctx, { activityId, present }) => activities.markAttendance(ctx, activityId, present),
  }),

  closeActivity: action({
    summary:
      'The organiser (or the presidium) closes the activity with its record: summary (content-checked), photos (public once the presidium clears them), people reached, matters raised (each becomes an opinion), and for 集中视察/执法检查 findings as rectification items (office, deadline). Every deputy present gets one duty record. Closing again corrects the summary, photos and people reached (the duty records rewritten with them) and only ADDS matters and findings: those already filed are fixed facts, new ones numbered after the last.',
    audience: ['presidium', 'deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        activityId: activityIdSchema(),
        summary: z.string().max(SUMMARY_MAX * 2),
        photos: photosSchema(),
        peopleReached: z.number().int().min(0).max(PEOPLE_REACHED_MAX).default(0),
        matters: z
          .array(
            z.strictObject({
              villageCode: idField(),
              categoryCode: idField(),
              text: z.string().max(MATTER_TEXT_MAX * 2),
            }),
          )
          .max(MATTERS_MAX, `问题最多${MATTERS_MAX}件`)
          .default([]),
        findings: z
          .array(
            z.strictObject({
              text: z.string().max(FINDING_TEXT_MAX * 2),
              departmentId: idField(),
              deadline: ymdField(),
            }),
          )
          .max(FINDINGS_MAX, `整改事项最多${FINDINGS_MAX}个`)
          .default([]),
      }),
    run: (ctx, { requestId: _r, ...input }) => activities.closeActivity(ctx, input),
  }),

  clearActivityRecord: action({
    summary: "The presidium has looked at a closed activity's summary and photos and makes them public.",
    audience: ['presidium'],
    input: () => z.strictObject({ activityId: activityIdSchema() }),
    run: (ctx, { activityId }) => activities.clearRecord(ctx, activityId),
  }),

  stationActivities: action({
    summary:
      "A station's closed activities of the last year for the station page (public): kind, title, day, attendee count, and the summary and photos once cleared.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: (ctx, { stationCode }) => activities.stationActivities(ctx, stationCode),
  }),

  // --- rectification items --------------------------------------------------------------------------
  listRectifications: action({
    summary:
      "Rectification items for the presidium (every office) or a department's staff (their own office), filtered by status; each with its activity, office, deadline, and late/on-time.",
    audience: ['presidium', 'department'],
    input: () => z.strictObject({ status: z.enum(RECTIFICATION_STATUSES).optional() }),
    scope: 'caller',
    run: (ctx, { status }) => rectifications.listRectifications(ctx, status),
  }),

  reportFixed: action({
    summary:
      "The item's office (its department's staff) reports it fixed, or the presidium records the fix: the day (the last three months) and a note. Answers the item.",
    audience: ['presidium', 'department'],
    input: () =>
      z.strictObject({
        rectificationId: rectificationIdSchema(),
        fixedOn: ymdField(),
        note: z.string().max(FIX_NOTE_MAX * 2),
      }),
    scope: rectificationScope,
    run: (ctx, input) => rectifications.reportFixed(ctx, input),
  }),
};
