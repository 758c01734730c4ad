import type { Role } from '../../core/identity/role.rules';
import { findById } from '../db/collection';

/** A WeChat user known to the township: `_id` is the openid. Residents need no record. */
export interface UserRecord {
  _id: string;
  role: Role;
  name?: string;
  deputyId?: string;
  stationCode?: string;
  boundAt: Date;
  inviteCode?: string;
}

export const USERS = 'users';

export function loadUser(openid: string): Promise<UserRecord | null> {
  return findById<UserRecord>(USERS, openid);
}
