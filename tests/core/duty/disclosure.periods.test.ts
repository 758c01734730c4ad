import { addDays } from '../../../core/calendar/china-time';
import {
  draftDueDay,
  nextPeriod,
  periodById,
  periodContains,
  periodFor,
  periodsBetween,
} from '../../../core/duty/disclosure.periods';

describe('periodFor', () => {
  it.each([
    ['2024-10-01', '2025-05', '2024-10-01', '2025-03-31'],
    ['2024-12-31', '2025-05', '2024-10-01', '2025-03-31'],
    ['2025-01-01', '2025-05', '2024-10-01', '2025-03-31'],
    ['2025-03-31', '2025-05', '2024-10-01', '2025-03-31'],
    ['2025-04-01', '2025-11', '2025-04-01', '2025-09-30'],
    ['2025-09-30', '2025-11', '2025-04-01', '2025-09-30'],
    ['2025-10-01', '2026-05', '2025-10-01', '2026-03-31'],
  ])('%s falls in the period published %s (%s … %s)', (day, id, start, end) => {
    expect(periodFor(day)).toMatchObject({ id, start, end });
  });

  it('labels a period in Chinese', () => {
    expect(periodFor('2025-01-15').label).toBe('2024年10月1日至2025年3月31日');
  });

  it('tiles the calendar: each day of four years is in exactly one period, and periods follow each other', () => {
    for (let day = '2024-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const p = periodFor(day);
      expect(periodContains(p, day)).toBe(true);
      expect(periodContains(nextPeriod(p), day)).toBe(false);
      expect(nextPeriod(p).start).toBe(addDays(p.end, 1));
    }
  });
});

describe('drafts are ready before the publication month', () => {
  it.each([
    ['2025-05', '2025-04-01'],
    ['2025-11', '2025-10-01'],
  ])('period %s: drafted %s', (id, draft) => {
    const period = periodById(id);
    if (!period.ok) throw new Error(period.reason);
    expect(draftDueDay(period.value)).toBe(draft);
    expect(draftDueDay(period.value) < `${id}-01`).toBe(true);
  });
});

describe('periodById', () => {
  it('round-trips with periodFor', () => {
    expect(periodById('2026-05')).toEqual({ ok: true, value: periodFor('2026-02-01') });
  });

  it.each(['2025-06', '2025-5', 'abc', ''])('refuses %j', (id) => {
    expect(periodById(id)).toEqual({ ok: false, reason: 'PERIOD_NOT_FOUND' });
  });
});

describe('periodsBetween', () => {
  it('lists every overlapping period, oldest first', () => {
    expect(periodsBetween('2024-09-15', '2025-10-01').map((p) => p.id)).toEqual([
      '2024-11',
      '2025-05',
      '2025-11',
      '2026-05',
    ]);
  });

  it('gives one period for a range inside it, and none for a reversed range', () => {
    expect(periodsBetween('2025-05-01', '2025-06-01').map((p) => p.id)).toEqual(['2025-11']);
    expect(periodsBetween('2025-06-01', '2025-05-01')).toEqual([]);
  });
});
