/** What each part of the tree may import, checked with the very rules the lint applies (scripts/lint/boundaries.cjs). */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const boundaries = require('../../scripts/lint/boundaries.cjs') as Record<
  'miniprogramBoundary' | 'deployedBoundary' | 'handlerBoundary',
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
    [
      'server/opinion/opinions.service.ts',
      "import { startLocalCloud } from '../../local/cloud';",
      'deployedBoundary',
    ],
    [
      'cloudfunctions/duty/src/index.ts',
      "import { dataDir } from '../../../local/paths';",
      'handlerBoundary',
    ],
  ] as const)('%s may not import local/', (file, code, rules) => {
    expect(lint(`${code}\nexport const x = 1;`, file, boundaries[rules]).join('\n')).toMatch(
      /never imports local\//,
    );
  });

  it.each([
    "import { transaction } from '../../../server/db/collection';",
    "import { withoutUndefined } from '../../../server/db/documents';",
    "import { getStation } from '../../../server/station/stations.repo';",
    "import * as cloud from 'wx-server-sdk';",
  ])('a handler may not touch the database: %s', (code) => {
    expect(
      lint(
        `${code}\nexport const x = 1;`,
        'cloudfunctions/duty/src/index.ts',
        boundaries.handlerBoundary,
      ).join('\n'),
    ).toMatch(/A handler never touches the database/);
  });

  it('a handler may import services, the pipeline and core/; a service may use the database', () => {
    const handler = [
      "import { stationView } from '../../../server/station/station.service';",
      "import { action } from '../../../server/pipeline';",
      "import { chinaDate } from '../../../core/calendar/china-time';",
      'export const x = [stationView, action, chinaDate];',
    ].join('\n');
    expect(lint(handler, 'cloudfunctions/station/src/index.ts', boundaries.handlerBoundary)).toEqual([]);
    const service = "import { findAll } from '../db/collection';\nexport const x = findAll;";
    expect(lint(service, 'server/station/station.service.ts', boundaries.deployedBoundary)).toEqual([]);
  });
});
