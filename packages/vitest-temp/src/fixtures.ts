/** Definitions of `tmpDir`, `tmpFile`, `tmp`, `memfs`: views of the engine's per-attempt handle. */
import {
  type EngineOptions,
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
   * The dir shared by the file's tests (absolute, `0o700`), created on first use; removed when the
   * file ends, but kept under `KEEP_TMP=1` if a test of the file that used a fixture failed.
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

type AttemptContext = Pick<TestContext, 'task' | 'signal' | 'onTestFinished'>;

/** Handles whose verdict is already registered with `onTestFinished`. */
const registered = new WeakSet<TestFixtures>();

/** The first asker registers the verdict on the test's own `onTestFinished` (concurrent-safe). */
function attemptFixtures(context: AttemptContext, options: VitestTempOptions): TestFixtures {
  const { task, signal } = context;
  const fixtures = workerEngine(options).test(testIdentity(task));
  if (!registered.has(fixtures)) {
    registered.add(fixtures);
    noteAttemptStart(task);
    context.onTestFinished(async (finished?: Partial<Pick<TestContext, 'annotate'>>) => {
      const kept = fixtures.finish(attemptOutcome(task, signal));
      await attachKept(task, finished, kept);
    });
  }
  return fixtures;
}

/** Vitest reads a fixture's needs from its source: hence the destructuring, and no minifying. */
function fixture<K extends Exclude<keyof TempFixtures, 'fileTmpDir'>>(
  name: K,
  options: VitestTempOptions,
): TempFixtureFn<TempFixtures[K]> {
  return async ({ task, signal, onTestFinished }, use) => {
    await use(attemptFixtures({ task, signal, onTestFinished }, options)[name] as TempFixtures[K]);
  };
}

/** `fileTmpDir`, asked per test so its verdict counts for the dir even with no other fixture. */
function fileTmpDirFixture(options: VitestTempOptions): TempFixtureFn<string> {
  return async ({ task, signal, onTestFinished }, use) => {
    attemptFixtures({ task, signal, onTestFinished }, options);
    const { file, projectRoot } = testIdentity(task);
    await use(workerEngine(options).fileTest(file, projectRoot).tmpDir);
  };
}

/**
 * Hidden auto fixture: its file-scoped teardown deletes finished and timed-out dirs before the file
 * is reported done, not at worker exit (Vitest ends forks by SIGTERM, threads with no exit event).
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
 * Hidden auto fixture unless `leaks: 'off'`: `os.tmpdir()` points into the run; leftovers are
 * reported after other teardowns, before the verdict; `'fail'` fails the test (concurrent: at end).
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
      const error = engine.leakError(testIdentity(task));
      if (error !== undefined) {
        // Recorded as expect.soft does: Vitest records a throw from a teardown twice.
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
 * For `baseTest.extend(tempFixtures({ keep: 'failed' }))`. Throws at once on a bad option or
 * `KEEP_TMP`; no disk use until a fixture is used. Adds `SETTLE_FIXTURE` (auto, file-scoped,
 * Vitest >= 3.2), which deletes what the file's tests left before the file is reported done.
 */
export function tempFixtures(options: VitestTempOptions = {}): TempFixtureDefinitions {
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
 * Leaks watched? (Option, else plugin's; `TEMP_FIXTURES_LEAKS` wins.) Decided at definition so the
 * default, off, adds no fixture costing ~0.3 ms a test. Outside a worker (no plugin settings): yes.
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
