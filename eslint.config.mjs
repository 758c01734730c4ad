// ESLint flat config: typescript-eslint's recommended rules, plus the architecture's one hard rule:
// core/ is pure domain code and must not reach the platform, the server glue, the local cloud or the client.
import tseslint from 'typescript-eslint';
import corePurity from './scripts/lint/core-purity.cjs';
import boundaries from './scripts/lint/boundaries.cjs';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'coverage/**',
      'miniprogram/miniprogram_npm/**',
      'miniprogram/subpackages/*/miniprogram_npm/**',
      'cloudfunctions/*/index.js',
      'cloudfunctions/*/lib/**',
      'miniprogram/services/core.generated.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['core/**/*.ts'],
    rules: corePurity,
  },
  {
    files: ['miniprogram/**/*.ts'],
    // declaration files hold types only (core.generated.d.ts points back to core/ for them)
    ignores: ['miniprogram/**/*.d.ts'],
    rules: boundaries.miniprogramBoundary,
  },
  {
    files: ['server/**/*.ts'],
    rules: boundaries.deployedBoundary,
  },
  {
    files: ['cloudfunctions/*/src/**/*.ts'],
    rules: boundaries.handlerBoundary,
  },
);
