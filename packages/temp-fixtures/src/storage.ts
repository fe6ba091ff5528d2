/**
 * Where a file object's bytes live: an OS file descriptor, or a growable
 * in-memory buffer (the spooled file before rollover). Both are addressed by
 * explicit positions, so the file object alone owns the current position.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import { immediate, type Step } from './step.js';

const readAsync = promisify(fs.read);
const writeAsync = promisify(fs.write);
const fstatAsync = promisify(fs.fstat);
const ftruncateAsync = promisify(fs.ftruncate);
const closeAsync = promisify(fs.close);

/** The byte store under a file object. */
export interface Storage {
  /** The OS file descriptor, `undefined` for memory. */
  readonly fd: number | undefined;
  /** Reads up to `target.length` bytes at `position`; 0 means end of data. */
  read(target: Buffer, position: number): Step<number>;
  /** Writes all of `data` at `position`, extending the store as needed. */
  write(data: Uint8Array, position: number): Step<void>;
  /** The current size in bytes. */
  size(): Step<number>;
  /** Sets the size: shrinks, or (files only) extends with zeros. */
  truncate(size: number): Step<void>;
  /** Releases the store. */
  close(): Step<void>;
}

/** A store over an open file descriptor, using positional reads and writes. */
export class FdStorage implements Storage {
  constructor(readonly fd: number) {}

  read(target: Buffer, position: number): Step<number> {
    return {
      sync: () => fs.readSync(this.fd, target, 0, target.length, position),
      async: async () => (await readAsync(this.fd, target, 0, target.length, position)).bytesRead,
    };
  }

  write(data: Uint8Array, position: number): Step<void> {
    // A positional write may be short (e.g. a signal); keep going until all is out.
    return {
      sync: () => {
        for (let done = 0; done < data.length; ) {
          done += fs.writeSync(this.fd, data, done, data.length - done, position + done);
        }
      },
      async: async () => {
        for (let done = 0; done < data.length; ) {
          const { bytesWritten } = await writeAsync(
            this.fd,
            data,
            done,
            data.length - done,
            position + done,
          );
          done += bytesWritten;
        }
      },
    };
  }

  size(): Step<number> {
    return {
      sync: () => fs.fstatSync(this.fd).size,
      async: async () => (await fstatAsync(this.fd)).size,
    };
  }

  truncate(size: number): Step<void> {
    return {
      sync: () => fs.ftruncateSync(this.fd, size),
      async: () => ftruncateAsync(this.fd, size),
    };
  }

  close(): Step<void> {
    return {
      sync: () => fs.closeSync(this.fd),
      async: () => closeAsync(this.fd),
    };
  }
}

const INITIAL_CAPACITY = 256;

/**
 * An in-memory store with `BytesIO` semantics: capacity doubles as it grows
 * (amortised O(1) appends), writing past the end zero-fills the gap, and
 * `truncate` never extends.
 */
export class MemoryStorage implements Storage {
  readonly fd = undefined;
  #buffer = Buffer.alloc(0);
  #length = 0;

  /** The stored bytes (a view, valid until the next write). */
  contents(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  read(target: Buffer, position: number): Step<number> {
    return immediate(() => {
      if (position >= this.#length) return 0;
      return this.#buffer.copy(
        target,
        0,
        position,
        Math.min(this.#length, position + target.length),
      );
    });
  }

  write(data: Uint8Array, position: number): Step<void> {
    return immediate(() => {
      const end = position + data.length;
      if (end > this.#buffer.length) this.#grow(end);
      // Bytes between the old end and `position` may be stale from a truncate.
      if (position > this.#length) this.#buffer.fill(0, this.#length, position);
      this.#buffer.set(data, position);
      this.#length = Math.max(this.#length, end);
    });
  }

  size(): Step<number> {
    return immediate(() => this.#length);
  }

  truncate(size: number): Step<void> {
    return immediate(() => {
      this.#length = Math.min(this.#length, size);
    });
  }

  close(): Step<void> {
    return immediate(() => {
      this.#buffer = Buffer.alloc(0);
      this.#length = 0;
    });
  }

  #grow(needed: number): void {
    const capacity = Math.max(needed, this.#buffer.length * 2, INITIAL_CAPACITY);
    const grown = Buffer.alloc(capacity);
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
