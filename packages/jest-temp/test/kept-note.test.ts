/** The kept path appended to a failed test's errors (unit level; the e2e runs are in keep-policy). */
import type { KeptEntry } from 'temp-fixtures/engine';
import { describe, expect, test } from 'vitest';
import { appendKeptNote, keptNote } from '../src/kept-note.js';

const entry = (path: string, attempt = 0): KeptEntry => ({
  file: 'a.test.js',
  name: 'a',
  path,
  reason: 'failed',
  attempt,
});

describe('appendKeptNote', () => {
  test('goes right after the first error’s message, in its message and stack', () => {
    const error = new Error('boom');
    const errors: unknown[] = [[error, new Error('async')], new Error('second')];
    appendKeptNote(errors, [entry('/r/a-1')]);
    expect(error.message).toBe('boom\n\ntemp-fixtures: kept /r/a-1 [failed]');
    expect(error.stack).toMatch(/^Error: boom\n\ntemp-fixtures: kept \/r\/a-1 \[failed\]\n\s+at /);
    expect(errors).toHaveLength(2);
  });

  test('names every kept attempt', () => {
    expect(keptNote([entry('/r/a-r1-1', 1), entry('/r/a-r2-2', 2)])).toBe(
      'temp-fixtures: kept /r/a-r1-1 [failed] (attempt 1)\ntemp-fixtures: kept /r/a-r2-2 [failed] (attempt 2)',
    );
  });

  test('a thrown non-error gets an error of its own', () => {
    const errors: unknown[] = ['a string'];
    appendKeptNote(errors, [entry('/r/a-1')]);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatchObject({
      message: 'temp-fixtures: kept /r/a-1 [failed]',
      stack: 'temp-fixtures: kept /r/a-1 [failed]',
    });
  });

  test('nothing for a passed test or when nothing was kept', () => {
    const none: unknown[] = [];
    appendKeptNote(none, [entry('/r/a-1')]);
    expect(none).toEqual([]);
    const error = new Error('boom');
    appendKeptNote([error], []);
    expect(error.message).toBe('boom');
  });
});
