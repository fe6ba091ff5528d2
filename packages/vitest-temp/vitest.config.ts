import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import { slowFilesFirst } from '../../test-support/src/slow-files-first.js';

// End-to-end tests: each runs the real vitest binary on generated projects
// that install this package's build (run `build` first; turbo does).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The stress suites run on their own: `pnpm test:stress` (vitest.stress.config.ts; CI runs both).
    exclude: [...configDefaults.exclude, '**/*.stress.test.ts'],
    testTimeout: 300_000, // Safety nets for a loaded 2-core machine, not timings.
    hookTimeout: 300_000,
    // The longest files first (minutes each: they spawn many runs), so they overlap the rest.
    sequence: {
      sequencer: slowFilesFirst(BaseSequencer, [
        'ownership.e2e.test.ts',
        'leaks.test.ts',
        'run-end.test.ts',
        'keep-policy.test.ts',
        'pools.test.ts',
      ]),
    },
  },
});
