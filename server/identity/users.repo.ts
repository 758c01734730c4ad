/**
 * Storage of the WeChat users each township knows: a binding per person per township (key = openid;
 * a keyed collection, server/db/collections.ts), saying who they are bound as there. A deputy elected
 * at several levels may be bound in more than one township; county staff are bound in the county.
 * Residents need no record.
 */
import type { Role } from '../../core/identity/role.rules';
import { count, findAll, transaction } from '../db/collection';
import { currentTownship } from '../tenancy';
import type { CollectionName } from '../db/collections';

/** A WeChat user known to a township: `_id` is the openid. Residents need no record. */
export interface UserRecord {
  _id: string;
  /** The openid again, so that a person's bindings in every township are found in one query. */
  openid?: string;
  /** The township (or COUNTY) of this binding; stamped by the database layer. */
  townshipId: string;
  role: Role;
  name?: string;
  deputyId?: string;
  stationCode?: string;
  /** The department a department staff member works in (role department). */
  departmentId?: string;
  boundAt: Date;
  inviteCode?: string;
}

export const USERS = 'users' satisfies CollectionName;

/**
 * The caller's bindings in every township (run across townships: server/pipeline.ts asks before it
 * knows the call's township). A person has a handful at most.
 */
export function bindingsOf(openid: string): Promise<UserRecord[]> {
  if (currentTownship() !== null)
    throw new Error('bindingsOf must be asked across townships (acrossTownships)');
  return findAll<UserRecord>(USERS, { openid });
}

export function countUsersWithRole(role: Role): Promise<number> {
  return count(USERS, { role });
}

/** A department's bound staff (部门工作人员). */
export function staffOfDepartment(departmentId: string): Promise<UserRecord[]> {
  return findAll<UserRecord>(USERS, { role: 'department', departmentId });
}

/** The presidium's bound members. */
export function presidiumMembers(): Promise<UserRecord[]> {
  return findAll<UserRecord>(USERS, { role: 'presidium' });
}

/** A new binding: the township is the call's (the database layer stamps it). */
export type NewUser = Omit<UserRecord, 'townshipId' | 'openid'>;

/** Writes `user` unless the openid is already bound in this township. Answers whether it was written. */
export function insertUserOnce(user: NewUser): Promise<boolean> {
  return transaction(async (tx) => {
    if (await tx.get(USERS, user._id)) return false;
    await tx.insert(USERS, { ...user, openid: user._id });
    return true;
  });
}
