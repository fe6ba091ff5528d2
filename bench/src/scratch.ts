/**
 * A private scratch dir for the whole run. It becomes `TMPDIR` before any
 * library is loaded, so every library (and the CPython peer) creates in it by
 * default, nothing lands in the real temp dir, and whatever a library leaves
 * behind is seen and reported.
 */
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates the scratch dir and points `TMPDIR` at it; returns its real path. */
export function enterScratch(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'temp-fixtures-bench-')));
  process.env.TMPDIR = dir;
  return dir;
}

/** Removes what is left in `dir` and returns the names that were there. */
export function sweep(dir: string): string[] {
  const left = fs.readdirSync(dir);
  for (const name of left) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return left;
}

/** Removes the scratch dir itself. */
export function leaveScratch(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

const pool = Buffer.allocUnsafe(6 * 1024);
let offset = pool.length;

/**
 * A fresh name in `dir` for the raw floors: `tmp` + 12 hex chars from a
 * pooled CSPRNG (as cheap per name as temp-fixtures' own pooled names, so the
 * floor is not handicapped by a syscall per name).
 */
export function floorName(dir: string): string {
  if (offset + 6 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 6);
  offset += 6;
  return path.join(dir, `tmp${hex}`);
}
