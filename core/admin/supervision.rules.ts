/**
 * The presidium's supervision board (督办): which cases need the presidium's eye and why. Every case
 * still in play falls in exactly one bucket, so the dashboard's figures add up:
 *
 *   moderation   held by the content check, waiting for the presidium (审核)
 *   queue        nobody could be routed: the presidium assigns it by hand (待分办)
 *   overdue      past its running deadline (超期)
 *   supervised   under supervision but not overdue: reopened after 不满意, or overdue earlier (督办中)
 *   onTrack      everything else still open
 *
 * in that order of precedence. Finished cases (resolved and waiting for a rating, closed, merged) are in
 * no bucket.
 */
import { chinaDate, type Ymd } from '../calendar/china-time';
import { workingDaysBetween, type WorkingCalendar } from '../calendar/working-days';
import { runningDeadline, slaState } from '../opinion/opinion.deadlines';
import { OPEN_STATUSES, type Opinion, type Owner } from '../opinion/opinion.types';
import { allow, deny, type Decision } from '../result';

export const SUPERVISION_BUCKETS = ['moderation', 'queue', 'overdue', 'supervised', 'onTrack'] as const;
export type SupervisionBucket = (typeof SUPERVISION_BUCKETS)[number];

export const BUCKET_LABELS: Record<SupervisionBucket, string> = {
  moderation: '待审核',
  queue: '待分办',
  overdue: '已超期',
  supervised: '督办中',
  onTrack: '正常办理',
};

/** The buckets the supervision list shows (the presidium must act on them). */
export const NEEDS_PRESIDIUM: readonly SupervisionBucket[] = ['queue', 'overdue', 'supervised'];

type CaseFields = Pick<
  Opinion,
  'status' | 'owner' | 'acceptBy' | 'answerBy' | 'supervised' | 'reopenCount' | 'routing'
>;

export function supervisionBucket(
  opinion: CaseFields,
  today: Ymd,
  calendar: WorkingCalendar,
): SupervisionBucket | null {
  if (opinion.status === 'review') return 'moderation';
  if (!OPEN_STATUSES.includes(opinion.status)) return null;
  if (opinion.owner.kind === 'presidium') return 'queue';
  if (slaState(opinion, today, calendar) === 'overdue') return 'overdue';
  if (opinion.supervised) return 'supervised';
  return 'onTrack';
}

export type BucketCounts = Record<SupervisionBucket, number> & { open: number; total: number };

/** The dashboard figures: each bucket, `open` (every open case) and `total` (open + moderation). */
export function countBuckets(buckets: readonly (SupervisionBucket | null)[]): BucketCounts {
  const counts = { moderation: 0, queue: 0, overdue: 0, supervised: 0, onTrack: 0 };
  for (const b of buckets) if (b) counts[b]++;
  const open = counts.queue + counts.overdue + counts.supervised + counts.onTrack;
  return { ...counts, open, total: open + counts.moderation };
}

/** Why a case is on the supervision list, in the presidium's words. */
export function supervisionReason(
  opinion: CaseFields,
  bucket: SupervisionBucket,
  today: Ymd,
  calendar: WorkingCalendar,
): string {
  switch (bucket) {
    case 'moderation':
      return '内容需人工审核';
    case 'queue':
      return `待分办：${opinion.routing.reason}`;
    case 'overdue': {
      const due = runningDeadline(opinion) as Ymd;
      const late = workingDaysBetween(due, today, calendar);
      const what = opinion.status === 'assigned' ? '受理' : '答复';
      return `超过${what}时限${late}个工作日（${due}到期）`;
    }
    case 'supervised':
      return opinion.reopenCount > 0 ? `群众不满意，第${opinion.reopenCount}次重新办理` : '督办中，尚未超期';
    case 'onTrack':
      return '正常办理';
  }
}

/**
 * The deputies owning an open case when none of them can act on it (never bound WeChat, or stopped):
 * nobody can sign in as them and no message reaches them, so the case would stall silently. Empty when
 * someone can act, or the case is not with deputies (the presidium's queue is its own bucket).
 */
export function ownersWhoCannotAct(
  opinion: Pick<Opinion, 'status' | 'owner'>,
  canAct: (deputyId: string) => boolean,
): string[] {
  if (!OPEN_STATUSES.includes(opinion.status) || opinion.owner.kind !== 'deputies') return [];
  const ids = opinion.owner.deputyIds;
  return ids.some(canAct) ? [] : [...ids];
}

/** Who has the case now, in words: 代表王建国、李秀英 · 乡农业办（转办） · 主席团. */
export function ownerLabel(owner: Owner, deputyNames: ReadonlyMap<string, string>): string {
  const names = (ids: string[]) => ids.map((id) => deputyNames.get(id) ?? id).join('、');
  if (owner.kind === 'presidium') return '乡镇人大主席团';
  if (owner.kind === 'department') {
    return owner.deputyIds.length > 0
      ? `${owner.departmentName}（代表${names(owner.deputyIds)}转办）`
      : owner.departmentName;
  }
  return `代表${names(owner.deputyIds)}`;
}

/**
 * 催办: the presidium chases the people handling a case, at most once per China day per case; only a
 * case someone is working on (not in review, not waiting in the presidium's own queue, not finished).
 */
export function checkChase(
  opinion: Pick<Opinion, 'status' | 'owner'>,
  lastChasedAt: Date | null,
  now: Date,
): Decision<void> {
  if (
    !['assigned', 'accepted', 'transferred'].includes(opinion.status) ||
    opinion.owner.kind === 'presidium'
  ) {
    return deny('CHASE_NOT_OPEN');
  }
  if (lastChasedAt && chinaDate(lastChasedAt) === chinaDate(now)) return deny('CHASE_TOO_SOON');
  return allow(undefined);
}
