import { chinaInstant } from '../../../core/calendar/china-time';
import { WEEKDAYS_ONLY } from '../../../core/calendar/working-days';
import {
  checkChase,
  countBuckets,
  ownerLabel,
  supervisionBucket,
  supervisionReason,
} from '../../../core/admin/supervision.rules';
import type { Opinion } from '../../../core/opinion/opinion.types';

type Case = Parameters<typeof supervisionBucket>[0];
const deputies: Opinion['owner'] = { kind: 'deputies', deputyIds: ['d1'] };
const base: Case = {
  status: 'assigned',
  owner: deputies,
  // Monday 2027-03-01 … acceptBy Wednesday, answerBy the Friday after.
  acceptBy: '2027-03-03',
  answerBy: '2027-03-12',
  supervised: false,
  reopenCount: 0,
  routing: { reason: '联络站无可用代表，进入主席团待分办队列', path: 'presidium' },
};
const today = '2027-03-05'; // Friday: two working days after acceptBy

describe('supervisionBucket', () => {
  it.each([
    ['held for review', { status: 'review' as const }, 'moderation'],
    ['in the presidium queue, even when late', { owner: { kind: 'presidium' as const } }, 'queue'],
    ['past its accept limit', {}, 'overdue'],
    ['accepted, within the answer limit', { status: 'accepted' as const }, 'onTrack'],
    [
      'reopened, within the limit',
      { status: 'accepted' as const, supervised: true, reopenCount: 1 },
      'supervised',
    ],
    ['late and supervised', { supervised: true }, 'overdue'],
    ['replied (nothing to chase)', { status: 'replied' as const }, 'onTrack'],
    ['resolved, waiting for a rating', { status: 'resolved' as const }, null],
    ['closed', { status: 'closed' as const }, null],
    ['merged', { status: 'merged' as const }, null],
  ])('%s → %s', (_, patch, bucket) => {
    expect(supervisionBucket({ ...base, ...patch }, today, WEEKDAYS_ONLY)).toBe(bucket);
  });
});

describe('countBuckets', () => {
  it('adds up: open is every open bucket, total adds moderation', () => {
    expect(
      countBuckets(['moderation', 'queue', 'overdue', 'overdue', 'supervised', 'onTrack', null]),
    ).toEqual({
      moderation: 1,
      queue: 1,
      overdue: 2,
      supervised: 1,
      onTrack: 1,
      open: 5,
      total: 6,
    });
  });
});

describe('supervisionReason', () => {
  it.each([
    ['overdue on accept', base, 'overdue', '超过受理时限2个工作日（2027-03-03到期）'],
    [
      'overdue on answer',
      { ...base, status: 'accepted' as const, answerBy: '2027-03-04' },
      'overdue',
      '超过答复时限1个工作日（2027-03-04到期）',
    ],
    ['reopened', { ...base, reopenCount: 2 }, 'supervised', '群众不满意，第2次重新办理'],
    ['queued', base, 'queue', '待分办：联络站无可用代表，进入主席团待分办队列'],
  ])('%s', (_, c, bucket, text) => {
    expect(supervisionReason(c, bucket as never, today, WEEKDAYS_ONLY)).toBe(text);
  });
});

describe('ownerLabel', () => {
  const names = new Map([
    ['d1', '王建国'],
    ['d2', '李秀英'],
  ]);
  it.each([
    [{ kind: 'deputies' as const, deputyIds: ['d1', 'd2'] }, '代表王建国、李秀英'],
    [
      { kind: 'department' as const, departmentId: 'a', departmentName: '乡农业办', deputyIds: ['d1'] },
      '乡农业办（代表王建国转办）',
    ],
    [{ kind: 'presidium' as const }, '乡镇人大主席团'],
  ])('%j', (owner, label) => expect(ownerLabel(owner, names)).toBe(label));
});

describe('checkChase', () => {
  const now = chinaInstant('2027-03-05', '10:00');
  it.each([
    ['never chased', base, null, null],
    ['chased yesterday', base, chinaInstant('2027-03-04', '23:59'), null],
    ['chased earlier today (China day)', base, chinaInstant('2027-03-05', '00:01'), 'CHASE_TOO_SOON'],
    ['replied already', { ...base, status: 'replied' as const }, null, 'CHASE_NOT_OPEN'],
    ['in review', { ...base, status: 'review' as const }, null, 'CHASE_NOT_OPEN'],
    ['in the presidium queue', { ...base, owner: { kind: 'presidium' as const } }, null, 'CHASE_NOT_OPEN'],
  ])('%s', (_, c, last, reason) => {
    expect(checkChase(c, last, now)).toEqual(reason ? { ok: false, reason } : { ok: true, value: undefined });
  });
});
