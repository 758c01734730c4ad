/**
 * Accounts: who the caller is, the invite codes that bind deputies and staff to their WeChat account,
 * and the one-time bootstrap of the first presidium member. The use cases behind the `account`
 * function; storage in users.repo.ts and invites.repo.ts.
 */
import { randomInt } from 'node:crypto';
import { hourKey } from '../../core/admin/abuse.limits';
import {
  INVITE_LENGTH,
  checkRedeemable,
  inviteCodeFrom,
  normaliseInviteCode,
} from '../../core/identity/invite.rules';
import { ROLE_LABELS, type InvitableRole } from '../../core/identity/role.rules';
import { loadLimits, takeCount } from '../abuse-limits';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { getDepartment } from '../opinion/opinions.repo';
import { getDeputy, getStation } from '../station/stations.repo';
import { bindWithInvite, insertInviteIfFree, townshipOfInvite, type StoredInvite } from './invites.repo';
import { countUsersWithRole, insertUserOnce } from './users.repo';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Draws of a fresh code before giving up (a collision among 31^8 codes is already rare). */
const CODE_DRAWS = 5;
/** The shortest BOOTSTRAP_TOKEN accepted: a shorter (or unset) one opens no bootstrap. */
const BOOTSTRAP_TOKEN_MIN_CHARS = 16;

/** The caller's role and what it is bound to. */
export async function whoami(caller: Caller) {
  const deputyId = caller.user?.deputyId ?? null;
  // A deputy's station is the deputy record's (the presidium may move a deputy to another station).
  const deputy = deputyId ? await getDeputy(deputyId) : null;
  return {
    role: caller.role,
    roleLabel: ROLE_LABELS[caller.role],
    name: caller.user?.name ?? null,
    deputyId,
    stationCode: deputy?.stationCode ?? caller.user?.stationCode ?? null,
    departmentId: caller.user?.departmentId ?? null,
  };
}

export interface InviteRequest {
  role: InvitableRole;
  name: string;
  deputyId?: string;
  stationCode?: string;
  departmentId?: string;
  ttlDays: number;
}

/**
 * Issues a one-time invite: checks what it binds to (the deputy, the station, the department), then stores it under a
 * freshly drawn code, drawing again when the code is taken.
 */
export async function createInvite(caller: Caller, input: InviteRequest, now: Date) {
  await checkBindsToSomething(input);
  const invite: Omit<StoredInvite, 'code'> = {
    name: input.name,
    role: input.role,
    deputyId: input.role === 'deputy' ? input.deputyId : undefined,
    stationCode: input.role === 'stationAdmin' ? input.stationCode : undefined,
    departmentId: input.role === 'department' ? input.departmentId : undefined,
    createdBy: caller.openid,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.ttlDays * DAY_MS),
  };
  for (let attempt = 0; attempt < CODE_DRAWS; attempt++) {
    const code = inviteCodeFrom(Array.from({ length: INVITE_LENGTH }, () => randomInt(1 << 30)));
    if (await insertInviteIfFree({ ...invite, code })) {
      return { code, role: input.role, expiresAt: invite.expiresAt };
    }
  }
  return fail('INTERNAL');
}

async function checkBindsToSomething(input: InviteRequest): Promise<void> {
  if (input.role === 'deputy') {
    if (!input.deputyId) fail('BAD_INPUT', [{ path: 'deputyId', message: '请选择要绑定的代表' }]);
    if (!(await getDeputy(input.deputyId))) fail('NOT_FOUND');
  }
  if (input.role === 'stationAdmin') {
    if (!input.stationCode) fail('BAD_INPUT', [{ path: 'stationCode', message: '请选择联络站' }]);
    if (!(await getStation(input.stationCode))) fail('STATION_NOT_FOUND');
  }
  if (input.role === 'department') {
    if (!input.departmentId) fail('BAD_INPUT', [{ path: 'departmentId', message: '请选择部门' }]);
    const department = await getDepartment(input.departmentId);
    if (!department || !department.active) fail('DEPARTMENT_NOT_FOUND');
  }
}

/** The township a typed invite code belongs to (the code is read as redeemInvite reads it). */
export function inviteTownship(typed: string): Promise<string | null> {
  return townshipOfInvite(normaliseInviteCode(typed));
}

/**
 * Binds the caller's WeChat account with an invite code. Every try counts against the hourly limit,
 * right or wrong: guessing codes is slowed to a few tries an hour per person.
 */
export async function redeemInvite(caller: Caller, typed: string, now: Date) {
  const code = normaliseInviteCode(typed);
  const { inviteAttemptsPerHour } = await loadLimits();
  if (!(await takeCount('invite', caller.openid, hourKey(now), inviteAttemptsPerHour, now)))
    fail('INVITE_ATTEMPTS_LIMIT');
  const invite = await bindWithInvite(
    code,
    caller.openid,
    now,
    (found) => orFail(checkRedeemable(found, now)) as StoredInvite,
    (inv) => ({
      _id: caller.openid,
      role: inv.role,
      name: inv.name,
      deputyId: inv.deputyId,
      stationCode: inv.stationCode,
      departmentId: inv.departmentId,
      boundAt: now,
      inviteCode: code,
    }),
  );
  return { role: invite.role, roleLabel: ROLE_LABELS[invite.role], name: invite.name };
}

/**
 * The first presidium account, once: only with the function's BOOTSTRAP_TOKEN, and only while the
 * township has no presidium member.
 */
export async function bootstrapPresidium(
  input: { openid: string; name: string; token: string },
  now: Date,
): Promise<{ role: 'presidium' }> {
  const expected = process.env.BOOTSTRAP_TOKEN ?? '';
  if (expected.length < BOOTSTRAP_TOKEN_MIN_CHARS || input.token !== expected) fail('FORBIDDEN');
  if ((await countUsersWithRole('presidium')) > 0) fail('BOOTSTRAP_CLOSED');
  const written = await insertUserOnce({
    _id: input.openid,
    role: 'presidium',
    name: input.name,
    boundAt: now,
  });
  if (!written) fail('ALREADY_BOUND');
  return { role: 'presidium' };
}
