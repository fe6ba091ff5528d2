/**
 * `NamedTemporaryFile`: a file with a visible path (made by `mkstemp`),
 * removed on close or on dispose as Python 3.12 decides, and at process
 * exit if it was leaked.
 */

import { promisify } from 'node:util';
import { fs } from './builtins.js';
import { argTypeError } from './errors.js';
import {
  type FileOptions,
  type ValidatedFileOptions,
  validateFileOptions,
  type WithDynamicMode,
} from './file.js';
import { FileObject } from './file-object.js';
import { type Finalizer, registerFinalizer } from './finalizer.js';
import { type MkstempResult, mkstempOp, type ResolvedPaths, resolveNames } from './lowlevel.js';
import type { DefaultMode, FileMode } from './mode.js';
import type { PathLike } from './names.js';
import { type Op, perform, runAsync, runSync } from './step.js';
import { FdStorage } from './storage.js';

const unlinkAsync = promisify(fs.unlink);

const FN = 'NamedTemporaryFile';

/** Options of `NamedTemporaryFile.create`. */
export interface NamedTemporaryFileOptions<M extends string = string, P extends PathLike = PathLike>
  extends FileOptions<M> {
  suffix?: P;
  prefix?: P;
  dir?: P;
  /** Remove the file at all (on close or dispose, see `deleteOnClose`). Default `true`. */
  delete?: boolean;
  /**
   * With `delete`: remove on `close()` (`true`, default) or only on dispose
   * (`false`), so the file can be closed and reopened by name meanwhile.
   */
  deleteOnClose?: boolean;
}

/** The path type that follows from the naming options: `Buffer` if they are Buffers. */
export type PathOf<P> = P extends Buffer ? Buffer : string;

interface CheckedOptions {
  validated: ValidatedFileOptions;
  names: ResolvedPaths;
  delete: boolean;
  deleteOnClose: boolean;
}

function checkFlag(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw argTypeError(
    `${FN}: the "${name}" option must be a boolean (got ${typeof value}: ${String(value)})`,
  );
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Python's `tempfile.NamedTemporaryFile`: `name` is the absolute path of a
 * `0o600` file. With `delete && deleteOnClose` (the defaults) the file goes
 * on `close()`; with `delete && !deleteOnClose` it survives `close()` and
 * goes on dispose; with `!delete` the library never removes it. Whatever
 * still owns deletion at process exit is removed then.
 */
export class NamedTemporaryFile<
  M extends string = DefaultMode,
  P extends PathLike = string,
> extends FileObject<M> {
  readonly #path: P;
  readonly #delete: boolean;
  readonly #deleteOnClose: boolean;
  #finalizer: Finalizer | undefined;

  protected constructor(
    created: MkstempResult<P>,
    validated: ValidatedFileOptions,
    remove: { delete: boolean; deleteOnClose: boolean },
  ) {
    super(new FdStorage(created.fd), validated.parsed, validated.encoding);
    this.#path = created.path;
    this.#delete = remove.delete;
    this.#deleteOnClose = remove.deleteOnClose;
    if (this.#delete) this.#finalizer = registerFinalizer(() => this.#removeAtExit());
  }

  /** The absolute path of the file (a Buffer when the naming options were Buffers). */
  get name(): P {
    return this.#path;
  }

  /** Creates a named temporary file. */
  static create<M extends FileMode = DefaultMode, P extends PathLike = string>(
    options?: NamedTemporaryFileOptions<M, P>,
  ): Promise<NamedTemporaryFile<M, PathOf<P>>>;
  static create<M extends string, P extends PathLike = string>(
    options: WithDynamicMode<NamedTemporaryFileOptions<string, P>, M>,
  ): Promise<NamedTemporaryFile<M, PathOf<P>>>;
  static async create(
    options?: NamedTemporaryFileOptions,
  ): Promise<NamedTemporaryFile<string, PathLike>> {
    const checked = NamedTemporaryFile.#validate(options);
    const created = await runAsync(mkstempOp(checked.names, FN));
    return new NamedTemporaryFile(created, checked.validated, checked);
  }

  /** The synchronous form of `create`. */
  static createSync<M extends FileMode = DefaultMode, P extends PathLike = string>(
    options?: NamedTemporaryFileOptions<M, P>,
  ): NamedTemporaryFile<M, PathOf<P>>;
  static createSync<M extends string, P extends PathLike = string>(
    options: WithDynamicMode<NamedTemporaryFileOptions<string, P>, M>,
  ): NamedTemporaryFile<M, PathOf<P>>;
  static createSync(options?: NamedTemporaryFileOptions): NamedTemporaryFile<string, PathLike> {
    const checked = NamedTemporaryFile.#validate(options);
    const created = runSync(mkstempOp(checked.names, FN));
    return new NamedTemporaryFile(created, checked.validated, checked);
  }

  static #validate(
    options: NamedTemporaryFileOptions<string, PathLike> | undefined,
  ): CheckedOptions {
    const validated = validateFileOptions(options, FN);
    const remove = {
      delete: checkFlag(options?.delete, 'delete') ?? true,
      deleteOnClose: checkFlag(options?.deleteOnClose, 'deleteOnClose') ?? true,
    };
    // Naming options last (the dir lookup may touch the disk), still before any creation.
    return { validated, names: resolveNames(options, FN), ...remove };
  }

  protected override *afterClose(): Op<void> {
    if (this.#delete && this.#deleteOnClose) yield* this.#removeOp();
  }

  *#removeOp(): Op<void> {
    if (this.#finalizer === undefined) return;
    const path = this.#path;
    yield* perform({
      sync: () => {
        try {
          fs.unlinkSync(path);
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      },
      async: async () => {
        try {
          await unlinkAsync(path);
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      },
    });
    this.#finalizer.unregister();
    this.#finalizer = undefined;
  }

  #removeAtExit(): void {
    try {
      this.closeSync();
    } finally {
      runSync(this.#removeOp());
    }
  }

  /** `using`: closes the file and, with `delete`, removes it. */
  override [Symbol.dispose](): void {
    try {
      this.closeSync();
    } finally {
      if (this.#delete) runSync(this.#removeOp());
    }
  }

  /** `await using`: closes the file and, with `delete`, removes it. */
  override async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.close();
    } finally {
      if (this.#delete) await this.enqueue(() => this.#removeOp());
    }
  }
}
