/**
 * The official Chinese calendar (statutory holidays and make-up workdays, from the chinese-days
 * package) with the presidium's overrides on top. The package covers years up to its last release
 * (2026 at the time of writing); for a later year without overrides, plain weekdays are assumed and
 * `coverage` says so, so the presidium can enter the State Council's notice in `holidays`.
 */
import { getDayDetail, isWorkday } from 'chinese-days';
import type { Ymd } from './china-time';
import { WEEKDAYS_ONLY, type WorkingCalendar } from './working-days';

/** A day the presidium marks: 'holiday' (off) or 'workday' (调休, on). */
export interface HolidayOverride {
  date: Ymd;
  kind: 'holiday' | 'workday';
  name: string;
}

/** The last year the bundled official data covers. */
export const OFFICIAL_DATA_LAST_YEAR = 2026;

export type ChineseCalendar = WorkingCalendar & {
  coverage(year: number): 'official' | 'overrides' | 'weekdays-only';
  /** The statutory holiday a day off belongs to ('国庆节'), from the overrides or the official data; else null. */
  holidayName(day: Ymd): string | null;
};

export function chineseCalendar(overrides: readonly HolidayOverride[] = []): ChineseCalendar {
  const byDate = new Map(overrides.map((o) => [o.date, o.kind]));
  const names = new Map(overrides.filter((o) => o.kind === 'holiday').map((o) => [o.date, o.name]));
  const yearsWithOverrides = new Set(overrides.map((o) => Number(o.date.slice(0, 4))));
  return {
    isWorkingDay(day: Ymd): boolean {
      const o = byDate.get(day);
      if (o) return o === 'workday';
      if (Number(day.slice(0, 4)) <= OFFICIAL_DATA_LAST_YEAR) return isWorkday(day);
      return WEEKDAYS_ONLY.isWorkingDay(day);
    },
    holidayName(day: Ymd): string | null {
      if (byDate.has(day)) return names.get(day) ?? null;
      if (Number(day.slice(0, 4)) > OFFICIAL_DATA_LAST_YEAR) return null;
      const detail = getDayDetail(day);
      // The package names a holiday 'National Day,国庆节,3' and a plain weekend 'Saturday'.
      return !detail.work && detail.name.includes(',') ? detail.name.split(',')[1] : null;
    },
    coverage(year: number) {
      if (year <= OFFICIAL_DATA_LAST_YEAR) return 'official';
      return yearsWithOverrides.has(year) ? 'overrides' : 'weekdays-only';
    },
  };
}
