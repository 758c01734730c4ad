/**
 * HTML → PDF in headless Chromium (Debian's `chromium`, driven by playwright-core). Not for cloud
 * functions (no Chromium there): the local CLI `npm run notice:pdf` and tests use it.
 * CHROMIUM_PATH overrides the executable (default /usr/bin/chromium).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/** Renders `html` to an A4 PDF (the page's own @page size wins, e.g. A4 landscape). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
