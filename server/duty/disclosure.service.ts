/**
 * Disclosure notices (履职登记公示) as use cases: drafted from the records (the scheduler's job and on
 * demand), confirmed or disputed by the deputies in them, approved and published by the presidium (then
 * they never change), corrected as a new published version, printed for the notice board. What a
 * notice may become is decided in core/duty/disclosure.versioning.ts on the version re-read in the
 * transaction; storage is server/duty/notices.repo.ts; figures, periods and followers have their own
 * services beside this one.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { noticeIdOf } from '../../core/duty/disclosure.sources';
import {
  approveNotice,
  canReadDraftNotice,
  commentOnNotice,
  confirmNotice,
  correctNotice,
  draftNotice,
  publishNotice,
  recordConfirmation,
  redraftNotice,
} from '../../core/duty/disclosure.versioning';
import { deputyAnswers, noticeView } from '../../core/duty/disclosure.view';
import type { ConfirmationChannel, DisclosureNotice, DisclosurePeriod } from '../../core/duty/duty.types';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import { correctionReasonVerdict, noticeCommentVerdict } from '../../core/duty/notice.text';
import { PAGES } from '../../core/notify/pages';
import { checkTexts } from '../content-check';
import { fail, orFail } from '../errors';
import { miniProgramCode } from '../openapi';
import type { Caller } from '../pipeline';
import { getStation } from '../station/stations.repo';
import { renderNoticeHtml } from './disclosure-print';
import { activeStationCodes, deputiesWithOpenids, stationByCode } from './duty-sources.repo';
import { deputyOf, reviewer } from './duty.service';
import { computeFigures, emptyFigures } from './figures.service';
import { notifyCorrectedDeputies, notifyFollowers } from './followers.service';
import {
  getNotice as findNotice,
  insertNotice,
  latestPublished,
  noticesOfPeriod,
  noticesOfStation,
  publishedNoticesOf,
  publishedVersions,
  rewriteNotice,
  rewriteNoticeIf,
  type StoredNotice,
} from './notices.repo';
import { duePeriods, periodOrFail, resolvePeriod } from './periods.service';

export { notifyPending } from './followers.service';
export type { StoredNotice } from './notices.repo';

// --- drafting ------------------------------------------------------------------------------------

export interface DraftReport {
  drafted: number;
  redrafted: number;
  skipped: number;
}

/**
 * Drafts version 1 of the notice of every station for `period` (the scheduler's job): a station that
 * already has one keeps it, so running twice drafts nothing new. `redraft` rebuilds unpublished drafts.
 */
export async function draftNotices(
  period: DisclosurePeriod,
  now: Date,
  options: { stationCodes?: string[]; redraft?: boolean } = {},
): Promise<DraftReport> {
  const codes = options.stationCodes ?? (await activeStationCodes());
  const report: DraftReport = { drafted: 0, redrafted: 0, skipped: 0 };
  const existing = new Map<string, StoredNotice>();
  for (const code of codes) {
    const n = await findNotice(noticeIdOf(code, period.id, 1));
    if (n) existing.set(code, n);
  }
  const todo = codes.filter(
    (c) => !existing.has(c) || (options.redraft && existing.get(c)!.status !== 'published'),
  );
  if (todo.length === 0) return { ...report, skipped: codes.length };
  const figures = await computeFigures(period, chinaDate(now), options.stationCodes ? todo : undefined);
  for (const code of codes) {
    const f = figures.get(code) ?? emptyFigures(period);
    const old = existing.get(code);
    if (!old) {
      if (await insertNotice(noticeIdOf(code, period.id, 1), draftNotice(code, period.id, f, now)))
        report.drafted += 1;
      else report.skipped += 1;
    } else if (options.redraft && old.status !== 'published') {
      // Re-read in the transaction: a notice published since it was read above is never overwritten.
      const written = await rewriteNoticeIf(old._id, (current) => {
        const next = redraftNotice(current, f, now);
        return next.ok ? next.value : null;
      });
      if (written) report.redrafted += 1;
      else report.skipped += 1;
    } else report.skipped += 1;
  }
  return report;
}

/** The scheduler job: the default half-year that just ended, and any custom period that has ended. */
export async function draftDueNotices(now: Date): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of await duePeriods(now)) {
    const r = await draftNotices(p, now);
    out[p.id] = r.drafted;
  }
  return out;
}

/** The presidium drafts (or redrafts, while unpublished) a station's notice for a period now. */
export async function draftStationNotice(now: Date, stationCode: string, periodId: string) {
  if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
  const period = await periodOrFail(periodId);
  const current = await findNotice(noticeIdOf(stationCode, period.id, 1));
  if (current?.status === 'published') fail('NOTICE_PUBLISHED');
  await draftNotices(period, now, { stationCodes: [stationCode], redraft: true });
  const drafted = await noticeOrFail(noticeIdOf(stationCode, period.id, 1));
  // Published meanwhile: the redraft left it alone.
  if (drafted.status === 'published') fail('NOTICE_PUBLISHED');
  return viewOf(drafted);
}

