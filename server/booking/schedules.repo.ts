/**
 * Reception schedules (one per station, `_id` = station code) and the reception days they make. The
 * scheduler's `materialiseReceptionDays` job stores the days of the coming weeks with deterministic
 * ids `${stationCode}:${date}`; an existing day (and its bookings) is never overwritten, so the job can
 * run every hour.
 */
import { addDays, chinaDate, type Ymd } from '../../core/calendar/china-time';
import {
  materialiseDays,
  newReceptionDay,
  type ScheduleCalendar,
  type ScheduleRule,
} from '../../core/booking/schedule.rules';
import type { StoredDay } from './bookings.repo';
import { loadCalendar } from '../calendar';
import { command, findAll, findById, insert, isDuplicateKey } from '../db/collection';
import { RECEPTION_DAYS } from '../station/stations.repo';

export const SCHEDULES = 'schedules';

/** Reception days are stored this far ahead (villagers see NOTICE_HORIZON_DAYS = 30 of them). */
export const MATERIALISE_AHEAD_DAYS = 35;
/** A moved day is looked for this far around the window (schedule.rules MAX_MOVE_DAYS). */
const MOVE_MARGIN_DAYS = 31;

export interface StoredSchedule extends ScheduleRule {
  _id: string;
  updatedAt: Date;
  updatedBy: string;
}

export const dayIdOf = (stationCode: string, date: Ymd): string => `${stationCode}:${date}`;

export function getSchedule(stationCode: string): Promise<StoredSchedule | null> {
  return findById<StoredSchedule>(SCHEDULES, stationCode);
}

/**
 * Stores the days of `rule` between today and MATERIALISE_AHEAD_DAYS ahead that are not stored yet.
 * Days added by hand (no `key`) count as taken when a holiday moves a day. Answers how many were made.
 */
export async function materialiseStation(
  rule: ScheduleRule,
  now: Date,
  calendar: ScheduleCalendar,
): Promise<number> {
  const today = chinaDate(now);
  const to = addDays(today, MATERIALISE_AHEAD_DAYS);
  const _ = command();
  const stored = await findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
    stationCode: rule.stationCode,
    date: _.gte(addDays(today, -MOVE_MARGIN_DAYS)),
  });
  const byId = new Set(stored.map((d) => d._id));
  const byKey = new Set(stored.map((d) => d.key).filter((k): k is string => !!k));
  const handDates = stored.filter((d) => !d.key).map((d) => d.date);
  let made = 0;
  for (const day of materialiseDays(rule, today, to, calendar, handDates)) {
    const id = dayIdOf(rule.stationCode, day.date);
    if (byId.has(id) || byKey.has(day.key)) continue;
    try {
      await insert(RECEPTION_DAYS, { ...newReceptionDay(day, id, today) });
      made++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return made;
}

/** The scheduler's job: every station's schedule, materialised. One failing station does not stop the rest. */
export async function materialiseAll(now: Date): Promise<number> {
  const [schedules, calendar] = await Promise.all([findAll<StoredSchedule>(SCHEDULES, {}), loadCalendar()]);
  let made = 0;
  for (const schedule of schedules) {
    try {
      made += await materialiseStation(schedule, now, calendar);
    } catch (err) {
      console.error(`[schedules] station ${schedule.stationCode}`, err);
    }
  }
  return made;
}
