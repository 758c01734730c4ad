/**
 * Cloud function `county`: what the county congress standing committee (县人大常委会) does — every
 * township side by side, adding a township, reading a township's cases. County staff read cases but
 * never handle one: nothing here changes a case.
 */
import { z } from 'zod';
import { SUPERVISION_BUCKETS } from '../../../core/admin/supervision.rules';
import { OPINION_STATUSES } from '../../../core/opinion/opinion.types';
import {
  addTownship,
  countyTownships,
  invitePresidium,
  inviteStaff,
  townshipCases,
} from '../../../server/county/county.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { COUNTY, TOWNSHIP_ID_PATTERN } from '../../../server/tenancy';

const COUNTY_STAFF = ['county'] as const;

export const definition = defineFunction('county', {
  townships: action({
    summary:
      "Every township side by side, computed by each township's own figures: stations, deputies, open and overdue cases (the presidium's supervision buckets), cases received and resolved this year (each case once), 办结率 (resolved / received, an 'insufficient' rate below the fair minimum sample), satisfaction, reception days held and villagers received this year; and the county's total row, the sum of the townships.",
    audience: COUNTY_STAFF,
    township: 'across',
    input: () => z.strictObject({}),
    run: ({ now }) => countyTownships(now),
  }),

  addTownship: action({
    summary:
      "Adds a township (id: lowercase letters and digits, e.g. 'jingu'; name: 金鼓乡) and issues the invite code of its first presidium member (presidiumName), to hand over. An id already used → TOWNSHIP_ID_TAKEN. A retry with the same requestId answers the same code.",
    audience: COUNTY_STAFF,
    township: 'across',
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        id: z
          .string()
          .trim()
          .regex(TOWNSHIP_ID_PATTERN, '乡镇编号为2到16位小写字母或数字，以字母开头')
          .refine((id) => id !== COUNTY, '这个编号是县里自用的，请换一个'),
        name: z.string().trim().min(2).max(20),
        presidiumName: z.string().trim().min(1).max(20).default('主席团成员'),
      }),
    run: ({ caller, now }, input) => addTownship(caller, input, now),
  }),

  invitePresidium: action({
    summary:
      'Another invite code for a presidium member of the township named by townshipId beside action (the first expired or was lost, or the member changed). A retry with the same requestId answers the same code.',
    audience: COUNTY_STAFF,
    idempotent: true,
    input: () => z.strictObject({ requestId: requestIdField(), name: z.string().trim().min(1).max(20) }),
    run: ({ caller, now }, { name }) => invitePresidium(caller, name, now),
  }),

  inviteStaff: action({
    summary:
      "An invite code for a colleague on the county's staff (县人大常委会), bound in the county. A retry with the same requestId answers the same code.",
    audience: COUNTY_STAFF,
    idempotent: true,
    township: () => Promise.resolve(COUNTY),
    input: () => z.strictObject({ requestId: requestIdField(), name: z.string().trim().min(1).max(20) }),
    run: ({ caller, now }, { name }) => inviteStaff(caller, name, now),
  }),

  cases: action({
    summary:
      "A township's cases (the township named by townshipId beside action) as its presidium's supervision list shows them: 待分办, overdue, supervised; or one bucket; or every open case in one status. Read only: county staff handle no case.",
    audience: COUNTY_STAFF,
    input: () =>
      z.strictObject({
        bucket: z.enum(SUPERVISION_BUCKETS).optional(),
        status: z.enum(OPINION_STATUSES).optional(),
      }),
    run: ({ now }, input) => townshipCases(now, input),
  }),
});

export const main = definition.main;
