/**
 * Disclosure notices (履职登记公示) on the database: figures computed from the records (an aggregation
 * for opinions, paged reads for duty records, reception days and check-ins; never one query that
 * CloudBase would cut at 100/1000), drafting (scheduler and on demand), and the followers told when a
 * notice is published.
 */
import { PAGES, pageWith } from '../../core/notify/pages';
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import { createDisclosureAccumulator, type DeputyRef } from '../../core/duty/disclosure.aggregate';
import { customPeriod, dueDefaultPeriods, periodById } from '../../core/duty/disclosure.periods';
import { opinionFigurePipeline, pageStages, type PipelineRow } from '../../core/duty/disclosure.pipeline';
import {
  noticeIdOf,
  receptionFactsOf,
  type ReceptionDayForDisclosure,
} from '../../core/duty/disclosure.sources';
import { draftNotice, redraftNotice } from '../../core/duty/disclosure.versioning';
import { messageTime } from '../../core/notify/message.fields';
import type {
  DisclosureFigures,
  DisclosureNotice,
  DisclosurePeriod,
  DutyRecord,
} from '../../core/duty/duty.types';
import type { Decision } from '../../core/result';
import type { Deputy, Station } from '../../core/station/station.types';
import {
  coll,
  command,
  findAll,
  findById,
  findMany,
  findOne,
  insert,
  isDuplicateKey,
  MAX_PAGE,
  transaction,
} from '../db/collection';
import { DUTY_RECORDS } from './duty-records.repo';
import { flushOutbox, queueMessage } from '../outbox';
import { DEPUTIES, RECEPTION_DAYS, STATIONS } from '../station/stations.repo';

export const NOTICES = 'disclosureNotices';
export const PERIODS = 'disclosurePeriods';
export const FOLLOWERS = 'stationFollowers';
const OPINIONS = 'opinions';
const BOOKINGS = 'bookings';
const RECEPTION_RECORDS = 'receptionRecords';

export type StoredNotice = DisclosureNotice & { _id: string; notifiedAt?: Date };

export interface StoredPeriod extends DisclosurePeriod {
  _id: string;
  createdBy: string;
  createdAt: Date;
}

/** A default half-year ('2025-05') or a period the presidium set. */
export async function resolvePeriod(id: string): Promise<Decision<DisclosurePeriod>> {
  const builtIn = periodById(id);
  if (builtIn.ok) return builtIn;
  const stored = await findById<StoredPeriod>(PERIODS, id);
  return stored ? customPeriod(stored.id, stored.start, stored.end) : builtIn;
}

async function activeDeputies(stationCodes?: readonly string[]): Promise<Deputy[]> {
  const _ = command();
  const where: Record<string, unknown> = { active: true };
  if (stationCodes) where.stationCode = _.in([...stationCodes]);
  const all = await findAll<Deputy>(DEPUTIES, where, { name: true, stationCode: true });
  return all.sort((a, b) => a._id.localeCompare(b._id));
}

/** Deputies per aggregation request: each request stays small however large the township. */
export const DEPUTIES_PER_AGGREGATION = 50;

/**
 * The opinion aggregation for these deputies (one row per deputy), run for a few deputies at a time
 * and every page of each answer read.
 */
async function opinionRows(
  period: DisclosurePeriod,
  today: Ymd,
  deputyIds: string[],
): Promise<PipelineRow[]> {
  const out: PipelineRow[] = [];
  for (let i = 0; i < deputyIds.length; i += DEPUTIES_PER_AGGREGATION) {
    const chunk = deputyIds.slice(i, i + DEPUTIES_PER_AGGREGATION);
    // One row per deputy: the pages are counted from the chunk, not read until one comes back short.
    for (let skip = 0; skip <= chunk.length; skip += MAX_PAGE) {
      let agg = coll(OPINIONS).aggregate();
      for (const stage of [...opinionFigurePipeline(period, today, chunk), ...pageStages(skip, MAX_PAGE)]) {
        const [key, value] = Object.entries(stage)[0];
        agg = (agg as unknown as Record<string, (v: unknown) => typeof agg>)[key.slice(1)](value);
      }
      const res = (await agg.end()) as { list: PipelineRow[] };
      out.push(...res.list);
      if (res.list.length < MAX_PAGE) break;
    }
  }
  return out;
}

/** Checked-in bookings per reception day, read page by page (ids in chunks: `in` lists stay short). */
async function checkInsPerDay(dayIds: readonly string[]): Promise<Map<string, number>> {
  const _ = command();
  const counts = new Map<string, number>();
  for (let i = 0; i < dayIds.length; i += 100) {
    const chunk = dayIds.slice(i, i + 100);
    const rows = await findAll<{ _id: string; dayId: string }>(
      BOOKINGS,
      { dayId: _.in(chunk), status: 'checkedIn' },
      { dayId: true },
    );
    for (const r of rows) counts.set(r.dayId, (counts.get(r.dayId) ?? 0) + 1);
  }
  return counts;
}

