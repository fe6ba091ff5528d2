/**
 * `SpooledTemporaryFile`: data stays in memory until it outgrows `maxSize`
 * (or a file descriptor is needed), then moves to an anonymous
 * `TemporaryFile`, with exactly CPython's rollover rules.
 */
import { argTypeError, outOfRangeError } from './errors.js';
import {
  type FileOptions,
  openTemporaryFd,
  openTemporaryFdSync,
  type ValidatedFileOptions,
  validateFileOptions,
  type WithDynamicMode,
} from './file.js';
import { FileObject } from './file-object.js';
import type { DefaultMode, FileMode } from './mode.js';
import { inferPathType, type NameOptions } from './names.js';
import { type Op, perform, runSync } from './step.js';
import { FdStorage, MemoryStorage } from './storage.js';

/** Options of `SpooledTemporaryFile.create`. */
export interface SpooledTemporaryFileOptions<M extends string = string> extends FileOptions<M> {
  /**
   * Roll over to disk once a write leaves the position beyond this many
   * bytes. `0` (default) means no limit: only `truncate(size > 0)`,
   * `rollover()` and `fileno()` roll over.
   */
  maxSize?: number;
}

function checkMaxSize(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') {
    throw argTypeError(
      `SpooledTemporaryFile: the "maxSize" option must be a number of bytes (got ${typeof value}: ${String(value)})`,
    );
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw outOfRangeError(
      `SpooledTemporaryFile: the "maxSize" option must be a non-negative integer (got ${value}); accepted: 0 to ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)`,
    );
  }
  return value;
}

/**
 * Python's `tempfile.SpooledTemporaryFile`. Until rollover nothing touches
 * the disk (not even the temp-dir lookup); `name` is `null` then, and the
 * fd number after. Rollover keeps content and position.
 */
export class SpooledTemporaryFile<M extends string = DefaultMode> extends FileObject<M> {
  readonly #maxSize: number;
  readonly #names: NameOptions;
  #fd: number | undefined;

  protected constructor(validated: ValidatedFileOptions, maxSize: number, names: NameOptions) {
    super(new MemoryStorage(), validated.parsed, validated.encoding);
    this.#maxSize = maxSize;
    this.#names = names;
  }

  static #build(options: SpooledTemporaryFileOptions | undefined): SpooledTemporaryFile<string> {
    const validated = validateFileOptions(options, 'SpooledTemporaryFile');
    const maxSize = checkMaxSize(options?.maxSize);
    const names: NameOptions = {
      prefix: options?.prefix,
      suffix: options?.suffix,
      dir: options?.dir,
    };
    // Type-check the naming options now; resolve them (gettempdir) only on rollover.
    inferPathType(names, 'SpooledTemporaryFile');
    return new SpooledTemporaryFile(validated, maxSize, names);
  }

  /** `null` while in memory; the fd number once rolled over. */
  get name(): number | null {
    return this.#fd ?? null;
  }

  /** Whether the data has moved to a file on disk. */
  get rolledOver(): boolean {
    return this.#fd !== undefined;
  }

  /** The rollover threshold in bytes (`0`: none). */
  get maxSize(): number {
    return this.#maxSize;
  }

  /** Creates a spooled file (no disk access). */
  static create<M extends FileMode = DefaultMode>(
    options?: SpooledTemporaryFileOptions<M>,
  ): Promise<SpooledTemporaryFile<M>>;
  static create<M extends string>(
    options: WithDynamicMode<SpooledTemporaryFileOptions, M>,
  ): Promise<SpooledTemporaryFile<M>>;
  static async create(
    options?: SpooledTemporaryFileOptions,
  ): Promise<SpooledTemporaryFile<string>> {
    return SpooledTemporaryFile.#build(options);
  }

  /** The synchronous form of `create`. */
  static createSync<M extends FileMode = DefaultMode>(
    options?: SpooledTemporaryFileOptions<M>,
  ): SpooledTemporaryFile<M>;
  static createSync<M extends string>(
    options: WithDynamicMode<SpooledTemporaryFileOptions, M>,
  ): SpooledTemporaryFile<M>;
  static createSync(options?: SpooledTemporaryFileOptions): SpooledTemporaryFile<string> {
    return SpooledTemporaryFile.#build(options);
  }

  /** Moves the data to an anonymous file on disk now (no-op if done). */
  rollover(): Promise<void> {
    return this.enqueue(() => this.#rolloverOp());
  }

  /** The synchronous form of `rollover`. */
  rolloverSync(): void {
    runSync(this.#rolloverOp());
  }

  /** The fd of the file on disk; rolls over first, as in CPython. */
  override fileno(): number {
    this.rolloverSync();
    return super.fileno();
  }

  protected override afterWrite(): Op<void> | undefined {
    // Strictly past `maxSize`, as CPython's `_check`.
    return this.#maxSize > 0 && this.tell() > this.#maxSize ? this.#rolloverOp() : undefined;
  }

  protected override *beforeTruncate(size: number | undefined): Op<void> {
    if (size !== undefined && size > this.#maxSize) yield* this.#rolloverOp();
  }

  *#rolloverOp(): Op<void> {
    this.checkOpen();
    if (this.#fd !== undefined) return;
    const memory = this.storage as MemoryStorage;
    const fd = yield* perform({
      sync: () => openTemporaryFdSync(this.#names, 'SpooledTemporaryFile'),
      async: () => openTemporaryFd(this.#names, 'SpooledTemporaryFile'),
    });
    const disk = new FdStorage(fd);
    try {
      // Only the allocated pages, at their offsets, then the length: a gap
      // the spool never stored stays a hole in the file (sparse), not zeros.
      let end = 0;
      for (const page of memory.pages()) {
        yield* perform(disk.write(page.bytes, page.offset));
        end = page.offset + page.bytes.length;
      }
      if (end < memory.length) yield* perform(disk.truncate(memory.length));
    } catch (error) {
      runSync(perform(disk.close()));
      throw error;
    }
    this.storage = disk;
    this.#fd = fd;
    runSync(perform(memory.close()));
  }
}
