/**
 * The station side of reception days: schedules and one-off days (presidium, or the station's own
 * admin), cancelling a day, changing the deputies on duty, check-in by code or QR, walk-ins, and the
 * reception record. Every action checks role AND ownership: a station admin only for their station,
 * a deputy only on days they are on duty.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  checkCheckIn,
  checkOnDuty,
  checkRecordable,
  dayEndsAt,
  checkNewDayDate,
  dayStartsAt,
  normaliseCheckInCode,
  placesLeft,
  villagerVisibility,
} from '../../../core/booking/booking.rules';
import type { ReceptionDay, SlotTemplate } from '../../../core/booking/booking.types';
import {
  checkManagesStation,
  checkReceives,
  checkServedBy,
  checkWalkIn,
  parseCheckInQr,
  type CallerView,
} from '../../../core/booking/reception.rules';
import {
  checkSchedule,
  describeSchedule,
  totalCapacity,
  type ScheduleRule,
} from '../../../core/booking/schedule.rules';
import { addDays, chinaDate, dayLabel } from '../../../core/calendar/china-time';
import type { Village } from '../../../core/station/station.types';
import {
  BOOKINGS,
  bookingByCode,
  getBooking,
  getDay,
  markCheckedIn,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from '../../../server/booking/bookings.repo';
import { loadCalendar } from '../../../server/calendar';
import {
  command,
  findAll,
  findById,
  insert,
  isDuplicateKey,
  transaction,
  updateWhere,
} from '../../../server/db/collection';
import { recordSystemDuty } from '../../../server/duty/duty-records.repo';
import { fail, orFail } from '../../../server/errors';
import { CATEGORIES } from '../../../server/opinion/opinions.repo';
import { action, requestIdSchema, type Caller } from '../../../server/pipeline';
import {
  notifyDutyChange,
  sweepCancelledDay,
  type ContactsPurged,
} from '../../../server/booking/reception.service';
import {
  RECEPTION_RECORDS,
  createMatterOpinions,
  type ReceptionMatter,
  type ReceptionRecord,
} from '../../../server/booking/reception-records.repo';
import { SCHEDULES, dayIdOf, getSchedule, materialiseStation } from '../../../server/booking/schedules.repo';
import { idSchema, mobileSchema, requireDateIn, stationCodeSchema, ymdSchema } from '../../../server/schemas';
import { RECEPTION_DAYS, VILLAGES, deputiesOf, getStation } from '../../../server/station/stations.repo';

export const dayIdSchema = z.string().regex(/^[A-Za-z0-9_:-]{1,80}$/, '接待日编号格式不正确');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
const weekdaySchema = z.number().int().min(1).max(5);
/** A slot's places: a whole number, or the explicit 'unlimited' (never 0). */
const capacitySchema = z.union([z.number().int().min(1).max(1000), z.literal('unlimited')]);
const slotSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9]{1,8}$/, '时间段编号为1-8位字母或数字'),
  start: hhmm,
  end: hhmm,
  capacity: capacitySchema,
});
const deputyIdsSchema = z.array(idSchema).min(1, '至少选择一位代表').max(10);
const nameSchema = z.string().trim().min(1, '请填写姓名').max(10, '姓名最多10个字');
const topicSchema = z.string().trim().min(1, '请简要写下想反映的事情').max(50, '事由最多50个字');

const viewOf = (caller: Caller): CallerView => ({
  role: caller.role,
  stationCode: caller.user?.stationCode,
  deputyId: caller.user?.deputyId,
});

async function requireStation(stationCode: string): Promise<void> {
  if (!(await getStation(stationCode))) fail('STATION_NOT_FOUND');
}

/** Every id must be an active deputy of the station (answers the station's deputies' names by id). */
async function requireStationDeputies(
  stationCode: string,
  deputyIds: readonly string[],
): Promise<Map<string, string>> {
  const ours = new Map((await deputiesOf(stationCode)).map((d) => [d._id, d.name]));
  if (new Set(deputyIds).size !== deputyIds.length || !deputyIds.every((id) => ours.has(id))) {
    fail('DEPUTY_NOT_OF_STATION');
  }
  return ours;
}

export async function requireDay(dayId: string): Promise<ReceptionDay & { implicitSlot: boolean }> {
  const stored = await getDay(dayId);
  if (!stored) fail('DAY_NOT_FOUND');
  return withSlots(stored);
}

