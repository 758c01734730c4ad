import {
  approveRecord,
  checkCanEdit,
  countsInDisclosure,
  DESCRIPTION_MAX_CHARS,
  editManualRecord,
  newManualRecord,
  returnRecord,
  systemRecordId,
  validateManualRecord,
} from '../../../core/duty/duty.rules';
import type { ManualDutyRecord, ManualRecordInput, SystemDutyRecord } from '../../../core/duty/duty.types';
import { DUTY_TYPE_LABELS, DUTY_TYPES } from '../../../core/duty/duty.types';

const TODAY = '2025-06-10';
const NOW = new Date('2025-06-10T02:00:00Z');
const presidium = { id: 'p1', role: 'presidium' as const };

const input = (over: Partial<ManualRecordInput> = {}): ManualRecordInput => ({
  type: 'visit',
  date: '2025-06-09',
  description: '走访长沙村困难户三户',
  peopleReached: 3,
  photos: ['cloud://env-1.abc/duty/1.jpg'],
  ...over,
});

const manual = (over: Partial<ManualDutyRecord> = {}): ManualDutyRecord => ({
  ...input(),
  type: 'visit',
  deputyId: 'd1',
  stationCode: 'JG01',
  source: 'manual',
  status: 'pending',
  createdAt: NOW,
  ...over,
});

const system: SystemDutyRecord = {
  deputyId: 'd1',
  stationCode: 'JG01',
  type: 'opinionAccepted',
  date: '2025-06-01',
  description: '受理群众意见',
  peopleReached: 1,
  photos: [],
  source: 'system',
  sourceRef: 'opinion:o1:accepted',
  createdAt: NOW,
};

