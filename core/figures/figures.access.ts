/**
 * Who may read which figures: the presidium and the county's staff every scope of the township; a station
 * admin their own station; a deputy their own figures (履职档案). Anyone else: none (the public card of a
 * station is its own, smaller, view).
 */
import type { Role } from '../identity/role.rules';
import { allow, deny, type Decision } from '../result';
import type { FigureScope } from './figures.types';

interface FiguresCaller {
  role: Role;
  stationCode?: string;
  deputyId?: string;
}

export function checkFiguresAccess(caller: FiguresCaller, scope: FigureScope): Decision<void> {
  switch (caller.role) {
    case 'presidium':
    case 'county':
      return allow(undefined);
    case 'stationAdmin':
      return scope.kind === 'station' &&
        caller.stationCode !== undefined &&
        scope.stationCode === caller.stationCode
        ? allow(undefined)
        : deny('NOT_YOUR_STATION');
    case 'deputy':
      return scope.kind === 'deputy' && caller.deputyId !== undefined && scope.deputyId === caller.deputyId
        ? allow(undefined)
        : deny('NOT_YOUR_STATION');
    default:
      return deny('FORBIDDEN');
  }
}
