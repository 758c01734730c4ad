/**
 * What a villager sees of the township's liaison stations, and the QR code a station prints: the use
 * cases behind the `station` function, each loading from server/station/stations.repo.ts and shaping
 * with core/station/station.view.ts.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { PAGES } from '../../core/notify/pages';
import {
  toStationSummary,
  toStationView,
  type StationSummary,
  type StationView,
  type TownshipRef,
} from '../../core/station/station.view';
import { fail } from '../errors';
import { requireTownship } from '../tenancy';
import { listTownships, townshipName } from '../identity/townships.repo';
import type { Station } from '../../core/station/station.types';
import { miniProgramCode } from '../openapi';
import {
  activeDeputyStations,
  allVillages,
  deputiesOf,
  getStation,
  listStations,
  upcomingDaysOf,
  villagesOf,
} from './stations.repo';

/** The township a station code belongs to (codes are unique across the county), or null. */
export async function townshipOfStation(code: string): Promise<string | null> {
  const station = (await getStation(code)) as (Station & { townshipId?: string }) | null;
  return station?.townshipId ?? null;
}

/** The county's townships, for the mini-program's 选择乡镇. */
export async function townshipChoices(): Promise<{ id: string; name: string }[]> {
  return (await listTownships()).map((t) => ({ id: t._id, name: t.name }));
}

/** The township the call runs in, named (the station answers say it, so the client sends it on). */
async function thisTownship(): Promise<TownshipRef> {
  const id = requireTownship();
  return { id, name: await townshipName(id) };
}

/** The township's active stations by code, each with its villages and how many active deputies it has. */
export async function stationSummaries(): Promise<StationSummary[]> {
  const [stations, villages, deputies, township] = await Promise.all([
    listStations(),
    allVillages(),
    activeDeputyStations(),
    thisTownship(),
  ]);
  return stations
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) =>
      toStationSummary(
        s,
        villages.filter((v) => v.stationCode === s.code),
        deputies.filter((d) => d.stationCode === s.code).length,
        township,
      ),
    );
}

/** A station's first screen as of `now` (China date): details, villages, deputies, next days. */
export async function stationView(code: string, now: Date): Promise<StationView> {
  const station = await getStation(code);
  if (!station) fail('STATION_NOT_FOUND');
  const today = chinaDate(now);
  const [villages, deputies, days, township] = await Promise.all([
    villagesOf(code),
    deputiesOf(code),
    upcomingDaysOf(code, today),
    thisTownship(),
  ]);
  return toStationView(station, villages, deputies, days, today, township);
}

/** The station's mini-program code: a PNG whose scene is the station code, opening the station page. */
export async function stationQrcode(
  code: string,
): Promise<{ scene: string; page: string; stationName: string; pngBase64: string }> {
  const station = await getStation(code);
  if (!station) fail('STATION_NOT_FOUND');
  const png = await miniProgramCode(code, PAGES.station);
  return { scene: code, page: PAGES.station, stationName: station.name, pngBase64: png.toString('base64') };
}
