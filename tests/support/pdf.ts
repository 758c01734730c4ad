/** Reads a PDF back (page count, page sizes, text by line) with no system tools: tests/support/pdf-read.mjs. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface PdfContents {
  pages: number;
  /** Each page's [width, height] in points (A4 portrait is 595.28 × 841.89). */
  sizes: [number, number][];
  /** The text, one printed line a line, pages separated by a form feed. */
  text: string;
}

export function readPdf(file: string): PdfContents {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'pdf-read.mjs'), file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as PdfContents;
}
