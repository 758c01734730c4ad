/**
 * A notice's life: drafted from the records → each deputy confirms their row or comments (异议) →
 * the presidium approves → published. Until publication the draft can be rebuilt from the records
 * (after fixing them), which asks the deputies again. A published notice is a fact and never changes:
 * a correction is a new published version that supersedes it and says what changed.
 */
import type { Role } from '../identity/role.rules';
import { checkScope } from '../identity/scope.rules';
import { allow, deny, type Decision } from '../result';
import { withTotals } from './disclosure.aggregate';
import type { Reviewer } from './duty.rules';
import {
  type ConfirmationChannel,
  FIGURE_KEYS,
  FIGURE_LABELS,
  type DeputyFigureRow,
  type DeputyResponse,
  type DisclosureFigures,
  type DisclosureNotice,
  type FigureKey,
} from './duty.types';

/**
 * Who may read a notice before it is published: the presidium, the admin of the notice's station, and
 * the deputies with a row in it (they confirm it). Anyone else reads only published notices. Not an
 * action's scope (a published notice is anyone's to read, so `duty.getNotice` declares none): the
 * station part is still the one scope rule's answer (core/identity/scope.rules.ts).
 */
export function canReadDraftNotice(
  notice: Pick<DisclosureNotice, 'stationCode' | 'figures'>,
  reader: { role: Role; stationCode?: string; deputyId?: string },
): boolean {
  if (reader.role === 'presidium') return true;
  if (reader.role === 'stationAdmin') return checkScope(reader, { stationCode: notice.stationCode }).ok;
  if (reader.role === 'deputy') return notice.figures.rows.some((r) => r.deputyId === reader.deputyId);
  return false;
}

/** Version 1 of a station's notice for a period. */
export function draftNotice(
  stationCode: string,
  periodId: string,
  figures: DisclosureFigures,
  now: Date,
): DisclosureNotice {
  return {
    stationCode,
    periodId,
    version: 1,
    status: 'draft',
    figures: withTotals(figures.rows),
    responses: [],
    createdAt: now,
  };
}

/** Rebuilds an unpublished draft from fresh figures; earlier answers and approval no longer hold. */
export function redraftNotice(
  notice: DisclosureNotice,
  figures: DisclosureFigures,
  now: Date,
): Decision<DisclosureNotice> {
  if (notice.status === 'published') return deny('NOTICE_PUBLISHED');
  const { approvedBy: _by, approvedAt: _at, ...rest } = notice;
  return allow({
    ...rest,
    status: 'draft',
    figures: withTotals(figures.rows),
    responses: [],
    createdAt: now,
  });
}

export function confirmNotice(
  notice: DisclosureNotice,
  deputyId: string,
  now: Date,
): Decision<DisclosureNotice> {
  return respond(notice, { deputyId, answer: 'confirmed', at: now });
}

/**
 * The presidium records a deputy's confirmation given on paper or by phone (a deputy who never bound
 * WeChat, or cannot use it), with the reason; it counts as the deputy's confirmation and says how it was
 * given. An answer the deputy gave in WeChat themself is never overwritten.
 */
export function recordConfirmation(
  notice: DisclosureNotice,
  deputyId: string,
  reviewer: Reviewer,
  how: { channel: ConfirmationChannel; reason: string },
  now: Date,
): Decision<DisclosureNotice> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  const reason = how.reason.trim();
  if (!reason) return deny('CONFIRMATION_REASON_REQUIRED');
  const own = notice.responses.find((r) => r.deputyId === deputyId);
  if (own && !own.recorded && notice.status !== 'published' && notice.status !== 'approved')
    return deny('NOTICE_DEPUTY_ANSWERED');
  return respond(notice, {
    deputyId,
    answer: 'confirmed',
    at: now,
    recorded: { by: reviewer.id, channel: how.channel, reason },
  });
}

/** The deputy disagrees with their row and says why; the presidium reads it before approving. */
export function commentOnNotice(
  notice: DisclosureNotice,
  deputyId: string,
  comment: string,
  now: Date,
): Decision<DisclosureNotice> {
  const text = comment.trim();
  if (!text) return deny('NOTICE_COMMENT_REQUIRED');
  return respond(notice, { deputyId, answer: 'commented', comment: text, at: now });
}

/**
 * The presidium approves once every deputy in the notice has answered. A comment does not block
 * approval: the presidium decides whether to fix the records and redraft, or approve as is.
 */
export function approveNotice(
  notice: DisclosureNotice,
  reviewer: Reviewer,
  now: Date,
): Decision<DisclosureNotice> {
  if (reviewer.role !== 'presidium') return deny('FORBIDDEN');
  if (notice.status === 'published') return deny('NOTICE_PUBLISHED');
  if (notice.status === 'approved') return deny('NOTICE_ALREADY_APPROVED');
  const answered = new Set(notice.responses.map((r) => r.deputyId));
  if (!notice.figures.rows.every((row) => answered.has(row.deputyId))) return deny('NOTICE_NOT_APPROVABLE');
  return allow({ ...notice, status: 'approved', approvedBy: reviewer.id, approvedAt: now });
}

