/**
 * The `congress` function's actions on the execution of the projects that passed (民生实事): the plan,
 * progress, milestones, followers, deputies' inspections and the year-end completion rating. Each calls
 * one use case of server/congress/projects.service.ts; the responsible office's staff reach their own
 * project through the scope rule (NOT_YOUR_DEPARTMENT).
 */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
import { z } from 'zod';
import {
  DONE_NOTE_MAX,
  FINDINGS_MAX,
  LEAD_MAX,
  MILESTONE_TITLE_MAX,
  MILESTONES_MAX,
  PEOPLE_MAX,
  REPORT_PHOTOS_MAX,
  REPORT_TEXT_MAX,
} from '../../../core/congress/project.rules';
import { SATISFACTION_LEVELS } from '../../../core/duty/duty.types';
import * as projects from '../../../server/congress/projects.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, ymdField } from '../../../server/schemas';

const projectIdSchema = () => z.string().regex(/^pj:[A-Za-z0-9_-]{1,64}$/, '项目编号格式不正确');
const reportIdSchema = () => z.string().regex(/^pr:pj:[A-Za-z0-9_:-]{1,140}$/, '进展编号格式不正确');
const milestoneIdSchema = () => z.string().regex(/^m\d{1,3}$/, '节点编号格式不正确');
const yearSchema = () => z.number().int().min(2000).max(2099);
const photosSchema = () =>
  z.array(z.string().max(300)).max(REPORT_PHOTOS_MAX, `照片最多${REPORT_PHOTOS_MAX}张`).default([]);
const projectScope = (input: { projectId: string }) => projects.projectScope(input.projectId);

export const projectActions = {
  passedForPlanning: action({
    summary:
      'The candidates that passed the vote, each with its plan if written, and the departments to choose the responsible office from.',
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: () => projects.passedForPlanning(),
  }),

  planProject: action({
    summary:
      "The presidium writes (or rewrites) a passed candidate's plan: the responsible office, the lead and 1–12 milestones with due days (a done milestone stays as it was). Answers the project.",
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        candidateId: idField(),
        departmentId: idField(),
        lead: z.string().max(LEAD_MAX * 2),
        milestones: z
          .array(
            z.strictObject({
              id: milestoneIdSchema().optional(),
              title: z.string().max(MILESTONE_TITLE_MAX * 2),
              due: ymdField(),
            }),
          )
          .max(MILESTONES_MAX, `实施节点最多${MILESTONES_MAX}个`),
      }),
    run: (ctx, { candidateId, ...plan }) => projects.writePlan(ctx, candidateId, plan),
  }),

  listProjects: action({
    summary:
      "A year's livelihood projects (the latest year when none is named) with their progress (milestones done, late) and, once the year's rating is published, its result.",
    audience: 'anyone',
    input: () => z.strictObject({ year: yearSchema().optional() }),
    run: (ctx, { year }) => projects.listProjects(ctx, year),
  }),

  getProject: action({
    summary:
      "One project's progress: milestones (late ones marked), progress reports (the public sees text and photos once cleared; staff see all), inspections, whether the caller follows it, and the rating.",
    audience: 'anyone',
    input: () => z.strictObject({ projectId: projectIdSchema() }),
    run: (ctx, { projectId }) => projects.getOne(ctx, projectId),
  }),

  addProgress: action({
    summary:
      "The presidium or the project's responsible office reports progress (at most 500 characters: PROJECT_REPORT_TOO_LONG; text content-checked: risky refused with PROJECT_TEXT_RISKY; photos public once the presidium clears them).",
    audience: ['presidium', 'department'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        projectId: projectIdSchema(),
        text: z.string().max(REPORT_TEXT_MAX * 2),
        photos: photosSchema(),
      }),
    scope: projectScope,
    run: (ctx, { requestId, ...input }) => projects.addProgress(ctx, requestId, input),
  }),

  clearProgress: action({
    summary:
      'The presidium has looked at a progress report held back (its text or photos) and makes it public.',
    audience: ['presidium'],
    input: () => z.strictObject({ reportId: reportIdSchema() }),
    run: (ctx, { reportId }) => projects.clearProgress(ctx, reportId),
  }),

  markMilestoneDone: action({
    summary:
      "The presidium or the project's responsible office marks a milestone done on a day (the last three months; an office's is judged on time by the day it reports it); the project's followers are told (projectProgress), the first ones in the call and the rest by the scheduler.",
    audience: ['presidium', 'department'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        projectId: projectIdSchema(),
        milestoneId: milestoneIdSchema(),
        doneOn: ymdField(),
        note: z
          .string()
          .max(DONE_NOTE_MAX * 2)
          .default(''),
      }),
    scope: projectScope,
    run: (ctx, { requestId: _r, ...input }) => projects.markDone(ctx, input),
  }),

  followProject: action({
    summary: 'The caller follows a project: told at each milestone done.',
    audience: 'anyone',
    input: () => z.strictObject({ projectId: projectIdSchema() }),
    run: ({ caller, now }, { projectId }) => projects.followProject(caller, projectId, now),
  }),

  unfollowProject: action({
    summary: 'The caller stops following a project.',
    audience: 'anyone',
    input: () => z.strictObject({ projectId: projectIdSchema() }),
    run: ({ caller }, { projectId }) => projects.unfollowProject(caller, projectId),
  }),

  recordInspection: action({
    summary:
      'A deputy records an inspection of a project (视察) with what they found; it becomes their duty record (type inspection) once per request id.',
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        projectId: projectIdSchema(),
        date: ymdField(),
        findings: z.string().max(FINDINGS_MAX * 2),
        peopleReached: z.number().int().min(0).max(PEOPLE_MAX).default(0),
      }),
    run: (ctx, { requestId, ...input }) => projects.recordInspection(ctx, requestId, input),
  }),

  myInspections: action({
    summary: "The deputy's own inspections of projects (视察记录), newest first, and the year's projects.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: (ctx) => projects.myInspections(ctx),
  }),

  openRating: action({
    summary: "The presidium opens the year's completion rating (满意度测评) of its projects.",
    audience: ['presidium'],
    input: () => z.strictObject({ year: yearSchema() }),
    run: (ctx, { year }) => projects.openRating(ctx, year),
  }),

  closeRating: action({
    summary: "The presidium closes the year's completion rating: each project's counts are published.",
    audience: ['presidium'],
    input: () => z.strictObject({ year: yearSchema() }),
    run: (ctx, { year }) => projects.closeRating(ctx, year),
  }),

  ratingRound: action({
    summary:
      "The year's completion rating (no year named: the round open now, else the latest year): open or closed, each project with the deputy's own rating, and once closed the counts (满意/基本满意/不满意) with the fair satisfied share.",
    audience: ['deputy', 'presidium'],
    input: () => z.strictObject({ year: yearSchema().optional() }),
    run: (ctx, { year }) => projects.ratingRound(ctx, year),
  }),

  rateProject: action({
    summary:
      "A deputy rates a project's completion once (满意/基本满意/不满意) while the year's rating is open; the same answer again is a retry, another is refused (PROJECT_ALREADY_RATED).",
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        projectId: projectIdSchema(),
        rating: z.enum(SATISFACTION_LEVELS),
      }),
    run: (ctx, { requestId: _r, ...input }) => projects.rateProject(ctx, input),
  }),
};
