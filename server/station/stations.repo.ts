/**
 * Storage of the township's stations, villages, deputies and the reception days a station page lists.
 * Reads only: the presidium's edits go through server/admin/config.repo.ts, bookings through
 * server/booking/. The collection names here are the ones every area imports.
 */
import type { Ymd } from '../../core/calendar/china-time';
import type { Deputy, ReceptionDaySummary, Station, Village } from '../../core/station/station.types';
import { command, findAll, findById, findMany, findOne } from '../db/collection';
import type { CollectionName } from '../db/collections';

export const STATIONS = 'stations' satisfies CollectionName;
export const VILLAGES = 'villages' satisfies CollectionName;
export const DEPUTIES = 'deputies' satisfies CollectionName;
export const RECEPTION_DAYS = 'receptionDays' satisfies CollectionName;

export function getStation(code: string): Promise<Station | null> {
  return findOne<Station>(STATIONS, { code, active: true });
}

/** A station by code (its `_id`), active or not. */
export function stationByCode(code: string): Promise<Station | null> {
  return findById<Station>(STATIONS, code);
}

/** The stations of `codes`, active or not (one page: a township has a handful). */
export function stationsByCodes(codes: readonly string[]): Promise<Station[]> {
  return findMany<Station>(STATIONS, { code: command().in([...codes]) });
}

export function listStations(): Promise<(Station & { _id: string })[]> {
  return findAll<Station & { _id: string }>(STATIONS, { active: true });
}

export function villagesOf(stationCode: string): Promise<(Village & { _id: string })[]> {
  return findAll<Village & { _id: string }>(VILLAGES, { stationCode });
}

/** The villages of every station of `stationCodes`. */
export function villagesOfStations(stationCodes: readonly string[]): Promise<(Village & { _id: string })[]> {
  return findAll<Village & { _id: string }>(VILLAGES, { stationCode: command().in([...stationCodes]) });
}

/** Every village of the township. */
export function allVillages(): Promise<(Village & { _id: string })[]> {
  return findAll<Village & { _id: string }>(VILLAGES, {});
}

export function deputiesOf(stationCode: string): Promise<Deputy[]> {
  return findAll<Deputy>(DEPUTIES, { stationCode, active: true });
}

/** The station of every active deputy (only that field), for counting deputies per station. */
export function activeDeputyStations(): Promise<Pick<Deputy, '_id' | 'stationCode'>[]> {
  return findAll<Deputy>(DEPUTIES, { active: true }, { stationCode: true });
}

/** The deputies of `ids`, active or not. */
export function deputiesByIds(ids: readonly string[]): Promise<Deputy[]> {
  return findAll<Deputy>(DEPUTIES, { _id: command().in([...ids]) });
}

/** A deputy by id, active or not. */
export function getDeputy(id: string): Promise<Deputy | null> {
  return findById<Deputy>(DEPUTIES, id);
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
