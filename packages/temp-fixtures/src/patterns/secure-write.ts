/**
 * The seed's "secure temp file pattern": write data into a fresh `0o600`
 * file and hand back its path; a failed write leaves nothing behind.
 *
 * The data is never visible, even in part, under the name that is returned:
 * it is written to an in-progress file `.<prefix>XXXXXXXX<suffix>.partial`
 * in the same dir, fsynced, then hard-linked to a fresh final name
 * `<prefix>XXXXXXXX<suffix>` (`link` fails with `EEXIST` instead of
 * replacing, so nothing that exists is ever overwritten), the in-progress
 * name is removed and the dir fsynced. A process killed at any moment leaves
 * at most an in-progress file (recognisable by its name) and, if any, a final
 * name holding the complete data.
 */

import { promisify } from 'node:util';
import { fs } from '../builtins.js';
import { argTypeError } from '../errors.js';
import { createUnique, mkstempOp, type ResolvedPaths, resolveNames } from '../lowlevel.js';
import type { PathLike } from '../names.js';
import { isWindows } from '../platform.js';
import { type Op, perform, runAsync, runSync, type Step } from '../step.js';

const openAsync = promisify(fs.open);
const writeAsync = promisify(fs.write);
const fsyncAsync = promisify(fs.fsync);
const closeAsync = promisify(fs.close);
const linkAsync = promisify(fs.link);
const unlinkAsync = promisify(fs.unlink);

const FN = 'secureTempWrite';

/** What ends the name of an in-progress file (after the suffix). */
const PARTIAL_SUFFIX = '.partial';

/** What `secureTempWrite` accepts as content. */
export type SecureWriteData = string | Uint8Array;

/** Naming options of `secureTempWrite` (string paths; it returns a string). */
export interface SecureWriteOptions {
  suffix?: string;
  prefix?: string;
  dir?: string;
}

function toBytes(data: SecureWriteData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return data;
  throw argTypeError(`secureTempWrite: data must be a string or a Uint8Array (got ${typeof data})`);
}

// ---- steps ---------------------------------------------------------------

function open(p: PathLike, flags: number, mode?: number): Step<number> {
  return { sync: () => fs.openSync(p, flags, mode), async: () => openAsync(p, flags, mode) };
}

function writeAll(fd: number, bytes: Uint8Array): Step<void> {
  // A write may be short (signals, some filesystems): keep going until all is out.
  return {
    sync: () => {
      for (let done = 0; done < bytes.length; ) {
        done += fs.writeSync(fd, bytes, done, bytes.length - done);
      }
    },
    async: async () => {
      for (let done = 0; done < bytes.length; ) {
        done += (await writeAsync(fd, bytes, done, bytes.length - done)).bytesWritten;
      }
    },
  };
}

function fsync(fd: number): Step<void> {
  return { sync: () => fs.fsyncSync(fd), async: () => fsyncAsync(fd) };
}

function close(fd: number): Step<void> {
  return { sync: () => fs.closeSync(fd), async: () => closeAsync(fd) };
}

function unlink(p: PathLike): Step<void> {
  return { sync: () => fs.unlinkSync(p), async: () => unlinkAsync(p) };
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** Runs a clean-up step, swallowing its failure: the original error wins. */
function* quietly(s: Step<unknown>): Op<void> {
  try {
    yield s;
  } catch {
    // Already gone, or nothing more can be done.
  }
}

/** Flushes the dir's entries (the new name, the removed one) to disk; POSIX only. */
function* syncDir(dir: PathLike): Op<void> {
  if (isWindows) return;
  const fd = yield* perform(open(dir, fs.constants.O_RDONLY));
  try {
    yield fsync(fd);
  } catch (error) {
    // A filesystem that cannot fsync a directory has nothing more to flush.
    if (code(error) !== 'EINVAL' && code(error) !== 'ENOTSUP') throw error;
  } finally {
    yield* quietly(close(fd));
  }
}

/** A `link` attempt that hands back the new name. */
function linkTo(existing: PathLike): (candidate: PathLike) => Step<PathLike> {
  return (candidate) => ({
    sync: () => {
      fs.linkSync(existing, candidate);
      return candidate;
    },
    async: async () => {
      await linkAsync(existing, candidate);
      return candidate;
    },
  });
}

/** The whole operation, once for both calling conventions. */
function* secureWriteOp(
  data: SecureWriteData,
  options: SecureWriteOptions | undefined,
): Op<string> {
  const bytes = toBytes(data);
  const names = resolveNames(options, FN);
  // 1. An in-progress file `.<prefix>XXXXXXXX<suffix>.partial`, as mkstemp makes it.
  const partialNames = (
    typeof names.prefix === 'string'
      ? { dir: names.dir, prefix: `.${names.prefix}`, suffix: `${names.suffix}${PARTIAL_SUFFIX}` }
      : {
          dir: names.dir,
          prefix: Buffer.concat([Buffer.from('.'), names.prefix]),
          suffix: Buffer.concat([names.suffix as Buffer, Buffer.from(PARTIAL_SUFFIX)]),
        }
  ) as ResolvedPaths;
  const created = yield* mkstempOp(partialNames, FN);
  const partial = created.path;
  let fd: number | undefined = created.fd;

  let final: PathLike | undefined;
  let partialExists = true;
  try {
    // 2. All the data, on disk, before any final name can point at it.
    yield writeAll(fd, bytes);
    yield fsync(fd);
    const opened = fd;
    fd = undefined;
    yield close(opened);
    // 3. A final name that replaces nothing: `link` fails with `EEXIST` on a
    // taken name (Node has no renameat2(RENAME_NOREPLACE)) and another random
    // name is tried. Without hard links (FAT, some FUSE mounts) `link` fails
    // with EPERM/ENOTSUP and so does the write, leaving nothing.
    final = yield* createUnique(names, FN, linkTo(partial));
    // Then the in-progress name goes.
    yield unlink(partial);
    partialExists = false;
    yield* syncDir(names.dir);
    // A string unless a caller ignored the types and passed Buffers (then a Buffer, as mkstemp).
    return final as string;
  } catch (error) {
    if (fd !== undefined) yield* quietly(close(fd));
    if (partialExists) yield* quietly(unlink(partial));
    // The caller never learns the final name, so it must not stay either.
    if (final !== undefined) yield* quietly(unlink(final));
    throw error;
  }
}

/**
 * Writes `data` to a new `0o600` temp file and returns its path; the caller
 * removes it. The data is complete under the returned name before the name
 * exists; if writing fails nothing is left and the error is rethrown. A
 * process killed mid-way may leave an in-progress file
 * `.<prefix>XXXXXXXX<suffix>.partial` (`0o600`) in `dir`, never a partial
 * file under a final name.
 */
export function secureTempWrite(
  data: SecureWriteData,
  options: SecureWriteOptions = {},
): Promise<string> {
  return runAsync(secureWriteOp(data, options));
}

/** The synchronous form of `secureTempWrite`. */
export function secureTempWriteSync(
  data: SecureWriteData,
  options: SecureWriteOptions = {},
): string {
  return runSync(secureWriteOp(data, options));
}
