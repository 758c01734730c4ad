/** The Open311 door's pure rules: status, notes, agency, w3 dates, the 90-day window, cursors, routes, keys. */
import { OPINION_STATUSES } from '../../../core/opinion/opinion.types';
import {
  agencyResponsible,
  decodeCursor,
  encodeCursor,
  endOfDay,
  keyToken,
  open311Status,
  parseKeyToken,
  parseRoute,
  parseW3,
  requestWindow,
  statusNotes,
  w3,
} from '../../../core/open311/open311.rules';

describe('status', () => {
  it('is closed once the case is resolved, closed or merged; open otherwise', () => {
    const closed = OPINION_STATUSES.filter((s) => open311Status(s) === 'closed');
    expect(closed.sort()).toEqual(['closed', 'merged', 'resolved']);
  });

  it('status_notes: the answer only when given and public', () => {
    expect(statusNotes({ status: 'replied', answer: '已修复' })).toBe('已修复');
    expect(statusNotes({ status: 'resolved', answer: '已修复', publicHold: true })).toBeNull();
    expect(statusNotes({ status: 'accepted', answer: '草稿' })).toBeNull();
    expect(statusNotes({ status: 'closed', outcome: 'rejected' })).toMatch(/未予受理/);
    expect(statusNotes({ status: 'closed', noReplyNeeded: true, answer: 'x' })).toMatch(/无需答复/);
    expect(statusNotes({ status: 'merged', mergedInto: 'op1' })).toMatch(/合并/);
  });

  it('agency_responsible: the deputies by name, the department, or the presidium; never anyone else', () => {
    const names: Record<string, string> = { d1: '王建国', d2: '李秀英' };
    expect(agencyResponsible({ kind: 'deputies', deputyIds: ['d1', 'd2'] }, (id) => names[id])).toBe(
      '王建国、李秀英（人大代表）',
    );
    expect(
      agencyResponsible(
        { kind: 'department', departmentId: 'x', departmentName: '乡交管站', deputyIds: ['d1'] },
        (id) => names[id],
      ),
    ).toBe('乡交管站');
    expect(agencyResponsible({ kind: 'presidium' }, () => undefined)).toBe('乡镇人大主席团');
    expect(agencyResponsible({ kind: 'deputies', deputyIds: ['gone'] }, () => undefined)).toBe(
      '乡镇人大主席团',
    );
  });
});

describe('w3 dates', () => {
  it('writes China time with its offset, and reads the specification’s forms', () => {
    expect(w3(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02T00:30:00+08:00');
    expect(endOfDay('2026-12-02')).toBe('2026-12-02T23:59:59+08:00');
    expect(parseW3('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3('2026-12-02')?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
    for (const bad of ['2026-02-30T00:00:00Z', '2026-12-02T10:00:00', 'yesterday', '2026-13-01', ''])
      expect(parseW3(bad)).toBeNull();
  });

  it('a range spans at most 90 days and defaults to the most recent 90', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    const d = requestWindow(null, null, now);
    expect(d.ok && d.to.getTime() - d.from.getTime()).toBe(90 * 86_400_000);
    expect(requestWindow(new Date('2026-01-01'), new Date('2026-06-01'), now)).toEqual({
      ok: false,
      reason: 'SPAN_TOO_LONG',
    });
    expect(requestWindow(new Date('2026-06-01'), new Date('2026-01-01'), now)).toEqual({
      ok: false,
      reason: 'START_AFTER_END',
    });
  });
});

describe('cursors, routes and keys', () => {
  it('a cursor round-trips; anything else is refused', () => {
    const c = { at: new Date('2026-12-02T01:02:03.456Z'), id: 'op0123456789abcdef012345' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ['', 'x', 'abc.op1', '1.op0123456789abcdef01234z', '1.op0123456789abcdef012345.x'])
      expect(decodeCursor(bad)).toBeNull();
  });

  it('routes the specification’s paths under any prefix, with their format', () => {
    expect(parseRoute('/open311/v2/services.json')).toEqual({ route: { kind: 'services' }, format: 'json' });
    expect(parseRoute('/v2/services/road.xml')).toEqual({
      route: { kind: 'service', code: 'road' },
      format: 'xml',
    });
    expect(parseRoute('/open311/v2/requests/op1.json')).toEqual({
      route: { kind: 'request', id: 'op1' },
      format: 'json',
    });
    expect(parseRoute('/open311/discovery.json')?.route).toEqual({ kind: 'discovery' });
    for (const bad of [
      '/open311/v2/tokens/1.json',
      '/open311/v3/services.json',
      '/open311/v2/services',
      '/v2/services/%E0.json',
    ])
      expect(parseRoute(bad)).toBeNull();
  });

  it('a key token carries its id and secret; a malformed one is none', () => {
    const token = keyToken('0123456789abcdef', 'A'.repeat(43));
    expect(parseKeyToken(token)).toEqual({ keyId: '0123456789abcdef', secret: 'A'.repeat(43) });
    for (const bad of ['xyz', token.slice(0, -1), token + 'A', token.replace('o311_', 'o312_')])
      expect(parseKeyToken(bad)).toBeNull();
  });
});
