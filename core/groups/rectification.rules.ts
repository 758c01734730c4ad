/**
 * The rules of rectification items (整改事项): the findings of an inspection (集中视察, 执法检查) that
 * an office must fix by a deadline. An item is late when it is still open after its deadline, or was
 * fixed after it; the scheduler chases an open late item on working days until it is reported fixed.
 */
import type { Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import type { Rectification } from './groups.types';

/** Late on `today`: open past its deadline, or fixed after it. */
export function isLate(r: Pick<Rectification, 'status' | 'deadline' | 'fixedOn'>, today: Ymd): boolean {
  if (r.status === 'fixed') return (r.fixedOn as Ymd) > r.deadline;
  return today > r.deadline;
}

/** Fixed by its deadline. */
export const fixedOnTime = (r: Pick<Rectification, 'status' | 'deadline' | 'fixedOn'>): boolean =>
  r.status === 'fixed' && (r.fixedOn as Ymd) <= r.deadline;

/** Chased on `today`: still open and its deadline passed. */
export const isChased = (r: Pick<Rectification, 'status' | 'deadline'>, today: Ymd): boolean =>
  r.status === 'open' && today > r.deadline;

/**
 * A fix reported on `reportedOn` (the China day of the call) for `fixedOn`: the item open
 * (RECTIFICATION_ALREADY_FIXED), the day on or after the activity's day (RECTIFICATION_FIXED_BEFORE_FOUND:
 * a fix before the finding is not one). Lateness is judged by the day counted as fixed, so an office
 * cannot backdate its own fix: its report counts on the day it is made (RECTIFICATION_BACKDATED for an
 * earlier day); only the presidium, having checked, may record an earlier day.
 */
export function checkFix(
  r: Rectification,
  fixedOn: Ymd,
  reportedOn: Ymd,
  by: 'department' | 'presidium',
): Decision<Rectification> {
  if (r.status === 'fixed') return deny('RECTIFICATION_ALREADY_FIXED');
  if (fixedOn < r.date) return deny('RECTIFICATION_FIXED_BEFORE_FOUND');
  if (by === 'department' && fixedOn < reportedOn) return deny('RECTIFICATION_BACKDATED');
  return allow(r);
}

/** The year's counts of items: total, fixed on time, late (open past deadline or fixed after it). */
export function rectificationCounts(items: readonly Rectification[], today: Ymd) {
  return {
    total: items.length,
    fixedOnTime: items.filter(fixedOnTime).length,
    late: items.filter((r) => isLate(r, today)).length,
  };
}
