/** Jest: node tests for core/server/functions/local, jsdom tests for mini-program pages. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
const shared = {
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The uCharts engine as text (an import attribute esbuild understands and jest does not).
  moduleNameMapper: { '^\\./ucharts\\.source\\.js$': '<rootDir>/tests/support/ucharts-source.cjs' },
};

module.exports = {
  // Most suites walk real functions on the local cloud; on a loaded 2-core machine a walk can pass 5 s.
  // Speed is the benchmarks' business (npm run bench), not a test's.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  projects: [
    {
      ...shared,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/{core,server,functions,local,e2e,docs,wechat}/**/*.test.ts'],
    },
    {
      ...shared,
      transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.miniprogram-tests.json', diagnostics: false }],
        'miniprogram_npm/.+\\.js$': '<rootDir>/tests/support/esm-transform.js',
      },
      transformIgnorePatterns: ['/node_modules/'],
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/{miniprogram,screens}/**/*.test.ts'],
      setupFiles: ['<rootDir>/tests/support/miniprogram-setup.js'],
      moduleDirectories: ['node_modules', 'miniprogram_npm'],
    },
  ],
};
