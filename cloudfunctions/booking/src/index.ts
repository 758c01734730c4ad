/** Cloud function `booking`: villagers book a place on a reception day, see and cancel their bookings. */
import { randomInt, randomUUID } from 'node:crypto';
import { checkHeldPlaces } from '../../../core/admin/abuse.limits';
import { loadLimits } from '../../../server/abuse-limits';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  CHECKIN_ALPHABET,
  CHECKIN_CODE_LENGTH,
  NOTICE_HORIZON_DAYS,
  checkBookable,
  checkCancellable,
  checkInCodeFrom,
  checkOnDuty,
  dayStartsAt,
  isAbandonedLock,
  placesLeft,
  slotToBook,
  villagerVisibility,
} from '../../../core/booking/booking.rules';
import { checkInQrPayload } from '../../../core/booking/reception.rules';
import type { Booking } from '../../../core/booking/booking.types';
import { addDays, chinaDate, dayLabel } from '../../../core/calendar/china-time';
import { maskPhone } from '../../../core/privacy/phone.mask';
import type { Station, Village } from '../../../core/station/station.types';
import { byDayAndStart, toDayCard } from '../../../core/station/station.view';
import {
  BOOKINGS,
  LEGACY_WHOLE_DAY_SLOT,
  WHOLE_DAY_SLOT,
  claimCheckInCode,
  claimLock,
  getBooking,
  getDay,
  getLock,
  lockIdOf,
  markCancelled,
  releaseLock,
  returnPlace,
  takePlace,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from '../../../server/booking/bookings.repo';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  insert,
  removeWhere,
} from '../../../server/db/collection';
import { fail, orFail } from '../../../server/errors';
import { action, defineFunction, requestIdSchema } from '../../../server/pipeline';
import { idSchema, mobileSchema, stationCodeSchema } from '../../../server/schemas';
import {
  RECEPTION_DAYS,
  STATIONS,
  VILLAGES,
  deputiesOf,
  getStation,
  upcomingDaysOf,
} from '../../../server/station/stations.repo';
import { RECEPTION_ACTIONS, dayIdSchema, dayView, requireDay } from './reception.actions';

/** Hours before a day's window opens after which a villager can no longer cancel (env BOOKING_CANCEL_CUTOFF_HOURS). */
export const DEFAULT_CANCEL_CUTOFF_HOURS = 2;

function cancelCutoffHours(): number {
  const n = Number(process.env.BOOKING_CANCEL_CUTOFF_HOURS);
  return process.env.BOOKING_CANCEL_CUTOFF_HOURS && Number.isFinite(n) && n >= 0
    ? n
    : DEFAULT_CANCEL_CUTOFF_HOURS;
}

const checkInCode = () =>
  checkInCodeFrom(Array.from({ length: CHECKIN_CODE_LENGTH }, () => randomInt(CHECKIN_ALPHABET.length)));

/** Places the person holds now: bookings not yet held, cancelled or missed. */
function heldBy(openid: string): Promise<number> {
  return count(BOOKINGS, { openid, status: 'booked' });
}

