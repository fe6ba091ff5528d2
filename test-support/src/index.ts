/**
 * End-to-end support: lays out a little project the way a user's would be
 * after `npm install` (our packages copied from their build, third-party
 * packages linked), runs a real binary in it, and reads back what is on disk.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Our own packages, installed into projects by copying `package.json` + `dist`. */
const OWN_PACKAGES = ['temp-fixtures', 'vitest-temp', 'jest-temp', 'node-test-temp'] as const;

/** A package to install into a project. */
export type Dependency =
  | (typeof OWN_PACKAGES)[number]
  /** A third-party package resolved from one of our packages' node_modules: `{ name, from, as? }`. */
  | { name: string; from: string; as?: string };

/** The files of a project: relative path → content. */
export type ProjectFiles = Record<string, string>;

/** What a run of a binary gave. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in arrival order. */
  output: string;
}

/** A generated project in a scratch dir, with its own fixture root. */
export interface Project {
  /** The project dir (holds package.json, node_modules, the test files). */
  dir: string;
  /** A private `TEMP_FIXTURES_ROOT` for runs in this project. */
  root: string;
  /** Runs `node <package bin> ...args` in the project. */
  run(bin: BinSpec, args?: string[], options?: RunOptions): Promise<RunResult>;
  /** Every path below `dir` relative to it, sorted (`/` suffix on dirs). */
  list(dir: string): string[];
  /** Removes the project and its root. */
  remove(): void;
}

/** Which binary to run: a package and its bin file relative to the package, or a flag of Node's own. */
export type BinSpec = { package: string; bin: string } | { nodeFlag: string };

/** The real Vitest CLI. */
export const VITEST: BinSpec = { package: 'vitest', bin: 'vitest.mjs' };
/** The real Jest CLI. */
export const JEST: BinSpec = { package: 'jest', bin: 'bin/jest.js' };
/** Node's own test runner, `node --test` (run it with `RunOptions.node`: Node >= 22). */
export const NODE_TEST: BinSpec = { nodeFlag: '--test' };

/** Options of a run. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** The Node binary to run it with. Default: the one running this process. */
  node?: string;
  /** Kill after this many ms (a safety net; not an assertion). Default 120 s. */
  timeout?: number;
  /** Start it as the leader of a process group of its own (signal `-pid` as a terminal's Ctrl-C does). */
  processGroup?: boolean;
}

function resolvePackageDir(name: string, from: string): string {
  const require = createRequire(path.join(repoRoot, from, 'package.json'));
  let entry: string;
  try {
    entry = require.resolve(`${name}/package.json`);
  } catch {
    // Packages whose exports hide package.json: walk up from the main entry.
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return fs.realpathSync(dir);
  }
  return fs.realpathSync(path.dirname(entry));
}

function install(nodeModules: string, dep: Dependency): void {
  if (typeof dep === 'string') {
    const source = path.join(repoRoot, 'packages', dep);
    const target = path.join(nodeModules, dep);
    if (!fs.existsSync(path.join(source, 'dist'))) {
      throw new Error(`${dep} is not built: run the build before the end-to-end tests`);
    }
    fs.mkdirSync(target, { recursive: true });
    fs.copyFileSync(path.join(source, 'package.json'), path.join(target, 'package.json'));
    fs.cpSync(path.join(source, 'dist'), path.join(target, 'dist'), { recursive: true });
    return;
  }
  const target = path.join(nodeModules, dep.as ?? dep.name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(resolvePackageDir(dep.name, dep.from), target, 'dir');
}

/**
 * Creates a project in a fresh scratch dir: writes `files`, installs `deps`,
 * and gives it a private fixture root so runs never touch the real one.
 */
export function createProject(files: ProjectFiles, deps: Dependency[]): Project {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-e2e-')));
  const dir = path.join(base, 'project');
  const rootsBase = lanesRootsBase();
  const root = path.join(rootsBase ?? base, 'root');
  const nodeModules = path.join(dir, 'node_modules');
  fs.mkdirSync(nodeModules, { recursive: true });
  const hasPackageJson = 'package.json' in files;
  if (!hasPackageJson) {
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'e2e', private: true, type: 'module' }),
    );
  }
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const dep of deps) install(nodeModules, dep);

  return {
    dir,
    root,
    run: (bin, args = [], options = {}) => spawnBin(dir, root, bin, args, options).result,
    list: listTree,
    remove: () => {
      fs.rmSync(base, { recursive: true, force: true });
      if (rootsBase !== undefined) fs.rmSync(rootsBase, { recursive: true, force: true });
    },
  };
}

