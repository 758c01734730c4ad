#!/usr/bin/env node
/**
 * `node tests/support/pdf-read.mjs <file.pdf>`: prints the PDF as JSON, {pages, sizes: [[w, h] in pt],
 * text}, read with unpdf (pdf.js, no poppler). The text keeps each printed line on its own line, its
 * pieces in reading order and a space where the page leaves a gap, as `pdftotext -layout` would.
 * A separate process because pdf.js is an ES module with top-level await, which jest's CommonJS
 * runtime cannot load; tests call it through tests/support/pdf.ts.
 */
import { readFileSync } from 'node:fs';
import { getDocumentProxy } from 'unpdf';

const pdf = await getDocumentProxy(new Uint8Array(readFileSync(process.argv[2])), { verbosity: 0 });
const sizes = [];
const lines = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  sizes.push([x1 - x0, y1 - y0]);
  const rows = new Map();
  for (const item of (await page.getTextContent()).items) {
    if (!('str' in item) || item.str === '') continue;
    const [, , , , x, y] = item.transform;
    const key = Math.round(y);
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key).push({ x, end: x + item.width, str: item.str });
  }
  for (const key of [...rows.keys()].sort((a, b) => b - a)) {
    let line = '';
    let end = -Infinity;
    for (const piece of rows.get(key).sort((a, b) => a.x - b.x)) {
      if (line && piece.x - end > 1 && !line.endsWith(' ') && !piece.str.startsWith(' ')) line += ' ';
      line += piece.str;
      end = piece.end;
    }
    lines.push(line);
  }
  lines.push('\f');
}
await pdf.destroy();
process.stdout.write(JSON.stringify({ pages: pdf.numPages, sizes, text: lines.join('\n') }));
