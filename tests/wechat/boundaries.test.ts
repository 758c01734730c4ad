/** What each part of the tree may import, checked with the very rules the lint applies (scripts/lint/boundaries.cjs). */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const boundaries = require('../../scripts/lint/boundaries.cjs') as Record<
  'miniprogramBoundary' | 'deployedBoundary',
  Linter.RulesRecord
>;
const linter = new Linter({ configType: 'flat' });

function lint(code: string, file: string, rules: Linter.RulesRecord): string[] {
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          plugins: { '@typescript-eslint': tseslint.plugin as never },
          rules,
        },
      ],
      file,
    )
    .map((m) => m.message);
}

describe('import boundaries (lint rules)', () => {
  const page = 'miniprogram/pages/station/index.ts';
  it.each([
    "import { DEPUTY_LEVEL_LABELS } from '../../../core/station/station.types';",
    "import { ownerLabel, type Owner } from '../../../core/admin/supervision.rules';",
    "import { api } from '../../../server/cloud';",
    "import * as cloud from 'wx-server-sdk';",
  ])('a page may not import values from outside miniprogram/: %s', (code) => {
    expect(lint(`${code}\nexport const x = 1;`, page, boundaries.miniprogramBoundary).join('\n')).toMatch(
      /WeChat packs only miniprogram|only through services\/api/,
    );
  });

  it.each([
    "import type { StationView } from '../../../core/station/station.view';",
    "import { type StationView } from '../../../core/station/station.view';",
    "import { DEPUTY_LEVEL_LABELS } from '../../services/core.generated';",
  ])('a page may import types from core/ and values from core.generated: %s', (code) => {
    expect(lint(`${code}\nexport const x = 1;`, page, boundaries.miniprogramBoundary)).toEqual([]);
  });

  it.each([
    ['server/opinion/opinions.service.ts', "import { startLocalCloud } from '../../local/cloud';"],
    ['cloudfunctions/duty/src/index.ts', "import { dataDir } from '../../../local/paths';"],
  ])('%s may not import local/', (file, code) => {
    expect(lint(`${code}\nexport const x = 1;`, file, boundaries.deployedBoundary).join('\n')).toMatch(
      /never imports local\//,
    );
  });

  it('deployed code may import server/ and core/', () => {
    const code =
      "import { transaction } from '../../../server/db/collection';\nexport const x = transaction;";
    expect(lint(code, 'cloudfunctions/duty/src/index.ts', boundaries.deployedBoundary)).toEqual([]);
  });
});
