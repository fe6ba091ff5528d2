/** Errors with a Node-style `code`, so callers can branch on them. */

/** An `Error` carrying an OS-style or library `code` (`EEXIST`, `ERR_CLOSED`, ...). */
export interface CodedError extends Error {
  code: string;
  errno?: number;
  path?: string;
}

/**
 * Builds an `Error` with `code` (and `path`, `cause` when given): the one way
 * this package makes a coded error (`test/error-style.test.ts` checks it).
 */
export function codedError(
  code: string,
  message: string,
  path?: string,
  options?: { cause?: unknown },
): CodedError {
  const error = new Error(message, options) as CodedError;
  error.code = code;
  if (path !== undefined) error.path = path;
  return error;
}

/** Python's "I/O operation on closed file". */
export function closedFileError(): CodedError {
  return codedError('ERR_CLOSED', 'I/O operation on closed file');
}

/** A `TypeError` with Node's `ERR_INVALID_ARG_TYPE` code (or `code`: a type error of a named setting). */
export function argTypeError(
  message: string,
  code = 'ERR_INVALID_ARG_TYPE',
): TypeError & { code: string } {
  return Object.assign(new TypeError(message), { code });
}

/** A `RangeError` with Node's `ERR_INVALID_ARG_VALUE` code. */
export function argValueError(message: string): RangeError & { code: string } {
  return Object.assign(new RangeError(message), { code: 'ERR_INVALID_ARG_VALUE' });
}

/** A `RangeError` with Node's `ERR_OUT_OF_RANGE` code (a position or size outside what is accepted). */
export function outOfRangeError(message: string): RangeError & { code: string } {
  return Object.assign(new RangeError(message), { code: 'ERR_OUT_OF_RANGE' });
}

/**
 * Rewrites the message of a filesystem error so it names the operation and
 * the path, keeping `code`, `errno` and `syscall` intact.
 */
export function explainFsError(error: unknown, operation: string, path: string): unknown {
  if (!(error instanceof Error) || typeof (error as CodedError).code !== 'string') return error;
  const coded = error as CodedError;
  const why: Record<string, string> = {
    ENOENT: 'does not exist',
    ENOTDIR: 'is not a directory',
    EACCES: 'is not writable by this user',
    EPERM: 'is not writable by this user',
    EROFS: 'is on a read-only filesystem',
  };
  const reason = why[coded.code];
  if (reason !== undefined) {
    coded.message = `${operation}: dir '${path}' ${reason} (${coded.code})`;
  }
  return coded;
}

/** A `TypeError` with Node's `ERR_ILLEGAL_CONSTRUCTOR` code (`new` on a class made by factories). */
export function illegalConstructorError(message: string): TypeError & { code: string } {
  return Object.assign(new TypeError(message), { code: 'ERR_ILLEGAL_CONSTRUCTOR' });
}

/**
 * Errors that say the process or the system ran out of a resource (fds,
 * memory), not that a particular path is unusable: trying another path
 * cannot help, so searches must rethrow them instead of moving on.
 */
export function isResourceExhausted(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE' || code === 'ENOMEM';
}