/** The reception records (接待记录, `_id` = dayId) of these days: who served each. */
async function recordsPerDay(dayIds: readonly string[]): Promise<Map<string, { deputyIds: string[] }>> {
  const _ = command();
  const out = new Map<string, { deputyIds: string[] }>();
  for (let i = 0; i < dayIds.length; i += 100) {
    const rows = await findAll<{ _id: string; deputyIds?: string[] }>(
      RECEPTION_RECORDS,
      { _id: _.in(dayIds.slice(i, i + 100)) },
      { deputyIds: true },
    );
    for (const r of rows) out.set(r._id, { deputyIds: r.deputyIds ?? [] });
  }
  return out;
}

/**
 * The figures of every station in `stationCodes` (all active stations when absent) for a period,
 * computed from the records as of `today`.
 */
export async function computeFigures(
  period: DisclosurePeriod,
  today: Ymd,
  stationCodes?: readonly string[],
): Promise<Map<string, DisclosureFigures>> {
  const _ = command();
  const deputies = await activeDeputies(stationCodes);
  const byStation = new Map<string, DeputyRef[]>();
  const stationOf = new Map<string, string>();
  for (const d of deputies) {
    byStation.set(d.stationCode, [...(byStation.get(d.stationCode) ?? []), { _id: d._id, name: d.name }]);
    stationOf.set(d._id, d.stationCode);
  }
  const codes = stationCodes ?? [...byStation.keys()];
  const accs = new Map(codes.map((c) => [c, createDisclosureAccumulator(period, byStation.get(c) ?? [])]));
  const accOf = (deputyId: string) => {
    const code = stationOf.get(deputyId);
    return code === undefined ? undefined : accs.get(code);
  };

  // Duty records dated in the period.
  const records = await findAll<DutyRecord & { _id: string }>(
    DUTY_RECORDS,
    {
      date: _.gte(period.start).and(_.lte(period.end)),
    },
    { deputyId: true, type: true, date: true, peopleReached: true, source: true, status: true },
  );
  for (const r of records) accOf(r.deputyId)?.addDutyRecord(r);

  // Opinions: counted by the database, one row per deputy.
  const rows = await opinionRows(
    period,
    today,
    deputies.map((d) => d._id),
  );
  for (const row of rows) {
    const { _id: deputyId, ...figures } = row;
    accOf(deputyId)?.addDeputyFigures(deputyId, figures);
  }

  // Reception days that were held (a record or check-ins), with their check-ins.
  const dayWhere: Record<string, unknown> = { date: _.gte(period.start).and(_.lte(period.end)) };
  if (stationCodes) dayWhere.stationCode = _.in([...stationCodes]);
  const days = await findAll<ReceptionDayForDisclosure & { _id: string }>(RECEPTION_DAYS, dayWhere, {
    date: true,
    deputyIds: true,
    status: true,
  });
  const dayIds = days.map((d) => d._id);
  const [checkIns, recorded] = await Promise.all([checkInsPerDay(dayIds), recordsPerDay(dayIds)]);
  for (const day of days) {
    const facts = receptionFactsOf(day, checkIns.get(day._id) ?? 0, today, recorded.get(day._id) ?? null);
    if (!facts) continue;
    // A day's deputies are of its station; route each deputy's share to their own station's table.
    for (const id of new Set(facts.deputyIds)) accOf(id)?.addReception({ ...facts, deputyIds: [id] });
  }

  return new Map([...accs].map(([code, acc]) => [code, acc.result()]));
}

export async function activeStationCodes(): Promise<string[]> {
  const stations = await findAll<Station & { _id: string }>(STATIONS, { active: true }, { code: true });
  return stations.map((s) => s.code).sort();
}

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
    const n = await findById<StoredNotice>(NOTICES, noticeIdOf(code, period.id, 1));
    if (n) existing.set(code, n);
  }
  const todo = codes.filter(
    (c) => !existing.has(c) || (options.redraft && existing.get(c)!.status !== 'published'),
  );
  if (todo.length === 0) return { ...report, skipped: codes.length };
  const figures = await computeFigures(period, chinaDate(now), options.stationCodes ? todo : undefined);
  for (const code of codes) {
    const f = figures.get(code) ?? {
      rows: [],
      totals: createDisclosureAccumulator(period, []).result().totals,
    };
    const old = existing.get(code);
    if (!old) {
      const notice = draftNotice(code, period.id, f, now);
      try {
        await insert(NOTICES, { _id: noticeIdOf(code, period.id, 1), ...notice });
        report.drafted += 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        report.skipped += 1;
      }
    } else if (options.redraft && old.status !== 'published') {
      // Re-read in the transaction: a notice published since it was read above is never overwritten.
      const written = await transaction(async (tx) => {
        const current = await tx.get<StoredNotice>(NOTICES, old._id);
        const next = current ? redraftNotice(current, f, now) : null;
        if (!next?.ok) return false;
        const { _id, ...rest } = next.value as StoredNotice;
        await tx.set(NOTICES, old._id, rest as unknown as Record<string, unknown>);
        return true;
      });
      if (written) report.redrafted += 1;
      else report.skipped += 1;
    } else report.skipped += 1;
  }
  return report;
}

