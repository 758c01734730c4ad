/**
 * What each part of the tree may import, as lint rules (eslint.config.mjs; tests/wechat/boundaries.test.ts
 * shows each one failing):
 *   miniprogram/ — only types from core/: WeChat packs only miniprogram/, so a value must come through
 *                  services/core.generated (built from core/client.exports.ts);
 *   server/, cloudfunctions/ — never local/: the local cloud serves the deployed code, not the reverse.
 */
const restricted = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

const miniprogramBoundary = restricted([
  {
    group: ['**/core/*', '**/core/**'],
    allowTypeImports: true,
    message:
      'WeChat packs only miniprogram/: import types from core/, and values through services/core.generated (core/client.exports.ts).',
  },
  {
    group: ['**/server/**', '**/local/**', '**/cloudfunctions/**', 'wx-server-sdk'],
    message: 'The mini-program reaches the backend only through services/api.ts.',
  },
]);

const deployedBoundary = restricted([
  {
    group: ['**/local/*', '**/local/**'],
    message:
      'Deployed code never imports local/: the local cloud runs the deployed code, not the other way round.',
  },
]);

module.exports = { miniprogramBoundary, deployedBoundary };
