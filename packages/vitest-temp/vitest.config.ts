import { defineConfig } from 'vitest/config';

// End-to-end tests: each runs the real vitest binary on generated projects
// that install this package's build (run `build` first; turbo does).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000, // Safety nets for a loaded 2-core machine, not timings.
    hookTimeout: 300_000,
  },
});
