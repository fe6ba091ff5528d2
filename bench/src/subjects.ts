/**
 * temp-fixtures as a user gets it (`import ... from 'temp-fixtures'`, its
 * dist), looked up by name so a class that has not landed yet makes its rows
 * "not available" instead of breaking the whole benchmark. The interfaces
 * below are the slices of the SPEC's API the benchmark calls.
 */
import * as tempFixtures from 'temp-fixtures';

/** `TemporaryDirectory` instances. */
export interface TemporaryDirectoryLike {
  readonly name: string;
  cleanup(): Promise<void>;
  cleanupSync(): void;
}

/** Classes created through `create()` / `createSync()`. */
export interface Creatable<T> {
  create(options?: object): Promise<T>;
  createSync(options?: object): T;
}

/** What every file object shares. */
export interface FileLike {
  writeSync(data: Uint8Array): number;
  write(data: Uint8Array): Promise<number>;
  closeSync(): void;
  close(): Promise<void>;
  seek(offset: number, whence?: 0 | 1 | 2): number;
  readSync(size?: number): Buffer | string;
}

/** `NamedTemporaryFile` instances. */
export interface NamedTemporaryFileLike extends FileLike {
  readonly name: string;
}

/** `SpooledTemporaryFile` instances. */
export interface SpooledTemporaryFileLike extends FileLike {
  readonly rolledOver: boolean;
}

/** The low-level functions. */
export interface LowLevel {
  mkstempSync(options?: object): { fd: number; path: string };
  mkdtempSync(options?: object): string;
  removeTreeSync(path: string): void;
}

const api = tempFixtures as unknown as Record<string, unknown>;

/** Why an export is missing, or `undefined` when `name` has every listed function. */
function missing(value: unknown, name: string, functions: readonly string[]): string | undefined {
  if (value === undefined) {
    return `temp-fixtures does not export ${name} (yet): rebuild it with \`pnpm --filter temp-fixtures build\``;
  }
  for (const fn of functions) {
    if (typeof (value as Record<string, unknown>)[fn] !== 'function') {
      return `temp-fixtures' ${name} has no ${fn}() (yet)`;
    }
  }
  return undefined;
}

/** A temp-fixtures export, or the reason it cannot be used. */
export type Lookup<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Looks up a class export that must have static `create` and `createSync`. */
export function creatable<T>(name: string): Lookup<Creatable<T>> {
  const value = api[name];
  const reason = missing(value, name, ['create', 'createSync']);
  return reason === undefined ? { ok: true, value: value as Creatable<T> } : { ok: false, reason };
}

/** Looks up the low-level functions the benchmark uses. */
export function lowLevel(): Lookup<LowLevel> {
  for (const name of ['mkstempSync', 'mkdtempSync', 'removeTreeSync']) {
    const reason = missing(api[name], name, []);
    if (reason !== undefined) return { ok: false, reason };
  }
  return { ok: true, value: api as unknown as LowLevel };
}

/** Loads an optional npm peer, or says why it cannot be used. */
export async function peer<T>(name: string, load: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ERR_MODULE_NOT_FOUND' ? 'not installed' : (error as Error).message;
    return { ok: false, reason: `${name}: ${why} (skipped)` };
  }
}
