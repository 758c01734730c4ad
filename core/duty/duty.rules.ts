/**
 * Rules for duty records: what a valid manual entry is, who may change it and when, and the
 * presidium's review. Only the owner deputy edits, and only while the record is pending or returned;
 * an approved record and anything the system wrote are final.
 */
import type { Ymd } from '../calendar/china-time';
import { isCalendarDay } from '../calendar/date-window';
import type { Role } from '../identity/role.rules';
import { allow, deny, type Decision } from '../result';
import {
  MANUAL_DUTY_TYPES,
  OPINION_DUTY_TYPES,
  type DutyRecord,
  type ManualDutyRecord,
  type ManualRecordInput,
} from './duty.types';

export const DESCRIPTION_MAX_CHARS = 500;
export const PHOTOS_MAX = 9;
/** Above this a number of people is a typing error, not an activity. */
export const PEOPLE_REACHED_MAX = 100_000;

/** Checks and tidies what a deputy typed (`today` is the China calendar day now). */
export function validateManualRecord(input: ManualRecordInput, today: Ymd): Decision<ManualRecordInput> {
  if (!(MANUAL_DUTY_TYPES as readonly string[]).includes(input.type)) return deny('DUTY_TYPE_NOT_MANUAL');
  if (!isCalendarDay(input.date)) return deny('DUTY_DATE_INVALID');
  if (input.date > today) return deny('DUTY_DATE_IN_FUTURE');
  const description = input.description.trim();
  if (description.length === 0) return deny('DUTY_DESCRIPTION_REQUIRED');
  if (Array.from(description).length > DESCRIPTION_MAX_CHARS) return deny('DUTY_DESCRIPTION_TOO_LONG');
  const people = input.peopleReached;
  if (!Number.isInteger(people) || people < 0 || people > PEOPLE_REACHED_MAX) {
    return deny('PEOPLE_REACHED_INVALID');
  }
  if (input.photos.length > PHOTOS_MAX || !input.photos.every(isCloudFileId))
    return deny('DUTY_PHOTOS_INVALID');
  return allow({ ...input, description, photos: [...input.photos] });
}

export function isCloudFileId(value: string): boolean {
  return /^cloud:\/\/\S+$/.test(value);
}

/** A new manual record, pending review. */
export function newManualRecord(
  deputyId: string,
  stationCode: string,
  input: ManualRecordInput,
  today: Ymd,
  now: Date,
): Decision<ManualDutyRecord> {
  const valid = validateManualRecord(input, today);
  if (!valid.ok) return valid;
  return allow({
    ...valid.value,
    deputyId,
    stationCode,
    source: 'manual',
    status: 'pending',
    createdAt: now,
  });
}

/** May `deputyId` change (or withdraw) this record? Only their own, and only before approval. */
export function checkCanEdit(record: DutyRecord, deputyId: string): Decision<ManualDutyRecord> {
  if (record.source !== 'manual' || record.status === 'approved') return deny('RECORD_NOT_EDITABLE');
  if (record.deputyId !== deputyId) return deny('NOT_RECORD_OWNER');
  return allow(record);
}

/** The owner's edit: the record goes (back) to pending and the old review comment is cleared. */
export function editManualRecord(
  record: DutyRecord,
  deputyId: string,
  input: ManualRecordInput,
  today: Ymd,
  now: Date,
): Decision<ManualDutyRecord> {
  const editable = checkCanEdit(record, deputyId);
  if (!editable.ok) return editable;
  const valid = validateManualRecord(input, today);
  if (!valid.ok) return valid;
  const { reviewComment: _comment, reviewedBy: _by, reviewedAt: _at, ...rest } = editable.value;
  return allow({ ...rest, ...valid.value, status: 'pending', updatedAt: now });
}

export interface Reviewer {
  id: string;
  role: Role;
}

/** The presidium approves a pending record; from then on it counts in disclosures and is final. */
export function approveRecord(record: DutyRecord, reviewer: Reviewer, now: Date): Decision<ManualDutyRecord> {
  const pending = checkReviewable(record, reviewer);
  if (!pending.ok) return pending;
  return allow({ ...pending.value, status: 'approved', reviewedBy: reviewer.id, reviewedAt: now });
}

/** The presidium returns a pending record to its deputy, saying why. */
export function returnRecord(
  record: DutyRecord,
  reviewer: Reviewer,
  comment: string,
  now: Date,
): Decision<ManualDutyRecord> {
  const pending = checkReviewable(record, reviewer);
  if (!pending.ok) return pending;
  const reviewComment = comment.trim();
  if (!reviewComment) return deny('RETURN_COMMENT_REQUIRED');
  return allow({
    ...pending.value,
    status: 'returned',
    reviewedBy: reviewer.id,
    reviewedAt: now,
    reviewComment,
  });
}

function checkReviewable(record: DutyRecord, reviewer: Reviewer): Decision<ManualDutyRecord> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  if (record.source !== 'manual' || record.status !== 'pending') return deny('RECORD_NOT_PENDING');
  return allow(record);
}

/** Does this record count in a disclosure? System records always; manual ones once approved. */
export function countsInDisclosure(record: DutyRecord): boolean {
  return record.source === 'system' || record.status === 'approved';
}

export function isOpinionDutyType(type: string): boolean {
  return (OPINION_DUTY_TYPES as readonly string[]).includes(type);
}

/** The deterministic `_id` of a system record: the same event for the same deputy is one record. */
export function systemRecordId(deputyId: string, sourceRef: string): string {
  return `sys:${deputyId}:${sourceRef}`;
}
