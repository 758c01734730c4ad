/**
 * `npm run notice:pdf -- <noticeId> [out.pdf]`: the printable A4 notice of the local cloud as a PDF.
 * Opens the local cloud's data (DATA_DIR, default .data/), asks the `duty` function for the printable
 * HTML as the first presidium account found there (the same action the presidium calls), and prints it
 * in headless Chromium (server/pdf.ts). Chromium does not exist in cloud functions: in production run
 * this against an export, or print the HTML from `duty.printableNotice` in a browser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalCloud } from '../cloud';
import { dataDir, projectRoot } from '../paths';
import { htmlToPdf } from '../../server/pdf';

export async function main(argv: string[]): Promise<number> {
  const [noticeId, out] = argv;
  if (!noticeId) {
    console.error('usage: npm run notice:pdf -- <noticeId, e.g. JG01:2025-05:v1> [out.pdf]');
    return 2;
  }
  const root = projectRoot();
  const cloud = await startLocalCloud({ dataDir: dataDir(root), root });
  try {
    // The notice's township's presidium prints it (users are stored per township: `openid` is theirs).
    const townshipId = cloud.store.get('disclosureNotices', noticeId)?.doc.townshipId;
    const presidium = [...cloud.store.entries('users').values()].find(
      (e) => e.doc.role === 'presidium' && (townshipId === undefined || e.doc.townshipId === townshipId),
    );
    if (!presidium) {
      console.error(
        'no presidium account in DATA_DIR (npm run bootstrap -- <openid> [name] --township <id>)',
      );
      return 1;
    }
    const res = await cloud.invoke<
      | { ok: true; data: { html: string; fileName: string } }
      | { ok: false; error: { code: string; message: string } }
    >(
      'duty',
      { action: 'printableNotice', id: noticeId, ...(typeof townshipId === 'string' ? { townshipId } : {}) },
      { openid: String(presidium.doc.openid ?? presidium.doc._id) },
    );
    if (!res.ok) {
      console.error(`${res.error.code}: ${res.error.message}`);
      return 1;
    }
    const file = path.resolve(out ?? res.data.fileName.replace(/:/g, '-'));
    fs.writeFileSync(file, await htmlToPdf(res.data.html));
    console.log(`wrote ${file}`);
    return 0;
  } finally {
    await cloud.stop();
  }
}

// Run as `node dist/local/notice-pdf.cjs …` (the npm script), not when a test imports `main`.
if (require.main === module)
  void main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
