/**
 * The waiting list (排队候补) of a full reception day: who may join, who may leave, and in which order
 * freed places go. Pure: every rule takes what was read and answers with a Decision.
 *
 * One entry per villager per day (its `_id` is `${dayId}:${openid}`), for one slot. A freed place of
 * the slot goes to the entry that joined first; the server takes it with the same conditional update
 * as a booking (bookings.repo takePlace), so a place is never given twice nor a day overbooked.
 */
import { allow, deny, type Decision } from '../result';
import { checkBookable } from './booking.rules';
import type { Booking, ReceptionDay } from './booking.types';

/** `waiting` → `promoted` (a place was freed and is now their booking), or → `cancelled` (they left, or booked it themselves). */
export type WaitlistStatus = 'waiting' | 'promoting' | 'promoted' | 'cancelled';

export interface WaitlistEntry {
  /** `${dayId}:${openid}`: one place in the list per villager per day. */
  _id: string;
  dayId: string;
  slotId: string;
  stationCode: string;
  openid: string;
  status: WaitlistStatus;
  joinedAt: Date;
  /** What the booking will say once a place is freed (the booking form's fields). */
  topic: string;
  villageCode: string;
  name?: string;
  phone?: string;
  /** The booking the place became. */
  bookingId?: string;
  promotedAt?: Date;
  cancelledAt?: Date;
}

export const waitlistIdOf = (dayId: string, openid: string): string => `${dayId}:${openid}`;

/** An entry claimed for a promotion that died half-way is given back to the list after this long. */
export const WAITLIST_CLAIM_STALE_MS = 2 * 60 * 1000;

/**
 * Whether the villager may join the waiting list of `slotId` on `day`. `existing` is their booking of
 * the day (if any), `entry` their entry. Allows only when the day or slot is full (DAY_FULL/SLOT_FULL
 * from checkBookable); denies ALREADY_BOOKED when they hold a booking that day; ALREADY_WAITING when
 * they wait for another slot of the day; WAITLIST_NOT_FULL when places are left (book instead); every
 * other reason a booking would be refused (past, cancelled, unknown slot) as checkBookable says.
 */
export function checkJoinWaitlist(
  day: ReceptionDay,
  slotId: string,
  existing: Booking | undefined,
  entry: Pick<WaitlistEntry, 'status' | 'slotId'> | undefined,
  now: Date,
): Decision<void> {
  const bookable = checkBookable(day, slotId, existing, now);
  if (bookable.ok) return deny('WAITLIST_NOT_FULL');
  if (bookable.reason !== 'DAY_FULL' && bookable.reason !== 'SLOT_FULL') return bookable;
  if (entry && entry.status !== 'cancelled' && entry.slotId !== slotId) return deny('ALREADY_WAITING');
  return allow(undefined);
}

/** Whether a waiting villager's entry can be left: only while still waiting (a promoted one is a booking: cancel it). */
export function checkLeaveWaitlist(entry: Pick<WaitlistEntry, 'status'> | undefined): Decision<void> {
  if (!entry) return deny('WAITLIST_NOT_FOUND');
  if (entry.status === 'promoted') return deny('WAITLIST_PROMOTED');
  return allow(undefined);
}

/** A villager's place in the list: 1 for the first; `ahead` is how many still wait who joined before them. */
export function waitlistPosition(ahead: number): number {
  return ahead + 1;
}

/** What 我的预约 says of an entry ('排队第2位', '已候补成功', '已退出排队'). */
export function waitlistLabel(status: WaitlistStatus, position: number | null): string {
  if (status === 'promoted') return '已候补成功，请按时到场';
  if (status === 'cancelled') return '已退出排队';
  return position === null ? '排队候补中' : `排队候补第${position}位`;
}
