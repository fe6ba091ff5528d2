/**
 * Running test code as an unprivileged user.
 *
 * The suite runs as root, and root ignores mode bits, so anything that checks
 * behaviour under restrictive modes must run as someone else: the user
 * `nobody` (uid/gid 65534, no supplementary groups). Every helper here throws
 * (never skips) when it cannot really drop privileges, so such a test can
 * never pass vacuously as root.
 *
 * Two ways in:
 *
 * - `runAsNobody(code)`: a child `node -e code` started with uid/gid 65534.
 *   The child cannot load TypeScript, so `bundleLibrary(dir, modules)`
 *   compiles the wanted `src` modules with esbuild (a devDependency; tsup uses
 *   it too) into one CommonJS file the child can `require`. This tests the
 *   current source, not a possibly stale `dist/`, and needs no build step.
 *   Put the bundle in a `nobodyScratch()` dir so the child can read it.
 * - `asNobody(fn)` / `asNobodyAsync(fn)`: switch this process's effective
 *   uid/gid to nobody around `fn`, then back (`seteuid`; the real uid stays
 *   0, which is what allows the way back). In-process, so coverage counts the
 *   code it runs. Needs Vitest's default `forks` pool (each test file is its
 *   own process, and `process.seteuid` exists only on the main thread). Keep
 *   the window small: while it is open this process cannot read root-only
 *   files.
 *
 * `nobodyScratch()` makes a `0o777` directory (made by root) that nobody can
 * work in; `remove()` it as root afterwards, whatever nobody left in it.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** uid and gid of `nobody` / `nogroup`. */
export const NOBODY = 65534;

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Exit status the identity guard uses when the child still has privileges. */
const NOT_DROPPED = 86;

/** What a child `node` process did. */
export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of `runAsNobody` / `runAsSelf`. */
export interface RunOptions {
  /** Working directory of the child; default `/` (nobody can enter it). */
  cwd?: string;
  /** Extra environment; the child otherwise gets only `PATH`, not the runner's `NODE_OPTIONS`. */
  env?: Record<string, string>;
  /** Milliseconds before the child is killed; default 20 000. */
  timeout?: number;
}

function run(code: string, options: RunOptions, ids: { uid: number; gid: number } | undefined) {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    ...ids,
  };
  const result = spawnSync(process.execPath, ['-e', code], spawnOptions);
  if (result.error) {
    throw new Error(
      `could not start node${ids ? ' as nobody (uid/gid 65534)' : ''}: ${result.error.message}` +
        (ids ? ' (the permission tests must run as root to switch users)' : ''),
      { cause: result.error },
    );
  }
  return {
    status: result.status,
    signal: result.signal,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/**
 * Runs `code` with `node -e` as nobody (uid/gid 65534, no supplementary
 * groups; libuv drops them). A guard first checks the child's identity, so
 * the call throws if privileges were not dropped; it also throws if the child
 * cannot be started (for instance when the suite does not run as root).
 * The child's exit status and output are returned for the test to check.
 */
export function runAsNobody(code: string, options: RunOptions = {}): ChildResult {
  const guard =
    'if (process.getuid() !== 65534 || process.geteuid() !== 65534 || process.getgid() !== 65534 ||' +
    ' process.getgroups().some((g) => g !== 65534)) {' +
    ` process.stderr.write('still privileged: uid ' + process.geteuid() + ' groups ' + process.getgroups()); process.exit(${NOT_DROPPED}); }\n`;
  const result = run(guard + code, options, { uid: NOBODY, gid: NOBODY });
  if (result.status === NOT_DROPPED) {
    throw new Error(`runAsNobody: the child kept its privileges: ${result.stderr}`);
  }
  return result;
}

/** Runs `code` with `node -e` as the current user (root here), same options and result. */
export function runAsSelf(code: string, options: RunOptions = {}): ChildResult {
  return run(code, options, undefined);
}

/** A directory root made that nobody may use; `remove()` takes it away as root. */
export interface NobodyScratch extends Disposable {
  readonly path: string;
  remove(): void;
}

/** Whether every ancestor of `dir` (itself included) lets others pass (`o+x`). */
function othersCanReach(dir: string): boolean {
  for (let current = fs.realpathSync(dir); ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

/**
 * `os.tmpdir()` when other users can reach it, else `/tmp`: where files for
 * unprivileged children go (a private `TMPDIR`, as on macOS or with a
 * per-user temp dir, must not fail these tests).
 */
export function reachableTempDir(): string {
  return othersCanReach(os.tmpdir()) ? os.tmpdir() : '/tmp';
}

/** Makes a fresh `0o777` directory for nobody to work in (see `reachableTempDir`). */
export function nobodyScratch(): NobodyScratch {
  const dir = fs.mkdtempSync(path.join(reachableTempDir(), 'tf-nobody-'));
  fs.chmodSync(dir, 0o777);
  // Root ignores modes, so rmSync removes whatever nobody left, whatever its mode.
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  return { path: dir, remove, [Symbol.dispose]: remove };
}

/**
 * Compiles `modules` (TypeScript modules given relative to the package root,
 * without extension, e.g. `['src/directory', 'test/helpers/trees']`; default
 * the whole public API, `['src/index']`) into one CommonJS file in `dir`,
 * readable by everyone, and returns its path. A child uses it with
 * `require(<path>)`; its exports are the union of the modules' exports.
 */
export function bundleLibrary(dir: string, modules: readonly string[] = ['src/index']): string {
  const contents = modules
    .map((name) => `export * from ${JSON.stringify(path.join(PACKAGE_DIR, `${name}.ts`))};`)
    .join('\n');
  const outfile = path.join(dir, `bundle-${randomUUID()}.cjs`);
  buildSync({
    stdin: { contents, resolveDir: PACKAGE_DIR, loader: 'ts', sourcefile: 'child-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  fs.chmodSync(outfile, 0o644);
  return outfile;
}

type IdCalls = Required<
  Pick<NodeJS.Process, 'geteuid' | 'getegid' | 'getgroups' | 'seteuid' | 'setegid' | 'setgroups'>
>;

function dropPrivileges(): () => void {
  if (typeof process.seteuid !== 'function' || typeof process.setgroups !== 'function') {
    throw new Error(
      'asNobody: process.seteuid is unavailable (worker thread or non-POSIX); run with the forks pool',
    );
  }
  const ids = process as IdCalls;
  if (ids.geteuid() !== 0) {
    throw new Error('asNobody: the suite must run as root to switch to nobody');
  }
  const groups = ids.getgroups();
  const egid = ids.getegid();
  // Order matters: groups and gid need root, so the uid goes last.
  ids.setgroups([NOBODY]);
  ids.setegid(NOBODY);
  ids.seteuid(NOBODY);
  if (ids.geteuid() !== NOBODY) throw new Error('asNobody: seteuid did not take effect');
  return () => {
    ids.seteuid(0);
    ids.setegid(egid);
    ids.setgroups(groups);
  };
}

/** Runs `fn` with this process's effective uid/gid and groups set to nobody. */
export function asNobody<T>(fn: () => T): T {
  const restore = dropPrivileges();
  try {
    return fn();
  } finally {
    restore();
  }
}

/** `asNobody` for an async `fn`; privileges come back when its promise settles. */
export async function asNobodyAsync<T>(fn: () => Promise<T>): Promise<T> {
  const restore = dropPrivileges();
  try {
    return await fn();
  } finally {
    restore();
  }
}
