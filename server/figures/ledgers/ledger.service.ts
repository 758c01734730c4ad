/**
 * figures.exportLedger: one of the four ledgers (台账) of the caller's township for a period, as an Excel
 * workbook in cloud storage, answered with a temporary link (2 hours) to open or forward in WeChat.
 *
 *   who      the presidium, every ledger; a station admin, the 接待登记台账 of their own station only.
 *   period   real China days, the figures' own rule (core/figures/figures.period.ts): start in the last ten
 *            years and not after today, at most five years long: a deputy's term fits in one file.
 *   contacts villagers' names and phones only when the presidium asks (`includeContacts`); every export is
 *            recorded in `ledgerExports` (who, when, which ledger and period, contacts or not, rows, file).
 *
 * The workbook is streamed to a temp file while the records are read a page at a time
 * (ledger.sources.ts), then uploaded (`ledgers/<township>/<ledger>-<start>_<end>-<id>.xlsx`).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { chinaDate, type Ymd } from '../../../core/calendar/china-time';
import { resolvePeriod } from '../../../core/figures/figures.period';
import type { ScopeTarget } from '../../../core/identity/scope.rules';
import { insert } from '../../db/collection';
import type { CollectionName } from '../../db/collections';
import { fail, orFail } from '../../errors';
import { townshipName } from '../../identity/townships.repo';
import type { ActionContext, Caller } from '../../pipeline';
import { stationCodeField, ymdField } from '../../schemas';
import { tempFileUrl, uploadFile } from '../../storage';
import { requireTownship } from '../../tenancy';
import {
  caseColumns,
  caseRow,
  dutyColumns,
  dutyRow,
  LEDGER_TITLES,
  LEDGERS,
  lawColumns,
  lawRow,
  receptionColumns,
  receptionRows,
  type LedgerKind,
} from './ledger.columns';
import {
  casesOf,
  dutyRecordsOf,
  lawIssuesOf,
  loadLookups,
  receptionDaysOf,
  type LedgerPeriod,
} from './ledger.sources';
import { openLedgerSheet, type LedgerSheet } from './ledger.workbook';

export const LEDGER_EXPORTS = 'ledgerExports' satisfies CollectionName;

/** How long the answered link opens the file. */
export const LEDGER_LINK_SECONDS = 2 * 3600;

/** The action's input (built on first use, as every action's schema: server/pipeline.ts). */
export const exportLedgerInput = () =>
  z.strictObject({
    ledger: z.enum(LEDGERS),
    start: ymdField(),
    end: ymdField(),
    includeContacts: z.boolean().default(false),
    /** The 接待登记台账 of one station (a station admin's is always their own); no other ledger takes one. */
    stationCode: stationCodeField().optional(),
  });
export type ExportLedgerInput = z.infer<ReturnType<typeof exportLedgerInput>>;

/** What the input touches (server/pipeline.ts `scope`): the station of a station admin's reception ledger. */
export function ledgerScope(input: ExportLedgerInput, ctx: Pick<ActionContext, 'caller'>): ScopeTarget {
  return { stationCode: input.stationCode ?? ctx.caller.user?.stationCode ?? '' };
}

export interface LedgerExport {
  fileID: string;
  /** A temporary link, valid LEDGER_LINK_SECONDS. */
  url: string;
  expiresAt: string;
  rows: number;
  fileName: string;
}

/** One export as recorded. */
export interface LedgerExportRecord {
  ledger: LedgerKind;
  start: Ymd;
  end: Ymd;
  stationCode: string | null;
  includeContacts: boolean;
  rows: number;
  fileID: string;
  fileName: string;
  byOpenid: string;
  byRole: string;
  byName: string;
  at: Date;
}

function ymdLabel(day: Ymd): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export async function exportLedger(
  caller: Caller,
  now: Date,
  input: ExportLedgerInput,
): Promise<LedgerExport> {
  const today = chinaDate(now);
  // Who may export what.
  if (input.stationCode !== undefined && input.ledger !== 'reception')
    fail('BAD_INPUT', [{ path: 'stationCode', message: '只有接待登记台账可以按联络站导出' }]);
  let stationCode = input.stationCode ?? null;
  if (caller.role === 'stationAdmin') {
    if (input.ledger !== 'reception' || input.includeContacts) fail('FORBIDDEN');
    const own = caller.user?.stationCode;
    if (!own || (stationCode !== null && stationCode !== own)) fail('NOT_YOUR_STATION');
    stationCode = own;
  } else if (caller.role !== 'presidium') fail('FORBIDDEN');

  const resolved = orFail(resolvePeriod({ kind: 'custom', start: input.start, end: input.end }, today));
  const period: LedgerPeriod = { start: resolved.start, end: resolved.end };

  const township = requireTownship();
  const [lookups, placeName] = await Promise.all([loadLookups(), townshipName(township)]);
  const station = stationCode ? (lookups.stations.get(stationCode) ?? stationCode) : '';
  const ledgerTitle = `${placeName}${station}${LEDGER_TITLES[input.ledger]}`;
  const periodLabel = `${ymdLabel(period.start)}至${ymdLabel(period.end)}`;
  const title = `${ledgerTitle}（${periodLabel}）　${ymdLabel(today)}导出${input.includeContacts ? '　含联系方式，注意保密' : ''}`;
  const fileName = `${ledgerTitle}（${period.start}至${period.end}）.xlsx`;

  const id = randomBytes(6).toString('hex');
  const tmp = path.join(os.tmpdir(), `ledger-${id}.xlsx`);
  try {
    const contacts = input.includeContacts;
    let sheet: LedgerSheet;
    switch (input.ledger) {
      case 'cases':
        sheet = await openLedgerSheet(tmp, title, caseColumns(contacts));
        for await (const page of casesOf(period))
          for (const { opinion, events } of page)
            sheet.add(caseRow(opinion, events, lookups, contacts, today));
        break;
      case 'reception':
        sheet = await openLedgerSheet(tmp, title, receptionColumns(contacts));
        for await (const { days, caseStatus } of receptionDaysOf(period, stationCode))
          for (const d of days)
            for (const row of receptionRows(d.day, d.bookings, d.record, caseStatus, lookups, contacts))
              sheet.add(row);
        break;
      case 'duties':
        sheet = await openLedgerSheet(tmp, title, dutyColumns());
        for await (const page of dutyRecordsOf(period)) for (const r of page) sheet.add(dutyRow(r, lookups));
        break;
      case 'law':
        sheet = await openLedgerSheet(tmp, title, lawColumns());
        for (const r of await lawIssuesOf(period)) sheet.add(lawRow(r));
        break;
    }
    await sheet.close();
    const rows = sheet.rows();
    const cloudPath = `ledgers/${township}/${input.ledger}-${period.start}_${period.end}-${id}.xlsx`;
    const fileID = await uploadFile(cloudPath, { filePath: tmp });
    const url = await tempFileUrl(fileID, LEDGER_LINK_SECONDS);
    const record: LedgerExportRecord = {
      ledger: input.ledger,
      start: period.start,
      end: period.end,
      stationCode,
      includeContacts: contacts,
      rows,
      fileID,
      fileName,
      byOpenid: caller.openid,
      byRole: caller.role,
      byName: caller.user?.name ?? '',
      at: now,
    };
    await insert(LEDGER_EXPORTS, { ...record });
    return {
      fileID,
      url,
      expiresAt: new Date(now.getTime() + LEDGER_LINK_SECONDS * 1000).toISOString(),
      rows,
      fileName,
    };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
