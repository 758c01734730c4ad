/**
 * What happens to a reception day's bookings over its life, besides booking itself: the station
 * cancels the day or changes its deputies (every villager booked is told), the reminder the day before, and the no-shows
 * after the day. Each step is idempotent: a rerun finds nothing left to do and sends nothing twice.
 */
import { dayEndsAt } from '../core/booking/booking.rules';
import { dayToRemindAt, messageDate } from '../core/booking/reception.rules';
import { chinaDate } from '../core/calendar/china-time';
import type { Station } from '../core/station/station.types';
import { contactPurgeCutoff, isContactPurgeDue } from '../core/privacy/contact.retention';
import {
  BOOKINGS,
  getDay,
  releaseLock,
  returnPlace,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from './bookings.repo';
import { command, findAll, findById, updateWhere, transaction } from './db/collection';
import { contactRetentionDays } from './opinions.service';
import { flushOutbox, queueMessage, type MessageRequest } from './outbox';
import { RECEPTION_DAYS, STATIONS } from './stations.repo';

const MY_BOOKINGS_PAGE = 'pages/bookings/index';

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
    page: MY_BOOKINGS_PAGE,
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
          page: MY_BOOKINGS_PAGE,
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