/** The presidium drafts the period's notice of every active station now; unpublished drafts are rebuilt. */
export async function draftAllNotices(now: Date, periodId: string): Promise<DraftReport> {
  return draftNotices(await periodOrFail(periodId), now, { redraft: true });
}

// --- reading -------------------------------------------------------------------------------------

async function noticeOrFail(id: string): Promise<StoredNotice> {
  const n = await findNotice(id);
  if (!n) fail('NOTICE_NOT_FOUND');
  return n;
}

/** The station a notice belongs to, for the pipeline's scope check; null when there is no such notice. */
export async function noticeScope(id: string): Promise<ScopeTarget | null> {
  const n = await findNotice(id);
  return n ? { stationCode: n.stationCode } : null;
}

async function stationNameOf(code: string): Promise<{ name: string; address: string }> {
  const s = await stationByCode(code);
  return { name: s?.name ?? code, address: s?.address ?? '' };
}

async function viewOf(notice: StoredNotice) {
  const [{ name }, period] = await Promise.all([
    stationNameOf(notice.stationCode),
    resolvePeriod(notice.periodId),
  ]);
  return noticeView(
    notice,
    name,
    period.ok ? period.value : null,
    notice.publishedAt ? chinaDate(notice.publishedAt) : null,
  );
}

/** The presidium's list of notices (every station and version) of a period, or of the latest periods. */
export async function listNotices(periodId?: string) {
  const notices = await noticesOfPeriod(periodId);
  const ids = [...new Set(notices.flatMap((n) => n.figures.rows.map((r) => r.deputyId)))];
  const bound = new Set(
    (ids.length ? await deputiesWithOpenids(ids) : []).filter((d) => !!d.openid).map((d) => d._id),
  );
  return Promise.all(
    notices.map(async (n) => {
      const v = await viewOf(n);
      return {
        /** Each deputy's answer; 记录纸质/电话确认 where the presidium may record one (core deputyAnswers). */
        deputyAnswers: deputyAnswers(n, (id) => bound.has(id)),
        id: n._id,
        title: v.title,
        stationCode: n.stationCode,
        periodId: n.periodId,
        periodLabel: v.periodLabel,
        version: n.version,
        status: n.status,
        statusLabel: v.statusLabel,
        answered: n.responses.length,
        deputies: n.figures.rows.length,
        comments: n.responses.filter((r) => r.answer === 'commented').length,
      };
    }),
  );
}

/** A deputy's notices waiting for their confirmation, and the published ones they are in. */
export async function myNotices(caller: Caller) {
  const deputy = await deputyOf(caller);
  const notices = await noticesOfStation(deputy.stationCode, 50);
  const mine = notices.filter((n) => n.figures.rows.some((r) => r.deputyId === deputy._id));
  return Promise.all(
    mine.map(async (n) => {
      const v = await viewOf(n);
      const response = n.responses.find((r) => r.deputyId === deputy._id);
      return {
        ...v,
        rows: v.rows.filter((r) => r.deputyId === deputy._id),
        myResponse: response?.answer ?? null,
        /** A correction: what changed in this deputy's own row (null when it did not change). */
        myChange: n.changesByDeputy?.[deputy._id] ?? null,
        canRespond: n.status !== 'approved' && n.status !== 'published',
      };
    }),
  );
}

/**
 * One notice (optionally another version of the same station and period) with its published versions.
 * A draft is NOTICE_NOT_FOUND to anyone who may not read it (core canReadDraftNotice).
 */
export async function readNotice(caller: Caller, id: string, version?: number) {
  let notice = await noticeOrFail(id);
  if (version !== undefined && version !== notice.version)
    notice = await noticeOrFail(noticeIdOf(notice.stationCode, notice.periodId, version));
  if (
    notice.status !== 'published' &&
    !canReadDraftNotice(notice, {
      role: caller.role,
      stationCode: caller.user?.stationCode,
      deputyId: caller.user?.deputyId,
    })
  )
    fail('NOTICE_NOT_FOUND');
  const versions = await publishedVersions(notice.stationCode, notice.periodId);
  return {
    ...(await viewOf(notice)),
    versions: versions.map((v) => ({
      id: v._id,
      version: v.version,
      publishedOn: v.publishedAt ? chinaDate(v.publishedAt) : null,
    })),
  };
}

/** The latest published version of the station's latest published period, or null. */
export async function currentNotice(stationCode: string) {
  const latest = await latestPublished(stationCode);
  if (!latest) return null;
  const current = await latestPublished(stationCode, latest.periodId);
  return viewOf(current ?? latest);
}

