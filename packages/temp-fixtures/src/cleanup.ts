/**
 * Tree removal that never follows a link out of the tree and repairs
 * missing permissions before giving up (CPython's `TemporaryDirectory._rmtree`).
 *
 * The fast path is a plain walk: `readdir` with file types, `unlink` and
 * `rmdir`, none of which follows a link in its last component. Only when an
 * operation fails with `EACCES`/`EPERM` does the slow path run: the
 * directories involved get `u+rwx` and the operation is retried once. Files
 * never need a mode change on POSIX (removing one depends on its directory
 * only), so only real directories are ever chmod-ed, through a descriptor
 * opened with `O_NOFOLLOW | O_DIRECTORY`, never through a link.
 *
 * Limit: Node has no `openat`/`unlinkat`, so, like `fs.rm`, the walk names
 * entries by path. A process that can write inside the tree could swap a
 * directory it already listed for a link; the root of a `TemporaryDirectory`
 * is `0o700`, which keeps other users out of the whole tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { argTypeError, argValueError } from './errors.js';
import { displayPath, type PathLike } from './names.js';
import { isWindows, O_NOFOLLOW, O_PATH } from './platform.js';

/** Options of `removeTree` / `removeTreeSync`. */
export interface RemoveTreeOptions {
  /** Swallow what still fails after permission repair. Default `false`. */
  ignoreErrors?: boolean;
}

const O_DIRECTORY = fs.constants.O_DIRECTORY ?? 0;
/** Unlinks in flight at once per directory in the Promise form (libuv has 4 threads). */
const CONCURRENCY = 16;
const SEPARATOR = Buffer.from(path.sep);

/** Whether `/proc/self/fd/N` can stand in for `fchmodat(fd)`; cleared when procfs is absent. */
let procFdUsable = O_PATH !== undefined;

/** One removal in progress. */
interface Removal {
  root: PathLike;
  ignoreErrors: boolean;
  /** Failures swallowed so far (`ignoreErrors`), so leftovers they explain are not retried. */
  ignored: number;
}

type Entry = fs.Dirent<PathLike>;

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function isPermissionError(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'EACCES' || code === 'EPERM';
}

function isGone(error: unknown): boolean {
  return codeOf(error) === 'ENOENT';
}

