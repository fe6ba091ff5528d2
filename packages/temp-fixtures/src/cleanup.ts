/**
 * Tree removal that never follows a link out of the tree and repairs
 * missing permissions before giving up (CPython's `TemporaryDirectory._rmtree`
 * over `shutil._rmtree_safe_fd`).
 *
 * Anchored walk (Linux with procfs): every directory of the tree is held open
 * as an `O_PATH | O_NOFOLLOW | O_DIRECTORY` descriptor, opened through its
 * parent's descriptor, and everything below it is named as
 * `/proc/self/fd/<fd>/<name>`: the kernel resolves that through the inode the
 * descriptor pins, which is Node's way to `openat`/`unlinkat`. A directory
 * swapped for a link after it was listed is never entered (the open refuses a
 * link) and the walk never reaches outside through a renamed ancestor.
 * Permissions are repaired on the pinned inode, never through a path. Paths
 * stay short, so depth is no limit; at most `OPEN_DIRS` descriptors are held,
 * ancestors beyond that are closed and reopened through `..`, checked against
 * the device and inode seen on the way down.
 *
 * Path walk (no procfs, other platforms): the same steps with entries named by
 * path, like `fs.rm`; a swap of a directory mid-walk can redirect it there.
 *
 * One walker serves both calling conventions: it is a generator of steps
 * (`step.ts`), run synchronously by `removeTreeSync` and as Promises by
 * `removeTree`, and every failure goes through one policy, `actionFor`.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { fs, path } from './builtins.js';
import { argTypeError, argValueError, codedError } from './errors.js';
import { displayPath, type PathLike } from './names.js';
import { isWindows, O_NOFOLLOW, O_PATH } from './platform.js';
import { type Op, perform, runAsync, runSync, type Step } from './step.js';

/** Options of `removeTree` / `removeTreeSync`. */
export interface RemoveTreeOptions {
  /** Swallow what still fails after permission repair. Default `false`. */
  ignoreErrors?: boolean;
}

const O_DIRECTORY = fs.constants.O_DIRECTORY ?? 0;
/** Flags of a directory anchor: pins the inode, needs no `r`, refuses a link. */
const ANCHOR_FLAGS = (O_PATH ?? 0) | O_DIRECTORY | O_NOFOLLOW;
/** Descriptors one removal holds at most; ancestors beyond are closed and reopened. */
const OPEN_DIRS = 32;
/** Unlinks in flight at once per directory in the Promise form (libuv has 4 threads). */
const CONCURRENCY = 16;
const SEPARATOR = Buffer.from(path.sep);

/**
 * A name or path as the walk handles it: a string while names decode as
 * UTF-8 (cheaper for every syscall), bytes for a directory holding a name
 * that does not.
 */
type Part = string | Buffer;

function concat(a: Part, b: Part): Part {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return Buffer.concat([toBuffer(a), toBuffer(b)]);
}

function toBuffer(part: Part): Buffer {
  return typeof part === 'string' ? Buffer.from(part) : part;
}

// ---------------------------------------------------------------------------
// Whether the anchored walk is available.

let anchoredUsable: boolean | undefined;

/** Probes once whether `/proc/<pid>/fd/N` reaches the inode of descriptor N. */
function anchoredWalkAvailable(): boolean {
  if (anchoredUsable !== undefined) return anchoredUsable;
  anchoredUsable = false;
  if (O_PATH === undefined) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync('/', ANCHOR_FLAGS);
    const viaProc = fs.statSync(`${PROC_FD}${fd}`);
    const direct = fs.fstatSync(fd);
    anchoredUsable = viaProc.ino === direct.ino && viaProc.dev === direct.dev;
  } catch {
    anchoredUsable = false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return anchoredUsable;
}

/**
 * Chooses the walk for later removals: `'anchored'` (if the platform allows
 * it), `'path'`, or `'auto'` to probe again. Internal, for tests of the
 * fallback; returns the walk now in force.
 */
