/**
 * vitest-temp: Vitest's `test` with per-test temp dirs and files.
 *
 * ```ts
 * import { test, expect } from 'vitest-temp';
 * test('writes a config', async ({ tmpDir, tmp }) => { ... });
 * ```
 */
import { test as baseTest } from 'vitest';
import { tempFixtures } from './fixtures.js';

export {
  type KeepPolicy,
  type MemfsFixture,
  symlink,
  type TmpHelper,
  type TreeSnapshot,
  type TreeSpec,
  TreeSymlink,
} from 'temp-fixtures';
export {
  type TempFixtureDefinitions,
  type TempFixtureFn,
  type TempFixtures,
  tempFixtures,
} from './fixtures.js';
export type { VitestTempOptions } from './options.js';

/** Vitest's `test` extended with `tmpDir`, `tmpFile`, `tmp` and `memfs`. */
export const test = baseTest.extend(tempFixtures());
/** The same as `test`. */
export const it = test;

// One import suffices: the rest of Vitest's test API, unchanged.
export {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  onTestFailed,
  onTestFinished,
  suite,
  vi,
} from 'vitest';
