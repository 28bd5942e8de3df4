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
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
  },
});
