/**
 * `npm run report:pdf -- <townshipId> <year> [out.pdf]`: a township's printable 年度工作情况统计 sheet
 * for a year as an A4 PDF, from the local cloud's data (DATA_DIR, default .data/). Asks the `figures`
 * function for the sheet as that township's first presidium account (the same action the presidium
 * calls) and prints it in headless Chromium (server/pdf.ts); the charts are drawn while the page loads.
 * Chromium does not exist in cloud functions: in production open the link `figures.printableReport`
 * answers in a browser and print from there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalCloud } from '../cloud';
import { dataDir, projectRoot } from '../paths';
import { htmlToPdf } from '../../server/pdf';

export async function main(argv: string[]): Promise<number> {
  const [townshipId, yearArg, out] = argv;
  const year = Number(yearArg);
  if (!townshipId || !/^\d{4}$/.test(yearArg ?? '')) {
    console.error('usage: npm run report:pdf -- <townshipId, e.g. jingu> <year, e.g. 2025> [out.pdf]');
    return 2;
  }
  const root = projectRoot();
  const cloud = await startLocalCloud({ dataDir: dataDir(root), root });
  try {
    // Users are stored per township: the township's presidium prints its sheet.
    const presidium = [...cloud.store.entries('users').values()].find(
      (e) => e.doc.role === 'presidium' && e.doc.townshipId === townshipId,
    );
    if (!presidium) {
      console.error(
        `no presidium account of township '${townshipId}' in DATA_DIR (npm run bootstrap -- <openid> [name] --township ${townshipId})`,
      );
      return 1;
    }
    const res = await cloud.invoke<
      | { ok: true; data: { html: string; url?: string } }
      | { ok: false; error: { code: string; message: string } }
    >(
      'figures',
      { action: 'printableReport', period: { kind: 'year', year }, townshipId },
      { openid: String(presidium.doc.openid ?? presidium.doc._id) },
    );
    if (!res.ok) {
      console.error(`${res.error.code}: ${res.error.message}`);
      return 1;
    }
    const file = path.resolve(out ?? `figures-${townshipId}-${year}.pdf`);
    fs.writeFileSync(file, await htmlToPdf(res.data.html));
    console.log(`wrote ${file}`);
    return 0;
  } finally {
    await cloud.stop();
  }
}

// Run as `node dist/local/report-pdf.cjs …` (the npm script), not when a test imports `main`.
if (require.main === module)
  void main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
