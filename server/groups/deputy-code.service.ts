/**
 * The deputy's own code (代表码): a mini-program code whose scene names the deputy (and the township,
 * `d=<deputyId>&t=<township>`, as the app needs it before it knows where it is), opening the deputy's
 * page; that page's public data (who they are and what they did publicly this year, counted as the
 * disclosure notices count: system records and approved ones, and their cases); and the A4 sheet of
 * every deputy's code for the notice board, stored in cloud storage with a link.
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import { createDisclosureAccumulator } from '../../core/duty/disclosure.aggregate';
import type { DisclosurePeriod, DutyRecord } from '../../core/duty/duty.types';
import { ymdWords } from '../../core/figures/figures.sheet';
import { deputyScene, publicDeputy } from '../../core/groups/contacts.rules';
import { renderCodeSheet, type CodeCard } from '../../core/groups/deputy-code.sheet';
import type { DeputyGroup } from '../../core/groups/groups.types';
import { PAGES } from '../../core/notify/pages';
import { DEPUTY_LEVEL_LABELS, type Deputy, type Station } from '../../core/station/station.types';
import { command, findAll, findById } from '../db/collection';
import { DUTY_RECORDS } from '../duty/duty-records.repo';
import { opinionRows } from '../duty/duty-sources.repo';
import { fail } from '../errors';
import { townshipName } from '../identity/townships.repo';
import { miniProgramCode } from '../openapi';
import type { Caller } from '../pipeline';
import { DEPUTIES, STATIONS } from '../station/stations.repo';
import { TEMP_URL_MAX_AGE_S, tempFileUrl, uploadFile } from '../storage';
import { requireTownship } from '../tenancy';
import { activeGroupsOf } from './groups.repo';

/** The scene of this deputy's code in the call's township. */
function sceneOf(deputyId: string): string {
  return deputyScene(deputyId, requireTownship()) ?? deputyScene(deputyId) ?? fail('DEPUTY_CODE_NOT_FOUND');
}

async function activeDeputy(id: string): Promise<Deputy> {
  const d = await findById<Deputy>(DEPUTIES, id);
  if (!d || !d.active) fail('DEPUTY_CODE_NOT_FOUND');
  return d;
}

/** A deputy's code (PNG, base64): the presidium's for any deputy, a deputy's for their own. */
export async function deputyCode(caller: Caller, deputyId: string) {
  if (caller.role === 'deputy' && caller.user?.deputyId !== deputyId) fail('FORBIDDEN');
  const deputy = await activeDeputy(deputyId);
  const scene = sceneOf(deputy._id);
  const png = await miniProgramCode(scene, PAGES.deputy);
  return { scene, page: PAGES.deputy, deputyName: deputy.name, pngBase64: png.toString('base64') };
}

function yearSoFar(today: Ymd): DisclosurePeriod {
  const year = today.slice(0, 4);
  return { id: `year-${year}`, start: `${year}-01-01` as Ymd, end: today, label: `${year}年` };
}

/** What a deputy did publicly this year, counted as the disclosure notices count it. */
async function yearFigures(deputy: Deputy, today: Ymd) {
  const period = yearSoFar(today);
  const _ = command();
  const [records, rows] = await Promise.all([
    findAll<DutyRecord & { _id: string }>(DUTY_RECORDS, {
      deputyId: deputy._id,
      date: _.gte(period.start).and(_.lte(period.end)),
    }),
    opinionRows(period, today, [deputy._id]),
  ]);
  const acc = createDisclosureAccumulator(period, [{ _id: deputy._id, name: deputy.name }]);
  for (const r of records) acc.addDutyRecord(r);
  for (const { _id, ...figures } of rows) acc.addDeputyFigures(_id, figures);
  const f = acc.result().rows[0].figures;
  return {
    year: Number(period.start.slice(0, 4)),
    activities: f.visit + f.inspection + f.meeting + f.suggestion + f.training + f.help + f.reception,
    visits: f.visit,
    help: f.help,
    peopleReached: f.peopleReached,
    opinionsAnswered: f.opinionsAnswered,
  };
}

/**
 * The deputy's page as the villager who scanned their code sees it: photo, name, level, station,
 * groups and this year's public figures. Never a phone, an openid or a household.
 */
export async function deputyPage(deputyId: string, now: Date) {
  const deputy = await activeDeputy(deputyId);
  const today = chinaDate(now);
  const [station, groups, figures, township] = await Promise.all([
    findById<Station>(STATIONS, deputy.stationCode),
    activeGroupsOf(deputy.stationCode),
    yearFigures(deputy, today),
    townshipName(requireTownship()),
  ]);
  const mine = groups.filter((g: DeputyGroup) => g.memberIds.includes(deputy._id));
  return {
    deputy: { ...publicDeputy(deputy), levelLabel: DEPUTY_LEVEL_LABELS[deputy.level] },
    stations: station ? [{ code: station.code, name: station.name }] : [],
    groups: mine.length ? mine.map((g) => g.name) : deputy.group ? [deputy.group] : [],
    figures,
    township: { id: requireTownship(), name: township },
  };
}

/** How many codes the A4 sheet asks the platform for at once. */
const CODES_AT_ONCE = 6;

export interface PrintedCodes {
  html: string;
  fileID?: string;
  url?: string;
  count: number;
}

/** Every active deputy's code on A4 (name, level, station under each), stored with a day's link. */
export async function printDeputyCodes(now: Date): Promise<PrintedCodes> {
  const [deputies, stations, name] = await Promise.all([
    findAll<Deputy>(DEPUTIES, { active: true }),
    findAll<Station & { _id: string }>(STATIONS, {}),
    townshipName(requireTownship()),
  ]);
  const stationName = new Map(stations.map((s) => [s.code, s.name]));
  const sorted = [...deputies].sort(
    (a, b) => a.stationCode.localeCompare(b.stationCode) || (a._id < b._id ? -1 : 1),
  );
  // A few codes at a time: the platform's code service is called once per deputy.
  const cards: CodeCard[] = [];
  for (let i = 0; i < sorted.length; i += CODES_AT_ONCE) {
    const chunk = sorted.slice(i, i + CODES_AT_ONCE);
    const pngs = await Promise.all(chunk.map((d) => miniProgramCode(sceneOf(d._id), PAGES.deputy)));
    chunk.forEach((d, j) =>
      cards.push({
        name: d.name,
        level: d.level,
        stationName: stationName.get(d.stationCode) ?? d.stationCode,
        pngBase64: pngs[j].toString('base64'),
      }),
    );
  }
  const today = chinaDate(now);
  const html = renderCodeSheet(name, cards, ymdWords(today));
  try {
    const fileID = await uploadFile(
      `reports/${requireTownship()}/deputy-codes-${today}.html`,
      Buffer.from(html, 'utf8'),
    );
    const url = await tempFileUrl(fileID, TEMP_URL_MAX_AGE_S);
    return { html, fileID, url, count: cards.length };
  } catch (err) {
    console.warn(`groups: the deputy-code sheet was not stored: ${(err as Error)?.message ?? err}`);
    return { html, count: cards.length };
  }
}
