/**
 * The records of each ledger, read a page at a time so that an export's memory does not grow with the
 * number of rows: cases in pages of MAX_PAGE by submission time (the `submitted` index's order); the
 * other ledgers month by month (China time), each month in pages of MAX_PAGE by `_id`, handed on sorted
 * by date (their months hold a few hundred records); what a page refers to (a case's timeline, a day's
 * bookings and record) is read for that page only. Every query is served by a declared index (server/db/collections.ts)
 * and, through server/db/collection.ts, stays inside the caller's township.
 */
import { addDays, chinaDate, chinaInstant, type Ymd } from '../../../core/calendar/china-time';
import { issueLabel } from '../../../core/article/article.rules';
import type { DutyRecord } from '../../../core/duty/duty.types';
import type { TimelineEvent } from '../../../core/opinion/opinion.types';
import { articleRef } from '../../../core/article/article.push';
import { command, findAll, findMany, MAX_PAGE, type Where } from '../../db/collection';
import type { CollectionName } from '../../db/collections';
import { reachOf } from '../../outbox';
import { readCountOf } from '../../article/articles.repo';
import { COUNTY } from '../../tenancy';
import type {
  CaseRecord,
  LawIssueRow,
  Lookups,
  ReceptionBooking,
  ReceptionDayRecord,
  ReceptionDayRecordSheet,
} from './ledger.columns';

/** A ledger's period: first and last China day, both included. */
export interface LedgerPeriod {
  start: Ymd;
  end: Ymd;
}

/** The months of a period, each as its first and last day within the period. */
export function monthWindows(period: LedgerPeriod): LedgerPeriod[] {
  const out: LedgerPeriod[] = [];
  let from = period.start;
  while (from <= period.end) {
    const [y, m] = from.split('-').map(Number);
    const nextMonth = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
    const last = addDays(nextMonth, -1);
    out.push({ start: from, end: last < period.end ? last : period.end });
    from = nextMonth;
  }
  return out;
}

/** Every document matching `where`, a page (≤ MAX_PAGE) at a time, by `_id`. */
async function* pages<T extends { _id: string }>(
  collection: CollectionName,
  where: Where,
  fields?: Record<string, boolean>,
): AsyncGenerator<T[]> {
  const _ = command();
  let after: string | null = null;
  for (;;) {
    const page: T[] = await findMany<T>(collection, after === null ? where : { ...where, _id: _.gt(after) }, {
      orderBy: [['_id', 'asc']],
      limit: MAX_PAGE,
      ...(fields ? { fields: { ...fields, _id: true } } : {}),
    });
    if (page.length > 0) yield page;
    if (page.length < MAX_PAGE) return;
    after = page[page.length - 1]._id;
  }
}

/** A month's documents (a date field between two values), sorted by `sortKey` then `_id`. */
async function monthSorted<T extends { _id: string }>(
  collection: CollectionName,
  where: Where,
  sortKey: (d: T) => string | number,
  fields?: Record<string, boolean>,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages<T>(collection, where, fields)) all.push(...page);
  return all.sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a._id < b._id ? -1 : 1;
  });
}

/** The names every ledger shows: the township's configuration, small lists read whole. */
export async function loadLookups(): Promise<Lookups> {
  const [stations, villages, categories, deputies, departments] = await Promise.all([
    findAll<{ _id: string; code?: string; name: string }>('stations', {}, { code: true, name: true }),
    findAll<{ _id: string; code?: string; name: string }>('villages', {}, { code: true, name: true }),
    findAll<{ _id: string; code?: string; name: string }>('categories', {}, { code: true, name: true }),
    findAll<{ _id: string; name: string }>('deputies', {}, { name: true }),
    findAll<{ _id: string; name: string }>('departments', {}, { name: true }),
  ]);
  const byCode = (list: { _id: string; code?: string; name: string }[]) =>
    new Map(list.map((x) => [x.code ?? x._id, x.name]));
  return {
    stations: byCode(stations),
    villages: byCode(villages),
    categories: byCode(categories),
    deputies: new Map(deputies.map((d) => [d._id, d.name])),
    departments: new Map(departments.map((d) => [d._id, d.name])),
  };
}

const chunk = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** How many opinions' timelines one query reads (each a handful of events: well under a page). */
const EVENT_BATCH = 100;
/** Timeline queries in flight at once (a case ledger of 100 000 rows makes a thousand). */
const EVENT_PARALLEL = 4;