/**
 * The platform lanes (`scripts/lanes`) put the fixture roots on the
 * filesystem under test (FAT, a linked temp dir) through
 * `TEMP_FIXTURES_LANE_ROOTS`, while projects stay where links work
 * (`node_modules` is made of links). A fresh dir there per project.
 */
function lanesRootsBase(): string | undefined {
  const lane = process.env.TEMP_FIXTURES_LANE_ROOTS;
  if (lane === undefined || lane === '') return undefined;
  return fs.mkdtempSync(path.join(lane, 'roots-'));
}

/** Where the other runner majors live (`test-support/runners`, see its package.json). */
export const RUNNERS = 'test-support/runners';

/** The Node majors the `runners` package installs (Vitest 5 needs 22; node:test is tested on each). */
export type NodeMajor = 22 | 24 | 26;

/**
 * The Node binary of `major` the `runners` package installs. Throws, naming
 * what to do, where it is missing (they are linux-x64 only).
 */
export function nodeBinary(major: NodeMajor): string {
  const bin = path.join(repoRoot, RUNNERS, 'node_modules', `node-${major}`, 'bin', 'node');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `No Node ${major} at ${path.relative(repoRoot, bin)}: it is an optional dependency of ${RUNNERS} for linux-x64; run the install on such a machine`,
    );
  }
  return bin;
}

/** The Node 22 binary of the `runners` package (see `nodeBinary`). */
export function node22(): string {
  return nodeBinary(22);
}

/** Every path below `dir`, relative and sorted; dirs end with `/`. Missing dir → []. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(`${child}/`);
        walk(child);
      } else {
        out.push(child);
      }
    }
  };
  walk('');
  return out.sort();
}

/** The names of the `run-<N>` dirs in a fixture root, sorted by number; a missing root → []. */
export function runDirNames(root: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => /^run-\d+$/.test(name))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

/** A fresh fixture root path next to `project`'s own (not created). */
export function siblingRoot(project: Project, name: string): string {
  return path.join(path.dirname(project.root), name);
}

/** Lines of `output` saying `temp-fixtures: kept <path> [...]` (the immediate per-dir report). */
export function keptLines(output: string): string[] {
  return output.split('\n').filter((line) => /^temp-fixtures: kept \//.test(line));
}

/** The path of each `keptLines` line of a run's output. */
export function keptLinePaths(output: string): string[] {
  return keptLines(output).map((line) => line.split(' ')[2]!);
}

/** The paths of the end-of-run summary (indented lines after its header). */
export function summaryPaths(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^temp-fixtures: kept \d+ temp dirs?\b/.test(line));
  if (start < 0) return [];
  const paths: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}\[/.test(line)) continue;
    const match = /^ {4}(\/\S+)$/.exec(line);
    if (!match) break;
    paths.push(match[1]!);
  }
  return paths;
}

/**
 * The test dirs in view in a run dir (`<file folder>/<test dir>`, sorted):
 * the engine's dot-folders (the trash) and marker files are left out, so for
 * "nothing left anywhere" use `leftovers(root)`.
 */
export function testDirs(runDir: string): string[] {
  const out: string[] = [];
  for (const folder of fs.readdirSync(runDir, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name.startsWith('.')) continue;
    for (const dir of fs.readdirSync(path.join(runDir, folder.name), { withFileTypes: true })) {
      if (dir.isDirectory()) out.push(`${folder.name}/${dir.name}`);
    }
  }
  return out.sort();
}

/** Run-level folders holding the engine's own records (not test data): kept entries, sign-ins. */
const RECORD_FOLDERS = new Set(['.kept', '.workers']);

