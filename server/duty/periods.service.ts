/**
 * Disclosure periods: the default half-years (core/duty/disclosure.periods.ts) and the periods the
 * presidium sets by hand. A custom period can no longer be changed once a notice of it is published.
 */
import { chinaDate } from '../../core/calendar/china-time';
import {
  customPeriod,
  dueDefaultPeriods,
  periodById,
  periodsBetween,
} from '../../core/duty/disclosure.periods';
import type { DisclosurePeriod } from '../../core/duty/duty.types';
import type { Decision } from '../../core/result';
import { fail, orFail } from '../errors';
import { requireDateIn } from '../schemas';
import {
  customPeriods,
  endedCustomPeriods,
  getStoredPeriod,
  periodHasPublishedNotice,
  savePeriod,
} from './notices.repo';

/** A default half-year ('2025-05') or a period the presidium set. */
export async function resolvePeriod(id: string): Promise<Decision<DisclosurePeriod>> {
  const builtIn = periodById(id);
  if (builtIn.ok) return builtIn;
  const stored = await getStoredPeriod(id);
  return stored ? customPeriod(stored.id, stored.start, stored.end) : builtIn;
}

/** The period, or PERIOD_NOT_FOUND. */
export async function periodOrFail(id: string): Promise<DisclosurePeriod> {
  return orFail(await resolvePeriod(id));
}

/** The default half-years of the last two years, newest first, then the custom ones; township-wide. */
export async function listPeriods(now: Date) {
  const today = chinaDate(now);
  const defaults = periodsBetween(`${Number(today.slice(0, 4)) - 2}-01-01`, today).reverse();
  const custom = await customPeriods();
  return [
    ...defaults.map((p) => ({ ...p, custom: false, ended: p.end < today })),
    ...custom.map((p) => ({
      id: p.id,
      start: p.start,
      end: p.end,
      label: p.label,
      custom: true,
      ended: p.end < today,
    })),
  ];
}

/** Adds (or changes, while nothing of it is published) a custom period; drafted once it ends. */
export async function setPeriod(
  createdBy: string,
  now: Date,
  input: { id: string; start: string; end: string },
): Promise<DisclosurePeriod> {
  const period = orFail(customPeriod(input.id, input.start, input.end));
  requireDateIn('period', input.start, chinaDate(now));
  requireDateIn('period', input.end, chinaDate(now));
  if (await periodHasPublishedNotice(input.id)) fail('NOTICE_PUBLISHED');
  await savePeriod(period, createdBy, now);
  return period;
}

/** The periods whose drafts are due: the default half-year that just ended, and custom periods that have ended. */
export async function duePeriods(now: Date): Promise<DisclosurePeriod[]> {
  const today = chinaDate(now);
  const periods: DisclosurePeriod[] = [...dueDefaultPeriods(today)];
  for (const p of await endedCustomPeriods(today, 20)) {
    const d = customPeriod(p.id, p.start, p.end);
    if (d.ok) periods.push(d.value);
  }
  return periods;
}
