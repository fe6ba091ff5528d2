// Positions and sizes must be safe integers (SPEC 3a): anything else is
// refused before any byte moves, never applied at offset 0 and never dropped
// (node:fs treats an unsafe position as "the current file position"). And a
// spool's gap is sparse: a write far past the end stores one page, not the
// zeros before it, and rollover leaves a hole in the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FileObject,
  NamedTemporaryFile,
  SpooledTemporaryFile,
  TemporaryFile,
} from '../src/index.js';
import { PAGE_SIZE } from '../src/storage.js';
import { procFs } from './helpers/procfs.js';
import { bundleLibrary, runAsSelf } from './helpers/unprivileged.js';

const MAX = Number.MAX_SAFE_INTEGER;
const GiB = 2 ** 30;
const MiB = 2 ** 20;

let scratch: string;
const opened: FileObject<string>[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'positions-test-'));
});
afterEach(() => {
  for (const f of opened.splice(0)) f[Symbol.dispose]();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function keep<T extends FileObject<string>>(f: T): T {
  opened.push(f);
  return f;
}

const INITIAL = Buffer.from('hello, positions');

interface Kind {
  make(): FileObject<string>;
  /** Whether the file is on disk (its bytes can be read through the fd, bypassing the object). */
  disk: boolean;
}

// Every kind holds INITIAL with the position at 3.
const kinds: [string, Kind][] = [
  ['TemporaryFile', { disk: true, make: () => keep(TemporaryFile.createSync({ dir: scratch })) }],
  [
    'NamedTemporaryFile',
    { disk: true, make: () => keep(NamedTemporaryFile.createSync({ dir: scratch })) },
  ],
  [
    // A large maxSize, so that no legitimate truncate rolls it over either.
    'SpooledTemporaryFile (in memory)',
    {
      disk: false,
      make: () => keep(SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 2 ** 40 })),
    },
  ],
  [
    'SpooledTemporaryFile (rolled over)',
    {
      disk: true,
      make: () => {
        const f = keep(SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 1 }));
        f.writeSync(Buffer.from('xy'));
        expect(f.rolledOver).toBe(true);
        f.truncateSync(0);
        f.seek(0);
        return f;
      },
    },
  ],
];

function prepare(kind: Kind): FileObject<string> {
  const f = kind.make();
  f.writeSync(INITIAL);
  f.seek(3);
  return f;
}

/** The file's bytes: read through the fd for a file on disk, else through the object (position kept). */
function contentOf(f: FileObject<string>, kind: Kind): Buffer {
  if (kind.disk) {
    const fd = f.fileno();
    const size = fs.fstatSync(fd).size;
    const bytes = Buffer.alloc(Math.min(size, 1024));
    const n = fs.readSync(fd, bytes, 0, bytes.length, 0);
    expect(size).toBe(INITIAL.length);
    return bytes.subarray(0, n);
  }
  const at = f.tell();
  f.seek(0);
  const all = f.readSync() as Buffer;
  f.seek(at);
  return all;
}

function errorOf(fn: () => unknown): (Error & { code?: string }) | undefined {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  return undefined;
}

async function asyncErrorOf(
  fn: () => Promise<unknown>,
): Promise<(Error & { code?: string }) | undefined> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  return undefined;
}

/** Checks class, code and that the message names the argument and the accepted range. */
function expectRefused(
  error: (Error & { code?: string }) | undefined,
  code: 'ERR_OUT_OF_RANGE' | 'ERR_INVALID_ARG_TYPE',
  names: RegExp,
): void {
  expect(error, 'expected the call to be refused').toBeDefined();
  expect(error).toBeInstanceOf(code === 'ERR_OUT_OF_RANGE' ? RangeError : TypeError);
  expect(error?.code).toBe(code);
  expect(error?.message).toMatch(names);
  if (code === 'ERR_OUT_OF_RANGE' && !/whence/.test(error?.message ?? '')) {
    expect(error?.message).toMatch(/9007199254740991/);
  }
}

