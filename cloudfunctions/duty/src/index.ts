/**
 * Cloud function `duty`: deputies' duty records (履职登记), the disclosure notices built from them
 * (履职登记公示) and the report-back evaluation (述职测评). A table of actions: each declares who may
 * call it and what its input is, and calls one use case of server/duty/ (records: duty.service.ts;
 * periods: periods.service.ts; notices: disclosure.service.ts; followers: followers.service.ts;
 * report-backs: evaluation.service.ts).
 */
import { z } from 'zod';
import { MANUAL_DUTY_TYPES, CONFIRMATION_CHANNELS, SATISFACTION_LEVELS } from '../../../core/duty/duty.types';
import { DESCRIPTION_MAX_CHARS, PEOPLE_REACHED_MAX, PHOTOS_MAX } from '../../../core/duty/duty.rules';
import { DEFAULT_EVALUATION_DAYS, REPORT_MAX_CHARS } from '../../../core/duty/evaluation.rules';
import * as notices from '../../../server/duty/disclosure.service';
import * as records from '../../../server/duty/duty.service';
import * as evaluations from '../../../server/duty/evaluation.service';
import * as followers from '../../../server/duty/followers.service';
import * as periods from '../../../server/duty/periods.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { idField, stationCodeField, ymdField } from '../../../server/schemas';

const docIdSchema = () => z.string().regex(/^[A-Za-z0-9_:-]{1,120}$/, '编号格式不正确');
const periodIdSchema = () => z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, '公示期编号格式不正确');
const recordFields = () => ({
  type: z.enum(MANUAL_DUTY_TYPES),
  date: ymdField(),
  description: z.string().max(DESCRIPTION_MAX_CHARS * 2, '履职内容太长了'),
  peopleReached: z.number().int().min(0).max(PEOPLE_REACHED_MAX),
  photos: z.array(z.string().max(300)).max(PHOTOS_MAX, `照片最多${PHOTOS_MAX}张`).default([]),
});

