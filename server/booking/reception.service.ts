/**
 * What happens to a reception day's bookings over its life, besides booking itself: the station
 * cancels the day or changes its deputies (every villager booked is told), the reminder the day before, and the no-shows
 * after the day. Each step is idempotent: a rerun finds nothing left to do and sends nothing twice.
 */
import { PAGES } from '../../core/notify/pages';
import { dayEndsAt, dayStartsAt } from '../../core/booking/booking.rules';
import { isScheduledDate, moveOffHoliday, type ScheduleCalendar } from '../../core/booking/schedule.rules';
import { dayToRemindAt, messageDate } from '../../core/booking/reception.rules';
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import type { Station } from '../../core/station/station.types';
import { contactPurgeCutoff, isContactPurgeDue } from '../../core/privacy/contact.retention';
import {
  BOOKINGS,
  getDay,
  releaseLock,
  returnPlace,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from './bookings.repo';
import { command, findAll, findById, updateWhere, transaction } from '../db/collection';
import { contactRetentionDays } from '../opinion/opinions.service';
import { flushOutbox, queueMessage, type MessageRequest } from '../outbox';
import { getSchedule } from './schedules.repo';
import { RECEPTION_DAYS, STATIONS } from '../station/stations.repo';

async function stationOf(code: string): Promise<Station | null> {
  return findById<Station>(STATIONS, code);
}

/** The `bookingChanged` message telling a booked villager what happened to their day. */
function bookingChanged(
  key: string,
  b: BookingRecord,
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
  const bookings = await findAll<BookingRecord>(BOOKINGS, { dayId, status: 'booked' });
  const messages: string[] = [];
  let cancelled = 0;
  for (const b of bookings) {
    const id = await transaction(async (tx) => {
      const fresh = await tx.get<BookingRecord>(BOOKINGS, b._id);
      if (!fresh || fresh.status !== 'booked') return null;
      await tx.update(BOOKINGS, b._id, { status: 'cancelled', cancelledAt: now, cancelledBy: 'station' });
      const change = { result: '已取消', reason };
      return queueMessage(tx, bookingChanged(`dayCancelled:${b._id}`, b, day, station, change), now);
    });
    if (id === null) continue;
    cancelled++;
    messages.push(id);
    await returnPlace(day, b.slotId);
    await releaseLock(dayId, b.openid, b._id);
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
  const bookings = await findAll<BookingRecord>(BOOKINGS, { dayId: day._id, status: 'booked' });
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
 * The scheduler's reminder job: on the day before a reception day (China time, from 08:00), one `bookingReminder`
 * per active booking, keyed `remind:<bookingId>` so reruns that day never queue it twice. Answers how
 * many bookings were reminded (already queued ones included).
 */
export async function remindBookings(now: Date): Promise<number> {
  const date = dayToRemindAt(now);
  if (date === null) return 0;
  const days = await findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, { date, status: 'scheduled' });
  let reminded = 0;
  for (const day of days) {
    const station = await stationOf(day.stationCode);
    const bookings = await findAll<BookingRecord>(BOOKINGS, { dayId: day._id, status: 'booked' });
    for (const b of bookings) {
      if (b.source === 'walkIn') continue;
      await queueMessage(
        null,
        {
          key: `remind:${b._id}`,
          openid: b.openid,
          template: 'bookingReminder',
          page: PAGES.myBookings,
          fields: {
            thing1: station?.name ?? day.stationCode,
            time2: `${messageDate(day.date)} ${day.start}`,
            thing3: station?.address ?? '',
            thing4: `明天接待，签到码${b.checkInCode}`,
          },
          ref: `receptionDay:${day._id}`,
        },
        now,
      );
      reminded++;
    }
  }
  return reminded;
}

/**
 * The scheduler's no-show job: once a scheduled day's window has closed, its bookings still only
 * booked become `noShow` and the day becomes `done`. Answers how many bookings were marked.
 */
export async function markNoShows(now: Date): Promise<number> {
  const _ = command();
  const days = await findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
    status: 'scheduled',
    date: _.lte(chinaDate(now)),
  });
  let marked = 0;
  for (const day of days) {
    if (now < dayEndsAt(day)) continue;
    marked += await updateWhere(BOOKINGS, { dayId: day._id, status: 'booked' }, { status: 'noShow' });
    await updateWhere(RECEPTION_DAYS, { _id: day._id, status: 'scheduled' }, { status: 'done' });
  }
  return marked;
}