export function useRemovalWalk(walk: 'anchored' | 'path' | 'auto'): 'anchored' | 'path' {
  anchoredUsable = undefined;
  if (walk === 'path') anchoredUsable = false;
  return anchoredWalkAvailable() ? 'anchored' : 'path';
}

// ---------------------------------------------------------------------------
// The error policy, in one place.

type Operation = 'list' | 'open' | 'unlink' | 'rmdir';

/**
 * What to do about a failed operation: `done` (already gone), `unlink` (the
 * entry is not a directory, or no longer one: remove the entry itself),
 * `descend` (it is a directory after all), `repair` (give the directories
 * involved `u+rwx` once, then retry), `relist` (entries appeared: list the
 * directory again, once), or `fail` (throw, or count under `ignoreErrors`).
 */
export function actionFor(
  error: unknown,
  operation: Operation,
  repaired: boolean,
): 'done' | 'unlink' | 'descend' | 'repair' | 'relist' | 'fail' {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
      return 'done';
    case 'ENOTDIR':
    case 'ELOOP':
      return operation === 'unlink' ? 'fail' : 'unlink';
    case 'EISDIR':
      return operation === 'unlink' ? 'descend' : 'fail';
    case 'EACCES':
    case 'EPERM':
      return repaired ? 'fail' : 'repair';
    case 'ENOTEMPTY':
    case 'EEXIST':
      return operation === 'rmdir' ? 'relist' : 'fail';
    default:
      return 'fail';
  }
}

// ---------------------------------------------------------------------------
// The walk's state.

/** A directory of the tree (or, `outside`, the one holding the root). */
interface Dir {
  /** Anchor descriptor; -1 in the path walk, or while closed for the budget. */
  fd: number;
  /** What children are named relative to: `/proc/<pid>/fd/<fd>/`, or its path and a separator. */
  prefix: Part;
  /**
   * The path as the caller would name it, for errors: set for the root and
   * the dir holding it, computed from the stack for the others (storing it
   * would cost memory quadratic in the depth).
   */
  path: Buffer | undefined;
  /** Its name in the parent. */
  name: Part;
  /** Device and inode, recorded when the descriptor is closed for the budget. */
  identity: { dev: bigint; ino: bigint } | undefined;
  /** Subdirectories still to remove; `undefined` until listed. */
  pending: Part[] | undefined;
  /** `removal.ignored` when the listing started. */
  ignoredBefore: number;
  relisted: boolean;
  /** The directory holding the root: outside the tree, never modified. */
  outside: boolean;
}

/** One removal in progress. */
interface Removal {
  root: PathLike;
  anchored: boolean;
  ignoreErrors: boolean;
  /** Failures swallowed so far (`ignoreErrors`), so leftovers they explain are not retried. */
  ignored: number;
  /** The directories from the one holding the root down to the current one. */
  stack: Dir[];
  /** Descriptors held now. */
  open: number;
  /** Whether a failure of this pass may clear by itself (see `TRANSIENT`). */
  transient: boolean;
  /** Whether one cannot (then a dir left non-empty by it is no reason to retry). */
  permanent: boolean;
}

function childOf(dir: Dir, name: Part): Part {
  return concat(dir.prefix, name);
}

function withSeparator(dirPath: Buffer): Buffer {
  return dirPath.at(-1) === SEPARATOR[0] ? dirPath : Buffer.concat([dirPath, SEPARATOR]);
}

/** The path of `dir` (on the stack), or of its child `name`, as the caller would name it. */
function pathOf(removal: Removal, dir: Dir, name?: Part): Buffer {
  const parts: Part[] = [];
  if (name !== undefined) parts.push(name);
  let index = removal.stack.lastIndexOf(dir);
  let current = dir;
  while (current.path === undefined && index > 0) {
    parts.push(current.name);
    current = removal.stack[--index]!;
  }
  let result = current.path ?? Buffer.alloc(0);
  for (let i = parts.length - 1; i >= 0; i--)
    result = Buffer.concat([withSeparator(result), toBuffer(parts[i]!)]);
  return result;
}

/** `/proc/<pid>/fd/`: one symlink fewer per syscall than `/proc/self/fd/`; probed before use. */
const PROC_FD = `/proc/${process.pid}/fd/`;

