import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'dist-alt', 'node_modules', 'coverage', 'test-results', 'playwright-report', 'e2e/artifacts', '.stryker-tmp', 'reports'] },
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
    // The .cjs glue (the layer rules for dependency-cruiser) is CommonJS run by Node.
    files: ['scripts/**/*.cjs', '.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // What each layer may import is dependency-cruiser's check (`npm run lint:layers`), generated
  // from docs/architecture.md's table; ESLint keeps the DOM globals and the clock out.
  {
    // The pure layers: no DOM globals, in .ts and .tsx alike.
    files: ['src/{core,scn,derive,compare,search,share,report,kernel-src,store,runner}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'history', 'requestAnimationFrame'],
    },
  },
  {
    // Only the core and the scenario language are deterministic to the letter: no clock, no
    // unseeded randomness. (The search takes its clock as an option, defaulting to performance.now.)
    files: ['src/{core,scn}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'performance', 'localStorage'],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'the core is deterministic' },
        { object: 'Math', property: 'random', message: 'the core is deterministic' }],
    },
  },
);
