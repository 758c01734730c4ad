/**
 * The printable sheets: the 年度工作情况统计 of a period and scope, and a deputy's 履职档案 for a year.
 * Each answers its A4 HTML and, stored in cloud storage under reports/<township>/, a temporary link the
 * presidium can copy to a computer and print from a browser (Chromium prints the same HTML to PDF
 * locally: `npm run report:pdf`). Read only.
 */
import { chinaDate } from '../../core/calendar/china-time';
import type { DutyType } from '../../core/duty/duty.types';
import {
  archiveSheet,
  reportSheet,
  ymdWords,
  type ArchiveRecordInput,
} from '../../core/figures/figures.sheet';
import type { FigureScope } from '../../core/figures/figures.types';
import { DEPUTY_LEVEL_LABELS, type Deputy } from '../../core/station/station.types';
import { command, findAll, findById } from '../db/collection';
import { fail } from '../errors';
import { DUTY_RECORDS } from '../duty/duty-records.repo';
import type { Caller } from '../pipeline';
import { DEPUTIES, STATIONS, VILLAGES } from '../station/stations.repo';
import { TEMP_URL_MAX_AGE_S, tempFileUrl, uploadFile } from '../storage';
import { requireTownship } from '../tenancy';
import { report, type FiguresInput } from './figures.service';
import { renderArchiveHtml, renderReportHtml } from './report-print';

export interface PrintedSheet {
  html: string;
  /** The stored copy (cloud://…), when storage took it. */
  fileID?: string;
  /** A temporary link to it (one day). */
  url?: string;
}

/** A file name part from an id: letters, digits, '_' and '-' only. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

function scopeKey(scope: FigureScope): string {
  switch (scope.kind) {
    case 'township':
      return 'township';
    case 'station':
      return `station-${safe(scope.stationCode)}`;
    case 'village':
      return `village-${safe(scope.villageCode)}`;
    case 'deputy':
      return `deputy-${safe(scope.deputyId)}`;
    case 'level':
      return `level-${scope.level}`;
  }
}

/**
 * Stores the page under reports/<township>/<name>.html and links to it. Storage failing is not the
 * sheet failing: the HTML is still answered, without a link.
 */
async function stored(name: string, html: string): Promise<PrintedSheet> {
  try {
    const fileID = await uploadFile(`reports/${requireTownship()}/${name}.html`, Buffer.from(html, 'utf8'));
    const url = await tempFileUrl(fileID, TEMP_URL_MAX_AGE_S);
    return { html, fileID, url };
  } catch (err) {
    console.warn(`figures: the printable sheet ${name} was not stored: ${(err as Error)?.message ?? err}`);
    return { html };
  }
}

/** The 年度工作情况统计 sheet of a period and scope (the presidium and the county's staff). */
export async function printableReport(caller: Caller, now: Date, input: FiguresInput): Promise<PrintedSheet> {
  const figures = await report(caller, now, input);
  const html = renderReportHtml(reportSheet(figures), ymdWords(chinaDate(now)));
  const { period } = figures;
  return stored(`figures-${period.start}_${period.end}-${scopeKey(input.scope)}-asof-${figures.asOf}`, html);
}

interface StoredDutyRecord {
  _id: string;
  date: string;
  type: DutyType;
  description?: string;
  peopleReached?: number;
  source: 'system' | 'manual';
  status?: string;
}

/**
 * A deputy's 履职档案 for a year: their figures (deputy scope: the presidium, the county, or the deputy
 * themself), who they are, and every duty record of the year counted (approved when typed by hand).
 */
export async function printableArchive(
  caller: Caller,
  now: Date,
  input: { year: number; deputyId: string },
): Promise<PrintedSheet> {
  // report() checks who may read this deputy's figures and that the deputy is the township's.
  const figures = await report(caller, now, {
    period: { kind: 'year', year: input.year },
    scope: { kind: 'deputy', deputyId: input.deputyId },
  });
  const _ = command();
  const deputy = (await findById<Deputy>(DEPUTIES, input.deputyId)) ?? fail('NOT_FOUND');
  const [station, villages, rows] = await Promise.all([
    deputy.stationCode ? findById<{ name: string }>(STATIONS, deputy.stationCode) : null,
    deputy.villageCodes?.length
      ? findAll<{ _id: string; code: string; name: string }>(
          VILLAGES,
          { code: _.in(deputy.villageCodes) },
          { code: true, name: true },
        )
      : [],
    findAll<StoredDutyRecord>(
      DUTY_RECORDS,
      { deputyId: deputy._id, date: _.gte(figures.period.start).and(_.lte(figures.asOf)) },
      { date: true, type: true, description: true, peopleReached: true, source: true, status: true },
    ),
  ]);
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  const records: ArchiveRecordInput[] = rows
    .filter((r) => r.source === 'system' || r.status === 'approved')
    .map((r) => ({
      id: r._id,
      date: r.date,
      type: r.type,
      description: r.description ?? '',
      peopleReached: r.peopleReached ?? 0,
      source: r.source,
    }));
  const sheet = archiveSheet(
    figures,
    {
      name: deputy.name,
      levelLabel: DEPUTY_LEVEL_LABELS[deputy.level] ?? '',
      title: deputy.title ?? '',
      stationName: station?.name ?? '',
      villageNames: (deputy.villageCodes ?? []).map((c) => villageName.get(c) ?? c),
      group: deputy.group ?? '',
    },
    records,
  );
  const html = renderArchiveHtml(sheet, ymdWords(chinaDate(now)));
  return stored(`archive-${input.year}-${safe(deputy._id)}-asof-${figures.asOf}`, html);
}
