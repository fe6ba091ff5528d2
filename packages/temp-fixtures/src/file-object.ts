/**
 * The file object shared by `TemporaryFile`, `NamedTemporaryFile` and
 * `SpooledTemporaryFile`: Python's file API (read/write/seek/tell/truncate,
 * text and binary modes, append mode) over a `Storage`.
 */
import { StringDecoder } from 'node:string_decoder';
import { argTypeError, closedFileError, codedError, outOfRangeError } from './errors.js';
import type { DefaultMode, ParsedMode, ReadResult, TextEncoding, WriteData } from './mode.js';
import { type Op, perform, runAsync, runSync } from './step.js';
import { MemoryStorage, type Storage } from './storage.js';

/** Bytes per chunk of async iteration. */
const ITERATION_CHUNK_SIZE = 64 * 1024;

/** Python's `os.SEEK_SET`, `SEEK_CUR`, `SEEK_END`. */
export type Whence = 0 | 1 | 2;

interface TextDecoderLike {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * A streaming decoder that keeps multi-byte characters whole across chunks.
 * UTF-8 and UTF-16 are strict, like Python's default `errors='strict'`:
 * invalid data throws instead of turning into U+FFFD, which would silently
 * desynchronise byte positions from the text.
 */
function createDecoder(encoding: TextEncoding): TextDecoderLike {
  if (encoding === 'latin1' || encoding === 'ascii') {
    const decoder = new StringDecoder(encoding);
    return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() };
  }
  const decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'utf-16le', {
    fatal: true,
    ignoreBOM: true,
  });
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/** Upper bound of bytes per UTF-16 code unit in `encoding`, to size reads. */
function bytesPerUnit(encoding: TextEncoding): number {
  if (encoding === 'utf8') return 3;
  return encoding === 'utf16le' ? 2 : 1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** What `write` returns: characters in text modes, bytes in binary modes. */
function written(data: unknown, bytes: Uint8Array): number {
  return typeof data === 'string' ? data.length : bytes.length;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

const MAX = Number.MAX_SAFE_INTEGER;
const MAX_TEXT = `${MAX} (Number.MAX_SAFE_INTEGER)`;
/** Accepted by a size or position that cannot be negative. */
const UNSIGNED_RANGE = `0 to ${MAX_TEXT}`;
/** Accepted by a relative offset. */
const SIGNED_RANGE = `-${MAX} to ${MAX} (±Number.MAX_SAFE_INTEGER)`;

/**
 * Checks that a position or size argument is an integer: not a number, or a
 * finite fraction, is a `TypeError` (Python: "'float' object cannot be
 * interpreted as an integer"); `NaN` and the infinities are out of range, as
 * is any integer that is not safe (it cannot name an exact byte).
 */
function checkInteger(value: unknown, what: string, range: string): number {
  if (typeof value !== 'number') {
    throw argTypeError(`${what} must be an integer (got ${describe(value)}: ${String(value)})`);
  }
  if (!Number.isFinite(value)) {
    throw outOfRangeError(`${what} must be an integer from ${range} (got ${value})`);
  }
  if (!Number.isInteger(value)) {
    throw argTypeError(`${what} must be an integer (got number: ${value})`);
  }
  if (!Number.isSafeInteger(value)) {
    throw outOfRangeError(`${what} must be an integer from ${range} (got ${value})`);
  }
  return value;
}

/** Checks an optional size argument: `undefined`/negative mean "all" (as Python's -1/None). */
function checkReadSize(size: unknown): number | undefined {
  if (size === undefined || size === null) return undefined;
  const value = checkInteger(size, 'read: size', `${SIGNED_RANGE}; negative means all`);
  return value < 0 ? undefined : value;
}

/** Checks a size or position that must lie in `[0, MAX_SAFE_INTEGER]`. */
function checkSize(value: unknown, what: string): number {
  const size = checkInteger(value, what, UNSIGNED_RANGE);
  if (size < 0) {
    throw outOfRangeError(
      `${what} must not be negative (got ${size}); it must be an integer from ${UNSIGNED_RANGE}`,
    );
  }
  return size;
}

/** The error for a write that would end past `MAX_SAFE_INTEGER` (refused before anything is written). */
function writeEndError(position: number, length: number): RangeError {
  return outOfRangeError(
    `write: ${length} bytes at position ${position} would end at ${position + length}, past ${MAX_TEXT}; a write must end at or before it`,
  );
}

/**
 * The shared file object. Every operation that may touch the disk has a
 * Promise form and a `Sync` form; the Promise forms of one object run one
 * after another in call order, so un-awaited calls cannot interleave.
 * `seek`/`tell` are synchronous and see the position as of the last
 * finished operation. Text modes encode and decode with `encoding`;
 * `tell()` is always a byte offset.
 */
export abstract class FileObject<M extends string = DefaultMode>
  implements AsyncIterable<ReadResult<M>>, Disposable, AsyncDisposable
{
  /** The bytes behind the file; the spooled file swaps it on rollover. */
  protected storage: Storage;
  readonly #parsed: ParsedMode;
  readonly #encoding: TextEncoding | undefined;
  #position = 0;
  #closed = false;
  #pending = 0;
  #tail: Promise<unknown> = Promise.resolve();

  protected constructor(storage: Storage, parsed: ParsedMode, encoding: TextEncoding | undefined) {
    this.storage = storage;
    this.#parsed = parsed;
    this.#encoding = encoding;
  }

  /** The file's name: a path, an fd, or `null` (see each class). */
  abstract get name(): unknown;

  /** The mode as passed (default `'w+b'`). */
  get mode(): M {
    return this.#parsed.mode as M;
  }

  /** The text encoding (canonical Node name), `undefined` in binary modes. */
  get encoding(): TextEncoding | undefined {
    return this.#encoding;
  }

  /** `true` once `close()`/`closeSync()` ran (or dispose). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Whether the mode allows reading (Python's `readable()`). */
  readable(): boolean {
    this.checkOpen();
    return this.#parsed.readable;
  }

  /** Whether the mode allows writing (Python's `writable()`). */
  writable(): boolean {
    this.checkOpen();
    return this.#parsed.writable;
  }

  // ---- position --------------------------------------------------------

  /**
   * Moves the position and returns it: `whence` 0 from the start, 1 from
   * the current position, 2 from the end. Past the end is allowed; a later
   * write fills the gap with zeros.
   */
  seek(offset: number, whence: Whence = 0): number {
    this.checkOpen();
    checkInteger(offset, 'seek: offset', SIGNED_RANGE);
    if (whence !== 0 && whence !== 1 && whence !== 2) {
      const message = `seek: whence must be 0 (start), 1 (current) or 2 (end) (got ${String(whence)})`;
      throw typeof whence === 'number' ? outOfRangeError(message) : argTypeError(message);
    }
    let base = 0;
    if (whence === 1) base = this.#position;
    else if (whence === 2) base = runSync(perform(this.storage.size()));
    // Both terms are safe integers, so the sum is exact or, past 2**53, still unsafe.
    const target = base + offset;
    if (target < 0) {
      throw outOfRangeError(
        `seek: offset ${offset} from whence ${whence} gives negative position ${target} (negative seek position; a position must be from ${UNSIGNED_RANGE})`,
      );
    }
    if (!Number.isSafeInteger(target)) {
      throw outOfRangeError(
        `seek: offset ${offset} from whence ${whence} gives position ${target}, past ${MAX_TEXT}; a position must be from ${UNSIGNED_RANGE}`,
      );
    }
    this.#position = target;
    return target;
  }

  /** The current position, in bytes from the start (also in text modes). */
  tell(): number {
    this.checkOpen();
    return this.#position;
  }

  // ---- reading ---------------------------------------------------------

  /**
   * Reads up to `size` bytes (binary) or UTF-16 code units (text; a
   * surrogate pair is never split, so one more unit may come back) from the
   * position; all that remains when `size` is omitted or negative. An empty
   * result means end of file.
   */
  read(size?: number): Promise<ReadResult<M>> {
    return this.enqueue(() => this.#readOp(size));
  }

  /** The synchronous form of `read`. */
  readSync(size?: number): ReadResult<M> {
    return runSync(this.#readOp(size));
  }

  *#readOp(size: unknown): Op<ReadResult<M>> {
    this.#checkReadable();
    const limit = checkReadSize(size);
    const encoding = this.#encoding;
    if (encoding === undefined) return (yield* this.#readBytes(limit)) as ReadResult<M>;
    if (limit === undefined) {
      const decoder = createDecoder(encoding);
      const bytes = yield* this.#readBytes(undefined);
      return (decoder.write(bytes) + decoder.end()) as ReadResult<M>;
    }
    return (yield* this.#readText(limit, encoding)) as ReadResult<M>;
  }

  *#readBytes(limit: number | undefined): Op<Buffer> {
    const start = this.#position;
    const available = Math.max(0, (yield* perform(this.storage.size())) - start);
    // Not zero-filled first, since the read overwrites it (an unpooled buffer:
    // no other memory is reachable through it). A file that shrank under us
    // reads short: the rest is zeroed, so no uninitialised byte is ever exposed.
    const buffer = Buffer.allocUnsafeSlow(Math.min(limit ?? available, available));
    let filled = 0;
    while (filled < buffer.length) {
      const n = yield* perform(this.storage.read(buffer.subarray(filled), start + filled));
      if (n === 0) break;
      filled += n;
    }
    this.#position = start + filled;
    if (filled === buffer.length) return buffer;
    return buffer.fill(0, filled).subarray(0, filled);
  }

  *#readText(limit: number, encoding: TextEncoding): Op<string> {
    const start = this.#position;
    const size = yield* perform(this.storage.size());
    const decoder = createDecoder(encoding);
    let text = '';
    let offset = start;
    while (text.length < limit) {
      // Enough bytes for the missing units, but never (much) more than the file holds.
      const wanted = Math.max(limit - text.length, 64) * bytesPerUnit(encoding);
      const chunk = Buffer.alloc(Math.min(wanted, Math.max(size - offset, 64)));
      const n = yield* perform(this.storage.read(chunk, offset));
      if (n === 0) {
        text += decoder.end();
        break;
      }
      offset += n;
      text += decoder.write(chunk.subarray(0, n));
    }
    let end = Math.min(limit, text.length);
    if (end > 0 && end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const result = text.slice(0, end);
    // The decoder may have read ahead; the position follows what was returned.
    this.#position = start + Buffer.byteLength(result, encoding);
    return result;
  }

  /**
   * The rest of the file from the position, in chunks of up to 64 KiB:
   * Buffers in binary modes, strings in text modes (characters are never
   * split between chunks). Works with `for await`, `Readable.from` and
   * `stream.pipeline`.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<ReadResult<M>, void, undefined> {
    const decoder = this.#encoding === undefined ? undefined : createDecoder(this.#encoding);
    for (;;) {
      const chunk = await this.enqueue(() => this.#readChunkOp());
      if (chunk.length === 0) break;
      if (decoder === undefined) {
        yield chunk as ReadResult<M>;
        continue;
      }
      const text = decoder.write(chunk);
      if (text !== '') yield text as ReadResult<M>;
    }
    const rest = decoder?.end();
    if (rest) yield rest as ReadResult<M>;
  }

  *#readChunkOp(): Op<Buffer> {
    this.#checkReadable();
    return yield* this.#readBytes(ITERATION_CHUNK_SIZE);
  }

  // ---- writing ---------------------------------------------------------

  /**
   * Writes at the position (at the end in append modes) and moves past what
   * was written. Binary modes take a Buffer/Uint8Array and return the bytes
   * written; text modes take a string and return its length.
   */
  write(data: WriteData<M>): Promise<number> {
    return this.enqueue(() => this.#writeOp(data));
  }

  /** The synchronous form of `write`. */
  writeSync(data: WriteData<M>): number {
    const storage = this.storage;
    if (!(storage instanceof MemoryStorage)) return runSync(this.#writeOp(data));
    // In memory nothing blocks: the same steps as `#writeOp`, called directly,
    // with no generator or step objects (a spool may take millions of small writes).
    const bytes = this.#checkedBytes(data);
    const position = this.#parsed.append ? storage.length : this.#position;
    const end = position + bytes.length;
    if (end > MAX) throw writeEndError(position, bytes.length);
    storage.writeAt(bytes, position);
    this.#position = end;
    const after = this.afterWrite();
    if (after !== undefined) runSync(after);
    return written(data, bytes);
  }

  /** Writes each item in turn, as Python's `writelines` (no separators added). */
  writelines(lines: Iterable<WriteData<M>>): Promise<void> {
    return this.enqueue(() => this.#writelinesOp(lines));
  }

  /** The synchronous form of `writelines`. */
  writelinesSync(lines: Iterable<WriteData<M>>): void {
    // Line by line through `writeSync`, which takes the in-memory fast path
    // while it applies (a rollover may end it half-way).
    this.#checkWritable();
    for (const line of lines) this.writeSync(line);
  }

  *#writelinesOp(lines: Iterable<WriteData<M>>): Op<void> {
    this.#checkWritable();
    for (const line of lines) yield* this.#writeOp(line);
  }

  *#writeOp(data: unknown): Op<number> {
    const bytes = this.#checkedBytes(data);
    const position = this.#parsed.append ? yield* perform(this.storage.size()) : this.#position;
    if (position + bytes.length > MAX) throw writeEndError(position, bytes.length);
    this.#position = position;
    yield* perform(this.storage.write(bytes, position));
    this.#position = position + bytes.length;
    const after = this.afterWrite();
    if (after !== undefined) yield* after;
    return written(data, bytes);
  }

  /** The checks every write makes before touching storage; returns the bytes to write. */
  #checkedBytes(data: unknown): Uint8Array {
    this.#checkWritable();
    return this.#encode(data);
  }

  #encode(data: unknown): Uint8Array {
    const encoding = this.#encoding;
    if (encoding !== undefined) {
      if (typeof data === 'string') return Buffer.from(data, encoding);
      throw argTypeError(
        `write: data must be a string in text mode '${this.mode}' (got ${describe(data)})`,
      );
    }
    if (ArrayBuffer.isView(data)) {
      return data instanceof Uint8Array
        ? data
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw argTypeError(
      `write: data must be a Buffer or Uint8Array in binary mode '${this.mode}' (got ${describe(data)}); use a text mode such as 'w+' for strings`,
    );
  }

  /**
   * The work due after a write, run inside the same operation, or
   * `undefined` when there is none (the spooled rollover check). Deciding
   * without a generator keeps the common case free of allocations.
   */
  protected afterWrite(): Op<void> | undefined {
    return undefined;
  }

  // ---- truncate, flush, fileno ------------------------------------------

  /**
   * Resizes the file to `size` bytes (default: the current position) and
   * returns `size`; the position does not move. A file on disk grows with
   * zeros; an in-memory spooled file never grows (as `BytesIO`).
   */
  truncate(size?: number): Promise<number> {
    return this.enqueue(() => this.#truncateOp(size));
  }

  /** The synchronous form of `truncate`. */
  truncateSync(size?: number): number {
    return runSync(this.#truncateOp(size));
  }

  *#truncateOp(size: unknown): Op<number> {
    this.#checkWritable();
    const explicit =
      size === undefined || size === null ? undefined : checkSize(size, 'truncate: size');
    yield* this.beforeTruncate(explicit);
    const target = explicit ?? this.#position;
    yield* perform(this.storage.truncate(target));
    return target;
  }

  /** Runs before a truncate with the size the caller gave, if any (the spooled rollover check). */
  protected *beforeTruncate(_size: number | undefined): Op<void> {}

  /**
   * Nothing to flush: writes go straight to the OS (or memory), there is
   * no user-space buffer. Checks that the file is open, as Python does.
   */
  flush(): Promise<void> {
    return this.enqueue(() => this.#flushOp());
  }

  /** The synchronous form of `flush`. */
  flushSync(): void {
    runSync(this.#flushOp());
  }

  // biome-ignore lint/correctness/useYield: an operation that needs no I/O step.
  *#flushOp(): Op<void> {
    this.checkOpen();
  }

  /** The OS file descriptor. */
  fileno(): number {
    this.checkOpen();
    const { fd } = this.storage;
    if (fd === undefined)
      throw codedError('ERR_NO_FILENO', 'This file object has no file descriptor');
    return fd;
  }

  // ---- closing -----------------------------------------------------------

  /** Closes the file (and removes it where the class says so). Twice is harmless. */
  close(): Promise<void> {
    return this.enqueue(() => this.#closeOp());
  }

  /**
   * The synchronous form of `close`. With Promise operations still in
   * flight, the object is closed at once (queued calls fail with
   * `ERR_CLOSED`) but the descriptor is released after the running call, so
   * its number cannot be reused underneath it.
   */
  closeSync(): void {
    if (this.#pending > 0 && !this.#closed) {
      this.#closed = true;
      this.enqueue(() => perform(this.storage.close())).catch(() => {});
      runSync(this.afterClose());
      return;
    }
    runSync(this.#closeOp());
  }

  *#closeOp(): Op<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      yield* perform(this.storage.close());
    } finally {
      yield* this.afterClose();
    }
  }

  /** Runs once, right after the file is closed (the named file's delete-on-close). */
  protected *afterClose(): Op<void> {}

  /** `using`: closes the file. */
  [Symbol.dispose](): void {
    this.closeSync();
  }

  /** `await using`: closes the file. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- plumbing ----------------------------------------------------------

  /** Throws `ERR_CLOSED` once the file is closed. */
  protected checkOpen(): void {
    if (this.#closed) throw closedFileError();
  }

  #checkReadable(): void {
    this.checkOpen();
    if (!this.#parsed.readable) {
      throw codedError('ERR_NOT_READABLE', `File not open for reading (mode '${this.mode}')`);
    }
  }

  #checkWritable(): void {
    this.checkOpen();
    if (!this.#parsed.writable) {
      throw codedError('ERR_NOT_WRITABLE', `File not open for writing (mode '${this.mode}')`);
    }
  }

  /**
   * Runs an operation after every earlier Promise operation of this object
   * has settled, so calls keep their order even when nobody awaits them.
   */
  protected enqueue<T>(makeOp: () => Op<T>): Promise<T> {
    this.#pending++;
    const run = this.#tail.then(() => runAsync(makeOp()));
    this.#tail = run.then(
      () => this.#pending--,
      () => this.#pending--,
    );
    return run;
  }
}
