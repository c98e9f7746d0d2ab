// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import direction: protocol → server/client, client → web, server → cli. */
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((group) => ({
          group: [group],
          message: `src/${from} must not import ${group} (see README, Architecture)`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.tsbuild/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      // tsconfig's noPropertyAccessFromIndexSignature wants env['X']; let both agree.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      'no-console': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Scripts, benchmarks and tests print their results.
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/*.test.ts', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Playwright fixtures must destructure their first argument, even when they use none.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  layer('protocol', ['../server/*', '../client/*', '../web/*', '../cli/*', 'node:*', 'ws']),
  layer('server', ['../client/*', '../web/*', '../cli/*']),
  layer('client', ['../server/*', '../web/*', '../cli/*', 'node:*', 'ws']),
  layer('web', ['../server/*', '../cli/*', 'node:*']),
  layer('cli', ['../client/*', '../web/*']),
  prettier,
);
