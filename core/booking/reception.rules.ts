/**
 * Who may receive villagers on a day (which station is theirs is the pipeline's one scope rule), when
 * reminders go out, and the check-in QR payload. Pure: every rule takes what was read and answers with a Decision.
 *
 * Walk-ins (villagers who come without booking) never take a bookable place: capacity limits only
 * advance bookings, the station receives everyone who comes. They are counted in `walkIns` on the day.
 */
import { addDays, chinaDate, chinaInstant, type Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import type { ReceptionDay } from './booking.types';

/** Roles as the pipeline knows them (core/identity). */
export type ManagerRole = 'resident' | 'deputy' | 'stationAdmin' | 'presidium' | 'anonymous';

export interface CallerView {
  role: ManagerRole | string;
  /** The deputy a deputy account is bound to. */
  deputyId?: string;
}

/**
 * Whether the caller may receive villagers on `day` (check in, add walk-ins, write the record): the
 * station admin (of the day's station: the pipeline's scope rule, core/identity/scope.rules.ts, has
 * answered that before any use case runs), or a deputy on duty that day. Denies NOT_ON_DUTY, or
 * FORBIDDEN for other roles (the presidium supervises; it does not sit at the desk).
 */
export function checkReceives(caller: CallerView, day: Pick<ReceptionDay, 'deputyIds'>): Decision<void> {
  if (caller.role === 'stationAdmin') return allow(undefined);
  if (caller.role === 'deputy') {
    return caller.deputyId && day.deputyIds.includes(caller.deputyId)
      ? allow(undefined)
      : deny('NOT_ON_DUTY');
  }
  return deny('FORBIDDEN');
}

/**
 * Whether the caller may credit `deputyIds` with serving on `day` (each gets a reception duty record,
 * which counts in the published disclosure): a deputy only the deputies on duty that day (NOT_ON_DUTY
 * otherwise); the station admin, who keeps the ledger, any of the station's deputies (a substitute
 * who came instead), which the handler checks against the station.
 */
export function checkServedBy(
  caller: CallerView,
  day: Pick<ReceptionDay, 'deputyIds'>,
  deputyIds: readonly string[],
): Decision<void> {
  if (caller.role === 'deputy' && !deputyIds.every((id) => day.deputyIds.includes(id))) {
    return deny('NOT_ON_DUTY');
  }
  return allow(undefined);
}

/** Reminders are not sent at night: from this hour (China time) on the day before. */
export const REMINDER_FROM_HOUR = 8;

/**
 * The reception day date whose bookings are due a reminder at `now`: tomorrow (China time), once it
 * is REMINDER_FROM_HOUR or later today; null before that hour.
 */
export function dayToRemindAt(now: Date): Ymd | null {
  const today = chinaDate(now);
  const from = chinaInstant(today, `${String(REMINDER_FROM_HOUR).padStart(2, '0')}:00`);
  return now >= from ? dayRemindedOn(today) : null;
}

/** The reception day date whose bookings are reminded on `today`. */
export function dayRemindedOn(today: Ymd): Ymd {
  return addDays(today, 1);
}

/**
 * When the presidium has reminders go out (booking.setSettings): `dayBefore` — from REMINDER_FROM_HOUR
 * on the day before (提前一天, the default); `twoHoursBefore` — two hours before the booked slot starts
 * (提前两小时). The scheduler runs hourly, so a two-hours reminder is due from 2 hours to 1 hour before
 * the slot: every hourly run lands in that window once, and the dedupe key stops a second send.
 */
export type ReminderLead = 'dayBefore' | 'twoHoursBefore';
export const REMINDER_LEADS: readonly ReminderLead[] = ['dayBefore', 'twoHoursBefore'];
export const REMINDER_LEAD_LABELS: Record<ReminderLead, string> = {
  dayBefore: '提前一天（前一天上午8点起）',
  twoHoursBefore: '提前两小时（接待时段开始前两小时）',
};

export interface BookingSettings {
  reminderLead: ReminderLead;
}

export const BOOKING_SETTINGS_DEFAULT: BookingSettings = { reminderLead: 'dayBefore' };

/** The settings in force: the stored ones over the defaults (an unknown stored value is ignored). */
export function effectiveBookingSettings(
  stored: Partial<Record<string, unknown>> | null | undefined,
): BookingSettings {
  const lead = stored?.reminderLead;
  return {
    reminderLead: REMINDER_LEADS.includes(lead as ReminderLead)
      ? (lead as ReminderLead)
      : BOOKING_SETTINGS_DEFAULT.reminderLead,
  };
}

/** A change the presidium asks for; denies BOOKING_SETTINGS_INVALID for an unknown lead. */
export function checkBookingSettings(change: { reminderLead: string }): Decision<BookingSettings> {
  return REMINDER_LEADS.includes(change.reminderLead as ReminderLead)
    ? allow({ reminderLead: change.reminderLead as ReminderLead })
    : deny('BOOKING_SETTINGS_INVALID');
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The reception day dates whose bookings may be due a reminder at `now` under `lead`: for `dayBefore`
 * tomorrow (from REMINDER_FROM_HOUR today); for `twoHoursBefore` today and tomorrow (a slot just after
 * midnight is reminded the evening before). Empty when none can be due.
 */
export function datesToRemindAt(now: Date, lead: ReminderLead): Ymd[] {
  if (lead === 'dayBefore') {
    const date = dayToRemindAt(now);
    return date === null ? [] : [date];
  }
  const today = chinaDate(now);
  return [today, addDays(today, 1)];
}

/**
 * Whether a booking of the slot starting at `start` ('HH:mm') on `date` is due its reminder at `now`:
 * `dayBefore` — the day before from REMINDER_FROM_HOUR (up to the slot's start); `twoHoursBefore` —
 * from two hours to one hour before the slot starts (China time).
 */
export function isReminderDue(date: Ymd, start: string, lead: ReminderLead, now: Date): boolean {
  const startsAt = chinaInstant(date, start).getTime();
  if (lead === 'dayBefore') return dayToRemindAt(now) === date && now.getTime() < startsAt;
  return now.getTime() >= startsAt - 2 * HOUR_MS && now.getTime() <= startsAt - HOUR_MS;
}

/** The reminder's tip (thing4, at most 20 characters): when, and the check-in code. */
export function reminderTip(lead: ReminderLead, checkInCode: string): string {
  return lead === 'dayBefore' ? `明天接待，签到码${checkInCode}` : `两小时后接待，签到码${checkInCode}`;
}

/** A walk-in may be added on the day itself only, for a day that is not cancelled. */
export function checkWalkIn(day: Pick<ReceptionDay, 'date' | 'status'>, today: Ymd): Decision<void> {
  if (day.status === 'cancelled') return deny('DAY_CANCELLED');
  if (today < day.date) return deny('CHECKIN_NOT_OPEN');
  if (today > day.date) return deny('DAY_PAST');
  return allow(undefined);
}

/** What the check-in QR code encodes: a prefix, the booking id and its check-in code. */
const QR_PREFIX = 'LLZ-CHECKIN';
const QR_PATTERN = /^LLZ-CHECKIN:([A-Za-z0-9_-]{1,64}):([A-Z0-9]{4,12})$/;

export function checkInQrPayload(bookingId: string, checkInCode: string): string {
  return `${QR_PREFIX}:${bookingId}:${checkInCode}`;
}

/** The booking id and code in a scanned payload; denies QR_INVALID for anything else. */
export function parseCheckInQr(payload: string): Decision<{ bookingId: string; code: string }> {
  const m = QR_PATTERN.exec(payload.trim());
  return m ? allow({ bookingId: m[1], code: m[2] }) : deny('QR_INVALID');
}

/** A 'YYYY-MM-DD' date as a subscribe-message date ('2026年11月27日'). */
export function messageDate(date: Ymd): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