function anchorPrefix(fd: number): string {
  return `${PROC_FD}${fd}/`;
}

/**
 * Records a failure: thrown as an `Error` naming the tree and keeping the OS
 * `code`, `errno`, `syscall`, with the failing entry's real `path` (not the
 * descriptor path it was reached by), or counted and swallowed.
 */
function fail(removal: Removal, error: unknown, entry: Buffer | undefined): void {
  if (TRANSIENT.has((error as NodeJS.ErrnoException | null)?.code ?? '')) removal.transient = true;
  else removal.permanent = true;
  if (removal.ignoreErrors) {
    removal.ignored++;
    return;
  }
  const os = error as NodeJS.ErrnoException;
  const where = entry === undefined ? os.path : entry.toString();
  let detail = os.message;
  if (typeof os.path === 'string' && where !== undefined) detail = detail.replace(os.path, where);
  const wrapped = new Error(`removeTree: cannot remove '${displayPath(removal.root)}': ${detail}`, {
    cause: error,
  }) as NodeJS.ErrnoException;
  if (os.code !== undefined) wrapped.code = os.code;
  if (os.errno !== undefined) wrapped.errno = os.errno;
  if (os.syscall !== undefined) wrapped.syscall = os.syscall;
  if (where !== undefined) wrapped.path = where;
  throw wrapped;
}

// ---------------------------------------------------------------------------
// Steps: each blocking operation in its two forms.

function step<A extends unknown[], T>(
  sync: (...args: A) => T,
  promised: (...args: A) => Promise<T>,
): (...args: A) => Step<T> {
  return (...args) => ({ sync: () => sync(...args), async: () => promised(...args) });
}

const rmdirStep = step(fs.rmdirSync, fs.promises.rmdir);
const unlinkStep = step(fs.unlinkSync, fs.promises.unlink);
const lstatStep = step(
  (p: PathLike) => fs.lstatSync(p),
  (p: PathLike) => fs.promises.lstat(p),
);
const openStep = step(
  (p: PathLike, flags: number) => fs.openSync(p, flags),
  (p: PathLike, flags: number) =>
    new Promise<number>((resolve, reject) =>
      fs.open(p, flags, (error, fd) => (error ? reject(error) : resolve(fd))),
    ),
);
const fstatStep = step(
  (fd: number) => fs.fstatSync(fd, { bigint: true }),
  (fd: number) =>
    new Promise<BigIntStats>((resolve, reject) =>
      fs.fstat(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))),
    ),
);
const chmodStep = step(fs.chmodSync, fs.promises.chmod);
type Entry = Dirent<string> | Dirent<Buffer>;

/** A name that did not decode as UTF-8 (or really holds U+FFFD): list again as bytes. */
function lossy(entries: Entry[]): boolean {
  return entries.some((entry) => typeof entry.name === 'string' && entry.name.includes('\uFFFD'));
}

const listStep = step(
  (p: Part): Entry[] => {
    const entries = fs.readdirSync(p, { withFileTypes: true });
    return lossy(entries)
      ? fs.readdirSync(p, { withFileTypes: true, encoding: 'buffer' })
      : entries;
  },
  async (p: Part): Promise<Entry[]> => {
    const entries = await fs.promises.readdir(p, { withFileTypes: true });
    return lossy(entries)
      ? fs.promises.readdir(p, { withFileTypes: true, encoding: 'buffer' })
      : entries;
  },
);

/** A failed unlink of a batch. */
interface Failure {
  name: Part;
  error: unknown;
}

/** Unlinks `names` in `dir`; the Promise form keeps `CONCURRENCY` in flight. */
function unlinkAllStep(dir: Dir, names: Part[]): Step<Failure[]> {
  return {
    sync() {
      const failures: Failure[] = [];
      for (const name of names) {
        try {
          fs.unlinkSync(childOf(dir, name));
        } catch (error) {
          failures.push({ name, error });
        }
      }
      return failures;
    },
    async async() {
      const failures: Failure[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < names.length) {
          const name = names[next++]!;
          try {
            await fs.promises.unlink(childOf(dir, name));
          } catch (error) {
            failures.push({ name, error });
          }
        }
      };
      const workers: Promise<void>[] = [];
      for (let i = 0; i < Math.min(CONCURRENCY, names.length); i++) workers.push(worker());
      await Promise.all(workers);
      return failures;
    },
  };
}

