/**
 * The seed's `TempFileManager`: context-manager style temp files and dirs
 * with one place that tracks and removes whatever was kept.
 */

import type { Stats } from 'node:fs';
import { inspect } from 'node:util';
import { fs } from '../builtins.js';
import { removeTree, removeTreeSync } from '../cleanup.js';
import { argTypeError, argValueError } from '../errors.js';
import { mkdtemp, mkstemp } from '../lowlevel.js';
import type { FileMode } from '../mode.js';
import { NamedTemporaryFile } from '../named.js';
import { checkNamePart } from '../names.js';

/** Options of `new TempFileManager(...)`. */
export interface TempFileManagerOptions {
  /** Where everything is created. Default `gettempdir()`. */
  baseDir?: string;
  /** Name prefix of everything created. Default `'app_'`. */
  prefix?: string;
  /**
   * When the callback of `withTempFile`/`withTempDirectory` throws: `true`
   * removes the resource whatever `delete` says; `false` keeps it for
   * inspection and tracks it. Default `true`.
   */
  cleanupOnError?: boolean;
}

/** Options of `withTempFile`. */
export interface ManagedFileOptions<M extends FileMode = 'w+b'> {
  suffix?: string;
  mode?: M;
  encoding?: BufferEncoding;
  /** `false` keeps the file after the callback returns, tracked. Default `true`. */
  delete?: boolean;
}

/** Options of `withTempDirectory`. */
export interface ManagedDirOptions {
  suffix?: string;
  /** `false` keeps the dir after the callback returns, tracked. Default `true`. */
  delete?: boolean;
}

/** Options of `createTempFile` / `createTempDir`. */
export interface ManagedPathOptions {
  suffix?: string;
}

function checkOptionsObject(value: unknown, what: string): void {
  if (value !== undefined && (value === null || typeof value !== 'object')) {
    throw argTypeError(`${what} must be an object (got ${value === null ? 'null' : typeof value})`);
  }
}

function checkCallback(fn: unknown, what: string): void {
  if (typeof fn !== 'function') {
    throw argTypeError(`${what}: the callback must be a function (got ${typeof fn})`);
  }
}

async function removePath(target: string): Promise<void> {
  let stat: Stats;
  try {
    stat = await fs.promises.lstat(target);
  } catch {
    return;
  }
  if (stat.isDirectory()) await removeTree(target, { ignoreErrors: true });
  else await fs.promises.rm(target, { force: true }).catch(() => {});
}

function removePathSync(target: string): void {
  let stat: Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return;
  }
  if (stat.isDirectory()) removeTreeSync(target, { ignoreErrors: true });
  else {
    try {
      fs.rmSync(target, { force: true });
    } catch {}
  }
}

/**
 * Creates temp files and dirs under one prefix and base dir, removes them
 * when their callback ends, and tracks what it was told to keep, so that
 * `cleanupAll()` (or disposing the manager) removes everything at once.
 */
export class TempFileManager {
  readonly baseDir: string | undefined;
  readonly prefix: string;
  readonly cleanupOnError: boolean;
  readonly #tracked: string[] = [];

  constructor(options: TempFileManagerOptions = {}) {
    checkOptionsObject(options, 'TempFileManager options');
    const { baseDir, prefix = 'app_', cleanupOnError = true } = options;
    if (baseDir !== undefined && typeof baseDir !== 'string') {
      throw argTypeError(`TempFileManager: baseDir must be a string (got ${typeof baseDir})`);
    }
    if (typeof prefix !== 'string') {
      throw argTypeError(`TempFileManager: prefix must be a string (got ${typeof prefix})`);
    }
    if (typeof cleanupOnError !== 'boolean') {
      throw argTypeError(
        `TempFileManager: cleanupOnError must be a boolean (got ${typeof cleanupOnError})`,
      );
    }
    if (baseDir?.includes('\0')) {
      throw argValueError(
        `TempFileManager: baseDir must not contain NUL (got ${inspect(baseDir)})`,
      );
    }
    checkNamePart(prefix, 'prefix', 'TempFileManager');
    this.baseDir = baseDir;
    this.prefix = prefix;
    this.cleanupOnError = cleanupOnError;
  }

