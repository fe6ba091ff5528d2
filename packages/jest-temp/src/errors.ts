/** The adapter's own errors: a stable `code` to branch on and a message saying what to do. */

/**
 * An `Error` with a `code`. The code ends the message too: Jest prints an
 * error's message and stack, never its properties.
 */
export function jestTempError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`jest-temp: ${message} (${code})`), { code });
}