function isNotEmpty(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

/** Joins in the type of `dir`; string concatenation because `path.join` would re-normalise. */
function join(dir: PathLike, name: PathLike): PathLike {
  if (typeof dir === 'string') return dir + path.sep + (name as string);
  return Buffer.concat([dir, SEPARATOR, name as Buffer]);
}

function readEntriesSync(dir: PathLike): Entry[] {
  return typeof dir === 'string'
    ? fs.readdirSync(dir, { withFileTypes: true })
    : fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
}

function readEntries(dir: PathLike): Promise<Entry[]> {
  return typeof dir === 'string'
    ? fs.promises.readdir(dir, { withFileTypes: true })
    : fs.promises.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
}

/**
 * Records a failure: thrown as an `Error` naming the tree and keeping the OS
 * `code`, `errno`, `syscall` and failing `path`, or counted and swallowed.
 */
function fail(removal: Removal, error: unknown): void {
  if (removal.ignoreErrors) {
    removal.ignored++;
    return;
  }
  const os = error as NodeJS.ErrnoException;
  const wrapped = new Error(
    `removeTree: cannot remove '${displayPath(removal.root)}': ${os.message}`,
    { cause: error },
  ) as NodeJS.ErrnoException;
  if (os.code !== undefined) wrapped.code = os.code;
  if (os.errno !== undefined) wrapped.errno = os.errno;
  if (os.syscall !== undefined) wrapped.syscall = os.syscall;
  if (os.path !== undefined) wrapped.path = os.path;
  throw wrapped;
}

function checkTarget(target: unknown, fn: string): asserts target is PathLike {
  if (typeof target !== 'string' && !Buffer.isBuffer(target)) {
    throw argTypeError(`${fn}: path must be a string or a Buffer (got ${typeof target})`);
  }
  const text = displayPath(target);
  if (text === '') throw argValueError(`${fn}: path must not be empty`);
  const resolved = path.resolve(text);
  if (path.parse(resolved).root === resolved) {
    throw argValueError(`${fn}: refusing to remove the filesystem root '${resolved}'`);
  }
}

function startRemoval(target: unknown, options: RemoveTreeOptions | undefined, fn: string) {
  checkTarget(target, fn);
  const ignoreErrors = options?.ignoreErrors ?? false;
  if (typeof ignoreErrors !== 'boolean') {
    throw argTypeError(`${fn}: ignoreErrors must be a boolean (got ${typeof ignoreErrors})`);
  }
  return { root: target, ignoreErrors, ignored: 0 } satisfies Removal;
}

// ---------------------------------------------------------------------------
// Permission repair: give a real directory u+rwx, never through a link.

/**
 * Linux: an `O_PATH | O_NOFOLLOW | O_DIRECTORY` descriptor pins the inode (a
 * link fails to open), and `chmod` of `/proc/self/fd/N` reaches that very
 * inode, so swapping the entry for a link after the check changes nothing.
 * `undefined` when procfs is missing.
 */
function chmodDirViaProcFdSync(dir: PathLike): boolean | undefined {
  let fd: number;
  try {
    fd = fs.openSync(dir, O_PATH! | O_NOFOLLOW | O_DIRECTORY);
  } catch {
    return false;
  }
  try {
    fs.chmodSync(`/proc/self/fd/${fd}`, (fs.fstatSync(fd).mode & 0o7777) | 0o700);
    return true;
  } catch (error) {
    return isGone(error) ? undefined : false;
  } finally {
    fs.closeSync(fd);
  }
}

/** The Promise form of `chmodDirViaProcFdSync`. */
async function chmodDirViaProcFd(dir: PathLike): Promise<boolean | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(dir, O_PATH! | O_NOFOLLOW | O_DIRECTORY);
  } catch {
    return false;
  }
  try {
    const { mode } = await handle.stat();
    await fs.promises.chmod(`/proc/self/fd/${handle.fd}`, (mode & 0o7777) | 0o700);
    return true;
  } catch (error) {
    return isGone(error) ? undefined : false;
  } finally {
    await handle.close();
  }
}

/**
 * The portable way: `lstat`, then `chmod` only a real directory. The entry
 * could still be swapped for a link between the two calls; used only where
 * the descriptor way is unavailable.
 */
export function chmodDirViaLstatSync(dir: PathLike): boolean {
  try {
    const stats = fs.lstatSync(dir);
    if (!stats.isDirectory()) return false;
    fs.chmodSync(dir, (stats.mode & 0o7777) | 0o700);
    return true;
  } catch {
    return false;
  }
}