/** The scheduler job: the default half-year that just ended, and any custom period that has ended. */
export async function draftDueNotices(now: Date): Promise<Record<string, number>> {
  const today = chinaDate(now);
  const _ = command();
  const custom = await findMany<StoredPeriod>(
    PERIODS,
    { end: _.lt(today) },
    { orderBy: [['end', 'desc']], limit: 20 },
  );
  const periods: DisclosurePeriod[] = [...dueDefaultPeriods(today)];
  for (const p of custom) {
    const d = customPeriod(p.id, p.start, p.end);
    if (d.ok) periods.push(d.value);
  }
  const out: Record<string, number> = {};
  for (const p of periods) {
    const r = await draftNotices(p, now);
    out[p.id] = r.drafted;
  }
  return out;
}

/**
 * With `periodId`: the current (highest published) version of a station's notice for that period.
 * Without: the first version of the station's most recently published period; a correction of an
 * older period, published later, does not make that period the current one again.
 */
export async function latestPublished(stationCode: string, periodId?: string): Promise<StoredNotice | null> {
  const where: Record<string, unknown> = periodId
    ? { stationCode, status: 'published', periodId }
    : { stationCode, status: 'published', version: 1 };
  const list = await findMany<StoredNotice>(NOTICES, where, {
    orderBy: periodId ? [['version', 'desc']] : [['publishedAt', 'desc']],
    limit: 1,
  });
  return list[0] ?? null;
}

/**
 * Queues the `noticePublished` message for every follower of the notice's station (every page of
 * followers), then marks the notice notified. Keys are per (notice version, follower): a rerun after a
 * crash queues nothing twice. The scheduler's job `notifyNoticeFollowers` finishes what a publish left.
 */
export async function notifyFollowers(notice: StoredNotice, stationName: string, now: Date): Promise<number> {
  const followers = await findAll<{ _id: string; openid: string }>(
    FOLLOWERS,
    { stationCode: notice.stationCode },
    {
      openid: true,
    },
  );
  const period = await resolvePeriod(notice.periodId);
  const title = notice.version > 1 ? '代表履职登记公示（更正）' : '代表履职登记公示';
  const ids: string[] = [];
  for (const f of followers) {
    ids.push(
      await queueMessage(
        null,
        {
          key: `notice:${notice._id}:${f.openid}`,
          openid: f.openid,
          template: 'noticePublished',
          page: pageWith('notice', { id: notice._id }),
          fields: {
            thing1: period.ok ? `${title} ${period.value.id}` : title,
            thing2: stationName,
            time3: messageTime(notice.publishedAt ?? now),
          },
          ref: `notice:${notice._id}`,
        },
        now,
      ),
    );
  }
  await coll(NOTICES)
    .doc(notice._id)
    .update({ data: { notifiedAt: now } });
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

/** The deputy's page for their notices. */

/**
 * A correction tells each deputy whose row changed (bound to WeChat) what changed, by noticePublished;
 * the deputy's notice page (duty.myNotices → myChange) shows the change itself. Answers how many were told.
 */
export async function notifyCorrectedDeputies(
  notice: StoredNotice,
  stationName: string,
  now: Date,
): Promise<number> {
  const affected = Object.keys(notice.changesByDeputy ?? {});
  if (affected.length === 0) return 0;
  const _ = command();
  const deputies = await findAll<Deputy>(DEPUTIES, { _id: _.in(affected) }, { openid: true });
  const ids: string[] = [];
  for (const d of deputies) {
    if (!d.openid) continue;
    ids.push(
      await queueMessage(
        null,
        {
          key: `notice:${notice._id}:deputy:${d._id}`,
          openid: d.openid,
          template: 'noticePublished',
          page: PAGES.deputyNotice,
          fields: {
            thing1: `您的履职公示已更正：${notice.changesByDeputy?.[d._id] ?? ''}`,
            thing2: stationName,
            time3: messageTime(notice.publishedAt ?? now),
          },
          ref: `notice:${notice._id}`,
        },
        now,
      ),
    );
  }
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

/** Published notices whose followers were not all told yet (a publish interrupted after commit). */
export async function notifyPending(now: Date): Promise<number> {
  const _ = command();
  const pending = await findMany<StoredNotice>(
    NOTICES,
    { status: 'published', notifiedAt: _.exists(false) },
    { limit: 50 },
  );
  let n = 0;
  for (const notice of pending) {
    const station = await findOne<Station>(STATIONS, { code: notice.stationCode });
    n += await notifyFollowers(notice, station?.name ?? notice.stationCode, now);
  }
  return n;
}