describe.each(kinds)('%s', (_name, kind) => {
  const badSeeks: [number, 'ERR_OUT_OF_RANGE' | 'ERR_INVALID_ARG_TYPE'][] = [
    [2 ** 53 + 2, 'ERR_OUT_OF_RANGE'],
    [2 ** 53, 'ERR_OUT_OF_RANGE'],
    [-1, 'ERR_OUT_OF_RANGE'],
    [-(2 ** 53) - 2, 'ERR_OUT_OF_RANGE'],
    [Number.NaN, 'ERR_OUT_OF_RANGE'],
    [Number.POSITIVE_INFINITY, 'ERR_OUT_OF_RANGE'],
    [Number.NEGATIVE_INFINITY, 'ERR_OUT_OF_RANGE'],
    [1.5, 'ERR_INVALID_ARG_TYPE'],
  ];

  it.each(badSeeks)('seek(%d) is refused (%s); position and content unchanged', (offset, code) => {
    const f = prepare(kind);
    expectRefused(
      errorOf(() => f.seek(offset)),
      code,
      /seek: offset/,
    );
    expect(f.tell()).toBe(3);
    expect(contentOf(f, kind)).toEqual(INITIAL);
    // Nothing lands at 0 or anywhere else afterwards either.
    f.writeSync(Buffer.from('Z'));
    expect(contentOf(f, kind)).toEqual(Buffer.from('helZo, positions'));
  });

  it('seek(-1) names the negative position, as Python\'s "negative seek position"', () => {
    const f = prepare(kind);
    expectRefused(
      errorOf(() => f.seek(-1)),
      'ERR_OUT_OF_RANGE',
      /seek: offset -1 from whence 0 gives negative position -1 \(negative seek position/,
    );
  });

  it('refuses whence 1 and 2 sums past MAX_SAFE_INTEGER or below 0, and a bad whence', () => {
    const f = prepare(kind);
    expectRefused(
      errorOf(() => f.seek(MAX, 1)),
      'ERR_OUT_OF_RANGE',
      /seek: offset 9007199254740991 from whence 1 gives position 9007199254740994, past/,
    );
    expectRefused(
      errorOf(() => f.seek(MAX - INITIAL.length + 1, 2)),
      'ERR_OUT_OF_RANGE',
      /from whence 2 gives position 9007199254740992, past/,
    );
    expectRefused(
      errorOf(() => f.seek(-4, 1)),
      'ERR_OUT_OF_RANGE',
      /negative position -1/,
    );
    expectRefused(
      errorOf(() => f.seek(-MAX, 2)),
      'ERR_OUT_OF_RANGE',
      /negative seek position/,
    );
    expectRefused(
      errorOf(() => f.seek(0, 3 as never)),
      'ERR_OUT_OF_RANGE',
      /whence must be 0 \(start\), 1 \(current\) or 2 \(end\) \(got 3\)/,
    );
    const typeError = errorOf(() => f.seek(0, '1' as never));
    expect(typeError).toBeInstanceOf(TypeError);
    expect(typeError?.code).toBe('ERR_INVALID_ARG_TYPE');
    expect(f.tell()).toBe(3);
    expect(contentOf(f, kind)).toEqual(INITIAL);
    // The largest sums that are still safe are accepted.
    expect(f.seek(MAX - 3, 1)).toBe(MAX);
    expect(f.seek(MAX - INITIAL.length, 2)).toBe(MAX);
    expect(f.seek(-INITIAL.length, 2)).toBe(0);
  });

  it('refuses a write that would end past MAX_SAFE_INTEGER (sync and async); nothing written', async () => {
    const f = prepare(kind);
    const data = Buffer.from('DATA'.repeat(5));
    expect(f.seek(2 ** 53 - 10)).toBe(2 ** 53 - 10);
    expectRefused(
      errorOf(() => f.writeSync(data)),
      'ERR_OUT_OF_RANGE',
      /write: 20 bytes at position 9007199254740982 would end at 9007199254741002, past/,
    );
    expect(f.tell()).toBe(2 ** 53 - 10);
    expectRefused(await asyncErrorOf(() => f.write(data)), 'ERR_OUT_OF_RANGE', /write: 20 bytes/);
    expect(f.tell()).toBe(2 ** 53 - 10);
    expectRefused(
      await asyncErrorOf(() => f.writelines([data])),
      'ERR_OUT_OF_RANGE',
      /write: 20 bytes/,
    );
    expectRefused(
      errorOf(() => f.writelinesSync([data])),
      'ERR_OUT_OF_RANGE',
      /write: 20 bytes/,
    );
    // At MAX itself even one byte would end past it.
    f.seek(MAX);
    expectRefused(
      errorOf(() => f.writeSync(Buffer.from('x'))),
      'ERR_OUT_OF_RANGE',
      /write: 1 bytes/,
    );
    expect(f.tell()).toBe(MAX);
    expect(f instanceof SpooledTemporaryFile && f.rolledOver).toBe(
      _name === 'SpooledTemporaryFile (rolled over)',
    );
    expect(contentOf(f, kind)).toEqual(INITIAL);
  });

  it('a write that ends within the safe range is applied there or refused by the OS, never at 0', async () => {
    const f = prepare(kind);
    f.seek(2 ** 53 - 10);
    const error = errorOf(() => f.writeSync(Buffer.from('DATA')));
    const start = (): Buffer => {
      const at = f.tell();
      f.seek(0);
      const head = f.readSync(INITIAL.length) as Buffer;
      f.seek(at);
      return head;
    };
    expect(start()).toEqual(INITIAL);
    if (error === undefined) {
      // A filesystem that allows such offsets: the bytes are where they were put.
      expect(f.tell()).toBe(2 ** 53 - 6);
      f.seek(-4, 1);
      expect(f.readSync()).toEqual(Buffer.from('DATA'));
      return;
    }
    // ext4 and most filesystems: EFBIG from the kernel, with the OS code kept.
    expect(error.code).toMatch(/^(EFBIG|EINVAL)$/);
    if (!kind.disk) {
      // The in-memory spool took the write, then its rollover (position > maxSize) failed,
      // exactly as CPython's BytesIO write followed by `_check`: still in memory.
      expect((f as SpooledTemporaryFile).rolledOver).toBe(false);
      expect(f.tell()).toBe(2 ** 53 - 6);
      return;
    }
    expect(f.tell()).toBe(2 ** 53 - 10);
    expect(contentOf(f, kind)).toEqual(INITIAL);
    const again = await asyncErrorOf(() => f.write(Buffer.from('DATA')));
    expect(again?.code).toBe(error.code);
    expect(f.tell()).toBe(2 ** 53 - 10);
    expect(contentOf(f, kind)).toEqual(INITIAL);
  });

  it.each([
    [2 ** 53 + 2, 'ERR_OUT_OF_RANGE'],
    [2 ** 53, 'ERR_OUT_OF_RANGE'],
    [-1, 'ERR_OUT_OF_RANGE'],
    [Number.NaN, 'ERR_OUT_OF_RANGE'],
    [Number.POSITIVE_INFINITY, 'ERR_OUT_OF_RANGE'],
    [1.5, 'ERR_INVALID_ARG_TYPE'],
  ] as const)(
    'truncate(%d) is refused (%s), sync and async; nothing changes',
    async (size, code) => {
      const f = prepare(kind);
      const rolled = f instanceof SpooledTemporaryFile && f.rolledOver;
      expectRefused(
        errorOf(() => f.truncateSync(size)),
        code,
        /truncate: size/,
      );
      expectRefused(await asyncErrorOf(() => f.truncate(size)), code, /truncate: size/);
      expect(f.tell()).toBe(3);
      // A refused size never rolls a spool over (a valid size > maxSize would).
      expect(f instanceof SpooledTemporaryFile && f.rolledOver).toBe(rolled);
      expect(contentOf(f, kind)).toEqual(INITIAL);
    },
  );

  it.each([
    [2 ** 53 + 2, 'ERR_OUT_OF_RANGE'],
    [Number.NaN, 'ERR_OUT_OF_RANGE'],
    [Number.POSITIVE_INFINITY, 'ERR_OUT_OF_RANGE'],
    [Number.NEGATIVE_INFINITY, 'ERR_OUT_OF_RANGE'],
    [-(2 ** 53) - 2, 'ERR_OUT_OF_RANGE'],
    [1.5, 'ERR_INVALID_ARG_TYPE'],
  ] as const)(
    'read(%d) is refused (%s), sync and async; position unchanged',
    async (size, code) => {
      const f = prepare(kind);
      expectRefused(
        errorOf(() => f.readSync(size)),
        code,
        /read: size/,
      );
      expectRefused(await asyncErrorOf(() => f.read(size)), code, /read: size/);
      expect(f.tell()).toBe(3);
      expect(contentOf(f, kind)).toEqual(INITIAL);
    },
  );

  it('read(-1), read() and a huge safe size still read everything', async () => {
    const f = prepare(kind);
    expect(f.readSync(-1)).toEqual(INITIAL.subarray(3));
    f.seek(3);
    expect(await f.read()).toEqual(INITIAL.subarray(3));
    f.seek(3);
    expect(f.readSync(-MAX)).toEqual(INITIAL.subarray(3));
    f.seek(3);
    expect(await f.read(MAX)).toEqual(INITIAL.subarray(3));
  });
});

describe('SpooledTemporaryFile maxSize', () => {
  it.each([
    [2 ** 53 + 2, 'ERR_OUT_OF_RANGE', RangeError],
    [2 ** 53, 'ERR_OUT_OF_RANGE', RangeError],
    [-1, 'ERR_OUT_OF_RANGE', RangeError],
    [Number.NaN, 'ERR_OUT_OF_RANGE', RangeError],
    [Number.NEGATIVE_INFINITY, 'ERR_OUT_OF_RANGE', RangeError],
    ['1', 'ERR_INVALID_ARG_TYPE', TypeError],
  ] as const)('maxSize %s is refused (%s)', async (maxSize, code, type) => {
    const error = errorOf(() => SpooledTemporaryFile.createSync({ maxSize: maxSize as never }));
    expect(error).toBeInstanceOf(type);
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(/"maxSize" option/);
    if (code === 'ERR_OUT_OF_RANGE') expect(error?.message).toMatch(/0 to 9007199254740991/);
    const rejected = await asyncErrorOf(() =>
      SpooledTemporaryFile.create({ maxSize: maxSize as never }),
    );
    expect(rejected?.code).toBe(code);
  });

  it('accepts MAX_SAFE_INTEGER', () => {
    const f = keep(SpooledTemporaryFile.createSync({ maxSize: MAX }));
    expect(f.maxSize).toBe(MAX);
  });
});

describe('a spool seeked past the safe range in a child process', () => {
  it('refuses with ERR_OUT_OF_RANGE and exits normally (no crash, no signal)', () => {
    const bundle = bundleLibrary(scratch, ['src/spooled']);
    const code = `
      const { SpooledTemporaryFile } = require(${JSON.stringify(bundle)});
      const f = SpooledTemporaryFile.createSync({ dir: ${JSON.stringify(scratch)}, maxSize: 1024 * 1024 });
      f.writeSync(Buffer.from('start'));
      const codes = [];
      try { f.seek(2 ** 53 + 2); f.writeSync(Buffer.from('DATA')); codes.push('none'); }
      catch (e) { codes.push(e.code); }
      try { f.seek(2 ** 53 - 10); f.writeSync(Buffer.alloc(20, 1)); codes.push('none'); }
      catch (e) { codes.push(e.code); }
      f.seek(0);
      const content = f.readSync().toString();
      process.stdout.write(JSON.stringify({ codes, content, rolledOver: f.rolledOver }));
      f.closeSync();
    `;
    const result = runAsSelf(code, { timeout: 60_000 });
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      codes: ['ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE'],
      content: 'start',
      rolledOver: false,
    });
  });
});

