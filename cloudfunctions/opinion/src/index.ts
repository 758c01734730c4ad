/**
 * Cloud function `opinion`: villagers submit opinions (意见建议), follow similar ones and rate answers;
 * deputies accept, reply, transfer, hand back and resolve. The presidium's own actions (routing table,
 * moderation, merge, department answers, 督办) live in `admin`, on the same service
 * (server/opinion/opinions.service.ts). Every view goes through core/opinion/opinion.privacy.ts.
 */
import { z } from 'zod';
import { loadLimits } from '../../../server/abuse-limits';
import { excerpt } from '../../../core/text/excerpt';
import { chinaDate, chinaInstant } from '../../../core/calendar/china-time';
import {
  canHandBack,
  handBackLastDay,
  runningDeadline,
  slaState,
} from '../../../core/opinion/opinion.deadlines';
import {
  CONTACT_NAME_MAX,
  DAILY_LIMIT_DEFAULT,
  NOTE_MAX,
  PHOTOS_MAX,
  TEXT_MAX,
  ANSWER_MAX,
  type DailyLimit,
} from '../../../core/opinion/opinion.limits';
import {
  STATUS_LABELS,
  caseRelation,
  caseTextFor,
  isOwnCase,
  redactPhones,
  toDeputyView,
  toPresidiumView,
  toPublicAnswer,
  toVillagerView,
  villageFor,
} from '../../../core/opinion/opinion.privacy';
import { submissionVerdict } from '../../../core/opinion/opinion.content';
import { commandsFrom, handlerDeputyIds } from '../../../core/opinion/opinion.state';
import { findSimilar, reportersLabel } from '../../../core/opinion/opinion.similar';
import { OPEN_STATUSES, RATINGS, RATING_LABELS, type FiledBy } from '../../../core/opinion/opinion.types';
import type { Village } from '../../../core/station/station.types';
import { loadCalendar } from '../../../server/calendar';
import { checkTexts } from '../../../server/content-check';
import { command, findAll } from '../../../server/db/collection';
import { fail, orFail } from '../../../server/errors';
import {
  claimDailyPlace,
  getDepartment,
  getOpinion,
  listByStatus,
  listCategories,
  listDepartments,
  listEvents,
  listFiledBy,
  listForDeputy,
  listForVillager,
  listPublishable,
  releaseDailyPlace,
  type OpinionRecord,
} from '../../../server/opinion/opinions.repo';
import {
  actOnOpinion,
  actorOf,
  checkAnswer,
  checkSubmission,
  createOpinion,
  followOpinion,
  handBackOpinion,
  opinionIdFor,
} from '../../../server/opinion/opinions.service';
import { action, defineFunction, requestIdSchema, type Caller } from '../../../server/pipeline';
import { idSchema, stationCodeSchema } from '../../../server/schemas';
import { VILLAGES, deputiesOf, getStation, villagesOf } from '../../../server/station/stations.repo';

/** Submissions per villager per China day (env OPINION_DAILY_LIMIT: a number, or 'unlimited'). */
export function dailyLimit(): DailyLimit {
  const raw = process.env.OPINION_DAILY_LIMIT;
  if (raw === 'unlimited') return 'unlimited';
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : DAILY_LIMIT_DEFAULT;
}

/** A cloud storage file id as wx.cloud.uploadFile answers it. */
const fileIdSchema = z
  .string()
  .max(300)
  .regex(/^cloud:\/\/[A-Za-z0-9._\-/]+$/, '照片须先上传到云存储');

const opinionIdSchema = z.string().regex(/^op[0-9a-f]{22}$/, '意见编号格式不正确');

const submitInput = z.strictObject({
  requestId: requestIdSchema,
  stationCode: stationCodeSchema,
  villageCode: idSchema,
  categoryCode: idSchema,
  // Characters are counted exactly by core checkDraft; this is the transport cap.
  text: z.string().max(TEXT_MAX * 2, `内容最多${TEXT_MAX}个字`),
  photos: z.array(fileIdSchema).max(PHOTOS_MAX, `最多${PHOTOS_MAX}张照片`).default([]),
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
});

const staff = ['deputy', 'presidium'] as const;
const everyone = ['resident', 'deputy', 'stationAdmin', 'presidium'] as const;

