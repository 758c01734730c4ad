/**
 * The presidium's booking settings: when reminders go out (提前一天 / 提前两小时). Read by the
 * presidium's page and the scheduler's reminder job; changed by the presidium only.
 */
import {
  REMINDER_LEADS,
  REMINDER_LEAD_LABELS,
  checkBookingSettings,
  type BookingSettings,
} from '../../core/booking/reception.rules';
import { orFail } from '../errors';
import type { Caller } from '../pipeline';
import { loadBookingSettings, saveBookingSettings } from './booking-settings.repo';

/** The settings in force, with the choices the page offers. */
export async function bookingSettings() {
  const settings = await loadBookingSettings();
  return {
    ...settings,
    choices: REMINDER_LEADS.map((value) => ({ value, label: REMINDER_LEAD_LABELS[value] })),
  };
}

/** Changes the settings (the next hourly run of the scheduler follows them). */
export async function setBookingSettings(
  { caller, now }: { caller: Caller; now: Date },
  change: { reminderLead: string },
) {
  const next: BookingSettings = orFail(checkBookingSettings(change));
  await saveBookingSettings(next, caller.openid, now);
  return bookingSettings();
}
