// The tests `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant: the ones
// that cover the mutated files. Property tests run fewer cases (PROP_RUNS) to keep a run within
// tens of minutes on two shared cores; `npm test` runs them in full.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // STRYKER_TESTS (comma-separated globs) narrows the tests for a run on a subset of the files.
    include: process.env.STRYKER_TESTS?.split(',') ?? [
      'test/core/invariants*.test.ts',
      'test/core/engine.test.ts',
      'test/runner/**/*.test.ts',
      'test/compare/pure.test.ts',
      'test/search/search.test.ts',
      'test/search/replay.test.ts',
    ],
    env: { PROP_RUNS: '30' },
    // Instrumented code on a loaded machine: slower than `npm test`'s runs.
    testTimeout: 120_000,
  },
});
