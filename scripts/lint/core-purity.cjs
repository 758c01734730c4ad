// The architecture's one hard rule as ESLint rules: core/ is pure domain code and must not reach the
// platform, the server glue, the local cloud, the client, I/O, the clock or randomness.
// Used by eslint.config.mjs (for core/**) and by tests/core/purity.test.ts.
module.exports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['wx-server-sdk', 'wx-server-sdk/*'], message: 'core/ is pure: no platform SDK.' },
        { group: ['**/server/**', '**/server'], message: 'core/ must not import server/.' },
        { group: ['**/local/**', '**/local'], message: 'core/ must not import local/.' },
        {
          group: ['**/miniprogram/**', '**/miniprogram'],
          message: 'core/ must not import miniprogram/.',
        },
        {
          group: ['fs', 'node:*', 'http', 'https', 'child_process', 'better-sqlite3'],
          message: 'core/ does no I/O.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'wx', message: 'core/ is pure: no wx.' },
    { name: 'fetch', message: 'core/ does no I/O.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'core/ takes time as an input.',
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'core/ takes time as an input.' },
    { object: 'Math', property: 'random', message: 'core/ takes randomness as an input.' },
  ],
};
