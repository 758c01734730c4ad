/** The architecture's one hard rule, checked with the very rules the lint applies to core/. */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const corePurity = require('../../scripts/lint/core-purity.cjs') as Linter.RulesRecord;
const linter = new Linter({ configType: 'flat' });

function lintCore(code: string): string[] {
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          rules: corePurity,
        },
      ],
      'core/station/example.ts',
    )
    .map((m) => m.message);
}

describe('core/ purity (lint rule)', () => {
  it.each([
    ["import * as cloud from 'wx-server-sdk';\nexport const c = cloud;", 'no platform SDK'],
    ["import { database } from '../../server/cloud';\nexport const d = database;", 'must not import server/'],
    [
      "import { startLocalCloud } from '../../local/cloud';\nexport const s = startLocalCloud;",
      'must not import local/',
    ],
    [
      "import { api } from '../../miniprogram/services/api';\nexport const a = api;",
      'must not import miniprogram/',
    ],
    ["import * as fs from 'node:fs';\nexport const f = fs;", 'does no I/O'],
    ['export const t = Date.now();', 'takes time as an input'],
    ['export const t = new Date();', 'takes time as an input'],
    ['export const r = Math.random();', 'takes randomness as an input'],
    ['export const x = wx.getStorageSync("k");', 'no wx'],
  ])('refuses %p', (code, message) => {
    expect(lintCore(code).join('\n')).toContain(message);
  });

  it('accepts pure code', () => {
    expect(
      lintCore(
        "import { maskPhone } from '../privacy/phone.mask';\nexport const m = maskPhone('13800000000');\nexport const d = new Date(0);\n",
      ),
    ).toEqual([]);
  });
});
