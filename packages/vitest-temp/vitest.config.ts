import { defineConfig } from 'vitest/config';

// End-to-end tests: each runs the real vitest binary on generated projects
// that install this package's build (run `build` first; turbo does).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
