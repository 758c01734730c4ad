/**
 * The one writer of system duty records (履职登记 the system saw: a reception served, an opinion
 * accepted, replied, transferred or resolved). Each record's `_id` comes from (deputy, source event),
 * so writing the same event twice, in a retry or a re-run, is one record.
 */
import type { Ymd } from '../core/calendar/china-time';
import { systemRecordId } from '../core/duty/duty.rules';
import type { DutyType, SystemDutyRecord } from '../core/duty/duty.types';
import { insert, isDuplicateKey, type Transaction } from './db/collection';

export const DUTY_RECORDS = 'dutyRecords';

export interface SystemDutyEvent {
  deputyId: string;
  stationCode: string;
  type: DutyType;
  date: Ymd;
  description: string;
  peopleReached: number;
  /** The record and event it comes from: 'opinion:<id>:accepted', 'reception:<dayId>'. */
  sourceRef: string;
}

export async function recordSystemDuty(
  tx: Transaction | null,
  event: SystemDutyEvent,
  now: Date,
): Promise<string> {
  const _id = systemRecordId(event.deputyId, event.sourceRef);
  const record: Omit<SystemDutyRecord, '_id'> = { ...event, source: 'system', photos: [], createdAt: now };
  if (tx) {
    if (!(await tx.get(DUTY_RECORDS, _id))) await tx.set(DUTY_RECORDS, _id, { ...record });
    return _id;
  }
  try {
    await insert(DUTY_RECORDS, { _id, ...record });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return _id;
}
