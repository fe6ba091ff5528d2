/**
 * Types of the fixture globals, each the calling test's own. Opt in with tsconfig `"types":
 * ["jest-temp/globals"]` or `/// <reference types="jest-temp/globals" />`.
 */
import type { TmpHelper } from 'temp-fixtures/engine';
import type { MemfsFixture } from 'temp-fixtures/memfs';

declare global {
  /** The current test's own dir (absolute path), created on first use. */
  var tmpDir: string;
  /** A fresh empty `0o600` file inside the current test's dir, created on first use. */
  var tmpFile: string;
  /** Helpers bound to the current test's dir (`tmp.path`, `tmp.write`, `tmp.tree`, ...). */
  var tmp: TmpHelper;
  /** The current test's in-memory volume (`memfs.vol`, `memfs.fs`, `memfs.tree`, ...). */
  var memfs: MemfsFixture;
}
