/**
 * Candidate names: `prefix + 8 random chars from [a-z0-9_] + suffix`, drawn
 * from a CSPRNG, and the string/Buffer typing of the path arguments.
 */
import { fs, path } from './builtins.js';
import { argTypeError, argValueError } from './errors.js';
import { isWindows, loadBuiltin, O_NOFOLLOW } from './platform.js';

/** CPython's `_RandomNameSequence.characters`. */
export const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_';
/** Random characters in one name, as in CPython. */
export const NAME_LENGTH = 8;
/** Attempts before giving up with `EEXIST` (CPython's `TMP_MAX`). */
export const TMP_MAX = 10000;

// Rejection sampling keeps every character equally likely: 256 is not a
// multiple of 37, so bytes at or above 222 (= 6 * 37) are thrown away.
const LIMIT = Math.floor(256 / NAME_CHARACTERS.length) * NAME_CHARACTERS.length;
const pool = Buffer.allocUnsafe(4096);
let poolOffset = pool.length;

/** Whether `/dev/urandom` can be read here (cleared after the first failure). */
let urandom = !isWindows;

/**
 * Fills `buffer` from the kernel's CSPRNG, `/dev/urandom` (a character
 * device, opened without following a link; one open, read and close per
 * pool), so that loading this library does not load `node:crypto`. Returns
 * false when that is not possible.
 */
function readUrandom(buffer: Buffer): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync('/dev/urandom', fs.constants.O_RDONLY | O_NOFOLLOW);
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
    for (let filled = 0; filled < buffer.length; ) {
      const read = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read <= 0) return false;
      filled += read;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The first bytes of the last pool read from `/dev/urandom`. */
const lastStart = Buffer.alloc(32);

/**
 * Whether `buffer` repeats itself or the last pool: a device that answers
 * zeros (or any fixed pattern) is still a character device, but 32 random
 * bytes equal to 32 others happen with probability 2^-256.
 */
function repeats(buffer: Buffer): boolean {
  const start = buffer.subarray(0, 32);
  const repeated = start.equals(buffer.subarray(32, 64)) || start.equals(lastStart);
  start.copy(lastStart);
  return repeated;
}

/** Fills `buffer` from a CSPRNG: `/dev/urandom`, else `crypto.randomFillSync`. */
function fillRandom(buffer: Buffer): void {
  if (urandom && readUrandom(buffer) && !repeats(buffer)) return;
  urandom = false;
  loadBuiltin('node:crypto').randomFillSync(buffer);
}

