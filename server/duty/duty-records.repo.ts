/**
 * The one writer of system duty records (履职登记 the system saw: a reception served, an opinion
 * accepted, replied, transferred or resolved). Each record's `_id` comes from (deputy, source event),
 * so writing the same event twice, in a retry or a re-run, is one record.
 */
import { systemRecordId } from '../../core/duty/duty.rules';
import type { SystemDutyRecord } from '../../core/duty/duty.types';
import { insert, isDuplicateKey, type Transaction } from '../db/collection';

export const DUTY_RECORDS = 'dutyRecords';

/** What a caller says about the event; `sourceRef` names it: 'opinion:<id>:accepted', 'reception:<dayId>'. */
export type SystemDutyEvent = Pick<
  SystemDutyRecord,
  'deputyId' | 'stationCode' | 'type' | 'date' | 'description' | 'peopleReached' | 'sourceRef'
>;

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
