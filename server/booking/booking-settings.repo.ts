/**
 * The presidium's booking settings (core/booking/reception.rules: when reminders go out), stored in
 * `settings` as `_id` = 'bookingSettings'; the defaults when absent.
 */
import { effectiveBookingSettings, type BookingSettings } from '../../core/booking/reception.rules';
import { findById, transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';

const SETTINGS = 'settings' satisfies CollectionName;
const BOOKING_SETTINGS_ID = 'bookingSettings';

export async function loadBookingSettings(): Promise<BookingSettings> {
  return effectiveBookingSettings(
    await findById<Record<string, unknown> & { _id: string }>(SETTINGS, BOOKING_SETTINGS_ID),
  );
}

export async function saveBookingSettings(settings: BookingSettings, by: string, now: Date): Promise<void> {
  await transaction((tx) =>
    tx.set(SETTINGS, BOOKING_SETTINGS_ID, { ...settings, updatedBy: by, updatedAt: now }),
  );
}
