import { defineConfig } from 'vitest/config';

// Type-checks every README code block against the built packages (turbo
// builds them first: `test` depends on `^build`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000, // Safety nets for a loaded 2-core machine, not timings.
    hookTimeout: 300_000,
  },
});
