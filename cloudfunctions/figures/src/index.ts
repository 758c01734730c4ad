/**
 * Cloud function `figures`: the township's year in figures (统计数字) for any period and scope, each
 * drilling down to its records; the printable 年度工作情况统计 sheet; the ledgers (台账) in Excel.
 * Read only: nothing here changes a record (an export is itself recorded).
 */
import { z } from 'zod';
import { BREAKDOWNS, SCOPE_KINDS } from '../../../core/figures/figures.types';
import { DEPUTY_LEVELS } from '../../../core/station/station.types';
import * as figures from '../../../server/figures/figures.service';
import { publicCard } from '../../../server/figures/public-card.service';
import * as printing from '../../../server/figures/print.service';
import * as ledgers from '../../../server/figures/ledgers/ledger.service';
import { action, defineFunction } from '../../../server/pipeline';
import { idField, stationCodeField, ymdField } from '../../../server/schemas';
import { townshipOfStation } from '../../../server/station/station.service';

const STAFF = ['presidium', 'county', 'stationAdmin', 'deputy'] as const;

const yearField = () => z.number().int().min(2000).max(2099);

/** A year, a half-year, a quarter or custom dates (core/figures/figures.period.ts checks the days). */
export const periodSchema = () =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('year'), year: yearField() }),
    z.strictObject({
      kind: z.literal('half'),
      year: yearField(),
      half: z.union([z.literal(1), z.literal(2)]),
    }),
    z.strictObject({
      kind: z.literal('quarter'),
      year: yearField(),
      quarter: z.number().int().min(1).max(4) as z.ZodType<1 | 2 | 3 | 4>,
    }),
    z.strictObject({ kind: z.literal('custom'), start: ymdField(), end: ymdField() }),
  ]);

/** The whole township, a station, a village, a deputy, or every deputy of a level. */
export const scopeSchema = () =>
  z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('township') }),
      z.strictObject({ kind: z.literal('station'), stationCode: stationCodeField() }),
      z.strictObject({ kind: z.literal('village'), villageCode: idField() }),
      z.strictObject({ kind: z.literal('deputy'), deputyId: idField() }),
      z.strictObject({ kind: z.literal('level'), level: z.enum(DEPUTY_LEVELS) }),
    ])
    .default({ kind: 'township' });

const codeSchema = () =>
  z
    .string()
    .max(48)
    .regex(/^[a-z]+\.[A-Za-z]{1,40}$/, '统计项编号格式不正确');

export const definition = defineFunction('figures', {
  report: action({
    summary: `Every figure of the table (core/figures/figures.table.ts) meaningful in the scope (${SCOPE_KINDS.join(' / ')}), for a year, half-year, quarter or custom dates, counted from the records as of today (or the period's end): each with its value, display ('1,234人次', '86%', '样本不足（3/5）'), report sentence and parts per breakdown, which add up to it. The presidium and county staff read any scope; a station admin their station; a deputy their own (履职档案).`,
    audience: STAFF,
    input: () => z.strictObject({ period: periodSchema(), scope: scopeSchema() }),
    scope: ({ scope }) => figures.scopeTarget(scope),
    run: ({ caller, now }, input) => figures.report(caller, now, input),
  }),

  drill: action({
    summary: `The records behind one figure (or one part of it: ${BREAKDOWNS.join(' / ')}), a page at a time (limit ≤ 50, then pass \`next\` as cursor): each with its date, a line naming it and what makes it count. A rate lists its denominator's records.`,
    audience: STAFF,
    input: () =>
      z.strictObject({
        period: periodSchema(),
        scope: scopeSchema(),
        code: codeSchema(),
        part: z.strictObject({ breakdown: z.enum(BREAKDOWNS), key: z.string().min(1).max(64) }).optional(),
        cursor: z
          .string()
          .regex(/^\d{1,7}$/, '翻页位置格式不正确')
          .optional(),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    scope: ({ scope }) => figures.scopeTarget(scope),
    run: ({ caller, now }, input) => figures.drill(caller, now, input),
  }),

  publicCard: action({
    summary:
      "A station's public card for villagers (the station page): this year's opinions received and answered, the on-time rate and the satisfaction rate (villagers' own ratings), computed as the report computes them, 样本不足 below the fair minimum. Counts only, no personal data. Runs in the township the station code names.",
    audience: 'anyone',
    input: () => z.strictObject({ stationCode: stationCodeField() }),
    // A scanned code names its township (as station.get): the card is that township's station's.
    township: ({ stationCode }) => townshipOfStation(stationCode),
    run: ({ now }, { stationCode }) => publicCard(now, stationCode),
  }),

  printableReport: action({
    summary:
      "The printable A4 年度工作情况统计 sheet of a period and scope: per section (in the order the township reports present their work) a table of every figure of `report` with its display value, then charts (cases, on-time rate and reception by month; stations compared), the report sentences as paragraphs ready to paste, the date counted to and each figure's definition. Answers { html, fileID?, url? }: the HTML and, stored under reports/<township>/, a temporary link (one day) to open and print on a computer. The presidium and county staff.",
    audience: ['presidium', 'county'],
    input: () => z.strictObject({ period: periodSchema(), scope: scopeSchema() }),
    scope: ({ scope }) => figures.scopeTarget(scope),
    run: ({ caller, now }, input) => printing.printableReport(caller, now, input),
  }),

  printableArchive: action({
    summary:
      "A deputy's printable A4 履职档案 for a year: who they are (level, station, villages; no contact data), their figures (deputy scope), every duty record of the year by date (system records and approved ones typed by hand) and the sentences ready to paste. Answers { html, fileID?, url? } as printableReport. The presidium, county staff, or the deputy themself.",
    audience: ['presidium', 'county', 'deputy'],
    input: () => z.strictObject({ year: yearField(), deputyId: idField() }),
    scope: ({ deputyId }) => figures.scopeTarget({ kind: 'deputy', deputyId }),
    run: ({ caller, now }, input) => printing.printableArchive(caller, now, input),
  }),

  exportLedger: action({
    summary:
      "One ledger (台账) of the township for a period, as an Excel workbook in cloud storage: 'reception' 接待登记台账, 'cases' 意见建议办理台账, 'duties' 代表履职登记台账, 'law' 法律知识推送台账. Days real, start ≤ today and at most ten years back, at most five years long. Villagers' names and phones only with includeContacts (presidium). Every export is recorded (ledgerExports). Answers { fileID, url (temporary link, 2 h), expiresAt, rows, fileName }. The presidium exports any ledger; a station admin their own station's reception ledger.",
    audience: ['presidium', 'stationAdmin'],
    input: ledgers.exportLedgerInput,
    scope: (input, ctx) => ledgers.ledgerScope(input, ctx),
    run: ({ caller, now }, input) => ledgers.exportLedger(caller, now, input),
  }),
});

export const main = definition.main;
