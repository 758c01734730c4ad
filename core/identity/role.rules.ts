/**
 * Roles and who may do what. `county`: the county congress standing committee's staff (县人大常委会),
 * bound in the county rather than a township: they add townships, see every township side by side and
 * read cases, but handle none. Every action names the roles it admits; anything not named is refused
 * (deny by default). A WeChat user with no record yet is a resident.
 */
export const ROLES = ['resident', 'deputy', 'stationAdmin', 'presidium', 'department', 'county'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '群众',
  deputy: '人大代表',
  stationAdmin: '联络站管理员',
  presidium: '乡镇人大主席团',
  department: '部门工作人员',
  county: '县人大常委会',
};

/** Who an action admits: a list of roles, or `anyone` (any WeChat user, including first-time visitors). */
export type Audience = readonly Role[] | 'anyone';

export function admits(audience: Audience, role: Role): boolean {
  return audience === 'anyone' || audience.includes(role);
}

/**
 * Roles the presidium may hand out by invite code. `department`: a government department's staff member
 * (部门工作人员), bound to one department; they answer or hand back the cases transferred to it.
 */
export const INVITABLE_ROLES = [
  'deputy',
  'stationAdmin',
  'presidium',
  'department',
] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/**
 * What an invite code may bind: a role the presidium hands out, or `county`, which only county staff
 * hand out to their colleagues (county.inviteStaff), bound in the county itself.
 */
export type InviteRole = InvitableRole | 'county';
