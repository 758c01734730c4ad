/**
 * The station side of reception days and what happens to their bookings over their life: the station
 * changes a day's deputies or cancels it (every villager booked is told), the station desk's days,
 * check-in by code or QR and walk-ins; and the scheduler's reminder the day before, the no-shows after
 * the day, the contact purge and days moved off holidays. The station a call touches is the pipeline's
 * scope (`dayScope`, `checkInScope`); whether a deputy is on duty is each use case's rule. Each
 * scheduler step is idempotent: a rerun finds nothing left to do and sends nothing twice.
 */
import { closeDayWaitlist, removeDayWaitlist, waitingOfDay } from './waitlist.repo';
import { randomUUID } from 'node:crypto';
import { PAGES } from '../../core/notify/pages';
import {
  checkCheckIn,
  checkOnDuty,
  dayEndsAt,
  dayStartsAt,
  normaliseCheckInCode,
  villagerVisibility,
} from '../../core/booking/booking.rules';
import { isScheduledDate, moveOffHoliday, type ScheduleCalendar } from '../../core/booking/schedule.rules';
import {
  checkReceives,
  checkWalkIn,
  datesToRemindAt,
  isReminderDue,
  messageDate,
  parseCheckInQr,
  reminderTip,
  type CallerView,
} from '../../core/booking/reception.rules';
import { loadBookingSettings } from './booking-settings.repo';
import { clearDayWaitlist } from './waitlist.service';
import { addDays, chinaDate, type Ymd } from '../../core/calendar/china-time';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import type { Station, Village } from '../../core/station/station.types';
import { contactPurgeCutoff, isContactPurgeDue } from '../../core/privacy/contact.retention';
import {
  bookingByCode,
  bookingsOfDay,
  cancelBookedIn,
  daysFrom,
  daysOfStationFrom,
  daysToPurgeUntil,
  getBooking,
  getDay,
  getDayIn,
  insertWalkIn,
  markCheckedIn,
  markDayNoShows,
  purgeBookingContact,
  scheduledDaysOn,
  scheduledDaysUntil,
  updateDay,
  updateDayIn,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from './bookings.repo';
import { freePlace } from './booking.service';
import {
  dayView,
  requireDay,
  requireStationDeputies,
  requireVillage,
  type ContactsPurged,
} from './day.service';
import { findById, transaction } from '../db/collection';
import { fail, orFail } from '../errors';
import { contactRetentionDays } from '../opinion/opinions.service';
import { flushOutbox, queueMessage, type MessageRequest } from '../outbox';
import type { Caller } from '../pipeline';
import { getSchedule } from './schedules.repo';
import { STATIONS, VILLAGES } from '../station/stations.repo';

export type { ContactsPurged } from './day.service';

/** What the reception rules know of the caller. */
export const viewOf = (caller: Caller): CallerView => ({
  role: caller.role,
  deputyId: caller.user?.deputyId,
});

async function stationOf(code: string): Promise<Station | null> {
  return findById<Station>(STATIONS, code);
}

/** The `bookingChanged` message telling a booked villager what happened to their day. */
function bookingChanged(
  key: string,
  b: Pick<BookingRecord, 'openid'>,
  day: Pick<StoredDay, '_id' | 'stationCode' | 'date'>,
  station: Station | null,
  change: { result: string; reason: string },
): MessageRequest<'bookingChanged'> {
  return {
    key,
    openid: b.openid,
    template: 'bookingChanged',
    page: PAGES.myBookings,
    fields: {
      thing1: station?.name ?? day.stationCode,
      date2: messageDate(day.date),
      phrase3: change.result,
      thing4: change.reason,
    },
    ref: `receptionDay:${day._id}`,
  };
}

/**
 * Cancels every booking still active on a cancelled day, one transaction per booking (the booking's
 * status and its `bookingChanged` message together), then frees its place and lock. Safe to rerun:
 * only bookings still `booked` are touched, and a message key is queued once.
 */
export async function sweepCancelledDay(dayId: string, reason: string, now: Date): Promise<number> {
  const stored = await getDay(dayId);
  if (!stored || stored.status !== 'cancelled') return 0;
  const day = withSlots(stored);
  const station = await stationOf(day.stationCode);
  const bookings = await bookingsOfDay(dayId, 'booked');
  const messages: string[] = [];
  let cancelled = 0;
  for (const b of bookings) {
    const id = await transaction(async (tx) => {
      if (!(await cancelBookedIn(tx, b._id, now))) return null;
      const change = { result: '已取消', reason };
      return queueMessage(tx, bookingChanged(`dayCancelled:${b._id}`, b, day, station, change), now);
    });
    if (id === null) continue;
    cancelled++;
    messages.push(id);
    await freePlace(day, b);
  }
  await flushOutbox(messages, now);
  return cancelled;
}

/**
 * Tells every villager still booked on the day that the deputies on duty changed (a `bookingChanged`
 * message naming the new deputies). The key holds the new rota, so a retry of the same change sends
 * nothing twice, while a later change is told again.
 */
export async function notifyDutyChange(
  day: StoredDay & { _id: string },
  deputyNames: readonly string[],
  now: Date,
): Promise<number> {
  const station = await stationOf(day.stationCode);
  const bookings = await bookingsOfDay(day._id, 'booked');
  const rota = [...day.deputyIds].sort().join(',');
  const ids: string[] = [];
  for (const b of bookings) {
    const change = { result: '代表调整', reason: `值班代表：${deputyNames.join('、')}` };
    ids.push(
      await queueMessage(null, bookingChanged(`dutyChanged:${b._id}:${rota}`, b, day, station, change), now),
    );
  }
  await flushOutbox(ids, now);
  return ids.length;
}

/**
 * The scheduler's reminder job, at the time the presidium chose (booking.setSettings): the day before
 * (China time, from 08:00), or from two hours to one hour before the booked slot starts. One
 * `bookingReminder` per active booking, keyed `remind:<bookingId>` so later runs (or a change of the
 * setting) never queue it twice. Answers how many bookings were reminded (already queued ones included).
 */
export async function remindBookings(now: Date): Promise<number> {
  const { reminderLead } = await loadBookingSettings();
  const dates = datesToRemindAt(now, reminderLead);
  let reminded = 0;
  for (const date of dates) {
    for (const stored of await scheduledDaysOn(date)) {
      const day = withSlots(stored);
      const bookings = (await bookingsOfDay(day._id, 'booked')).filter(
        (b) => b.source !== 'walkIn' && isReminderDue(day.date, slotStart(day, b.slotId), reminderLead, now),
      );
      if (bookings.length === 0) continue;
      const station = await stationOf(day.stationCode);
      for (const b of bookings) {
        await queueMessage(
          null,
          {
            key: `remind:${b._id}`,
            openid: b.openid,
            template: 'bookingReminder',
            page: PAGES.myBookings,
            fields: {
              thing1: station?.name ?? day.stationCode,
              time2: `${messageDate(day.date)} ${slotStart(day, b.slotId)}`,
              thing3: station?.address ?? '',
              thing4: reminderTip(reminderLead, b.checkInCode),
            },
            ref: `receptionDay:${day._id}`,
          },
          now,
        );
        reminded++;
      }
    }
  }
  return reminded;
}

/** When a booking's slot starts ('HH:mm'): its slot's start, or the day's. */
function slotStart(day: { start: string; slots: { id: string; start: string }[] }, slotId: string): string {
  return day.slots.find((s) => s.id === slotId)?.start ?? day.start;
}

/**
 * The scheduler's no-show job: once a scheduled day's window has closed, its bookings still only
 * booked become `noShow`, its waiting list closes (nobody waits for a day that is over) and the day
 * becomes `done`. Answers how many bookings were marked.
 */
export async function markNoShows(now: Date): Promise<number> {
  const days = await scheduledDaysUntil(chinaDate(now));
  let marked = 0;
  for (const day of days) {
    if (now < dayEndsAt(day)) continue;
    marked += await markDayNoShows(day._id);
    await closeDayWaitlist(day._id, now);
    await updateDay(day._id, { status: 'done' }, { status: 'scheduled' });
  }
  return marked;
}

/**
 * The scheduler's retention job for reception: the names and phones villagers left with a booking or
 * at the desk (walk-ins) are removed on the same rule as an opinion's contact (core/privacy: the
 * retention period after the reception day ended). The day keeps what was removed as counts
 * (`contactsPurged`), shown in the roster and the record; the day's waiting-list entries (which carry
 * names and phones too) are removed. A day is purged once; answers how many
 * bookings lost their contact.
 */
export async function bookingContactPurge(now: Date): Promise<number> {
  const retention = contactRetentionDays();
  const days = await daysToPurgeUntil(chinaDate(contactPurgeCutoff(now, retention)));
  let purged = 0;
  for (const day of days) {
    if (!isContactPurgeDue(dayEndsAt(day), now, retention)) continue;
    const bookings = await bookingsOfDay(day._id);
    const tally: ContactsPurged = { bookings: 0, names: 0, phones: 0, at: now };
    for (const b of bookings) {
      if (b.name === undefined && b.phone === undefined) continue;
      if (!(await purgeBookingContact(b._id, now))) continue;
      tally.bookings++;
      if (b.name !== undefined) tally.names++;
      if (b.phone !== undefined) tally.phones++;
    }
    await removeDayWaitlist(day._id);
    await updateDay(day._id, { contactsPurged: tally });
    purged += tally.bookings;
  }
  return purged;
}

/**
 * Moves the scheduled reception days that now sit on a day off (a holiday declared after they were
 * made) by their station's holiday policy (its schedule's; a station without one: the next working
 * day), skipping the station's other days and its schedule's own dates. The day's new date and a
 * `bookingChanged` message to every villager booked on it — and every villager waiting for a place —
 * are written in one transaction, then sent.
 * `dates`: only days on these dates (the holidays just declared; any day there, hand-made too);
 * without it, every schedule-made day still to come (the scheduler's sweep). Idempotent: a moved day
 * is on a working day, and a message key names the booking and the new date. Answers how many days moved.
 */
export async function moveDaysOffHolidays(
  now: Date,
  calendar: ScheduleCalendar,
  dates?: readonly Ymd[],
): Promise<number> {
  const today = chinaDate(now);
  const candidates = await daysFrom(today, dates);
  let moved = 0;
  for (const day of candidates) {
    if (day.status !== 'scheduled' || (!dates && !day.key) || now >= dayStartsAt(day)) continue;
    if (calendar.isWorkingDay(day.date)) continue;
    const [schedule, station, others, bookings, waiting] = await Promise.all([
      getSchedule(day.stationCode),
      stationOf(day.stationCode),
      daysOfStationFrom(day.stationCode, today),
      bookingsOfDay(day._id, 'booked'),
      waitingOfDay(day._id),
    ]);
    const held = new Set(
      others.filter((d) => d._id !== day._id && d.status !== 'cancelled').map((d) => d.date),
    );
    const taken = (d: Ymd) => held.has(d) || (!!schedule && isScheduledDate(schedule, d));
    const move = moveOffHoliday(day.date, schedule?.holidayPolicy ?? 'nextWorkingDay', calendar, taken);
    if (!move) continue;
    const ids = await transaction(async (tx) => {
      const fresh = await getDayIn(tx, day._id);
      if (!fresh || fresh.status !== 'scheduled' || fresh.date !== day.date) return null;
      await updateDayIn(tx, day._id, {
        date: move.date,
        movedFrom: fresh.movedFrom ?? fresh.date,
        moveReason: move.moveReason,
        movedAt: now,
      });
      const change = { result: '改期', reason: `${move.moveReason}至${shortDate(move.date)}` };
      const queued: string[] = [];
      for (const b of bookings) {
        if (b.source === 'walkIn') continue;
        const req = bookingChanged(
          `dayMoved:${b._id}:${move.date}`,
          b,
          { ...day, date: move.date },
          station,
          change,
        );
        queued.push(await queueMessage(tx, req, now));
      }
      // Villagers waiting for a place hear of the new date too (they still wait, for that date).
      for (const w of waiting) {
        const req = bookingChanged(
          `dayMovedWaiting:${w._id}:${move.date}`,
          w,
          { ...day, date: move.date },
          station,
          change,
        );
        queued.push(await queueMessage(tx, req, now));
      }
      return queued;
    });
    if (ids === null) continue;
    moved++;
    await flushOutbox(ids, now);
  }
  return moved;
}

/** '2027-01-04' → '1月4日'. */
function shortDate(date: Ymd): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

// --- the station's days --------------------------------------------------------------------------

type Ctx = { caller: Caller; now: Date };

/** Changes the deputies on duty (until the day is over); every villager booked is told the new names. */
export async function changeDuty({ now }: Ctx, dayId: string, deputyIds: string[]) {
  const day = await requireDay(dayId);
  if (day.status === 'cancelled') fail('DAY_CANCELLED');
  if (day.status === 'done' || now >= dayEndsAt(day)) fail('DAY_PAST');
  const deputies = await requireStationDeputies(day.stationCode, deputyIds);
  const same = [...deputyIds].sort().join() === [...day.deputyIds].sort().join();
  if (same) return { ...dayView(day), villagersTold: 0 };
  await updateDay(dayId, { deputyIds });
  const names = deputyIds.map((id) => deputies.get(id) ?? id);
  const villagersTold = await notifyDutyChange({ ...day, deputyIds }, names, now);
  return { ...dayView({ ...day, deputyIds }), villagersTold };
}

/** Cancels a day before it starts and sweeps its bookings; a retry finishes what a failed call left. */
export async function cancelDay({ caller, now }: Ctx, dayId: string, reason: string) {
  const day = await requireDay(dayId);
  if (day.status !== 'cancelled') {
    if (day.status === 'done' || now >= dayStartsAt(day)) fail('DAY_STARTED');
    await updateDay(
      dayId,
      { status: 'cancelled', cancelReason: reason, cancelledAt: now, cancelledBy: caller.openid },
      { status: 'scheduled' },
    );
  }
  const stored = (await getDay(dayId)) as StoredDay & { cancelReason?: string };
  if (stored.status !== 'cancelled') fail('CONFLICT');
  const bookingsCancelled = await sweepCancelledDay(dayId, stored.cancelReason ?? reason, now);
  await clearDayWaitlist(dayId, stored.cancelReason ?? reason, now);
  return { dayId, status: 'cancelled' as const, bookingsCancelled };
}

/**
 * A station's days from two weeks back to five weeks ahead, every status (a deputy: only days on
 * duty), each saying whether villagers see it and, when not, why.
 */
export async function stationDays({ caller, now }: Ctx, stationCode: string) {
  const today = chinaDate(now);
  const days = await daysOfStationFrom(stationCode, addDays(today, -14));
  return days
    .filter((d) => d.date <= addDays(today, 35))
    .filter((d) => caller.role !== 'deputy' || checkOnDuty(d, caller.user?.deputyId ?? '').ok)
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start))
    .map((d) => {
      // The desk says when villagers cannot see a day (announced too late, or not yet).
      const { shown, notice } = villagerVisibility(d, today);
      return {
        ...dayView(withSlots(d)),
        isToday: d.date === today,
        shownToVillagers: shown,
        visibilityNotice: notice,
      };
    });
}

