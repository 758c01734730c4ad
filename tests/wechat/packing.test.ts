/**
 * The mini-program as WeChat packs it: only miniprogram/. Every run-time require and every component a
 * page uses must resolve inside the packed output (dist/miniprogram/, written by the build), or the page
 * crashes on a phone while it works in jest. The checker is shown to fail on a page that imports core/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pack = require('../../scripts/miniprogram-pack.cjs') as {
  packMiniprogram(root: string): { dir: string };
  packingLeaks(dir: string): string[];
};
const root = path.resolve(__dirname, '../..');

describe('the packed mini-program', () => {
  it('reaches nothing outside miniprogram/ at run time', () => {
    const { packingLeaks } = pack;
    const dir = path.join(root, 'dist/miniprogram');
    expect(fs.existsSync(path.join(dir, 'app.js'))).toBe(true);
    expect(packingLeaks(dir)).toEqual([]);
  });

  it('holds every page of app.json as compiled JavaScript, and no TypeScript or .d.ts', () => {
    const dir = path.join(root, 'dist/miniprogram');
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
      pages: string[];
      subPackages: { root: string; pages: string[] }[];
    };
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    for (const page of pages)
      for (const ext of ['.js', '.json', '.wxml', '.wxss'])
        expect([page, fs.existsSync(path.join(dir, page + ext))]).toEqual([page, true]);
    const walk = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name]));
    expect(walk(dir).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('fails on a page that imports a value from core/, and on a component that is not packed', () => {
    const { packMiniprogram, packingLeaks } = pack;
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-pack-'));
    try {
      fs.mkdirSync(path.join(fake, 'miniprogram/pages/a'), { recursive: true });
      fs.mkdirSync(path.join(fake, 'core'));
      fs.writeFileSync(path.join(fake, 'project.config.json'), '{}');
      fs.writeFileSync(path.join(fake, 'core/labels.ts'), 'export const L = 1;');
      fs.writeFileSync(
        path.join(fake, 'miniprogram/pages/a/index.ts'),
        "import type { X } from '../../../core/types';\nimport { L } from '../../../core/labels';\nPage({ data: { l: L } as X });",
      );
      fs.writeFileSync(
        path.join(fake, 'miniprogram/pages/a/index.json'),
        '{"usingComponents":{"t-cell":"tdesign-miniprogram/cell/cell"}}',
      );
      const { dir } = packMiniprogram(fake);
      expect(packingLeaks(dir)).toEqual([
        "pages/a/index.js → require('../../../core/labels')",
        'pages/a/index.json → <t-cell> tdesign-miniprogram/cell/cell',
      ]);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });
});