export const definition = defineFunction('duty', {
  // --- records ----------------------------------------------------------------------------------
  addRecord: action({
    summary:
      'A deputy records an activity the system did not see (visit, inspection, meeting, training, suggestion, help…); pending until the presidium approves it.',
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject({ requestId: requestIdField(), ...recordFields() }),
    run: ({ caller, now }, { requestId, ...input }) => records.addRecord(caller, now, requestId, input),
  }),

  editRecord: action({
    summary: 'The deputy corrects their own pending or returned record; it goes back to pending.',
    audience: ['deputy'],
    input: () => z.strictObject({ id: docIdSchema(), ...recordFields() }),
    run: ({ caller, now }, { id, ...input }) => records.editRecord(caller, now, id, input),
  }),

  myRecords: action({
    summary: "The deputy's own duty records (manual and system), newest first, with review status.",
    audience: ['deputy'],
    input: () => z.strictObject({ limit: z.number().int().min(1).max(200).default(100) }),
    run: ({ caller }, { limit }) => records.myRecords(caller, limit),
  }),

  reviewQueue: action({
    summary: 'Manual records waiting for the presidium, oldest first (a page of 100 and the total).',
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: () => records.reviewQueue(),
  }),

  approveRecord: action({
    summary: 'The presidium approves a pending manual record; from then on it counts in notices.',
    audience: ['presidium'],
    input: () => z.strictObject({ id: docIdSchema() }),
    run: ({ caller, now }, { id }) => records.approve(caller, now, id),
  }),

  returnRecord: action({
    summary: 'The presidium returns a pending manual record to its deputy with a comment.',
    audience: ['presidium'],
    input: () => z.strictObject({ id: docIdSchema(), comment: z.string().max(200, '退回原因最多200字') }),
    run: ({ caller, now }, { id, comment }) => records.giveBack(caller, now, id, comment),
  }),

  // --- periods ----------------------------------------------------------------------------------
  listPeriods: action({
    summary: 'Disclosure periods: the default half-years of the last two years and any set by the presidium.',
    audience: ['presidium', 'stationAdmin', 'deputy'],
    input: () => z.strictObject({}),
    // Township-wide: the default half-years and the presidium's periods, the same for every station.
    scope: 'caller',
    run: ({ now }) => periods.listPeriods(now),
  }),

  setPeriod: action({
    summary:
      'The presidium adds a custom disclosure period (besides the default half-years); drafted once it ends.',
    audience: ['presidium'],
    input: () => z.strictObject({ id: periodIdSchema(), start: ymdField(), end: ymdField() }),
    run: ({ caller, now }, input) => periods.setPeriod(caller.openid, now, input),
  }),

  // --- notices ----------------------------------------------------------------------------------
  draftNotice: action({
    summary:
      "The presidium drafts (or re-drafts, if unpublished) a station's notice for a period now, from the records.",
    audience: ['presidium'],
    input: () => z.strictObject({ stationCode: stationCodeField(), periodId: periodIdSchema() }),
    run: ({ now }, { stationCode, periodId }) => notices.draftStationNotice(now, stationCode, periodId),
  }),

  draftAllNotices: action({
    summary:
      "The presidium drafts now, for every active station, the period's notice (what the scheduler's draftNotices job does once the period ends); unpublished drafts are rebuilt.",
    audience: ['presidium'],
    input: () => z.strictObject({ periodId: periodIdSchema() }),
    run: ({ now }, { periodId }) => notices.draftAllNotices(now, periodId),
  }),

  listNotices: action({
    summary: 'The presidium lists notices (every station and version) of a period, or of the latest periods.',
    audience: ['presidium'],
    input: () => z.strictObject({ periodId: periodIdSchema().optional() }),
    run: (_ctx, { periodId }) => notices.listNotices(periodId),
  }),

  myNotices: action({
    summary: "A deputy's notices waiting for their confirmation, and the published ones they are in.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: ({ caller }) => notices.myNotices(caller),
  }),

  getNotice: action({
    summary:
      'One notice by id (optionally another version of the same station and period). Published versions are public; drafts only for the presidium, the station admin and its deputies.',
    audience: 'anyone',
    input: () => z.strictObject({ id: docIdSchema(), version: z.number().int().min(1).max(100).optional() }),
    run: ({ caller }, { id, version }) => notices.readNotice(caller, id, version),
  }),

  currentNotice: action({
    summary:
      "A station's current notice: the latest published version of its latest published period (null if none).",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: (_ctx, { stationCode }) => notices.currentNotice(stationCode),
  }),

  noticeHistory: action({
    summary: "A station's published notices, every period and version, newest first.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: (_ctx, { stationCode }) => notices.noticeHistory(stationCode),
  }),

  confirmNotice: action({
    summary: 'A deputy confirms their row of a draft notice.',
    audience: ['deputy'],
    input: () => z.strictObject({ id: docIdSchema() }),
    run: ({ caller, now }, { id }) => notices.confirm(caller, now, id),
  }),

  recordConfirmation: action({
    summary:
      "The presidium records a deputy's confirmation of their row given on paper or by phone (a deputy who never bound WeChat), with a reason (content-checked: risky refused with NOTICE_TEXT_RISKY); it counts as the deputy's confirmation and the notice says it was recorded. A deputy's own answer in WeChat is never overwritten (NOTICE_DEPUTY_ANSWERED).",
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        id: docIdSchema(),
        deputyId: idField(),
        channel: z.enum(CONFIRMATION_CHANNELS),
        reason: z.string().max(200, '原因最多200字'),
      }),
    run: ({ caller, now }, input) => notices.recordPaperConfirmation(caller, now, input),
  }),

  commentNotice: action({
    summary:
      'A deputy disagrees with their row (异议) and says why (content-checked: risky refused with NOTICE_TEXT_RISKY); the presidium reads it before approving.',
    audience: ['deputy'],
    input: () => z.strictObject({ id: docIdSchema(), comment: z.string().max(300, '意见最多300字') }),
    run: ({ caller, now }, { id, comment }) => notices.comment(caller, now, id, comment),
  }),

  approveNotice: action({
    summary: 'The presidium approves a notice once every deputy in it has answered.',
    audience: ['presidium'],
    input: () => z.strictObject({ id: docIdSchema() }),
    run: ({ caller, now }, { id }) => notices.approve(caller, now, id),
  }),

  publishNotice: action({
    summary:
      'The presidium publishes an approved notice (then it never changes); followers of the station get a noticePublished message.',
    audience: ['presidium'],
    input: () => z.strictObject({ id: docIdSchema() }),
    run: ({ now }, { id }) => notices.publish(now, id),
  }),

  correctNotice: action({
    summary:
      'The presidium corrects the current published notice: a new published version from the records as they are now, saying what changed and why (the reason content-checked: risky NOTICE_TEXT_RISKY, for review NOTICE_TEXT_REVIEW, unless confirmed). The old version stays readable.',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        id: docIdSchema(),
        reason: z.string().max(300, '更正原因最多300字'),
        /** The presidium has read the reason the content check flagged and confirms it. */
        confirmed: z.boolean().default(false),
      }),
    run: ({ caller, now }, input) => notices.correct(caller, now, input),
  }),

  printableNotice: action({
    summary:
      'The printable A4 notice (HTML with the station QR code) for the notice board; `npm run notice:pdf` turns it into a PDF locally.',
    audience: ['presidium', 'stationAdmin'],
    input: () => z.strictObject({ id: docIdSchema() }),
    scope: ({ id }) => notices.noticeScope(id),
    run: ({ now }, { id }) => notices.printableNotice(now, id),
  }),

  followStation: action({
    summary: 'A villager follows a station: told by subscribe message when its notice is published.',
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: ({ caller, now }, { stationCode }) => followers.followStation(caller.openid, stationCode, now),
  }),

  unfollowStation: action({
    summary: 'A villager stops following a station.',
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: ({ caller }, { stationCode }) => followers.unfollowStation(caller.openid, stationCode),
  }),

  followState: action({
    summary: 'Whether the caller follows the station.',
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: ({ caller }, { stationCode }) => followers.followState(caller.openid, stationCode),
  }),

  // --- report-back evaluation -------------------------------------------------------------------
  scheduleEvaluation: action({
    summary:
      "The presidium schedules a deputy's report-back (述职) on a day at a station; voters rate from that day for `days` days.",
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        deputyId: idField(),
        date: ymdField(),
        stationCode: stationCodeField().optional(),
        days: z.number().int().min(1).max(60).default(DEFAULT_EVALUATION_DAYS),
      }),
    run: ({ caller, now }, input) => evaluations.schedule(caller, now, input),
  }),

  postReport: action({
    summary: 'The deputy posts (or rewrites, until the first rating) their written report-back.',
    audience: ['deputy'],
    input: () =>
      z.strictObject({
        evaluationId: docIdSchema(),
        report: z.string().max(REPORT_MAX_CHARS, '述职报告太长了'),
      }),
    run: (ctx, { evaluationId, report }) => evaluations.postReport(ctx, evaluationId, report),
  }),

  rateEvaluation: action({
    summary:
      "A voter rates a report-back 满意/基本满意/不满意, once: those checked in at the station that day, or living in one of the deputy's villages (declared village, checked against the deputy's villages).",
    audience: 'anyone',
    input: () =>
      z.strictObject({
        evaluationId: docIdSchema(),
        rating: z.enum(SATISFACTION_LEVELS),
        villageCode: idField().optional(),
      }),
    run: (ctx, input) => evaluations.rateReport(ctx, input),
  }),

  closeEvaluation: action({
    summary: 'The presidium closes an evaluation early; after closing nothing changes.',
    audience: ['presidium'],
    input: () => z.strictObject({ evaluationId: docIdSchema() }),
    run: (ctx, { evaluationId }) => evaluations.close(ctx, evaluationId),
  }),

  publishEvaluation: action({
    summary: 'The presidium publishes a closed evaluation: the report and the counts become public.',
    audience: ['presidium'],
    input: () => z.strictObject({ evaluationId: docIdSchema() }),
    run: (ctx, { evaluationId }) => evaluations.publish(ctx, evaluationId),
  }),

  getEvaluation: action({
    summary:
      'One report-back: the report once posted, and the counts once published (the presidium and the deputy see them earlier).',
    audience: 'anyone',
    input: () => z.strictObject({ evaluationId: docIdSchema() }),
    run: (ctx, { evaluationId }) => evaluations.getOne(ctx, evaluationId),
  }),

  listEvaluations: action({
    summary: "A station's report-back evaluations, newest first.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: (ctx, { stationCode }) => evaluations.listOfStation(ctx, stationCode),
  }),
});

export const main = definition.main;
