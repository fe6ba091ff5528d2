/**
 * Stress (`pnpm test:stress`, run by CI) of test/run-end.test.ts: Jest 29 in
 * band and with worker threads, with and without the reporter, and with
 * workers without it.
 */
import { CASES, runEndCases } from './support/run-end.js';

runEndCases(CASES.filter((c) => c.jest === 29 && c.name !== 'Jest 29 workers, with the reporter'));
