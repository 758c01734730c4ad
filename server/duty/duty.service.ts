/**
 * Duty records (履职登记) as use cases: a deputy records an activity the system did not see and edits
 * it until approved; the presidium approves or returns it. Each use case is: who is the caller →
 * decide (core/duty/duty.rules.ts, on the version re-read in the transaction) → save → the view.
 * System records (what the system saw) are written by recordSystemDuty.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { approveRecord, editManualRecord, newManualRecord, returnRecord } from '../../core/duty/duty.rules';
import {
  DUTY_TYPE_LABELS,
  MANUAL_DUTY_TYPES,
  MANUAL_RECORD_STATUS_LABELS,
  type ManualDutyType,
  type ManualRecordInput,
} from '../../core/duty/duty.types';
import type { Deputy } from '../../core/station/station.types';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { requireDateIn } from '../schemas';
import {
  insertRecordOnce,
  pendingManualRecords,
  recordsOfDeputy,
  rewriteRecord,
  type StoredRecord,
} from './duty-records.repo';
import { deputyNames, getDeputy } from './duty-sources.repo';

/** The system's writer of duty records, for the areas whose events are duties (receptions, cases). */
export { recordSystemDuty, type SystemDutyEvent } from './duty-records.repo';

/** The deputy the caller is (NOT_A_DEPUTY for anyone else, or a deputy account whose deputy is gone). */
export async function deputyOf(caller: Caller): Promise<Deputy> {
  const id = caller.user?.deputyId;
  if (caller.role !== 'deputy' || !id) fail('NOT_A_DEPUTY');
  const deputy = await getDeputy(id);
  if (!deputy) fail('NOT_A_DEPUTY');
  return deputy;
}

/** Who reviewed or decided, as the records keep it. */
export const reviewer = (caller: Caller) => ({ id: caller.openid, role: caller.role });

export function recordView(r: StoredRecord) {
  return {
    id: r._id,
    deputyId: r.deputyId,
    type: r.type,
    typeLabel: DUTY_TYPE_LABELS[r.type],
    date: r.date,
    description: r.description,
    peopleReached: r.peopleReached,
    photos: r.photos,
    source: r.source,
    status: r.source === 'manual' ? r.status : 'approved',
    statusLabel: r.source === 'manual' ? MANUAL_RECORD_STATUS_LABELS[r.status] : '系统登记',
    reviewComment: r.source === 'manual' ? (r.reviewComment ?? null) : null,
    editable: r.source === 'manual' && r.status !== 'approved',
  };
}

/** A deputy records an activity, once per request id: pending until the presidium approves it. */
export async function addRecord(caller: Caller, now: Date, requestId: string, input: ManualRecordInput) {
  const deputy = await deputyOf(caller);
  const record = orFail(newManualRecord(deputy._id, deputy.stationCode, input, chinaDate(now), now));
  requireDateIn('dutyRecord', input.date, chinaDate(now));
  const stored = { ...record, _id: `man:${deputy._id}:${requestId}` };
  await insertRecordOnce(stored);
  return recordView(stored);
}

/** The deputy corrects their own pending or returned record; it goes back to pending. */
export async function editRecord(caller: Caller, now: Date, id: string, input: ManualRecordInput) {
  const deputy = await deputyOf(caller);
  return recordView(
    await rewriteRecord(id, (r) => {
      const edited = orFail(editManualRecord(r, deputy._id, input, chinaDate(now), now));
      requireDateIn('dutyRecord', input.date, chinaDate(now));
      return edited;
    }),
  );
}

export async function myRecords(caller: Caller, limit: number) {
  const deputy = await deputyOf(caller);
  const { records, total, pending } = await recordsOfDeputy(deputy._id, limit);
  return {
    deputyName: deputy.name,
    total,
    pending,
    /** The kinds a deputy may enter by hand, for the form's picker. */
    types: MANUAL_DUTY_TYPES.map((t): { value: ManualDutyType; label: string } => ({
      value: t,
      label: DUTY_TYPE_LABELS[t],
    })),
    records: records.map(recordView),
  };
}

/** Manual records waiting for the presidium, oldest first (a page of 100 and the total). */
export async function reviewQueue() {
  const { records, total } = await pendingManualRecords(100);
  const names = await deputyNames();
  return {
    total,
    records: records.map((r) => ({ ...recordView(r), deputyName: names.get(r.deputyId) ?? r.deputyId })),
  };
}

export async function approve(caller: Caller, now: Date, id: string) {
  return recordView(await rewriteRecord(id, (r) => orFail(approveRecord(r, reviewer(caller), now))));
}

export async function giveBack(caller: Caller, now: Date, id: string, comment: string) {
  return recordView(await rewriteRecord(id, (r) => orFail(returnRecord(r, reviewer(caller), comment, now))));
}
