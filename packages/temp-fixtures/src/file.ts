/**
 * `TemporaryFile`: an anonymous file. On Linux it is opened with `O_TMPFILE`,
 * so no name ever exists; elsewhere (or where the filesystem refuses) it is
 * created with `mkstemp` and unlinked at once, as CPython does.
 */

import { promisify } from 'node:util';
import { fs } from './builtins.js';
import { argTypeError } from './errors.js';
import { FileObject } from './file-object.js';
import { mkstempOp, type ResolvedPaths, resolveNames } from './lowlevel.js';
import {
  type CheckedMode,
  type DefaultMode,
  type FileMode,
  type ParsedMode,
  parseMode,
  resolveEncoding,
  type TextEncoding,
} from './mode.js';
import type { NameOptions, PathLike } from './names.js';
import { TMPFILE_FLAGS } from './platform.js';
import { type Op, perform, runAsync, runSync, type Step } from './step.js';
import { FdStorage } from './storage.js';

const openAsync = promisify(fs.open);
const unlinkAsync = promisify(fs.unlink);
const closeAsync = promisify(fs.close);

/** Options shared by the file classes. */
export interface FileOptions<M extends string = string> extends NameOptions {
  /** A Python mode (`'w+b'`, `'w+t'`, `'w+'`, `'r+b'`, ...). Default `'w+b'`. */
  mode?: M;
  /** Text modes only: `utf8` (default), `utf16le`, `latin1` or `ascii` (and aliases). */
  encoding?: BufferEncoding;
}

/**
 * Options whose `mode` is a `string` known only at run time (the second
 * overload of every `create`): `read()` then returns `Buffer | string`.
 */
export type WithDynamicMode<O, M extends string> = Omit<O, 'mode'> & { mode: CheckedMode<M> };

/** Options of `TemporaryFile.create`. `prefix`/`suffix` matter only without `O_TMPFILE`. */
export type TemporaryFileOptions<M extends string = string> = FileOptions<M>;

/** Mode and encoding, validated before anything touches the disk. */
export interface ValidatedFileOptions {
  parsed: ParsedMode;
  encoding: TextEncoding | undefined;
}

/** Checks `mode` and `encoding` of file options (no disk access). */
export function validateFileOptions(options: unknown, fn: string): ValidatedFileOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw argTypeError(
      `${fn}: options must be an object (got ${options === null ? 'null' : typeof options})`,
    );
  }
  const opts = (options ?? {}) as FileOptions;
  const parsed = parseMode(opts.mode);
  return { parsed, encoding: resolveEncoding(parsed, opts.encoding) };
}

// CPython's _O_TMPFILE_WORKS: once a kernel shows it ignores the flag, stop trying.
let tmpfileWorks = TMPFILE_FLAGS !== undefined;

/**
 * Decides whether a failed `O_TMPFILE` open should fall back to `mkstemp`:
 * any OS error does (the filesystem may not support it, and `mkstemp` then
 * reports a real problem such as a missing dir with a clear message).
 * `EISDIR` means the kernel predates `O_TMPFILE` and read it as
 * `O_DIRECTORY`: remembered, as in CPython.
 */
function tmpfileFailed(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return false;
  if (code === 'EISDIR') tmpfileWorks = false;
  return true;
}

/** Test hook: pretend `O_TMPFILE` is unavailable (`true`) or restore detection. */
export function forceMkstempFallback(force: boolean): void {
  tmpfileWorks = !force && TMPFILE_FLAGS !== undefined;
}

/** The `O_TMPFILE` open of `dir`: an anonymous `0o600` file, no name ever. */
class OpenTmpfile implements Step<number> {
  constructor(
    readonly dir: PathLike,
    readonly flags: number,
  ) {}
  sync(): number {
    return fs.openSync(this.dir, this.flags, 0o600);
  }
  async(): Promise<number> {
    return openAsync(this.dir, this.flags, 0o600);
  }
}

/**
 * Opens an anonymous file: `O_TMPFILE` where it works, else CPython's
 * fallback, `mkstemp` (the shared creation loop) then `unlink`. Errors name `fn`.
 */
function* openTemporaryFdOp(options: NameOptions | undefined, fn: string): Op<number> {
  const resolved: ResolvedPaths = resolveNames(options, fn);
  if (tmpfileWorks && TMPFILE_FLAGS !== undefined) {
    try {
      return yield* perform(new OpenTmpfile(resolved.dir, TMPFILE_FLAGS));
    } catch (error) {
      if (!tmpfileFailed(error)) throw error;
    }
  }
  const created = yield* mkstempOp(resolved, fn);
  const { fd, path } = created;
  try {
    yield* perform({ sync: () => fs.unlinkSync(path), async: () => unlinkAsync(path) });
  } catch (error) {
    yield* perform({ sync: () => fs.closeSync(fd), async: () => closeAsync(fd) });
    throw error;
  }
  return fd;
}

/**
 * Opens an anonymous read-write file (mode `0o600`) in `options.dir` (default
 * `gettempdir()`) and returns its fd. The caller owns the fd.
 */
export function openTemporaryFdSync(options?: NameOptions, fn = 'TemporaryFile'): number {
  return runSync(openTemporaryFdOp(options, fn));
}

/** The Promise form of `openTemporaryFdSync`. */
export function openTemporaryFd(options?: NameOptions, fn = 'TemporaryFile'): Promise<number> {
  return runAsync(openTemporaryFdOp(options, fn));
}

/**
 * Python's `tempfile.TemporaryFile`: a file with no name, gone when closed
 * (or when the process ends, whatever happens). `name` is the fd number.
 */
export class TemporaryFile<M extends string = DefaultMode> extends FileObject<M> {
  readonly #fd: number;

  protected constructor(fd: number, validated: ValidatedFileOptions) {
    super(new FdStorage(fd), validated.parsed, validated.encoding);
    this.#fd = fd;
  }

  /** The fd number, as CPython's `name` on POSIX. */
  get name(): number {
    return this.#fd;
  }

  /** Creates an anonymous temporary file. */
  static create<M extends FileMode = DefaultMode>(
    options?: TemporaryFileOptions<M>,
  ): Promise<TemporaryFile<M>>;
  static create<M extends string>(
    options: WithDynamicMode<TemporaryFileOptions, M>,
  ): Promise<TemporaryFile<M>>;
  static async create(options?: TemporaryFileOptions): Promise<TemporaryFile<string>> {
    const validated = validateFileOptions(options, 'TemporaryFile');
    return new TemporaryFile(await openTemporaryFd(options), validated);
  }

  /** The synchronous form of `create`. */
  static createSync<M extends FileMode = DefaultMode>(
    options?: TemporaryFileOptions<M>,
  ): TemporaryFile<M>;
  static createSync<M extends string>(
    options: WithDynamicMode<TemporaryFileOptions, M>,
  ): TemporaryFile<M>;
  static createSync(options?: TemporaryFileOptions): TemporaryFile<string> {
    const validated = validateFileOptions(options, 'TemporaryFile');
    return new TemporaryFile(openTemporaryFdSync(options), validated);
  }
}
