import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests (`test/*.test-d.ts`) are checked once, by the package's `typecheck` task (tsc over src and test).
    // The end-to-end tests run the real `node --test` on generated projects.
    testTimeout: 300_000, // Safety nets for a loaded 2-core machine, not timings.
    hookTimeout: 300_000,
  },
});
