/**
 * Cloud function `duty`: deputies' duty records (履职登记), the disclosure notices built from them
 * (履职登记公示) and the report-back evaluation (述职测评).
 */
import { PAGES } from '../../../core/notify/pages';
import type { CollectionName } from '../../../server/db/collections';
import { z } from 'zod';
import { chinaDate, chinaInstant } from '../../../core/calendar/china-time';
import { customPeriod, periodsBetween } from '../../../core/duty/disclosure.periods';
import { followIdOf, noticeIdOf, ratingIdOf } from '../../../core/duty/disclosure.sources';
import {
  approveNotice,
  canReadDraftNotice,
  commentOnNotice,
  confirmNotice,
  correctNotice,
  publishNotice,
  recordConfirmation,
} from '../../../core/duty/disclosure.versioning';
import { noticeView } from '../../../core/duty/disclosure.view';
import { correctionReasonVerdict, noticeCommentVerdict } from '../../../core/duty/notice.text';
import {
  approveRecord,
  editManualRecord,
  newManualRecord,
  returnRecord,
  DESCRIPTION_MAX_CHARS,
  PEOPLE_REACHED_MAX,
  PHOTOS_MAX,
} from '../../../core/duty/duty.rules';
import {
  CONFIRMATION_CHANNELS,
  DUTY_TYPE_LABELS,
  MANUAL_DUTY_TYPES,
  MANUAL_RECORD_STATUS_LABELS,
  SATISFACTION_LABELS,
  SATISFACTION_LEVELS,
  type DisclosureNotice,
  type DisclosurePeriod,
  type DutyRecord,
  type Evaluation,
} from '../../../core/duty/duty.types';
import {
  DEFAULT_EVALUATION_DAYS,
  REPORT_MAX_CHARS,
  checkReportPosted,
  closeEvaluation,
  isClosed,
  isOpen,
  postReport,
  publishEvaluation,
  rate,
  scheduleEvaluation,
  type Tally,
} from '../../../core/duty/evaluation.rules';
import type { Deputy, Station } from '../../../core/station/station.types';
import {
  command,
  count,
  findAll,
  findById,
  findMany,
  findOne,
  insert,
  isDuplicateKey,
  removeWhere,
  transaction,
} from '../../../server/db/collection';
import {
  FOLLOWERS,
  NOTICES,
  PERIODS,
  computeFigures,
  draftNotices,
  latestPublished,
  notifyCorrectedDeputies,
  notifyFollowers,
  resolvePeriod,
  type StoredNotice,
  type StoredPeriod,
} from '../../../server/duty/disclosure.service';
import { checkTexts } from '../../../server/content-check';
import { renderNoticeHtml } from '../../../server/duty/disclosure-print';
import { DUTY_RECORDS } from '../../../server/duty/duty-records.repo';
import type { ErrorCode } from '../../../core/errors/error.codes';
import { fail, orFail } from '../../../server/errors';
import { miniProgramCode } from '../../../server/openapi';
import {
  action,
  defineFunction,
  requestIdSchema,
  type ActionContext,
  type Caller,
} from '../../../server/pipeline';
import { idSchema, requireDateIn, stationCodeSchema, ymdSchema } from '../../../server/schemas';
import { DEPUTIES, RECEPTION_DAYS, STATIONS, getStation } from '../../../server/station/stations.repo';

export const EVALUATIONS = 'evaluations';
export const EVALUATION_RATINGS = 'evaluationRatings';
const BOOKINGS = 'bookings';

type StoredRecord = DutyRecord & { _id: string };
type StoredEvaluation = Evaluation & { _id: string };

const docIdSchema = z.string().regex(/^[A-Za-z0-9_:-]{1,120}$/, '编号格式不正确');
const periodIdSchema = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, '公示期编号格式不正确');
const recordFields = {
  type: z.enum(MANUAL_DUTY_TYPES),
  date: ymdSchema,
  description: z.string().max(DESCRIPTION_MAX_CHARS * 2, '履职内容太长了'),
  peopleReached: z.number().int().min(0).max(PEOPLE_REACHED_MAX),
  photos: z.array(z.string().max(300)).max(PHOTOS_MAX, `照片最多${PHOTOS_MAX}张`).default([]),
};

