/** Cloud function `station`: what a villager sees of the township's liaison stations. */
import { z } from 'zod';
import { action, defineFunction } from '../../../server/pipeline';
import { stationCodeSchema } from '../../../server/schemas';
import { stationQrcode, stationSummaries, stationView } from '../../../server/station/station.service';

export const definition = defineFunction('station', {
  list: action({
    summary: "The township's stations, for the home page.",
    audience: 'anyone',
    input: z.strictObject({}),
    run: () => stationSummaries(),
  }),

  get: action({
    summary: "A station's first screen: details, villages, deputies (phones masked) and next reception days.",
    audience: 'anyone',
    input: z.strictObject({ code: stationCodeSchema }),
    run: ({ now }, { code }) => stationView(code, now),
  }),

  qrcode: action({
    summary: "The station's mini-program code (PNG, base64) whose scene is the station code.",
    audience: ['presidium', 'stationAdmin'],
    input: z.strictObject({ code: stationCodeSchema }),
    scope: ({ code }) => ({ stationCode: code }),
    run: (_ctx, { code }) => stationQrcode(code),
  }),
});

export const main = definition.main;
