/**
 * What the duty area reads from other areas' collections — deputies and stations, reception days,
 * check-ins, reception records, opinions — named by their owners' constants, never by a second string.
 * Every read that can grow is paged (ids in chunks: `in` lists stay short), or counted by the database.
 */
import type { Ymd } from '../../core/calendar/china-time';
import { opinionFigurePipeline, pageStages, type PipelineRow } from '../../core/duty/disclosure.pipeline';
import type { ReceptionDayForDisclosure } from '../../core/duty/disclosure.sources';
import type { DisclosurePeriod } from '../../core/duty/duty.types';
import type { Deputy, Station } from '../../core/station/station.types';
import { BOOKINGS } from '../booking/bookings.repo';
import { RECEPTION_RECORDS } from '../booking/reception-records.repo';
import { aggregate, command, count, findAll, findById, findMany, findOne, MAX_PAGE } from '../db/collection';
import { OPINIONS } from '../opinion/opinions.repo';
import { DEPUTIES, RECEPTION_DAYS, STATIONS } from '../station/stations.repo';

// --- deputies and stations -----------------------------------------------------------------------

export function getDeputy(id: string): Promise<Deputy | null> {
  return findById<Deputy>(DEPUTIES, id);
}

/** Every deputy's name by id (every page). */
export async function deputyNames(): Promise<Map<string, string>> {
  const deputies = await findAll<Deputy>(DEPUTIES, {}, { name: true });
  return new Map(deputies.map((d) => [d._id, d.name]));
}

/** The active deputies of these stations (of every station when absent), by id. */
export async function activeDeputies(stationCodes?: readonly string[]): Promise<Deputy[]> {
  const _ = command();
  const where: Record<string, unknown> = { active: true };
  if (stationCodes) where.stationCode = _.in([...stationCodes]);
  const all = await findAll<Deputy>(DEPUTIES, where, { name: true, stationCode: true });
  return all.sort((a, b) => a._id.localeCompare(b._id));
}

/** These deputies' WeChat openids (where bound). */
export function deputiesWithOpenids(ids: readonly string[]): Promise<Deputy[]> {
  const _ = command();
  return findAll<Deputy>(DEPUTIES, { _id: _.in([...ids]) }, { openid: true });
}

/** The station with this code, active or not (a notice outlives its station's closing). */
export function stationByCode(code: string): Promise<Station | null> {
  return findOne<Station>(STATIONS, { code });
}

export async function activeStationCodes(): Promise<string[]> {
  const stations = await findAll<Station & { _id: string }>(STATIONS, { active: true }, { code: true });
  return stations.map((s) => s.code).sort();
}

// --- reception days and check-ins ----------------------------------------------------------------

/** The reception days dated in the period (of these stations, or of every station). */
export function receptionDaysIn(
  period: DisclosurePeriod,
  stationCodes?: readonly string[],
): Promise<(ReceptionDayForDisclosure & { _id: string })[]> {
  const _ = command();
  const where: Record<string, unknown> = { date: _.gte(period.start).and(_.lte(period.end)) };
  if (stationCodes) where.stationCode = _.in([...stationCodes]);
  return findAll<ReceptionDayForDisclosure & { _id: string }>(RECEPTION_DAYS, where, {
    date: true,
    deputyIds: true,
    status: true,
  });
}

/** Whether the person was checked in at the station on that day (any of its reception days). */
export async function checkedInOn(stationCode: string, date: string, openid: string): Promise<boolean> {
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

/** Checked-in bookings per reception day, read page by page. */
export async function checkInsPerDay(dayIds: readonly string[]): Promise<Map<string, number>> {
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
export async function recordsPerDay(
  dayIds: readonly string[],
): Promise<Map<string, { deputyIds: string[] }>> {
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

// --- opinions ------------------------------------------------------------------------------------

/** Deputies per aggregation request: each request stays small however large the township. */
export const DEPUTIES_PER_AGGREGATION = 50;

/**
 * The opinion aggregation for these deputies (one row per deputy), run for a few deputies at a time
 * and every page of each answer read.
 */
export async function opinionRows(
  period: DisclosurePeriod,
  today: Ymd,
  deputyIds: string[],
): Promise<PipelineRow[]> {
  const out: PipelineRow[] = [];
  for (let i = 0; i < deputyIds.length; i += DEPUTIES_PER_AGGREGATION) {
    const chunk = deputyIds.slice(i, i + DEPUTIES_PER_AGGREGATION);
    // One row per deputy: the pages are counted from the chunk, not read until one comes back short.
    for (let skip = 0; skip <= chunk.length; skip += MAX_PAGE) {
      const list = await aggregate<PipelineRow>(OPINIONS, [
        ...opinionFigurePipeline(period, today, chunk),
        ...pageStages(skip, MAX_PAGE),
      ]);
      out.push(...list);
      if (list.length < MAX_PAGE) break;
    }
  }
  return out;
}