async function requireVillage(stationCode: string, villageCode: string): Promise<void> {
  const village = await findById<Village>(VILLAGES, villageCode);
  if (!village || village.stationCode !== stationCode) fail('VILLAGE_NOT_FOUND');
}

/** A reception day as the station desk shows it (also the head of the roster). */
export function dayView(
  day: ReceptionDay & { walkIns?: number; cancelReason?: string; contactsPurged?: ContactsPurged },
) {
  return {
    dayId: day._id,
    stationCode: day.stationCode,
    date: day.date,
    label: dayLabel(day.date),
    time: `${day.start}-${day.end}`,
    deputyIds: day.deputyIds,
    status: day.status,
    capacity: day.capacity,
    booked: day.booked,
    placesLeft: placesLeft(day),
    walkIns: day.walkIns ?? 0,
    cancelReason: day.cancelReason ?? null,
    /** What the retention purge removed from the day's bookings and walk-ins (counts only), or null. */
    contactsPurged: day.contactsPurged
      ? {
          bookings: day.contactsPurged.bookings,
          names: day.contactsPurged.names,
          phones: day.contactsPurged.phones,
        }
      : null,
  };
}

export const RECEPTION_ACTIONS = {
  getSchedule: action({
    summary: "A station's reception schedule (presidium: any station; station admin: their own), or null.",
    audience: ['stationAdmin', 'presidium'],
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ caller }, { stationCode }) => {
      orFail(checkManagesStation(viewOf(caller), stationCode));
      const schedule = await getSchedule(stationCode);
      if (!schedule) return null;
      const { _id, updatedBy, ...rule } = schedule;
      void _id;
      void updatedBy;
      return { ...rule, description: describeSchedule(rule) };
    },
  }),

  setSchedule: action({
    summary:
      "Sets a station's recurring reception schedule (weekly; monthly on the nth weekday; or monthly on a day 1–31, the last day in shorter months, moved to the next working day when it is not one; window, slots with capacity or 'unlimited', rota, holiday policy) and stores its days for the coming weeks.",
    audience: ['stationAdmin', 'presidium'],
    input: z.strictObject({
      stationCode: stationCodeSchema,
      recurrence: z.discriminatedUnion('every', [
        z.strictObject({ every: z.literal('week'), weekday: weekdaySchema }),
        z.strictObject({
          every: z.literal('month'),
          week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]),
          weekday: weekdaySchema,
        }),
        // 每月15日: a real day 1–31; 29–31 fall on the last day of a shorter month (core/booking).
        z.strictObject({ every: z.literal('monthDay'), day: z.number().int().min(1).max(31) }),
      ]),
      start: hhmm,
      end: hhmm,
      slots: z.array(slotSchema).min(1).max(8),
      rota: z.strictObject({
        deputyIds: z.array(idSchema).min(1).max(20),
        perDay: z.number().int().min(1).max(5),
      }),
      holidayPolicy: z.enum(['nextWorkingDay', 'oneWeekLater']),
      startsOn: ymdSchema,
      endsOn: ymdSchema.optional(),
    }),
    run: async ({ caller, now }, input) => {
      orFail(checkManagesStation(viewOf(caller), input.stationCode));
      await requireStation(input.stationCode);
      const rule: ScheduleRule = orFail(checkSchedule({ ...input } as ScheduleRule));
      requireDateIn('scheduleStart', rule.startsOn, chinaDate(now));
      if (rule.endsOn !== undefined) requireDateIn('scheduleEnd', rule.endsOn, chinaDate(now));
      await requireStationDeputies(input.stationCode, rule.rota.deputyIds);
      await transaction((tx) =>
        tx.set(SCHEDULES, input.stationCode, { ...rule, updatedAt: now, updatedBy: caller.openid }),
      );
      const daysMade = await materialiseStation(rule, now, await loadCalendar());
      return { stationCode: rule.stationCode, description: describeSchedule(rule), daysMade };
    },
  }),

  addDay: action({
    summary:
      'Adds a one-off reception day to a station (id `${stationCode}:${date}`), at least NOTICE_DAYS (3) days ahead: it is announced (shown to villagers) as soon as it is stored.',
    audience: ['stationAdmin', 'presidium'],
    input: z.strictObject({
      stationCode: stationCodeSchema,
      date: ymdSchema,
      start: hhmm,
      end: hhmm,
      slots: z.array(slotSchema).min(1).max(8),
      deputyIds: deputyIdsSchema,
    }),
    run: async ({ caller, now }, input) => {
      orFail(checkManagesStation(viewOf(caller), input.stationCode));
      await requireStation(input.stationCode);
      // The window and slots follow the same rules as a schedule's.
      orFail(
        checkSchedule({
          stationCode: input.stationCode,
          recurrence: { every: 'week', weekday: 1 },
          start: input.start,
          end: input.end,
          slots: input.slots as SlotTemplate[],
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
      try {
        await insert(RECEPTION_DAYS, { ...day, createdBy: caller.openid, createdAt: now });
      } catch (err) {
        if (isDuplicateKey(err)) fail('DAY_EXISTS');
        throw err;
      }
      return dayView(day);
    },
  }),

  changeDuty: action({
    summary:
      'Changes the deputies on duty on a reception day (until the day is over); every villager booked gets a bookingChanged message naming the new deputies.',
    audience: ['stationAdmin', 'presidium'],
    input: z.strictObject({ dayId: dayIdSchema, deputyIds: deputyIdsSchema }),
    run: async ({ caller, now }, { dayId, deputyIds }) => {
      const day = await requireDay(dayId);
      orFail(checkManagesStation(viewOf(caller), day.stationCode));
      if (day.status === 'cancelled') fail('DAY_CANCELLED');
      if (day.status === 'done' || now >= dayEndsAt(day)) fail('DAY_PAST');
      const deputies = await requireStationDeputies(day.stationCode, deputyIds);
      const same = [...deputyIds].sort().join() === [...day.deputyIds].sort().join();
      if (same) return { ...dayView(day), villagersTold: 0 };
      await updateWhere(RECEPTION_DAYS, { _id: dayId }, { deputyIds });
      const names = deputyIds.map((id) => deputies.get(id) ?? id);
      const villagersTold = await notifyDutyChange({ ...day, deputyIds }, names, now);
      return { ...dayView({ ...day, deputyIds }), villagersTold };
    },
  }),

  cancelDay: action({
    summary:
      'Cancels a reception day with a reason: every booking is cancelled, its place freed, and the villager gets a bookingChanged message. A retry finishes what a failed call left.',
    audience: ['stationAdmin', 'presidium'],
    input: z.strictObject({
      dayId: dayIdSchema,
      reason: z.string().trim().min(1, '请填写取消原因').max(20, '原因最多20个字'),
    }),
    run: async ({ caller, now }, { dayId, reason }) => {
      const day = await requireDay(dayId);
      orFail(checkManagesStation(viewOf(caller), day.stationCode));
      if (day.status !== 'cancelled') {
        if (day.status === 'done' || now >= dayStartsAt(day)) fail('DAY_STARTED');
        await updateWhere(
          RECEPTION_DAYS,
          { _id: dayId, status: 'scheduled' },
          { status: 'cancelled', cancelReason: reason, cancelledAt: now, cancelledBy: caller.openid },
        );
      }
      const stored = (await getDay(dayId)) as StoredDay & { cancelReason?: string };
      if (stored.status !== 'cancelled') fail('CONFLICT');
      const bookingsCancelled = await sweepCancelledDay(dayId, stored.cancelReason ?? reason, now);
      return { dayId, status: 'cancelled' as const, bookingsCancelled };
    },
  }),

  stationDays: action({
    summary:
      "A station's reception days from two weeks back to five weeks ahead, every status, for the station desk (a deputy sees only days on duty); each says whether villagers see it (shownToVillagers) and, when not, why (visibilityNotice: announced less than 3 days ahead, or from when it is shown).",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ caller, now }, { stationCode }) => {
      if (caller.role !== 'deputy') orFail(checkManagesStation(viewOf(caller), stationCode));
      const _ = command();
      const today = chinaDate(now);
      const days = await findAll<StoredDay & { _id: string }>(RECEPTION_DAYS, {
        stationCode,
        date: _.gte(addDays(today, -14)),
      });
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
    },
  }),

  checkIn: action({
    summary:
      "Checks a villager in on the day, by the short code they show (dayId + code) or the scanned QR payload (qr). Station admin of the day's station or a deputy on duty.",
    audience: ['deputy', 'stationAdmin'],
    input: z.strictObject({
      dayId: dayIdSchema.optional(),
      code: z.string().trim().min(1).max(20).optional(),
      qr: z.string().trim().min(1).max(200).optional(),
    }),
    run: async ({ caller, now }, input) => {
      let booking: BookingRecord | null;
      let dayId: string;
      if (input.qr !== undefined) {
        const { bookingId, code } = orFail(parseCheckInQr(input.qr));
        booking = await getBooking(bookingId);
        if (!booking || booking.checkInCode !== code) fail('CHECKIN_CODE_INVALID');
        dayId = booking.dayId;
      } else {
        if (!input.dayId || !input.code) {
          fail('BAD_INPUT', [{ path: 'code', message: '请扫描签到二维码或输入签到码' }]);
        }
        dayId = input.dayId;
        booking = await bookingByCode(dayId, normaliseCheckInCode(input.code));
      }
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
    },
  }),

  walkIn: action({
    summary:
      "Adds a villager who came without booking, checked in at once. Walk-ins never take a bookable place: capacity limits advance bookings only; they are counted in the day's walkIns.",
    audience: ['deputy', 'stationAdmin'],
    idempotent: true,
    input: z.strictObject({
      requestId: requestIdSchema,
      dayId: dayIdSchema,
      name: nameSchema,
      topic: topicSchema,
      villageCode: idSchema,
      /** For a call back (no account, so no subscribe message): shown only in the station's roster. */
      phone: mobileSchema.optional(),
    }),
    run: async ({ caller, now }, input) => {
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
      await transaction(async (tx) => {
        const { _id, ...doc } = booking;
        await tx.set(BOOKINGS, _id, { ...doc, checkedInBy: caller.openid });
        const fresh = await tx.get<{ walkIns?: number }>(RECEPTION_DAYS, day._id);
        await tx.update(RECEPTION_DAYS, day._id, { walkIns: (fresh?.walkIns ?? 0) + 1 });
      });
      return { bookingId, dayId: day._id, status: 'checkedIn' as const };
    },
  }),

  record: action({
    summary:
      "The reception record of a day, at or after its end, by a deputy on duty or the station admin: who came (checked-in bookings and walk-ins), each matter raised (each becomes an opinion), and a duty record (type reception) for every deputy who served. Each matter names who raised it (`bookingId`: a booking or walk-in checked in that day, MATTER_NOT_ATTENDEE otherwise); its text defaults to their booking's topic and its village to theirs. The case is the booked villager's own (opinion.mine, get, messages, rating); a walk-in's (no account) is followed by the station, with the phone they left. Recording twice is refused with RECORD_EXISTS and duplicates nothing.",
    audience: ['deputy', 'stationAdmin'],
    idempotent: true,
    input: z.strictObject({
      requestId: requestIdSchema,
      dayId: dayIdSchema,
      /** The deputies who served; default: those on duty (a deputy may name only those on duty). */
      deputyIds: deputyIdsSchema.optional(),
      summary: z.string().trim().max(500, '概况最多500个字').default(''),
      matters: z
        .array(
          z.strictObject({
            /** Who raised it: a booking or walk-in checked in that day (MATTER_NOT_ATTENDEE otherwise). */
            bookingId: idSchema,
            /** Default: the attendee's village. */
            villageCode: idSchema.optional(),
            categoryCode: idSchema,
            /** Default: the topic the attendee booked with (or told at the desk). */
            text: z.string().trim().max(500, '每个问题最多500个字').optional(),
          }),
        )
        .max(50),
    }),
    run: async ({ caller, now }, input) => {
      const day = await requireDay(input.dayId);
      orFail(checkReceives(viewOf(caller), day));
      const existing = await findById<ReceptionRecord>(RECEPTION_RECORDS, day._id);
      if (existing && existing.matters.some((m) => m.opinionId === null)) {
        // A record whose opinions were not all made (a failed call): finish it instead of refusing.
        const matters = await createMatterOpinions(existing, now);
        if (matters.some((m) => m.opinionId !== null)) {
          await updateWhere(RECEPTION_RECORDS, { _id: day._id }, { matters });
        }
      }
      orFail(checkRecordable(day, !!existing, now));
      const deputyIds = input.deputyIds ?? day.deputyIds;
      orFail(checkServedBy(viewOf(caller), day, deputyIds));
      await requireStationDeputies(day.stationCode, deputyIds);
      const attendees = await findAll<BookingRecord>(BOOKINGS, { dayId: day._id, status: 'checkedIn' });
      const attendee = new Map(attendees.map((b) => [b._id, b]));
      const matters: ReceptionMatter[] = [];
      for (const [i, m] of input.matters.entries()) {
        // Each matter belongs to the villager who raised it: someone checked in that day.
        const by = attendee.get(m.bookingId);
        if (!by) fail('MATTER_NOT_ATTENDEE', { n: i + 1, bookingId: m.bookingId });
        const villageCode = m.villageCode ?? by.villageCode;
        await requireVillage(day.stationCode, villageCode);
        if (!(await findById(CATEGORIES, m.categoryCode))) fail('CATEGORY_NOT_FOUND');
        const text = m.text || by.topic;
        matters.push({
          n: i + 1,
          bookingId: by._id,
          villageCode,
          categoryCode: m.categoryCode,
          text,
          opinionId: null,
        });
      }
      const record: ReceptionRecord = {
        _id: day._id,
        dayId: day._id,
        stationCode: day.stationCode,
        date: day.date,
        deputyIds,
        attendeeIds: attendees.map((b) => b._id),
        peopleReached: attendees.length,
        summary: input.summary,
        matters,
        recordedBy: caller.openid,
        recordedAt: now,
      };
      const written = await transaction(async (tx) => {
        if (await tx.get(RECEPTION_RECORDS, day._id)) return false;
        const { _id, ...doc } = record;
        await tx.set(RECEPTION_RECORDS, _id, { ...doc });
        for (const deputyId of deputyIds) {
          await recordSystemDuty(
            tx,
            {
              deputyId,
              stationCode: day.stationCode,
              type: 'reception',
              date: day.date,
              description: `联络站接待日接待群众${record.peopleReached}人，收集问题${record.matters.length}件`,
              peopleReached: record.peopleReached,
              sourceRef: `reception:${day._id}`,
            },
            now,
          );
        }
        return true;
      });
      if (!written) fail('RECORD_EXISTS');
      const made = await createMatterOpinions(record, now);
      if (made.some((m) => m.opinionId !== null)) {
        await updateWhere(RECEPTION_RECORDS, { _id: day._id }, { matters: made });
      }
      return {
        dayId: day._id,
        peopleReached: record.peopleReached,
        deputyIds,
        matters: made.map((m) => ({ n: m.n, bookingId: m.bookingId ?? null, opinionId: m.opinionId })),
      };
    },
  }),

  recordForm: action({
    summary:
      'What the reception record form of a day needs: who came (checked in), the villages and opinion categories to pick, the deputies on duty, and the record if written.',
    audience: ['deputy', 'stationAdmin'],
    input: z.strictObject({ dayId: dayIdSchema }),
    run: async ({ caller }, { dayId }) => {
      const day = await requireDay(dayId);
      orFail(checkReceives(viewOf(caller), day));
      const [attendees, villages, categories, deputies, record] = await Promise.all([
        findAll<BookingRecord>(BOOKINGS, { dayId, status: 'checkedIn' }),
        findAll<Village & { _id: string }>(VILLAGES, { stationCode: day.stationCode }),
        findAll<{ _id: string; code: string; name: string; active?: boolean }>(CATEGORIES, {}),
        deputiesOf(day.stationCode),
        findById<ReceptionRecord>(RECEPTION_RECORDS, dayId),
      ]);
      const villageName = new Map(villages.map((v) => [v.code, v.name]));
      return {
        day: dayView(day),
        attendees: attendees.map((b) => ({
          bookingId: b._id,
          name: b.name ?? null,
          topic: b.topic,
          villageCode: b.villageCode,
          villageName: villageName.get(b.villageCode) ?? '',
          walkIn: b.source === 'walkIn',
        })),
        villages: villages.map((v) => ({ code: v.code, name: v.name })),
        categories: categories
          .filter((c) => c.active !== false)
          .map((c) => ({ code: c.code ?? c._id, name: c.name })),
        deputies: deputies
          .filter((d) => day.deputyIds.includes(d._id))
          .map((d) => ({ id: d._id, name: d.name })),
        recorded: record !== null,
      };
    },
  }),

  getRecord: action({
    summary:
      "A day's reception record, for the station admin, the deputies on duty and the presidium; null if none yet.",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ dayId: dayIdSchema }),
    run: async ({ caller }, { dayId }) => {
      const day = await requireDay(dayId);
      if (caller.role !== 'presidium') orFail(checkReceives(viewOf(caller), day));
      const record = await findById<ReceptionRecord>(RECEPTION_RECORDS, dayId);
      if (!record) return null;
      const { recordedBy, ...rest } = record;
      void recordedBy;
      // The record's totals say what the retention purge removed from who came (counts, never the data).
      return { ...rest, contactsPurged: dayView(day).contactsPurged };
    },
  }),
};
