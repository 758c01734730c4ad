import { noticeMessageTitle } from '../../../core/duty/notice.text';

const length = (s: string) => Array.from(s).length;

describe('noticeMessageTitle: the notice named by its dates in a 20-character thing field', () => {
  it('a custom quarter: its dates, never its id', () => {
    const t = noticeMessageTitle({ start: '2026-10-01', end: '2026-12-31' }, false);
    expect(t).toBe('公示 2026年10月1日至12月31日');
    expect(t).not.toContain('T2026Q4');
    expect(length(t)).toBeLessThanOrEqual(20);
  });

  it('a half-year across two years: the short form, both years kept', () => {
    const t = noticeMessageTitle({ start: '2025-10-01', end: '2026-03-31' }, false);
    expect(t).toBe('2025.10.1至2026.3.31');
    expect(length(t)).toBeLessThanOrEqual(20);
  });

  it('a correction says so, and still fits', () => {
    for (const p of [
      { start: '2026-04-01', end: '2026-09-30' },
      { start: '2025-10-01', end: '2026-03-31' },
      { start: '2026-10-01', end: '2026-12-31' },
    ]) {
      const t = noticeMessageTitle(p, true);
      expect(t).toMatch(/更正|^\d/);
      expect(length(t)).toBeLessThanOrEqual(20);
    }
  });
});