// ---------------------------------------------------------------------------
// Permission repair: `u+rwx` on a real directory of the tree.

/** Adds `u+rwx` to `dir`: on its pinned inode when anchored, else after an `lstat`. */
function* repair(removal: Removal, dir: Dir): Op<boolean> {
  if (dir.outside) return false;
  try {
    if (removal.anchored) {
      const { mode } = yield* perform(fstatStep(dir.fd));
      yield* perform(chmodStep(`${PROC_FD}${dir.fd}`, (Number(mode) & 0o7777) | 0o700));
    } else {
      const dirPath = pathOf(removal, dir);
      const stats = yield* perform(lstatStep(dirPath));
      if (!stats.isDirectory()) return false;
      yield* perform(chmodStep(dirPath, (stats.mode & 0o7777) | 0o700));
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Windows refuses to unlink a read-only file; its "mode" is that one
 * attribute. Only a regular file (per `lstat`, so no link) is touched.
 */
function makeFileWritableSync(file: Part): void {
  if (!isWindows) return;
  try {
    if (fs.lstatSync(file).isFile()) fs.chmodSync(file, 0o666);
  } catch {
    // The retried unlink reports what is wrong.
  }
}

// ---------------------------------------------------------------------------
// The walk.

/** Removes the non-directory `name` of `dir`, or descends if it turns out to be one. */
function* unlinkEntry(removal: Removal, dir: Dir, name: Part, firstError?: unknown): Op<void> {
  let error = firstError;
  for (let repaired = false; ; repaired = true) {
    if (error === undefined) {
      try {
        yield* perform(unlinkStep(childOf(dir, name)));
        return;
      } catch (caught) {
        error = caught;
      }
    }
    let action = actionFor(error, 'unlink', repaired);
    // macOS says EPERM for a directory: seen as still failing after a repair.
    if (action === 'fail' && repaired && (error as NodeJS.ErrnoException).code === 'EPERM') {
      try {
        if ((yield* perform(lstatStep(childOf(dir, name)))).isDirectory()) action = 'descend';
      } catch {
        // Gone or unreachable: the failure stands.
      }
    }
    if (action === 'done') return;
    if (action === 'descend') {
      dir.pending ??= [];
      dir.pending.push(name);
      return;
    }
    if (action !== 'repair' || !(yield* repair(removal, dir))) {
      fail(removal, error, pathOf(removal, dir, name));
      return;
    }
    makeFileWritableSync(childOf(dir, name));
    error = undefined;
  }
}

/**
 * Lists `dir`: files are unlinked at once, subdirectories become `pending`.
 * Returns `false` when there is nothing to list (gone, replaced by a file or
 * a link and so unlinked, or failed under `ignoreErrors`).
 */
function* list(removal: Removal, dir: Dir): Op<boolean> {
  dir.ignoredBefore = removal.ignored;
  let entries: Entry[] | undefined;
  const parent = removal.stack[removal.stack.length - 2]!;
  for (let repaired = false; entries === undefined; repaired = true) {
    try {
      entries = yield* perform(listStep(dir.prefix));
    } catch (error) {
      const action = actionFor(error, 'list', repaired);
      if (action === 'done') return false;
      if (action === 'unlink') {
        // Replaced by a file or a link since it was opened: remove that instead.
        yield* unlinkEntry(removal, parent, dir.name);
        return false;
      }
      // CPython fixes the parent too: without its `x` the directory is unreachable by path.
      const repairable =
        action === 'repair' &&
        (removal.anchored || parent.outside || (yield* repair(removal, parent))) &&
        (yield* repair(removal, dir));
      if (!repairable) {
        fail(removal, error, pathOf(removal, dir));
        return false;
      }
    }
  }
  const pending: Part[] = [];
  const files: Part[] = [];
  for (const entry of entries) (entry.isDirectory() ? pending : files).push(entry.name);
  dir.pending = pending;
  if (files.length === 0) return true;
  const failures = yield* perform(unlinkAllStep(dir, files));
  for (const { name, error } of failures) yield* unlinkEntry(removal, dir, name, error);
  return true;
}

/** Makes `child` of the top directory the new top, unless it is no directory (then unlinks it). */
function* enter(removal: Removal, name: Part, logical?: Buffer): Op<void> {
  const parent = removal.stack[removal.stack.length - 1]!;
  if (!removal.anchored) {
    const prefix = concat(childOf(parent, name), path.sep);
    removal.stack.push(newDir(-1, prefix, logical, name));
    return;
  }
  for (let repaired = false; ; repaired = true) {
    try {
      const fd = yield* perform(openStep(childOf(parent, name), ANCHOR_FLAGS));
      removal.stack.push(newDir(fd, anchorPrefix(fd), logical, name));
      removal.open++;
      yield* closeForBudget(removal);
      return;
    } catch (error) {
      const action = actionFor(error, 'open', repaired);
      if (action === 'done') return;
      if (action === 'unlink') {
        yield* unlinkEntry(removal, parent, name);
        return;
      }
      if (action !== 'repair' || !(yield* repair(removal, parent))) {
        fail(removal, error, logical ?? pathOf(removal, parent, name));
        return;
      }
    }
  }
}

function newDir(fd: number, prefix: Part, logical: Buffer | undefined, name: Part): Dir {
  return {
    fd,
    prefix,
    path: logical,
    name,
    identity: undefined,
    pending: undefined,
    ignoredBefore: 0,
    relisted: false,
    outside: false,
  };
}

/** Keeps at most `OPEN_DIRS` descriptors: closes the outermost open one, recording its identity. */
function* closeForBudget(removal: Removal): Op<void> {
  if (removal.open <= OPEN_DIRS) return;
  const dir = removal.stack.find((d) => d.fd >= 0 && !d.outside)!;
  const { dev, ino } = yield* perform(fstatStep(dir.fd));
  dir.identity = { dev, ino };
  fs.closeSync(dir.fd);
  dir.fd = -1;
  removal.open--;
}

/** Reopens `dir` (closed for the budget) as `..` of its open child, checking it is the same inode. */
function* reopen(removal: Removal, dir: Dir, child: Dir): Op<boolean> {
  let fd: number;
  try {
    fd = yield* perform(openStep(childOf(child, '..'), ANCHOR_FLAGS));
  } catch (error) {
    fail(removal, error, pathOf(removal, dir));
    return false;
  }
  const { dev, ino } = yield* perform(fstatStep(fd));
  if (dev !== dir.identity?.dev || ino !== dir.identity.ino) {
    fs.closeSync(fd);
    const dirPath = pathOf(removal, dir);
    fail(
      removal,
      codedError(
        'ERR_TREE_MOVED',
        `'${dirPath}' was moved while its tree was being removed; stopped rather than follow it`,
        dirPath.toString(),
      ),
      dirPath,
    );
    return false;
  }
  dir.fd = fd;
  dir.prefix = anchorPrefix(fd);
  removal.open++;
  return true;
}

/** Removes the emptied top directory from its parent and pops it; `false` to stop the walk. */
function* leave(removal: Removal): Op<boolean> {
  const { stack } = removal;
  const dir = stack[stack.length - 1]!;
  const parent = stack[stack.length - 2]!;
  if (removal.anchored && parent.fd < 0 && !(yield* reopen(removal, parent, dir))) return false;
  for (let repaired = false; ; repaired = true) {
    try {
      yield* perform(rmdirStep(childOf(parent, dir.name)));
      break;
    } catch (error) {
      const action = actionFor(error, 'rmdir', repaired);
      if (action === 'done') break;
      if (action === 'relist' && !dir.relisted && removal.ignored === dir.ignoredBefore) {
        // Entries that appeared meanwhile: one more pass.
        dir.relisted = true;
        dir.pending = undefined;
        return true;
      }
      if (action === 'unlink') {
        // Swapped for a file or a link: remove that; the directory we emptied went elsewhere.
        yield* unlinkEntry(removal, parent, dir.name);
        break;
      }
      if (action !== 'repair' || !(yield* repair(removal, parent))) {
        fail(removal, error, pathOf(removal, dir));
        break;
      }
    }
  }
  pop(removal);
  return true;
}

function pop(removal: Removal): void {
  const dir = removal.stack.pop()!;
  if (dir.fd >= 0 && !dir.outside) {
    fs.closeSync(dir.fd);
    removal.open--;
  }
}

/** Removes the directory `root` (already `lstat`-ed as one) and everything in it. */
function* removeDirTree(removal: Removal, root: Buffer): Op<void> {
  const parentPath = Buffer.from(path.dirname(root.toString('latin1')), 'latin1');
  // Names as strings unless the caller gave bytes (or names turn out not to be UTF-8).
  const asText = typeof removal.root === 'string';
  const latin1Name = path.basename(root.toString('latin1'));
  const name = asText
    ? Buffer.from(latin1Name, 'latin1').toString()
    : Buffer.from(latin1Name, 'latin1');
  let outside: Dir;
  if (removal.anchored) {
    // The caller's path to the parent is trusted, links included; nothing below it is.
    const fd = yield* perform(openStep(parentPath, (O_PATH ?? 0) | O_DIRECTORY));
    outside = newDir(fd, anchorPrefix(fd), parentPath, '');
  } else {
    const prefix = withSeparator(parentPath);
    outside = newDir(-1, asText ? prefix.toString() : prefix, parentPath, '');
  }
  outside.outside = true;
  removal.stack.push(outside);
  try {
    yield* enter(removal, name, root);
    while (removal.stack.length > 1) {
      const dir = removal.stack[removal.stack.length - 1]!;
      if (dir.pending === undefined) {
        if (!(yield* list(removal, dir))) pop(removal);
      } else if (dir.pending.length > 0) {
        yield* enter(removal, dir.pending.pop()!);
      } else if (!(yield* leave(removal))) {
        return;
      }
    }
  } finally {
    for (const dir of removal.stack) if (dir.fd >= 0) fs.closeSync(dir.fd);
    removal.stack.length = 0;
  }
}

/**
 * Failures that clear by themselves: on Windows a scanner, an indexer or a
 * process whose cwd is inside holds an entry (`EBUSY`, `EPERM`, `EACCES`, a
 * delete-pending entry keeping its dir `ENOTEMPTY`); everywhere, a writer
 * still adding entries (`ENOTEMPTY`). Permission failures elsewhere are
 * repaired by the walk, and what remains is permanent.
 */
const TRANSIENT = new Set(isWindows ? ['EBUSY', 'EPERM', 'EACCES', 'ENOTEMPTY'] : ['ENOTEMPTY']);
/** How long transient failures are retried, with backoff (Go's `t.TempDir` waits about 2 s). */
const TRANSIENT_RETRY_MS = 2000;

const sleepStep = (ms: number): Step<void> => ({
  sync: () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  },
  async: () => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

/** The whole removal of `target`, passes repeated while they fail transiently. */
function* removeOp(removal: Removal, target: Buffer): Op<void> {
  const deadline = Date.now() + TRANSIENT_RETRY_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 320)) {
    removal.transient = false;
    removal.permanent = false;
    removal.ignored = 0;
    const retry = () => removal.transient && !removal.permanent && Date.now() + delay <= deadline;
    try {
      yield* removePass(removal, target);
    } catch (error) {
      if (!retry()) throw error;
    }
    if (!retry()) return;
    yield* perform(sleepStep(delay));
  }
}

/** One pass of the removal of `target`, as steps. */
function* removePass(removal: Removal, target: Buffer): Op<void> {
  // An empty dir goes in one syscall. rmdir never follows a link; whatever
  // else it meets (a file, a link, contents, no permission) takes the walk.
  try {
    yield* perform(rmdirStep(target));
    return;
  } catch (error) {
    if (actionFor(error, 'rmdir', false) === 'done') return;
  }
  let isDir: boolean;
  try {
    isDir = (yield* perform(lstatStep(target))).isDirectory();
  } catch (error) {
    if (actionFor(error, 'list', false) !== 'done') fail(removal, error, target);
    return;
  }
  if (isDir) {
    yield* removeDirTree(removal, target);
    return;
  }
  // A file or a link: the holding directory is outside the tree, never repaired.
  try {
    yield* perform(unlinkStep(target));
  } catch (error) {
    if (actionFor(error, 'unlink', true) !== 'done') fail(removal, error, target);
  }
}

// ---------------------------------------------------------------------------
// Arguments.

/**
 * The target with trailing separators and `.` components dropped, so that
 * `link/`, `link/.` and `link//` name the link itself, never its target.
 */
function normaliseTarget(target: PathLike, fn: string): Buffer {
  let text = typeof target === 'string' ? target : target.toString('latin1');
  if (text.includes('\0')) throw argValueError(`${fn}: path must not contain NUL bytes`);
  const resolved = path.resolve(text);
  if (path.parse(resolved).root === resolved) {
    throw argValueError(`${fn}: refusing to remove the filesystem root '${resolved}'`);
  }
  const separators = isWindows ? /[\\/]+$/ : /\/+$/;
  for (;;) {
    const before = text;
    text = text.replace(separators, '');
    if (text.endsWith(`${path.sep}.`) || (isWindows && text.endsWith('/.'))) {
      text = text.slice(0, -2);
    }
    if (text === before) break;
  }
  const last = path.basename(text);
  if (text === '' || text === '.' || last === '..') {
    throw argValueError(
      `${fn}: refusing to remove '${displayPath(target)}': it names '.' or '..' (name the directory itself)`,
    );
  }
  return typeof target === 'string' ? Buffer.from(text) : Buffer.from(text, 'latin1');
}

function startRemoval(
  target: unknown,
  options: RemoveTreeOptions | undefined,
  fn: string,
): [Removal, Buffer] {
  if (typeof target !== 'string' && !Buffer.isBuffer(target)) {
    throw argTypeError(`${fn}: path must be a string or a Buffer (got ${typeof target})`);
  }
  if (displayPath(target) === '') throw argValueError(`${fn}: path must not be empty`);
  const normalised = normaliseTarget(target, fn);
  const ignoreErrors = options?.ignoreErrors ?? false;
  if (typeof ignoreErrors !== 'boolean') {
    throw argTypeError(`${fn}: ignoreErrors must be a boolean (got ${typeof ignoreErrors})`);
  }
  const removal: Removal = {
    root: target,
    anchored: anchoredWalkAvailable(),
    ignoreErrors,
    ignored: 0,
    stack: [],
    open: 0,
    transient: false,
    permanent: false,
  };
  return [removal, normalised];
}

/**
 * Removes `target` and everything below it; a missing `target` is not an
 * error. Never follows a link: a link (even to a directory, even named as
 * `link/` or `link/.`) is unlinked and its target left as it was. Entries
 * that cannot be removed for lack of permission get their directories
 * repaired (`u+rwx`) and are retried; failures that clear by themselves
 * (`TRANSIENT`) are retried with backoff for `TRANSIENT_RETRY_MS`; what still
 * fails throws an `Error`
 * naming `target` with the OS `code` (and the failing entry as `path`), or is
 * skipped with `ignoreErrors`. Refuses the filesystem root, `.` and `..`.
 */
export function removeTreeSync(target: PathLike, options?: RemoveTreeOptions): void {
  const [removal, normalised] = startRemoval(target, options, 'removeTreeSync');
  runSync(removeOp(removal, normalised));
}

/** The Promise form of `removeTreeSync`. */
export async function removeTree(target: PathLike, options?: RemoveTreeOptions): Promise<void> {
  const [removal, normalised] = startRemoval(target, options, 'removeTree');
  await runAsync(removeOp(removal, normalised));
}
