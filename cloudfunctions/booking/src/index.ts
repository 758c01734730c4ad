/**
 * Cloud function `booking`: villagers book a place on a reception day, see and cancel their bookings;
 * the station's roster of a day. A table of actions, each one call into server/booking.
 */
import { z } from 'zod';
import { BOOKER_NAME_MAX, TOPIC_MAX } from '../../../core/booking/booking.limits';
import { book, cancelBooking, listDays, myBookings, roster } from '../../../server/booking/booking.service';
import { dayScope } from '../../../server/booking/day.service';
import { action, defineFunction, requestIdSchema } from '../../../server/pipeline';
import { idSchema, mobileSchema, stationCodeSchema } from '../../../server/schemas';
import { RECEPTION_ACTIONS, dayIdSchema } from './reception.actions';

export const definition = defineFunction('booking', {
  listDays: action({
    summary: "A station's upcoming reception days villagers can book, with places left per day and slot.",
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: ({ now }, { stationCode }) => listDays(stationCode, now),
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
      topic: z.string().trim().min(1, '请简要写下想反映的事情').max(TOPIC_MAX, `事由最多${TOPIC_MAX}个字`),
      villageCode: idSchema,
      name: z.string().trim().min(1).max(BOOKER_NAME_MAX, `姓名最多${BOOKER_NAME_MAX}个字`).optional(),
      phone: mobileSchema.optional(),
    }),
    scope: 'caller',
    run: (ctx, input) => book(ctx, input),
  }),

  cancel: action({
    summary:
      'A villager cancels their own booking up to the cutoff before the day; the place returns to the pool.',
    audience: ['resident', 'deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ bookingId: idSchema }),
    scope: 'caller',
    run: (ctx, { bookingId }) => cancelBooking(ctx, bookingId),
  }),

  mine: action({
    summary: "The caller's bookings, newest day first, with check-in codes (phone masked).",
    audience: 'anyone',
    input: z.strictObject({}),
    run: ({ caller }) => myBookings(caller.openid),
  }),

  roster: action({
    summary:
      "A reception day's bookings for the station admin (full phone), the presidium and the deputies on duty (phone masked).",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: z.strictObject({ dayId: dayIdSchema }),
    scope: ({ dayId }) => dayScope(dayId),
    run: ({ caller }, { dayId }) => roster(caller, dayId),
  }),

  ...RECEPTION_ACTIONS,
});

export const main = definition.main;
