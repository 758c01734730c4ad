/** Cloud function `station`: what a villager sees of the township's liaison stations. */
import { z } from 'zod';
import { action, defineFunction } from '../../../server/pipeline';
import { stationCodeField } from '../../../server/schemas';
import {
  stationQrcode,
  stationSummaries,
  stationView,
  townshipChoices,
  townshipOfStation,
} from '../../../server/station/station.service';

export const definition = defineFunction('station', {
  townships: action({
    summary: "The county's townships (id, name), for choosing one before any station is known.",
    audience: 'anyone',
    township: 'across',
    input: () => z.strictObject({}),
    run: () => townshipChoices(),
  }),

  list: action({
    summary: "The township's stations, for the home page.",
    audience: 'anyone',
    input: () => z.strictObject({}),
    run: () => stationSummaries(),
  }),

  get: action({
    summary: "A station's first screen: details, villages, deputies (phones masked) and next reception days.",
    audience: 'anyone',
    input: () => z.strictObject({ code: stationCodeField() }),
    // A scanned code names its township: the station page opens there whatever township was shown.
    township: ({ code }) => townshipOfStation(code),
    run: ({ now }, { code }) => stationView(code, now),
  }),

  qrcode: action({
    summary: "The station's mini-program code (PNG, base64) whose scene is the station code.",
    audience: ['presidium', 'stationAdmin'],
    input: () => z.strictObject({ code: stationCodeField() }),
    scope: ({ code }) => ({ stationCode: code }),
    run: (_ctx, { code }) => stationQrcode(code),
  }),
});

export const main = definition.main;
