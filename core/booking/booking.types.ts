import type { Ymd } from '../calendar/china-time';
import type { ReceptionDaySummary } from '../station/station.types';

/** Places in a slot or a day; `'unlimited'` is explicit, never 0. */
export type Capacity = number | 'unlimited';

/** A part of a reception day's window that villagers book, e.g. 14:30-15:30 for 6 people. */
export interface SlotTemplate {
  /** Stable within the schedule ('a', 'am1'): bookings refer to it. */
  id: string;
  /** 'HH:mm', China time. */
  start: string;
  end: string;
  capacity: Capacity;
}

export interface Slot extends SlotTemplate {
  booked: number;
}

/**
 * A stored reception day: the summary the station page shows, plus its slots. The summary's
 * `capacity`/`booked` are the day's totals (kept as counters so capacity can be taken atomically);
 * each slot keeps its own.
 */
export interface ReceptionDay extends ReceptionDaySummary {
  /** `${stationCode}:${originalDate}` for a day made from a schedule; absent for a day added by hand. */
  key?: string;
  slots: Slot[];
  /** The day the schedule said, when the day was moved off a holiday. */
  movedFrom?: Ymd;
  /** Why it moved, for the notice ('因国庆节假期顺延'). */
  moveReason?: string;
  /** The day villagers were first told of this reception day. */
  announcedOn?: Ymd;
  /**
   * Places taken or given back so far (each take and return adds one, with the counters): a change
   * of the counters since they were read, even one that leaves `booked` as it was.
   */
  placeMoves?: number;
}

/**
 * `booked` → `checkedIn` at the station, → `cancelled` by the villager (or by the station cancelling
 * the day), or → `noShow` once the day is over without a check-in.
 */
export type BookingStatus = 'booked' | 'checkedIn' | 'cancelled' | 'noShow';

export interface Booking {
  _id: string;
  dayId: string;
  slotId: string;
  /** The villager's openid; never shown to deputies or the public. */
  openid: string;
  status: BookingStatus;
  /** The code the villager shows and the admin types at check-in (checkInCodeFrom). */
  checkInCode: string;
  bookedAt: Date;
  cancelledAt?: Date;
  checkedInAt?: Date;
  /** 'walkIn' for a villager added at the station on the day (no account, never took a bookable place). */
  source?: 'booking' | 'walkIn';
}