// --- check-in and walk-ins -----------------------------------------------------------------------

export interface CheckInInput {
  dayId?: string;
  code?: string;
  qr?: string;
}

/**
 * The pipeline scope of a check-in: the station of the day the scanned QR's booking is on, else of the
 * day named; null when neither names a day (the check-in then answers why).
 */
export async function checkInScope(input: CheckInInput): Promise<ScopeTarget | null> {
  const parsed = input.qr !== undefined ? parseCheckInQr(input.qr) : null;
  const booking = parsed?.ok ? await getBooking(parsed.value.bookingId) : null;
  const dayId = booking?.dayId ?? input.dayId;
  if (dayId === undefined) return null;
  const day = await getDay(dayId);
  return day ? { stationCode: day.stationCode } : null;
}

/** Checks a villager in by the code they show (dayId + code) or their scanned QR. */
export async function checkIn({ caller, now }: Ctx, input: CheckInInput) {
  const { booking, dayId } = await bookingToCheckIn(input);
  const day = await requireDay(dayId);
  orFail(checkReceives(viewOf(caller), day));
  const found = orFail(checkCheckIn(booking ?? undefined, day, now)) as BookingRecord;
  if (!(await markCheckedIn(found._id, caller.openid, now))) {
    const fresh = await getBooking(found._id);
    fail(
      fresh?.status === 'checkedIn'
        ? 'ALREADY_CHECKED_IN'
        : fresh?.status === 'cancelled'
          ? 'ALREADY_CANCELLED'
          : 'DAY_PAST',
    );
  }
  const village = await findById<Village>(VILLAGES, found.villageCode);
  return {
    bookingId: found._id,
    dayId,
    status: 'checkedIn' as const,
    name: found.name ?? null,
    topic: found.topic,
    villageName: village?.name ?? '',
  };
}

