/**
 * "Every change to a case goes through the state machine" made checkable: the only code that writes the
 * opinions collection is server/opinion/opinions.service.ts, and there only where a core decision
 * (openOpinion, transition, quietChange) is saved. A second hand-written path (chase, merge, purge)
 * is where rules and messages drift apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const WRITE =
  /(?:\.(?:set|update|remove)|updateWhere|removeWhere|insert|insertMany)\(\s*(?:OPINIONS|'opinions')\b/g;

describe('one path for every change to a case', () => {
  const files = [
    ...sources(path.join(ROOT, 'server')),
    ...fs
      .readdirSync(path.join(ROOT, 'cloudfunctions'))
      .filter((fn) => fs.existsSync(path.join(ROOT, 'cloudfunctions', fn, 'src')))
      .flatMap((fn) => sources(path.join(ROOT, 'cloudfunctions', fn, 'src'))),
  ];
  const writes = files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(WRITE)].map(() => path.relative(ROOT, file)),
  );

  it('writes the opinions collection only in the opinion service', () => {
    expect(new Set(writes)).toEqual(new Set(['server/opinion/opinions.service.ts']));
  });

  it('there, only where a new case is created and where a decided change is saved', () => {
    const service = fs.readFileSync(path.join(ROOT, 'server/opinion/opinions.service.ts'), 'utf8');
    expect(service.match(WRITE)).toHaveLength(2);
    expect(service).toMatch(/async function saveOpinion\(tx: Transaction, o: OpinionRecord\)/);
  });
});
