/**
 * Duty records (履职登记) on the database. The one writer of system records (what the system saw: a
 * reception served, an opinion accepted, replied, transferred or resolved): each record's `_id` comes
 * from (deputy, source event), so writing the same event twice, in a retry or a re-run, is one record.
 * Manual records are written by the deputy and reviewed by the presidium (server/duty/duty.service.ts).
 */
import { systemRecordId } from '../../core/duty/duty.rules';
import type { DisclosurePeriod, DutyRecord, SystemDutyRecord } from '../../core/duty/duty.types';
import {
  command,
  count,
  findAll,
  findMany,
  insert,
  isDuplicateKey,
  type Transaction,
} from '../db/collection';
import { insertOnce } from '../db/collection';
import { rewrite } from './documents.repo';

export const DUTY_RECORDS = 'dutyRecords';

export type StoredRecord = DutyRecord & { _id: string };

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

/**
 * A system record written, or rewritten when its source changed (an activity's record corrected: its
 * description, people reached or day), in the caller's transaction; the first createdAt stays.
 */
export async function rewriteSystemDuty(tx: Transaction, event: SystemDutyEvent, now: Date): Promise<string> {
  const _id = systemRecordId(event.deputyId, event.sourceRef);
  const was = await tx.get<SystemDutyRecord>(DUTY_RECORDS, _id);
  const record: Omit<SystemDutyRecord, '_id'> = {
    ...event,
    source: 'system',
    photos: [],
    createdAt: was?.createdAt ?? now,
  };
  await tx.set(DUTY_RECORDS, _id, { ...record });
  return _id;
}

/** Writes a manual record once: a retry with the same id leaves the first one as it is. */
export async function insertRecordOnce(record: StoredRecord): Promise<void> {
  await insertOnce(DUTY_RECORDS, record);
}

/** The record re-read and rewritten in one transaction (DUTY_RECORD_NOT_FOUND when there is none). */
export function rewriteRecord(id: string, decide: (r: StoredRecord) => DutyRecord): Promise<StoredRecord> {
  return rewrite<DutyRecord>(DUTY_RECORDS, id, 'DUTY_RECORD_NOT_FOUND', decide);
}

/** A deputy's records, newest first (one page), with how many there are and how many wait for review. */
export async function recordsOfDeputy(
  deputyId: string,
  limit: number,
): Promise<{ records: StoredRecord[]; total: number; pending: number }> {
  const [records, total, pending] = await Promise.all([
    findMany<StoredRecord>(DUTY_RECORDS, { deputyId }, { orderBy: [['date', 'desc']], limit }),
    count(DUTY_RECORDS, { deputyId }),
    count(DUTY_RECORDS, { deputyId, source: 'manual', status: 'pending' }),
  ]);
  return { records, total, pending };
}

/** Manual records waiting for review, oldest first (one page), and how many wait in all. */
export async function pendingManualRecords(
  limit: number,
): Promise<{ records: StoredRecord[]; total: number }> {
  const where = { source: 'manual', status: 'pending' };
  const [records, total] = await Promise.all([
    findMany<StoredRecord>(DUTY_RECORDS, where, { orderBy: [['createdAt', 'asc']], limit }),
    count(DUTY_RECORDS, where),
  ]);
  return { records, total };
}

/** Every record dated in the period (every page), with the fields a disclosure counts. */
export function recordsDatedIn(period: DisclosurePeriod): Promise<StoredRecord[]> {
  const _ = command();
  return findAll<StoredRecord>(
    DUTY_RECORDS,
    { date: _.gte(period.start).and(_.lte(period.end)) },
    { deputyId: true, type: true, date: true, peopleReached: true, source: true, status: true },
  );
}
