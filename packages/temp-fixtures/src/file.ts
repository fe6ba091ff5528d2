/**
 * `TemporaryFile`: an anonymous file. On Linux it is opened with `O_TMPFILE`,
 * so no name ever exists; elsewhere (or where the filesystem refuses) it is
 * created with `mkstemp` and unlinked at once, as CPython does.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import { argTypeError, explainFsError } from './errors.js';
import { FileObject } from './file-object.js';
import { mkstemp, mkstempSync, type ResolvedPaths, resolveNames } from './lowlevel.js';
import {
  type CheckedMode,
  type DefaultMode,
  type FileMode,
  type ParsedMode,
  parseMode,
  resolveEncoding,
  type TextEncoding,
} from './mode.js';
import { displayPath, type NameOptions } from './names.js';
import { TMPFILE_FLAGS } from './platform.js';
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

/**
 * Opens an anonymous read-write file (mode `0o600`) in `options.dir` (default
 * `gettempdir()`) and returns its fd. The caller owns the fd.
 */
export function openTemporaryFdSync(options?: NameOptions, fn = 'TemporaryFile'): number {
  const resolved: ResolvedPaths = resolveNames(options, fn);
  if (tmpfileWorks && TMPFILE_FLAGS !== undefined) {
    try {
      return fs.openSync(resolved.dir, TMPFILE_FLAGS, 0o600);
    } catch (error) {
      if (!tmpfileFailed(error)) throw error;
    }
  }
  let created: { fd: number; path: string | Buffer };
  try {
    created = mkstempSync(resolved);
  } catch (error) {
    throw explainFsError(error, fn, displayPath(resolved.dir));
  }
  try {
    fs.unlinkSync(created.path);
  } catch (error) {
    fs.closeSync(created.fd);
    throw error;
  }
  return created.fd;
}

/** The Promise form of `openTemporaryFdSync`. */
export async function openTemporaryFd(
  options?: NameOptions,
  fn = 'TemporaryFile',
): Promise<number> {
  const resolved: ResolvedPaths = resolveNames(options, fn);
  if (tmpfileWorks && TMPFILE_FLAGS !== undefined) {
    try {
      return await openAsync(resolved.dir, TMPFILE_FLAGS, 0o600);
    } catch (error) {
      if (!tmpfileFailed(error)) throw error;
    }
  }
  let created: { fd: number; path: string | Buffer };
  try {
    created = await mkstemp(resolved);
  } catch (error) {
    throw explainFsError(error, fn, displayPath(resolved.dir));
  }
  try {
    await unlinkAsync(created.path);
  } catch (error) {
    await closeAsync(created.fd);
    throw error;
  }
  return created.fd;
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
