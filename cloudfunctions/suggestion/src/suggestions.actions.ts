/**
 * The `suggestion` function's actions (代表建议): each calls one use case of
 * server/suggestion/suggestions.service.ts. Deputies file, co-sign, raise an opinion and rate; the
 * presidium assigns and sets the deadline's default; an office's staff (the department role) sign off,
 * answer or send back; whether the caller is the filer, a co-signer or one of the offices is the
 * service's check (SUGGESTION_NOT_YOURS, SUGGESTION_NOT_YOUR_OFFICE …).
 */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
import { z } from 'zod';
import { SATISFACTION_LEVELS } from '../../../core/duty/duty.types';
import {
  ANSWER_TEXT_MAX,
  COHANDLERS_MAX,
  CONTENT_MAX,
  COSIGNERS_MAX,
  FILE_ID_MAX,
  MONTHS_MAX,
  OPINION_MAX,
  REASON_MAX,
  TITLE_MAX,
} from '../../../core/suggestion/suggestion.rules';
import {
  RESULT_CLASSES,
  SUGGESTION_CATEGORIES,
  SUGGESTION_STATUSES,
} from '../../../core/suggestion/suggestion.types';
import * as suggestions from '../../../server/suggestion/suggestions.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, ymdField } from '../../../server/schemas';

const suggestionIdSchema = () => z.string().regex(/^sg_[A-Za-z0-9_-]{1,140}$/, '建议编号格式不正确');
const opinionIdSchema = () => z.string().regex(/^op[0-9a-f]{22}$/, '意见编号格式不正确');
const fields = () => ({
  title: z.string().max(TITLE_MAX * 2),
  content: z.string().max(CONTENT_MAX * 2),
  category: z.enum(SUGGESTION_CATEGORIES),
});

export const suggestionActions = {
  file: action({
    summary:
      'A deputy files a suggestion (title, content, category; during a session or between), alone or inviting co-signers (附议): their duty record (suggestion). A retry with the same request id is the same suggestion.',
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        ...fields(),
        sessionId: idField().optional(),
        cosignerIds: z.array(idField()).max(COSIGNERS_MAX, `附议代表最多${COSIGNERS_MAX}位`).default([]),
      }),
    run: (ctx, { requestId, ...input }) => suggestions.fileOne(ctx, requestId, input),
  }),

  raiseOpinion: action({
    summary:
      "转为代表建议: a deputy who holds a villager's open opinion raises it into a suggestion (one per opinion); the villager follows it on their case page.",
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject({ requestId: requestIdField(), opinionId: opinionIdSchema(), ...fields() }),
    run: (ctx, { requestId, ...input }) => suggestions.raiseOpinion(ctx, requestId, input),
  }),

  answerInvite: action({
    summary: 'A co-signer confirms (附议, their duty record too) or declines the invitation.',
    audience: ['deputy'],
    input: () => z.strictObject({ suggestionId: suggestionIdSchema(), confirm: z.boolean() }),
    run: (ctx, { suggestionId, confirm }) => suggestions.answerInviteAs(ctx, suggestionId, confirm),
  }),

  mine: action({
    summary: "The deputy's suggestions (我的建议) and the co-sign invitations they received.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: (ctx) => suggestions.mine(ctx),
  }),

  get: action({
    summary:
      'One suggestion as the caller may see it (filer, co-signer, presidium, one of its offices), with what they may do now.',
    audience: ['deputy', 'presidium', 'department'],
    input: () => z.strictObject({ suggestionId: suggestionIdSchema() }),
    run: (ctx, { suggestionId }) => suggestions.getOne(ctx, suggestionId),
  }),

  rate: action({
    summary:
      'The filer rates the answer (满意/基本满意/不满意); the first 不满意 sends it back to the lead office for re-handling, a second closes it as 不满意.',
    audience: ['deputy'],
    input: () => z.strictObject({ suggestionId: suggestionIdSchema(), rating: z.enum(SATISFACTION_LEVELS) }),
    run: (ctx, { suggestionId, rating }) => suggestions.rate(ctx, suggestionId, rating),
  }),

  list: action({
    summary:
      "The presidium's 建议办理 list: by status (open ones when none is named), overdue first; the offices and settings.",
    audience: ['presidium'],
    input: () => z.strictObject({ status: z.enum(SUGGESTION_STATUSES).optional() }),
    run: (ctx, { status }) => suggestions.presidiumList(ctx, status),
  }),

  assign: action({
    summary:
      'The presidium assigns a suggestion (or reassigns one sent back) to a lead office and up to 5 co-handlers, with a deadline (default: the settings’ months after today).',
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        suggestionId: suggestionIdSchema(),
        leadDepartmentId: idField(),
        cohandlerIds: z.array(idField()).max(COHANDLERS_MAX, `协办单位最多${COHANDLERS_MAX}个`).default([]),
        deadline: ymdField().optional(),
      }),
    run: (ctx, { suggestionId, ...input }) => suggestions.assign(ctx, suggestionId, input),
  }),

  setSettings: action({
    summary: "The presidium sets the deadline's default: months to answer, months to re-handle after 不满意.",
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        answerMonths: z
          .number()
          .int()
          .min(0)
          .max(MONTHS_MAX * 10),
        rehandleMonths: z
          .number()
          .int()
          .min(0)
          .max(MONTHS_MAX * 10),
      }),
    run: (ctx, input) => suggestions.setSettings(ctx, input),
  }),

  inbox: action({
    summary:
      "The caller's office's suggestions: led (主办) and co-handled (协办), those waiting for it first.",
    audience: ['department'],
    input: () => z.strictObject({}),
    run: (ctx) => suggestions.officeInbox(ctx),
  }),

  signOff: action({
    summary: 'A co-handling office gives its opinion and signs off (会签).',
    audience: ['department'],
    input: () =>
      z.strictObject({ suggestionId: suggestionIdSchema(), opinion: z.string().max(OPINION_MAX * 2) }),
    run: (ctx, { suggestionId, opinion }) => suggestions.signOffAs(ctx, suggestionId, opinion),
  }),

  answer: action({
    summary:
      'The lead office answers formally: text, the document (a cloud-storage fileID) and the result class A/B/C/D; only once every co-handler signed off (SUGGESTION_COHANDLERS_PENDING). The filer is told.',
    audience: ['department'],
    input: () =>
      z.strictObject({
        suggestionId: suggestionIdSchema(),
        text: z.string().max(ANSWER_TEXT_MAX * 2),
        fileId: z.string().max(FILE_ID_MAX),
        resultClass: z.enum(RESULT_CLASSES),
      }),
    run: (ctx, { suggestionId, ...input }) => suggestions.answerAs(ctx, suggestionId, input),
  }),

  sendBack: action({
    summary:
      'An office that is not responsible sends the suggestion back with a reason, within 7 working days of assignment (after: SUGGESTION_SEND_BACK_LATE); the presidium reassigns it.',
    audience: ['department'],
    input: () =>
      z.strictObject({ suggestionId: suggestionIdSchema(), reason: z.string().max(REASON_MAX * 2) }),
    run: (ctx, { suggestionId, reason }) => suggestions.sendBackAs(ctx, suggestionId, reason),
  }),

  ofOpinion: action({
    summary:
      "The suggestion a villager's opinion was raised into, as its villager sees it: status, office, result class, the answer's text once answered (null when none).",
    audience: 'anyone',
    input: () => z.strictObject({ opinionId: opinionIdSchema() }),
    run: (ctx, { opinionId }) => suggestions.ofOpinion(ctx, opinionId),
  }),
};