describe('a spool stores a gap sparsely', () => {
  // The RSS figures are only meaningful if nothing else in this process allocates much meanwhile.
  function rss(): number {
    return process.memoryUsage().rss;
  }

  function checkContent(f: SpooledTemporaryFile): void {
    expect(f.seek(0, 2)).toBe(2 * GiB + 1);
    f.seek(0);
    expect(f.readSync(8)).toEqual(Buffer.from('head\0\0\0\0'));
    f.seek(2 * GiB - 3);
    expect(f.readSync(10)).toEqual(Buffer.from('\0\0\0x'));
    expect(f.tell()).toBe(2 * GiB + 1);
    f.seek(GiB - 100);
    const middle = f.readSync(MiB) as Buffer;
    expect(middle.length).toBe(MiB);
    expect(middle.every((b) => b === 0)).toBe(true);
  }

  function checkSparseOnDisk(f: SpooledTemporaryFile): void {
    const st = fs.fstatSync(f.fileno());
    expect(st.size).toBe(2 * GiB + 1);
    expect(st.blocks * 512).toBeLessThan(MiB);
  }

  it.skipIf(!procFs /* RSS is read from /proc */).each([
    [0, false],
    [MiB, true],
  ])('a 1-byte write at 2 GiB (maxSize %d, sync)', (maxSize, rolls) => {
    const before = rss();
    const f = keep(SpooledTemporaryFile.createSync({ dir: scratch, maxSize }));
    f.writeSync(Buffer.from('head'));
    f.seek(2 * GiB);
    expect(f.writeSync(Buffer.from('x'))).toBe(1);
    expect(f.tell()).toBe(2 * GiB + 1);
    expect(f.rolledOver).toBe(rolls);
    expect(rss() - before).toBeLessThan(50 * MiB);
    checkContent(f);
    if (!rolls) {
      // An explicit rollover copies only the stored pages: the file is sparse too.
      f.rolloverSync();
      checkContent(f);
    }
    checkSparseOnDisk(f);
    expect(rss() - before).toBeLessThan(50 * MiB);
  });

  it.skipIf(!procFs /* RSS is read from /proc */).each([
    [0, false],
    [MiB, true],
  ])('a 1-byte write at 2 GiB (maxSize %d, async)', async (maxSize, rolls) => {
    const before = rss();
    const f = keep(await SpooledTemporaryFile.create({ dir: scratch, maxSize }));
    await f.write(Buffer.from('head'));
    f.seek(2 * GiB);
    expect(await f.write(Buffer.from('x'))).toBe(1);
    expect(f.rolledOver).toBe(rolls);
    expect(rss() - before).toBeLessThan(50 * MiB);
    checkContent(f);
    if (!rolls) await f.rollover();
    checkSparseOnDisk(f);
    expect(rss() - before).toBeLessThan(50 * MiB);
  });

  it.skipIf(!procFs /* RSS is read from /proc */)(
    'a write near MAX_SAFE_INTEGER stays in one page in memory',
    () => {
      const before = rss();
      const f = keep(SpooledTemporaryFile.createSync({ dir: scratch }));
      f.writeSync(Buffer.from('head'));
      f.seek(MAX - 4);
      expect(f.writeSync(Buffer.from('DATA'))).toBe(4);
      expect(f.tell()).toBe(MAX);
      f.seek(-8, 2);
      expect(f.readSync()).toEqual(Buffer.from('\0\0\0\0DATA'));
      f.seek(0);
      expect(f.readSync(6)).toEqual(Buffer.from('head\0\0'));
      expect(rss() - before).toBeLessThan(50 * MiB);
    },
  );

  it('a hole below the end reads as zeros, also after a truncate into it and a write there', () => {
    const f = keep(SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 2 ** 40 }));
    f.seek(10 * PAGE_SIZE + 5);
    f.writeSync(Buffer.from('far'));
    // Page 0 was never allocated: a write into it must not expose anything around it.
    f.seek(7);
    f.writeSync(Buffer.from('near'));
    f.seek(0);
    const all = f.readSync() as Buffer;
    expect(all.length).toBe(10 * PAGE_SIZE + 8);
    expect(all.subarray(0, 7).every((b) => b === 0)).toBe(true);
    expect(all.subarray(7, 11).toString()).toBe('near');
    expect(all.subarray(11, 10 * PAGE_SIZE + 5).every((b) => b === 0)).toBe(true);
    expect(all.subarray(10 * PAGE_SIZE + 5).toString()).toBe('far');
    // Truncate into the middle of a hole, then write past the new end.
    f.truncateSync(3 * PAGE_SIZE + 1);
    f.seek(5 * PAGE_SIZE);
    f.writeSync(Buffer.from('z'));
    f.seek(0);
    const after = f.readSync() as Buffer;
    expect(after.length).toBe(5 * PAGE_SIZE + 1);
    expect(after.subarray(7, 11).toString()).toBe('near');
    expect(after.subarray(11, 5 * PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(after.subarray(5 * PAGE_SIZE).toString()).toBe('z');
  });
});