export const definition = defineFunction('booking', {
  listDays: action({
    summary: "A station's upcoming reception days villagers can book, with places left per day and slot.",
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ now }, { stationCode }) => {
      const station = await getStation(stationCode);
      if (!station) fail('STATION_NOT_FOUND');
      const today = chinaDate(now);
      const [days, deputies] = await Promise.all([
        upcomingDaysOf(stationCode, today, 50) as Promise<StoredDay[]>,
        deputiesOf(stationCode),
      ]);
      const names = new Map(deputies.map((d) => [d._id, d.name]));
      return days
        .filter(
          (d) =>
            // Within NOTICE_HORIZON_DAYS and announced in time (the staff desk says why not).
            dayStartsAt(d) > now && villagerVisibility(d, today).shown,
        )
        .sort(byDayAndStart)
        .map((stored) => {
          const d = withSlots(stored);
          return {
            ...toDayCard(d, names),
            slots: d.slots.map((s) => ({
              id: s.id,
              time: `${s.start}-${s.end}`,
              placesLeft: placesLeft(s),
            })),
            ...(d.movedFrom ? { movedFrom: d.movedFrom, moveReason: d.moveReason ?? null } : {}),
          };
        });
    },
  }),

  book: action({
    summary:
      'A villager books a place on a reception day (one active booking per day). Capacity is taken atomically. Only days shown to villagers (at most NOTICE_HORIZON_DAYS = 30 days ahead, even by id; else DAY_NOT_OPEN), and at most heldPlaces days booked at once (admin.setLimits, default 3; BOOKINGS_HELD_LIMIT).',
    audience: ['resident', 'deputy', 'stationAdmin', 'presidium'],
    idempotent: true,
    input: z.strictObject({
      requestId: requestIdSchema,
      dayId: dayIdSchema,
      slotId: idSchema.optional(),
      topic: z.string().trim().min(1, '请简要写下想反映的事情').max(50, '事由最多50个字'),
      villageCode: idSchema,
      name: z.string().trim().min(1).max(10, '姓名最多10个字').optional(),
      phone: mobileSchema.optional(),
    }),
    run: async ({ caller, now }, input) => {
      const day = await requireDay(input.dayId);
      // A day split into several times: the villager chooses one (nothing is picked for them).
      const chosen = slotToBook(day, asSlotOf(day, input.slotId));
      if (chosen === null) {
        fail('BAD_INPUT', [{ path: 'slotId', message: '这一天分几个时间段，请先选择一个时间段' }]);
      }
      const slotId = chosen;
      const village = await findById<Village>(VILLAGES, input.villageCode);
      if (!village) fail('BAD_INPUT', [{ path: 'villageCode', message: '请选择您所在的村（社区）' }]);

      const lock = await getLock(day._id, caller.openid);
      const existing = lock ? ((await getBooking(lock.bookingId)) ?? undefined) : undefined;
      orFail(checkBookable(day, slotId, existing, now));
      // Only days within the window villagers are shown (NOTICE_HORIZON_DAYS) can be booked, even by id.
      if (day.date > addDays(chinaDate(now), NOTICE_HORIZON_DAYS)) fail('DAY_NOT_OPEN');
      const { heldPlaces } = await loadLimits();
      orFail(checkHeldPlaces(await heldBy(caller.openid), heldPlaces));
      // An interrupted cancel or booking must not lock the villager out of the day for good.
      if (lock && isAbandonedLock(lock, existing, now)) {
        await releaseLock(day._id, caller.openid, lock.bookingId);
      }

      const bookingId = randomUUID().replace(/-/g, '');
      if (
        !(await claimLock({
          _id: lockIdOf(day._id, caller.openid),
          dayId: day._id,
          openid: caller.openid,
          bookingId,
          lockedAt: now,
        }))
      )
        fail('ALREADY_BOOKED');

      if (!(await takePlace(day, slotId))) {
        await releaseLock(day._id, caller.openid, bookingId);
        // Say why from what the day is now (cancelled meanwhile, or full).
        const fresh = await getDay(day._id);
        if (fresh) orFail(checkBookable(withSlots(fresh), slotId, undefined, now));
        fail('DAY_FULL');
      }

      let code: string;
      try {
        code = await claimCheckInCode(day._id, bookingId, checkInCode);
      } catch (err) {
        await returnPlace(day, slotId);
        await releaseLock(day._id, caller.openid, bookingId);
        throw err;
      }
      const booking: BookingRecord = {
        _id: bookingId,
        dayId: day._id,
        slotId,
        stationCode: day.stationCode,
        openid: caller.openid,
        status: 'booked',
        checkInCode: code,
        source: 'booking',
        topic: input.topic,
        villageCode: input.villageCode,
        ...(input.name ? { name: input.name } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        bookedAt: now,
      };
      try {
        await insert(BOOKINGS, { ...booking });
      } catch (err) {
        // Never leave a taken place without a booking.
        await returnPlace(day, slotId);
        await releaseLock(day._id, caller.openid, bookingId);
        throw err;
      }
      // Concurrent bookings of other days may have passed the check together: counted again now that
      // this one is written, and undone if together they hold more than the limit.
      if ((await heldBy(caller.openid)) > heldPlaces) {
        await removeWhere(BOOKINGS, { _id: bookingId, status: 'booked' });
        await returnPlace(day, slotId);
        await releaseLock(day._id, caller.openid, bookingId);
        fail('BOOKINGS_HELD_LIMIT');
      }
      return {
        bookingId,
        dayId: day._id,
        slotId,
        date: day.date,
        label: dayLabel(day.date),
        time: timeOf(day, slotId),
        status: booking.status,
        checkInCode: booking.checkInCode,
        phoneMasked: maskPhone(booking.phone),
      };
    },
  }),

  cancel: action({
    summary:
      'A villager cancels their own booking up to the cutoff before the day; the place returns to the pool.',
    audience: ['resident', 'deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ bookingId: idSchema }),
    run: async ({ caller, now }, { bookingId }) => {
      const booking = await getBooking(bookingId);
      if (!booking) fail('BOOKING_NOT_FOUND');
      const day = await requireDay(booking.dayId);
      orFail(checkCancellable(booking, day, caller.openid, now, cancelCutoffHours()));
      // The status changes once; only the call that changed it gives the place back.
      if (!(await markCancelled(bookingId, now))) {
        const fresh = await getBooking(bookingId);
        fail(fresh?.status === 'checkedIn' ? 'ALREADY_CHECKED_IN' : 'ALREADY_CANCELLED');
      }
      await returnPlace(day, booking.slotId);
      await releaseLock(booking.dayId, booking.openid, bookingId);
      return { bookingId, status: 'cancelled' as const };
    },
  }),

  mine: action({
    summary: "The caller's bookings, newest day first, with check-in codes (phone masked).",
    audience: 'anyone',
    input: z.strictObject({}),
    run: async ({ caller }) => {
      const bookings = await findMany<BookingRecord>(
        BOOKINGS,
        { openid: caller.openid },
        { orderBy: [['bookedAt', 'desc']], limit: 100 },
      );
      if (bookings.length === 0) return [];
      const _ = command();
      const dayIds = [...new Set(bookings.map((b) => b.dayId))];
      const codes = [...new Set(bookings.map((b) => b.stationCode))];
      const [days, stations] = await Promise.all([
        findMany<StoredDay>(RECEPTION_DAYS, { _id: _.in(dayIds) }),
        findMany<Station>(STATIONS, { code: _.in(codes) }),
      ]);
      const dayById = new Map(days.map((d) => [d._id, withSlots(d)]));
      const stationName = new Map(stations.map((s) => [s.code, s.name]));
      const rows = bookings.map((b) => {
        const day = dayById.get(b.dayId);
        return {
          bookingId: b._id,
          dayId: b.dayId,
          date: day?.date ?? '',
          label: day ? dayLabel(day.date) : '',
          time: day ? timeOf(day, b.slotId) : '',
          dayStatus: day?.status ?? null,
          stationCode: b.stationCode,
          stationName: stationName.get(b.stationCode) ?? '',
          status: b.status,
          checkInCode: b.status === 'booked' ? b.checkInCode : null,
          topic: b.topic,
          villageCode: b.villageCode,
          name: b.name ?? null,
          phoneMasked: maskPhone(b.phone),
          /** What the check-in QR encodes, and the QR itself as a PNG data URL (active bookings only). */
          qrPayload: b.status === 'booked' ? checkInQrPayload(b._id, b.checkInCode) : null,
          qrDataUrl: null as string | null,
        };
      });
      // The QR is drawn for bookings still to come (a PNG of a few hundred bytes each).
      await Promise.all(
        rows.map(async (r) => {
          if (r.qrPayload) r.qrDataUrl = await QRCode.toDataURL(r.qrPayload, { margin: 1, width: 240 });
        }),
      );
      return rows.sort((a, b) => b.date.localeCompare(a.date));
    },
  }),

  roster: action({
    summary:
      "A reception day's bookings for the station admin (full phone), the presidium and the deputies on duty (phone masked).",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ dayId: dayIdSchema }),
    run: async ({ caller }, { dayId }) => {
      const day = await requireDay(dayId);
      if (caller.role === 'stationAdmin' && caller.user?.stationCode !== day.stationCode) fail('FORBIDDEN');
      if (caller.role === 'deputy') orFail(checkOnDuty(day, caller.user?.deputyId ?? ''));
      // Phones are shown in full only in the station admin's roster: the admin calls villagers.
      const fullPhone = caller.role === 'stationAdmin';
      const [bookings, villages] = await Promise.all([
        findAll<BookingRecord>(BOOKINGS, { dayId }),
        findAll<Village & { _id: string }>(VILLAGES, { stationCode: day.stationCode }),
      ]);
      const villageName = new Map(villages.map((v) => [v.code, v.name]));
      const order: Record<Booking['status'], number> = { booked: 0, checkedIn: 1, noShow: 2, cancelled: 3 };
      return {
        ...dayView(day),
        bookings: bookings
          .sort(
            (a, b) =>
              order[a.status] - order[b.status] ||
              new Date(a.bookedAt).getTime() - new Date(b.bookedAt).getTime(),
          )
          .map((b) => ({
            bookingId: b._id,
            slotId: b.slotId,
            time: timeOf(day, b.slotId),
            status: b.status,
            topic: b.topic,
            villageCode: b.villageCode,
            villageName: villageName.get(b.villageCode) ?? '',
            name: b.name ?? null,
            phone: fullPhone ? (b.phone ?? null) : null,
            phoneMasked: maskPhone(b.phone),
            walkIn: b.source === 'walkIn',
          })),
      };
    },
  }),

  ...RECEPTION_ACTIONS,
});

export const main = definition.main;

function timeOf(
  day: { start: string; end: string; slots: { id: string; start: string; end: string }[] },
  slotId: string,
): string {
  const slot = day.slots.find((s) => s.id === slotId);
  return slot ? `${slot.start}-${slot.end}` : `${day.start}-${day.end}`;
}

/** A slot id as the day knows it: 'all', the whole-window slot's id before it was 'a', still books it. */
function asSlotOf(day: { implicitSlot: boolean }, slotId: string | undefined): string | undefined {
  return day.implicitSlot && slotId === LEGACY_WHOLE_DAY_SLOT ? WHOLE_DAY_SLOT : slotId;
}
