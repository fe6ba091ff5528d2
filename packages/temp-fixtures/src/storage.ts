/**
 * Where a file object's bytes live: an OS file descriptor, or a growable
 * in-memory buffer (the spooled file before rollover). Both are addressed by
 * explicit positions, so the file object alone owns the current position.
 */

import { promisify } from 'node:util';
import { fs } from './builtins.js';
import { outOfRangeError } from './errors.js';
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

/**
 * Refuses a positional I/O whose range is not within `[0, MAX_SAFE_INTEGER]`:
 * `node:fs` treats an unsafe position as "the current file position", which
 * would silently read or write somewhere else (the start of the file).
 */
function checkSpan(operation: string, position: number, length: number): void {
  if (!Number.isSafeInteger(position) || position < 0 || !Number.isSafeInteger(position + length)) {
    throw outOfRangeError(
      `${operation}: ${length} bytes at position ${position} are not within 0 to ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)`,
    );
  }
}

/** A store over an open file descriptor, using positional reads and writes. */
export class FdStorage implements Storage {
  constructor(readonly fd: number) {}

  read(target: Buffer, position: number): Step<number> {
    checkSpan('read', position, 0);
    return {
      sync: () => fs.readSync(this.fd, target, 0, target.length, position),
      async: async () => (await readAsync(this.fd, target, 0, target.length, position)).bytesRead,
    };
  }

