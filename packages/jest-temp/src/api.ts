/** Fixtures for test code, each use resolving to the calling test's; loaded per file, so tiny. */
import type { TmpHelper, TreeSymlink } from 'temp-fixtures/engine';
import type { MemfsFixture } from 'temp-fixtures/memfs';
import { BRIDGE, type Bridge } from './bridge.js';
import { jestTempError } from './errors.js';

function bridge(): Bridge {
  const found = (globalThis as { [BRIDGE]?: Bridge })[BRIDGE];
  if (found === undefined) {
    throw jestTempError(
      'ERR_NO_ENVIRONMENT',
      "no fixture environment in this test file. Set testEnvironment: 'jest-temp' " +
        "(or 'jest-temp/jsdom') in the Jest config, or add a `@jest-environment jest-temp` docblock.",
    );
  }
  return found;
}

/** The current test's own dir (absolute path), created on first use. */
export function tmpDir(): string {
  return bridge().current().tmpDir;
}

/**
 * The dir shared by this file's tests (absolute path), created on first use; usable in `beforeAll`.
 * Kept under `KEEP_TMP=1` if a test of the file failed, else removed when the file ends.
 */
export function fileTmpDir(): string {
  return bridge().fileDir();
}

/** A fresh empty `0o600` file inside the current test's dir, created on first use. */
export function tmpFile(): string {
  return bridge().current().tmpFile;
}

/** Reads each property from the current test's object at the moment of use; methods stay bound. */
function forwarder<T extends object>(pick: (fixtures: ReturnType<Bridge['current']>) => T): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = pick(bridge().current());
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_, property) => Reflect.has(pick(bridge().current()), property),
  });
}

/** Helpers bound to the current test's dir (`tmp.path`, `tmp.write`, `tmp.tree`, ...). */
export const tmp: TmpHelper = forwarder((fixtures) => fixtures.tmp);

/** The current test's in-memory volume (`memfs.vol`, `memfs.fs`, `memfs.tree`, ...). */
export const memfs: MemfsFixture = forwarder((fixtures) => fixtures.memfs);

/** A link entry for `tmp.tree(spec)` / `memfs.tree(spec)`: `{ link: symlink('target') }`. */
export function symlink(target: string): TreeSymlink {
  return bridge().symlink(target);
}