export function publishNotice(notice: DisclosureNotice, now: Date): Decision<DisclosureNotice> {
  if (notice.status === 'published') return deny('NOTICE_PUBLISHED');
  if (notice.status !== 'approved') return deny('NOTICE_NOT_APPROVED');
  return allow({ ...notice, status: 'published', publishedAt: now });
}

/**
 * A correction of a published notice: a new published version (version + 1) that supersedes it,
 * keeps the reason, and lists in Chinese which figures changed from what to what. The published
 * notice itself is not touched. Totals are recomputed from the rows.
 */
export function correctNotice(
  published: DisclosureNotice,
  newFigures: DisclosureFigures,
  reason: string,
  now: Date,
): Decision<DisclosureNotice> {
  if (published.status !== 'published') return deny('NOTICE_NOT_PUBLISHED');
  const correctionReason = reason.trim();
  if (!correctionReason) return deny('CORRECTION_REASON_REQUIRED');
  if (!published._id) throw new Error('a published notice has an _id');
  const figures = withTotals(newFigures.rows);
  const changes = diffFigures(published.figures, figures);
  if (changes.length === 0) return deny('CORRECTION_NO_CHANGE');
  return allow({
    stationCode: published.stationCode,
    periodId: published.periodId,
    version: published.version + 1,
    status: 'published',
    figures,
    responses: [],
    createdAt: now,
    publishedAt: now,
    supersedes: published._id,
    correctionReason,
    changeNote: describeChanges(changes),
    changesByDeputy: changesByDeputy(changes),
  });
}

/** Each affected deputy's own changes, in their words: '走访选民（次）由 3 改为 4，…' by deputy id. */
export function changesByDeputy(changes: readonly FigureChange[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of changes) {
    const text = `${FIGURE_LABELS[c.key]}由 ${c.from} 改为 ${c.to}`;
    out[c.deputyId] = out[c.deputyId] ? `${out[c.deputyId]}，${text}` : text;
  }
  return out;
}

export interface FigureChange {
  deputyId: string;
  deputyName: string;
  key: FigureKey;
  from: number;
  to: number;
}

/** Every per-deputy figure that differs; a deputy missing on one side counts as all zeros there. */
export function diffFigures(before: DisclosureFigures, after: DisclosureFigures): FigureChange[] {
  const oldRows = new Map(before.rows.map((r) => [r.deputyId, r]));
  const newRows = new Map(after.rows.map((r) => [r.deputyId, r]));
  const ids = [...new Set([...oldRows.keys(), ...newRows.keys()])];
  return ids.flatMap((deputyId) => {
    const was = oldRows.get(deputyId);
    const is = newRows.get(deputyId);
    const deputyName = (is ?? was)?.deputyName ?? deputyId;
    return FIGURE_KEYS.filter((key) => figureOf(was, key) !== figureOf(is, key)).map((key) => ({
      deputyId,
      deputyName,
      key,
      from: figureOf(was, key),
      to: figureOf(is, key),
    }));
  });
}

/** '张三：走访选民（次）由 3 改为 4，提出建议（件）由 1 改为 2；李四：…' */
export function describeChanges(changes: readonly FigureChange[]): string {
  const byDeputy = new Map<string, FigureChange[]>();
  for (const c of changes) byDeputy.set(c.deputyId, [...(byDeputy.get(c.deputyId) ?? []), c]);
  return [...byDeputy.values()]
    .map(
      (list) =>
        `${list[0].deputyName}：${list.map((c) => `${FIGURE_LABELS[c.key]}由 ${c.from} 改为 ${c.to}`).join('，')}`,
    )
    .join('；');
}

function figureOf(row: DeputyFigureRow | undefined, key: FigureKey): number {
  return row ? row.figures[key] : 0;
}

function respond(notice: DisclosureNotice, response: DeputyResponse): Decision<DisclosureNotice> {
  if (notice.status === 'published') return deny('NOTICE_PUBLISHED');
  if (notice.status === 'approved') return deny('NOTICE_ALREADY_APPROVED');
  if (!notice.figures.rows.some((row) => row.deputyId === response.deputyId))
    return deny('NOT_NOTICE_DEPUTY');
  const responses = [...notice.responses.filter((r) => r.deputyId !== response.deputyId), response];
  return allow({ ...notice, responses, status: statusAfter(notice.figures.rows, responses) });
}

/** Any comment → commented; everyone confirmed → confirmed; otherwise still a draft. */
function statusAfter(rows: readonly DeputyFigureRow[], responses: readonly DeputyResponse[]) {
  if (responses.some((r) => r.answer === 'commented')) return 'deputyCommented' as const;
  const confirmed = new Set(responses.map((r) => r.deputyId));
  return rows.every((row) => confirmed.has(row.deputyId)) ? ('deputyConfirmed' as const) : ('draft' as const);
}
