/** Cloud function `account`: who the caller is, invite codes that bind deputies and staff, bootstrap. */
import { z } from 'zod';
import { INVITE_DEFAULT_TTL_DAYS } from '../../../core/identity/invite.rules';
import { INVITABLE_ROLES } from '../../../core/identity/role.rules';
import {
  bootstrapPresidium,
  createInvite,
  redeemInvite,
  whoami,
} from '../../../server/identity/account.service';
import { action, defineFunction } from '../../../server/pipeline';
import { idSchema, openidSchema, stationCodeSchema } from '../../../server/schemas';

export const definition = defineFunction('account', {
  whoami: action({
    summary: "The caller's role and what it is bound to. Anyone signed in to WeChat.",
    audience: 'anyone',
    input: z.strictObject({}),
    run: ({ caller }) => whoami(caller),
  }),

  createInvite: action({
    summary: 'Presidium issues a one-time invite code for a deputy, a station admin or a presidium member.',
    audience: ['presidium'],
    input: z.strictObject({
      role: z.enum(INVITABLE_ROLES),
      name: z.string().trim().min(1).max(20),
      deputyId: idSchema.optional(),
      stationCode: stationCodeSchema.optional(),
      ttlDays: z.number().int().min(1).max(30).default(INVITE_DEFAULT_TTL_DAYS),
    }),
    run: ({ caller, now }, input) => createInvite(caller, input, now),
  }),

  redeemInvite: action({
    summary:
      'A deputy or staff member enters their invite code once to bind this WeChat account. At most inviteAttemptsPerHour tries per person per hour (admin.setLimits; default 5), right or wrong.',
    audience: ['resident'],
    input: z.strictObject({ code: z.string().trim().min(4).max(20) }),
    run: ({ caller, now }, { code }) => redeemInvite(caller, code, now),
  }),

  bootstrapPresidium: action({
    summary:
      'First presidium account, once: run from the console or CLI (no WeChat user) with the BOOTSTRAP_TOKEN set on the function.',
    audience: 'system',
    ownSecret: true,
    input: z.strictObject({
      openid: openidSchema,
      name: z.string().trim().min(1).max(20),
      token: z.string().min(16).max(128),
    }),
    run: ({ now }, input) => bootstrapPresidium(input, now),
  }),
});

export const main = definition.main;
