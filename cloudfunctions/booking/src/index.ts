/**
 * Cloud function `booking`: villagers book a place on a reception day, see and cancel their bookings;
 * the station's roster of a day. A table of actions, each one call into server/booking.
 */
import { z } from 'zod';
import { BOOKER_NAME_MAX, TOPIC_MAX } from '../../../core/booking/booking.limits';
import { book, cancelBooking, listDays, myBookings, roster } from '../../../server/booking/booking.service';
import { bookingSettings, setBookingSettings } from '../../../server/booking/booking-settings.service';
import { dayScope } from '../../../server/booking/day.service';
import { joinWaitlist, leaveWaitlist, myWaitlist } from '../../../server/booking/waitlist.service';
import { action, defineFunction, requestIdField } from '../../../server/pipeline';
import { idField, mobileField, stationCodeField } from '../../../server/schemas';
import { RECEPTION_ACTIONS, dayIdSchema } from './reception.actions';

/** Everyone with WeChat who may hold a place on a reception day (staff book as villagers do). */
const BOOKERS = ['resident', 'deputy', 'stationAdmin', 'presidium', 'department'] as const;

/** What the booking form sends: to book a place, or to wait for one on a full day. */
const bookingForm = () =>
  z.strictObject({
    requestId: requestIdField(),
    dayId: dayIdSchema(),
    slotId: idField().optional(),
    topic: z.string().trim().min(1, '请简要写下想反映的事情').max(TOPIC_MAX, `事由最多${TOPIC_MAX}个字`),
    villageCode: idField(),
    name: z.string().trim().min(1).max(BOOKER_NAME_MAX, `姓名最多${BOOKER_NAME_MAX}个字`).optional(),
    phone: mobileField().optional(),
  });

export const definition = defineFunction('booking', {
  listDays: action({
    summary: "A station's upcoming reception days villagers can book, with places left per day and slot.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    run: ({ now }, { stationCode }) => listDays(stationCode, now),
  }),

  book: action({
    summary:
      'A villager books a place on a reception day (one active booking per day). Capacity is taken atomically. Only days shown to villagers (at most NOTICE_HORIZON_DAYS = 30 days ahead, even by id; else DAY_NOT_OPEN), and at most heldPlaces days booked at once (admin.setLimits, default 3; BOOKINGS_HELD_LIMIT).',
    audience: BOOKERS,
    idempotent: true,
    keysItsRecord: true,
    input: () => bookingForm(),
    scope: 'caller',
    run: (ctx, input) => book(ctx, input),
  }),

  cancel: action({
    summary:
      'A villager cancels their own booking up to the cutoff before the day; the place returns to the pool.',
    audience: BOOKERS,
    input: () => z.strictObject({ bookingId: idField() }),
    scope: 'caller',
    run: (ctx, { bookingId }) => cancelBooking(ctx, bookingId),
  }),

  mine: action({
    summary: "The caller's bookings, newest day first, with check-in codes (phone masked).",
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: ({ caller }) => myBookings(caller.openid),
  }),

  roster: action({
    summary:
      "A reception day's bookings for the station admin (full phone), the presidium and the deputies on duty (phone masked).",
    audience: ['deputy', 'stationAdmin', 'presidium'],
    input: () => z.strictObject({ dayId: dayIdSchema() }),
    scope: ({ dayId }) => dayScope(dayId),
    run: ({ caller }, { dayId }) => roster(caller, dayId),
  }),

  joinWaitlist: action({
    summary:
      'A villager joins the waiting list (排队候补) of a full reception day or slot: one entry per villager per day (a second join answers the same entry; WAITLIST_NOT_FULL while places are left, ALREADY_BOOKED when they hold a booking that day). A freed place goes to the first waiting villager automatically, who gets a bookingChanged message (候补成功).',
    audience: BOOKERS,
    idempotent: true,
    input: () => bookingForm(),
    scope: 'caller',
    run: (ctx, input) => joinWaitlist(ctx, input),
  }),

  leaveWaitlist: action({
    summary:
      "A villager leaves a day's waiting list (leaving twice answers the same; WAITLIST_PROMOTED once the place is theirs: cancel the booking instead).",
    audience: BOOKERS,
    input: () => z.strictObject({ dayId: dayIdSchema() }),
    scope: 'caller',
    run: (ctx, { dayId }) => leaveWaitlist(ctx, dayId),
  }),

  myWaitlist: action({
    summary:
      "The caller's waiting-list entries for days to come, each with its position (排队候补第N位) or promoted (候补成功, with the booking).",
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: ({ caller, now }) => myWaitlist(caller.openid, now),
  }),

  getSettings: action({
    summary:
      "The presidium's booking settings: when reminders go out (reminderLead: dayBefore = the day before from 08:00, twoHoursBefore = 2 to 1 hours before the slot starts), with the choices.",
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: () => bookingSettings(),
  }),

  setSettings: action({
    summary:
      'The presidium sets when booking reminders go out (dayBefore or twoHoursBefore); the hourly scheduler follows it, and a booking is never reminded twice.',
    audience: ['presidium'],
    input: () => z.strictObject({ reminderLead: z.enum(['dayBefore', 'twoHoursBefore']) }),
    run: (ctx, input) => setBookingSettings(ctx, input),
  }),

  ...RECEPTION_ACTIONS,
});

export const main = definition.main;
