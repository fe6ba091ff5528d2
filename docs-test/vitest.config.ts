import { defineConfig } from 'vitest/config';

// Type-checks every README code block against the built packages (turbo
// builds them first: `test` depends on `^build`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
