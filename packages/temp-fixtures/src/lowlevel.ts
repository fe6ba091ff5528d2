/**
 * The low-level functions: the caller owns what they create and must remove
 * it. `mkstemp` and `mkdtemp` create atomically (`O_EXCL` / `mkdir`), never
 * through a link, with modes `0o600` / `0o700`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { codedError, explainFsError } from './errors.js';
import { gettempdir, gettempdirb, gettempprefix, gettempprefixb } from './location.js';
import {
  absolutePath,
  concatName,
  displayPath,
  inferPathType,
  joinPath,
  type NameOptions,
  type PathLike,
  randomName,
  TMP_MAX,
} from './names.js';
import { MKSTEMP_FLAGS } from './platform.js';

const openAsync = promisify(fs.open);
const mkdirAsync = promisify(fs.mkdir);

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
    throw Object.assign(new TypeError(`${fn}: options must be an object (got ${typeof opts})`), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
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

/** Yields up to `TMP_MAX` absolute, normalised candidate paths in the caller's type. */
export function* candidatePaths(names: ResolvedPaths): Generator<PathLike> {
  for (let i = 0; i < TMP_MAX; i++) {
    const base = concatName<PathLike>(names.prefix, randomName(), names.suffix);
    yield normalised(joinPath<PathLike>(names.dir, base));
  }
}

/**
 * A joined candidate as `path.resolve` gives it (as CPython's `abspath`): a
 * string from `path.join` is normalised already but keeps a trailing
 * separator (a suffix ending in one); a joined Buffer is not normalised at
 * all. `dir` is absolute, so the cwd never comes into it.
 */
function normalised(joined: PathLike): PathLike {
  if (typeof joined === 'string') return joined.endsWith(path.sep) ? path.resolve(joined) : joined;
  // latin1 maps every byte to one char and back, so arbitrary bytes survive.
  return Buffer.from(path.resolve(joined.toString('latin1')), 'latin1');
}

function exhausted(names: ResolvedPaths): Error {
  return codedError(
    'EEXIST',
    `No usable temporary file name found in '${displayPath(names.dir)}' after ${TMP_MAX} attempts`,
    displayPath(names.dir),
  );
}

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}

/**
 * Creates a file with a unique name, opened read-write with
 * `O_EXCL | O_NOFOLLOW | O_CLOEXEC` and mode `0o600`. The caller must close
 * the fd and remove the file.
 */
export function mkstempSync<O extends MkstempOptions = {}>(options?: O): MkstempResult<PathFor<O>> {
  const names = resolveNames(options, 'mkstemp');
  for (const candidate of candidatePaths(names)) {
    try {
      const fd = fs.openSync(candidate, MKSTEMP_FLAGS, 0o600);
      return { fd, path: candidate as PathFor<O> };
    } catch (error) {
      if (isExists(error)) continue;
      throw explainFsError(error, 'mkstemp', displayPath(names.dir));
    }
  }
  throw exhausted(names);
}

/** The Promise form of `mkstempSync`. */
export async function mkstemp<O extends MkstempOptions = {}>(
  options?: O,
): Promise<MkstempResult<PathFor<O>>> {
  const names = resolveNames(options, 'mkstemp');
  for (const candidate of candidatePaths(names)) {
    try {
      const fd = await openAsync(candidate, MKSTEMP_FLAGS, 0o600);
      return { fd, path: candidate as PathFor<O> };
    } catch (error) {
      if (isExists(error)) continue;
      throw explainFsError(error, 'mkstemp', displayPath(names.dir));
    }
  }
  throw exhausted(names);
}

/**
 * Creates a directory with a unique name and mode `0o700`; returns its
 * absolute path. The caller must remove it.
 */
export function mkdtempSync<O extends NameOptions = {}>(options?: O): PathFor<O> {
  const names = resolveNames(options, 'mkdtemp');
  for (const candidate of candidatePaths(names)) {
    try {
      fs.mkdirSync(candidate, 0o700);
      return candidate as PathFor<O>;
    } catch (error) {
      if (isExists(error)) continue;
      throw explainFsError(error, 'mkdtemp', displayPath(names.dir));
    }
  }
  throw exhausted(names);
}

/** The Promise form of `mkdtempSync`. */
export async function mkdtemp<O extends NameOptions = {}>(options?: O): Promise<PathFor<O>> {
  const names = resolveNames(options, 'mkdtemp');
  for (const candidate of candidatePaths(names)) {
    try {
      await mkdirAsync(candidate, 0o700);
      return candidate as PathFor<O>;
    } catch (error) {
      if (isExists(error)) continue;
      throw explainFsError(error, 'mkdtemp', displayPath(names.dir));
    }
  }
  throw exhausted(names);
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
  const names = resolveNames(options, 'mktemp');
  for (const candidate of candidatePaths(names)) {
    try {
      fs.lstatSync(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return candidate as PathFor<O>;
      }
      throw explainFsError(error, 'mktemp', displayPath(names.dir));
    }
  }
  throw exhausted(names);
}
