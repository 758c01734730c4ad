/**
 * Cloud function `admin`: the township presidium's (乡镇人大主席团) tools. Presidium only, every action
 * but the calendar's: the holiday overrides are the county's (县人大常委会 sets them, the presidium
 * reads them).
 *
 *   configuration   listConfig, upsertStation, upsertVillage, upsertDeputy, upsertCategory, upsertDepartment
 *   routing         getRoutingTable, setRoutingRules (whole table, versioned), explainRoute (dry run)
 *   calendar        listHolidays (presidium, county), upsertHolidays, removeHoliday (county: the
 *                   `holidays` overrides of every township)
 *   supervision     dashboard, supervisionList, chase (催办), mergeOpinions, moderationQueue, moderate,
 *                   recordDepartmentAnswer, reassign
 *
 * Each action calls one use case: configuration in server/admin/config.service.ts, supervision in
 * server/admin/admin.service.ts (cases through the opinion area's state machine, opinions.service.ts).
 */
import { z } from 'zod';
import {
  CATEGORY_NAME_MAX,
  DEPARTMENT_NAME_MAX,
  DEPUTY_GROUP_MAX,
  DEPUTY_NAME_MAX,
  DEPUTY_TITLE_MAX,
  HOLIDAY_NAME_MAX,
  STATION_ADDRESS_MAX,
  STATION_HOURS_MAX,
  STATION_INTRO_MAX,
  STATION_NAME_MAX,
  VILLAGE_NAME_MAX,
} from '../../../core/admin/admin.limits';
import { ROUTING_RULES_MAX } from '../../../core/admin/admin.rules';
import { SUPERVISION_BUCKETS } from '../../../core/admin/supervision.rules';
import { NOTE_MAX, ANSWER_MAX } from '../../../core/opinion/opinion.limits';
import { OPINION_STATUSES, WILDCARD } from '../../../core/opinion/opinion.types';
import { DEPUTY_LEVELS } from '../../../core/station/station.types';
import {
  chaseOpinion,
  confirmPublic,
  dashboard,
  heldAnswers,
  mergeOpinions,
  moderate,
  moderationQueue,
  reassignOpinion,
  recordAnswer,
  supervisionList,
} from '../../../server/admin/admin.service';
import {
  configView,
  explainRoute,
  holidayList,
  limitsView,
  removeHoliday,
  routingTable,
  setLimits,
  setRoutingRules,
  upsertCategory,
  upsertDepartment,
  upsertDeputy,
  upsertHolidays,
  upsertStation,
  upsertVillage,
} from '../../../server/admin/config.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { idField, stationCodeField, ymdField } from '../../../server/schemas';
import { COUNTY } from '../../../server/tenancy';

const PRESIDIUM = ['presidium'] as const;
/** The county's staff (县人大常委会): they set the holiday calendar every township shares. */
const COUNTY_STAFF = ['county'] as const;
/** A county-wide edit runs in the county itself, whichever township the mini-program is showing. */
const inTheCounty = () => Promise.resolve(COUNTY);

const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
const codeSchema = () =>
  z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,32}$/, '编号应为1到32位小写字母、数字、下划线或短横线');
/** A public office phone (landline or mobile), as written on a board. */
const officePhone = () =>
  z
    .string()
    .trim()
    .regex(/^[\d+\-\s()]{5,20}$/, '请填写正确的电话号码');
const opinionIdSchema = () => idField();

const ruleSchema = () =>
  z.strictObject({
    stationCode: stationCodeField(),
    villageCode: z.union([z.literal(WILDCARD), codeSchema()]),
    categoryCode: z.union([z.literal(WILDCARD), codeSchema()]),
    deputyIds: z.array(idField()).max(20),
  });

