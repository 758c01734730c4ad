/**
 * A ledger workbook written as a stream (exceljs' streaming WorkbookWriter into a file): each row is
 * written and committed as it comes, with inline strings (no shared-string table growing with the
 * rows), so memory stays flat however many rows there are. The sheet is set up as a township prints
 * its 台账: a title row (township, ledger, period, when exported) and a header row, both frozen and
 * repeated on every printed page, a filter on the headers, A4 landscape fitted to the page width,
 * page numbers in the footer, column widths set.
 *
 * exceljs is loaded on the first export (`import()`), so the function's other actions never run it.
 */
import type { Cell, Column } from './ledger.columns';

type ExcelJS = typeof import('exceljs');
let loaded: Promise<ExcelJS> | null = null;
function excel(): Promise<ExcelJS> {
  loaded ??= import('exceljs').then((m) => ((m as { default?: ExcelJS }).default ?? m) as ExcelJS);
  return loaded;
}

/** Excel's serial day of a China day ('2025-03-01'): written as a UTC midnight, shown as that day. */
function excelDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function excelMinute(minute: string): Date {
  return new Date(`${minute.replace(' ', 'T')}:00Z`);
}

const A4 = 9;

export interface LedgerSheet {
  /** Adds one row; resolves once it is committed to the file. */
  add(cells: Cell[]): void;
  rows(): number;
  /** Finishes the file. */
  close(): Promise<void>;
}

export async function openLedgerSheet(
  file: string,
  title: string,
  columns: readonly Column[],
): Promise<LedgerSheet> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '代表联络站';
  const last = columnLetter(columns.length);
  const ws = wb.addWorksheet('台账', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: {
      paperSize: A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '1:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = columns.map((c, i) => ({
    key: `c${i}`,
    width: c.width,
    style: {
      alignment: { vertical: 'top', wrapText: c.wrap === true },
      ...(c.format === 'day'
        ? { numFmt: 'yyyy-mm-dd' }
        : c.format === 'minute'
          ? { numFmt: 'yyyy-mm-dd hh:mm' }
          : {}),
    },
  }));
  ws.mergeCells(`A1:${last}1`);
  const head = ws.getRow(1);
  head.getCell(1).value = title;
  head.getCell(1).font = { bold: true, size: 16 };
  head.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  head.height = 30;
  head.commit();
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 24;
  header.commit();
  ws.autoFilter = `A2:${last}2`;

  let count = 0;
  return {
    add(cells) {
      const values = cells.map((v) =>
        v === null
          ? null
          : typeof v === 'object'
            ? 'day' in v
              ? excelDay(v.day)
              : excelMinute(v.minute)
            : v,
      );
      ws.addRow(values).commit();
      count += 1;
    },
    rows: () => count,
    async close() {
      ws.commit();
      await wb.commit();
    },
  };
}

/** 'A' for 1, 'Z' for 26, 'AA' for 27. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
