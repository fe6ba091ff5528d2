/**
 * The seed's `SpooledUploadHandler`: buffer a stream in memory, spilling to
 * disk past a limit, and hand back a rewound spooled file.
 */
import type { Readable } from 'node:stream';
import { argTypeError, argValueError } from '../errors.js';
import { SpooledTemporaryFile } from '../spooled.js';

/** Options of `new SpooledUploadHandler(...)`. */
export interface SpooledUploadHandlerOptions {
  /** Bytes held in memory before rolling over to disk. Default 5 MiB. */
  maxMemory?: number;
  /** Where a rolled-over file goes. Default `gettempdir()`. */
  dir?: string;
}

/** What `bufferStream` reads: any async iterable of bytes or text, or a Readable. */
export type UploadSource = AsyncIterable<Uint8Array | string> | Readable;

/**
 * Buffers uploads in a `SpooledTemporaryFile`: small bodies stay in memory,
 * large ones go to an anonymous temp file.
 */
export class SpooledUploadHandler {
  readonly maxMemory: number;
  readonly dir: string | undefined;

  constructor(options: SpooledUploadHandlerOptions = {}) {
    const { maxMemory = 5 * 1024 * 1024, dir } = options;
    if (typeof maxMemory !== 'number' || !Number.isSafeInteger(maxMemory) || maxMemory < 0) {
      throw argValueError(
        `SpooledUploadHandler: maxMemory must be a non-negative integer number of bytes (got ${String(maxMemory)})`,
      );
    }
    if (dir !== undefined && typeof dir !== 'string') {
      throw argTypeError(`SpooledUploadHandler: dir must be a string (got ${typeof dir})`);
    }
    this.maxMemory = maxMemory;
    this.dir = dir;
  }

  /**
   * Reads `source` to its end into a spooled file rewound to 0. If the source
   * errors, the file is closed (nothing left on disk) and the error rethrown.
   */
  async bufferStream(source: UploadSource): Promise<SpooledTemporaryFile> {
    if (
      source === null ||
      typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function'
    ) {
      throw argTypeError(
        'SpooledUploadHandler.bufferStream: source must be an async iterable or a Readable stream',
      );
    }
    const buffer = await SpooledTemporaryFile.create({
      maxSize: this.maxMemory,
      mode: 'w+b',
      ...(this.dir === undefined ? {} : { dir: this.dir }),
    });
    try {
      for await (const chunk of source) {
        await buffer.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      }
      buffer.seek(0);
      return buffer;
    } catch (error) {
      await buffer.close();
      throw error;
    }
  }

  /** Whether `file` still lives in memory (has not rolled over to disk). */
  isInMemory(file: SpooledTemporaryFile): boolean {
    return !file.rolledOver;
  }
}