/** What the case ledger reads of a case (not its answer text, photos, routing or followers). */
const CASE_FIELDS: Record<string, boolean> = Object.fromEntries(
  [
    'stationCode',
    'villageCode',
    'categoryCode',
    'text',
    'anonymous',
    'contact',
    'contactPurgedAt',
    'filedBy',
    'channel',
    'status',
    'owner',
    'submittedAt',
    'submittedOn',
    'acceptBy',
    'answerBy',
    'acceptedOn',
    'answeredOn',
    'resolvedAt',
    'supervised',
    'outcome',
    'ratings',
    'noReplyNeeded',
  ].map((f) => [f, true]),
);

/** The timelines of some cases, by case. */
async function timelinesOf(opinionIds: readonly string[]): Promise<Map<string, TimelineEvent[]>> {
  const _ = command();
  const events = new Map<string, TimelineEvent[]>();
  const batches = chunk(opinionIds, EVENT_BATCH);
  for (const group of chunk(batches, EVENT_PARALLEL))
    await Promise.all(
      group.map(async (ids) => {
        for await (const page of pages<TimelineEvent & { _id: string }>(
          'opinionEvents',
          { opinionId: _.in(ids) },
          { opinionId: true, type: true, at: true, data: true },
        ))
          for (const e of page) {
            const list = events.get(e.opinionId) ?? [];
            list.push(e);
            events.set(e.opinionId, list);
          }
      }),
    );
  return events;
}

// ------------------------------------------------------------------------------------------ cases

const submittedMs = (o: CaseRecord) => new Date(o.submittedAt).getTime();
const bySubmission = (a: CaseRecord, b: CaseRecord) =>
  submittedMs(a) - submittedMs(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * The cases submitted in [from, to), in pages of at most MAX_PAGE by submission time (then id), whatever
 * the density of the period: a page is read in the order of the `submitted` index, up to MAX_PAGE; the
 * cases at the page's last instant are then read whole (by id), so the next page starts strictly after it.
 */
async function* casePages(from: Date, to: Date): AsyncGenerator<CaseRecord[]> {
  const _ = command();
  let lower = _.gte(from);
  for (;;) {
    const page = await findMany<CaseRecord>(
      'opinions',
      { submittedAt: lower.and(_.lt(to)) },
      { orderBy: [['submittedAt', 'asc']], limit: MAX_PAGE, fields: { ...CASE_FIELDS, _id: true } },
    );
    if (page.length < MAX_PAGE) {
      if (page.length > 0) yield page.sort(bySubmission);
      return;
    }
    const last = new Date(page[page.length - 1].submittedAt);
    const before = page.filter((o) => submittedMs(o) < last.getTime()).sort(bySubmission);
    if (before.length > 0) yield before;
    for await (const tie of pages<CaseRecord>('opinions', { submittedAt: last }, CASE_FIELDS))
      yield tie.sort(bySubmission);
    lower = _.gt(last);
  }
}

/** `source`'s items with the next one already asked for while the caller handles this one. */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  for (;;) {
    const item = await next;
    if (item.done) return;
    next = source.next();
    next.catch(() => undefined); // awaited on the next turn; not unhandled if the caller stops early
    yield item.value;
  }
}

/** The cases submitted in the period (China days), in pages by submission time, each with its timeline. */
export async function* casesOf(
  period: LedgerPeriod,
): AsyncGenerator<{ opinion: CaseRecord; events: TimelineEvent[] }[]> {
  const from = chinaInstant(period.start);
  const to = chinaInstant(addDays(period.end, 1));
  for await (const page of readAhead(casePages(from, to))) {
    const events = await timelinesOf(page.map((o) => o._id));
    yield page.map((opinion) => ({ opinion, events: events.get(opinion._id) ?? [] }));
  }
}

// ------------------------------------------------------------------------------------------ reception

export interface ReceptionDayBundle {
  day: ReceptionDayRecord;
  bookings: ReceptionBooking[];
  record: ReceptionDayRecordSheet | null;
}