  write(data: Uint8Array, position: number): Step<void> {
    checkSpan('write', position, data.length);
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

/** Bytes per page of a `MemoryStorage` (the first one may be smaller while the data is). */
export const PAGE_SIZE = 64 * 1024;

const INITIAL_CAPACITY = 256;

/** An allocated page of a `MemoryStorage`: its bytes and where they start. */
export interface StoredPage {
  /** The offset of `bytes[0]` in the data. */
  offset: number;
  /** The page's bytes within the data's length (a view, valid until the next write or truncate). */
  bytes: Buffer;
}

/**
 * An in-memory store with `BytesIO` semantics: writing past the end
 * zero-fills the gap, and `truncate` never extends. The bytes live in pages
 * of `PAGE_SIZE` (the first one starts small and doubles up to that size), so
 * growing never copies what is already stored: appends cost O(1) each and
 * memory grows linearly.
 *
 * Pages are allocated lazily and the store is sparse: a page no write has
 * touched does not exist and reads as zeros, so a 1-byte write at 2 GiB costs
 * one page, not 2 GiB of zeros. Invariants:
 * - no allocated page starts at or past the length (truncate drops them), so
 *   a gap past the end has at most one allocated page at each of its ends;
 * - page 0, when allocated, holds at least `min(length, PAGE_SIZE)` bytes;
 *   every other page holds `PAGE_SIZE`;
 * - within the length every byte of an allocated page is data or a zero of a
 *   gap; past the length a page may hold anything (it is allocated
 *   uninitialised, or kept stale by a truncate), and is never readable.
 */
export class MemoryStorage implements Storage {
  readonly fd = undefined;
  #pages = new Map<number, Buffer>();
  #length = 0;
  /** The page written last, for the common case of appending to it without a lookup. */
  #hotIndex = -1;
  #hotPage: Buffer = Buffer.alloc(0);

  /** The number of stored bytes. */
  get length(): number {
    return this.#length;
  }

  /**
   * The allocated pages in order of offset, cut at the length. The bytes
   * between them (and up to the length after the last) are zeros.
   */
  pages(): StoredPage[] {
    const indexes = [...this.#pages.keys()].sort((a, b) => a - b);
    const pages: StoredPage[] = [];
    for (const index of indexes) {
      const offset = index * PAGE_SIZE;
      if (offset >= this.#length) continue;
      const page = this.#pages.get(index) as Buffer;
      pages.push({ offset, bytes: page.subarray(0, Math.min(page.length, this.#length - offset)) });
    }
    return pages;
  }

  /** Copies up to `target.length` bytes from `position` into `target`; 0 at the end. */
  readAt(target: Uint8Array, position: number): number {
    const end = Math.min(this.#length, position + target.length);
    let offset = position;
    while (offset < end) {
      const inPage = offset % PAGE_SIZE;
      const n = Math.min(end - offset, PAGE_SIZE - inPage);
      const page = this.#pages.get((offset - inPage) / PAGE_SIZE);
      const at = offset - position;
      if (page === undefined) target.fill(0, at, at + n);
      else target.set(page.subarray(inPage, inPage + n), at);
      offset += n;
    }
    return Math.max(0, end - position);
  }

  /** Writes all of `data` at `position`, zero-filling any gap after the current end. */
  writeAt(data: Uint8Array, position: number): void {
    // The common case (small appends): no gap, within the page written last, one copy.
    if (position <= this.#length) {
      const inPage = position % PAGE_SIZE;
      if ((position - inPage) / PAGE_SIZE === this.#hotIndex) {
        const page = this.#hotPage;
        if (inPage + data.length <= page.length) {
          page.set(data, inPage);
          if (position + data.length > this.#length) this.#length = position + data.length;
          return;
        }
      }
    }
    this.#writeSpanning(data, position);
  }

  /** The general case: allocates pages, zeroes a gap, crosses page boundaries. */
  #writeSpanning(data: Uint8Array, position: number): void {
    const end = position + data.length;
    if (!Number.isSafeInteger(position) || position < 0 || !Number.isSafeInteger(end)) {
      throw outOfRangeError(
        `write: ${data.length} bytes at position ${position} would end past ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)`,
      );
    }
    if (end === position) return;
    const oldLength = this.#length;
    const newLength = Math.max(oldLength, end);
    this.#growFirstPage(newLength);
    let index = -1;
    let page = this.#hotPage;
    for (let done = 0; done < data.length; ) {
      const at = position + done;
      const inPage = at % PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - inPage);
      index = (at - inPage) / PAGE_SIZE;
      page = this.#pages.get(index) ?? this.#allocate(index, oldLength, newLength);
      page.set(data.subarray(done, done + n), inPage);
      done += n;
    }
    // Bytes between the old end and `position` are uninitialised or stale from
    // a truncate. By the invariants only the pages at the two ends of the gap
    // can exist; the pages between them stay unallocated (zeros).
    if (position > oldLength) {
      this.#zero(oldLength, Math.min(position, oldLength - (oldLength % PAGE_SIZE) + PAGE_SIZE));
      this.#zero(Math.max(oldLength, position - (position % PAGE_SIZE)), position);
    }
    this.#length = newLength;
    this.#hotIndex = index;
    this.#hotPage = page;
  }

  /** Keeps page 0, if allocated, at least `min(length, PAGE_SIZE)` bytes long. */
  #growFirstPage(newLength: number): void {
    const first = this.#pages.get(0);
    if (first === undefined || first.length >= Math.min(newLength, PAGE_SIZE)) return;
    // Doubling while the data is small, so a small spool stays small. Past the
    // old length the new page is uninitialised; a gap there is zeroed by the write.
    const grown = Buffer.allocUnsafe(
      Math.min(PAGE_SIZE, Math.max(newLength, first.length * 2, INITIAL_CAPACITY)),
    );
    first.copy(grown, 0, 0, Math.min(first.length, this.#length));
    this.#pages.set(0, grown);
    if (this.#hotIndex === 0) this.#hotPage = grown;
  }

  /** Allocates page `index` for a write that takes the length from `oldLength` to `newLength`. */
  #allocate(index: number, oldLength: number, newLength: number): Buffer {
    const offset = index * PAGE_SIZE;
    const size =
      index === 0 ? Math.min(PAGE_SIZE, Math.max(newLength, INITIAL_CAPACITY)) : PAGE_SIZE;
    // A page inside the old data is a hole that read as zeros: it must stay
    // zeros where the write does not cover it. A page past the old end holds
    // nothing readable yet (a gap in it is zeroed by the write).
    const page = offset < oldLength ? Buffer.alloc(size) : Buffer.allocUnsafe(size);
    this.#pages.set(index, page);
    return page;
  }

  /** Zeroes bytes `[from, to)` of the allocated pages among those holding them. */
  #zero(from: number, to: number): void {
    for (let offset = from; offset < to; ) {
      const inPage = offset % PAGE_SIZE;
      const n = Math.min(to - offset, PAGE_SIZE - inPage);
      this.#pages.get((offset - inPage) / PAGE_SIZE)?.fill(0, inPage, inPage + n);
      offset += n;
    }
  }

  read(target: Buffer, position: number): Step<number> {
    return immediate(() => this.readAt(target, position));
  }

  write(data: Uint8Array, position: number): Step<void> {
    return immediate(() => this.writeAt(data, position));
  }

  size(): Step<number> {
    return immediate(() => this.#length);
  }

  truncate(size: number): Step<void> {
    return immediate(() => {
      this.#length = Math.min(this.#length, size);
      // Pages wholly past the end are released; the next write past it allocates anew.
      const kept = Math.ceil(this.#length / PAGE_SIZE);
      for (const index of [...this.#pages.keys()]) {
        if (index >= kept) this.#pages.delete(index);
      }
      if (this.#hotIndex >= kept) this.#forgetHot();
    });
  }

  close(): Step<void> {
    return immediate(() => {
      this.#pages = new Map();
      this.#length = 0;
      this.#forgetHot();
    });
  }

  #forgetHot(): void {
    this.#hotIndex = -1;
    this.#hotPage = Buffer.alloc(0);
  }
}
