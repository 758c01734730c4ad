/**
 * The station side of reception days: schedules and one-off days (presidium, or the station's own
 * admin), cancelling a day, changing the deputies on duty, check-in by code or QR, walk-ins, and the
 * reception record. A table of actions, each one call into server/booking. The station an input
 * touches is declared as `scope` and checked by the pipeline (NOT_YOUR_STATION); whether a deputy is on
 * duty that day is the use case's own rule.
 */
import { z } from 'zod';
import { BOOKER_NAME_MAX, TOPIC_MAX } from '../../../core/booking/booking.limits';
import type { SlotTemplate } from '../../../core/booking/booking.types';
import type { ScheduleRule } from '../../../core/booking/schedule.rules';
import { dayScope } from '../../../server/booking/day.service';
import { readRecord, recordForm, writeRecord } from '../../../server/booking/reception-record.service';
import {
  cancelDay,
  changeDuty,
  checkIn,
  checkInScope,
  stationDays,
  walkIn,
} from '../../../server/booking/reception.service';
import { addDay, scheduleOf, setSchedule } from '../../../server/booking/schedule.service';
import { action, requestIdField } from '../../../server/pipeline';
import { idField, mobileField, stationCodeField, ymdField } from '../../../server/schemas';

export const dayIdSchema = () => z.string().regex(/^[A-Za-z0-9_:-]{1,80}$/, '接待日编号格式不正确');
const hhmm = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
const weekdaySchema = () => z.number().int().min(1).max(5);
/** A slot's places: a whole number, or the explicit 'unlimited' (never 0). */
const capacitySchema = () => z.union([z.number().int().min(1).max(1000), z.literal('unlimited')]);
const slotSchema = () =>
  z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9]{1,8}$/, '时间段编号为1-8位字母或数字'),
    start: hhmm(),
    end: hhmm(),
    capacity: capacitySchema(),
  });
const deputyIdsSchema = () => z.array(idField()).min(1, '至少选择一位代表').max(10);
const nameSchema = () =>
  z.string().trim().min(1, '请填写姓名').max(BOOKER_NAME_MAX, `姓名最多${BOOKER_NAME_MAX}个字`);
const topicSchema = () =>
  z.string().trim().min(1, '请简要写下想反映的事情').max(TOPIC_MAX, `事由最多${TOPIC_MAX}个字`);

/** The station an input names directly. */
const byStation = ({ stationCode }: { stationCode: string }) => ({ stationCode });
/** The station of the reception day an input names. */
const byDay = ({ dayId }: { dayId: string }) => dayScope(dayId);

