import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The stress suites run on their own: `pnpm test:stress` (vitest.stress.config.ts; CI runs both).
    exclude: [...configDefaults.exclude, '**/*.stress.test.ts'],
    // Type tests (`test/*.test-d.ts`) are checked once, by the package's `typecheck` task (tsc over src and test).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
    testTimeout: 30_000,
  },
});
