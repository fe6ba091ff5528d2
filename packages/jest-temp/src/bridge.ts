/**
 * The one link between the environment and test code. Jest loads the two in
 * separate module registries (test code even runs in its own realm), so they
 * cannot share module state: the environment puts a bridge on the test
 * global under a registry symbol, which is the same in every realm.
 */
import type { TestFixtures, TreeSymlink } from 'temp-fixtures/engine';

/** The key of the bridge on the test global. */
export const BRIDGE = Symbol.for('jest-temp.bridge');

/** What test code asks the environment for. */
export interface Bridge {
  /** The fixtures of the test (attempt) that is calling; throws outside a test. */
  current(): TestFixtures;
  /** The dir shared by the tests of this file (`fileTmpDir`), created on first use. */
  fileDir(): string;
  /**
   * A link entry for `tmp.tree` / `memfs.tree`, made by the engine's own
   * `symlink()` (a class from another realm would not be recognised).
   */
  symlink(target: string): TreeSymlink;
}