describe('sparse memory pages against a file on disk', () => {
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

  function readAll(f: FileObject<string>): Buffer {
    f.seek(0);
    return f.readSync() as Buffer;
  }

  it.each([1, 2, 3])(
    'random far writes, truncates and reads match (seed %d), also after rollover',
    (seed) => {
      const next = random(seed);
      const spool = keep(SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 2 ** 40 }));
      const disk = keep(TemporaryFile.createSync({ dir: scratch }));
      for (let step = 0; step < 150; step++) {
        const op = next(10);
        if (op < 6) {
          const at = next(40 * PAGE_SIZE);
          const length = next(3) === 0 ? next(3 * PAGE_SIZE) : next(200);
          // Never-zero bytes, so a stale or missing byte cannot pass for a gap.
          const data = Buffer.alloc(length, 1 + (step % 255));
          spool.seek(at);
          disk.seek(at);
          spool.writeSync(data);
          disk.writeSync(data);
        } else if (op < 8) {
          // Shrinking only: a spool in memory never grows on truncate (BytesIO), a file does.
          const size = next(disk.seek(0, 2) + 1);
          spool.truncateSync(size);
          disk.truncateSync(size);
        } else {
          const at = next(42 * PAGE_SIZE);
          const size = next(2 * PAGE_SIZE);
          spool.seek(at);
          disk.seek(at);
          expect((spool.readSync(size) as Buffer).equals(disk.readSync(size) as Buffer)).toBe(true);
        }
        expect(spool.seek(0, 2)).toBe(disk.seek(0, 2));
      }
      expect(spool.rolledOver).toBe(false);
      const expected = readAll(disk);
      expect(readAll(spool).equals(expected)).toBe(true);
      spool.rolloverSync();
      expect(readAll(spool).equals(expected)).toBe(true);
      expect(fs.fstatSync(spool.fileno()).size).toBe(expected.length);
    },
  );
});
