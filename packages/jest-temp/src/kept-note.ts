/** Kept paths go on the test's first error: Jest reads errors at file end for output and --json. */
import { formatKeptNote, type KeptEntry } from 'temp-fixtures/engine';

/** The text added for the kept dirs of one test. */
export function keptNote(kept: readonly KeptEntry[]): string {
  return kept.map((entry) => `temp-fixtures: ${formatKeptNote(entry)}`).join('\n');
}

type Described = { message: string; stack: string };

function describedError(value: unknown): Described | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { message, stack } = value as Partial<Described>;
  return typeof message === 'string' && message !== '' && typeof stack === 'string'
    ? (value as Described)
    : undefined;
}

/** Adds the note after the first error's message, else as its own error (thrown string, etc.). */
export function appendKeptNote(errors: unknown[], kept: readonly KeptEntry[]): void {
  if (errors.length === 0 || kept.length === 0) return;
  const note = keptNote(kept);
  const first = errors[0];
  const error = describedError(Array.isArray(first) ? first[0] : first);
  if (error !== undefined) {
    const { message, stack } = error;
    const at = stack.indexOf(message);
    if (at !== -1) {
      try {
        const end = at + message.length;
        error.stack = `${stack.slice(0, end)}\n\n${note}${stack.slice(end)}`;
        error.message = `${message}\n\n${note}`;
        return;
      } catch {
        // A read-only error: fall through to an error of its own.
      }
    }
  }
  const own = new Error(note);
  own.stack = note;
  errors.push(own);
}
