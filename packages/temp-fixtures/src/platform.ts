/**
 * Platform specifics, kept in one place: open flags, the current user, the
 * platform's fallback temp-dir candidates, and the built-in modules loaded
 * on first use rather than at import.
 */
import { fs } from './builtins.js';

const { constants } = fs;

const isLinux = process.platform === 'linux';

/** True on Windows, where mode bits and O_NOFOLLOW do not apply. */
export const isWindows = process.platform === 'win32';

/**
 * Linux `O_CLOEXEC`. libuv already opens every fd close-on-exec; the flag is
 * passed explicitly so the guarantee does not rest on that detail.
 */
const O_CLOEXEC = isLinux ? 0o2000000 : 0;

/** `O_NOFOLLOW` where the platform has it (not Windows). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

/** Linux `O_PATH`: a descriptor that names an inode without opening it, so it needs no `r`. */
export const O_PATH: number | undefined = isLinux ? 0o10000000 : undefined;

/**
 * Linux `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`); Node does not export it but
 * `fs.open` passes numeric flags through. `undefined` elsewhere.
 */
const O_TMPFILE: number | undefined =
  isLinux && constants.O_DIRECTORY !== undefined ? 0o20000000 | constants.O_DIRECTORY : undefined;

/** Flags of `mkstemp`: create a new file, never through a link, not inherited. */
export const MKSTEMP_FLAGS =
  constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW | O_CLOEXEC;

/** Flags of an anonymous `O_TMPFILE` open (the dir is the path). */
export const TMPFILE_FLAGS =
  O_TMPFILE === undefined ? undefined : constants.O_RDWR | O_TMPFILE | O_NOFOLLOW | O_CLOEXEC;

/** Flags of the probe file `gettempdir` creates to prove a dir usable. */
export const PROBE_FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;

/** The platform's fixed temp-dir candidates, in CPython's order. */
export function platformTempdirCandidates(): string[] {
  return isWindows ? ['C:\\TEMP', 'C:\\TMP', '\\TEMP', '\\TMP'] : ['/tmp', '/var/tmp', '/usr/tmp'];
}

/** The current user's numeric id, or `undefined` where the platform has none. */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** The current user's login name, as `os.userInfo()` gives it. */
export function currentUsername(): string {
  try {
    return loadBuiltin('node:os').userInfo().username;
  } catch {
    // A uid with no passwd entry (containers): fall back to the numeric id.
    return String(currentUid() ?? 'user');
  }
}

/**
 * The built-in module `id`, loaded when first asked for rather than when this
 * library is imported: `node:crypto` alone takes ~5 ms to load, which every
 * fresh test-worker process (Vitest starts one per test file) would pay.
 */
export function loadBuiltin<K extends keyof LazyBuiltins>(id: K): LazyBuiltins[K] {
  // Not `node:module`'s createRequire: importing `node:module` alone costs every worker ~1 ms.
  return (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule(
    id,
  ) as LazyBuiltins[K];
}

/** The built-ins `loadBuiltin` serves, by id. */
interface LazyBuiltins {
  'node:buffer': typeof import('node:buffer');
  'node:crypto': typeof import('node:crypto');
  'node:module': typeof import('node:module');
  'node:os': typeof import('node:os');
  'node:util': typeof import('node:util');
  'node:worker_threads': typeof import('node:worker_threads');
}

/**
 * Whether this is a process's main thread. A process with an IPC channel (a
 * forked test worker: Vitest's forks, Jest's workers) answers without
 * loading `node:worker_threads` (~2 ms in a fresh process): a worker thread
 * never has the channel, even when its process does.
 */
export function isMainThread(): boolean {
  if ((process as { channel?: unknown }).channel != null) return true;
  return loadBuiltin('node:worker_threads').isMainThread;
}

/** `util.types.isUint8Array` (true across realms, e.g. Vitest's vm pools), `node:util` loaded on first use. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return loadBuiltin('node:util').types.isUint8Array(value);
}
