/**
 * Storage of one-time invite codes (`_id` is the code) and the binding they make: redeeming writes the
 * invite's use, the user record and the deputy's openid in one transaction.
 */
import type { Invite } from '../../core/identity/invite.rules';
import { findById, insertOnce, transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';
import { withoutUndefined } from '../db/documents';
import { fail } from '../errors';
import { DEPUTIES } from '../station/stations.repo';
import { USERS, type NewUser, type UserRecord } from './users.repo';

export const INVITES = 'invites' satisfies CollectionName;

/** An invite as stored: the name of the person it is for comes with it. */
export type StoredInvite = Invite & { name: string };

/**
 * Stores `invite` under its code unless that code is taken — in this township or another (codes are
 * unique across the county; the code is the document id). Answers whether it was stored, so that the
 * caller draws another code.
 */
export function insertInviteIfFree(invite: StoredInvite): Promise<boolean> {
  return insertOnce(INVITES, withoutUndefined({ ...invite, _id: invite.code }));
}

/** The township an invite code was issued in (codes are unique across the county), or null. */
export async function townshipOfInvite(code: string): Promise<string | null> {
  const invite = await findById<{ townshipId?: string }>(INVITES, code);
  return invite?.townshipId ?? null;
}

/**
 * Binds `openid` with the invite `code`, in one transaction: refuses an openid already bound
 * (ALREADY_BOUND), lets `check` accept the invite as read (or fail), then marks the invite used,
 * writes the user record `toUser` builds and, for a deputy's invite, the deputy's openid.
 */
export function bindWithInvite(
  code: string,
  openid: string,
  now: Date,
  check: (invite: StoredInvite | null) => StoredInvite,
  toUser: (invite: StoredInvite) => NewUser,
): Promise<StoredInvite> {
  return transaction(async (tx) => {
    if (await tx.get<UserRecord>(USERS, openid)) fail('ALREADY_BOUND');
    const invite = check(await tx.get<StoredInvite>(INVITES, code));
    await tx.update(INVITES, code, { usedAt: now, usedBy: openid });
    await tx.insert(USERS, { ...withoutUndefined(toUser(invite)), openid });
    if (invite.deputyId) await tx.update(DEPUTIES, invite.deputyId, { openid });
    return invite;
  });
}
