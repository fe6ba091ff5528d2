/** The adapter's own errors: a stable `code` to branch on and a message saying what to do. */

/** An `Error` with a `code`, also ending the message: Jest prints message and stack only. */
export function jestTempError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`jest-temp: ${message} (${code})`), { code });
}
