import type { Ymd } from '../../core/calendar/china-time';
import type { Deputy, ReceptionDaySummary, Station, Village } from '../../core/station/station.types';
import { command, findAll, findMany, findOne } from '../db/collection';

export const STATIONS = 'stations';
export const VILLAGES = 'villages';
export const DEPUTIES = 'deputies';
export const RECEPTION_DAYS = 'receptionDays';

export function getStation(code: string): Promise<Station | null> {
  return findOne<Station>(STATIONS, { code, active: true });
}

export function listStations(): Promise<(Station & { _id: string })[]> {
  return findAll<Station & { _id: string }>(STATIONS, { active: true });
}

export function villagesOf(stationCode: string): Promise<(Village & { _id: string })[]> {
  return findAll<Village & { _id: string }>(VILLAGES, { stationCode });
}

export function deputiesOf(stationCode: string): Promise<Deputy[]> {
  return findAll<Deputy>(DEPUTIES, { stationCode, active: true });
}

/** Scheduled reception days from `today` on, soonest first (a page is plenty for a notice board). */
export function upcomingDaysOf(stationCode: string, today: Ymd, limit = 20): Promise<ReceptionDaySummary[]> {
  const _ = command();
  return findMany<ReceptionDaySummary>(
    RECEPTION_DAYS,
    { stationCode, status: 'scheduled', date: _.gte(today) },
    {
      orderBy: [['date', 'asc']],
      limit,
    },
  );
}
