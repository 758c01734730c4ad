/**
 * The screen checker (scripts/screens-shoot.cjs) finds each thing it looks for: drawn in the same
 * headless Chromium from a page made to trip every rule, and from one that trips none.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.resolve(__dirname, '../../scripts/screens-shoot.cjs');
jest.setTimeout(60_000);

const BAD = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; font-size: 18px; } .tap { height: 30px; } .wide { width: 500px; }</style></head><body>
<div style="font-size: 12px">小字</div>
<div style="color: #bbb">浅灰色的字</div>
<div>开放时间：undefined</div>
<div>NOT_FOUND</div>
<div class="wide">很长的一行</div>
<div class="tap" data-tap>确认</div><div class="tap" data-tap>取消</div>
</body></html>`;
const GOOD = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; font-size: 18px; color: #1a1a1a; } .tap { height: 48px; margin-bottom: 12px; }</style></head><body>
<div>金鼓乡人大代表之家 JG01</div><div class="tap" data-tap>我要提意见建议</div><div class="tap" data-tap>预约接待</div>
</body></html>`;

function shoot(pages: Record<string, string>, firstScreen: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoot-'));
  try {
    for (const [name, html] of Object.entries(pages)) fs.writeFileSync(path.join(dir, `${name}.html`), html);
    const manifest = Object.keys(pages).map((name) => ({ name, villager: true, firstScreen }));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8', timeout: 50_000 });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(dir, `${Object.keys(pages)[0]}.png`))).toBe(true);
    return JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
      screens: { name: string; findings: { rule: string; detail: string }[] }[];
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the screen checker', () => {
  it('finds small text, low contrast, undefined, English codes, overflow, small and touching taps, and what is off the first screen', () => {
    const report = shoot({ bad: BAD }, ['确认', '不存在的按钮']);
    const rules = new Set(report.screens[0].findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual(
      ['contrast', 'english', 'first-screen', 'overflow', 'size', 'tap-size', 'tap-touch', 'text'].sort(),
    );
    expect(report.screens[0].findings).toContainEqual({
      rule: 'first-screen',
      detail: '「不存在的按钮」 is not on the first screen',
    });
  });

  it('finds nothing on a screen that is fine', () => {
    expect(shoot({ good: GOOD }, ['我要提意见建议']).screens[0].findings).toEqual([]);
  });
});
