/**
 * The mini-program compiled by WeChat's own CI module (miniprogram-ci `getCompiledResult`, offline, a
 * placeholder appid and key, the module's default project attributes): what DevTools would upload.
 * Every page of app.json is in it, nothing it runs requires a file outside it, and a page that imports
 * a value from core/ is caught in the same output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/wechat-compile.cjs');
jest.setTimeout(120_000);

interface Compiled {
  dir: string;
  sizes: Record<string, number>;
  leaks: string[];
}

function compile(projectRoot: string): { status: number | null; result: Compiled } {
  const run = spawnSync(process.execPath, [script, projectRoot, '--json'], {
    encoding: 'utf8',
    timeout: 100_000,
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`wechat-compile printed no result: ${run.stderr.slice(-600)}`);
  return { status: run.status, result: JSON.parse(line) as Compiled };
}

describe("WeChat's CI compile (miniprogram-ci)", () => {
  it('holds every page of app.json, and nothing it runs reaches outside the package', () => {
    const { status, result } = compile(root);
    expect({ status, leaks: result.leaks }).toEqual({ status: 0, leaks: [] });
    const app = JSON.parse(fs.readFileSync(path.join(root, 'miniprogram/app.json'), 'utf8')) as {
      pages: string[];
      subPackages: { root: string; pages: string[] }[];
    };
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    for (const page of pages)
      expect([page, fs.existsSync(path.join(result.dir, `${page}.js`))]).toEqual([page, true]);
    // well under the platform's 2 MB per package
    for (const [pkg, bytes] of Object.entries(result.sizes))
      expect([pkg, bytes < 2 * 1024 * 1024]).toEqual([pkg, true]);
  });

  it('catches a page that imports a value from core/', () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(fake, rel)), { recursive: true });
        fs.writeFileSync(path.join(fake, rel), text);
      };
      write(
        'project.config.json',
        JSON.stringify({
          miniprogramRoot: 'miniprogram/',
          compileType: 'miniprogram',
          appid: 'touristappid',
          setting: { useCompilerPlugins: ['typescript'] },
        }),
      );
      write('package.json', '{"name":"fake","version":"1.0.0"}');
      write('core/labels.ts', 'export const L = 1;');
      write('miniprogram/app.json', '{"pages":["pages/a/index"]}');
      write('miniprogram/app.js', 'App({});');
      write(
        'miniprogram/pages/a/index.ts',
        "import { L } from '../../../core/labels';\nPage({ data: { l: L } });\n",
      );
      write('miniprogram/pages/a/index.json', '{}');
      write('miniprogram/pages/a/index.wxml', '<view>{{l}}</view>');
      const { status, result } = compile(fake);
      expect(status).toBe(1);
      expect(result.leaks).toEqual(["pages/a/index.js → require('../../../core/labels')"]);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });
});
