/**
 * Where temporary things go: CPython's `gettempdir()` candidate search with a
 * probe file, the `tmp` prefix, and the process-wide override.
 */
import { fs, path } from './builtins.js';
import { argTypeError, argValueError, codedError, isResourceExhausted } from './errors.js';
import { setShared, shared } from './globals.js';
import { displayPath, type PathLike, randomName, TMP_MAX } from './names.js';
import { PROBE_FLAGS, platformTempdirCandidates } from './platform.js';

const TEMPLATE = 'tmp';
const PROBE_ATTEMPTS = 100;

/** CPython's `_candidate_tempdir_list`: env vars, platform dirs, then the cwd. */
export function candidateTempdirs(): string[] {
  const candidates: string[] = [];
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) {
    const value = process.env[name];
    if (value) candidates.push(value);
  }
  candidates.push(...platformTempdirCandidates());
  try {
    candidates.push(process.cwd());
  } catch {
    candidates.push('.');
  }
  return candidates;
}

/** Removes the probe as CPython's `os.unlink` (`rmSync`'s first call costs ~0.4 ms in a fresh worker). */
function removeProbe(probe: string): void {
  try {
    fs.unlinkSync(probe);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Proves `dir` usable by creating, writing and removing a probe file, as
 * CPython's `_get_default_tempdir`: a name that exists is retried, any other
 * failure rules the dir out. Unlike CPython, running out of fds or memory
 * (`EMFILE`, `ENFILE`, `ENOMEM`) is rethrown: it says nothing about `dir`,
 * and reporting "no usable temporary directory" would hide the real cause.
 */
function isUsableTempdir(dir: string): boolean {
  for (let attempt = 0; attempt < Math.min(PROBE_ATTEMPTS, TMP_MAX); attempt++) {
    const probe = path.join(dir, randomName());
    let fd: number;
    try {
      fd = fs.openSync(probe, PROBE_FLAGS, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      if (isResourceExhausted(error)) throw error;
      return false;
    }
    try {
      fs.writeSync(fd, 'blat');
      return true;
    } catch (error) {
      if (isResourceExhausted(error)) throw error;
      return false;
    } finally {
      fs.closeSync(fd);
      removeProbe(probe);
    }
  }
  return false;
}

function findDefaultTempdir(): string {
  const candidates = candidateTempdirs();
  for (const candidate of candidates) {
    const dir = path.resolve(candidate);
    if (isUsableTempdir(dir)) return dir;
  }
  throw codedError(
    'ENOENT',
    `No usable temporary directory found in ${candidates.map((c) => `'${c}'`).join(', ')} ` +
      '(set TMPDIR to a writable directory)',
  );
}

/**
 * The directory temporary files go in by default: the first usable of
 * `TMPDIR`, `TEMP`, `TMP`, the platform dirs and the cwd. Absolute,
 * normalised, and cached for the process (`setTempdir(null)` clears it).
 */
export function gettempdir(): string {
  // Shared: `temp-fixtures` and `temp-fixtures/engine` are separate bundles, and `setTempdir()` moves both.
  return shared('tempdir', findDefaultTempdir);
}

/** `gettempdir()` as bytes. */
export function gettempdirb(): Buffer {
  return Buffer.from(gettempdir());
}

/** The default name prefix, `'tmp'`. */
export function gettempprefix(): string {
  return TEMPLATE;
}

/** The default name prefix as bytes. */
export function gettempprefixb(): Buffer {
  return Buffer.from(TEMPLATE);
}

/**
 * Python's `tempfile.tempdir = ...`: every later call without `dir` uses
 * `dir` (made absolute). `null` drops the override and the cache, so the
 * next `gettempdir()` searches again.
 */
export function setTempdir(dir: PathLike | null): void {
  if (dir === null) {
    setShared('tempdir', undefined);
    return;
  }
  if (typeof dir !== 'string' && !Buffer.isBuffer(dir)) {
    throw argTypeError(
      `setTempdir: dir must be a string, a Buffer or null (got ${typeof dir}: ${String(dir)})`,
    );
  }
  const text = displayPath(dir);
  if (text === '') {
    throw argValueError(
      'setTempdir: dir must be a non-empty path (string or Buffer), or null to drop the override (got an empty one)',
    );
  }
  setShared('tempdir', path.resolve(text));
}
