import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'dist-alt', 'node_modules', 'coverage', 'test-results', 'playwright-report', 'e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node scripts (CI glue) run in Node, not the browser.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The core and the scenario language are pure: no UI, no DOM, no clock.
    files: ['src/core/**/*.ts', 'src/scn/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react*', 'zustand*', 'd3*', '@codemirror/*', '**/ui/**'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'performance', 'localStorage'],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'the core is deterministic' },
        { object: 'Math', property: 'random', message: 'the core is deterministic' }],
    },
  },
);
