import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_MESSAGES, messageFor } from '../../../core/errors/error.codes';
import { OPINION_ERRORS } from '../../../core/opinion/opinion.errors';

const sourceDir = path.resolve(__dirname, '../../../core/opinion');
const sources = fs
  .readdirSync(sourceDir)
  .filter((f) => f.endsWith('.ts') && f !== 'opinion.errors.ts')
  .map((f) => fs.readFileSync(path.join(sourceDir, f), 'utf8'))
  .join('\n');

describe('opinion error codes', () => {
  it.each(Object.entries(OPINION_ERRORS))(
    '%s has its own plain Chinese text in the one table',
    (code, text) => {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      // Another area using the same code would silently replace this text in the merged table.
      expect(messageFor(code as keyof typeof ERROR_MESSAGES)).toBe(text);
    },
  );

  it.each(Object.keys(OPINION_ERRORS))('%s is returned by an opinion rule', (code) => {
    expect(sources).toContain(`'${code}'`);
  });

  it('every code an opinion rule returns is in the table', () => {
    const used = [...sources.matchAll(/deny\('([A-Z_]+)'\)/g)].map((m) => m[1]);
    for (const code of used) expect(Object.keys(ERROR_MESSAGES)).toContain(code);
  });
});
