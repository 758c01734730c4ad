/**
 * What each part of the tree may import, as lint rules (eslint.config.mjs; tests/wechat/boundaries.test.ts
 * shows each one failing):
 *   miniprogram/ — only types from core/: WeChat packs only miniprogram/, so a value must come through
 *                  services/core.generated (built from core/client.exports.ts);
 *   server/, cloudfunctions/ — never local/: the local cloud serves the deployed code, not the reverse;
 *   cloudfunctions/<area>/src — also never the database: a handler is a table of actions, each calling its
 *                  area's service (server/<area>/*.service.ts); storage lives in repositories.
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

const neverLocal = {
  group: ['**/local/*', '**/local/**'],
  message:
    'Deployed code never imports local/: the local cloud runs the deployed code, not the other way round.',
};

const deployedBoundary = restricted([neverLocal]);

const handlerBoundary = restricted([
  neverLocal,
  {
    group: ['**/server/db/*', '**/server/db/**', '**/*.repo', 'wx-server-sdk'],
    message:
      "A handler never touches the database: call the area's service (server/<area>/*.service.ts), whose repositories hold the storage.",
  },
]);

module.exports = { miniprogramBoundary, deployedBoundary, handlerBoundary };