/**
 * What test data is left anywhere under a fixture root, dot-folders (the
 * trash) included: every path below `root` (as `listTree` gives it) at or
 * below a run's second level (`run-<N>/<folder>/<entry>`, `.trash/<entry>`
 * included), except the engine's own marker files (`.temp-fixtures-*`) in a
 * per-file folder, the records in `.kept/` and `.workers/`, and the `kept` dirs with their
 * content. The root's and the runs' own entries (markers, `kept.json`,
 * claims, `current`, empty per-file folders, an empty `.trash`) are structure, not test
 * data. `[]` when nothing is left.
 */
export function leftovers(root: string, kept: readonly string[] = []): string[] {
  const keptRel = kept.map((dir) => path.relative(root, dir).split(path.sep).join('/'));
  return listTree(root).filter((entry) => {
    const parts = entry.replace(/\/$/, '').split('/');
    if (parts.length < 3 || RECORD_FOLDERS.has(parts[1]!)) return false;
    const isFile = !entry.endsWith('/');
    const marker = isFile && parts[1] !== '.trash' && parts[2]!.startsWith('.temp-fixtures-');
    if (parts.length === 3 && marker) return false;
    const bare = parts.join('/');
    return !keptRel.some((dir) => bare === dir || bare.startsWith(`${dir}/`));
  });
}

/** A binary started in a project, still running: its process and what it will give. */
export interface StartedRun {
  /** The runner's main process (signal it to kill the main process alone). */
  child: import('node:child_process').ChildProcessWithoutNullStreams;
  /** Everything printed so far (stdout and stderr in arrival order). */
  output(): string;
  /** Settles when the process has exited and its streams closed. */
  result: Promise<RunResult & { timedOut: boolean }>;
}

/**
 * Starts `node <package bin> ...args` in `project` as `Project.run` does
 * (same environment), but returns at once with the child process, so a test
 * can watch its output or signal it. `timedOut` says the safety-net timeout
 * (default 120 s) killed it.
 */
export function startBin(
  project: Project,
  bin: BinSpec,
  args: string[] = [],
  options: RunOptions = {},
): StartedRun {
  return spawnBin(project.dir, project.root, bin, args, options);
}

/** The first argument to `node` for `bin` in the project folder `cwd`: its installed script, or Node's flag. */
export function binArgument(cwd: string, bin: BinSpec): string {
  return 'nodeFlag' in bin ? bin.nodeFlag : path.join(cwd, 'node_modules', bin.package, bin.bin);
}

/** The environment a runner under test gets: CI, no colours, the fixture root `root`. */
export function runnerEnv(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    TEMP_FIXTURES_ROOT: root,
    // The no-/proc lane's procfs for the scenarios' own instrumentation (never the engine's).
    ...(process.env.TEMP_FIXTURES_OBSERVER_PROC === undefined
      ? {}
      : { TEMP_FIXTURES_OBSERVER_PROC: process.env.TEMP_FIXTURES_OBSERVER_PROC }),
  };
}

/** Spawns `node <package bin> ...args` in `cwd` with the fixture root `root` (see `startBin`). */
function spawnBin(
  cwd: string,
  root: string,
  bin: BinSpec,
  args: string[],
  options: RunOptions,
): StartedRun {
  const env = runnerEnv(root);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(options.node ?? process.execPath, [binArgument(cwd, bin), ...args], {
    cwd,
    env,
    detached: options.processGroup ?? false,
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    output += chunk;
  });
  const result = new Promise<RunResult & { timedOut: boolean }>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, output, timedOut });
    });
  });
  return { child, output: () => output, result };
}

/** Runs `job` once fewer than `max` jobs given to this limiter are running. */
export function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Everything at and below `dir`, byte for byte: each path (relative, `.` for
 * `dir`) with its type, permission bits and content (a file's bytes, a link's
 * target), without following links. Equal snapshots: nothing was touched.
 */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const full = path.join(dir, rel);
    const stats = fs.lstatSync(full);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isSymbolicLink()) {
      out[rel] = `link -> ${fs.readlinkSync(full)}`;
    } else if (stats.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const name of fs.readdirSync(full).sort()) walk(path.join(rel, name));
    } else if (stats.isFile()) {
      out[rel] = `file ${mode} ${fs.readFileSync(full).toString('base64')}`;
    } else {
      out[rel] = `other ${mode}`;
    }
  };
  walk('.');
  return out;
}

