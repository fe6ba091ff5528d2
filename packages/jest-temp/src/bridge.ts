/**
 * The one link from environment to test code: Jest loads them in separate module registries (and
 * realms), so it sits on the test global under a `Symbol.for` key, the same in every realm.
 */
import type { TestFixtures, TreeSymlink } from 'temp-fixtures/engine';

/** The bridge's key on the test global. */
export const BRIDGE = Symbol.for('jest-temp.bridge');

/** What test code asks the environment for. */
export interface Bridge {
  /** The fixtures of the test (attempt) that is calling; throws outside a test. */
  current(): TestFixtures;
  /** The dir shared by the tests of this file (`fileTmpDir`), created on first use. */
  fileDir(): string;
  /** A `tmp.tree` link from the engine's own `symlink()` (another realm's is not recognised). */
  symlink(target: string): TreeSymlink;
}
