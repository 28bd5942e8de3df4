import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Relative base: the built app runs from any sub-path and from file-less static hosting.
export default defineConfig({
  base: './',
  plugins: [react()],
  // PROFILE_BUILD=1 keeps names readable for bench/profile-ui.ts.
  build: { target: 'es2022', sourcemap: false, ...(process.env.PROFILE_BUILD ? { minify: false } : {}) },
  worker: { format: 'es' },
  test: {
    // The fuzz stage (test/fuzz) runs on its own (FUZZ=1, scripts/test-all.mjs), not with the unit tests.
    include: process.env.FUZZ ? ['test/fuzz/**/*.test.ts'] : ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: process.env.FUZZ ? [] : ['test/fuzz/**', 'node_modules/**'],
    environment: 'node',
  },
});
