/**
 * One file's fixtures, driven by jest-circus events: a handle per attempt that uses one, keyed by
 * the test object (so concurrent or same-titled tests never share), finished at `test_done`.
 */
import type { FixtureEngine, TestFixtures, TestIdentity } from 'temp-fixtures/engine';
import { CallerResolver, outsideTest } from './caller.js';
import {
  type CircusEvent,
  type CircusState,
  type CircusTest,
  hasTimeoutError,
  titlePath,
} from './circus.js';
import { appendKeptNote } from './kept-note.js';
import { RetryLedger } from './retries.js';

/** Tracks the tests of one file and their fixtures. */
export class FileTracker {
  private readonly caller = new CallerResolver();
  private readonly retries = new RetryLedger();
  private readonly open = new Map<CircusTest, TestFixtures>();
  /** The last finished handle per test, for callbacks that outlive their test. */
  private readonly finished = new WeakMap<CircusTest, TestFixtures>();

  constructor(
    private readonly engine: FixtureEngine,
    private readonly file: string,
    private readonly testGlobal: object,
  ) {}

  /** The calling test's fixtures, for the bridge. */
  current(): TestFixtures {
    const test = this.caller.resolve();
    const open = this.open.get(test);
    if (open !== undefined) return open;
    if (this.caller.isRunning(test)) {
      const fixtures = this.engine.test(this.identity(test, test.invocations - 1));
      this.open.set(test, fixtures);
      return fixtures;
    }
    const last = this.finished.get(test);
    if (last !== undefined) return last;
    throw outsideTest('after its test finished');
  }

  /** The file's shared dir (the engine settles it when the file ends). */
  fileDir(): string {
    return this.engine.fileTest(this.file).tmpDir;
  }

  /** Feeds one jest-circus event (synchronous and cheap: it runs for every event). */
  handle(event: CircusEvent, state: CircusState | undefined): void {
    const { test } = event;
    switch (event.name) {
      case 'setup':
        this.caller.useExpect(
          event.runtimeGlobals?.expect ?? (this.testGlobal as { expect?: unknown }).expect,
        );
        // Before the test file loads: its module-level os.tmpdir() and beforeAll are watched too.
        this.engine.watchLeaks();
        break;
      case 'add_test':
        if (test !== undefined) this.caller.declared(test);
        break;
      case 'test_start':
        if (test === undefined) break;
        this.retries.started(test);
        this.caller.started(test);
        this.engine.watchLeaks({ file: this.file, concurrent: test.concurrent });
        break;
      case 'test_skip':
      case 'test_todo':
        if (test !== undefined) this.caller.ended(test);
        break;
      case 'test_done':
        if (test !== undefined) this.done(test, state);
        break;
      case 'describe_retry':
        if (event.describeBlock !== undefined) this.retries.describeRetried(event.describeBlock);
        break;
      case 'run_finish':
        this.close();
        break;
    }
  }

  /** At `run_finish` (or teardown, if cut short): open attempts and held failures fail for good. */
  close(): void {
    for (const [test, fixtures] of this.open) {
      this.open.delete(test);
      this.finished.set(test, fixtures);
    }
    this.engine.finishFile(this.file);
  }

  /** `close()`, then awaits deletion of finished dirs (timed-out too): Jest may skip `exit`. */
  async settle(): Promise<void> {
    this.close();
    await this.engine.settleFile(this.file);
  }

  /** Reports what the test left in `os.tmpdir()` (moved to its dir, if any); `'fail'` fails it. */
  private checkLeaks(test: CircusTest): void {
    // Concurrent tests share os.tmpdir(): the engine reports their leaks as the file's.
    if (this.engine.leaks === 'off' || test.concurrent) return;
    const error = this.engine.leakError(this.identity(test, test.invocations - 1));
    if (error !== undefined) test.errors.push(error);
  }

  private done(test: CircusTest, state: CircusState | undefined): void {
    this.caller.ended(test);
    this.checkLeaks(test);
    const failed = test.errors.length > 0;
    const final = !failed || this.retries.isFinalFailure(test, state, this.testGlobal);
    if (failed && final) this.engine.fileFailed(this.file);
    const fixtures = this.open.get(test);
    this.open.delete(test);
    if (fixtures === undefined) {
      // An attempt that touched nothing still settles earlier held attempts.
      if (final) appendKeptNote(test.errors, this.engine.settle(test, { failed }));
      return;
    }
    this.finished.set(test, fixtures);
    const kept = fixtures.finish({ failed, final, timedOut: failed && hasTimeoutError(test) });
    appendKeptNote(test.errors, kept);
  }

  private identity(test: CircusTest, attempt: number): TestIdentity {
    return { file: this.file, titlePath: titlePath(test), attempt, key: test };
  }
}
