// The in-memory spool keeps its bytes in uninitialised 64 KiB pages: these
// tests cross page boundaries, leave gaps and truncate, and check that every
// byte read back is one that was written (or a zero in a gap), by running the
// same operations on a spooled file that stays in memory and on a file on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpooledTemporaryFile, TemporaryFile } from '../src/index.js';
import { PAGE_SIZE } from '../src/storage.js';

let scratch: string;
const opened: { closeSync(): void }[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'spooled-pages-test-'));
});
afterEach(() => {
  for (const f of opened.splice(0)) f.closeSync();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A spool that stays in memory: a `truncate(size)` above `maxSize` would roll it over. */
function memory(): SpooledTemporaryFile {
  const f = SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 2 ** 40 });
  opened.push(f);
  return f;
}

function disk(): TemporaryFile {
  const f = TemporaryFile.createSync({ dir: scratch });
  opened.push(f);
  return f;
}

/** A deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Bytes that are never zero, so a stale or missing byte cannot pass for a gap. */
function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = 1 + ((seed + i * 7) % 255);
  return bytes;
}

function readAll(f: SpooledTemporaryFile | TemporaryFile): Buffer {
  const at = f.tell();
  f.seek(0);
  const all = f.readSync();
  f.seek(at);
  return all;
}

describe('SpooledTemporaryFile in memory, across pages', () => {
  it('reads back a write that straddles page boundaries, whole and in parts', () => {
    const f = memory();
    const data = pattern(3 * PAGE_SIZE + 123, 1);
    f.seek(PAGE_SIZE - 10);
    f.writeSync(data);
    f.seek(0);
    const all = f.readSync();
    expect(all.length).toBe(PAGE_SIZE - 10 + data.length);
    expect(all.subarray(0, PAGE_SIZE - 10).every((b) => b === 0)).toBe(true);
    expect(all.subarray(PAGE_SIZE - 10).equals(data)).toBe(true);
    f.seek(2 * PAGE_SIZE - 5);
    expect(f.readSync(10).equals(data.subarray(PAGE_SIZE + 5, PAGE_SIZE + 15))).toBe(true);
    expect(f.tell()).toBe(2 * PAGE_SIZE + 5);
  });

  it('zero-fills a gap of several pages and the stale bytes a truncate left behind', () => {
    const f = memory();
    f.writeSync(pattern(2 * PAGE_SIZE + 50, 2));
    f.truncateSync(10);
    f.seek(PAGE_SIZE + 20);
    f.writeSync(Buffer.from('end'));
    const all = readAll(f);
    expect(all.length).toBe(PAGE_SIZE + 23);
    expect(all.subarray(0, 10).equals(pattern(10, 2))).toBe(true);
    expect(all.subarray(10, PAGE_SIZE + 20).every((b) => b === 0)).toBe(true);
    expect(all.subarray(PAGE_SIZE + 20).toString()).toBe('end');
    // A jump far past the end, to a page never allocated before.
    f.seek(5 * PAGE_SIZE + 1);
    f.writeSync(Buffer.from('z'));
    const grown = readAll(f);
    expect(grown.length).toBe(5 * PAGE_SIZE + 2);
    expect(grown.subarray(PAGE_SIZE + 23, 5 * PAGE_SIZE + 1).every((b) => b === 0)).toBe(true);
    expect(grown.at(-1)).toBe('z'.charCodeAt(0));
  });

  it('never extends on an empty write past the end (as BytesIO and a file)', () => {
    const f = memory();
    f.writeSync(Buffer.from('abc'));
    f.seek(PAGE_SIZE * 2);
    expect(f.writeSync(Buffer.alloc(0))).toBe(0);
    expect(f.tell()).toBe(PAGE_SIZE * 2);
    expect(readAll(f).toString()).toBe('abc');
  });

  it('matches a file on disk over random writes, seeks, truncates and reads', () => {
    const next = random(20240601);
    const spooled = memory();
    const file = disk();
    for (let step = 0; step < 400; step++) {
      const size = readAll(file).length;
      const choice = next(10);
      if (choice < 5) {
        // Mostly small writes, sometimes one of several pages.
        const length = next(4) === 0 ? next(3 * PAGE_SIZE) : next(300);
        const data = pattern(length, step);
        expect(spooled.writeSync(data)).toBe(file.writeSync(data));
      } else if (choice < 7) {
        // Within the file or up to two pages past its end.
        const to = next(size + 2 * PAGE_SIZE + 1);
        expect(spooled.seek(to)).toBe(file.seek(to));
      } else if (choice < 8) {
        // Never past the end: a file on disk grows on truncate, memory does not.
        const to = next(size + 1);
        expect(spooled.truncateSync(to)).toBe(file.truncateSync(to));
      } else {
        const wanted = next(2 * PAGE_SIZE);
        expect(spooled.readSync(wanted).equals(file.readSync(wanted))).toBe(true);
      }
      expect(spooled.tell()).toBe(file.tell());
    }
    expect(readAll(spooled).equals(readAll(file))).toBe(true);
    expect(spooled.rolledOver).toBe(false);
  });

  it('rolls over with every page of its content, in order', () => {
    const data = pattern(4 * PAGE_SIZE + 77, 3);
    const f = SpooledTemporaryFile.createSync({ dir: scratch, maxSize: data.length - 1 });
    opened.push(f);
    f.writeSync(data.subarray(0, PAGE_SIZE + 1));
    expect(f.rolledOver).toBe(false);
    f.writeSync(data.subarray(PAGE_SIZE + 1));
    expect(f.rolledOver).toBe(true);
    expect(f.tell()).toBe(data.length);
    expect(readAll(f).equals(data)).toBe(true);
  });
});