export const RECEPTION_ACTIONS = {
  getSchedule: action({
    summary: "A station's reception schedule (presidium: any station; station admin: their own), or null.",
    audience: ['stationAdmin', 'presidium'],
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    scope: byStation,
    run: (_ctx, { stationCode }) => scheduleOf(stationCode),
  }),

  setSchedule: action({
    summary:
      "Sets a station's recurring reception schedule (weekly; monthly on the nth weekday; or monthly on a day 1–31, the last day in shorter months, moved to the next working day when it is not one; window, slots with capacity or 'unlimited', rota, holiday policy) and stores its days for the coming weeks.",
    audience: ['stationAdmin', 'presidium'],
    input: () =>
      z.strictObject({
        stationCode: stationCodeField(),
        recurrence: z.discriminatedUnion('every', [
          z.strictObject({ every: z.literal('week'), weekday: weekdaySchema() }),
          z.strictObject({
            every: z.literal('month'),
            week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]),
            weekday: weekdaySchema(),
          }),
          // 每月15日: a real day 1–31; 29–31 fall on the last day of a shorter month (core/booking).
          z.strictObject({ every: z.literal('monthDay'), day: z.number().int().min(1).max(31) }),
        ]),
        start: hhmm(),
        end: hhmm(),
        slots: z.array(slotSchema()).min(1).max(8),
        rota: z.strictObject({
          deputyIds: z.array(idField()).min(1).max(20),
          perDay: z.number().int().min(1).max(5),
        }),
        holidayPolicy: z.enum(['nextWorkingDay', 'oneWeekLater']),
        startsOn: ymdField(),
        endsOn: ymdField().optional(),
      }),
    scope: byStation,
    run: (ctx, input) => setSchedule(ctx, input as ScheduleRule),
  }),

  addDay: action({
    summary:
      'Adds a one-off reception day to a station (id `${stationCode}:${date}`), at least NOTICE_DAYS (3) days ahead: it is announced (shown to villagers) as soon as it is stored.',
    audience: ['stationAdmin', 'presidium'],
    input: () =>
      z.strictObject({
        stationCode: stationCodeField(),
        date: ymdField(),
        start: hhmm(),
        end: hhmm(),
        slots: z.array(slotSchema()).min(1).max(8),
        deputyIds: deputyIdsSchema(),
      }),
    scope: byStation,
    run: (ctx, input) => addDay(ctx, { ...input, slots: input.slots as SlotTemplate[] }),
  }),

  changeDuty: action({
    summary:
      'Changes the deputies on duty on a reception day (until the day is over); every villager booked gets a bookingChanged message naming the new deputies.',
    audience: ['stationAdmin', 'presidium'],
    input: () => z.strictObject({ dayId: dayIdSchema(), deputyIds: deputyIdsSchema() }),
    scope: byDay,
    run: (ctx, { dayId, deputyIds }) => changeDuty(ctx, dayId, deputyIds),
  }),

  cancelDay: action({
    summary:
      'Cancels a reception day with a reason: every booking is cancelled, its place freed, and the villager gets a bookingChanged message. A retry finishes what a failed call left.',
    audience: ['stationAdmin', 'presidium'],
    input: () =>
      z.strictObject({
        dayId: dayIdSchema(),
        reason: z.string().trim().min(1, '请填写取消原因').max(20, '原因最多20个字'),
      }),
    scope: byDay,
    run: (ctx, { dayId, reason }) => cancelDay(ctx, dayId, reason),
  }),

  stationDays: action({
    summary:
      "A station's reception days from two weeks back to five weeks ahead, every status, for the station desk (a deputy sees only days on duty); each says whether villagers see it (shownToVillagers) and, when not, why (visibilityNotice: announced less than 3 days ahead, or from when it is shown).",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    scope: byStation,
    run: (ctx, { stationCode }) => stationDays(ctx, stationCode),
  }),

  checkIn: action({
    summary:
      "Checks a villager in on the day, by the short code they show (dayId + code) or the scanned QR payload (qr). Station admin of the day's station or a deputy on duty.",
    audience: ['deputy', 'stationAdmin'],
    input: () =>
      z.strictObject({
        dayId: dayIdSchema().optional(),
        code: z.string().trim().min(1).max(20).optional(),
        qr: z.string().trim().min(1).max(200).optional(),
      }),
    scope: (input) => checkInScope(input),
    run: (ctx, input) => checkIn(ctx, input),
  }),

  walkIn: action({
    summary:
      "Adds a villager who came without booking, checked in at once. Walk-ins never take a bookable place: capacity limits advance bookings only; they are counted in the day's walkIns.",
    audience: ['deputy', 'stationAdmin'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        dayId: dayIdSchema(),
        name: nameSchema(),
        topic: topicSchema(),
        villageCode: idField(),
        /** For a call back (no account, so no subscribe message): shown only in the station's roster. */
        phone: mobileField().optional(),
      }),
    scope: byDay,
    run: (ctx, input) => walkIn(ctx, input),
  }),

  record: action({
    summary:
      "The reception record of a day, at or after its end, by a deputy on duty or the station admin: who came (checked-in bookings and walk-ins), each matter raised (each becomes an opinion), and a duty record (type reception) for every deputy who served. Each matter names who raised it (`bookingId`: a booking or walk-in checked in that day, MATTER_NOT_ATTENDEE otherwise); its text defaults to their booking's topic and its village to theirs. The case is the booked villager's own (opinion.mine, get, messages, rating); a walk-in's (no account) is followed by the station, with the phone they left. Recording twice is refused with RECORD_EXISTS and duplicates nothing.",
    audience: ['deputy', 'stationAdmin'],
    idempotent: true,
    input: () =>
      z.strictObject({
        requestId: requestIdField(),
        dayId: dayIdSchema(),
        /** The deputies who served; default: those on duty (a deputy may name only those on duty). */
        deputyIds: deputyIdsSchema().optional(),
        summary: z.string().trim().max(500, '概况最多500个字').default(''),
        matters: z
          .array(
            z.strictObject({
              /** Who raised it: a booking or walk-in checked in that day (MATTER_NOT_ATTENDEE otherwise). */
              bookingId: idField(),
              /** Default: the attendee's village. */
              villageCode: idField().optional(),
              categoryCode: idField(),
              /** Default: the topic the attendee booked with (or told at the desk). */
              text: z.string().trim().max(500, '每个问题最多500个字').optional(),
            }),
          )
          .max(50),
      }),
    scope: byDay,
    run: (ctx, input) => writeRecord(ctx, input),
  }),

  recordForm: action({
    summary:
      'What the reception record form of a day needs: who came (checked in), the villages and opinion categories to pick, the deputies on duty, and the record if written.',
    audience: ['deputy', 'stationAdmin'],
    input: () => z.strictObject({ dayId: dayIdSchema() }),
    scope: byDay,
    run: ({ caller }, { dayId }) => recordForm(caller, dayId),
  }),

  getRecord: action({
    summary:
      "A day's reception record, for the station admin, the deputies on duty and the presidium; null if none yet.",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: () => z.strictObject({ dayId: dayIdSchema() }),
    scope: byDay,
    run: ({ caller }, { dayId }) => readRecord(caller, dayId),
  }),
};
