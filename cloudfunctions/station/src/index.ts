/** Cloud function `station`: what a villager sees of the township's liaison stations. */
import { PAGES } from '../../../core/notify/pages';
import { z } from 'zod';
import { chinaDate } from '../../../core/calendar/china-time';
import { toStationSummary, toStationView } from '../../../core/station/station.view';
import { findAll } from '../../../server/db/collection';
import { fail } from '../../../server/errors';
import { miniProgramCode } from '../../../server/openapi';
import { action, defineFunction } from '../../../server/pipeline';
import { stationCodeSchema } from '../../../server/schemas';
import {
  DEPUTIES,
  VILLAGES,
  deputiesOf,
  getStation,
  listStations,
  upcomingDaysOf,
  villagesOf,
} from '../../../server/station/stations.repo';
import type { Deputy, Village } from '../../../core/station/station.types';

export const definition = defineFunction('station', {
  list: action({
    summary: "The township's stations, for the home page.",
    audience: 'anyone',
    input: z.strictObject({}),
    run: async () => {
      const [stations, villages, deputies] = await Promise.all([
        listStations(),
        findAll<Village & { _id: string }>(VILLAGES, {}),
        findAll<Deputy>(DEPUTIES, { active: true }, { stationCode: true }),
      ]);
      return stations
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((s) =>
          toStationSummary(
            s,
            villages.filter((v) => v.stationCode === s.code),
            deputies.filter((d) => d.stationCode === s.code).length,
          ),
        );
    },
  }),

  get: action({
    summary: "A station's first screen: details, villages, deputies (phones masked) and next reception days.",
    audience: 'anyone',
    input: z.strictObject({ code: stationCodeSchema }),
    run: async (ctx, { code }) => {
      const station = await getStation(code);
      if (!station) fail('STATION_NOT_FOUND');
      const today = chinaDate(ctx.now);
      const [villages, deputies, days] = await Promise.all([
        villagesOf(code),
        deputiesOf(code),
        upcomingDaysOf(code, today),
      ]);
      return toStationView(station, villages, deputies, days, today);
    },
  }),

  qrcode: action({
    summary: "The station's mini-program code (PNG, base64) whose scene is the station code.",
    audience: ['presidium', 'stationAdmin'],
    input: z.strictObject({ code: stationCodeSchema }),
    run: async (ctx, { code }) => {
      if (ctx.caller.role === 'stationAdmin' && ctx.caller.user?.stationCode !== code) fail('FORBIDDEN');
      const station = await getStation(code);
      if (!station) fail('STATION_NOT_FOUND');
      const png = await miniProgramCode(code, PAGES.station);
      return {
        scene: code,
        page: PAGES.station,
        stationName: station.name,
        pngBase64: png.toString('base64'),
      };
    },
  }),
});

export const main = definition.main;