describe('duty type labels', () => {
  it('has a Chinese label for every type', () => {
    for (const type of DUTY_TYPES) expect(DUTY_TYPE_LABELS[type]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('validateManualRecord', () => {
  it.each([
    ['a future date', { date: '2025-06-11' }, 'DUTY_DATE_IN_FUTURE'],
    ['an impossible date', { date: '2025-02-30' }, 'DUTY_DATE_INVALID'],
    ['a blank description', { description: '   ' }, 'DUTY_DESCRIPTION_REQUIRED'],
    [
      'a description over the cap',
      { description: '字'.repeat(DESCRIPTION_MAX_CHARS + 1) },
      'DUTY_DESCRIPTION_TOO_LONG',
    ],
    ['negative people', { peopleReached: -1 }, 'PEOPLE_REACHED_INVALID'],
    ['fractional people', { peopleReached: 1.5 }, 'PEOPLE_REACHED_INVALID'],
    ['NaN people', { peopleReached: Number.NaN }, 'PEOPLE_REACHED_INVALID'],
    ['a photo not in cloud storage', { photos: ['http://x.cn/a.jpg'] }, 'DUTY_PHOTOS_INVALID'],
    ['ten photos', { photos: Array(10).fill('cloud://e/a.jpg') }, 'DUTY_PHOTOS_INVALID'],
    ['a system-only type', { type: 'opinionResolved' as never }, 'DUTY_TYPE_NOT_MANUAL'],
  ])('refuses %s', (_, over, reason) => {
    expect(validateManualRecord(input(over), TODAY)).toEqual({ ok: false, reason });
  });

  it('accepts today, zero people, a description exactly at the cap (counted in characters), and trims it', () => {
    const description = `  ${'𠀀'.repeat(DESCRIPTION_MAX_CHARS)}  `;
    const result = validateManualRecord(input({ date: TODAY, peopleReached: 0, description }), TODAY);
    expect(result).toEqual({
      ok: true,
      value: input({ date: TODAY, peopleReached: 0, description: description.trim() }),
    });
  });
});

describe('newManualRecord', () => {
  it('starts pending, owned by the deputy', () => {
    const result = newManualRecord('d1', 'JG01', input(), TODAY, NOW);
    expect(result).toEqual({ ok: true, value: manual() });
  });
});

describe('who may edit', () => {
  it.each([
    ['the owner, pending', manual(), 'd1', true],
    ['the owner, returned', manual({ status: 'returned', reviewComment: '请补充照片' }), 'd1', true],
  ])('allows %s', (_, record, deputyId) => {
    expect(checkCanEdit(record, deputyId as string).ok).toBe(true);
  });

  it.each([
    ['another deputy', manual(), 'd2', 'NOT_RECORD_OWNER'],
    ['the owner once approved', manual({ status: 'approved' }), 'd1', 'RECORD_NOT_EDITABLE'],
    ['anyone, on a system record', system, 'd1', 'RECORD_NOT_EDITABLE'],
  ])('refuses %s', (_, record, deputyId, reason) => {
    expect(checkCanEdit(record, deputyId)).toEqual({ ok: false, reason });
  });

  it('when a returned record is edited it goes back to pending without the old comment', () => {
    const returned = manual({
      status: 'returned',
      reviewComment: '请补充照片',
      reviewedBy: 'p1',
      reviewedAt: NOW,
    });
    const later = new Date('2025-06-11T02:00:00Z');
    const result = editManualRecord(returned, 'd1', input({ peopleReached: 5 }), TODAY, later);
    expect(result).toEqual({ ok: true, value: manual({ peopleReached: 5, updatedAt: later }) });
  });

  it('an edit is validated like a new record', () => {
    expect(editManualRecord(manual(), 'd1', input({ date: '2026-01-01' }), TODAY, NOW)).toEqual({
      ok: false,
      reason: 'DUTY_DATE_IN_FUTURE',
    });
  });
});

describe('review by the presidium', () => {
  it('approves a pending record, which then counts in disclosures', () => {
    const result = approveRecord(manual(), presidium, NOW);
    expect(result).toEqual({
      ok: true,
      value: manual({ status: 'approved', reviewedBy: 'p1', reviewedAt: NOW }),
    });
    expect(countsInDisclosure(manual())).toBe(false);
    if (result.ok) expect(countsInDisclosure(result.value)).toBe(true);
  });

  it('returns a pending record with a trimmed comment', () => {
    expect(returnRecord(manual(), presidium, ' 请补充照片 ', NOW)).toEqual({
      ok: true,
      value: manual({ status: 'returned', reviewedBy: 'p1', reviewedAt: NOW, reviewComment: '请补充照片' }),
    });
  });

  it.each([
    [
      'a return without a comment',
      () => returnRecord(manual(), presidium, '  ', NOW),
      'RETURN_COMMENT_REQUIRED',
    ],
    ['a deputy approving', () => approveRecord(manual(), { id: 'd1', role: 'deputy' }, NOW), 'FORBIDDEN'],
    [
      'approving twice',
      () => approveRecord(manual({ status: 'approved' }), presidium, NOW),
      'RECORD_NOT_PENDING',
    ],
    [
      'approving a returned record',
      () => approveRecord(manual({ status: 'returned' }), presidium, NOW),
      'RECORD_NOT_PENDING',
    ],
    ['reviewing a system record', () => returnRecord(system, presidium, '重复', NOW), 'RECORD_NOT_PENDING'],
  ])('refuses %s', (_, act, reason) => {
    expect(act()).toEqual({ ok: false, reason });
  });
});

describe('system records', () => {
  it('always count, and their id depends only on deputy and source so a replay is the same record', () => {
    expect(countsInDisclosure(system)).toBe(true);
    expect(systemRecordId('d1', 'opinion:o1:accepted')).toBe(systemRecordId('d1', 'opinion:o1:accepted'));
    expect(systemRecordId('d1', 'opinion:o1:accepted')).not.toBe(systemRecordId('d2', 'opinion:o1:accepted'));
    expect(systemRecordId('d1', 'opinion:o1:accepted')).not.toBe(systemRecordId('d1', 'opinion:o1:resolved'));
  });
});
