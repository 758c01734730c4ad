import type { Rectification } from '../../../core/groups/groups.types';
import {
  checkFix,
  fixedOnTime,
  isChased,
  isLate,
  rectificationCounts,
} from '../../../core/groups/rectification.rules';

const NOW = new Date('2026-11-18T02:00:00Z');
const item = (patch: Partial<Rectification> = {}): Rectification => ({
  _id: 'a_request-0001_r1',
  activityId: 'a_request-0001',
  n: 1,
  kind: 'inspection',
  stationCode: 'JG01',
  date: '2026-11-20',
  departmentId: 'build',
  text: '护栏破损',
  deadline: '2026-11-27',
  status: 'open',
  createdAt: NOW,
  updatedAt: NOW,
  ...patch,
});
const fixed = (on: string) => item({ status: 'fixed', fixedOn: on });

describe('rectification items', () => {
  it('are late when open past the deadline or fixed after it', () => {
    expect(isLate(item(), '2026-11-27')).toBe(false);
    expect(isLate(item(), '2026-11-28')).toBe(true);
    expect(isLate(fixed('2026-11-27'), '2026-12-30')).toBe(false);
    expect(isLate(fixed('2026-11-28'), '2026-11-28')).toBe(true);
    expect(fixedOnTime(fixed('2026-11-27'))).toBe(true);
    expect(fixedOnTime(fixed('2026-11-28'))).toBe(false);
    expect(fixedOnTime(item())).toBe(false);
  });

  it('are chased only while open and late', () => {
    expect(isChased(item(), '2026-11-27')).toBe(false);
    expect(isChased(item(), '2026-11-30')).toBe(true);
    expect(isChased(fixed('2026-11-29'), '2026-11-30')).toBe(false);
  });

  it('are fixed once, not before the finding', () => {
    expect(checkFix(item(), '2026-11-25', '2026-11-25', 'department').ok).toBe(true);
    expect(checkFix(item(), '2026-11-19', '2026-11-25', 'presidium')).toEqual({
      ok: false,
      reason: 'RECTIFICATION_FIXED_BEFORE_FOUND',
    });
    expect(checkFix(fixed('2026-11-25'), '2026-11-26', '2026-11-26', 'presidium')).toEqual({
      ok: false,
      reason: 'RECTIFICATION_ALREADY_FIXED',
    });
  });

  it('are not backdated by their office: only the presidium records an earlier day', () => {
    expect(checkFix(item(), '2026-11-25', '2026-11-30', 'department')).toEqual({
      ok: false,
      reason: 'RECTIFICATION_BACKDATED',
    });
    expect(checkFix(item(), '2026-11-25', '2026-11-30', 'presidium').ok).toBe(true);
  });

  it('count as total, fixed on time and late', () => {
    const items = [item(), item({ deadline: '2026-12-10' }), fixed('2026-11-26'), fixed('2026-11-29')];
    expect(rectificationCounts(items, '2026-11-30')).toEqual({ total: 4, fixedOnTime: 1, late: 2 });
  });
});
