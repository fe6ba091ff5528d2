/**
 * Which test calls a fixture. Jest 30.5+ names it (`expect.getState().currentTestIdentity()`);
 * older Jest can't tell `test.concurrent` bodies apart (Jest 29 starts them before `test_start`),
 * so they get a loud error rather than another test's dir.
 */
import type { CircusTest } from './circus.js';
import { jestTempError } from './errors.js';

interface ExpectState {
  /** Jest 30.5+: the test object whose body or each-hook is running. */
  currentTestIdentity?: () => object | undefined;
  /** Jest 29.6+: the full name of the running concurrent test. */
  currentConcurrentTestName?: () => string | undefined;
}

/** Finds the calling test among the tests the environment saw start. */
export class CallerResolver {
  private expect: { getState(): ExpectState } | undefined;
  private sequential: CircusTest | undefined;
  private readonly running = new Set<CircusTest>();
  private concurrentDeclared = false;

  /** `setup`: test code's `expect`, whose state holds the identity functions. */
  useExpect(expect: unknown): void {
    if (typeof (expect as { getState?: unknown })?.getState === 'function') {
      this.expect = expect as { getState(): ExpectState };
    }
  }

  /** On `add_test`. */
  declared(test: CircusTest): void {
    if (test.concurrent) this.concurrentDeclared = true;
  }

  /** On `test_start` (skipped tests get none). */
  started(test: CircusTest): void {
    this.running.add(test);
    if (!test.concurrent) this.sequential = test;
  }

  /** On `test_done` / `test_skip` / `test_todo`. */
  ended(test: CircusTest): void {
    this.running.delete(test);
    if (this.sequential === test) this.sequential = undefined;
  }

  /** True between the test's `test_start` and `test_done`. */
  isRunning(test: CircusTest): boolean {
    return this.running.has(test);
  }

  /** The calling test (maybe finished, for late callbacks); throws if none or unknowable. */
  resolve(): CircusTest {
    const state = this.expect?.getState();
    const identify = state?.currentTestIdentity;
    if (typeof identify === 'function') {
      const test = identify() as CircusTest | undefined;
      if (test !== undefined) return test;
      // Outside any test's async context: only a sole sequential test can be meant.
      if (this.sequential !== undefined && this.running.size === 1) return this.sequential;
      throw outsideTest('outside a test');
    }
    const concurrentName = state?.currentConcurrentTestName?.();
    const concurrentRunning = [...this.running].some((test) => test.concurrent);
    if (typeof concurrentName === 'string' || concurrentRunning) {
      throw unsupportedConcurrency(concurrentName);
    }
    if (this.sequential !== undefined) return this.sequential;
    if (this.concurrentDeclared && state?.currentConcurrentTestName === undefined) {
      // Jest < 29.6 gives no way to see a concurrent body at all.
      throw unsupportedConcurrency(undefined);
    }
    throw outsideTest('outside a test');
  }
}

/** The error for a fixture used where no test owns it. */
export function outsideTest(where: string): Error {
  return jestTempError(
    'ERR_NO_TEST',
    `a fixture (tmpDir, tmpFile, tmp, memfs) was used ${where}. Fixtures belong to one test: ` +
      'use them in a test body or in beforeEach/afterEach, not at module scope, in beforeAll/afterAll, ' +
      'or from callbacks that outlive their test.',
  );
}

function unsupportedConcurrency(name: string | undefined): Error {
  const which = name === undefined ? 'a test.concurrent test' : `test.concurrent '${name}'`;
  return jestTempError(
    'ERR_CONCURRENT_TEST',
    `${which} used a fixture, but this Jest version cannot tell concurrent test bodies apart ` +
      '(Jest 29 starts them before their test_start event), so each would not get its own dir. ' +
      'Fixtures under test.concurrent need Jest >= 30.5 (expect.getState().currentTestIdentity); ' +
      'on this version use test() instead of test.concurrent in files that use fixtures.',
  );
}
