/**
 * A station's reception schedule and the days it makes, and one-off days added by hand. The
 * scheduler's `materialiseReceptionDays` job stores the days of the coming weeks with deterministic ids
 * `${stationCode}:${date}`; an existing day (and its bookings) is never overwritten, so the job can run
 * every hour.
 */
import { checkNewDayDate } from '../../core/booking/booking.rules';
import type { ReceptionDay, SlotTemplate } from '../../core/booking/booking.types';
import {
  checkSchedule,
  describeSchedule,
  materialiseDays,
  newReceptionDay,
  totalCapacity,
  type ScheduleCalendar,
  type ScheduleRule,
} from '../../core/booking/schedule.rules';
import { addDays, chinaDate, type Ymd } from '../../core/calendar/china-time';
import { loadCalendar } from '../calendar';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import { daysOfStationFrom, insertDay } from './bookings.repo';
import { dayView, requireStation, requireStationDeputies } from './day.service';
import { allSchedules, dayIdOf, getSchedule, saveSchedule } from './schedules.repo';

/** Reception days are stored this far ahead (villagers see NOTICE_HORIZON_DAYS = 30 of them). */
export const MATERIALISE_AHEAD_DAYS = 35;
/** A moved day is looked for this far around the window (schedule.rules MAX_MOVE_DAYS). */
const MOVE_MARGIN_DAYS = 31;

/** The station's schedule as the desk shows it (with its description), or null. */
export async function scheduleOf(stationCode: string) {
  const schedule = await getSchedule(stationCode);
  if (!schedule) return null;
  const { _id, updatedBy, ...rule } = schedule;
  void _id;
  void updatedBy;
  return { ...rule, description: describeSchedule(rule) };
}

/** Checks and stores the station's schedule, then stores its days of the coming weeks. */
export async function setSchedule({ caller, now }: { caller: Caller; now: Date }, input: ScheduleRule) {
  await requireStation(input.stationCode);
  const rule: ScheduleRule = orFail(checkSchedule({ ...input }));
  requireDateIn('scheduleStart', rule.startsOn, chinaDate(now));
  if (rule.endsOn !== undefined) requireDateIn('scheduleEnd', rule.endsOn, chinaDate(now));
  await requireStationDeputies(input.stationCode, rule.rota.deputyIds);
  await saveSchedule(rule, now, caller.openid);
  const daysMade = await materialiseStation(rule, now, await loadCalendar());
  return { stationCode: rule.stationCode, description: describeSchedule(rule), daysMade };
}

export interface OneOffDayInput {
  stationCode: string;
  date: Ymd;
  start: string;
  end: string;
  slots: SlotTemplate[];
  deputyIds: string[];
}

/** Adds a one-off day, announced as soon as it is stored (DAY_EXISTS when the station has that date). */
export async function addDay({ caller, now }: { caller: Caller; now: Date }, input: OneOffDayInput) {
  await requireStation(input.stationCode);
  // The window and slots follow the same rules as a schedule's.
  orFail(
    checkSchedule({
      stationCode: input.stationCode,
      recurrence: { every: 'week', weekday: 1 },
      start: input.start,
      end: input.end,
      slots: input.slots,
      rota: { deputyIds: input.deputyIds, perDay: input.deputyIds.length },
      holidayPolicy: 'nextWorkingDay',
      startsOn: input.date,
    }),
  );
  await requireStationDeputies(input.stationCode, input.deputyIds);
  const today = chinaDate(now);
  orFail(checkNewDayDate(input.date, today));
  requireDateIn('receptionDay', input.date, today);
  const day: ReceptionDay = {
    _id: dayIdOf(input.stationCode, input.date),
    stationCode: input.stationCode,
    date: input.date,
    start: input.start,
    end: input.end,
    deputyIds: input.deputyIds,
    slots: input.slots.map((s) => ({ ...s, booked: 0 })),
    capacity: totalCapacity(input.slots),
    booked: 0,
    status: 'scheduled',
    announcedOn: today,
  };
  if (!(await insertDay({ ...day, createdBy: caller.openid, createdAt: now }))) fail('DAY_EXISTS');
  return dayView(day);
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
  const stored = await daysOfStationFrom(rule.stationCode, addDays(today, -MOVE_MARGIN_DAYS));
  const byId = new Set(stored.map((d) => d._id));
  const byKey = new Set(stored.map((d) => d.key).filter((k): k is string => !!k));
  const handDates = stored.filter((d) => !d.key).map((d) => d.date);
  let made = 0;
  for (const day of materialiseDays(rule, today, to, calendar, handDates)) {
    const id = dayIdOf(rule.stationCode, day.date);
    if (byId.has(id) || byKey.has(day.key)) continue;
    if (await insertDay({ ...newReceptionDay(day, id, today) })) made++;
  }
  return made;
}

/** The scheduler's job: every station's schedule, materialised. One failing station does not stop the rest. */
export async function materialiseAll(now: Date): Promise<number> {
  const [schedules, calendar] = await Promise.all([allSchedules(), loadCalendar()]);
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
