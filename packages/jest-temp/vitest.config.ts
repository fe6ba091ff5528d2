import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    // The end-to-end tests run the real Jest binary on generated projects.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
