import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The quick benchmark is one subprocess in a beforeAll (~30 s on a quiet machine);
    // the shared 2-core CI machine needs headroom.
    hookTimeout: 120_000,
    testTimeout: 30_000,
  },
});
