/**
 * The `groups` function's actions on contact duties — 分片联系 and 结对帮扶 with visits that become duty
 * records (server/groups/contacts.service.ts) — and the deputy's code (代表码: the code, the page it
 * opens, the A4 sheet; server/groups/deputy-code.service.ts). Households are shown to staff only.
 */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
import { z } from 'zod';
import {
  HOUSEHOLD_NAME_MAX,
  SITUATION_MAX,
  VISIT_KINDS,
  VISIT_NOTE_MAX,
  VISIT_PEOPLE_MAX,
} from '../../../core/groups/contacts.rules';
import * as contacts from '../../../server/groups/contacts.service';
import * as codes from '../../../server/groups/deputy-code.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, openidField, ymdField } from '../../../server/schemas';

const pairIdSchema = () => z.string().regex(/^hp_[A-Za-z0-9_-]{8,64}$/, '帮扶户编号格式不正确');

export const contactActions = {
  // --- 代表码 ------------------------------------------------------------------------------------------
  deputyCode: action({
    summary:
      "A deputy's code (代表码): a mini-program code (PNG, base64) whose scene is `d=<deputyId>&t=<township>`, opening the deputy's page. The presidium for any deputy, a deputy for their own.",
    audience: ['presidium', 'deputy'],
    input: () => z.strictObject({ deputyId: idField() }),
    run: ({ caller }, { deputyId }) => codes.deputyCode(caller, deputyId),
  }),

  deputyPage: action({
    summary:
      "The deputy's page a scanned code opens: photo, name, level, station, groups and this year's public figures (duty records counted as the notices count them, cases answered). No phone, no households.",
    audience: 'anyone',
    input: () => z.strictObject({ deputyId: idField() }),
    run: ({ now }, { deputyId }) => codes.deputyPage(deputyId, now),
  }),

  printDeputyCodes: action({
    summary:
      "Every active deputy's code on an A4 sheet (name, level and station under each) for the notice board: printable HTML stored in cloud storage with a day's link.",
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: ({ now }) => codes.printDeputyCodes(now),
  }),

  // --- 分片联系 ------------------------------------------------------------------------------------------
  contactOverview: action({
    summary:
      "The presidium's 分片联系 and 结对帮扶 overview: its bound members, every active deputy with the member who contacts them and the households they help.",
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: () => contacts.contactOverview(),
  }),

  assignContact: action({
    summary:
      'The presidium assigns one of its bound members to contact a deputy (分片联系; null clears it). Answers the deputy and member.',
    audience: ['presidium'],
    input: () => z.strictObject({ deputyId: idField(), memberOpenid: openidField().nullable() }),
    run: ({ now }, input) => contacts.assignContact(input, now),
  }),

  // --- 结对帮扶 ------------------------------------------------------------------------------------------
  savePair: action({
    summary:
      'The presidium pairs a deputy with a household they help (结对帮扶; no pairId: a new pair named by the request id) or edits one: the head of household, village and situation (staff only).',
    audience: ['presidium'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        pairId: pairIdSchema().optional(),
        deputyId: idField(),
        householdName: z.string().max(HOUSEHOLD_NAME_MAX * 2),
        villageCode: idField(),
        situation: z.string().max(SITUATION_MAX * 2),
      }),
    run: ({ now }, input) => contacts.savePair(input, now),
  }),

  endPair: action({
    summary:
      'The presidium ends a pair (the household no longer needs help); kept for the record and figures.',
    audience: ['presidium'],
    input: () => z.strictObject({ pairId: pairIdSchema() }),
    run: ({ now }, { pairId }) => contacts.endPair(pairId, now),
  }),

  myContacts: action({
    summary:
      "我的联系户: the calling deputy's households, the presidium member who contacts them, and their latest visits.",
    audience: ['deputy'],
    input: () => z.strictObject({}),
    run: ({ caller }) => contacts.myContacts(caller),
  }),

  logVisit: action({
    summary:
      '记录走访: the calling deputy logs a visit to a household they help (date, what was done); it becomes a duty record (type visit or help, sourceRef contact:<visitId>), once per request.',
    audience: ['deputy'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        pairId: pairIdSchema(),
        kind: z.enum(VISIT_KINDS).default('help'),
        date: ymdField(),
        note: z.string().max(VISIT_NOTE_MAX * 2),
        peopleReached: z.number().int().min(0).max(VISIT_PEOPLE_MAX).default(1),
      }),
    run: ({ caller, now }, input) => contacts.logVisit(caller, input, now),
  }),
};
