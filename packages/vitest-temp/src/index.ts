/**
 * vitest-temp: Vitest's `test` with per-test temp dirs and files.
 *
 * ```ts
 * import { test, expect } from 'vitest-temp';
 * test('writes a config', async ({ tmpDir, tmp }) => { ... });
 * ```
 */
import {
  test as baseTest,
  afterEach as vitestAfterEach,
  beforeEach as vitestBeforeEach,
} from 'vitest';
import { type TempFixtures, tempFixtures } from './fixtures.js';

export {
  type KeepPolicy,
  symlink,
  type TmpHelper,
  type TreeSnapshot,
  type TreeSpec,
  TreeSymlink,
} from 'temp-fixtures/engine';
export type { MemfsFixture } from 'temp-fixtures/memfs';
export {
  type TempFixtureDefinitions,
  type TempFixtureFn,
  type TempFixtures,
  tempFixtures,
} from './fixtures.js';
export { KEPT_META, type KeptMeta } from './kept-result.js';
export type { VitestTempOptions } from './options.js';

/** Vitest's `test` extended with `tmpDir`, `tmpFile`, `tmp` and `memfs`. */
export const test = baseTest.extend(tempFixtures());
/** The same as `test`. */
export const it = test;

/**
 * Vitest's `beforeEach`, typed with the fixtures in its context:
 * `beforeEach(async ({ tmp }) => { ... })`. The same function at run time
 * (Vitest hands a test's hooks the test's context, fixtures included).
 */
export const beforeEach: typeof vitestBeforeEach<TempFixtures> = vitestBeforeEach;
/** Vitest's `afterEach`, typed with the fixtures in its context (see `beforeEach`). */
export const afterEach: typeof vitestAfterEach<TempFixtures> = vitestAfterEach;

// The rest of Vitest's test API, unchanged. Not `vi`: Vitest hoists `vi.mock` only when `vi`
// comes from 'vitest' itself (from here, mocking fails with "problems in resolving the mocks API").
export {
  afterAll,
  beforeAll,
  describe,
  expect,
  onTestFailed,
  onTestFinished,
  suite,
} from 'vitest';
