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
    // The core, the scenario language and the pure layers: no UI, no DOM, no clock.
    // (src/store may use zustand's vanilla store, never its React binding.)
    files: ['src/core/**/*.ts', 'src/scn/**/*.ts', 'src/derive/**/*.ts', 'src/compare/**/*.ts', 'src/search/**/*.ts', 'src/share/**/*.ts', 'src/report/**/*.ts', 'src/kernel-src/**/*.ts', 'src/store/**/*.ts', 'src/runner/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'zustand', message: 'the React binding belongs to src/ui (use zustand/vanilla)' }],
        patterns: ['react*', 'zustand/react*', 'd3*', '@codemirror/*', '**/ui/**'],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'history', 'requestAnimationFrame'],
    },
  },
  {
    // Only the core and the scenario language are deterministic to the letter: no clock, no
    // unseeded randomness. (The search takes its clock as an option, defaulting to performance.now.)
    files: ['src/core/**/*.ts', 'src/scn/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react*', 'zustand*', 'd3*', '@codemirror/*', '**/ui/**', '**/store/**'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'performance', 'localStorage'],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'the core is deterministic' },
        { object: 'Math', property: 'random', message: 'the core is deterministic' }],
    },
  },
  {
    // The pure layers never reach up into the store or the runner (the store reaches down).
    files: ['src/derive/**/*.ts', 'src/compare/**/*.ts', 'src/search/**/*.ts', 'src/share/**/*.ts', 'src/report/**/*.ts', 'src/kernel-src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react*', 'zustand*', 'd3*', '@codemirror/*', '**/ui/**', '**/store/**', '**/store', '**/runner/**'] }],
    },
  },
);
