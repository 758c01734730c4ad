/**
 * Cloud function `opinion`: villagers submit opinions (意见建议), follow similar ones and rate answers;
 * deputies accept, reply, transfer, hand back and resolve. The presidium's own actions (routing table,
 * moderation, merge, department answers, 督办) live in `admin`, on the same service
 * (server/opinion/opinions.service.ts). Each action calls one use case of
 * server/opinion/opinion-views.service.ts; every view goes through core/opinion/opinion.privacy.ts.
 * A station admin's submit (代录) and rating are scoped to their station by the pipeline.
 */
import { z } from 'zod';
import { PROXY_CHANNELS } from '../../../core/figures/figures.opinions';
import {
  CONTACT_NAME_MAX,
  NOTE_MAX,
  PHOTOS_MAX,
  TEXT_MAX,
  ANSWER_MAX,
} from '../../../core/opinion/opinion.limits';
import { RATINGS } from '../../../core/opinion/opinion.types';
import {
  actOnCase,
  caseView,
  categoryList,
  departmentList,
  deputyInbox,
  followCase,
  handBackCase,
  hideNameCase,
  myCases,
  notResolvedCase,
  publicAnswers,
  rateCase,
  replyToCase,
  resolveCase,
  similarCases,
  submitOpinion,
  transferCase,
} from '../../../server/opinion/opinion-views.service';
import { opinionScope } from '../../../server/opinion/opinions.service';
import {
  deleteMyTemplate,
  myTemplates,
  saveMyTemplate,
} from '../../../server/opinion/answer-templates.service';
import { TEMPLATE_TEXT_MAX, TEMPLATE_TITLE_MAX } from '../../../core/opinion/opinion.templates';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { idField, stationCodeField } from '../../../server/schemas';

/** A cloud storage file id as wx.cloud.uploadFile answers it. */
const fileIdSchema = () =>
  z
    .string()
    .max(300)
    .regex(/^cloud:\/\/[A-Za-z0-9._\-/]+$/, '照片须先上传到云存储');

const opinionIdSchema = () => z.string().regex(/^op[0-9a-f]{22}$/, '意见编号格式不正确');

const submitInput = () =>
  z.strictObject({
    requestId: requestIdField(),
    stationCode: stationCodeField(),
    villageCode: idField(),
    categoryCode: idField(),
    // Characters are counted exactly by core checkDraft; this is the transport cap.
    text: z.string().max(TEXT_MAX * 2, `内容最多${TEXT_MAX}个字`),
    photos: z.array(fileIdSchema()).max(PHOTOS_MAX, `最多${PHOTOS_MAX}张照片`).default([]),
    anonymous: z.boolean(),
    consentToPublish: z.boolean(),
    contact: z
      .strictObject({
        name: z
          .string()
          .max(CONTACT_NAME_MAX * 2)
          .optional(),
        phone: z.string().max(20).optional(),
      })
      .optional(),
    // 代录: how the matter came — by phone (来电, hotline) or in person (来访, proxy, the default).
    // A villager filing in WeChat sends none (their channel is the scan).
    channel: z.enum(PROXY_CHANNELS).optional(),
    // 给代表留言: the deputy the villager writes to (their code, or picked on the station page).
    deputyId: idField().optional(),
  });

const staff = ['deputy', 'presidium'] as const;
const everyone = ['resident', 'deputy', 'stationAdmin', 'presidium', 'department'] as const;

const caseInput = () => ({ requestId: requestIdField(), opinionId: opinionIdSchema() });

