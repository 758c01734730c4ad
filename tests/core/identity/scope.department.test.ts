/**
 * The scope rule for a department's staff (core/identity/scope.rules.ts): a department's cases only
 * when they are with their department now; inputs naming no department are the action's own rules.
 */
import { checkScope } from '../../../core/identity/scope.rules';

describe('a department staff member’s scope is their department', () => {
  const staff = { role: 'department' as const, departmentId: 'agri' };

  it.each([
    ['a case with their department', { stationCode: 'JG01', departmentId: 'agri' }, true],
    ['a case with another department', { stationCode: 'JG01', departmentId: 'build' }, false],
    ['a case with no department (deputies, presidium)', { stationCode: 'JG01', departmentId: '' }, false],
    // Their own bookings and opinions, as anyone's: the action's own rules decide.
    ['an input naming no department', { stationCode: 'JG01' }, true],
  ])('%s', (_what, target, allowed) => {
    expect(checkScope(staff, target)).toEqual(
      allowed ? { ok: true, value: undefined } : { ok: false, reason: 'NOT_YOUR_DEPARTMENT' },
    );
  });

  it('an account bound to no department reaches nothing', () => {
    expect(checkScope({ role: 'department' }, { stationCode: 'JG01', departmentId: 'agri' })).toEqual({
      ok: false,
      reason: 'NOT_YOUR_DEPARTMENT',
    });
  });

  it('the other roles are unchanged by a department on the target', () => {
    const target = { stationCode: 'JG01', departmentId: 'agri' };
    expect(checkScope({ role: 'presidium' }, target).ok).toBe(true);
    expect(checkScope({ role: 'stationAdmin', stationCode: 'JG02' }, target)).toEqual({
      ok: false,
      reason: 'NOT_YOUR_STATION',
    });
  });
});
