/**
 * What the engine deletes and what it never touches, as one set of
 * end-to-end scenarios each adapter runs against its real runner (README:
 * "Keeping what failed", "What the engine deletes, and what it never
 * touches"): overlapping runs on one root keep every dir they reported, a
 * SIGKILLed main process leaves no run owned by pid 1 and nothing the next
 * run does not reap, a foreign folder as the root is refused untouched, a
 * full disk while recording a kept dir does not lose it, and a planted huge
 * run number is ignored. With and without the run-end summary.
 *
 * The scenarios are written once; a `RunnerUnderTest` says how its runner
 * lays out a project, selects a folder of tests (after its options: node
 * takes the flags before the files) and reports a tally. The
 * calling file passes its own Vitest API in, since each adapter's tests may
 * load a different instance of Vitest.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Vitest from 'vitest';
import {
  type BinSpec,
  binArgument,
  keptLinePaths,
  leftovers,
  limiter,
  type Project,
  type ProjectFiles,
  runDirNames,
  runnerEnv,
  siblingRoot,
  startBin,
  summaryPaths,
} from './index.js';

/** A runner config to run every scenario in: with or without the end-of-run summary. */
export interface RunnerConfig {
  /** Test title part, e.g. `with the plugin`. */
  name: string;
  /** Whether this config prints the end-of-run summary (plugin / reporter). */
  summary: boolean;
  /** CLI arguments selecting this config. */
  args: string[];
}

