/**
 * node:test gives every test its own context object `t`, so the fixtures
 * take it: the first fixture a test asks for makes its engine handle and
 * registers, with `t.after`, the hook that settles the dir with the test's
 * verdict (`t.passed`: node:test runs `after` hooks once the body, its
 * subtests and `afterEach` hooks are done).
 */
import { afterEach, beforeEach } from 'node:test';
import {
  argTypeError,
  type FixtureEngine,
  type FixtureOptions,
  formatKeptLine,
  getEngine,
  type KeptEntry,
  leakFailure,
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

/**
 * The part of node:test's `TestContext` the fixtures read (structural, so
 * any `@types/node` fits): `fullName` and `filePath` where the Node line has
 * them (22 and later), `attempt` where node:test numbers reruns.
 */
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

/** The test file (absolute; the engine names its folder relative to the cwd). */
function testFile(t: NodeTestContext): string {
  return t.filePath ?? process.argv[1] ?? '(unknown file)';
}

/** The test's names from the outermost suite in, as `fullName` joins them. */
function titlePath(t: NodeTestContext): string[] {
  return (t.fullName ?? t.name).split(' > ');
}

/** The outcome node:test gives a test that ran past its `timeout` (its body may still run). */
function timedOut(t: NodeTestContext): boolean {
  return (t.error as { failureType?: unknown } | undefined)?.failureType === 'testTimeoutFailure';
}

/** The engine's identity of test `t`: its file, names, attempt; `t` itself as the key. */
function identity(t: NodeTestContext): TestIdentity {
  return { file: testFile(t), titlePath: titlePath(t), attempt: t.attempt ?? 0, key: t };
}

/**
 * The tests (by file and full name) with a subtest that failed. node:test
 * fails such a parent only after its `after` hooks ran (`t.passed` is still
 * true there), so its subtests' outcomes are collected on the way: a
 * parent's dir is kept with its failed subtest's, as the data the subtests
 * worked on.
 */
const failedParents = new Set<string>();

function parentKey(t: NodeTestContext, names: readonly string[] = titlePath(t)): string {
  return `${testFile(t)}\0${names.join(' > ')}`;
}

let collecting = false;

/** Collects failed tests' ancestors, with a root `afterEach` (it sees every test and subtest). */
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

/** One set of fixtures: one engine (its options) and the handle of each test that used one. */
class FixtureSet {
  private readonly handles = new WeakMap<NodeTestContext, TestFixtures>();
  private engineOfSet: FixtureEngine | undefined;

  constructor(private readonly options: NodeTestTempOptions) {}

  /** The engine, made on first use: the run is joined when a test first needs a dir. */
  engine(): FixtureEngine {
    this.engineOfSet ??= getEngine({ ...this.options, ownerPid: runnerPid(IN_RUNNER_CHILD) });
    return this.engineOfSet;
  }

  /** The handle of test `t` if a fixture made one. */
  existing(t: NodeTestContext): TestFixtures | undefined {
    return this.handles.get(t);
  }

  /** The handle of test `t`, its verdict registered with `t.after` on first use. */
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

/** The kept path as the test's diagnostic: every reporter (spec, TAP, JUnit) shows it. */
function noteKept(t: NodeTestContext, kept: readonly KeptEntry[]): void {
  for (const entry of kept) t.diagnostic(formatKeptLine(entry));
}

/** Engines whose leak hooks are registered (one set of hooks per engine). */
const watched = new WeakSet<FixtureEngine>();

/**
 * Leak detection (`leaks` not `'off'`): hooks on node:test's root watch
 * `os.tmpdir()` around every test of the file. A test that ran alone gets its
 * leaks (moved into its dir, failing it under `'fail'`); what overlapping
 * tests (subtests, `concurrency`) left is reported as the file's.
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
    // The handle the test's fixtures used, or a lazy one that never touches the disk.
    const fixtures = set.existing(context) ?? engine.test(identity(context));
    const { relativeFile, name } = fixtures.identity;
    const names = engine.takeLeaks(fixtures.createdDir === undefined ? undefined : fixtures, {
      file: relativeFile,
      name,
    });
    if (names.length > 0 && engine.leaks === 'fail') throw leakFailure(names);
  });
  // What the file's hooks left (an `after` of the user's runs after any of
  // ours): reported as the file's when its process ends (the synchronous part).
  process.once('exit', () => void engine.settleFile());
}

/**
 * The fixtures for `options` (`keep`, `root`, `retainRuns`, `leaks`; the
 * environment wins as everywhere: `KEEP_TMP`, `TEMP_FIXTURES_ROOT`,
 * `TEMP_FIXTURES_LEAKS`). Call it at the top of a test file or a helper
 * module: with leak detection on, it adds hooks around every test. Throws at
 * once on a bad option or `KEEP_TMP`; nothing touches the disk until a test
 * uses a fixture.
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
