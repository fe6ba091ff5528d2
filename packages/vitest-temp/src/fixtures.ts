/**
 * The fixture definitions: `tmpDir`, `tmpFile`, `tmp` and `memfs`, each a
 * thin view of the engine's per-attempt `TestFixtures` handle.
 */
import {
  type EngineOptions,
  leakFailure,
  resolveLeakPolicy,
  type TestFixtures,
  type TmpHelper,
  validateOptions,
} from 'temp-fixtures/engine';
import type { MemfsFixture } from 'temp-fixtures/memfs';
import type { TestContext } from 'vitest';
import { testIdentity } from './identity.js';
import { attachKept } from './kept-result.js';
import type { VitestTempOptions } from './options.js';
import { attemptOutcome, noteAttemptStart } from './outcome.js';
import { engineOptions, workerEngine } from './worker-engine.js';

/** The fixtures `tempFixtures()` adds to a test's context. */
export interface TempFixtures {
  /** The attempt's own dir (absolute, `0o700`), created on first use. */
  tmpDir: string;
  /** A fresh empty `0o600` file inside `tmpDir`. */
  tmpFile: string;
  /** Helpers bound to `tmpDir`: `path`, `dir`, `file`, `write`, `read`, `tree`, `snapshot`. */
  tmp: TmpHelper;
  /** A fresh in-memory volume `{ vol, fs, tree, snapshot }`; never touches the disk. */
  memfs: MemfsFixture;
  /**
   * The dir shared by every test of this file (absolute, `0o700`), created
   * on first use; kept under `KEEP_TMP=1` when a test of the file that used
   * a fixture failed, removed when the file ends otherwise.
   */
  fileTmpDir: string;
}

/** One fixture definition, in the shape `test.extend()` takes. */
export type TempFixtureFn<Value> = (
  context: TestContext,
  use: (value: Value) => Promise<void>,
) => Promise<void>;

/** What `tempFixtures()` returns: pass it to `test.extend()`. */
export type TempFixtureDefinitions = { [K in keyof TempFixtures]: TempFixtureFn<TempFixtures[K]> };

/** The parts of the test context the fixtures need (Vitest's built-in fixtures). */
type AttemptContext = Pick<TestContext, 'task' | 'signal' | 'onTestFinished'>;

/** Handles whose verdict is already registered with `onTestFinished`. */
const registered = new WeakSet<TestFixtures>();

/**
 * The handle of the test's current attempt. The first fixture to ask
 * registers, on the test's own context (right under `test.concurrent`),
 * the `onTestFinished` that settles the dir: it runs after every hook and
 * every fixture teardown, even when one of them threw.
 */
function attemptFixtures(context: AttemptContext, options: VitestTempOptions): TestFixtures {
  const { task, signal } = context;
  const fixtures = workerEngine(options).test(testIdentity(task));
  if (!registered.has(fixtures)) {
    registered.add(fixtures);
    noteAttemptStart(task);
    context.onTestFinished(async (finished?: Partial<Pick<TestContext, 'annotate'>>) => {
      const kept = fixtures.finish(attemptOutcome(task, signal));
      // The kept path goes on the test's own result too (annotation, task.meta).
      await attachKept(task, finished, kept);
    });
  }
  return fixtures;
}

/**
 * One fixture: the named property of the attempt's handle. Vitest reads
 * which context properties a fixture needs from its source text, hence the
 * destructured parameter (and why the build is never minified).
 */
function fixture<K extends Exclude<keyof TempFixtures, 'fileTmpDir'>>(
  name: K,
  options: VitestTempOptions,
): TempFixtureFn<TempFixtures[K]> {
  return async ({ task, signal, onTestFinished }, use) => {
    await use(attemptFixtures({ task, signal, onTestFinished }, options)[name] as TempFixtures[K]);
  };
}

/**
 * `fileTmpDir`: the file's shared dir, from the engine. Asked per test (the
 * same dir for every test of the file), so that the test's verdict counts
 * for the dir even when it uses no other fixture.
 */
function fileTmpDirFixture(options: VitestTempOptions): TempFixtureFn<string> {
  return async ({ task, signal, onTestFinished }, use) => {
    attemptFixtures({ task, signal, onTestFinished }, options);
    const { file, projectRoot } = testIdentity(task);
    await use(workerEngine(options).fileTest(file, projectRoot).tmpDir);
  };
}

/**
 * The hidden automatic fixture that settles the engine at the end of each
 * test file (a file-scoped fixture's teardown runs before the worker reports
 * the file done): finished dirs are deleted by then, timed-out ones too, so
 * nothing depends on the worker exiting gracefully (Vitest ends forked
 * workers with SIGTERM and worker threads without any exit event).
 */
