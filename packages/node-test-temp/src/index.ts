/** Per-test temp dirs for node:test (`tmpDir(t)`); `KEEP_TMP=1` keeps failed tests' dirs. */
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

/** The test's own dir (absolute, `0o700`), created on first use: `tmpDir(t)`. */
export const tmpDir: TempFixtures['tmpDir'] = defaults.tmpDir;
/** A new empty `0o600` file in the test's dir: `tmpFile(t)`. */
export const tmpFile: TempFixtures['tmpFile'] = defaults.tmpFile;
/** Helpers bound to the test's dir: `tmp(t).write('a.txt', 'x')`, `tmp(t).tree({...})`. */
export const tmp: TempFixtures['tmp'] = defaults.tmp;
/** The test's in-memory volume (`memfs(t).fs`, `memfs(t).tree`); needs `memfs` installed. */
export const memfs: TempFixtures['memfs'] = defaults.memfs;