/**
 * The body of a test file whose tests leak into `os.tmpdir()` the hostile
 * ways leak detection must survive (issue: it wrote outside the run): a leak
 * at module load and in `beforeAll`/`afterAll`, a test swapping its
 * `os.tmpdir()` for a link to `$VICTIM`, one planting `os-tmpdir-leaks` in its
 * dir as such a link, three concurrent leakers and an innocent test. Leaked
 * names start with `tag`. `prelude` brings `test`, `beforeAll`, `afterAll`,
 * `fs`, `os` and `path` into scope; `withDir(title)` opens a test body with
 * `dir` (the test's own dir) in scope.
 */
export function hostileLeakTests(options: {
  prelude: string;
  tag: string;
  withDir(title: string): string;
}): string {
  const { prelude, tag, withDir } = options;
  return `${prelude}
const AT_LOAD = os.tmpdir();
const leak = (where, name) => fs.writeFileSync(path.join(where, '${tag}-' + name), 'x');
beforeAll(() => leak(os.tmpdir(), 'beforeAll'));
afterAll(() => leak(os.tmpdir(), 'afterAll'));
test('module constant', () => leak(AT_LOAD, 'constant'));
test('swaps its os.tmpdir() for a link', () => {
  fs.rmSync(os.tmpdir(), { recursive: true });
  fs.symlinkSync(process.env.VICTIM, os.tmpdir());
});
test('after the swap', () => leak(os.tmpdir(), 'after-swap'));
${withDir('plants a link as os-tmpdir-leaks')}
  fs.symlinkSync(process.env.VICTIM, path.join(dir, 'os-tmpdir-leaks'));
  fs.writeFileSync(path.join(os.tmpdir(), 'secret.txt'), 'leaked');
});
test.concurrent.each([1, 2, 3])('concurrent %i', async (i) => leak(os.tmpdir(), 'c' + i));
test('innocent', () => {});
`;
}

/** How the tests of `hostileLeakTests` end in every runner: the three that leaked fail, the rest pass. */
export const HOSTILE_LEAK_VERDICTS: Readonly<Record<string, 'passed' | 'failed'>> = {
  'module constant': 'failed',
  'swaps its os.tmpdir() for a link': 'passed',
  'after the swap': 'failed',
  'plants a link as os-tmpdir-leaks': 'failed',
  'concurrent 1': 'passed',
  'concurrent 2': 'passed',
  'concurrent 3': 'passed',
  innocent: 'passed',
};

/**
 * Report lines a run of `hostileLeakTests` must print (`file` as the runner
 * names it, relative): the hooks' and the concurrent tests' leaks blamed on
 * the file, and the swapped `os.tmpdir()` reported and left as found.
 */
export function hostileLeakLines(file: string, tag: string): string[] {
  const ofFile = `temp-fixtures: ${file} > (its hooks or concurrent tests) leaked`;
  return [
    `${ofFile} 1 entry into os.tmpdir(): ${tag}-beforeAll`,
    `temp-fixtures: ${file} > swaps its os.tmpdir() for a link replaced its os.tmpdir() folder (left as found, not searched; a fresh one follows)`,
    `${ofFile} 3 entries into os.tmpdir(): ${tag}-c1, ${tag}-c2, ${tag}-c3`,
    `${ofFile} 1 entry into os.tmpdir(): ${tag}-afterAll`,
  ];
}

/**
 * Entries named with `tag` anywhere they could have leaked to: this
 * machine's `os.tmpdir()` and, as test data, under the fixture root `root`.
 */
export function leakedAnywhere(root: string, tag: string): string[] {
  const real = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(tag));
  return [...real, ...leftovers(root).filter((entry) => entry.includes(tag))];
}

/**
 * A victim dir `<parent>/victim` outside any run, with files in it, and its
 * `snapshotTree` now: what a breach test checks is untouched afterwards.
 */
export function plantVictim(parent: string): { dir: string; before: Record<string, string> } {
  const dir = path.join(parent, 'victim');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'mine');
  fs.writeFileSync(path.join(dir, 'sub', 'notes'), 'also mine');
  return { dir, before: snapshotTree(dir) };
}
