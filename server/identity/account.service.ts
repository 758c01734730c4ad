/**
 * Accounts: who the caller is, the invite codes that bind deputies and staff to their WeChat account,
 * and the one-time bootstraps of a township's first presidium member and of the county's first staff
 * member. The use cases behind the `account` function; storage in users.repo.ts and invites.repo.ts.
 */
import { randomInt } from 'node:crypto';
import { hourKey } from '../../core/admin/abuse.limits';
import {
  INVITE_LENGTH,
  checkRedeemable,
  inviteCodeFrom,
  normaliseInviteCode,
} from '../../core/identity/invite.rules';
import { ROLE_LABELS, type InviteRole } from '../../core/identity/role.rules';
import { loadLimits, takeCount } from '../abuse-limits';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { getDepartment } from '../opinion/opinions.repo';
import { getDeputy, getStation } from '../station/stations.repo';
import { bindWithInvite, insertInviteIfFree, townshipOfInvite, type StoredInvite } from './invites.repo';
import { listTownships } from './townships.repo';
import { countUsersWithRole, insertUserOnce } from './users.repo';
import { COUNTY, currentTownship, requireTownship } from '../tenancy';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Draws of a fresh code before giving up (a collision among 31^8 codes is already rare). */
const CODE_DRAWS = 5;
/** The shortest BOOTSTRAP_TOKEN accepted: a shorter (or unset) one opens no bootstrap. */
const BOOTSTRAP_TOKEN_MIN_CHARS = 16;

/**
 * The caller's role and what it is bound to, and where else they are bound (a deputy may serve in two
 * townships: the mini-program offers 切换乡镇 between them).
 */
export async function whoami(caller: Caller) {
  const deputyId = caller.user?.deputyId ?? null;
  // A deputy's station is the deputy record's (the presidium may move a deputy to another station).
  const [deputy, townships] = await Promise.all([deputyId ? getDeputy(deputyId) : null, listTownships()]);
  const names = new Map(townships.map((t) => [t._id, t.name]));
  return {
    bindings: caller.bindings.map((b) => ({
      townshipId: b.townshipId,
      townshipName: b.townshipId === COUNTY ? ROLE_LABELS.county : (names.get(b.townshipId) ?? b.townshipId),
      role: b.role,
      roleLabel: ROLE_LABELS[b.role],
    })),
    role: caller.role,
    roleLabel: ROLE_LABELS[caller.role],
    name: caller.user?.name ?? null,
    deputyId,
    stationCode: deputy?.stationCode ?? caller.user?.stationCode ?? null,
    departmentId: caller.user?.departmentId ?? null,
  };
}

export interface InviteRequest {
  role: InviteRole;
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
  // County staff are invited in the county itself, and nobody else is.
  if ((input.role === 'county') !== (requireTownship() === COUNTY)) fail('FORBIDDEN');
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
  // Counted across townships: the try's township is the one its code names (a township may only lower
  // the limit: core/admin/abuse.limits.ts).
  if (!(await takeCount('invite', caller.openid, hourKey(now), inviteAttemptsPerHour, now, 'county')))
    fail('INVITE_ATTEMPTS_LIMIT');
  // A code of no township's (the call runs across townships, account.redeemInvite's `township`).
  if (currentTownship() === null) fail('INVITE_NOT_FOUND');
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

function checkBootstrapToken(token: string): void {
  const expected = process.env.BOOTSTRAP_TOKEN ?? '';
  if (expected.length < BOOTSTRAP_TOKEN_MIN_CHARS || token !== expected) fail('FORBIDDEN');
}

/**
 * The first account of `role` where the call runs (a township's first presidium member, or the
 * county's first staff member in COUNTY), once: only with the function's BOOTSTRAP_TOKEN, and only
 * while no one there holds that role.
 */
async function bootstrapFirst<R extends 'presidium' | 'county'>(
  role: R,
  input: { openid: string; name: string; token: string },
  now: Date,
): Promise<{ role: R; townshipId: string }> {
  checkBootstrapToken(input.token);
  if ((await countUsersWithRole(role)) > 0) fail('BOOTSTRAP_CLOSED');
  const written = await insertUserOnce({ _id: input.openid, role, name: input.name, boundAt: now });
  if (!written) fail('ALREADY_BOUND');
  return { role, townshipId: requireTownship() };
}

/**
 * The first presidium member of the township the call runs in (the console names it with `townshipId`
 * beside `action`; an unknown one → TOWNSHIP_NOT_FOUND), once: closed when that township already has a
 * presidium member.
 */
export function bootstrapPresidium(input: { openid: string; name: string; token: string }, now: Date) {
  if (requireTownship() === COUNTY) fail('TOWNSHIP_NOT_FOUND');
  return bootstrapFirst('presidium', input, now);
}

/** The county's first staff member (县人大常委会), bound in COUNTY with role county, once. */
export function bootstrapCounty(input: { openid: string; name: string; token: string }, now: Date) {
  if (requireTownship() !== COUNTY) fail('INTERNAL');
  return bootstrapFirst('county', input, now);
}
