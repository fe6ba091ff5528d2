import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The whole-run benchmarks' smoke runs with the stress suites: `pnpm test:stress` (vitest.stress.config.ts; CI runs both).
    exclude: [...configDefaults.exclude, '**/*.stress.test.ts'],
    // The quick benchmarks are one subprocess each in a beforeAll (~30 s on a quiet machine;
    // a whole-run quick bench took over 110 s while the rest of CI ran beside it on 2 cores).
    hookTimeout: 450_000,
    testTimeout: 30_000,
  },
});
