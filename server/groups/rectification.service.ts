/**
 * Rectification items (整改事项) as use cases: the findings of an inspection (集中视察, 执法检查) filed
 * when the activity closed, each with an office and a deadline. The office's staff (through the
 * department door, scoped to their department) report an item fixed, or the presidium records the fix;
 * the scheduler chases an open item past its deadline on working days, telling the office's bound staff
 * and the presidium once per item per person per day. Rules: core/groups/rectification.rules.ts.
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import {
  ACTIVITY_KIND_LABELS,
  RECTIFICATION_STATUS_LABELS,
  type Activity,
  type Rectification,
  type RectificationStatus,
} from '../../core/groups/groups.types';
import { checkFix, isLate } from '../../core/groups/rectification.rules';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import { messageDate } from '../../core/notify/message.fields';
import { pageWith } from '../../core/notify/pages';
import { loadCalendar } from '../calendar';
import { fail, orFail } from '../errors';
import { presidiumMembers, staffOfDepartment } from '../identity/users.repo';
import { listDepartments } from '../opinion/opinions.repo';
import { flushOutbox, queueMessage } from '../outbox';
import type { ActionContext } from '../pipeline';
import { requireDateIn } from '../schemas';
import {
  getActivity,
  getRectification,
  lateRectifications,
  rectificationCountsOf,
  rectificationsWith,
  rewriteRectification,
  type RectificationScope,
} from './activities.repo';

/** What an action on an item touches, for the pipeline's scope rule: its office. */
export async function rectificationScope(id: string): Promise<ScopeTarget | null> {
  const r = await getRectification(id);
  return r ? { stationCode: r.stationCode, departmentId: r.departmentId } : null;
}

/** Items with their activity's title and the office's name. */
export async function rectificationViews(
  items: Rectification[],
  now: Date,
  known: Map<string, Activity> = new Map(),
) {
  const today = chinaDate(now);
  const departments = new Map((await listDepartments()).map((d) => [d._id, d.name]));
  const missing = [...new Set(items.map((r) => r.activityId))].filter((id) => !known.has(id));
  for (const a of await Promise.all(missing.map(getActivity))) if (a) known.set(a._id, a);
  return items.map((r) => ({
    id: r._id,
    activityId: r.activityId,
    activityTitle: known.get(r.activityId)?.title ?? '',
    kind: r.kind,
    kindLabel: ACTIVITY_KIND_LABELS[r.kind],
    date: r.date,
    departmentId: r.departmentId,
    departmentName: departments.get(r.departmentId) ?? r.departmentId,
    text: r.text,
    deadline: r.deadline,
    status: r.status,
    statusLabel: RECTIFICATION_STATUS_LABELS[r.status],
    late: isLate(r, today),
    fixedOn: r.fixedOn ?? null,
    reportedOn: r.reportedOn ?? null,
    fixNote: r.fixNote ?? null,
    fixedByLabel: r.fixedBy ? (r.fixedBy.role === 'presidium' ? '主席团登记' : '责任单位报告') : null,
  }));
}

/** At most this many items in one answer; the counts are always the whole. */
export const RECTIFICATION_LIST_MAX = 200;

/**
 * The presidium sees every office's items; department staff their own office's. Open items come first
 * (by deadline, so the longest late first), then the fixed ones (most recent deadline first), at most
 * RECTIFICATION_LIST_MAX in all; `counts` (open, late, fixed) come from count queries, so they are
 * right however many items there are.
 */
export async function listRectifications(ctx: ActionContext, status?: RectificationStatus) {
  const { caller, now } = ctx;
  let scope: RectificationScope = {};
  if (caller.role !== 'presidium') {
    const departmentId = caller.user?.departmentId;
    if (caller.role !== 'department' || !departmentId) fail('NOT_YOUR_DEPARTMENT');
    scope = { departmentId };
  }
  const max = RECTIFICATION_LIST_MAX;
  const [counts, items] = await Promise.all([
    rectificationCountsOf(scope, chinaDate(now)),
    status
      ? rectificationsWith(scope, status, max)
      : rectificationsWith(scope, 'open', max).then(async (open) =>
          open.length >= max
            ? open
            : [...open, ...(await rectificationsWith(scope, 'fixed', max - open.length))],
        ),
  ]);
  return { items: await rectificationViews(items, now), counts };
}

/** The office (its staff) reports an item fixed, or the presidium records the fix. */
export async function reportFixed(
  ctx: ActionContext,
  input: { rectificationId: string; fixedOn: Ymd; note: string },
) {
  const { caller, now } = ctx;
  requireDateIn('projectDay', input.fixedOn, chinaDate(now));
  const before = await getRectification(input.rectificationId);
  if (!before) fail('RECTIFICATION_NOT_FOUND');
  const byPresidium = caller.role === 'presidium';
  if (!byPresidium && (caller.role !== 'department' || caller.user?.departmentId !== before.departmentId)) {
    fail('NOT_YOUR_DEPARTMENT');
  }
  const note = input.note.trim().slice(0, 300);
  const reportedOn = chinaDate(now);
  const fixed = await rewriteRectification(input.rectificationId, (r) => {
    orFail(checkFix(r, input.fixedOn, reportedOn, byPresidium ? 'presidium' : 'department'));
    return {
      ...r,
      status: 'fixed',
      fixedOn: input.fixedOn,
      reportedOn,
      fixNote: note,
      fixedBy: { openid: caller.openid, role: byPresidium ? 'presidium' : 'department' },
      updatedAt: now,
    };
  });
  return (await rectificationViews([fixed], now))[0];
}

/**
 * The scheduler's job: on a working day, every open item past its deadline is chased — its office's
 * bound staff and the presidium each get one `opinionDeadline` reminder per item per day (the key
 * names the day and the person, so a rerun the same day queues nothing twice).
 */
export async function chaseLateRectifications(now: Date): Promise<number> {
  const today = chinaDate(now);
  const calendar = await loadCalendar();
  if (!calendar.isWorkingDay(today)) return 0;
  const late = await lateRectifications(today);
  if (late.length === 0) return 0;
  const presidium = await presidiumMembers();
  const staffOf = new Map<string, string[]>();
  const ids: string[] = [];
  for (const r of late) {
    if (!staffOf.has(r.departmentId)) {
      staffOf.set(
        r.departmentId,
        (await staffOfDepartment(r.departmentId)).map((u) => u.openid ?? u._id),
      );
    }
    const to = new Set([...(staffOf.get(r.departmentId) ?? []), ...presidium.map((u) => u.openid ?? u._id)]);
    for (const openid of to)
      ids.push(
        await queueMessage(
          null,
          {
            key: `rectification:${r._id}:late:${today}:${openid}`,
            openid,
            template: 'opinionDeadline',
            page: pageFor(openid, staffOf.get(r.departmentId) ?? []),
            fields: {
              thing1: `整改事项：${r.text}`,
              phrase2: '整改逾期',
              time3: `${messageDate(r.deadline)} 23:59`,
            },
            ref: `rectification:${r._id}`,
          },
          now,
        ),
      );
  }
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

/** The office's staff open their inbox (the department door); the presidium its list of items. */
function pageFor(openid: string, staff: readonly string[]): string {
  return staff.includes(openid) ? pageWith('departmentInbox', {}) : pageWith('rectifications', {});
}
