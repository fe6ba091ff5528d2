/**
 * Test hooks, for this repository's tests only: not in `package.json`
 * `exports`, so no user can reach them (`test/source-rules.test.ts` holds
 * that the tests take them from here).
 */
export { useRemovalWalk } from './cleanup.js';
export { forceMkstempFallback } from './file.js';
export { pendingFinalizers } from './finalizer.js';
