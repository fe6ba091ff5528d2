/** Fixtures for test code; the default export is the `testEnvironment: 'jest-temp'` class. */
import { createRequire } from 'node:module';
import { BRIDGE } from './bridge.js';
import type { TestEnvironment } from './environment.js';
import { jestTempError } from './errors.js';

export type { TmpHelper, TreeSnapshot, TreeSpec, TreeSymlink } from 'temp-fixtures/engine';
export type { MemfsFixture } from 'temp-fixtures/memfs';
export { fileTmpDir, memfs, symlink, tmp, tmpDir, tmpFile } from './api.js';
export type { JestTempOptions } from './options.js';

/** Jest reloads this entry in each test file's registry, which must not pay for the environment. */
function loadEnvironment(): typeof TestEnvironment {
  if (BRIDGE in globalThis) {
    return function environmentInsideTests() {
      throw jestTempError(
        'ERR_ENVIRONMENT_CLASS',
        "the environment class is not available to test code; name it in the Jest config (testEnvironment: 'jest-temp') or extend it from 'jest-temp/environment' in an environment module",
      );
    } as unknown as typeof TestEnvironment;
  }
  // The CommonJS build from both formats: the one Jest itself loads.
  const environment = createRequire(import.meta.url)('./environment.cjs') as {
    TestEnvironment: typeof TestEnvironment;
  };
  return environment.TestEnvironment;
}

/** The Node-based test environment with the fixtures (`testEnvironment: 'jest-temp'`). */
const environment: typeof TestEnvironment = loadEnvironment();
export default environment;
