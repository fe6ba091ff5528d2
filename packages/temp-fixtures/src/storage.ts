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

/** Bytes per page of a `MemoryStorage` once it outgrows its first page. */
export const PAGE_SIZE = 64 * 1024;

const INITIAL_CAPACITY = 256;

/**
 * An in-memory store with `BytesIO` semantics: writing past the end
 * zero-fills the gap, and `truncate` never extends. The bytes live in pages
 * of `PAGE_SIZE` (the first one starts small and doubles up to that size), so
 * growing never copies what is already stored: appends cost O(1) each and
 * memory grows linearly. Pages are allocated uninitialised; nothing past the
 * logical length is ever readable, and a gap is zeroed when it is written.
 */
export class MemoryStorage implements Storage {
  readonly fd = undefined;
  #pages: Buffer[] = [];
  #length = 0;

  /** The number of stored bytes. */
  get length(): number {
    return this.#length;
  }

  /** The stored bytes, in order, as views valid until the next write or truncate. */
  chunks(): Buffer[] {
    const chunks: Buffer[] = [];
    for (let start = 0; start < this.#length; start += PAGE_SIZE) {
      const page = this.#pages[start / PAGE_SIZE] as Buffer;
      chunks.push(page.subarray(0, Math.min(PAGE_SIZE, this.#length - start)));
    }
    return chunks;
  }

  /** Copies up to `target.length` bytes from `position` into `target`; 0 at the end. */
  readAt(target: Uint8Array, position: number): number {
    const end = Math.min(this.#length, position + target.length);
    let offset = position;
    while (offset < end) {
      const page = this.#pages[Math.floor(offset / PAGE_SIZE)] as Buffer;
      const inPage = offset % PAGE_SIZE;
      const n = Math.min(end - offset, PAGE_SIZE - inPage);
      target.set(page.subarray(inPage, inPage + n), offset - position);
      offset += n;
    }
    return Math.max(0, end - position);
  }

  /** Writes all of `data` at `position`, zero-filling any gap after the current end. */
  writeAt(data: Uint8Array, position: number): void {
    // The common case (small appends): no gap, within one allocated page, one copy.
    const inPage = position % PAGE_SIZE;
    const index = (position - inPage) / PAGE_SIZE;
    const pages = this.#pages;
    if (index < pages.length && position <= this.#length) {
      const page = pages[index] as Buffer;
      if (inPage + data.length <= page.length) {
        page.set(data, inPage);
        if (position + data.length > this.#length) this.#length = position + data.length;
        return;
      }
    }
    this.#writeSpanning(data, position);
  }

  /** The general case: allocates pages, zero-fills a gap, crosses page boundaries. */
  #writeSpanning(data: Uint8Array, position: number): void {
    const end = position + data.length;
    if (end === position) return;
    this.#reserve(end);
    // Bytes between the old end and `position` are uninitialised or stale from a truncate.
    if (position > this.#length) this.#fill(this.#length, position);
    for (let done = 0; done < data.length; ) {
      const at = position + done;
      const offset = at % PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - offset);
      (this.#pages[Math.floor(at / PAGE_SIZE)] as Buffer).set(
        data.subarray(done, done + n),
        offset,
      );
      done += n;
    }
    if (end > this.#length) this.#length = end;
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
      this.#pages.length = Math.min(this.#pages.length, Math.ceil(this.#length / PAGE_SIZE));
    });
  }

  close(): Step<void> {
    return immediate(() => {
      this.#pages = [];
      this.#length = 0;
    });
  }

  /** Makes sure bytes `[0, end)` have pages (uninitialised past the length). */
  #reserve(end: number): void {
    const pages = this.#pages;
    if (end <= PAGE_SIZE) {
      const capacity = pages.length === 0 ? 0 : (pages[0] as Buffer).length;
      if (end <= capacity) return;
      // The first page starts small and doubles, so a small spool stays small.
      const grown = Buffer.allocUnsafe(
        Math.min(PAGE_SIZE, Math.max(end, capacity * 2, INITIAL_CAPACITY)),
      );
      if (pages.length > 0) (pages[0] as Buffer).copy(grown, 0, 0, this.#length);
      pages[0] = grown;
      return;
    }
    if (pages.length > 0 && (pages[0] as Buffer).length < PAGE_SIZE) {
      const full = Buffer.allocUnsafe(PAGE_SIZE);
      (pages[0] as Buffer).copy(full, 0, 0, this.#length);
      pages[0] = full;
    }
    for (let count = Math.ceil(end / PAGE_SIZE); pages.length < count; ) {
      pages.push(Buffer.allocUnsafe(PAGE_SIZE));
    }
  }

  /** Zeroes bytes `[from, to)`, which must have pages. */
  #fill(from: number, to: number): void {
    for (let offset = from; offset < to; ) {
      const inPage = offset % PAGE_SIZE;
      const n = Math.min(to - offset, PAGE_SIZE - inPage);
      (this.#pages[Math.floor(offset / PAGE_SIZE)] as Buffer).fill(0, inPage, inPage + n);
      offset += n;
    }
  }
}
