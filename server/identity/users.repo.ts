/**
 * Storage of the WeChat users the township knows (`_id` is the openid): who is bound to which role.
 * Residents need no record.
 */
import type { Role } from '../../core/identity/role.rules';
import { count, findAll, findById, transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';

/** A WeChat user known to the township: `_id` is the openid. Residents need no record. */
export interface UserRecord {
  _id: string;
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

export function loadUser(openid: string): Promise<UserRecord | null> {
  return findById<UserRecord>(USERS, openid);
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

/** Writes `user` unless the openid is already bound. Answers whether it was written. */
export function insertUserOnce(user: UserRecord): Promise<boolean> {
  return transaction(async (tx) => {
    if (await tx.get(USERS, user._id)) return false;
    await tx.insert(USERS, { ...user });
    return true;
  });
}
