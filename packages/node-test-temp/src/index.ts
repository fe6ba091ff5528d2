/**
 * `node-test-temp`: per-test temp dirs for Node's built-in test runner.
 * `test('x', (t) => { const dir = tmpDir(t); ... })`; the dir of a failed
 * test is kept under `KEEP_TMP=1`, its path on the test's diagnostic.
 */
import { type TempFixtures, tempFixtures } from './fixtures.js';

export type { TmpHelper, TreeSnapshot, TreeSpec, TreeSymlink } from 'temp-fixtures/engine';
export { symlink } from 'temp-fixtures/engine';
export type { MemfsFixture } from 'temp-fixtures/memfs';
export {
  type NodeTestContext,
  type NodeTestTempOptions,
  type TempFixtures,
  tempFixtures,
} from './fixtures.js';

const defaults = tempFixtures();

/** The test's own dir (absolute path, `0o700`), created on first use: `tmpDir(t)`. */
export const tmpDir: TempFixtures['tmpDir'] = defaults.tmpDir;
/** A fresh empty `0o600` file inside the test's dir: `tmpFile(t)`. */
export const tmpFile: TempFixtures['tmpFile'] = defaults.tmpFile;
/** Helpers bound to the test's dir: `tmp(t).write('a.txt', 'x')`, `tmp(t).tree({...})`. */
export const tmp: TempFixtures['tmp'] = defaults.tmp;
/** The test's in-memory volume (`memfs(t).fs`, `memfs(t).tree`); needs `memfs` installed. */
export const memfs: TempFixtures['memfs'] = defaults.memfs;
