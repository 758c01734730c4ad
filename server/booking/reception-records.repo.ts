/**
 * Reception records (接待记录): one per reception day (`_id` = dayId): who came and each matter raised.
 * Storage only; writing one (and making its matters' opinions) is server/booking/reception-record.service.ts.
 */
import type { Ymd } from '../../core/calendar/china-time';
import { findById, updateWhere, type Transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';

export const RECEPTION_RECORDS = 'receptionRecords' satisfies CollectionName;

export interface ReceptionMatter {
  /** 1-based position in the record; part of the opinion's idempotency key. */
  n: number;
  /** Who raised it: a booking or walk-in checked in that day (absent in records written before it was asked). */
  bookingId?: string;
  villageCode: string;
  categoryCode: string;
  text: string;
  /** The opinion made from it, once made (null until then: a failed call is finished by the next). */
  opinionId: string | null;
}

export interface ReceptionRecord {
  _id: string;
  dayId: string;
  stationCode: string;
  date: Ymd;
  /** Deputies who served (received villagers) that day. */
  deputyIds: string[];
  /** Booking ids (bookings and walk-ins) checked in: who came. */
  attendeeIds: string[];
  peopleReached: number;
  summary: string;
  matters: ReceptionMatter[];
  recordedBy: string;
  recordedAt: Date;
}

export function getReceptionRecord(dayId: string): Promise<ReceptionRecord | null> {
  return findById<ReceptionRecord>(RECEPTION_RECORDS, dayId);
}

/** Stores the day's record in `tx` unless it has one; answers whether it was stored. */
export async function insertRecordIn(tx: Transaction, record: ReceptionRecord): Promise<boolean> {
  if (await tx.get(RECEPTION_RECORDS, record._id)) return false;
  const { _id, ...doc } = record;
  await tx.set(RECEPTION_RECORDS, _id, { ...doc });
  return true;
}

/** Replaces the record's matters (their opinions made). */
export async function saveMatters(dayId: string, matters: ReceptionMatter[]): Promise<void> {
  await updateWhere(RECEPTION_RECORDS, { _id: dayId }, { matters });
}