/** A station's published notices, every period and version, newest first. */
export async function noticeHistory(stationCode: string) {
  const all = await publishedNoticesOf(stationCode);
  all.sort((a, b) => b.periodId.localeCompare(a.periodId) || b.version - a.version);
  return Promise.all(
    all.map(async (n) => {
      const period = await resolvePeriod(n.periodId);
      return {
        id: n._id,
        periodId: n.periodId,
        periodLabel: period.ok ? period.value.label : n.periodId,
        version: n.version,
        publishedOn: n.publishedAt ? chinaDate(n.publishedAt) : null,
        correction: n.version > 1,
      };
    }),
  );
}

// --- answering, approving, publishing ------------------------------------------------------------

const change = async (id: string, decide: (n: StoredNotice) => DisclosureNotice) =>
  viewOf(await rewriteNotice(id, decide));

/** A deputy confirms their row. */
export async function confirm(caller: Caller, now: Date, id: string) {
  const deputy = await deputyOf(caller);
  return change(id, (n) => orFail(confirmNotice(n, deputy._id, now)));
}

/**
 * The presidium records a deputy's confirmation given on paper or by phone, with a reason shown on the
 * notice once published: checked as a deputy's comment is (core/duty/notice.text.ts).
 */
export async function recordPaperConfirmation(
  caller: Caller,
  now: Date,
  input: { id: string; deputyId: string; channel: ConfirmationChannel; reason: string },
) {
  const { id, deputyId, channel, reason } = input;
  if (reason.trim()) orFail(noticeCommentVerdict(await checkTexts([reason], caller.openid)));
  return change(id, (n) =>
    orFail(recordConfirmation(n, deputyId, reviewer(caller), { channel, reason }, now)),
  );
}

/** A deputy disagrees with their row and says why (shown on the published notice: content-checked). */
export async function comment(caller: Caller, now: Date, id: string, text: string) {
  const deputy = await deputyOf(caller);
  orFail(noticeCommentVerdict(await checkTexts([text], caller.openid)));
  return change(id, (n) => orFail(commentOnNotice(n, deputy._id, text, now)));
}

/** The presidium approves a notice once every deputy in it has answered. */
export async function approve(caller: Caller, now: Date, id: string) {
  return change(id, (n) => orFail(approveNotice(n, reviewer(caller), now)));
}

/** Publishes an approved notice (then it never changes) and tells the station's followers. */
export async function publish(now: Date, id: string) {
  const published = await rewriteNotice(id, (n) => orFail(publishNotice(n, now)));
  const { name } = await stationNameOf(published.stationCode);
  const notified = await notifyFollowers(published, name, now);
  return { ...(await viewOf(published)), notified };
}

/**
 * Corrects the current published notice: a new published version from the records as they are now,
 * saying what changed and why (the reason published at once: checked as a villager's text, flagged text
 * only once confirmed). Followers and the deputies whose rows changed are told; the old version stays.
 */
export async function correct(
  caller: Caller,
  now: Date,
  input: { id: string; reason: string; confirmed: boolean },
) {
  const { id, reason, confirmed } = input;
  orFail(correctionReasonVerdict(await checkTexts([reason], caller.openid), confirmed));
  const old = await noticeOrFail(id);
  const current = await latestPublished(old.stationCode, old.periodId);
  if (!current || current._id !== old._id) fail('NOTICE_NOT_PUBLISHED');
  const period = await periodOrFail(old.periodId);
  const figures = (await computeFigures(period, chinaDate(now), [old.stationCode])).get(old.stationCode);
  const next = orFail(correctNotice(old, figures ?? { rows: [], totals: old.figures.totals }, reason, now));
  const newId = noticeIdOf(old.stationCode, old.periodId, next.version);
  if (!(await insertNotice(newId, next))) fail('CONFLICT');
  const stored = { ...next, _id: newId };
  const { name } = await stationNameOf(old.stationCode);
  const notified = await notifyFollowers(stored, name, now);
  const deputiesTold = await notifyCorrectedDeputies(stored, name, now);
  return { ...(await viewOf(stored)), notified, deputiesTold };
}

// --- printing ------------------------------------------------------------------------------------

/** The printable A4 notice (HTML with the station's QR code) and the file name its PDF gets. */
export async function printableNotice(now: Date, id: string) {
  const notice = await noticeOrFail(id);
  const view = await viewOf(notice);
  const { address } = await stationNameOf(notice.stationCode);
  const png = await miniProgramCode(notice.stationCode, PAGES.station);
  const today = chinaDate(now);
  const html = renderNoticeHtml(view, {
    stationAddress: address,
    qrPngBase64: png.toString('base64'),
    printedOn: `${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`,
  });
  return { fileName: `${notice.stationCode}-${notice.periodId}-v${notice.version}.pdf`, html };
}
