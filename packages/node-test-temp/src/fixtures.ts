/**
 * Fixtures take node:test's per-test context `t`; the first one used adds a `t.after` hook that
 * settles the dir by `t.passed` (`after` runs once the body, subtests and `afterEach` are done).
 */
import { afterEach, beforeEach } from 'node:test';
import {
  argTypeError,
  type FixtureEngine,
  type FixtureOptions,
  formatKeptLine,
  getEngine,
  type KeptEntry,
  resolveLeakPolicy,
  runnerPid,
  type TestFixtures,
  type TestIdentity,
  type TmpHelper,
  validateOptions,
} from 'temp-fixtures/engine';
import type { MemfsFixture } from 'temp-fixtures/memfs';

/** The options of `tempFixtures()`: `keep`, `root`, `retainRuns`, `leaks`. */
export type NodeTestTempOptions = FixtureOptions;

/** The `t` read (structural): Node 22+ has `fullName`, `filePath`; `attempt` where reruns count. */
export interface NodeTestContext {
  readonly name: string;
  readonly fullName?: string;
  readonly filePath?: string | undefined;
  readonly attempt?: number;
  readonly passed?: boolean;
  readonly error?: unknown;
  after(fn: () => unknown): void;
  diagnostic(message: string): void;
}

/** The fixtures, each taking the test's context: `tmpDir(t)`, `tmp(t).write(...)`. */
export interface TempFixtures {
  /** The test's own dir (absolute, `0o700`), created on first use. */
  tmpDir(t: NodeTestContext): string;
  /** A fresh empty `0o600` file inside `tmpDir(t)`. */
  tmpFile(t: NodeTestContext): string;
  /** Helpers bound to `tmpDir(t)`: `path`, `dir`, `file`, `write`, `read`, `tree`, `snapshot`. */
  tmp(t: NodeTestContext): TmpHelper;
  /** The test's in-memory volume `{ vol, fs, tree, snapshot }` (needs `memfs` installed). */
  memfs(t: NodeTestContext): MemfsFixture;
}

/** The node:test child a test file runs in with `--test-isolation=process` (the default). */
const IN_RUNNER_CHILD = process.env.NODE_TEST_CONTEXT === 'child-v8';

function testFile(t: NodeTestContext): string {
  return t.filePath ?? process.argv[1] ?? '(unknown file)';
}

function titlePath(t: NodeTestContext): string[] {
  return (t.fullName ?? t.name).split(' > ');
}

/** node:test's verdict on a test past its `timeout` (its body may still be running). */
function timedOut(t: NodeTestContext): boolean {
  return (t.error as { failureType?: unknown } | undefined)?.failureType === 'testTimeoutFailure';
}

function identity(t: NodeTestContext): TestIdentity {
  return { file: testFile(t), titlePath: titlePath(t), attempt: t.attempt ?? 0, key: t };
}

/** Tests with a failed subtest (dirs kept): node:test fails them only after their `after` hooks. */
const failedParents = new Set<string>();

function parentKey(t: NodeTestContext, names: readonly string[] = titlePath(t)): string {
  return `${testFile(t)}\0${names.join(' > ')}`;
}

let collecting = false;

/** Via a root `afterEach`, which sees every test and subtest. */
function collectFailedParents(): void {
  if (collecting) return;
  collecting = true;
  afterEach((t) => {
    const context = t as NodeTestContext;
    if (context.passed !== false) return;
    const names = titlePath(context);
    for (let depth = 1; depth < names.length; depth++) {
      failedParents.add(parentKey(context, names.slice(0, depth)));
    }
  });
}

class FixtureSet {
  private readonly handles = new WeakMap<NodeTestContext, TestFixtures>();
  private engineOfSet: FixtureEngine | undefined;

  constructor(private readonly options: NodeTestTempOptions) {}

  /** Lazy, so the run is joined only when a test first needs a dir. */
  engine(): FixtureEngine {
    this.engineOfSet ??= getEngine({ ...this.options, ownerPid: runnerPid(IN_RUNNER_CHILD) });
    return this.engineOfSet;
  }

  handle(t: NodeTestContext): TestFixtures {
    const found = this.handles.get(t);
    if (found !== undefined) return found;
    if (typeof t?.after !== 'function' || typeof t.diagnostic !== 'function') {
      throw argTypeError(
        'node-test-temp: a fixture takes the test context, as in test(name, (t) => tmpDir(t)) (got ' +
          `${t === null ? 'null' : typeof t})`,
      );
    }
    const fixtures = this.engine().test(identity(t));
    this.handles.set(t, fixtures);
    t.after(() => {
      const failed = t.passed === false || failedParents.has(parentKey(t));
      const kept = fixtures.finish({ failed, timedOut: timedOut(t) });
      noteKept(t, kept);
    });
    return fixtures;
  }
}

/** Reports the kept path as a diagnostic: every reporter (spec, TAP, JUnit) shows those. */
function noteKept(t: NodeTestContext, kept: readonly KeptEntry[]): void {
  for (const entry of kept) t.diagnostic(formatKeptLine(entry));
}

const watched = new WeakSet<FixtureEngine>();

/**
 * Root hooks watch `os.tmpdir()` around each test. A lone test's leaks move into its dir (failing
 * it under `'fail'`); those of overlapping tests (subtests, `concurrency`) are the file's.
 */
function watchLeaks(set: FixtureSet): void {
  const engine = set.engine();
  if (engine.leaks === 'off' || watched.has(engine)) return;
  watched.add(engine);
  let running = 0;
  const shared = new WeakSet<NodeTestContext>();
  const overlapping = new Set<NodeTestContext>();
  engine.watchLeaks();
  beforeEach((t) => {
    const context = t as NodeTestContext;
    if (running > 0) {
      shared.add(context);
      for (const other of overlapping) shared.add(other);
    }
    running++;
    overlapping.add(context);
    engine.watchLeaks({ file: testFile(context), concurrent: running > 1 });
  });
  afterEach((t) => {
    const context = t as NodeTestContext;
    running--;
    overlapping.delete(context);
    if (shared.has(context)) return;
    const error = engine.leakError(identity(context));
    if (error !== undefined) throw error;
  });
  // File-hook leaks (a user's `after` runs after ours) are the file's, settled on exit (sync part).
  process.once('exit', () => void engine.settleFile());
}

/**
 * Fixtures for `options`; `KEEP_TMP`, `TEMP_FIXTURES_ROOT`, `TEMP_FIXTURES_LEAKS` override them.
 * Call at the top of a test file or helper: with leaks on, it hooks every test. Throws at once on a
 * bad option or `KEEP_TMP`; no disk use until a test uses a fixture.
 */
export function tempFixtures(options: NodeTestTempOptions = {}): TempFixtures {
  const settings = validateOptions(options, 'tempFixtures(options)');
  const set = new FixtureSet(settings);
  collectFailedParents();
  if (resolveLeakPolicy(settings.leaks) !== 'off') watchLeaks(set);
  return {
    tmpDir: (t) => set.handle(t).tmpDir,
    tmpFile: (t) => set.handle(t).tmpFile,
    tmp: (t) => set.handle(t).tmp,
    memfs: (t) => set.handle(t).memfs,
  };
}