/** The Promise form of `chmodDirViaLstatSync`. */
export async function chmodDirViaLstat(dir: PathLike): Promise<boolean> {
  try {
    const stats = await fs.promises.lstat(dir);
    if (!stats.isDirectory()) return false;
    await fs.promises.chmod(dir, (stats.mode & 0o7777) | 0o700);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds `u+rwx` to `dir` if it is a real directory (never through a link).
 * Returns whether it did; never throws. Internal, exported for tests.
 */
export function makeDirUsableSync(dir: PathLike): boolean {
  if (procFdUsable) {
    const done = chmodDirViaProcFdSync(dir);
    if (done !== undefined) return done;
    procFdUsable = false;
  }
  return chmodDirViaLstatSync(dir);
}

/** The Promise form of `makeDirUsableSync`. */
export async function makeDirUsable(dir: PathLike): Promise<boolean> {
  if (procFdUsable) {
    const done = await chmodDirViaProcFd(dir);
    if (done !== undefined) return done;
    procFdUsable = false;
  }
  return chmodDirViaLstat(dir);
}

/**
 * Windows refuses to unlink a read-only file; its "mode" is that one
 * attribute. Only a regular file (per `lstat`, so no link) is touched.
 */
function makeFileWritableSync(file: PathLike): void {
  if (!isWindows) return;
  try {
    if (fs.lstatSync(file).isFile()) fs.chmodSync(file, 0o666);
  } catch {
    // The retried unlink reports what is wrong.
  }
}

function isRealDirSync(p: PathLike): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function isRealDir(p: PathLike): Promise<boolean> {
  try {
    return (await fs.promises.lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// The synchronous walk. Each operation runs once, and once more after a
// repair. `parent` is undefined for the root: the root's own parent is
// outside the tree and is never modified.

function listSync(removal: Removal, dir: PathLike, parent: PathLike | undefined): Entry[] | null {
  for (let repaired = false; ; repaired = true) {
    try {
      return readEntriesSync(dir);
    } catch (error) {
      if (isGone(error)) return null;
      if (codeOf(error) === 'ENOTDIR') {
        // Replaced by a file or a link since it was listed: remove that instead.
        unlinkSync(removal, dir, parent);
        return null;
      }
      // CPython fixes the parent too: without its `x` the directory is unreachable.
      const repairable =
        !repaired &&
        isPermissionError(error) &&
        (parent === undefined || makeDirUsableSync(parent)) &&
        makeDirUsableSync(dir);
      if (!repairable) {
        fail(removal, error);
        return null;
      }
    }
  }
}

function unlinkSync(removal: Removal, file: PathLike, parent: PathLike | undefined): void {
  for (let repaired = false; ; repaired = true) {
    try {
      fs.unlinkSync(file);
      return;
    } catch (error) {
      if (isGone(error)) return;
      // A directory: Linux says EISDIR, macOS EPERM (seen as still failing after a repair).
      if (codeOf(error) === 'EISDIR' || (repaired && isRealDirSync(file))) {
        removeDirSync(removal, file, parent);
        return;
      }
      // Removing an entry needs `w` and `x` on its parent (never on the file).
      const repairable =
        !repaired && isPermissionError(error) && parent !== undefined && makeDirUsableSync(parent);
      if (!repairable) {
        fail(removal, error);
        return;
      }
      makeFileWritableSync(file);
    }
  }
}

function rmdirSync(
  removal: Removal,
  dir: PathLike,
  parent: PathLike | undefined,
  ignoredBefore: number,
): void {
  for (let repaired = false; ; repaired = true) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (error) {
      if (isGone(error)) return;
      if (isNotEmpty(error) && typeof dir === 'string' && removal.ignored === ignoredBefore) {
        // Leftovers that no swallowed failure explains: entries added
        // meanwhile, or names that are not valid UTF-8 and so unreachable as
        // strings. One more pass, by bytes.
        removeDirSync(removal, Buffer.from(dir), parent);
        return;
      }
      const repairable =
        !repaired && isPermissionError(error) && parent !== undefined && makeDirUsableSync(parent);
      if (!repairable) {
        fail(removal, error);
        return;
      }
    }
  }
}

function removeDirSync(removal: Removal, dir: PathLike, parent: PathLike | undefined): void {
  const ignoredBefore = removal.ignored;
  const entries = listSync(removal, dir, parent);
  if (entries === null) return;
  for (const entry of entries) {
    const child = join(dir, entry.name);
    if (entry.isDirectory()) removeDirSync(removal, child, dir);
    else unlinkSync(removal, child, dir);
  }
  rmdirSync(removal, dir, parent, ignoredBefore);
}

/**
 * Removes `target` and everything below it; a missing `target` is not an
 * error. Never follows a link: a link (even to a directory) is unlinked and
 * its target left as it was. Entries that cannot be removed for lack of
 * permission get their directories repaired (`u+rwx`) and are retried; what
 * still fails throws an `Error` naming `target` with the OS `code` (and the
 * failing entry as `path`), or is skipped with `ignoreErrors`.
 */
export function removeTreeSync(target: PathLike, options?: RemoveTreeOptions): void {
  const removal = startRemoval(target, options, 'removeTreeSync');
  // An empty dir goes in one syscall. rmdir never follows a link; whatever
  // else it meets (a file, a link, contents, no permission) takes the walk.
  try {
    fs.rmdirSync(target);
    return;
  } catch (error) {
    if (isGone(error)) return;
  }
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(target);
  } catch (error) {
    if (!isGone(error)) fail(removal, error);
    return;
  }
  if (stats.isDirectory()) removeDirSync(removal, target, undefined);
  else unlinkSync(removal, target, undefined);
}

// ---------------------------------------------------------------------------
// The Promise form: the same walk, with the unlinks of one directory run
// CONCURRENCY at a time and subdirectories one after another, so at most
// CONCURRENCY operations are in flight for the whole tree.

async function list(
  removal: Removal,
  dir: PathLike,
  parent: PathLike | undefined,
): Promise<Entry[] | null> {
  for (let repaired = false; ; repaired = true) {
    try {
      return await readEntries(dir);
    } catch (error) {
      if (isGone(error)) return null;
      if (codeOf(error) === 'ENOTDIR') {
        await unlink(removal, dir, parent);
        return null;
      }
      const repairable =
        !repaired &&
        isPermissionError(error) &&
        (parent === undefined || (await makeDirUsable(parent))) &&
        (await makeDirUsable(dir));
      if (!repairable) {
        fail(removal, error);
        return null;
      }
    }
  }
}

async function unlink(
  removal: Removal,
  file: PathLike,
  parent: PathLike | undefined,
): Promise<void> {
  for (let repaired = false; ; repaired = true) {
    try {
      await fs.promises.unlink(file);
      return;
    } catch (error) {
      if (isGone(error)) return;
      if (codeOf(error) === 'EISDIR' || (repaired && (await isRealDir(file)))) {
        await removeDir(removal, file, parent);
        return;
      }
      const repairable =
        !repaired &&
        isPermissionError(error) &&
        parent !== undefined &&
        (await makeDirUsable(parent));
      if (!repairable) {
        fail(removal, error);
        return;
      }
      makeFileWritableSync(file);
    }
  }
}

async function rmdir(
  removal: Removal,
  dir: PathLike,
  parent: PathLike | undefined,
  ignoredBefore: number,
): Promise<void> {
  for (let repaired = false; ; repaired = true) {
    try {
      await fs.promises.rmdir(dir);
      return;
    } catch (error) {
      if (isGone(error)) return;
      if (isNotEmpty(error) && typeof dir === 'string' && removal.ignored === ignoredBefore) {
        await removeDir(removal, Buffer.from(dir), parent);
        return;
      }
      const repairable =
        !repaired &&
        isPermissionError(error) &&
        parent !== undefined &&
        (await makeDirUsable(parent));
      if (!repairable) {
        fail(removal, error);
        return;
      }
    }
  }
}

/**
 * Runs `task` over `items`, at most `limit` at a time. After a failure no new
 * item starts; the first error is rethrown once the running ones settled.
 */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, items.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
}

async function removeDir(
  removal: Removal,
  dir: PathLike,
  parent: PathLike | undefined,
): Promise<void> {
  const ignoredBefore = removal.ignored;
  const entries = await list(removal, dir, parent);
  if (entries === null) return;
  const subdirs: PathLike[] = [];
  const files: PathLike[] = [];
  for (const entry of entries) {
    (entry.isDirectory() ? subdirs : files).push(join(dir, entry.name));
  }
  await eachLimited(files, CONCURRENCY, (file) => unlink(removal, file, dir));
  for (const subdir of subdirs) await removeDir(removal, subdir, dir);
  await rmdir(removal, dir, parent, ignoredBefore);
}

/** The Promise form of `removeTreeSync`. */
export async function removeTree(target: PathLike, options?: RemoveTreeOptions): Promise<void> {
  const removal = startRemoval(target, options, 'removeTree');
  // As in removeTreeSync: an empty dir in one call, everything else walks.
  try {
    await fs.promises.rmdir(target);
    return;
  } catch (error) {
    if (isGone(error)) return;
  }
  let stats: fs.Stats;
  try {
    stats = await fs.promises.lstat(target);
  } catch (error) {
    if (!isGone(error)) fail(removal, error);
    return;
  }
  if (stats.isDirectory()) await removeDir(removal, target, undefined);
  else await unlink(removal, target, undefined);
}