/** How one runner takes part in the scenarios. */
export interface RunnerUnderTest {
  /** `Vitest` or `Jest`, for titles. */
  name: string;
  /** The runner's CLI. */
  bin: BinSpec;
  /** The Node binary to run it with. Default: the one running the scenarios. */
  node?: string;
  /** A project holding both configs and `files`. */
  project(files: ProjectFiles): Project;
  /** Where test file `name` of folder `folder` goes, relative to the project. */
  testFile(folder: string, name: string): string;
  /** CLI arguments running only the tests in folder `folder`. */
  select(folder: string): string[];
  /** The config with the summary first, then the one without. */
  configs: [RunnerConfig, RunnerConfig];
  /** Arguments on every run: nothing may time out by accident on 2 loaded cores. */
  slowOk: string[];
  /**
   * Arguments for the killed run: 2 workers, both used (`label` names the
   * scenario, for a private cache).
   */
  twoWorkers(label: string): string[];
  /** What a test file starts with: `test`, `expect`, `fs` and `path` in scope. */
  prelude: string;
  /** The opening of a test body with `tmp` and `tmpDir` (a path) in scope. */
  head(title: string): string;
  /** Matches the runner's tally line for a run of `failed` and `passed` tests. */
  tally(failed: number, passed: number): RegExp;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Where this harness reads procfs: the no-/proc lane hides /proc from the
 * engine under test and hands the observer the real one elsewhere.
 */
const OBSERVER_PROC = process.env.TEMP_FIXTURES_OBSERVER_PROC ?? '/proc';

/** Logs events with the live pid and parent pid (an environment's `process` may be a copy). */
const LOG = `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// From procfs (the observer's, in the no-/proc lane): Jest's sandboxed process object holds a stale ppid copy.
const procfs = process.env.TEMP_FIXTURES_OBSERVER_PROC || '/proc';
const ppid = () => Number(fs.readFileSync(procfs + '/self/stat', 'utf8').split(') ')[1].split(' ')[1]);
const log = (event) =>
  fs.appendFileSync(process.env.LOG_FILE, JSON.stringify({ ...event, pid: process.pid, ppid: ppid() }) + '\\n');
`;

/** The generated test files, written once for any runner. */
function testFiles(runner: RunnerUnderTest): ProjectFiles {
  const folders = testSources(runner);
  return Object.fromEntries(
    Object.entries(folders).flatMap(([folder, files]) =>
      Object.entries(files).map(([name, source]) => [runner.testFile(folder, name), source]),
    ),
  );
}

/** The sources of the generated test files, by folder and name. */
function testSources(runner: RunnerUnderTest): Record<string, Record<string, string>> {
  const t = (title: string, body: string) => `${runner.head(title)}\n${body}\n});\n`;
  const file = (...tests: string[]) => `${runner.prelude}${LOG}\n${tests.join('\n')}`;
  return {
    // Four runs at once: each first waits (in a test that already made its
    // dir, so its run exists) until all four got that far, then keeps two dirs.
    batch: {
      batch: file(
        t(
          'meets the others',
          `await tmp.write('data.txt', 'x');
  fs.writeFileSync(path.join(process.env.BARRIER, process.env.RUN_ID), '');
  for (let i = 0; i < 600 && fs.readdirSync(process.env.BARRIER).length < 4; i++) await sleep(50);`,
        ),
        t(
          'fails a',
          `await tmp.write('evidence.txt', 'a ' + process.env.RUN_ID);\n  expect('a').toBe('passes');`,
        ),
        t('passes', `await tmp.write('data.txt', 'x');`),
        t(
          'fails b',
          `await tmp.write('evidence.txt', 'b ' + process.env.RUN_ID);\n  expect('b').toBe('passes');`,
        ),
      ),
    },
    old: {
      old: file(t('old fails', `await tmp.write('evidence.txt', 'old');\n  expect(1).toBe(2);`)),
    },
    kill: {
      // Its third test blocks (synchronously, so the runner cannot end the
      // worker under it) until the worker is orphaned, then goes on writing.
      long: file(
        t('fails before the kill', `await tmp.write('evidence.txt', 'x');\n  expect(1).toBe(2);`),
        t('passes before the kill', `await tmp.write('data.txt', 'x');`),
        t(
          'long',
          `fs.writeFileSync(path.join(tmpDir, 'long.txt'), 'long');
  const parent = ppid();
  log({ event: 'long', tmpDir });
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 600 && ppid() === parent; i++) Atomics.wait(nap, 0, 0, 50);
  fs.writeFileSync(path.join(tmpDir, 'orphaned.txt'), 'orphaned');
  log({ event: 'orphaned' });`,
        ),
        t(
          'passes after the kill',
          `log({ event: 'after', tmpDir });\n  await tmp.write('data.txt', 'x');`,
        ),
        t(
          'fails after the kill',
          `log({ event: 'after', tmpDir });\n  await tmp.write('data.txt', 'x');\n  expect(1).toBe(2);`,
        ),
      ),
      // The killed run's other file, in the second worker. With LATE set it
      // first waits (before any fixture) until its worker is orphaned.
      other: file(
        `if (process.env.LATE) {
  const parent = ppid();
  log({ event: 'other waits' });
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 600 && ppid() === parent; i++) Atomics.wait(nap, 0, 0, 50);
}
`,
        t('other passes', `await tmp.write('data.txt', 'x');`),
        t(
          'other fails',
          `await tmp.write('evidence.txt', 'other');\n  log({ event: 'other' });\n  expect(1).toBe(2);`,
        ),
      ),
    },
    quick: {
      quick: file(
        t('quick passes', `await tmp.write('data.txt', 'x');`),
        t('quick fails', `await tmp.write('evidence.txt', 'quick');\n  expect(1).toBe(2);`),
      ),
    },
    // Three passing tests that each need 600 KB of a 1 MiB disk.
    disk: {
      disk: file(
        ...[1, 2, 3].map((i) =>
          t(
            `writes 600 KB, ${i}`,
            `fs.writeFileSync(path.join(tmpDir, 'big.bin'), Buffer.alloc(600 * 1024));`,
          ),
        ),
      ),
    },
    // Waits (awaiting, as a test does on I/O) until Ctrl-C; its dir holds evidence.
    interrupt: {
      interrupt: file(
        t('passes first', `await tmp.write('data.txt', 'x');`),
        t(
          'waits for Ctrl-C',
          `await tmp.write('evidence.txt', 'interrupted');
  log({ event: 'waiting', tmpDir });
  for (let i = 0; i < 1200; i++) await sleep(50);`,
        ),
      ),
    },
    // Fills the disk holding FILLER before failing, with its dir's evidence written first.
    full: {
      full: file(
        t('passes first', `await tmp.write('data.txt', 'x');`),
        t(
          'fills the disk',
          `await tmp.write('evidence.txt', 'full');
  const fd = fs.openSync(process.env.FILLER, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096));
  } catch (error) {
    if (error.code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  expect('disk').toBe('full');`,
        ),
      ),
    },
  };
}

/** The `pid` of every `.run.json` under `root`. */
function markerPids(root: string): number[] {
  const pids: number[] = [];
  for (const name of runDirNames(root)) {
    try {
      pids.push(JSON.parse(fs.readFileSync(path.join(root, name, '.run.json'), 'utf8')).pid);
    } catch {
      // Being created or removed right now.
    }
  }
  return pids;
}

/** Whether `pid` is a live process (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`${OBSERVER_PROC}/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every kept path any `kept.json` under `root` lists. */
function keptInRoot(root: string): string[] {
  return runDirNames(root).flatMap((name) => {
    const file = path.join(root, name, 'kept.json');
    if (!fs.existsSync(file)) return [];
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { kept: { path: string }[] };
    return json.kept.map((entry) => entry.path);
  });
}

/** Every entry below `dir` with its mode, mtime and content: what "untouched" means. */
function fingerprint(dir: string, skip?: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((rel) => skip === undefined || !(rel === skip || rel.startsWith(`${skip}/`)))
    .sort()
    .map((rel) => {
      const file = path.join(dir, rel);
      const stats = fs.lstatSync(file);
      const content = stats.isFile() ? fs.readFileSync(file, 'base64') : '';
      return `${rel} ${stats.mode.toString(8)} ${stats.mtimeMs} ${content}`;
    });
}

/** A script (run inside the mount namespace) printing runs, kept.json files, tree and evidence. */
const DUMP_ROOT = `
const fs = require('fs'); const path = require('path');
const root = process.argv[1];
const runs = fs.readdirSync(root).filter((n) => /^run-\\d+$/.test(n)).sort();
const keptJson = {};
for (const run of runs) {
  try { keptJson[run] = JSON.parse(fs.readFileSync(path.join(root, run, 'kept.json'), 'utf8')); } catch {}
}
const tree = [];
const walk = (rel) => {
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? rel + '/' + entry.name : entry.name;
    tree.push(entry.isDirectory() ? child + '/' : child);
    if (entry.isDirectory()) walk(child);
  }
};
walk('');
const evidence = {};
for (const rel of tree) if (rel.endsWith('evidence.txt')) evidence[path.join(root, rel)] = fs.readFileSync(path.join(root, rel), 'utf8');
console.log(JSON.stringify({ runs, keptJson, tree, evidence }));
`;

/** What of Vitest's API the scenarios register themselves with. */
export type TestApi = Pick<
  typeof Vitest,
  'afterAll' | 'beforeAll' | 'describe' | 'expect' | 'test'
>;

/** Registers every ownership scenario for `runner` in the calling test file. */
export function ownershipScenarios(runner: RunnerUnderTest, api: TestApi): void {
  const { afterAll, beforeAll, describe, expect, test } = api;
  const { configs, slowOk } = runner;
  const [withSummary, withoutSummary] = configs;
  const quickTally = runner.tally(1, 1);
  /** At most 2 of the concurrent scenarios drive runners at once (2 shared cores). */
  const twoAtOnce = limiter(2);
  const limited =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    (...args: A) =>
      twoAtOnce(() => fn(...args));

  let project: Project;
  beforeAll(() => {
    project = runner.project(testFiles(runner));
  });
  afterAll(() => project.remove());

  /** Starts the tests in `folder` with fixture root `root` (a safety-net `timeout`, default 120 s). */
  const start = (
    folder: string,
    root: string,
    args: string[],
    env: Record<string, string | undefined> = {},
    timeout?: number,
  ) =>
    startBin(project, runner.bin, [...args, ...slowOk, ...runner.select(folder)], {
      env: { TEMP_FIXTURES_ROOT: root, ...env },
      timeout,
      ...(runner.node === undefined ? {} : { node: runner.node }),
    });
  /** The same, resolving when it has exited. */
  const run = (
    folder: string,
    root: string,
    args: string[],
    env: Record<string, string | undefined> = {},
  ) => start(folder, root, args, env).result;

  /**
   * Runs `steps` (shell lines; `run(folder, args)` gives the runner's command
   * line) in a private mount namespace with a `size` tmpfs holding the root,
   * then dumps the root while the tmpfs still exists. Returns the root (as
   * seen inside) and a reader of `$OUT` (logs, codes, `state.json`).
   */
  const onSmallDisk = async (
    label: string,
    size: string,
    steps: (run: (folder: string, args: string[]) => string) => string[],
    env: Record<string, string> = {},
  ) => {
    const base = siblingRoot(project, label);
    const mount = path.join(base, 'small');
    const out = path.join(base, 'out');
    fs.mkdirSync(mount, { recursive: true });
    fs.mkdirSync(out);
    const root = path.join(mount, 'root');
    const quote = (words: string[]) => words.map((word) => `'${word}'`).join(' ');
    const runIn = (folder: string, args: string[]) =>
      `"$NODE" "$BIN" ${quote([...args, ...slowOk, ...runner.select(folder)])}`;
    const script = [
      `mount -t tmpfs -o size=${size} tmpfs "$MNT" || exit 99`,
      ...steps(runIn),
      `"$NODE" -e "$DUMP" "$TEMP_FIXTURES_ROOT" >"$OUT/state.json"`,
    ].join('\n');
    await promisify(execFile)('unshare', ['--mount', 'sh', '-c', script], {
      cwd: project.dir,
      timeout: 120_000,
      env: {
        ...runnerEnv(root),
        ...env,
        MNT: mount,
        OUT: out,
        NODE: runner.node ?? process.execPath,
        BIN: binArgument(project.dir, runner.bin),
        DUMP: DUMP_ROOT,
      },
    });
    return { root, base, read: (name: string) => fs.readFileSync(path.join(out, name), 'utf8') };
  };

  describe('4 runs at once on one root holding 3 older runs with kept dirs', () => {
    test('every dir any run reported as kept still exists after all have exited', async () => {
      const root = siblingRoot(project, 'overlap');
      for (let i = 0; i < 3; i++) {
        const config = i === 1 ? withSummary : withoutSummary;
        const old = await run('old', root, config.args, { KEEP_TMP: '1' });
        expect(old.code, old.output).toBe(1);
      }
      const older = keptInRoot(root);
      expect(older).toHaveLength(3);
      const barrier = path.join(path.dirname(root), 'barrier');
      fs.mkdirSync(barrier);
      // Two runs with the summary, two without: 4 runner processes at once.
      const runs = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          run('batch', root, configs[i % 2]!.args, {
            KEEP_TMP: '1',
            BARRIER: barrier,
            RUN_ID: `r${i}`,
          }),
        ),
      );
      // They all overlapped: each got past its first test only once all four were there.
      expect(fs.readdirSync(barrier).sort()).toEqual(['r0', 'r1', 'r2', 'r3']);
      const reported: string[] = [];
      for (const [i, done] of runs.entries()) {
        expect(done.timedOut).toBe(false);
        expect(done.code, done.output).toBe(1);
        expect(done.output).toMatch(runner.tally(2, 2));
        const lines = keptLinePaths(done.output);
        expect(lines, done.output).toHaveLength(2);
        if (i % 2 === 0) expect(summaryPaths(done.output).sort()).toEqual([...lines].sort());
        reported.push(...lines);
      }
      // Four distinct runs, none of them an older one.
      const runOf = (dir: string) => path.relative(root, dir).split(path.sep)[0];
      expect(new Set(reported.map(runOf)).size).toBe(4);
      for (const dir of older) expect(reported.map(runOf)).not.toContain(runOf(dir));
      for (const dir of reported) {
        expect(fs.existsSync(dir), dir).toBe(true);
        expect(fs.readFileSync(path.join(dir, 'evidence.txt'), 'utf8')).toMatch(/^[ab] r[0-3]$/);
      }
      // No other test data is left (the older runs' kept dirs may be pruned or not).
      expect(leftovers(root, [...reported, ...older])).toEqual([]);
    }, 150_000);
  });

  describe.concurrent(`SIGKILL of the main ${runner.name} process alone (2 workers), then a normal run`, () => {
    // The other worker uses its first fixture before the kill, or only after it.
    const VARIANTS = ['before', 'after'].flatMap((other) =>
      [
        ...configs.map((c) => ({ ...c, keep: '1' })),
        ...configs.map((c) => ({ ...c, keep: undefined })),
      ].map((c) => ({ ...c, other })),
    );
    test.each(VARIANTS)(
      '$name, KEEP_TMP=$keep, the other worker starts $other the kill',
      limited(async ({ summary, args, keep, other }) => {
        const late = other === 'after';
        const label = `kill-${summary ? 'summary' : 'bare'}-${keep ?? 'unset'}-${other}`;
        const root = siblingRoot(project, label);
        const logFile = path.join(path.dirname(root), `${label}.log`);
        fs.writeFileSync(logFile, '');
        const events = () =>
          fs
            .readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { event: string; pid: number; ppid: number });
        const started = start('kill', root, [...runner.twoWorkers(label), ...args], {
          KEEP_TMP: keep,
          LOG_FILE: logFile,
          LATE: late ? '1' : undefined,
        });
        let exited = false;
        void started.result.then(() => {
          exited = true;
        });
        // Watch every run marker from the start: none may ever be owned by pid 1.
        const owners = new Set<number>();
        const watch = () => {
          for (const pid of markerPids(root)) owners.add(pid);
        };
        const deadline = Date.now() + 60_000;
        // Kill once the long test runs, the other worker has used its
        // fixtures (or waits to start), and what was kept before has been reported.
        const ready = () =>
          events().some((e) => e.event === 'long') &&
          events().some((e) => e.event === (late ? 'other waits' : 'other')) &&
          (keep === undefined ||
            keptLinePaths(started.output()).some((dir) => dir.includes('/fails_before_the_kill-')));
        while (!ready() && !exited && Date.now() < deadline) {
          watch();
          await sleep(25);
        }
        const long = events().find((e) => e.event === 'long');
        expect(long, started.output()).toBeDefined();
        // The test runs in a worker, a child of the main process, which is the process we kill.
        expect(long!.ppid).toBe(started.child.pid);
        started.child.kill('SIGKILL');
        const killed = await started.result;
        expect(killed.signal).toBe('SIGKILL');
        // The orphaned workers go on (the long test finishes, the other file
        // runs) or die; wait until they are gone.
        const workers = () => [...new Set(events().map((e) => e.pid))];
        const workerDeadline = Date.now() + 30_000;
        while (workers().some(alive) && Date.now() < workerDeadline) {
          watch();
          await sleep(25);
        }
        expect(workers().filter(alive)).toEqual([]);
        watch();
        // It did go on after the kill, as an orphan.
        const orphaned = events().find((e) => e.event === 'orphaned');
        expect(orphaned, JSON.stringify(events())).toBeDefined();
        expect(orphaned!.ppid).not.toBe(started.child.pid);

        const later = await run('quick', root, args, { KEEP_TMP: keep });
        expect(later.code, later.output).toBe(1);
        expect(later.output).toMatch(quickTally);
        watch();
        expect([...owners]).not.toContain(1);
        expect(owners.size).toBeGreaterThan(0);

        const kept = keptInRoot(root);
        if (keep === '1') {
          // What was reported kept before the kill is still there, and listed.
          const killedBefore = keptLinePaths(killed.output);
          expect(
            killedBefore.map((dir) => path.basename(dir)),
            killed.output,
          ).toContainEqual(expect.stringMatching(/^fails_before_the_kill-/));
          for (const dir of killedBefore) {
            // 'fails before the kill' writes x, the other file's failing test 'other'.
            expect(fs.readFileSync(path.join(dir, 'evidence.txt'), 'utf8')).toMatch(/^(x|other)$/);
            expect(kept).toContain(dir);
          }
          expect(kept).toEqual(expect.arrayContaining(keptLinePaths(later.output)));
          // An orphan that began and failed a test after the kill (Jest's go
          // on; Vitest's die at their next message to the dead main process)
          // kept it too.
          const failedAsOrphan = events().some(
            (e) => e.event === 'other' && e.ppid !== started.child.pid,
          );
          const evidence = (dir: string) => {
            const file = path.join(dir, 'evidence.txt');
            return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
          };
          const keptOther = kept.filter((dir) => evidence(dir) === 'other');
          expect(keptOther.length).toBeLessThanOrEqual(1);
          if (late && failedAsOrphan) expect(keptOther).toHaveLength(1);
        } else {
          expect(kept).toEqual([]);
        }
        // No byte of a non-kept test dir is left anywhere under the root.
        expect(leftovers(root, kept)).toEqual([]);
      }),
    );
  });

  describe.concurrent('a root that is a pre-existing folder with foreign files', () => {
    /** A CI artifacts folder: a report, a dotfile, an old `run-1` of another tool's. */
    function artifacts(name: string): { dir: string; before: string[] } {
      const dir = siblingRoot(project, name);
      fs.mkdirSync(path.join(dir, 'run-1'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'junit.xml'), '<testsuites/>\n');
      fs.writeFileSync(path.join(dir, '.tmp-notes'), 'my notes\n');
      fs.writeFileSync(path.join(dir, 'run-1', 'report.xml'), '<report/>\n');
      const old = new Date(Date.now() - 3 * 86_400_000);
      for (const rel of ['junit.xml', '.tmp-notes', 'run-1/report.xml', 'run-1', '.']) {
        fs.utimesSync(path.join(dir, rel), old, old);
      }
      return { dir, before: fingerprint(dir) };
    }

    test.each(configs)(
      '$name: refused with ERR_FOREIGN_ROOT, nothing touched',
      limited(async ({ summary, args }) => {
        const { dir, before } = artifacts(`foreign-${summary}`);
        const result = await run('quick', dir, args, { KEEP_TMP: '1' });
        expect(result.code).not.toBe(0);
        expect(result.code).not.toBe(null);
        expect(result.output).toContain(`temp-fixtures refuses to use '${dir}' as its root`);
        expect(result.output).toContain(`'junit.xml'`);
        expect(result.output).toContain(`e.g. '${path.join(dir, 'temp-fixtures')}'`);
        if (summary) {
          // Caught at start by the plugin/reporter: said once, before any test ran.
          expect(result.output.split('as its root:'), result.output).toHaveLength(2);
          expect(result.output).not.toMatch(quickTally);
        }
        expect(fingerprint(dir)).toEqual(before);
      }),
    );

    test.each(configs)(
      '$name: its subfolder works, the foreign files untouched',
      limited(async ({ summary, args }) => {
        const { dir, before } = artifacts(`subfolder-${summary}`);
        const root = path.join(dir, 'temp-fixtures');
        for (let i = 0; i < 2; i++) {
          const result = await run('quick', root, args, { KEEP_TMP: '1' });
          expect(result.code, result.output).toBe(1);
          expect(result.output).toMatch(quickTally);
          expect(result.output).not.toContain('refuses to use');
          const kept = keptLinePaths(result.output);
          expect(kept).toHaveLength(1);
          expect(kept[0]!.startsWith(`${root}${path.sep}`)).toBe(true);
        }
        expect(fingerprint(dir, 'temp-fixtures')).toEqual(before);
        expect(leftovers(root, keptInRoot(root))).toEqual([]);
      }),
    );
  });

  describe.concurrent('a folder holding only names an earlier version used', () => {
    // `.tmp-notes` and `run-1` look like an old root's entries, so the folder
    // is adopted as a root; what is in it was still never the engine's.
    test.each(configs)(
      '$name: adopted, its files untouched through two runs',
      limited(async ({ summary, args }) => {
        const dir = siblingRoot(project, `legacy-${summary}`);
        fs.mkdirSync(path.join(dir, 'run-1'), { recursive: true, mode: 0o700 });
        fs.chmodSync(dir, 0o700);
        fs.writeFileSync(path.join(dir, '.tmp-notes'), 'my notes\n');
        fs.writeFileSync(path.join(dir, 'run-1', 'report.xml'), '<report/>\n');
        const old = new Date(Date.now() - 3 * 86_400_000);
        for (const rel of ['.tmp-notes', 'run-1/report.xml', 'run-1']) {
          fs.utimesSync(path.join(dir, rel), old, old);
        }
        const mine = (lines: string[]) =>
          lines.filter((line) => /^(\.tmp-notes|run-1|run-1\/report\.xml) /.test(line));
        const before = mine(fingerprint(dir));
        expect(before).toHaveLength(3);
        const kept: string[] = [];
        for (let i = 0; i < 2; i++) {
          const result = await run('quick', dir, args, { KEEP_TMP: '1' });
          expect(result.code, result.output).toBe(1);
          expect(result.output).toMatch(quickTally);
          kept.push(...keptLinePaths(result.output));
        }
        expect(kept).toHaveLength(2);
        for (const keptDir of kept) {
          expect(path.relative(dir, keptDir).split(path.sep)[0]).not.toBe('run-1');
        }
        expect(mine(fingerprint(dir))).toEqual(before);
        expect(leftovers(dir, kept)).toEqual([]);
      }),
    );
  });

  describe.concurrent('a full disk while recording a kept dir (tmpfs in a private mount namespace)', () => {
    test.each(configs)(
      '$name: loud warning, the dir survives and the next run lists it',
      limited(async ({ summary, args }) => {
        // Inside the namespace: the failing run (disk full), remove the filler,
        // the next run, then a dump of the root while the tmpfs still exists.
        const { root, base, read } = await onSmallDisk(
          `full-${summary}`,
          '2m',
          (run) => [
            `FILLER="$MNT/filler" ${run('full', args)} >"$OUT/first.log" 2>&1; echo $? >"$OUT/first.code"`,
            `rm -f "$MNT/filler"`,
            `${run('quick', args)} >"$OUT/second.log" 2>&1; echo $? >"$OUT/second.code"`,
          ],
          { KEEP_TMP: '1' },
        );
        const first = read('first.log');
        expect(read('first.code').trim(), first).toBe('1');
        const warning =
          /temp-fixtures: WARNING: kept dir (\S+) could not be recorded in kept\.json \(ENOSPC\)/.exec(
            first,
          );
        expect(warning, first).not.toBeNull();
        const keptDir = warning![1]!;
        expect(path.basename(keptDir)).toMatch(/^fills_the_disk-/);
        expect(keptLinePaths(first)).toEqual([keptDir]);
        const second = read('second.log');
        expect(read('second.code').trim(), second).toBe('1');
        expect(second).toMatch(quickTally);
        const state = JSON.parse(read('state.json')) as {
          runs: string[];
          keptJson: Record<string, { kept: { path: string }[] }>;
          tree: string[];
          evidence: Record<string, string>;
        };
        // The first run's kept dir is whole, and its run's kept.json lists it now.
        expect(state.evidence[path.join(keptDir, 'evidence.txt')]).toBe('full');
        const firstRun = path.relative(root, keptDir).split(path.sep)[0]!;
        expect(state.keptJson[firstRun]?.kept.map((e) => e.path)).toEqual([keptDir]);
        // The second run kept its own failure, in a run of its own.
        const secondKept = keptLinePaths(second);
        expect(secondKept).toHaveLength(1);
        expect(secondKept[0]!.startsWith(path.join(root, firstRun) + path.sep)).toBe(false);
        expect(state.evidence[path.join(secondKept[0]!, 'evidence.txt')]).toBe('quick');
        // Nothing else holds test data: the root's shape, rebuilt outside the
        // namespace, has no leftovers but the two kept dirs.
        const mirror = path.join(base, 'mirror');
        fs.mkdirSync(mirror);
        for (const rel of state.tree) {
          if (rel.endsWith('/')) fs.mkdirSync(path.join(mirror, rel), { recursive: true });
          else fs.writeFileSync(path.join(mirror, rel), '');
        }
        const inMirror = (dir: string) => path.join(mirror, path.relative(root, dir));
        expect(leftovers(mirror, [inMirror(keptDir), inMirror(secondKept[0]!)])).toEqual([]);
        expect(leftovers(mirror).filter((rel) => rel.endsWith('evidence.txt'))).toHaveLength(2);
      }),
    );
  });

  describe.concurrent('a disk that fits the suite with a bare mkdtemp + rm fixture (1 MiB tmpfs)', () => {
    test.each(configs)(
      '$name: three tests of 600 KB each pass, nothing left',
      limited(async ({ summary, args }) => {
        const { read } = await onSmallDisk(`disk-${summary}`, '1m', (run) => [
          `${run('disk', args)} >"$OUT/run.log" 2>&1; echo $? >"$OUT/run.code"`,
        ]);
        const log = read('run.log');
        expect(log).not.toContain('ENOSPC');
        expect(read('run.code').trim(), log).toBe('0');
        const { tree } = JSON.parse(read('state.json')) as { tree: string[] };
        expect(tree.filter((rel) => rel.endsWith('big.bin'))).toEqual([]);
      }),
    );
  });

  describe.concurrent('Ctrl-C: SIGINT to the whole process group while a test awaits', () => {
    const VARIANTS = configs.flatMap((c) => ['1', undefined].map((keep) => ({ ...c, keep })));
    test.each(VARIANTS)(
      '$name, KEEP_TMP=$keep: the interrupted test is kept or removed, no trash left',
      limited(async ({ summary, args, keep }) => {
        const label = `sigint-${summary ? 'summary' : 'bare'}-${keep ?? 'unset'}`;
        const root = siblingRoot(project, label);
        const logFile = path.join(path.dirname(root), `${label}.log`);
        fs.writeFileSync(logFile, '');
        const started = startBin(
          project,
          runner.bin,
          [...args, ...slowOk, ...runner.select('interrupt')],
          {
            env: { TEMP_FIXTURES_ROOT: root, KEEP_TMP: keep, LOG_FILE: logFile },
            processGroup: true,
            ...(runner.node === undefined ? {} : { node: runner.node }),
          },
        );
        let waiting: { tmpDir: string } | undefined;
        for (let i = 0; i < 1200 && waiting === undefined; i++) {
          await sleep(50);
          const line = fs
            .readFileSync(logFile, 'utf8')
            .split('\n')
            .find((l) => l.includes('"waiting"'));
          if (line !== undefined) waiting = JSON.parse(line) as { tmpDir: string };
        }
        expect(waiting, started.output()).toBeDefined();
        process.kill(-started.child.pid!, 'SIGINT');
        const done = await started.result;
        expect(done.timedOut, done.output).toBe(false);
        // Whatever outlived the main process is given a moment (the group's workers).
        for (let i = 0; i < 100 && leftovers(root, keptInRoot(root)).length > 0; i++)
          await sleep(50);
        const kept = keptInRoot(root);
        if (keep === '1') {
          expect(kept, done.output).toEqual([waiting!.tmpDir]);
          expect(fs.readFileSync(path.join(waiting!.tmpDir, 'evidence.txt'), 'utf8')).toBe(
            'interrupted',
          );
        } else {
          expect(kept, done.output).toEqual([]);
          expect(fs.existsSync(waiting!.tmpDir), done.output).toBe(false);
        }
        expect(leftovers(root, kept), done.output).toEqual([]);
      }),
    );
  });

  describe.concurrent('a planted huge run number', () => {
    const ROOTS = [
      { kind: 'a root with the marker', marker: true },
      { kind: 'an otherwise empty root', marker: false },
    ];
    const VARIANTS = configs.flatMap((c) => ROOTS.map((r) => ({ ...c, ...r })));
    test.each(VARIANTS)(
      '$kind, $name: run-1 is created promptly, the planted dir left alone',
      limited(async ({ args, marker, summary }) => {
        const root = siblingRoot(project, `huge-${summary}-${marker}`);
        const planted = path.join(root, 'run-100000000000000000000');
        fs.mkdirSync(planted, { recursive: true, mode: 0o700 });
        fs.chmodSync(root, 0o700);
        fs.writeFileSync(path.join(planted, 'mine.txt'), 'mine');
        fs.writeFileSync(path.join(root, '.last-run'), '9007199254740991\n');
        if (marker) fs.writeFileSync(path.join(root, '.temp-fixtures-root'), '');
        const plantedBefore = fingerprint(planted);
        const result = await start('quick', root, args, { KEEP_TMP: '1' }, 60_000).result;
        const what = `summary ${summary}, marker ${marker}\n${result.output}`;
        expect(result.timedOut, what).toBe(false);
        expect(result.code, what).toBe(1);
        expect(result.output).toMatch(quickTally);
        const kept = keptLinePaths(result.output);
        expect(kept, what).toHaveLength(1);
        expect(path.relative(root, kept[0]!).split(path.sep)[0]).toBe('run-1');
        expect(runDirNames(root)).toEqual(['run-1', 'run-100000000000000000000']);
        expect(fs.existsSync(kept[0]!)).toBe(true);
        expect(fingerprint(planted)).toEqual(plantedBefore);
      }),
    );
  });
}
