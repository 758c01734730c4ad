/** Generated files are committed; this fails when one is stale (run `npm run build`). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED_FILES, FUNCTIONS } from '../../scripts/generate';

const root = path.resolve(__dirname, '../..');

describe('generated files', () => {
  it.each(Object.keys(GENERATED_FILES))('%s matches its sources', (file) => {
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toBe(GENERATED_FILES[file]());
  });

  it('the API reference lists every action of every function', () => {
    const doc = GENERATED_FILES['docs/API.md']();
    for (const fn of FUNCTIONS)
      for (const action of Object.keys(fn.actions)) expect(doc).toContain(`### \`${fn.name}.${action}\``);
  });

  it('every deployable function is in the API reference', () => {
    const deployable = fs
      .readdirSync(path.join(root, 'cloudfunctions'))
      .filter((n) => fs.existsSync(path.join(root, 'cloudfunctions', n, 'src/index.ts')));
    expect(FUNCTIONS.map((f) => f.name).sort()).toEqual(deployable.sort());
  });
});
