import { allow, deny, type Decision } from '../result';
import type { InviteRole } from './role.rules';

/**
 * A one-time invite code: the presidium issues it for a person (a deputy, a station admin, another
 * presidium member or a department's staff member), the county for a township's first presidium member
 * or a colleague of its own; that person enters it once in WeChat to bind their openid to the role.
 */
export interface Invite {
  code: string;
  role: InviteRole;
  /** The deputy record the code binds to (role deputy), or the station an admin runs (role stationAdmin). */
  deputyId?: string;
  stationCode?: string;
  /** The department a department staff member works in (role department). */
  departmentId?: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
  usedBy?: string;
}

/** Codes avoid look-alike characters (0/O, 1/I/L) because they are read aloud and typed by hand. */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_LENGTH = 8;
export const INVITE_DEFAULT_TTL_DAYS = 7;

/** Builds a code from `randomInts` (one integer per character, any range: only the remainder counts). */
export function inviteCodeFrom(randomInts: readonly number[]): string {
  if (randomInts.length < INVITE_LENGTH) throw new Error(`need ${INVITE_LENGTH} random integers`);
  return randomInts
    .slice(0, INVITE_LENGTH)
    .map((n) => INVITE_ALPHABET[Math.abs(Math.trunc(n)) % INVITE_ALPHABET.length])
    .join('');
}

/** Normalises what a person typed: spaces and dashes dropped, upper case. */
export function normaliseInviteCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** May this invite be redeemed now? */
export function checkRedeemable(invite: Invite | null, now: Date): Decision<Invite> {
  if (!invite) return deny('INVITE_NOT_FOUND');
  if (invite.usedAt) return deny('INVITE_USED');
  if (now.getTime() >= invite.expiresAt.getTime()) return deny('INVITE_EXPIRED');
  return allow(invite);
}