function randomByte(): number {
  if (poolOffset === pool.length) {
    fillRandom(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Eight random name characters from a CSPRNG, uniformly distributed. */
export function randomName(): string {
  let name = '';
  while (name.length < NAME_LENGTH) {
    const byte = randomByte();
    if (byte < LIMIT) name += NAME_CHARACTERS[byte % NAME_CHARACTERS.length];
  }
  return name;
}

/** A path argument: text or bytes, as in CPython. */
export type PathLike = string | Buffer;

/** The naming options shared by every creating function. */
export interface NameOptions {
  /** Appended to the random part. Default `''`. */
  suffix?: PathLike;
  /** Prepended to the random part. Default `gettempprefix()` (`'tmp'`). */
  prefix?: PathLike;
  /** Where to create. Default `gettempdir()`. */
  dir?: PathLike;
}

/** Resolved naming options: all strings or all Buffers. */
export type ResolvedNames<P extends PathLike> = { prefix: P; suffix: P; dir: P };

function checkPathArg(value: unknown, name: string): asserts value is PathLike | undefined {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' && !Buffer.isBuffer(value)) {
    const got = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
    throw argTypeError(
      `The "${name}" option must be a string or a Buffer (got ${got}: ${String(value)})`,
    );
  }
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

/**
 * Whether `part` could take a name out of its dir or cut it short: a path
 * separator (`/`; on Windows also `\\`), a NUL, or exactly `.` or `..`.
 */
function isUnsafeNamePart(part: PathLike): boolean {
  if (typeof part === 'string') {
    return (
      part.includes('/') ||
      part.includes('\0') ||
      (isWindows && part.includes('\\')) ||
      part === '.' ||
      part === '..'
    );
  }
  return (
    part.includes(SLASH) ||
    part.includes(0) ||
    (isWindows && part.includes(BACKSLASH)) ||
    (part.length === 1 && part[0] === DOT) ||
    (part.length === 2 && part[0] === DOT && part[1] === DOT)
  );
}

function shown(value: PathLike): string {
  const { inspect } = loadBuiltin('node:util');
  return inspect(typeof value === 'string' ? value : value.toString());
}

/**
 * Refuses a `prefix`/`suffix` that is not a plain part of one file name (see
 * `isUnsafeNamePart`) with a `RangeError` coded `ERR_INVALID_ARG_VALUE`
 * naming `fn` and the option. Values that are not strings or Buffers pass:
 * their type is checked elsewhere.
 */
export function checkNamePart(value: unknown, key: 'prefix' | 'suffix', fn: string): void {
  if ((typeof value === 'string' || Buffer.isBuffer(value)) && isUnsafeNamePart(value)) {
    throw argValueError(
      `${fn}: the "${key}" option must not contain a path separator or NUL, nor be '.' or '..' (got ${shown(value)})`,
    );
  }
}

function checkDir(value: PathLike, fn: string): void {
  if (typeof value === 'string' ? value.includes('\0') : value.includes(0)) {
    throw argValueError(`${fn}: the "dir" option must not contain NUL (got ${shown(value)})`);
  }
}

/**
 * Checks the naming options before anything touches the disk, as CPython's
 * `_infer_return_type` and more: each is a string or a Buffer (else a
 * `TypeError`); `prefix`/`suffix` stay inside one name (see
 * `checkNamePart`) and `dir` has no NUL (else a `RangeError`). Returns
 * `'bytes'` when any given argument is a Buffer, `'string'` otherwise; a mix
 * is a `TypeError`.
 */
export function inferPathType(options: NameOptions, fn: string): 'string' | 'bytes' {
  let kind: 'string' | 'bytes' | undefined;
  for (const key of ['prefix', 'suffix', 'dir'] as const) {
    const value = options[key];
    checkPathArg(value, `${fn}: ${key}`);
    if (value === undefined || value === null) continue;
    if (key === 'dir') checkDir(value, fn);
    else checkNamePart(value, key, fn);
    const valueKind = typeof value === 'string' ? 'string' : 'bytes';
    if (kind !== undefined && kind !== valueKind) {
      throw argTypeError(
        `${fn}: can't mix bytes and non-bytes in path components (prefix, suffix and dir must all be strings or all Buffers)`,
      );
    }
    kind = valueKind;
  }
  return kind ?? 'string';
}

/** Joins `dir` and `name` in the type of the inputs. */
export function joinPath<P extends PathLike>(dir: P, name: P): P {
  if (typeof dir === 'string') return path.join(dir, name as string) as P;
  const sep = Buffer.from(path.sep);
  return Buffer.concat([dir as Buffer, sep, name as Buffer]) as P;
}

/** Makes a path absolute and normalised, keeping its type (bytes stay bytes). */
export function absolutePath<P extends PathLike>(p: P): P {
  if (typeof p === 'string') return path.resolve(p) as P;
  // latin1 maps every byte to one char and back, so arbitrary bytes survive.
  const text = (p as Buffer).toString('latin1');
  if (path.isAbsolute(text)) return Buffer.from(path.normalize(text), 'latin1') as P;
  const cwd = Buffer.from(process.cwd()).toString('latin1');
  return Buffer.from(path.resolve(cwd, text), 'latin1') as P;
}

/** A printable form of a path for error messages. */
export function displayPath(p: PathLike): string {
  return typeof p === 'string' ? p : p.toString();
}

/** Concatenates name parts in their type. */
export function concatName<P extends PathLike>(prefix: P, middle: string, suffix: P): P {
  if (typeof prefix === 'string') return (prefix + middle + (suffix as string)) as P;
  return Buffer.concat([prefix as Buffer, Buffer.from(middle), suffix as Buffer]) as P;
}