export const definition = defineFunction('admin', {
  listConfig: action({
    summary:
      'Everything the presidium edits in one call: stations, villages, deputies (with binding state), categories, departments, and the routing table version.',
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async () => configView(),
  }),

  upsertStation: action({
    summary:
      'Adds or replaces a liaison station (code = its QR scene). The lead deputy (kept when omitted) must be an active deputy of the station.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        code: stationCodeField(),
        name: text(STATION_NAME_MAX),
        address: text(STATION_ADDRESS_MAX),
        openHours: text(STATION_HOURS_MAX),
        contactPhone: officePhone(),
        intro: text(STATION_INTRO_MAX, 0).default(''),
        /** Omitted: the station keeps its lead (none for a new station); '' removes it. */
        leadDeputyId: z.union([z.literal(''), idField()]).optional(),
        active: z.boolean(),
      }),
    run: async (_ctx, input) => upsertStation(input),
  }),

  upsertVillage: action({
    summary: 'Adds or renames a village (村/社区) and sets the station that covers it.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        code: codeSchema(),
        name: text(VILLAGE_NAME_MAX),
        stationCode: stationCodeField(),
      }),
    run: async (_ctx, input) => upsertVillage(input),
  }),

  upsertDeputy: action({
    summary:
      "Adds (without id, with requestId) or replaces a deputy. `lead` makes them (or stops them being) their station's lead. The WeChat binding is kept: it is made by the deputy redeeming an account.createInvite code.",
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        id: idField().optional(),
        requestId: requestIdField().optional(),
        name: text(DEPUTY_NAME_MAX),
        level: z.enum(DEPUTY_LEVELS),
        title: text(DEPUTY_TITLE_MAX, 0).default(''),
        phone: z.union([z.literal(''), officePhone()]).default(''),
        photo: z.string().max(300).default(''),
        stationCode: stationCodeField(),
        villageCodes: z.array(codeSchema()).max(30).default([]),
        categories: z.array(codeSchema()).max(30).default([]),
        group: text(DEPUTY_GROUP_MAX, 0).default(''),
        lead: z.boolean().optional(),
        active: z.boolean(),
      }),
    run: async (_ctx, input) => upsertDeputy(input),
  }),

  upsertCategory: action({
    summary:
      'Adds or changes an opinion category and its limits in working days (acceptDays ≤ answerDays), and whether it is 矛盾纠纷类 (`dispute`: its cases are the disputes mediated in the figures). Running cases keep the limits they were filed with.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        code: codeSchema(),
        name: text(CATEGORY_NAME_MAX),
        acceptDays: z.number().int().min(1).max(60),
        answerDays: z.number().int().min(1).max(60),
        order: z.number().int().min(0).max(999).optional(),
        active: z.boolean(),
        // 矛盾纠纷类: its cases are the disputes the figures count (调处率); absent: unchanged.
        dispute: z.boolean().optional(),
      }),
    run: async (_ctx, input) => upsertCategory(input),
  }),

  upsertDepartment: action({
    summary:
      'Adds (without id, with requestId) or changes a government department cases can be transferred to (转办).',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        id: idField().optional(),
        requestId: requestIdField().optional(),
        name: text(DEPARTMENT_NAME_MAX),
        phone: z.union([z.literal(''), officePhone()]).default(''),
        active: z.boolean(),
      }),
    run: async (_ctx, input) => upsertDepartment(input),
  }),

  getRoutingTable: action({
    summary:
      'The routing table (station, village | *, category | * → deputies) and its version, to edit and send back with setRoutingRules.',
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async () => routingTable(),
  }),

  setRoutingRules: action({
    summary:
      'Replaces the whole routing table. Refused with every problem listed (duplicate keys, empty rules, unknown or inactive stations, villages, categories, deputies) and nothing written; CONFLICT when someone saved since baseVersion.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        baseVersion: z.number().int().min(0),
        rules: z.array(ruleSchema()).max(ROUTING_RULES_MAX),
      }),
    run: async (ctx, input) => setRoutingRules(input.rules, input.baseVersion, ctx.caller.openid, ctx.now),
  }),

  explainRoute: action({
    summary:
      'Dry run: where a new opinion from this station, village and category would go now, and why (the same routing the opinion function uses, with current open-case counts).',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        stationCode: stationCodeField(),
        villageCode: codeSchema(),
        categoryCode: codeSchema(),
      }),
    run: async (_ctx, input) => explainRoute(input),
  }),

  listHolidays: action({
    summary:
      "The county's calendar overrides (holidays and 调休 workdays; one calendar for every township), optionally for one year. The presidium reads them; county staff set them.",
    audience: ['presidium', 'county'],
    input: () => z.strictObject({ year: z.number().int().min(2020).max(2100).optional() }),
    run: async (_ctx, input) => holidayList(input.year),
  }),

  upsertHolidays: action({
    summary:
      "County staff add or replace the county's calendar overrides, e.g. a year's State Council notice: each date once, a holiday named. Every township's deadlines computed afterwards use them, and each township's reception days on a new holiday move by their station's policy (daysMoved, over every township).",
    audience: COUNTY_STAFF,
    township: inTheCounty,
    input: () =>
      z.strictObject({
        days: z
          .array(
            z.strictObject({
              date: ymdField(),
              kind: z.enum(['holiday', 'workday']),
              name: z.string().max(HOLIDAY_NAME_MAX).default(''),
            }),
          )
          .min(1)
          .max(60),
      }),
    run: async (ctx, input) => upsertHolidays(input.days, ctx.caller.openid, ctx.now),
  }),

  removeHoliday: action({
    summary:
      "County staff remove one of the county's calendar overrides (the official calendar applies to that date again, in every township).",
    audience: COUNTY_STAFF,
    township: inTheCounty,
    input: () => z.strictObject({ date: ymdField() }),
    run: async (ctx, input) => removeHoliday(input.date, ctx.caller.openid, ctx.now),
  }),

  getLimits: action({
    summary:
      'The limits on abuse in force, per person: invite-code tries per hour, 代录 opinions per station admin per day, reception days booked at once, subscribe dialogs accepted per hour; with the range each may be set to and its default (恢复默认 sets these through setLimits).',
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async () => limitsView(),
  }),

  setLimits: action({
    summary:
      'The presidium sets one or more limits on abuse (each a whole number inside its range, else LIMIT_INVALID); unset ones keep their value.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        inviteAttemptsPerHour: z.number().int().min(0).max(1000).optional(),
        onBehalfPerDay: z.number().int().min(0).max(1000).optional(),
        heldPlaces: z.number().int().min(0).max(1000).optional(),
        subscriptionTapsPerHour: z.number().int().min(0).max(1000).optional(),
      }),
    run: async (ctx, input) => setLimits(input, ctx.caller.openid, ctx.now),
  }),

  dashboard: action({
    summary:
      'Figures for the presidium: cases awaiting moderation, in the presidium queue, overdue, supervised, on track; open = the four open buckets, total = open + moderation (they add up). calendarGaps: each year of the next 60 days that neither the official calendar nor a `holidays` override covers, with a Chinese warning (year, from, message).',
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async (ctx) => dashboard(ctx.now),
  }),

  supervisionList: action({
    summary:
      'Cases needing the presidium (待分办, overdue, supervised; or one bucket; or every open case in one status, e.g. transferred ones waiting for a department answer), with the reason, the owner, the deadline and whether a chase is possible today. At most 200 items, most urgent first; itemCount says how many in all.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        bucket: z.enum(SUPERVISION_BUCKETS).optional(),
        status: z.enum(OPINION_STATUSES).optional(),
      }),
    run: async (ctx, input) => supervisionList(ctx.now, input),
  }),

  chase: action({
    summary:
      '催办: records a chase on the case timeline and sends an opinionDeadline message to the deputies handling it. At most once per day per case.',
    audience: PRESIDIUM,
    input: () => z.strictObject({ id: opinionIdSchema(), note: text(NOTE_MAX, 0).optional() }),
    run: async (ctx, input) => chaseOpinion(input.id, ctx.caller, ctx.now, input.note),
  }),

  mergeOpinions: action({
    summary:
      "Merges a duplicate case into a main case (same station, both open): the duplicate's villager and followers follow the main case and are told (opinionProgress); both timelines say so.",
    audience: PRESIDIUM,
    input: () => z.strictObject({ sourceId: opinionIdSchema(), targetId: opinionIdSchema() }),
    run: async (ctx, input) => mergeOpinions(input.sourceId, input.targetId, ctx.caller, ctx.now),
  }),

  moderationQueue: action({
    summary:
      'Cases held by the content check, oldest first, with their full text for the presidium to judge; privateReport marks a private report (举报线索) the check would refuse publicly (never public).',
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async () => moderationQueue(),
  }),

  heldAnswers: action({
    summary:
      "Deputies' and departments' answers the content check held from the public (the villager has them), oldest first.",
    audience: PRESIDIUM,
    input: () => z.strictObject({}),
    run: async () => heldAnswers(),
  }),

  confirmPublic: action({
    summary:
      "The presidium has read a held answer: it may appear in the station's public answers (with the villager's consent). NOTHING_HELD when none is held.",
    audience: PRESIDIUM,
    input: () => z.strictObject({ id: opinionIdSchema() }),
    run: async (ctx, input) => confirmPublic(input.id, ctx.caller, ctx.now),
  }),

  moderate: action({
    summary:
      'Decides a held case: approve → routed as any new case (routing table, lead deputy, presidium queue); reject → closed with the reason, the villager told.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        id: opinionIdSchema(),
        decision: z.enum(['approve', 'reject']),
        reason: text(NOTE_MAX, 0).optional(),
      }),
    run: async (ctx, input) => moderate(input.id, input.decision, input.reason, ctx.caller, ctx.now),
  }),

  recordDepartmentAnswer: action({
    summary:
      "Enters a department's answer to a transferred case (转办回复); it goes back to the deputies to resolve.",
    audience: PRESIDIUM,
    input: () => z.strictObject({ id: opinionIdSchema(), answer: text(ANSWER_MAX) }),
    run: async (ctx, input) => recordAnswer(input.id, input.answer, ctx.caller, ctx.now),
  }),

  reassign: action({
    summary:
      'Gives a case (in the presidium queue, or assigned/accepted) to other deputies with a reason; fresh deadlines, the deputies told.',
    audience: PRESIDIUM,
    input: () =>
      z.strictObject({
        id: opinionIdSchema(),
        deputyIds: z.array(idField()).min(1).max(5),
        reason: text(NOTE_MAX),
      }),
    run: async (ctx, input) => reassignOpinion(input.id, input.deputyIds, input.reason, ctx.caller, ctx.now),
  }),
});

export const main = definition.main;
