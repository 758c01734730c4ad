/**
 * The one scope rule: which station's (or which deputy's) business a caller may touch. An action
 * declares what its input touches (server/pipeline.ts `scope`); the pipeline asks this rule before the
 * action runs, so "is this your station?" is answered once, with one code, for every action.
 *
 *   presidium     every station of the township (the pipeline keeps every call inside one township);
 *   county        every station of the township it reads (county staff read, never handle);
 *   stationAdmin  their own station only (an admin bound to no station: none);
 *   deputy        their own records where the input names a deputy; otherwise the action's own rules
 *                 decide (on duty that day, assignee of the case);
 *   department    their own department's cases where the input names a department (NOT_YOUR_DEPARTMENT);
 *                 otherwise the action's own rules decide (their own bookings and opinions, as anyone's);
 *   resident      not station-bound: ownership of a booking or a case is the action's own rule.
 */
import { allow, deny, type Decision } from '../result';
import type { Role } from './role.rules';

interface ScopeCaller {
  role: Role;
  /** The station a station admin administers. */
  stationCode?: string;
  /** The deputy a deputy account is bound to. */
  deputyId?: string;
  /** The department a department staff account is bound to. */
  departmentId?: string;
}

/** What an input touches, as read from the store: a station, and the deputy when the input names one. */
export interface ScopeTarget {
  stationCode: string;
  deputyId?: string;
  /**
   * The department an input's case is with (transferred to it), for actions on a department's cases:
   * '' when the case is with none (NO_DEPARTMENT), which no department staff member matches.
   */
  departmentId?: string;
}

/** The `departmentId` of a target whose case is with no department. */
export const NO_DEPARTMENT = '';

export function checkScope(caller: ScopeCaller, target: ScopeTarget): Decision<void> {
  switch (caller.role) {
    case 'presidium':
    case 'county':
    case 'resident':
      return allow(undefined);
    case 'stationAdmin':
      return caller.stationCode !== undefined && caller.stationCode === target.stationCode
        ? allow(undefined)
        : deny('NOT_YOUR_STATION');
    case 'deputy':
      return target.deputyId === undefined || target.deputyId === caller.deputyId
        ? allow(undefined)
        : deny('NOT_YOUR_STATION');
    case 'department':
      return target.departmentId === undefined ||
        (caller.departmentId !== undefined && caller.departmentId === target.departmentId)
        ? allow(undefined)
        : deny('NOT_YOUR_DEPARTMENT');
  }
}