  /** The paths kept so far and not yet removed by `cleanupAll`. */
  get tracked(): readonly string[] {
    return [...this.#tracked];
  }

  /** The naming options of one creation; `suffix` is checked for `fn` before anything is created. */
  #names(suffix: string | undefined, fn: string) {
    checkNamePart(suffix, 'suffix', `TempFileManager.${fn}`);
    return {
      prefix: this.prefix,
      suffix: suffix ?? '',
      ...(this.baseDir === undefined ? {} : { dir: this.baseDir }),
    };
  }

  /**
   * Runs `fn` with an open `NamedTemporaryFile`; closes it afterwards and
   * removes it unless `delete: false` (then it is tracked). If `fn` throws,
   * the error propagates and `cleanupOnError` decides: remove, or keep and track.
   */
  async withTempFile<M extends FileMode = 'w+b', R = void>(
    options: ManagedFileOptions<M>,
    fn: (file: NamedTemporaryFile<M>) => R | Promise<R>,
  ): Promise<R> {
    checkOptionsObject(options, 'withTempFile options');
    checkCallback(fn, 'withTempFile');
    const { suffix, mode, encoding, delete: shouldDelete = true } = options ?? {};
    const file = await NamedTemporaryFile.create<M>({
      ...this.#names(suffix, 'withTempFile'),
      ...(mode === undefined ? {} : { mode }),
      ...(encoding === undefined ? {} : { encoding }),
      delete: false,
    });
    return this.#run(
      file.name,
      shouldDelete,
      () => fn(file),
      () => file.close(),
    );
  }

  /**
   * Runs `fn` with the path of a new `0o700` dir; removes the dir afterwards
   * unless `delete: false` (then it is tracked). Errors as `withTempFile`.
   */
  async withTempDirectory<R = void>(
    options: ManagedDirOptions,
    fn: (dir: string) => R | Promise<R>,
  ): Promise<R> {
    checkOptionsObject(options, 'withTempDirectory options');
    checkCallback(fn, 'withTempDirectory');
    const { suffix, delete: shouldDelete = true } = options ?? {};
    const dir = await mkdtemp(this.#names(suffix, 'withTempDirectory'));
    return this.#run(
      dir,
      shouldDelete,
      () => fn(dir),
      async () => {},
    );
  }

  async #run<R>(
    target: string,
    shouldDelete: boolean,
    body: () => R | Promise<R>,
    close: () => Promise<void>,
  ): Promise<R> {
    let result: R;
    try {
      result = await body();
    } catch (error) {
      await close();
      if (this.cleanupOnError) await removePath(target);
      else this.#tracked.push(target);
      throw error;
    }
    await close();
    if (shouldDelete) await removePath(target);
    else this.#tracked.push(target);
    return result;
  }

  /** Creates an empty `0o600` file and returns its path; tracked. */
  async createTempFile(options: ManagedPathOptions = {}): Promise<string> {
    checkOptionsObject(options, 'createTempFile options');
    const { fd, path } = await mkstemp(this.#names(options.suffix, 'createTempFile'));
    fs.closeSync(fd);
    this.#tracked.push(path);
    return path;
  }

  /** Creates a `0o700` dir and returns its path; tracked. */
  async createTempDir(options: ManagedPathOptions = {}): Promise<string> {
    checkOptionsObject(options, 'createTempDir options');
    const dir = await mkdtemp(this.#names(options.suffix, 'createTempDir'));
    this.#tracked.push(dir);
    return dir;
  }

  /** Removes everything tracked, tolerating what is already gone. */
  async cleanupAll(): Promise<void> {
    const paths = this.#tracked.splice(0);
    for (const target of paths) await removePath(target);
  }

  /** The synchronous form of `cleanupAll`. */
  cleanupAllSync(): void {
    for (const target of this.#tracked.splice(0)) removePathSync(target);
  }

  [Symbol.dispose](): void {
    this.cleanupAllSync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cleanupAll();
  }
}