/** The booking a QR names (CHECKIN_CODE_INVALID unless its code matches), or the day's booking of a code. */
async function bookingToCheckIn(
  input: CheckInInput,
): Promise<{ booking: BookingRecord | null; dayId: string }> {
  if (input.qr !== undefined) {
    const { bookingId, code } = orFail(parseCheckInQr(input.qr));
    const booking = await getBooking(bookingId);
    if (!booking || booking.checkInCode !== code) fail('CHECKIN_CODE_INVALID');
    return { booking, dayId: booking.dayId };
  }
  if (!input.dayId || !input.code) {
    fail('BAD_INPUT', [{ path: 'code', message: '请扫描签到二维码或输入签到码' }]);
  }
  return { booking: await bookingByCode(input.dayId, normaliseCheckInCode(input.code)), dayId: input.dayId };
}

export interface WalkInInput {
  dayId: string;
  name: string;
  topic: string;
  villageCode: string;
  phone?: string;
}

/** A villager who came without booking, checked in at once; never takes a bookable place. */
export async function walkIn({ caller, now }: Ctx, input: WalkInInput) {
  const day = await requireDay(input.dayId);
  orFail(checkReceives(viewOf(caller), day));
  orFail(checkWalkIn(day, chinaDate(now)));
  await requireVillage(day.stationCode, input.villageCode);
  const bookingId = randomUUID().replace(/-/g, '');
  const booking: BookingRecord = {
    _id: bookingId,
    dayId: day._id,
    slotId: '',
    stationCode: day.stationCode,
    // No account: an id no WeChat user has, so it never shows in anyone's "my bookings".
    openid: `walk-in:${bookingId}`,
    status: 'checkedIn',
    checkInCode: '',
    source: 'walkIn',
    topic: input.topic,
    villageCode: input.villageCode,
    name: input.name,
    ...(input.phone && { phone: input.phone }),
    bookedAt: now,
    checkedInAt: now,
  };
  await transaction((tx) => insertWalkIn(tx, booking, caller.openid));
  return { bookingId, dayId: day._id, status: 'checkedIn' as const };
}
