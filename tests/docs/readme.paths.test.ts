/**
 * The README says where things live; this keeps it true. Every path it names in backticks under a
 * source folder exists (a folder, a file, or a module named without its `.ts`), so a moved file fails
 * here instead of sending a new engineer to look for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const SOURCE_ROOTS = [
  'core/',
  'server/',
  'cloudfunctions/',
  'local/',
  'miniprogram/',
  'scripts/',
  'tests/',
  'docs/',
];

/** Backticked paths under a source folder, without placeholders (`<area>`), globs or generated files. */
export function namedPaths(markdown: string): string[] {
  const found = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1].replace(/[:,.;)]+$/, ''));
  return [...new Set(found)].filter(
    (p) =>
      SOURCE_ROOTS.some((r) => p.startsWith(r)) &&
      !/[<>*{}]/.test(p) &&
      !/\.generated\.|miniprogram_npm/.test(p),
  );
}

function exists(p: string): boolean {
  const full = path.join(root, p);
  return [full, `${full}.ts`, `${full}.js`].some((f) => fs.existsSync(f));
}

describe('the README names only paths that exist', () => {
  it('finds backticked paths and skips placeholders', () => {
    expect(
      namedPaths('see `core/opinion/opinion.state.ts`, `server/<area>/`, `dist/x` and `core/*.ts`'),
    ).toEqual(['core/opinion/opinion.state.ts']);
  });

  it.each(namedPaths(fs.readFileSync(path.join(root, 'README.md'), 'utf8')))('%s', (p) => {
    expect(exists(p)).toBe(true);
  });
});
