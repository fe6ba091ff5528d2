/** vitest-temp: Vitest's `test` with per-test temp dirs: `test('x', async ({ tmpDir }) => ...)`. */
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

/** Vitest's `beforeEach`, typed with the fixtures (at run time hooks get the test's context). */
export const beforeEach: typeof vitestBeforeEach<TempFixtures> = vitestBeforeEach;
/** Vitest's `afterEach`, typed with the fixtures in its context (see `beforeEach`). */
export const afterEach: typeof vitestAfterEach<TempFixtures> = vitestAfterEach;

// Not `vi`: Vitest hoists `vi.mock` only for its own `vi` ("problems in resolving the mocks API").
export {
  afterAll,
  beforeAll,
  describe,
  expect,
  onTestFailed,
  onTestFinished,
  suite,
} from 'vitest';