async function labels(o: Pick<OpinionRecord, 'villageCode' | 'categoryCode' | 'stationCode'>) {
  const [categories, villages, station] = await Promise.all([
    listCategories(true),
    villagesOf(o.stationCode),
    getStation(o.stationCode),
  ]);
  return {
    categoryName: categories.find((c) => c.code === o.categoryCode)?.name ?? o.categoryCode,
    villageName: villages.find((v) => v.code === o.villageCode)?.name ?? o.villageCode,
    stationName: station?.name ?? o.stationCode,
  };
}

async function loadOwn(id: string, caller: Caller): Promise<OpinionRecord> {
  const o = await getOpinion(id);
  if (!o) fail('OPINION_NOT_FOUND');
  if (caseRelation(o, actorOf(caller)) !== 'villager') fail('NOT_YOUR_OPINION');
  return o;
}

function summary(o: OpinionRecord, caller: Caller) {
  const openid = caller.openid;
  // A followed case is another villager's: their words only with their consent.
  const own = isOwnCase(o, openid);
  return {
    id: o._id,
    excerpt: excerpt(caseTextFor(o, own ? 'villager' : 'follower'), 40),
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    categoryCode: o.categoryCode,
    submittedOn: o.submittedOn,
    // The villager rates their own; the station rates for someone without an account (代为评价, counted apart).
    canRate: o.status === 'resolved' && (o.villagerOpenid === openid || (!o.villagerOpenid && own)),
    following: o.followers.includes(openid),
    reporters: 1 + o.followers.length,
  };
}

/** The answer for one case after a change, in the caller's view. */
async function viewFor(o: OpinionRecord, caller: Caller, now: Date) {
  const events = await listEvents(o._id);
  const names = await labels(o);
  const rel = caseRelation(o, actorOf(caller));
  if (rel === 'presidium') return { role: rel, ...names, ...toPresidiumView(o, events) };
  if (rel === 'deputy') {
    const deputyId = caller.user?.deputyId as string;
    const calendar = await loadCalendar();
    const today = chinaDate(now);
    const mine = handlerDeputyIds(o.owner).includes(deputyId);
    return {
      role: rel,
      ...names,
      ...toDeputyView(o, events, deputyId),
      mine,
      commands: mine ? commandsFrom(o.status) : [],
      handBackUntil: handBackLastDay(o.assignedOn, calendar),
      canHandBack: mine && o.owner.kind === 'deputies' && canHandBack(o.assignedOn, today, calendar),
    };
  }
  if (rel === 'villager') return { role: rel, ...names, ...toVillagerView(o, events) };
  if (rel === 'follower') {
    // A follower learns the progress and the answer, never the other villager's contact or words without consent.
    const v = toVillagerView(o, events);
    const villageCode = villageFor(o, 'follower');
    return {
      role: rel,
      ...names,
      ...v,
      villageCode,
      villageName: villageCode === null ? null : names.villageName,
      text: caseTextFor(o, 'follower'),
      photos: [],
      contactName: null,
      contactPhoneMasked: null,
      canRate: false,
    };
  }
  fail(caller.role === 'deputy' ? 'NOT_ASSIGNEE' : 'NOT_YOUR_OPINION');
}

const caseInput = { requestId: requestIdSchema, opinionId: opinionIdSchema };

