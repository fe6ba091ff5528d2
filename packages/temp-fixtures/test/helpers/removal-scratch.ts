/** The scratch dir of the removal tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { useRemovalWalk } from '../../src/testing.js';

/**
 * A fresh scratch dir for each test of the file (`scratch.dir`), removed after it, and the
 * removal walk put back to `'auto'` (a test may have forced the path walk).
 */
export function useRemovalScratch(): { dir: string } {
  const scratch = { dir: '' };
  beforeEach(() => {
    scratch.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anchored-test-'));
  });
  afterEach(() => {
    useRemovalWalk('auto');
    fs.rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
