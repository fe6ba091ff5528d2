/**
 * `jest-temp`: the fixtures for test code (`import { tmpDir, tmpFile, tmp,
 * memfs } from 'jest-temp'`), and, as the default export, the environment
 * Jest loads for `testEnvironment: 'jest-temp'`.
 */
import { createRequire } from 'node:module';
import { BRIDGE } from './bridge.js';
import type { TestEnvironment } from './environment.js';
import { jestTempError } from './errors.js';

export type { TmpHelper, TreeSnapshot, TreeSpec, TreeSymlink } from 'temp-fixtures/engine';
export type { MemfsFixture } from 'temp-fixtures/memfs';
export { fileTmpDir, memfs, symlink, tmp, tmpDir, tmpFile } from './api.js';
export type { JestTempOptions } from './options.js';

/**
 * Jest evaluates this entry twice: outside the tests to get the environment,
 * and inside every test file's module registry when test code imports the
 * fixtures. Only the first needs the environment and what it pulls in
 * (jest-environment-node, the engine); loading that again in each test
 * file's registry would cost every file time for nothing.
 */
function loadEnvironment(): typeof TestEnvironment {
  if (BRIDGE in globalThis) {
    return function environmentInsideTests() {
      throw jestTempError(
        'ERR_ENVIRONMENT_CLASS',
        "the environment class is not available to test code; name it in the Jest config (testEnvironment: 'jest-temp') or extend it from 'jest-temp/environment' in an environment module",
      );
    } as unknown as typeof TestEnvironment;
  }
  // The CommonJS build from both formats: it is the one Jest itself loads.
  const environment = createRequire(import.meta.url)('./environment.cjs') as {
    TestEnvironment: typeof TestEnvironment;
  };
  return environment.TestEnvironment;
}

/** The Node-based test environment with the fixtures (`testEnvironment: 'jest-temp'`). */
const environment: typeof TestEnvironment = loadEnvironment();
export default environment;
