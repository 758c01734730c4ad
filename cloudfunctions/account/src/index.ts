/** Cloud function `account`: who the caller is, invite codes that bind deputies and staff, bootstrap. */
import { randomInt } from 'node:crypto';
import { hourKey } from '../../../core/admin/abuse.limits';
import { loadLimits, takeCount } from '../../../server/abuse-limits';
import { z } from 'zod';
import {
  INVITE_DEFAULT_TTL_DAYS,
  INVITE_LENGTH,
  checkRedeemable,
  inviteCodeFrom,
  normaliseInviteCode,
  type Invite,
} from '../../../core/identity/invite.rules';
import { INVITABLE_ROLES, ROLE_LABELS } from '../../../core/identity/role.rules';
import { count, findById, transaction } from '../../../server/db/collection';
import { withoutUndefined } from '../../../server/db/documents';
import { AppError, fail, orFail } from '../../../server/errors';
import { action, defineFunction } from '../../../server/pipeline';
import { openidSchema, stationCodeSchema, idSchema } from '../../../server/schemas';
import { DEPUTIES, getStation } from '../../../server/station/stations.repo';
import { USERS, type UserRecord } from '../../../server/identity/users.repo';
import type { Deputy } from '../../../core/station/station.types';

const INVITES = 'invites';
const DAY_MS = 24 * 60 * 60 * 1000;

export const definition = defineFunction('account', {
  whoami: action({
    summary: "The caller's role and what it is bound to. Anyone signed in to WeChat.",
    audience: 'anyone',
    input: z.strictObject({}),
    run: async ({ caller }) => {
      const deputyId = caller.user?.deputyId ?? null;
      // A deputy's station is the deputy record's (the presidium may move a deputy to another station).
      const deputy = deputyId ? await findById<Deputy>(DEPUTIES, deputyId) : null;
      return {
        role: caller.role,
        roleLabel: ROLE_LABELS[caller.role],
        name: caller.user?.name ?? null,
        deputyId,
        stationCode: deputy?.stationCode ?? caller.user?.stationCode ?? null,
      };
    },
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
    run: async ({ caller, now }, input) => {
      if (input.role === 'deputy') {
        if (!input.deputyId) fail('BAD_INPUT', [{ path: 'deputyId', message: '请选择要绑定的代表' }]);
        const deputy = await findById<Deputy>(DEPUTIES, input.deputyId);
        if (!deputy) fail('NOT_FOUND');
      }
      if (input.role === 'stationAdmin') {
        if (!input.stationCode) fail('BAD_INPUT', [{ path: 'stationCode', message: '请选择联络站' }]);
        if (!(await getStation(input.stationCode))) fail('STATION_NOT_FOUND');
      }
      const invite: Invite & { _id: string; name: string } = {
        _id: '',
        code: '',
        name: input.name,
        role: input.role,
        deputyId: input.role === 'deputy' ? input.deputyId : undefined,
        stationCode: input.role === 'stationAdmin' ? input.stationCode : undefined,
        createdBy: caller.openid,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.ttlDays * DAY_MS),
      };
      // The code is the document id, so a collision is refused by the store and we draw again.
      for (let attempt = 0; attempt < 5; attempt++) {
        const code = inviteCodeFrom(Array.from({ length: INVITE_LENGTH }, () => randomInt(1 << 30)));
        try {
          await transaction(async (tx) => {
            if (await tx.get(INVITES, code)) throw new AppError('CONFLICT');
            await tx.insert(INVITES, withoutUndefined({ ...invite, _id: code, code }));
          });
          return { code, role: input.role, expiresAt: invite.expiresAt };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
        }
      }
      return fail('INTERNAL');
    },
  }),

  redeemInvite: action({
    summary:
      'A deputy or staff member enters their invite code once to bind this WeChat account. At most inviteAttemptsPerHour tries per person per hour (admin.setLimits; default 5), right or wrong.',
    audience: ['resident'],
    input: z.strictObject({ code: z.string().trim().min(4).max(20) }),
    run: async ({ caller, now }, input) => {
      const code = normaliseInviteCode(input.code);
      // Every try counts, right or wrong: guessing codes is slowed to a few tries an hour per person.
      const { inviteAttemptsPerHour } = await loadLimits();
      if (!(await takeCount('invite', caller.openid, hourKey(now), inviteAttemptsPerHour, now)))
        fail('INVITE_ATTEMPTS_LIMIT');
      return transaction(async (tx) => {
        if (await tx.get<UserRecord>(USERS, caller.openid)) fail('ALREADY_BOUND');
        const invite = orFail(
          checkRedeemable(await tx.get<Invite & { name: string }>(INVITES, code), now),
        ) as Invite & {
          name: string;
        };
        await tx.update(INVITES, code, { usedAt: now, usedBy: caller.openid });
        const user: UserRecord = withoutUndefined({
          _id: caller.openid,
          role: invite.role,
          name: invite.name,
          deputyId: invite.deputyId,
          stationCode: invite.stationCode,
          boundAt: now,
          inviteCode: code,
        });
        await tx.insert(USERS, { ...user });
        if (invite.deputyId) await tx.update(DEPUTIES, invite.deputyId, { openid: caller.openid });
        return { role: invite.role, roleLabel: ROLE_LABELS[invite.role], name: invite.name };
      });
    },
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
    run: async ({ now }, input) => {
      const expected = process.env.BOOTSTRAP_TOKEN ?? '';
      if (expected.length < 16 || input.token !== expected) fail('FORBIDDEN');
      if ((await count(USERS, { role: 'presidium' })) > 0) fail('BOOTSTRAP_CLOSED');
      await transaction(async (tx) => {
        if (await tx.get(USERS, input.openid)) fail('ALREADY_BOUND');
        await tx.insert(USERS, { _id: input.openid, role: 'presidium', name: input.name, boundAt: now });
      });
      return { role: 'presidium' };
    },
  }),
});

export const main = definition.main;
