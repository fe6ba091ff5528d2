import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import { slowFilesFirst } from '../../test-support/src/slow-files-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The stress suites run on their own: `pnpm test:stress` (vitest.stress.config.ts; CI runs both).
    exclude: [...configDefaults.exclude, '**/*.stress.test.ts'],
    // Type tests (`test/*.test-d.ts`) are checked once, by the package's `typecheck` task (tsc over src and test).
    // The end-to-end tests run the real Jest binary on generated projects.
    testTimeout: 300_000, // Safety nets for a loaded 2-core machine, not timings.
    hookTimeout: 300_000,
    // The longest files first (minutes each: they spawn many runs), so they overlap the rest.
    sequence: {
      sequencer: slowFilesFirst(BaseSequencer, [
        'run-end.test.ts',
        'ownership.e2e.test.ts',
        'keep-policy.test.ts',
        'workers.test.ts',
        'leaks.test.ts',
      ]),
    },
  },
});