export const definition = defineFunction('opinion', {
  categories: action({
    summary: 'The opinion categories villagers choose from, with their working-day limits.',
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: async () => categoryList(),
  }),

  submit: action({
    summary:
      'A villager (or a station admin on their behalf, 代录) files an opinion; it is content-checked (text the check would refuse publicly is refused only when meant for the public, REPORT_NOT_PUBLIC; privately it is a report of wrongdoing, held for the presidium and never public), routed and the deputies notified. Idempotent by requestId. A villager files at most OPINION_DAILY_LIMIT a day (DAILY_LIMIT), a station admin at most onBehalfPerDay (admin.setLimits; ON_BEHALF_DAILY_LIMIT).',
    audience: ['resident', 'stationAdmin'],
    idempotent: true,
    input: () => submitInput(),
    // A station admin files only at their own station (the input's stationCode); residents anywhere.
    scope: (input) => ({ stationCode: input.stationCode }),
    run: async ({ caller, now }, input) => submitOpinion(caller, input, now),
  }),

  similar: action({
    summary:
      'Open opinions at the same station and category that look like the draft, so the villager can follow one instead.',
    audience: 'anyone',
    input: () =>
      z.strictObject({
        stationCode: stationCodeField(),
        categoryCode: idField(),
        text: z.string().max(TEXT_MAX * 2),
      }),
    run: async ({ caller }, input) => similarCases(caller, input),
  }),

  follow: action({
    summary:
      'A villager follows an existing open case ("我也反映过") instead of filing the same matter again.',
    audience: ['resident'],
    input: () => z.strictObject({ opinionId: opinionIdSchema() }),
    run: async ({ caller, now }, { opinionId }) => followCase(opinionId, caller, now),
  }),

  mine: action({
    summary: "The caller's own opinions (filed, followed, or filed on villagers' behalf), newest first.",
    audience: everyone,
    input: () => z.strictObject({}),
    scope: 'caller',
    run: async ({ caller }) => myCases(caller),
  }),

  get: action({
    summary:
      "One case in the caller's view: the villager's own (plain-words timeline), a deputy's assigned (now or before), or any for the presidium.",
    audience: everyone,
    input: () => z.strictObject({ opinionId: opinionIdSchema() }),
    scope: (input) => opinionScope(input.opinionId),
    run: async ({ caller, now }, { opinionId }) => caseView(opinionId, caller, now),
  }),

  inbox: action({
    summary:
      "A deputy's cases: those with them now (overdue first, then due soon), and those handled before.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: async ({ caller, now }) => deputyInbox(caller, now),
  }),

  departments: action({
    summary: 'Departments a case can be transferred to (转办).',
    audience: [...staff],
    input: () => z.strictObject({}),
    run: async () => departmentList(),
  }),

  accept: action({
    summary: 'The assigned deputy acknowledges the case (受理).',
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject(caseInput()),
    run: async ({ caller, now }, { opinionId }) => actOnCase(opinionId, caller, now, { type: 'accept' }),
  }),

  reply: action({
    summary:
      "The assigned deputy answers the villager (the villager is notified). The answer is content-checked like a villager's text: risky is refused (ANSWER_RISKY); one the check wants a person to read is kept from the station's public answers until the presidium confirms it (admin.confirmPublic).",
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject({ ...caseInput(), answer: z.string().max(ANSWER_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, answer }) => replyToCase(opinionId, answer, caller, now),
  }),

  transfer: action({
    summary:
      "The deputy asks a department to act (转办); the presidium enters the department's answer later (admin).",
    audience: [...staff],
    idempotent: true,
    input: () =>
      z.strictObject({
        ...caseInput(),
        departmentId: idField(),
        note: z.string().max(NOTE_MAX).optional(),
      }),
    run: async ({ caller, now }, { opinionId, departmentId, note }) =>
      transferCase(opinionId, departmentId, note, caller, now),
  }),

  handBack: action({
    summary:
      'The assigned deputy hands a misrouted case back with a reason (within 7 working days); it is re-routed without them.',
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject({ ...caseInput(), reason: z.string().max(NOTE_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, reason }) => handBackCase(opinionId, reason, caller, now),
  }),

  resolve: action({
    summary:
      'The handling deputy closes the work (办结); with `answer` on an accepted case it replies first (content-checked as in reply). The villager is notified and asked to rate.',
    audience: [...staff],
    idempotent: true,
    input: () =>
      z.strictObject({
        ...caseInput(),
        answer: z
          .string()
          .max(ANSWER_MAX * 2)
          .optional(),
        note: z.string().max(NOTE_MAX).optional(),
      }),
    run: async ({ caller, now }, { opinionId, answer, note }) =>
      resolveCase(opinionId, answer, note, caller, now),
  }),

  closeNoReply: action({
    summary:
      "The assigned deputy closes a case the villager says needs no answer (群众表示无需答复), recording the villager's own word; the villager is told. Counted apart in the notices, never as overdue or dissatisfied.",
    audience: ['deputy'],
    idempotent: true,
    input: () => z.strictObject({ ...caseInput(), villagerWord: z.string().max(NOTE_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, villagerWord }) =>
      actOnCase(opinionId, caller, now, { type: 'closeNoReply', villagerWord }),
  }),

  rate: action({
    summary:
      '满意/基本满意 close the case; 不满意 reopens it under supervision (at most twice, then it closes as unsatisfied).',
    audience: ['resident', 'stationAdmin'],
    idempotent: true,
    input: () =>
      z.strictObject({
        ...caseInput(),
        rating: z.enum(RATINGS),
        comment: z.string().max(NOTE_MAX).optional(),
      }),
    // A station admin rates only cases of their own station (the case's station).
    scope: (input) => opinionScope(input.opinionId),
    run: async ({ caller, now }, { opinionId, rating, comment }) =>
      rateCase(opinionId, rating, comment, caller, now),
  }),

  hideName: action({
    summary:
      'The villager (or the station admin who filed it for someone without an account) turns a named case anonymous — never the reverse. The contact is dropped; the timeline says the villager chose to hide their name, without the name; deputies, followers and the public see it as anonymous from then on.',
    audience: ['resident', 'stationAdmin'],
    idempotent: true,
    input: () => z.strictObject(caseInput()),
    scope: (input) => opinionScope(input.opinionId),
    run: async ({ caller, now }, { opinionId }) => hideNameCase(opinionId, caller, now),
  }),

  notResolved: action({
    summary:
      "还没解决: a villager who follows a case (not its author) says an answered or resolved case is not fixed, once each, with an optional note. The presidium sees the count and the latest notes; the case is not reopened (only the author's rating does that).",
    audience: ['resident'],
    idempotent: true,
    input: () => z.strictObject({ ...caseInput(), note: z.string().max(NOTE_MAX).optional() }),
    run: async ({ caller, now }, { opinionId, note }) => notResolvedCase(opinionId, note, caller, now),
  }),

  templates: action({
    summary: "The deputy's own 常用答复 (answer templates), newest first.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: async ({ caller }) => myTemplates(caller),
  }),

  saveTemplate: action({
    summary:
      'The deputy saves one of their own 常用答复: with templateId it edits it (TEMPLATE_NOT_FOUND when not theirs), without it creates one (TEMPLATE_LIMIT when full). Content-checked, since answers can become public (TEMPLATE_RISKY). Idempotent by requestId.',
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        templateId: z
          .string()
          .regex(/^tp[0-9a-f]{22}$/, '常用答复编号格式不正确')
          .optional(),
        title: z.string().max(TEMPLATE_TITLE_MAX * 2, `标题最多${TEMPLATE_TITLE_MAX}个字`),
        text: z.string().max(TEMPLATE_TEXT_MAX * 2, `内容最多${TEMPLATE_TEXT_MAX}个字`),
      }),
    run: async ({ caller, now }, input) => saveMyTemplate(caller, input, now),
  }),

  deleteTemplate: action({
    summary: 'The deputy deletes one of their own 常用答复 (TEMPLATE_NOT_FOUND when not theirs).',
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        templateId: z.string().regex(/^tp[0-9a-f]{22}$/, '常用答复编号格式不正确'),
      }),
    run: async ({ caller }, { templateId }) => deleteMyTemplate(caller, templateId),
  }),

  publicAnswers: action({
    summary:
      "A station's answered opinions whose villagers consented to publication, without identity (for the station page).",
    audience: 'anyone',
    input: () =>
      z.strictObject({
        stationCode: stationCodeField(),
        limit: z.number().int().min(1).max(50).default(10),
      }),
    run: async (_ctx, { stationCode, limit }) => publicAnswers(stationCode, limit),
  }),
});

export const main = definition.main;