export const definition = defineFunction('opinion', {
  categories: action({
    summary: 'The opinion categories villagers choose from, with their working-day limits.',
    audience: 'anyone',
    input: z.strictObject({}),
    run: async () =>
      (await listCategories()).map((c) => ({
        code: c.code,
        name: c.name,
        acceptDays: c.acceptDays,
        answerDays: c.answerDays,
      })),
  }),

  submit: action({
    summary:
      'A villager (or a station admin on their behalf, 代录) files an opinion; it is content-checked (text the check would refuse publicly is refused only when meant for the public, REPORT_NOT_PUBLIC; privately it is a report of wrongdoing, held for the presidium and never public), routed and the deputies notified. Idempotent by requestId. A villager files at most OPINION_DAILY_LIMIT a day (DAILY_LIMIT), a station admin at most onBehalfPerDay (admin.setLimits; ON_BEHALF_DAILY_LIMIT).',
    audience: ['resident', 'stationAdmin'],
    idempotent: true,
    input: submitInput,
    run: async ({ caller, now }, input) => {
      const key = `submit:${caller.openid}:${input.requestId}`;
      const earlier = await getOpinion(opinionIdFor(key));
      if (earlier) return submitted(earlier);
      const onBehalf = caller.role === 'stationAdmin';
      // A station admin files only at their own station (deny when their record names none).
      if (onBehalf && caller.user?.stationCode !== input.stationCode) fail('FORBIDDEN');
      const id = opinionIdFor(key);
      const today = chinaDate(now);
      const { requestId: _r, ...draft } = input;
      // A bad draft is refused before it costs the villager a place or a content check.
      await checkSubmission(draft);
      // The daily limit: one place taken atomically per opinion id (a retry reuses its own place).
      if (!onBehalf) {
        const place = await claimDailyPlace(caller.openid, today, chinaInstant(today), id, dailyLimit());
        if (place === 'full') fail('DAILY_LIMIT');
      } else {
        // 代录 has its own daily limit per station admin (admin.setLimits), counted the same way.
        const { onBehalfPerDay } = await loadLimits();
        const place = await claimDailyPlace(caller.openid, today, chinaInstant(today), id, onBehalfPerDay);
        if (place === 'full') fail('ON_BEHALF_DAILY_LIMIT');
      }
      try {
        const verdict = await checkTexts([input.text, input.contact?.name ?? ''], caller.openid);
        // A private report of wrongdoing (举报) is what a villager should make: not refused, held for
        // staff and never public. Only text meant for the public is refused.
        const checked = orFail(submissionVerdict(verdict, input.consentToPublish));
        const origin: FiledBy = onBehalf ? { kind: 'stationAdmin', openid: caller.openid } : { kind: 'self' };
        const { opinion } = await createOpinion(draft, onBehalf ? null : caller.openid, origin, now, key, {
          review: checked.review,
          privateReport: checked.privateReport,
        });
        return submitted(opinion);
      } catch (err) {
        // Refused or failed before the case was written: its place returns to the villager's day.
        if (!(await getOpinion(id))) await releaseDailyPlace(caller.openid, today, id);
        throw err;
      }
    },
  }),

  similar: action({
    summary:
      'Open opinions at the same station and category that look like the draft, so the villager can follow one instead.',
    audience: 'anyone',
    input: z.strictObject({
      stationCode: stationCodeSchema,
      categoryCode: idSchema,
      text: z.string().max(TEXT_MAX * 2),
    }),
    run: async ({ caller }, input) => {
      const candidates = (await listByStatus(OPEN_STATUSES, input.stationCode)).filter(
        (o) => o.categoryCode === input.categoryCode,
      );
      const { matches, total } = findSimilar({ ...input, villagerOpenid: caller.openid }, candidates);
      return {
        total,
        matches: matches.map((m) => ({
          id: m.opinionId,
          reporters: m.reporters,
          reportersLabel: reportersLabel(m.reporters),
          excerpt: m.excerpt === null ? null : redactPhones(m.excerpt),
          following:
            candidates.find((c) => c._id === m.opinionId)?.followers.includes(caller.openid) ?? false,
        })),
      };
    },
  }),

  follow: action({
    summary:
      'A villager follows an existing open case ("我也反映过") instead of filing the same matter again.',
    audience: ['resident'],
    input: z.strictObject({ opinionId: opinionIdSchema }),
    run: async ({ caller, now }, { opinionId }) => {
      const o = await followOpinion(opinionId, caller.openid, now);
      return {
        id: o._id,
        reporters: 1 + o.followers.length,
        reportersLabel: reportersLabel(1 + o.followers.length),
      };
    },
  }),

  mine: action({
    summary: "The caller's own opinions (filed, followed, or filed on villagers' behalf), newest first.",
    audience: everyone,
    input: z.strictObject({}),
    run: async ({ caller }) => {
      const own = await listForVillager(caller.openid);
      const filed = caller.role === 'stationAdmin' ? await listFiledBy(caller.openid) : [];
      const seen = new Set<string>();
      return [...own, ...filed]
        .filter((o) => !seen.has(o._id) && seen.add(o._id))
        .map((o) => summary(o, caller));
    },
  }),

  get: action({
    summary:
      "One case in the caller's view: the villager's own (plain-words timeline), a deputy's assigned (now or before), or any for the presidium.",
    audience: everyone,
    input: z.strictObject({ opinionId: opinionIdSchema }),
    run: async ({ caller, now }, { opinionId }) => {
      const o = await getOpinion(opinionId);
      if (!o) fail('OPINION_NOT_FOUND');
      return viewFor(o, caller, now);
    },
  }),

  inbox: action({
    summary:
      "A deputy's cases: those with them now (overdue first, then due soon), and those handled before.",
    audience: ['deputy'],
    input: z.strictObject({}),
    run: async ({ caller, now }) => {
      const deputyId = caller.user?.deputyId;
      if (!deputyId) fail('FORBIDDEN');
      const [cases, calendar, categories] = await Promise.all([
        listForDeputy(deputyId),
        loadCalendar(),
        listCategories(true),
      ]);
      const villages = await findAll<Village & { _id: string }>(VILLAGES, {
        stationCode: command().in([...new Set(cases.map((c) => c.stationCode))]),
      });
      const today = chinaDate(now);
      const rank = { overdue: 0, dueSoon: 1, onTime: 2 } as const;
      const item = (o: OpinionRecord) => {
        const sla = slaState(o, today, calendar);
        return {
          id: o._id,
          excerpt: excerpt(caseTextFor(o, 'staff'), 40),
          status: o.status,
          statusLabel: STATUS_LABELS[o.status],
          sla,
          due: runningDeadline(o),
          supervised: o.supervised,
          anonymous: o.anonymous,
          reporters: 1 + o.followers.length,
          categoryName: categories.find((c) => c.code === o.categoryCode)?.name ?? o.categoryCode,
          // Staff see an anonymous case's village too, as in `get` (policy: core villageFor).
          villageName: villages.find((v) => v.code === o.villageCode)?.name ?? o.villageCode,
          submittedOn: o.submittedOn,
        };
      };
      const withMe = cases.filter(
        (o) => OPEN_STATUSES.includes(o.status) && handlerDeputyIds(o.owner).includes(deputyId),
      );
      const open = withMe
        .map(item)
        .sort((a, b) => rank[a.sla] - rank[b.sla] || (a.due ?? '9').localeCompare(b.due ?? '9'));
      const earlier = cases
        .filter((o) => !withMe.includes(o))
        .sort((a, b) => (a.submittedOn < b.submittedOn ? 1 : -1))
        .slice(0, 50)
        .map(item);
      return { open, earlier, overdue: open.filter((i) => i.sla === 'overdue').length };
    },
  }),

  departments: action({
    summary: 'Departments a case can be transferred to (转办).',
    audience: [...staff],
    input: z.strictObject({}),
    run: async () => (await listDepartments()).map((d) => ({ id: d._id, name: d.name })),
  }),

  accept: action({
    summary: 'The assigned deputy acknowledges the case (受理).',
    audience: ['deputy'],
    idempotent: true,
    input: z.strictObject(caseInput),
    run: async ({ caller, now }, { opinionId }) =>
      viewFor((await actOnOpinion(opinionId, actorOf(caller), now, { type: 'accept' })).opinion, caller, now),
  }),

  reply: action({
    summary:
      "The assigned deputy answers the villager (the villager is notified). The answer is content-checked like a villager's text: risky is refused (ANSWER_RISKY); one the check wants a person to read is kept from the station's public answers until the presidium confirms it (admin.confirmPublic).",
    audience: ['deputy'],
    idempotent: true,
    input: z.strictObject({ ...caseInput, answer: z.string().max(ANSWER_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, answer }) => {
      // Content-checked as a villager's text: risky refused (ANSWER_RISKY), review held from the public.
      const held = await checkAnswer(answer, caller.openid);
      const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, {
        type: 'reply',
        answer,
        held,
      });
      return viewFor(opinion, caller, now);
    },
  }),

  transfer: action({
    summary:
      "The deputy asks a department to act (转办); the presidium enters the department's answer later (admin).",
    audience: [...staff],
    idempotent: true,
    input: z.strictObject({
      ...caseInput,
      departmentId: idSchema,
      note: z.string().max(NOTE_MAX).optional(),
    }),
    run: async ({ caller, now }, { opinionId, departmentId, note }) => {
      const department = await getDepartment(departmentId);
      if (!department) fail('DEPARTMENT_NOT_FOUND');
      const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, {
        type: 'transfer',
        department,
        ...(note && { note }),
      });
      return viewFor(opinion, caller, now);
    },
  }),

  handBack: action({
    summary:
      'The assigned deputy hands a misrouted case back with a reason (within 7 working days); it is re-routed without them.',
    audience: ['deputy'],
    idempotent: true,
    input: z.strictObject({ ...caseInput, reason: z.string().max(NOTE_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, reason }) => {
      await handBackOpinion(opinionId, reason, actorOf(caller), now);
      return { id: opinionId, handedBack: true };
    },
  }),

  resolve: action({
    summary:
      'The handling deputy closes the work (办结); with `answer` on an accepted case it replies first (content-checked as in reply). The villager is notified and asked to rate.',
    audience: [...staff],
    idempotent: true,
    input: z.strictObject({
      ...caseInput,
      answer: z
        .string()
        .max(ANSWER_MAX * 2)
        .optional(),
      note: z.string().max(NOTE_MAX).optional(),
    }),
    run: async ({ caller, now }, { opinionId, answer, note }) => {
      const resolve = { type: 'resolve' as const, ...(note && { note }) };
      const held = answer !== undefined && (await checkAnswer(answer, caller.openid));
      // Reply and 办结 in one transaction: a case is never left 'replied' by a failure in between.
      const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, (o) =>
        o.status === 'accepted' && answer !== undefined
          ? [{ type: 'reply', answer, held }, resolve]
          : resolve,
      );
      return viewFor(opinion, caller, now);
    },
  }),

  closeNoReply: action({
    summary:
      "The assigned deputy closes a case the villager says needs no answer (群众表示无需答复), recording the villager's own word; the villager is told. Counted apart in the notices, never as overdue or dissatisfied.",
    audience: ['deputy'],
    idempotent: true,
    input: z.strictObject({ ...caseInput, villagerWord: z.string().max(NOTE_MAX * 2) }),
    run: async ({ caller, now }, { opinionId, villagerWord }) => {
      const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, {
        type: 'closeNoReply',
        villagerWord,
      });
      return viewFor(opinion, caller, now);
    },
  }),

  rate: action({
    summary:
      '满意/基本满意 close the case; 不满意 reopens it under supervision (at most twice, then it closes as unsatisfied).',
    audience: ['resident', 'stationAdmin'],
    idempotent: true,
    input: z.strictObject({
      ...caseInput,
      rating: z.enum(RATINGS),
      comment: z.string().max(NOTE_MAX).optional(),
    }),
    run: async ({ caller, now }, { opinionId, rating, comment }) => {
      await loadOwn(opinionId, caller);
      const { opinion } = await actOnOpinion(opinionId, actorOf(caller), now, {
        type: 'rate',
        rating,
        ...(comment && { comment }),
      });
      return { ...(await viewFor(opinion, caller, now)), ratingLabel: RATING_LABELS[rating] };
    },
  }),

  publicAnswers: action({
    summary:
      "A station's answered opinions whose villagers consented to publication, without identity (for the station page).",
    audience: 'anyone',
    input: z.strictObject({
      stationCode: stationCodeSchema,
      limit: z.number().int().min(1).max(50).default(10),
    }),
    run: async (_ctx, { stationCode, limit }) => {
      const [done, categories, villages, deputies] = await Promise.all([
        listPublishable(stationCode, limit),
        listCategories(true),
        villagesOf(stationCode),
        deputiesOf(stationCode),
      ]);
      const names = new Map(deputies.map((d) => [d._id, d.name]));
      return done
        .map((o) => toPublicAnswer(o, (id) => names.get(id)))
        .filter((a): a is NonNullable<typeof a> => a !== null)
        .sort((a, b) => (b.resolvedOn ?? '').localeCompare(a.resolvedOn ?? '') || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map((a) => ({
          ...a,
          categoryName: categories.find((c) => c.code === a.categoryCode)?.name ?? a.categoryCode,
          villageName: a.villageCode ? (villages.find((v) => v.code === a.villageCode)?.name ?? null) : null,
        }));
    },
  }),
});

function submitted(o: OpinionRecord) {
  return {
    id: o._id,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status],
    held: o.status === 'review',
    acceptBy: o.acceptBy,
    answerBy: o.answerBy,
  };
}

export const main = definition.main;
