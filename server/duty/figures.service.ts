/**
 * The figures of disclosure notices, computed from the records as they are: duty records, opinions
 * (counted by the database, one row per deputy), and the reception days that were held with their
 * check-ins. Every read is paged or aggregated (server/duty/duty-sources.repo.ts): never one query
 * that CloudBase would cut at 100/1000.
 */
import type { Ymd } from '../../core/calendar/china-time';
import { createDisclosureAccumulator, type DeputyRef } from '../../core/duty/disclosure.aggregate';
import { receptionFactsOf } from '../../core/duty/disclosure.sources';
import type { DisclosureFigures, DisclosurePeriod } from '../../core/duty/duty.types';
import { recordsDatedIn } from './duty-records.repo';
import {
  activeDeputies,
  checkInsPerDay,
  opinionRows,
  receptionDaysIn,
  recordsPerDay,
} from './duty-sources.repo';

/**
 * The figures of every station in `stationCodes` (all active stations when absent) for a period,
 * computed from the records as of `today`.
 */
export async function computeFigures(
  period: DisclosurePeriod,
  today: Ymd,
  stationCodes?: readonly string[],
): Promise<Map<string, DisclosureFigures>> {
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
  for (const r of await recordsDatedIn(period)) accOf(r.deputyId)?.addDutyRecord(r);

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
  const days = await receptionDaysIn(period, stationCodes);
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

/** The figures of a station with no deputies: every count zero. */
export function emptyFigures(period: DisclosurePeriod): DisclosureFigures {
  return { rows: [], totals: createDisclosureAccumulator(period, []).result().totals };
}
