/**
 * The printable 年度工作情况统计 sheet and a deputy's 履职档案: every figure of the report on the sheet, in
 * section order, with its display value and sentence; printed to A4 in headless Chromium with its charts
 * drawn (canvas pixels read in the page before printing) and read back with pdf.js (unpdf); the archive
 * lists exactly the deputy's counted records; nobody else reads them. Chromium-only parts are skipped on
 * a developer machine without it; in CI (CI set) a missing Chromium fails them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { sentenceOf } from '../../core/figures/figures.sheet';
import { figureDef } from '../../core/figures/figures.table';
import { FIGURE_SECTIONS, type FiguresReport } from '../../core/figures/figures.types';
import { PERSONAS } from '../../local/demo/township.seed';
import { CHROMIUM_PATH, chromiumAvailable } from '../../server/pdf';
import { readPdf } from '../support/pdf';
import { demoCloud, expectError, submitOpinion, unwrap, type DemoCloud } from './support';

const runIt = chromiumAvailable() || !!process.env.CI ? it : it.skip;

const NOW = '2026-06-10T02:00:00.000Z';
const YEAR = { kind: 'year', year: 2026 } as const;

interface Printed {
  html: string;
  fileID?: string;
  url?: string;
}

let cloud: DemoCloud;
let deputy1: string;
let deputy2: string;

function dutyRecord(id: string, deputyId: string, date: string, extra: Record<string, unknown>) {
  return {
    collection: 'dutyRecords',
    id,
    doc: {
      _id: id,
      deputyId,
      stationCode: 'JG01',
      type: 'visit',
      date,
      description: `走访记录${id}`,
      peopleReached: 7,
      photos: [],
      source: 'manual',
      status: 'approved',
      createdAt: new Date(NOW),
      ...extra,
    },
  };
}

beforeAll(async () => {
  cloud = await demoCloud(new Date(NOW));
  const users = [...cloud.store.entries('users').values()].map((e) => e.doc as Record<string, unknown>);
  const deputyOf = (openid: string) => String(users.find((u) => u.openid === openid)?.deputyId);
  deputy1 = deputyOf(PERSONAS.deputy1);
  deputy2 = deputyOf(PERSONAS.deputy2);
  for (let i = 0; i < 4; i++)
    unwrap(
      await submitOpinion(
        cloud,
        PERSONAS.villager,
        { requestId: `figures-print-${i}`, text: `村口第${i + 1}段路面坑洼，下雨天积水很深` },
        NOW,
      ),
    );
  cloud.store.commit([
    dutyRecord('print-d1-a', deputy1, '2026-02-03', {}),
    dutyRecord('print-d1-b', deputy1, '2026-05-20', { type: 'inspection', description: '视察村道' }),
    dutyRecord('print-d1-sys', deputy1, '2026-03-01', {
      source: 'system',
      type: 'opinionAccepted',
      sourceRef: 'opinion:x:accepted',
      status: undefined,
    }),
    dutyRecord('print-d1-pending', deputy1, '2026-04-01', { status: 'pending' }),
    dutyRecord('print-d1-lastyear', deputy1, '2025-12-30', {}),
    dutyRecord('print-d2-a', deputy2, '2026-03-15', {}),
  ]);
});
afterAll(() => cloud.stop());

const report = async () =>
  unwrap(
    await cloud.call<FiguresReport>('figures', { action: 'report', period: YEAR }, PERSONAS.presidium, NOW),
  );
const printable = async () =>
  unwrap(
    await cloud.call<Printed>(
      'figures',
      { action: 'printableReport', period: YEAR },
      PERSONAS.presidium,
      NOW,
    ),
  );

it('holds every figure of the report, section by section in the table order, with its value and sentence', async () => {
  const [figures, printed] = await Promise.all([report(), printable()]);
  const { html } = printed;
  expect(html).toContain('金鼓乡人大主席团 2026年工作情况统计');
  expect(html).toContain('截至2026年6月10日');
  expect(figures.figures.find((f) => f.code === 'opinions.received')!.value).toBeGreaterThanOrEqual(4);
  // Each figure's row, in the report's order, sections in FIGURE_SECTIONS order.
  let last = -1;
  let lastSection = -1;
  for (const f of figures.figures) {
    const def = figureDef(f.code)!;
    const section = FIGURE_SECTIONS.indexOf(def.section);
    expect(section).toBeGreaterThanOrEqual(lastSection);
    lastSection = section;
    const at = html.indexOf(`<tr data-code="${f.code}">`);
    expect(at).toBeGreaterThan(last);
    last = at;
    const row = html.slice(at, html.indexOf('</tr>', at));
    expect(row).toContain(`<td class="label">${def.label}</td>`);
    expect(row).toContain(`<td class="value">${f.display}</td>`);
    // The paragraph block says each figure's sentence (a small sample in words).
    expect(html).toContain(sentenceOf(def, f));
  }
  const prose = html.slice(html.indexOf('可直接用于工作报告的表述'));
  expect(prose).toContain(figures.figures.find((f) => f.code === 'opinions.received')!.sentence);
  // Every definition is a footnote.
  for (const f of figures.figures) expect(html).toContain(figureDef(f.code)!.definition);
  // Stored for printing on a computer: the temporary link serves this very page.
  expect(printed.fileID).toMatch(/^cloud:\/\/.+\/reports\/jingu\/figures-2026-01-01_2026-12-31-township-/);
  const served = await fetch(printed.url!);
  expect(served.status).toBe(200);
  expect(await served.text()).toBe(html);
});

runIt(
  'prints on A4 portrait with its charts drawn, the title and the figures readable in the PDF',
  async () => {
    const [figures, { html }] = await Promise.all([report(), printable()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figures-pdf-'));
    const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent(html, { waitUntil: 'load' });
      // Drawn by the time the page has loaded (what server/pdf.ts waits for): count the inked pixels.
      // (A string: this project's TypeScript has no DOM types; the code runs in the page.)
      const canvases = await page.evaluate<
        { id: string; drawn: string | null; inked: number; bars: number }[]
      >(`[...document.querySelectorAll('canvas')].map((c) => {
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let inked = 0;
          let bars = 0; // the first series' colour (#1f5fbf)
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) inked++;
            if (Math.abs(data[i] - 31) + Math.abs(data[i + 1] - 95) + Math.abs(data[i + 2] - 191) < 30) bars++;
          }
          return { id: c.id, drawn: c.getAttribute('data-drawn'), inked, bars };
        })`);
      expect(errors).toEqual([]);
      expect(canvases.map((c) => c.id)).toEqual(
        expect.arrayContaining(['chart-opinionsByMonth', 'chart-onTimeByMonth']),
      );
      for (const c of canvases) {
        expect(c.drawn).toBe('1');
        expect(c.inked).toBeGreaterThan(2000); // axes, ticks and labels: the engine drew, not a blank canvas
      }
      // This month's opinions stand as a bar (the bar's colour fills a block of pixels).
      expect(canvases.find((c) => c.id === 'chart-opinionsByMonth')!.bars).toBeGreaterThan(500);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      const file = path.join(dir, 'sheet.pdf');
      fs.writeFileSync(file, pdf);
      const { pages, sizes, text } = readPdf(file);
      expect(pages).toBeGreaterThanOrEqual(1);
      for (const [width, height] of sizes) {
        expect(Math.abs(width - 595.28)).toBeLessThan(1);
        expect(Math.abs(height - 841.89)).toBeLessThan(1);
      }
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('金鼓乡人大主席团2026年工作情况统计');
      expect(flat).toContain('可直接用于工作报告的表述');
      for (const code of ['opinions.received', 'opinions.onTimeRate']) {
        const f = figures.figures.find((x) => x.code === code)!;
        expect(flat).toContain(`${figureDef(code)!.label}${f.display}`.replace(/\s+/g, ''));
      }
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  90_000,
);

it("lists exactly the deputy's counted records of the year in their archive, by date", async () => {
  const mine = unwrap(
    await cloud.call<Printed>(
      'figures',
      { action: 'printableArchive', year: 2026, deputyId: deputy1 },
      PERSONAS.deputy1,
      NOW,
    ),
  );
  const counted = [...cloud.store.entries('dutyRecords').values()]
    .map((e) => e.doc as Record<string, unknown>)
    .filter(
      (r) =>
        r.deputyId === deputy1 &&
        String(r.date) >= '2026-01-01' &&
        String(r.date) <= '2026-06-10' &&
        (r.source === 'system' || r.status === 'approved'),
    )
    .sort((a, b) => (String(a.date) < String(b.date) ? -1 : 1));
  const listed = [...mine.html.matchAll(/<tr data-record="([^"]+)">/g)].map((m) => m[1]);
  expect(listed).toEqual(counted.map((r) => String(r._id)));
  expect(listed).toEqual(expect.arrayContaining(['print-d1-a', 'print-d1-b', 'print-d1-sys']));
  expect(listed).not.toContain('print-d1-pending');
  expect(listed).not.toContain('print-d1-lastyear');
  expect(listed).not.toContain('print-d2-a');
  expect(mine.html).toContain('2026年履职档案');
  expect(mine.html).toContain('视察村道');
  expect(mine.fileID).toMatch(/\/reports\/jingu\/archive-2026-/);
  // The presidium prints the same archive.
  const byPresidium = unwrap(
    await cloud.call<Printed>(
      'figures',
      { action: 'printableArchive', year: 2026, deputyId: deputy1 },
      PERSONAS.presidium,
      NOW,
    ),
  );
  expect([...byPresidium.html.matchAll(/<tr data-record="([^"]+)">/g)].map((m) => m[1])).toEqual(listed);
  // The year's records are read through the (deputyId, date) index.
  const unserved = cloud.engine.unindexedQueries().filter((q) => q.collection === 'dutyRecords');
  expect(unserved).toEqual([]);
});

it('refuses the sheet and the archive to anyone else', async () => {
  const archive = { action: 'printableArchive', year: 2026, deputyId: deputy1 };
  expectError(await cloud.call('figures', archive, PERSONAS.deputy2, NOW), 'NOT_YOUR_STATION');
  expectError(await cloud.call('figures', archive, PERSONAS.stationAdmin, NOW), 'FORBIDDEN');
  expectError(await cloud.call('figures', archive, PERSONAS.villager, NOW), 'FORBIDDEN');
  const sheet = { action: 'printableReport', period: YEAR };
  for (const who of [PERSONAS.stationAdmin, PERSONAS.deputy1, PERSONAS.villager])
    expectError(await cloud.call('figures', sheet, who, NOW), 'FORBIDDEN');
  expectError(
    await cloud.call('figures', { ...archive, year: 2027 }, PERSONAS.deputy1, NOW),
    'DATE_OUT_OF_RANGE',
  );
});
