/**
 * The low-level functions: the caller owns what they create and must remove
 * it. `mkstemp` and `mkdtemp` create atomically (`O_EXCL` / `mkdir`), never
 * through a link, with modes `0o600` / `0o700`.
 */
import { fs, path } from './builtins.js';
import { argTypeError, codedError, explainFsError } from './errors.js';
import { gettempdir, gettempdirb, gettempprefix, gettempprefixb } from './location.js';
import {
  absolutePath,
  concatName,
  displayPath,
  inferPathType,
  type NameOptions,
  type PathLike,
  randomName,
  TMP_MAX,
} from './names.js';
import { MKSTEMP_FLAGS } from './platform.js';
import { type Op, runAsync, runSync, type Step } from './step.js';

// Callback wrappers rather than util.promisify: the engine bundle (loaded by
// every fresh test worker) then needs no node:util at load.
function openAsync(file: PathLike, flags: number, mode: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.open(file, flags, mode, (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

function mkdirAsync(dir: PathLike, mode: number): Promise<void> {
  return new Promise((resolve, reject) =>
    fs.mkdir(dir, mode, (error) => (error ? reject(error) : resolve())),
  );
}

/** Options of `mkstemp`, `mkdtemp` and `mktemp`. */
export type { NameOptions } from './names.js';

/** Options of `mkstemp`. */
export interface MkstempOptions extends NameOptions {
  /** Accepted for parity with CPython; POSIX makes no text/binary distinction. */
  text?: boolean;
}

/** The path type that follows from the options: `Buffer` when any is one. */
export type PathFor<O> = O extends { prefix: Buffer } | { suffix: Buffer } | { dir: Buffer }
  ? Buffer
  : string;

/** What `mkstemp` returns: an open fd and the absolute path of the file. */
export interface MkstempResult<P extends PathLike = string> {
  fd: number;
  path: P;
}

/**
 * Fills defaults and decides the output type, as CPython's `_sanitize_params`;
 * `dir` comes back absolute and normalised (a relative one resolved against
 * the cwd now), so each candidate path is a plain join.
 */
export function resolveNames(options: NameOptions | undefined, fn: string): ResolvedPaths {
  const opts = options ?? {};
  if (typeof opts !== 'object') {
    throw argTypeError(`${fn}: options must be an object (got ${typeof opts})`);
  }
  const kind = inferPathType(opts, fn);
  // The default temp dir is absolute already; only a given `dir` needs resolving.
  const dir = opts.dir ?? undefined;
  if (kind === 'bytes') {
    return {
      prefix: (opts.prefix as Buffer | undefined) ?? gettempprefixb(),
      suffix: (opts.suffix as Buffer | undefined) ?? Buffer.alloc(0),
      dir: dir === undefined ? gettempdirb() : absolutePath(dir as Buffer),
    };
  }
  return {
    prefix: (opts.prefix as string | undefined) ?? gettempprefix(),
    suffix: (opts.suffix as string | undefined) ?? '',
    dir: dir === undefined ? gettempdir() : absolutePath(dir as string),
  };
}

/** Naming options with defaults filled in, all of one type; `dir` is absolute. */
export type ResolvedPaths =
  | { prefix: string; suffix: string; dir: string }
  | { prefix: Buffer; suffix: Buffer; dir: Buffer };

const SEP = path.sep;
const SEP_BYTE = SEP.charCodeAt(0);
const SEP_BUFFER = Buffer.from(SEP);

/**
 * A fresh absolute, normalised candidate path in the caller's type. `dir` is
 * normalised (`resolveNames`) and the name is one plain component (no
 * separator, not `.`/`..`: `inferPathType` refused those), so a plain
 * concatenation is already what `path.resolve` would give.
 */
function candidatePath(names: ResolvedPaths): PathLike {
  const { dir } = names;
  if (typeof dir === 'string') {
    const name = (names.prefix as string) + randomName() + (names.suffix as string);
    return dir.endsWith(SEP) ? dir + name : dir + SEP + name;
  }
  const name = concatName<Buffer>(names.prefix as Buffer, randomName(), names.suffix as Buffer);
  return dir[dir.length - 1] === SEP_BYTE
    ? Buffer.concat([dir, name])
    : Buffer.concat([dir, SEP_BUFFER, name]);
}

function exhausted(names: ResolvedPaths): Error {
  return codedError(
    'EEXIST',
    `No usable temporary file name found in '${displayPath(names.dir)}' after ${TMP_MAX} attempts`,
    displayPath(names.dir),
  );
}

/**
 * The one creation loop (as the Rust tempfile crate's `create_helper`):
 * tries `tryCreate` on fresh candidate paths until one succeeds, moving on
 * when it fails with `EEXIST` (the name is taken), up to `TMP_MAX` attempts,
 * then fails with `EEXIST`. Any other error ends the loop, its message
 * rewritten to name `fn` and `names.dir` (`explainFsError`). Written once as
 * an operation, so `runSync` and `runAsync` give the two calling forms.
 */
export function* createUnique<T>(
  names: ResolvedPaths,
  fn: string,
  tryCreate: (candidate: PathLike) => Step<T>,
): Op<T> {
  for (let i = 0; i < TMP_MAX; i++) {
    try {
      return (yield tryCreate(candidatePath(names))) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException | null)?.code === 'EEXIST') continue;
      throw explainFsError(error, fn, displayPath(names.dir));
    }
  }
  throw exhausted(names);
}

// The steps are small classes rather than object literals, so an attempt
// allocates one object and no closures.

/** `mkstemp`'s attempt: an exclusive, no-follow, `0o600` create of `path`. */
class OpenExclusive implements Step<MkstempResult<PathLike>> {
  constructor(readonly path: PathLike) {}
  sync(): MkstempResult<PathLike> {
    return { fd: fs.openSync(this.path, MKSTEMP_FLAGS, 0o600), path: this.path };
  }
  async async(): Promise<MkstempResult<PathLike>> {
    return { fd: await openAsync(this.path, MKSTEMP_FLAGS, 0o600), path: this.path };
  }
}

/** `mkdtemp`'s attempt: a `0o700` `mkdir` of `path`. */
class MakeDir implements Step<PathLike> {
  constructor(readonly path: PathLike) {}
  sync(): PathLike {
    fs.mkdirSync(this.path, 0o700);
    return this.path;
  }
  async async(): Promise<PathLike> {
    await mkdirAsync(this.path, 0o700);
    return this.path;
  }
}

/** `mktemp`'s attempt: `path` if nothing is there (not even a dangling link), else `EEXIST`. */
class CheckFree implements Step<PathLike> {
  constructor(readonly path: PathLike) {}
  sync(): PathLike {
    if (fs.lstatSync(this.path, { throwIfNoEntry: false }) === undefined) return this.path;
    throw codedError('EEXIST', `'${displayPath(this.path)}' exists`, displayPath(this.path));
  }
  async async(): Promise<PathLike> {
    return this.sync();
  }
}

const openExclusive = (candidate: PathLike) => new OpenExclusive(candidate);
const makeDir = (candidate: PathLike) => new MakeDir(candidate);
const checkFree = (candidate: PathLike) => new CheckFree(candidate);

/** `mkstemp` on resolved names, as an operation; errors name `fn`. */
export function mkstempOp(names: ResolvedPaths, fn = 'mkstemp'): Op<MkstempResult<PathLike>> {
  return createUnique(names, fn, openExclusive);
}

/** `mkdtemp` on resolved names, as an operation; errors name `fn`. */
export function mkdtempOp(names: ResolvedPaths, fn = 'mkdtemp'): Op<PathLike> {
  return createUnique(names, fn, makeDir);
}

/**
 * Creates a file with a unique name, opened read-write with
 * `O_EXCL | O_NOFOLLOW | O_CLOEXEC` and mode `0o600`. The caller must close
 * the fd and remove the file.
 */
export function mkstempSync<O extends MkstempOptions = {}>(options?: O): MkstempResult<PathFor<O>> {
  return runSync(mkstempOp(resolveNames(options, 'mkstemp'))) as MkstempResult<PathFor<O>>;
}

/** The Promise form of `mkstempSync`. */
export async function mkstemp<O extends MkstempOptions = {}>(
  options?: O,
): Promise<MkstempResult<PathFor<O>>> {
  return (await runAsync(mkstempOp(resolveNames(options, 'mkstemp')))) as MkstempResult<PathFor<O>>;
}

/**
 * Creates a directory with a unique name and mode `0o700`; returns its
 * absolute path. The caller must remove it.
 */
export function mkdtempSync<O extends NameOptions = {}>(options?: O): PathFor<O> {
  return runSync(mkdtempOp(resolveNames(options, 'mkdtemp'))) as PathFor<O>;
}

/** The Promise form of `mkdtempSync`. */
export async function mkdtemp<O extends NameOptions = {}>(options?: O): Promise<PathFor<O>> {
  return (await runAsync(mkdtempOp(resolveNames(options, 'mkdtemp')))) as PathFor<O>;
}

let mktempWarned = false;

/**
 * Deprecated and unsafe, kept for parity: returns a name that did not exist
 * when it was checked, and creates nothing, so another process may take it
 * first. Use `mkstemp` or `NamedTemporaryFile`. Warns once per process.
 */
export function mktemp<O extends NameOptions = {}>(options?: O): PathFor<O> {
  if (!mktempWarned) {
    mktempWarned = true;
    process.emitWarning(
      'mktemp() is unsafe: the name can be taken before you use it. Use mkstemp() or NamedTemporaryFile instead.',
      { type: 'DeprecationWarning', code: 'TEMP_FIXTURES_MKTEMP' },
    );
  }
  return runSync(createUnique(resolveNames(options, 'mktemp'), 'mktemp', checkFree)) as PathFor<O>;
}
