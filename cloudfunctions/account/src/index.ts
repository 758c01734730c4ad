/** Cloud function `account`: who the caller is, invite codes that bind deputies and staff, bootstrap. */
import { z } from 'zod';
import { INVITE_DEFAULT_TTL_DAYS } from '../../../core/identity/invite.rules';
import { INVITABLE_ROLES } from '../../../core/identity/role.rules';
import {
  bootstrapCounty,
  bootstrapPresidium,
  createInvite,
  inviteTownship,
  redeemInvite,
  whoami,
} from '../../../server/identity/account.service';
import { TEMPLATE_KEYS } from '../../../core/notify/templates';
import { mySubscriptions, recordAcceptance } from '../../../server/notify/grants.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { idField, openidField, stationCodeField } from '../../../server/schemas';
import { COUNTY } from '../../../server/tenancy';

/** Who the first account is, and the function's one-time BOOTSTRAP_TOKEN. */
const bootstrapInput = () =>
  z.strictObject({
    openid: openidField(),
    name: z.string().trim().min(1).max(20),
    token: z.string().min(16).max(128),
  });

export const definition = defineFunction('account', {
  whoami: action({
    summary:
      "The caller's role and what it is bound to, in the township the call names (or their only one), and their bindings in every township. Anyone signed in to WeChat; before a township is chosen, a villager is a resident.",
    audience: 'anyone',
    township: 'optional',
    input: () => z.strictObject({}),
    run: ({ caller }) => whoami(caller),
  }),

  createInvite: action({
    summary:
      "Presidium issues a one-time invite code for a deputy (deputyId), a station admin (stationCode), a presidium member, or a department's staff member (department, departmentId: they answer or hand back the cases transferred to it).",
    audience: ['presidium'],
    input: () =>
      z.strictObject({
        role: z.enum(INVITABLE_ROLES),
        name: z.string().trim().min(1).max(20),
        deputyId: idField().optional(),
        stationCode: stationCodeField().optional(),
        departmentId: idField().optional(),
        ttlDays: z.number().int().min(1).max(30).default(INVITE_DEFAULT_TTL_DAYS),
      }),
    run: ({ caller, now }, input) => createInvite(caller, input, now),
  }),

  redeemInvite: action({
    summary:
      "A deputy or staff member enters their invite code once to bind this WeChat account in the invite's township (a deputy serving two townships binds once in each). At most inviteAttemptsPerHour tries per person per hour (admin.setLimits; default 5), right or wrong.",
    audience: ['resident'],
    input: () => z.strictObject({ code: z.string().trim().min(4).max(20) }),
    // The code says its township: the caller is bound there (one already bound there is refused).
    township: ({ code }) => inviteTownship(code),
    run: ({ caller, now }, { code }) => redeemInvite(caller, code, now),
  }),

  recordSubscriptions: action({
    summary:
      'The mini-program reports the templates the caller accepted (允许) in one subscribe dialog: each accepted template is one message the server may send them (a retry with the same requestId adds nothing; at most subscriptionTapsPerHour new taps per person per hour, admin.setLimits, default 20, else RATE_LIMITED and nothing added). Answers the counts they now hold.',
    audience: 'anyone',
    scope: 'caller',
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        templates: z.array(z.enum(TEMPLATE_KEYS)).min(1).max(TEMPLATE_KEYS.length),
      }),
    run: ({ caller, now }, input) => recordAcceptance(caller, input, now),
  }),

  mySubscriptions: action({
    summary:
      'How many messages of each template the caller may still be sent, and `reminders`: how many of every kind asked (the smallest count), shown as 您还可以收到N条提醒.',
    audience: 'anyone',
    scope: 'caller',
    input: () =>
      z.strictObject({ templates: z.array(z.enum(TEMPLATE_KEYS)).min(1).max(TEMPLATE_KEYS.length) }),
    run: ({ caller }, { templates }) => mySubscriptions(caller, templates),
  }),

  bootstrapPresidium: action({
    summary:
      "A township's first presidium account, once: run from the console or CLI (no WeChat user) with the BOOTSTRAP_TOKEN set on the function, naming the township with `townshipId` beside `action` (an existing township; required when the county has more than one). BOOTSTRAP_CLOSED once that township has a presidium member.",
    audience: 'system',
    ownSecret: true,
    input: () => bootstrapInput(),
    run: ({ now }, input) => bootstrapPresidium(input, now),
  }),

  bootstrapCounty: action({
    summary:
      "The county's first staff account (县人大常委会, role county, bound in the county), once: run from the console or CLI with the BOOTSTRAP_TOKEN set on the function. BOOTSTRAP_CLOSED once the county has a staff member.",
    audience: 'system',
    ownSecret: true,
    input: () => bootstrapInput(),
    township: () => Promise.resolve(COUNTY),
    run: ({ now }, input) => bootstrapCounty(input, now),
  }),
});

export const main = definition.main;
