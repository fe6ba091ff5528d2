/**
 * Nothing is left when a run ends (KEEP_TMP unset): once the Vitest process
 * has exited, no byte of any test dir remains anywhere under the root —
 * dot-folders (the trash) included, timed-out tests' dirs included — in
 * every pool, with and without the plugin. Vitest ends forked workers with
 * SIGTERM and worker threads without any exit event, so this holds only
 * because each test file settles its dirs before Vitest hears it is done.
 * Here: the development major in every pool, and a KEEP_TMP=1 run on each
 * major (3.2, 4, and 5 on Node 22); the other majors' pools and 10 runs at
 * once are in run-end.stress.test.ts (`pnpm test:stress`, run by CI).
 */
import { VITEST_MAJORS } from './support/e2e.js';
import { runEndScenarios } from './support/run-end.js';

for (const major of VITEST_MAJORS) {
  runEndScenarios(major, { keep: true, pools: major === VITEST_MAJORS[0] });
}
