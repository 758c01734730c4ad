/**
 * The printable notice: rendered to PDF in headless Chromium and read back with pdf.js (unpdf, through
 * tests/support/pdf.ts; no poppler needed). Skipped
 * only on a developer machine without Chromium; in CI (CI set) a missing Chromium fails the test.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chinaDate } from '../../core/calendar/china-time';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { chromiumAvailable, htmlToPdf } from '../../server/pdf';
import { readPdf } from '../support/pdf';
import { demoCloud, unwrap as data } from './support';

const runIt = chromiumAvailable() || !!process.env.CI ? it : it.skip;

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

describe('printable notice (A4 PDF)', () => {
  runIt(
    'renders the notice with the deputies, their figures and the QR code on A4, and reads back as text',
    async () => {
      const period = dueDefaultPeriods(chinaDate(new Date()))[0];
      cloud.store.commit([
        {
          collection: 'dutyRecords',
          id: 'pdf-rec-1',
          doc: {
            _id: 'pdf-rec-1',
            deputyId: 'd01',
            stationCode: 'JG01',
            type: 'visit',
            date: period.start,
            description: '走访',
            peopleReached: 37,
            photos: [],
            source: 'manual',
            status: 'approved',
            createdAt: new Date(),
          },
        },
      ]);
      const notice = data(
        await cloud.call<{ id: string }>(
          'duty',
          { action: 'draftNotice', stationCode: 'JG01', periodId: period.id },
          'demo-presidium',
        ),
      );
      const { html } = data(
        await cloud.call<{ html: string }>(
          'duty',
          { action: 'printableNotice', id: notice.id },
          'demo-presidium',
        ),
      );
      const pdf = await htmlToPdf(html);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-pdf-'));
      const file = path.join(dir, 'notice.pdf');
      fs.writeFileSync(file, pdf);
      const { pages, sizes, text } = readPdf(file);
      fs.rmSync(dir, { recursive: true, force: true });
      // A4 is 595.28 × 841.89 pt; the wide table prints landscape.
      expect(pages).toBe(1);
      const [width, height] = sizes[0];
      expect(Math.abs(width - 841.89)).toBeLessThan(1);
      expect(Math.abs(height - 595.28)).toBeLessThan(1);
      for (const name of ['王建国', '李秀英']) expect(text).toContain(name);
      expect(text).toContain('代表履职登记公示');
      expect(text).toContain(period.label);
      expect(text).toMatch(/王建国[^\n]*\b37\b/); // d01's people reached, on their row
      expect(text).toContain('扫码查看联络站');
    },
    60_000,
  );
});