/** The reception days of the period (one station's, or all), month by month, with bookings and records. */
export async function* receptionDaysOf(
  period: LedgerPeriod,
  stationCode: string | null,
): AsyncGenerator<{ days: ReceptionDayBundle[]; caseStatus: Map<string, CaseRecord['status']> }> {
  const _ = command();
  for (const month of monthWindows(period)) {
    const where: Where = { date: _.gte(month.start).and(_.lte(month.end)) };
    const days = (
      await monthSorted<ReceptionDayRecord>('receptionDays', where, (d) => `${d.date} ${d.start}`)
    ).filter((d) => stationCode === null || d.stationCode === stationCode);
    for (const part of chunk(days, 200)) {
      const ids = part.map((d) => d._id);
      const bookings = new Map<string, ReceptionBooking[]>();
      for await (const page of pages<ReceptionBooking>('bookings', { dayId: _.in(ids) }))
        for (const b of page) bookings.set(b.dayId, [...(bookings.get(b.dayId) ?? []), b]);
      const records = new Map<string, ReceptionDayRecordSheet & { _id: string }>();
      for await (const page of pages<ReceptionDayRecordSheet & { _id: string }>('receptionRecords', {
        _id: _.in(ids),
      }))
        for (const r of page) records.set(r._id, r);
      const caseIds = [...records.values()].flatMap((r) =>
        (r.matters ?? []).map((m) => m.opinionId).filter((x): x is string => !!x),
      );
      const caseStatus = new Map<string, CaseRecord['status']>();
      for (const idsPart of chunk(caseIds, MAX_PAGE))
        for (const o of await findMany<{ _id: string; status: CaseRecord['status'] }>(
          'opinions',
          { _id: _.in(idsPart) },
          { limit: MAX_PAGE, fields: { status: true } },
        ))
          caseStatus.set(o._id, o.status);
      yield {
        days: part.map((day) => ({
          day,
          bookings: bookings.get(day._id) ?? [],
          record: records.get(day._id) ?? null,
        })),
        caseStatus,
      };
    }
  }
}

// ------------------------------------------------------------------------------------------ duties

/** The duty records dated in the period, month by month, by date then deputy. */
export async function* dutyRecordsOf(period: LedgerPeriod): AsyncGenerator<DutyRecord[]> {
  const _ = command();
  for (const month of monthWindows(period)) {
    const records = await monthSorted<DutyRecord & { _id: string }>(
      'dutyRecords',
      { date: _.gte(month.start).and(_.lte(month.end)) },
      (r) => `${r.date} ${r.deputyId}`,
    );
    for (const part of chunk(records, MAX_PAGE)) yield part;
  }
}

// ------------------------------------------------------------------------------------------ law

interface StoredArticle {
  _id: string;
  townshipId?: string;
  title: string;
  category: string;
  status: 'draft' | 'published' | 'unpublished';
  issue?: { year: number; number: number };
  firstPublishedAt?: Date;
  publishedAt?: Date;
}

/**
 * The legal-knowledge issues first pushed in the period (the township's own and the county's, which are
 * pushed to the township's subscribers too), by issue, with their reach: messages queued, delivered and
 * not, and reads. A few dozen a year: read whole.
 */
export async function lawIssuesOf(period: LedgerPeriod): Promise<LawIssueRow[]> {
  const _ = command();
  const from = chinaInstant(period.start);
  const to = chinaInstant(addDays(period.end, 1));
  const years = { first: Number(period.start.slice(0, 4)), last: Number(period.end.slice(0, 4)) };
  const articles = (
    await findAll<StoredArticle>(
      'articles',
      {
        status: _.in(['published', 'unpublished']),
        'issue.year': _.gte(years.first).and(_.lte(years.last)),
      },
      {
        title: true,
        category: true,
        status: true,
        issue: true,
        firstPublishedAt: true,
        publishedAt: true,
        townshipId: true,
      },
    )
  )
    .filter((a) => {
      const at = a.firstPublishedAt ?? a.publishedAt;
      return a.issue && at && new Date(at) >= from && new Date(at) < to;
    })
    .sort(
      (a, b) =>
        a.issue!.year - b.issue!.year || a.issue!.number - b.issue!.number || (a._id < b._id ? -1 : 1),
    );
  const rows: LawIssueRow[] = [];
  for (const a of articles) {
    const [reach, reads] = await Promise.all([reachOf(articleRef(a._id)), readCountOf(a._id)]);
    const at = a.firstPublishedAt ?? a.publishedAt;
    rows.push({
      issueLabel: issueLabel(a.issue!),
      title: a.title,
      category: a.category,
      publisher: a.townshipId === COUNTY ? '县人大常委会' : '乡（镇）人大主席团',
      pushedOn: at ? chinaDate(new Date(at)) : null,
      queued: reach.sent + reach.refused + reach.failed + reach.pending + reach.sending,
      sent: reach.sent,
      notDelivered: reach.refused + reach.failed,
      reads,
      status: a.status === 'published' ? '已发布' : '已下架',
    });
  }
  return rows;
}