/** What a contact purge removed from a reception day's bookings and walk-ins: counts, never the data. */
export interface ContactsPurged {
  /** Bookings and walk-ins of the day whose contact was removed. */
  bookings: number;
  names: number;
  phones: number;
  at: Date;
}

/**
 * The scheduler's retention job for reception: the names and phones villagers left with a booking or
 * at the desk (walk-ins) are removed on the same rule as an opinion's contact (core/privacy: the
 * retention period after the reception day ended). The day keeps what was removed as counts
 * (`contactsPurged`), shown in the roster and the record. A day is purged once; answers how many
 * bookings lost their contact.
 */
export async function bookingContactPurge(now: Date): Promise<number> {
  const _ = command();
  const retention = contactRetentionDays();
  const cutoff = chinaDate(contactPurgeCutoff(now, retention));
  const days = await findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
    date: _.lte(cutoff),
    contactsPurged: _.exists(false),
  });
  let purged = 0;
  for (const day of days) {
    if (!isContactPurgeDue(dayEndsAt(day), now, retention)) continue;
    const bookings = await findAll<BookingRecord>(BOOKINGS, { dayId: day._id });
    const tally: ContactsPurged = { bookings: 0, names: 0, phones: 0, at: now };
    for (const b of bookings) {
      if (b.name === undefined && b.phone === undefined) continue;
      const n = await updateWhere(
        BOOKINGS,
        { _id: b._id },
        { name: _.remove(), phone: _.remove(), contactPurgedAt: now },
      );
      if (n !== 1) continue;
      tally.bookings++;
      if (b.name !== undefined) tally.names++;
      if (b.phone !== undefined) tally.phones++;
    }
    await updateWhere(RECEPTION_DAYS, { _id: day._id }, { contactsPurged: tally });
    purged += tally.bookings;
  }
  return purged;
}

/**
 * Moves the scheduled reception days that now sit on a day off (a holiday declared after they were
 * made) by their station's holiday policy (its schedule's; a station without one: the next working
 * day), skipping the station's other days and its schedule's own dates. The day's new date and a
 * `bookingChanged` message to every villager booked on it are written in one transaction, then sent.
 * `dates`: only days on these dates (the holidays just declared; any day there, hand-made too);
 * without it, every schedule-made day still to come (the scheduler's sweep). Idempotent: a moved day
 * is on a working day, and a message key names the booking and the new date. Answers how many days moved.
 */
export async function moveDaysOffHolidays(
  now: Date,
  calendar: ScheduleCalendar,
  dates?: readonly Ymd[],
): Promise<number> {
  const _ = command();
  const today = chinaDate(now);
  const candidates = await findAll<StoredDay & { _id: string }>(
    RECEPTION_DAYS,
    dates ? { date: _.in([...dates].filter((d) => d >= today)) } : { date: _.gte(today) },
  );
  let moved = 0;
  for (const day of candidates) {
    if (day.status !== 'scheduled' || (!dates && !day.key) || now >= dayStartsAt(day)) continue;
    if (calendar.isWorkingDay(day.date)) continue;
    const [schedule, station, others, bookings] = await Promise.all([
      getSchedule(day.stationCode),
      stationOf(day.stationCode),
      findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
        stationCode: day.stationCode,
        date: _.gte(today),
      }),
      findAll<BookingRecord>(BOOKINGS, { dayId: day._id, status: 'booked' }),
    ]);
    const held = new Set(
      others.filter((d) => d._id !== day._id && d.status !== 'cancelled').map((d) => d.date),
    );
    const taken = (d: Ymd) => held.has(d) || (!!schedule && isScheduledDate(schedule, d));
    const move = moveOffHoliday(day.date, schedule?.holidayPolicy ?? 'nextWorkingDay', calendar, taken);
    if (!move) continue;
    const ids = await transaction(async (tx) => {
      const fresh = await tx.get<StoredDay>(RECEPTION_DAYS, day._id);
      if (!fresh || fresh.status !== 'scheduled' || fresh.date !== day.date) return null;
      await tx.update(RECEPTION_DAYS, day._id, {
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
