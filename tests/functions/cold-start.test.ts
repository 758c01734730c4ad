/**
 * What a cold start loads (issue 14 §7): requiring a function's bundle builds no schema and loads no
 * zod — each action's `input` is built on its first use (server/pipeline.ts), zod and the libraries only
 * some actions use live in the function's lib/ (scripts/build.mjs) — and the first call that validates
 * a payload loads zod once. Each bundle is required in a fresh process, as a cold start does.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const fnDir = path.join(root, 'cloudfunctions');
const bundles = fs
  .readdirSync(fnDir)
  .filter((n) => fs.existsSync(path.join(fnDir, n, 'src', 'index.ts')))
  .sort();

/** The files under the function's lib/ that a fresh process holds after running `script`. */
function libsLoaded(name: string, script: string): string[] {
  const bundle = path.join(fnDir, name, 'index.js');
  const code = `const fn = require(${JSON.stringify(bundle)});
(async () => {
  ${script}
  const lib = ${JSON.stringify(path.join(fnDir, name, 'lib') + path.sep)};
  process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.startsWith(lib)).map((k) => k.slice(lib.length))));
})();`;
  const out = execFileSync(process.execPath, ['-e', code], {
    cwd: root,
    env: { ...process.env, SILENCE: 'true' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

describe('cold start', () => {
  it('finds the built bundles (npm run build)', () => {
    expect(bundles.length).toBeGreaterThan(5);
    for (const n of bundles) expect([n, fs.existsSync(path.join(fnDir, n, 'index.js'))]).toEqual([n, true]);
  });

  it.each(bundles)('%s: zod is in its lib/, and loading the function loads nothing from there', (name) => {
    expect(fs.existsSync(path.join(fnDir, name, 'lib', 'zod.js'))).toBe(true);
    expect(libsLoaded(name, '')).toEqual([]);
  });

  it('reading an action’s schema loads zod from lib/ (only then), and the schema validates', () => {
    // station.get's schema, read as the pipeline reads it (`def.input`), then used.
    const loaded = libsLoaded(
      'station',
      `const input = fn.definition.actions.get.input;
  if (!input.safeParse({ code: 'JG01' }).success) throw new Error('station.get refused its code');
  if (input.safeParse({ code: '!' }).success) throw new Error('station.get took a bad code');`,
    );
    expect(loaded).toEqual(['zod.js']);
  });
});