async function deputyOf(caller: Caller): Promise<Deputy> {
  const id = caller.user?.deputyId;
  if (caller.role !== 'deputy' || !id) fail('NOT_A_DEPUTY');
  const deputy = await findById<Deputy>(DEPUTIES, id);
  if (!deputy) fail('NOT_A_DEPUTY');
  return deputy;
}

const reviewer = (caller: Caller) => ({ id: caller.openid, role: caller.role });

function recordView(r: StoredRecord) {
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

/**
 * A change to one document, decided by a core rule on the version re-read inside the transaction and
 * written back whole (minus `_id`) in that transaction: records, notices and evaluations all change so.
 */
async function rewrite<T extends object>(
  collection: CollectionName,
  id: string,
  notFound: ErrorCode,
  decide: (current: T & { _id: string }) => T,
): Promise<T & { _id: string }> {
  return transaction(async (tx) => {
    const current = await tx.get<T>(collection, id);
    if (!current) fail(notFound);
    const { _id: _ignored, ...rest } = decide({ ...current, _id: id }) as T & { _id?: string };
    await tx.set(collection, id, rest as Record<string, unknown>);
    return { ...(rest as T), _id: id };
  });
}

const rewriteRecord = async (id: string, decide: (r: StoredRecord) => DutyRecord) =>
  recordView(await rewrite<DutyRecord>(DUTY_RECORDS, id, 'DUTY_RECORD_NOT_FOUND', decide));

// --- notices -------------------------------------------------------------------------------------

async function stationName(code: string): Promise<{ name: string; address: string }> {
  const s = await findOne<Station>(STATIONS, { code });
  return { name: s?.name ?? code, address: s?.address ?? '' };
}

async function viewOf(notice: StoredNotice) {
  const [{ name }, period] = await Promise.all([
    stationName(notice.stationCode),
    resolvePeriod(notice.periodId),
  ]);
  return noticeView(
    notice,
    name,
    period.ok ? period.value : null,
    notice.publishedAt ? chinaDate(notice.publishedAt) : null,
  );
}

async function getNoticeDoc(id: string): Promise<StoredNotice> {
  const n = await findById<StoredNotice>(NOTICES, id);
  if (!n) fail('NOTICE_NOT_FOUND');
  return n;
}

const rewriteNotice = (id: string, decide: (n: StoredNotice) => DisclosureNotice) =>
  rewrite<Omit<StoredNotice, '_id'>>(NOTICES, id, 'NOTICE_NOT_FOUND', decide) as Promise<StoredNotice>;

const rewriteEvaluation = (id: string, decide: (e: StoredEvaluation) => Evaluation) =>
  rewrite<Evaluation>(EVALUATIONS, id, 'EVALUATION_NOT_FOUND', decide);

async function periodOrFail(id: string): Promise<DisclosurePeriod> {
  return orFail(await resolvePeriod(id));
}

// --- evaluations ---------------------------------------------------------------------------------

async function getEvaluationDoc(id: string): Promise<StoredEvaluation> {
  const e = await findById<StoredEvaluation>(EVALUATIONS, id);
  if (!e) fail('EVALUATION_NOT_FOUND');
  return e;
}

async function tallyOf(evaluationId: string): Promise<Tally> {
  const [satisfied, basicallySatisfied, dissatisfied] = await Promise.all(
    SATISFACTION_LEVELS.map((rating) => count(EVALUATION_RATINGS, { evaluationId, rating })),
  );
  return {
    satisfied,
    basicallySatisfied,
    dissatisfied,
    ratings: satisfied + basicallySatisfied + dissatisfied,
  };
}

async function checkedInOn(stationCode: string, date: string, openid: string): Promise<boolean> {
  const days = await findMany<{ _id: string }>(
    RECEPTION_DAYS,
    { stationCode, date },
    { limit: 100, fields: { _id: true } },
  );
  if (days.length === 0) return false;
  const n = await count(BOOKINGS, {
    dayId: command().in(days.map((d) => d._id)),
    openid,
    status: 'checkedIn',
  });
  return n > 0;
}

async function evaluationView(e: StoredEvaluation, ctx: ActionContext) {
  const deputy = await findById<Deputy>(DEPUTIES, e.deputyId);
  const mayRead = ctx.caller.role === 'presidium' || ctx.caller.user?.deputyId === e.deputyId;
  const tally = e.publishedAt || mayRead ? await tallyOf(e._id) : null;
  const mine = await findById<{ rating: string }>(EVALUATION_RATINGS, ratingIdOf(e._id, ctx.caller.openid));
  return {
    id: e._id,
    deputyId: e.deputyId,
    deputyName: deputy?.name ?? e.deputyId,
    stationCode: e.stationCode,
    date: e.date ?? chinaDate(e.opensAt),
    closesOn: chinaDate(new Date(e.closesAt.getTime() - 1)),
    report: e.report ?? null,
    open: isOpen(e, ctx.now) && !!e.report,
    closed: isClosed(e, ctx.now),
    published: !!e.publishedAt,
    villageCodes: e.villageCodes,
    tally: tally && {
      ...tally,
      labels: SATISFACTION_LEVELS.map((level) => ({
        level,
        label: SATISFACTION_LABELS[level],
        count: tally[level],
      })),
    },
    myRating: mine ? mine.rating : null,
  };
}

export const definition = defineFunction('duty', {
  // --- records ----------------------------------------------------------------------------------
  addRecord: action({
    summary:
      'A deputy records an activity the system did not see (visit, inspection, meeting, training, suggestion, help…); pending until the presidium approves it.',
    audience: ['deputy'],
    idempotent: true,
    input: z.strictObject({ requestId: requestIdSchema, ...recordFields }),
    run: async ({ caller, now }, { requestId, ...input }) => {
      const deputy = await deputyOf(caller);
      const record = orFail(newManualRecord(deputy._id, deputy.stationCode, input, chinaDate(now), now));
      requireDateIn('dutyRecord', input.date, chinaDate(now));
      const id = `man:${deputy._id}:${requestId}`;
      try {
        await insert(DUTY_RECORDS, { _id: id, ...record });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return recordView({ ...record, _id: id });
    },
  }),

  editRecord: action({
    summary: 'The deputy corrects their own pending or returned record; it goes back to pending.',
    audience: ['deputy'],
    input: z.strictObject({ id: docIdSchema, ...recordFields }),
    run: async ({ caller, now }, { id, ...input }) => {
      const deputy = await deputyOf(caller);
      return rewriteRecord(id, (r) => {
        const edited = orFail(editManualRecord(r, deputy._id, input, chinaDate(now), now));
        requireDateIn('dutyRecord', input.date, chinaDate(now));
        return edited;
      });
    },
  }),

  myRecords: action({
    summary: "The deputy's own duty records (manual and system), newest first, with review status.",
    audience: ['deputy'],
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(100) }),
    run: async ({ caller }, { limit }) => {
      const deputy = await deputyOf(caller);
      const [records, total, pending] = await Promise.all([
        findMany<StoredRecord>(
          DUTY_RECORDS,
          { deputyId: deputy._id },
          { orderBy: [['date', 'desc']], limit },
        ),
        count(DUTY_RECORDS, { deputyId: deputy._id }),
        count(DUTY_RECORDS, { deputyId: deputy._id, source: 'manual', status: 'pending' }),
      ]);
      return {
        deputyName: deputy.name,
        total,
        pending,
        types: MANUAL_DUTY_TYPES.map((t) => ({ value: t, label: DUTY_TYPE_LABELS[t] })),
        records: records.map(recordView),
      };
    },
  }),

  reviewQueue: action({
    summary: 'Manual records waiting for the presidium, oldest first (a page of 100 and the total).',
    audience: ['presidium'],
    input: z.strictObject({}),
    run: async () => {
      const where = { source: 'manual', status: 'pending' };
      const [records, total] = await Promise.all([
        findMany<StoredRecord>(DUTY_RECORDS, where, { orderBy: [['createdAt', 'asc']], limit: 100 }),
        count(DUTY_RECORDS, where),
      ]);
      const deputies = await findAll<Deputy>(DEPUTIES, {}, { name: true });
      const names = new Map(deputies.map((d) => [d._id, d.name]));
      return {
        total,
        records: records.map((r) => ({ ...recordView(r), deputyName: names.get(r.deputyId) ?? r.deputyId })),
      };
    },
  }),

  approveRecord: action({
    summary: 'The presidium approves a pending manual record; from then on it counts in notices.',
    audience: ['presidium'],
    input: z.strictObject({ id: docIdSchema }),
    run: async ({ caller, now }, { id }) =>
      rewriteRecord(id, (r) => orFail(approveRecord(r, reviewer(caller), now))),
  }),

  returnRecord: action({
    summary: 'The presidium returns a pending manual record to its deputy with a comment.',
    audience: ['presidium'],
    input: z.strictObject({ id: docIdSchema, comment: z.string().max(200, '退回原因最多200字') }),
    run: async ({ caller, now }, { id, comment }) =>
      rewriteRecord(id, (r) => orFail(returnRecord(r, reviewer(caller), comment, now))),
  }),

  // --- periods ----------------------------------------------------------------------------------
  listPeriods: action({
    summary: 'Disclosure periods: the default half-years of the last two years and any set by the presidium.',
    audience: ['presidium', 'stationAdmin', 'deputy'],
    input: z.strictObject({}),
    run: async ({ now }) => {
      const today = chinaDate(now);
      const defaults = periodsBetween(`${Number(today.slice(0, 4)) - 2}-01-01`, today).reverse();
      const custom = await findMany<StoredPeriod>(PERIODS, {}, { orderBy: [['start', 'desc']], limit: 100 });
      return [
        ...defaults.map((p) => ({ ...p, custom: false, ended: p.end < today })),
        ...custom.map((p) => ({
          id: p.id,
          start: p.start,
          end: p.end,
          label: p.label,
          custom: true,
          ended: p.end < today,
        })),
      ];
    },
  }),

  setPeriod: action({
    summary:
      'The presidium adds a custom disclosure period (besides the default half-years); drafted once it ends.',
    audience: ['presidium'],
    input: z.strictObject({ id: periodIdSchema, start: ymdSchema, end: ymdSchema }),
    run: async ({ caller, now }, { id, start, end }) => {
      const period = orFail(customPeriod(id, start, end));
      requireDateIn('period', start, chinaDate(now));
      requireDateIn('period', end, chinaDate(now));
      if (await count(NOTICES, { periodId: id, status: 'published' })) fail('NOTICE_PUBLISHED');
      await transaction((tx) =>
        tx.set(PERIODS, id, { ...period, createdBy: caller.openid, createdAt: now } as unknown as Record<
          string,
          unknown
        >),
      );
      return period;
    },
  }),

  // --- notices ----------------------------------------------------------------------------------
  draftNotice: action({
    summary:
      "The presidium drafts (or re-drafts, if unpublished) a station's notice for a period now, from the records.",
    audience: ['presidium'],
    input: z.strictObject({ stationCode: stationCodeSchema, periodId: periodIdSchema }),
    run: async ({ now }, { stationCode, periodId }) => {
      if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
      const period = await periodOrFail(periodId);
      const current = await findById<StoredNotice>(NOTICES, noticeIdOf(stationCode, period.id, 1));
      if (current?.status === 'published') fail('NOTICE_PUBLISHED');
      await draftNotices(period, now, { stationCodes: [stationCode], redraft: true });
      const drafted = await getNoticeDoc(noticeIdOf(stationCode, period.id, 1));
      // Published meanwhile: the redraft left it alone.
      if (drafted.status === 'published') fail('NOTICE_PUBLISHED');
      return viewOf(drafted);
    },
  }),

  draftAllNotices: action({
    summary:
      "The presidium drafts now, for every active station, the period's notice (what the scheduler's draftNotices job does once the period ends); unpublished drafts are rebuilt.",
    audience: ['presidium'],
    input: z.strictObject({ periodId: periodIdSchema }),
    run: async ({ now }, { periodId }) => draftNotices(await periodOrFail(periodId), now, { redraft: true }),
  }),

  listNotices: action({
    summary: 'The presidium lists notices (every station and version) of a period, or of the latest periods.',
    audience: ['presidium'],
    input: z.strictObject({ periodId: periodIdSchema.optional() }),
    run: async (_ctx, { periodId }) => {
      const notices = await findMany<StoredNotice>(NOTICES, periodId ? { periodId } : {}, {
        orderBy: [['createdAt', 'desc']],
        limit: 200,
      });
      return Promise.all(
        notices.map(async (n) => {
          const v = await viewOf(n);
          return {
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
    },
  }),

  myNotices: action({
    summary: "A deputy's notices waiting for their confirmation, and the published ones they are in.",
    audience: ['deputy'],
    input: z.strictObject({}),
    run: async ({ caller }) => {
      const deputy = await deputyOf(caller);
      const notices = await findMany<StoredNotice>(
        NOTICES,
        { stationCode: deputy.stationCode },
        {
          orderBy: [['createdAt', 'desc']],
          limit: 50,
        },
      );
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
    },
  }),

  getNotice: action({
    summary:
      'One notice by id (optionally another version of the same station and period). Published versions are public; drafts only for the presidium, the station admin and its deputies.',
    audience: 'anyone',
    input: z.strictObject({ id: docIdSchema, version: z.number().int().min(1).max(100).optional() }),
    run: async ({ caller }, { id, version }) => {
      let notice = await getNoticeDoc(id);
      if (version !== undefined && version !== notice.version)
        notice = await getNoticeDoc(noticeIdOf(notice.stationCode, notice.periodId, version));
      if (
        notice.status !== 'published' &&
        !canReadDraftNotice(notice, {
          role: caller.role,
          stationCode: caller.user?.stationCode,
          deputyId: caller.user?.deputyId,
        })
      )
        fail('NOTICE_NOT_FOUND');
      const versions = await findMany<StoredNotice>(
        NOTICES,
        { stationCode: notice.stationCode, periodId: notice.periodId, status: 'published' },
        { orderBy: [['version', 'asc']], limit: 100, fields: { version: true, publishedAt: true } },
      );
      return {
        ...(await viewOf(notice)),
        versions: versions.map((v) => ({
          id: v._id,
          version: v.version,
          publishedOn: v.publishedAt ? chinaDate(v.publishedAt) : null,
        })),
      };
    },
  }),

  currentNotice: action({
    summary:
      "A station's current notice: the latest published version of its latest published period (null if none).",
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async (_ctx, { stationCode }) => {
      const latest = await latestPublished(stationCode);
      if (!latest) return null;
      const current = await latestPublished(stationCode, latest.periodId);
      return viewOf(current ?? latest);
    },
  }),

  noticeHistory: action({
    summary: "A station's published notices, every period and version, newest first.",
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async (_ctx, { stationCode }) => {
      const all = await findAll<StoredNotice>(
        NOTICES,
        { stationCode, status: 'published' },
        {
          periodId: true,
          version: true,
          publishedAt: true,
          changeNote: true,
          stationCode: true,
        },
      );
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
    },
  }),

  confirmNotice: action({
    summary: 'A deputy confirms their row of a draft notice.',
    audience: ['deputy'],
    input: z.strictObject({ id: docIdSchema }),
    run: async ({ caller, now }, { id }) => {
      const deputy = await deputyOf(caller);
      return viewOf(await rewriteNotice(id, (n) => orFail(confirmNotice(n, deputy._id, now))));
    },
  }),

  recordConfirmation: action({
    summary:
      "The presidium records a deputy's confirmation of their row given on paper or by phone (a deputy who never bound WeChat), with a reason (content-checked: risky refused with NOTICE_TEXT_RISKY); it counts as the deputy's confirmation and the notice says it was recorded. A deputy's own answer in WeChat is never overwritten (NOTICE_DEPUTY_ANSWERED).",
    audience: ['presidium'],
    input: z.strictObject({
      id: docIdSchema,
      deputyId: idSchema,
      channel: z.enum(CONFIRMATION_CHANNELS),
      reason: z.string().max(200, '原因最多200字'),
    }),
    run: async ({ caller, now }, { id, deputyId, channel, reason }) => {
      // Shown on the notice once published: checked as a deputy's comment is (core/duty/notice.text.ts).
      if (reason.trim()) orFail(noticeCommentVerdict(await checkTexts([reason], caller.openid)));
      return viewOf(
        await rewriteNotice(id, (n) =>
          orFail(recordConfirmation(n, deputyId, reviewer(caller), { channel, reason }, now)),
        ),
      );
    },
  }),

  commentNotice: action({
    summary:
      'A deputy disagrees with their row (异议) and says why (content-checked: risky refused with NOTICE_TEXT_RISKY); the presidium reads it before approving.',
    audience: ['deputy'],
    input: z.strictObject({ id: docIdSchema, comment: z.string().max(300, '意见最多300字') }),
    run: async ({ caller, now }, { id, comment }) => {
      const deputy = await deputyOf(caller);
      // Shown on the published notice: checked as a villager's text (core/duty/notice.text.ts).
      orFail(noticeCommentVerdict(await checkTexts([comment], caller.openid)));
      return viewOf(await rewriteNotice(id, (n) => orFail(commentOnNotice(n, deputy._id, comment, now))));
    },
  }),

  approveNotice: action({
    summary: 'The presidium approves a notice once every deputy in it has answered.',
    audience: ['presidium'],
    input: z.strictObject({ id: docIdSchema }),
    run: async ({ caller, now }, { id }) =>
      viewOf(await rewriteNotice(id, (n) => orFail(approveNotice(n, reviewer(caller), now)))),
  }),

  publishNotice: action({
    summary:
      'The presidium publishes an approved notice (then it never changes); followers of the station get a noticePublished message.',
    audience: ['presidium'],
    input: z.strictObject({ id: docIdSchema }),
    run: async ({ now }, { id }) => {
      const published = await rewriteNotice(id, (n) => orFail(publishNotice(n, now)));
      const { name } = await stationName(published.stationCode);
      const notified = await notifyFollowers(published, name, now);
      return { ...(await viewOf(published)), notified };
    },
  }),

  correctNotice: action({
    summary:
      'The presidium corrects the current published notice: a new published version from the records as they are now, saying what changed and why (the reason content-checked: risky NOTICE_TEXT_RISKY, for review NOTICE_TEXT_REVIEW, unless confirmed). The old version stays readable.',
    audience: ['presidium'],
    input: z.strictObject({
      id: docIdSchema,
      reason: z.string().max(300, '更正原因最多300字'),
      /** The presidium has read the reason the content check flagged and confirms it. */
      confirmed: z.boolean().default(false),
    }),
    run: async ({ caller, now }, { id, reason, confirmed }) => {
      // Published at once: checked as a villager's text, flagged text only once confirmed.
      orFail(correctionReasonVerdict(await checkTexts([reason], caller.openid), confirmed));
      const old = await getNoticeDoc(id);
      const current = await latestPublished(old.stationCode, old.periodId);
      if (!current || current._id !== old._id) fail('NOTICE_NOT_PUBLISHED');
      const period = await periodOrFail(old.periodId);
      const figures = (await computeFigures(period, chinaDate(now), [old.stationCode])).get(old.stationCode);
      const next = orFail(
        correctNotice(old, figures ?? { rows: [], totals: old.figures.totals }, reason, now),
      );
      const newId = noticeIdOf(old.stationCode, old.periodId, next.version);
      try {
        await insert(NOTICES, { _id: newId, ...next });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        fail('CONFLICT');
      }
      const stored = { ...next, _id: newId };
      const { name } = await stationName(old.stationCode);
      const notified = await notifyFollowers(stored, name, now);
      const deputiesTold = await notifyCorrectedDeputies(stored, name, now);
      return { ...(await viewOf(stored)), notified, deputiesTold };
    },
  }),

  printableNotice: action({
    summary:
      'The printable A4 notice (HTML with the station QR code) for the notice board; `npm run notice:pdf` turns it into a PDF locally.',
    audience: ['presidium', 'stationAdmin'],
    input: z.strictObject({ id: docIdSchema }),
    run: async ({ caller, now }, { id }) => {
      const notice = await getNoticeDoc(id);
      if (caller.role === 'stationAdmin' && caller.user?.stationCode !== notice.stationCode)
        fail('FORBIDDEN');
      const view = await viewOf(notice);
      const { address } = await stationName(notice.stationCode);
      const png = await miniProgramCode(notice.stationCode, PAGES.station);
      const today = chinaDate(now);
      const html = renderNoticeHtml(view, {
        stationAddress: address,
        qrPngBase64: png.toString('base64'),
        printedOn: `${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`,
      });
      return { fileName: `${notice.stationCode}-${notice.periodId}-v${notice.version}.pdf`, html };
    },
  }),

  followStation: action({
    summary: 'A villager follows a station: told by subscribe message when its notice is published.',
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ caller, now }, { stationCode }) => {
      if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
      try {
        await insert(FOLLOWERS, {
          _id: followIdOf(stationCode, caller.openid),
          stationCode,
          openid: caller.openid,
          followedAt: now,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return { following: true };
    },
  }),

  unfollowStation: action({
    summary: 'A villager stops following a station.',
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ caller }, { stationCode }) => {
      await removeWhere(FOLLOWERS, { _id: followIdOf(stationCode, caller.openid) });
      return { following: false };
    },
  }),

  followState: action({
    summary: 'Whether the caller follows the station.',
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async ({ caller }, { stationCode }) => ({
      following: !!(await findById(FOLLOWERS, followIdOf(stationCode, caller.openid))),
    }),
  }),

  // --- report-back evaluation -------------------------------------------------------------------
  scheduleEvaluation: action({
    summary:
      "The presidium schedules a deputy's report-back (述职) on a day at a station; voters rate from that day for `days` days.",
    audience: ['presidium'],
    input: z.strictObject({
      deputyId: idSchema,
      date: ymdSchema,
      stationCode: stationCodeSchema.optional(),
      days: z.number().int().min(1).max(60).default(DEFAULT_EVALUATION_DAYS),
    }),
    run: async ({ caller, now }, input) => {
      requireDateIn('evaluation', input.date, chinaDate(now));
      const deputy = await findById<Deputy>(DEPUTIES, input.deputyId);
      if (!deputy) fail('EVALUATION_DEPUTY_NOT_FOUND');
      const stationCode = input.stationCode ?? deputy.stationCode;
      if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
      const evaluation = orFail(
        scheduleEvaluation(
          {
            deputyId: deputy._id,
            stationCode,
            date: input.date,
            villageCodes: deputy.villageCodes,
            days: input.days,
          },
          chinaInstant(input.date),
          reviewer(caller),
          now,
        ),
      );
      const id = `ev:${deputy._id}:${input.date}`;
      try {
        await insert(EVALUATIONS, { _id: id, ...evaluation });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return { id };
    },
  }),

  postReport: action({
    summary: 'The deputy posts (or rewrites, until the first rating) their written report-back.',
    audience: ['deputy'],
    input: z.strictObject({
      evaluationId: docIdSchema,
      report: z.string().max(REPORT_MAX_CHARS, '述职报告太长了'),
    }),
    run: async (ctx, { evaluationId, report }) => {
      const deputy = await deputyOf(ctx.caller);
      const hasRatings = (await count(EVALUATION_RATINGS, { evaluationId })) > 0;
      const e = await rewriteEvaluation(evaluationId, (e) =>
        orFail(postReport(e, deputy._id, report, hasRatings, ctx.now)),
      );
      return evaluationView(e, ctx);
    },
  }),

  rateEvaluation: action({
    summary:
      "A voter rates a report-back 满意/基本满意/不满意, once: those checked in at the station that day, or living in one of the deputy's villages (declared village, checked against the deputy's villages).",
    audience: 'anyone',
    input: z.strictObject({
      evaluationId: docIdSchema,
      rating: z.enum(SATISFACTION_LEVELS),
      villageCode: idSchema.optional(),
    }),
    run: async (ctx, { evaluationId, rating, villageCode }) => {
      const e = await getEvaluationDoc(evaluationId);
      orFail(checkReportPosted(e));
      const ratingId = ratingIdOf(e._id, ctx.caller.openid);
      const [checkedIn, already] = await Promise.all([
        checkedInOn(e.stationCode, e.date ?? chinaDate(e.opensAt), ctx.caller.openid),
        findById(EVALUATION_RATINGS, ratingId),
      ]);
      const voter = { id: ctx.caller.openid, villageCode, checkedIn, deputyId: ctx.caller.user?.deputyId };
      const decided = orFail(rate(e, voter, rating, !!already, ctx.now));
      try {
        await insert(EVALUATION_RATINGS, {
          _id: ratingId,
          ...decided,
          via: checkedIn ? 'checkedIn' : 'village',
        });
      } catch (err) {
        if (isDuplicateKey(err)) fail('ALREADY_RATED');
        throw err;
      }
      return evaluationView(e, ctx);
    },
  }),

  closeEvaluation: action({
    summary: 'The presidium closes an evaluation early; after closing nothing changes.',
    audience: ['presidium'],
    input: z.strictObject({ evaluationId: docIdSchema }),
    run: async (ctx, { evaluationId }) => {
      const e = await rewriteEvaluation(evaluationId, (e) =>
        orFail(closeEvaluation(e, reviewer(ctx.caller), ctx.now)),
      );
      return evaluationView(e, ctx);
    },
  }),

  publishEvaluation: action({
    summary: 'The presidium publishes a closed evaluation: the report and the counts become public.',
    audience: ['presidium'],
    input: z.strictObject({ evaluationId: docIdSchema }),
    run: async (ctx, { evaluationId }) => {
      const e = await rewriteEvaluation(evaluationId, (e) =>
        orFail(publishEvaluation(e, reviewer(ctx.caller), ctx.now)),
      );
      return evaluationView(e, ctx);
    },
  }),

  getEvaluation: action({
    summary:
      'One report-back: the report once posted, and the counts once published (the presidium and the deputy see them earlier).',
    audience: 'anyone',
    input: z.strictObject({ evaluationId: docIdSchema }),
    run: async (ctx, { evaluationId }) => evaluationView(await getEvaluationDoc(evaluationId), ctx),
  }),

  listEvaluations: action({
    summary: "A station's report-back evaluations, newest first.",
    audience: 'anyone',
    input: z.strictObject({ stationCode: stationCodeSchema }),
    run: async (ctx, { stationCode }) => {
      const list = await findMany<StoredEvaluation>(
        EVALUATIONS,
        { stationCode },
        { orderBy: [['opensAt', 'desc']], limit: 50 },
      );
      return Promise.all(list.map((e) => evaluationView(e, ctx)));
    },
  }),
});

export const main = definition.main;