const SETTLE_FIXTURE = 'tempFixturesSettle';

type SettleDefinition = [
  (context: object, use: (value: undefined) => Promise<void>) => Promise<void>,
  { scope: 'file'; auto: true },
];

function settleFixture(options: VitestTempOptions): SettleDefinition {
  return [
    // biome-ignore lint/correctness/noEmptyPattern: Vitest requires the destructured context.
    async ({}, use) => {
      await use(undefined);
      await workerEngine(options).settleFile();
    },
    { scope: 'file', auto: true },
  ];
}

/**
 * The hidden automatic fixture of leak detection (`leaks` not `'off'`):
 * `os.tmpdir()` points into the run while the test runs, and what the test
 * left there is reported after it (after every other fixture's teardown,
 * before its verdict), failing it under `'fail'`. Concurrent tests are
 * checked together at the end of their file.
 */
const LEAKS_FIXTURE = 'tempFixturesLeaks';

type LeaksDefinition = [
  (context: Pick<TestContext, 'task'>, use: (value: undefined) => Promise<void>) => Promise<void>,
  { auto: true },
];

function leaksFixture(options: VitestTempOptions): LeaksDefinition {
  return [
    async ({ task }, use) => {
      const engine = workerEngine(options);
      if (engine.leaks === 'off') return use(undefined);
      engine.watchLeaks({ file: task.file.filepath, concurrent: task.concurrent === true });
      await use(undefined);
      // Concurrent tests share os.tmpdir(): the engine reports their leaks as the file's.
      if (task.concurrent) return;
      // The handle the test's fixtures used, or a lazy one that never touches the disk.
      const handle = engine.test(testIdentity(task));
      const { relativeFile, name } = handle.identity;
      const withDir = handle.createdDir === undefined ? undefined : handle;
      const names = engine.takeLeaks(withDir, { file: relativeFile, name });
      if (names.length > 0 && engine.leaks === 'fail') {
        const error = leakFailure(names);
        // Recorded as expect.soft records a failure: a throw from a fixture's
        // teardown is recorded twice by Vitest (two identical failure blocks).
        const writable = task as { result?: { state: string; errors?: object[] } };
        writable.result ??= { state: 'fail' };
        writable.result.state = 'fail';
        writable.result.errors ??= [];
        writable.result.errors.push({
          name: error.name,
          message: error.message,
          stack: error.stack,
        });
      }
    },
    { auto: true },
  ];
}

/**
 * The fixture definitions for `test.extend()`:
 * `baseTest.extend(tempFixtures({ keep: 'failed' }))`. Throws at once on a
 * bad option or `KEEP_TMP`, so a typo stops the test file before any test
 * runs. Nothing touches the disk until a test uses a fixture. Besides the
 * four typed fixtures the object holds `SETTLE_FIXTURE`, an automatic
 * file-scoped fixture (Vitest >= 3.2) that deletes what the file's tests
 * left before the file is reported done.
 */
export function tempFixtures(options: VitestTempOptions = {}): TempFixtureDefinitions {
  // The core validates the options and the keep policy without touching the disk.
  const settings = validateOptions(options, 'tempFixtures(options)');
  const definitions: TempFixtureDefinitions = {
    tmpDir: fixture('tmpDir', settings),
    tmpFile: fixture('tmpFile', settings),
    tmp: fixture('tmp', settings),
    memfs: fixture('memfs', settings),
    fileTmpDir: fileTmpDirFixture(settings),
  };
  // Left out of the type on purpose: tests never read them.
  return Object.assign(
    definitions,
    { [SETTLE_FIXTURE]: settleFixture(settings) },
    leaksWanted(settings) ? { [LEAKS_FIXTURE]: leaksFixture(settings) } : {},
  );
}

/**
 * Whether leak detection is on for fixtures defined with `settings` (the
 * option, else the plugin's, `TEMP_FIXTURES_LEAKS` winning), decided when
 * they are defined: with it off, the default, no automatic fixture runs
 * around every test for it (each costs about 0.3 ms a test). Outside a
 * Vitest worker, where the plugin's settings cannot be read, it stays in.
 */
function leaksWanted(settings: VitestTempOptions): boolean {
  let leaks: EngineOptions['leaks'];
  try {
    ({ leaks } = engineOptions(settings));
  } catch {
    return true;
  }
  return resolveLeakPolicy(leaks) !== 'off';
}
