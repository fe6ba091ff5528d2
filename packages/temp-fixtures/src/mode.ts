/**
 * Python file modes (`'w+b'`, `'r+t'`, `'a+'`, ...) and text encodings: the
 * runtime parser and the types that make `read()` return `Buffer` in binary
 * modes and `string` in text modes.
 */
import { argTypeError, argValueError } from './errors.js';

type ModeBase = 'r' | 'w' | 'x' | 'a';
type ModeKind = 'b' | 't';

/**
 * Every mode Python's `open()` accepts without the obsolete `'U'`: one of
 * `r`/`w`/`x`/`a`, optionally `+`, optionally `b` or `t`, in any order.
 */
export type FileMode =
  | ModeBase
  | `${ModeBase}+`
  | `+${ModeBase}`
  | `${ModeBase}${ModeKind}`
  | `${ModeKind}${ModeBase}`
  | `${ModeBase}+${ModeKind}`
  | `${ModeBase}${ModeKind}+`
  | `+${ModeBase}${ModeKind}`
  | `+${ModeKind}${ModeBase}`
  | `${ModeKind}${ModeBase}+`
  | `${ModeKind}+${ModeBase}`;

/** The default mode of every file object, as in CPython. */
const DEFAULT_MODE = 'w+b';

/** The default mode's type. */
export type DefaultMode = typeof DEFAULT_MODE;

/** The modes that contain `b`. */
export type BinaryMode = Extract<FileMode, `${string}b${string}`>;

/** The modes without `b`: text. */
export type TextMode = Exclude<FileMode, `${string}b${string}`>;

// The checks wrap M in a tuple, with M on the checked side: TypeScript can
// then see these types are covariant in M, so a `TemporaryFile<'w+b'>` is
// usable where a `TemporaryFile<string>` is expected.

/**
 * What `read()` returns in mode `M`: `Buffer` when the mode contains `b`,
 * `string` in text modes, either when the mode is only known as `string`.
 */
export type ReadResult<M extends string> = [M] extends [`${string}b${string}`]
  ? Buffer
  : [M] extends [TextMode]
    ? string
    : Buffer | string;

/**
 * What `write()` accepts in mode `M`: bytes (a Buffer, Uint8Array or any
 * other ArrayBufferView) in binary modes, strings in text modes.
 */
export type WriteData<M extends string> = [M] extends [`${string}b${string}`]
  ? ArrayBufferView
  : [M] extends [TextMode]
    ? string
    : ArrayBufferView | string;

/**
 * The type of a `mode` only known as `string` at compile time: `string`
 * passes (checked at run time), a literal must be a valid `FileMode`, so a
 * typo fails to compile even through the `string` overloads.
 */
export type CheckedMode<M extends string> = string extends M
  ? M
  : M extends FileMode
    ? M
    : FileMode;

/** A parsed mode. */
export interface ParsedMode {
  /** The mode as passed. */
  readonly mode: string;
  /** Text mode: strings in and out, encoded with the file's encoding. */
  readonly text: boolean;
  readonly readable: boolean;
  readonly writable: boolean;
  /** Every write goes to the end of the file. */
  readonly append: boolean;
}

const ACCEPTED_MODES =
  "one of 'r', 'w', 'x', 'a', optionally '+', optionally 'b' or 't', each at most once, " +
  "in any order (e.g. 'w+b', 'w+t', 'w+', 'r+b', 'a+b', 'rb')";

// Valid modes are a few hundred strings at most, so the cache stays small;
// invalid ones throw and are never stored.
const parsedModes = new Map<string, ParsedMode>();

/**
 * Parses a Python mode string as `open()` does. A wrong type is a
 * `TypeError`, a malformed mode a `RangeError`, both naming the mode. The
 * result is frozen and shared by every call with the same mode.
 */
export function parseMode(mode: unknown = DEFAULT_MODE): ParsedMode {
  if (typeof mode !== 'string') {
    throw argTypeError(`The "mode" option must be a string (got ${typeof mode}: ${String(mode)})`);
  }
  let parsed = parsedModes.get(mode);
  if (parsed === undefined) {
    parsed = Object.freeze(parseModeString(mode));
    parsedModes.set(mode, parsed);
  }
  return parsed;
}

function parseModeString(mode: string): ParsedMode {
  const chars = [...mode];
  const seen = new Set(chars);
  const bases = ['r', 'w', 'x', 'a'].filter((c) => seen.has(c));
  const wellFormed =
    seen.size === chars.length && chars.every((c) => 'rwxab+t'.includes(c)) && bases.length === 1;
  if (!wellFormed || (seen.has('b') && seen.has('t'))) {
    throw argValueError(`Invalid mode '${mode}': expected ${ACCEPTED_MODES}`);
  }
  const base = bases[0];
  const plus = seen.has('+');
  return {
    mode,
    text: !seen.has('b'),
    readable: base === 'r' || plus,
    writable: base !== 'r' || plus,
    append: base === 'a',
  };
}

/** The encodings text mode accepts, by their canonical Node name. */
export type TextEncoding = 'utf8' | 'utf16le' | 'latin1' | 'ascii';

const ENCODING_ALIASES = new Map<string, TextEncoding>([
  ['utf8', 'utf8'],
  ['utf-8', 'utf8'],
  ['utf16le', 'utf16le'],
  ['utf-16le', 'utf16le'],
  ['ucs2', 'utf16le'],
  ['ucs-2', 'utf16le'],
  ['latin1', 'latin1'],
  ['binary', 'latin1'],
  ['ascii', 'ascii'],
]);

/**
 * Checks the `encoding` option against the mode: text modes take one of the
 * accepted encodings (default `'utf8'`); binary modes take none, as in Python.
 * Returns the canonical encoding, or `undefined` in binary mode.
 */
export function resolveEncoding(parsed: ParsedMode, encoding: unknown): TextEncoding | undefined {
  if (!parsed.text) {
    if (encoding === undefined || encoding === null) return undefined;
    throw argValueError(
      `The "encoding" option is only for text modes (mode '${parsed.mode}' is binary; drop the 'b' for text)`,
    );
  }
  if (encoding === undefined || encoding === null) return 'utf8';
  if (typeof encoding !== 'string') {
    throw argTypeError(
      `The "encoding" option must be a string (got ${typeof encoding}: ${String(encoding)})`,
    );
  }
  const canonical = ENCODING_ALIASES.get(encoding.toLowerCase());
  if (canonical === undefined) {
    throw argValueError(
      `Unknown encoding '${encoding}' for text mode: expected one of ${[...ENCODING_ALIASES.keys()].join(', ')}`,
    );
  }
  return canonical;
}
