/**
 * The charts reach the screenshots: the 统计 page rendered for screens (tests/screens/render.ts) and
 * drawn in headless Chromium carries each chart's canvas drawn by uCharts with the component's options,
 * and the chart area is not blank (some pixels differ from the white background).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import { pageHtml, prepareForScreens } from '../screens/render';
import { signInAs, startPageCloud } from './support/page-cloud';
import { openPage } from './support/page-harness';

jest.setTimeout(90_000);
const root = path.resolve(__dirname, '../..');
let cloud: LocalCloud;

beforeAll(async () => {
  prepareForScreens();
  cloud = await startPageCloud();
  for (const [i, text] of ['村口路灯坏了，晚上看不清路', '小学门口没有减速带'].entries()) {
    const res = (await cloud.invoke(
      'opinion',
      {
        action: 'submit',
        requestId: `chart-drawing-${i}`,
        stationCode: 'JG01',
        villageCode: 'jingu',
        categoryCode: 'road',
        anonymous: false,
        consentToPublish: false,
        text,
      },
      { openid: `chart-villager-${i}` },
    )) as { ok: boolean };
    expect(res.ok).toBe(true);
  }
});

afterAll(() => cloud?.stop());

it('draws every chart of the 统计 page in Chromium, none of them blank', async () => {
  signInAs(cloud, 'demo-presidium');
  const page = await openPage('subpackages/presidium/pages/figures/index');
  const charts = (page.data.charts as { title: string }[]).map((c) => c.title);
  expect(charts).toContain('每月收到的意见建议（件）');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figures-charts-'));
  try {
    fs.writeFileSync(path.join(dir, 'presidium-figures.html'), pageHtml(page.root.dom as Element, 'figures'));
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify([{ name: 'presidium-figures', villager: false, firstScreen: [] }]),
    );
    // The screens' own shooter: it draws the page in Chromium and looks at every chart canvas.
    const shot = spawnSync(process.execPath, [path.join(root, 'scripts/screens-shoot.cjs'), dir], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(shot.status).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
      screens: { findings: { rule: string }[]; charts: { title: string; painted: number }[] }[];
    };
    const [screen] = report.screens;
    expect(screen.findings.filter((f) => f.rule === 'chart')).toEqual([]);
    expect(screen.charts.map((c) => c.title)).toEqual(charts);
    for (const chart of screen.charts) expect(chart.painted).toBeGreaterThan(0.005);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
