import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FileObject,
  NamedTemporaryFile,
  SpooledTemporaryFile,
  setTempdir,
  TemporaryFile,
} from '../src/index.js';
import { forceMkstempFallback } from '../src/testing.js';
import { procFs } from './helpers/procfs.js';

let scratch: string;
const opened: FileObject<string>[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'file-test-'));
});
afterEach(() => {
  for (const f of opened.splice(0)) f[Symbol.dispose]();
  forceMkstempFallback(false);
  setTempdir(null);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Where `/proc/self/fd/<fd>` points: the file's path, `(deleted)` when unlinked. */
function fdTarget(fd: number): string {
  return fs.readlinkSync(`/proc/self/fd/${fd}`);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
  return undefined;
}

interface MakeOptions {
  mode?: string;
  encoding?: BufferEncoding;
}

// The shared file-object behaviour, checked on every kind of storage.
const kinds: [string, (options?: MakeOptions) => FileObject<string>][] = [
  [
    'TemporaryFile',
    (o = {}) =>
      TemporaryFile.createSync({ dir: scratch, mode: o.mode ?? 'w+b', encoding: o.encoding }),
  ],
  [
    'NamedTemporaryFile',
    (o = {}) =>
      NamedTemporaryFile.createSync({ dir: scratch, mode: o.mode ?? 'w+b', encoding: o.encoding }),
  ],
  [
    'SpooledTemporaryFile (memory)',
    (o = {}) =>
      SpooledTemporaryFile.createSync({
        dir: scratch,
        mode: o.mode ?? 'w+b',
        encoding: o.encoding,
      }),
  ],
  [
    'SpooledTemporaryFile (rolled over)',
    (o = {}) => {
      const f = SpooledTemporaryFile.createSync({
        dir: scratch,
        mode: o.mode ?? 'w+b',
        encoding: o.encoding,
      });
      f.rolloverSync();
      return f;
    },
  ],
];

describe.each(kinds)('%s: the shared file object', (_label, create) => {
  function make(options?: MakeOptions): FileObject<string> {
    const f = create(options);
    opened.push(f);
    return f;
  }

  describe('binary mode', () => {
    it('writes, seeks and reads back (sync)', () => {
      const f = make();
      expect(f.mode).toBe('w+b');
      expect(f.encoding).toBeUndefined();
      expect(f.writeSync(Buffer.from('hello '))).toBe(6);
      expect(f.writeSync(new Uint8Array([119, 111, 114, 108, 100]))).toBe(5);
      expect(f.tell()).toBe(11);
      expect(f.readSync()).toEqual(Buffer.alloc(0));
      expect(f.seek(0)).toBe(0);
      expect(f.readSync(5)).toEqual(Buffer.from('hello'));
      expect(f.tell()).toBe(5);
      expect(f.readSync()).toEqual(Buffer.from(' world'));
      expect(f.readSync(10)).toEqual(Buffer.alloc(0));
    });

    it('writes, seeks and reads back (async)', async () => {
      const f = make();
      expect(await f.write(Buffer.from('hello world'))).toBe(11);
      f.seek(6);
      expect(await f.read(100)).toEqual(Buffer.from('world'));
      f.seek(0);
      expect(await f.read()).toEqual(Buffer.from('hello world'));
      expect(await f.read()).toEqual(Buffer.alloc(0));
    });

    it('accepts any typed-array view and counts its bytes', () => {
      const f = make();
      const words = new Uint16Array([0x6261, 0x6463]);
      expect(f.writeSync(words)).toBe(4);
      const bang = Buffer.from('!?');
      expect(f.writeSync(new DataView(bang.buffer, bang.byteOffset, 1))).toBe(1);
      f.seek(0);
      expect(f.readSync()).toEqual(Buffer.concat([Buffer.from(words.buffer), Buffer.from('!')]));
    });

    it('read(0) is empty, read(-1) and read(null) read everything', () => {
      const f = make();
      f.writeSync(Buffer.from('abc'));
      f.seek(0);
      expect(f.readSync(0)).toEqual(Buffer.alloc(0));
      expect(f.readSync(-1)).toEqual(Buffer.from('abc'));
      f.seek(1);
      expect(f.readSync(null as never)).toEqual(Buffer.from('bc'));
    });

    it('rejects strings and other values with a TypeError naming the mode', async () => {
      const f = make();
      expect(() => f.writeSync('text' as never)).toThrow(TypeError);
      expect(() => f.writeSync('text' as never)).toThrow(
        /data must be a Buffer or Uint8Array in binary mode 'w\+b' \(got string\)/,
      );
      await expect(f.write(42 as never)).rejects.toThrow(/\(got number\)/);
      expect(() => f.writeSync(null as never)).toThrow(/\(got null\)/);
      expect(() => f.writeSync({} as never)).toThrow(/\(got Object\)/);
      expect(f.tell()).toBe(0);
    });

    it('rejects a non-integer read size', () => {
      const f = make();
      expect(() => f.readSync(1.5)).toThrow(TypeError);
      expect(() => f.readSync('3' as never)).toThrow(
        /read: size must be an integer \(got string: 3\)/,
      );
    });
  });

  describe('seek and tell', () => {
    it('seeks from the start, the current position and the end', () => {
      const f = make();
      f.writeSync(Buffer.from('0123456789'));
      expect(f.seek(2)).toBe(2);
      expect(f.seek(3, 1)).toBe(5);
      expect(f.seek(-2, 1)).toBe(3);
      expect(f.seek(0, 2)).toBe(10);
      expect(f.seek(-4, 2)).toBe(6);
      expect(f.readSync(2)).toEqual(Buffer.from('67'));
      expect(f.tell()).toBe(8);
    });

    it('allows seeking past the end; a write there zero-fills the gap', () => {
      const f = make();
      f.writeSync(Buffer.from('ab'));
      expect(f.seek(5, 2)).toBe(7);
      expect(f.readSync()).toEqual(Buffer.alloc(0));
      f.writeSync(Buffer.from('z'));
      f.seek(0);
      expect(f.readSync()).toEqual(Buffer.from('ab\0\0\0\0\0z'));
    });

    it('rejects a negative resulting position, a bad whence and a non-integer offset', () => {
      const f = make();
      f.writeSync(Buffer.from('abc'));
      expect(() => f.seek(-1)).toThrow(RangeError);
      expect(() => f.seek(-1)).toThrow(/seek: offset -1 from whence 0 gives negative position -1/);
      expect(() => f.seek(-4, 2)).toThrow(RangeError);
      expect(() => f.seek(0, 3 as never)).toThrow(
        /whence must be 0 \(start\), 1 \(current\) or 2 \(end\) \(got 3\)/,
      );
      expect(() => f.seek(0.5)).toThrow(TypeError);
      expect(() => f.seek('1' as never)).toThrow(/offset must be an integer/);
      expect(f.tell()).toBe(3);
    });
  });

  describe('truncate', () => {
    it('defaults to the current position and keeps the position', async () => {
      const f = make();
      f.writeSync(Buffer.from('abcdef'));
      f.seek(2);
      expect(f.truncateSync()).toBe(2);
      expect(f.tell()).toBe(2);
      f.seek(0);
      expect(f.readSync()).toEqual(Buffer.from('ab'));
      expect(await f.truncate(1)).toBe(1);
      expect(f.tell()).toBe(2);
      f.seek(0);
      expect(await f.read()).toEqual(Buffer.from('a'));
    });

    it('rejects a negative or non-integer size', () => {
      const f = make();
      expect(() => f.truncateSync(-1)).toThrow(RangeError);
      expect(() => f.truncateSync(-1)).toThrow(/truncate: size must not be negative \(got -1\)/);
      expect(() => f.truncateSync(1.5)).toThrow(TypeError);
    });
  });

  describe('text mode', () => {
    it('writes and reads strings; write returns characters, tell is a byte offset', async () => {
      const f = make({ mode: 'w+t' });
      expect(f.encoding).toBe('utf8');
      expect(f.writeSync('h\u00e9llo ')).toBe(6);
      expect(await f.write('w\u00f6rld\n')).toBe(6);
      expect(f.tell()).toBe(14);
      f.seek(0);
      expect(f.readSync(2)).toBe('h\u00e9');
      expect(f.tell()).toBe(3);
      expect(await f.read(4)).toBe('llo ');
      expect(f.readSync()).toBe('w\u00f6rld\n');
      expect(f.readSync()).toBe('');
      f.seek(0);
      expect(await f.read()).toBe('h\u00e9llo w\u00f6rld\n');
    });

    it('never splits a surrogate pair, and reads long text in full', () => {
      const f = make({ mode: 'w+' });
      const text = `a\u{1f600}b${'\u00e9'.repeat(500)}\u{1f600}`;
      f.writeSync(text);
      f.seek(0);
      expect(f.readSync(2)).toBe('a\u{1f600}');
      expect(f.tell()).toBe(5);
      expect(f.readSync(1)).toBe('b');
      expect(f.readSync(500)).toBe('\u00e9'.repeat(500));
      expect(f.readSync(1)).toBe('\u{1f600}');
      expect(f.readSync(1)).toBe('');
      f.seek(0);
      expect(f.readSync(10_000)).toBe(text);
    });

    it('a huge size reads only what there is', async () => {
      const f = make({ mode: 'w+' });
      f.writeSync('small');
      f.seek(0);
      expect(f.readSync(2 ** 40)).toBe('small');
      f.seek(1);
      expect(await f.read(2 ** 40)).toBe('mall');
      const b = make();
      b.writeSync(Buffer.from('bytes'));
      b.seek(0);
      expect(b.readSync(2 ** 40)).toEqual(Buffer.from('bytes'));
    });

    it.each([
      ['utf16le', '\u039b\u039c \u{1f600}', 2],
      ['latin1', 'caf\u00e9', 1],
      ['ascii', 'plain', 1],
    ] as const)('round-trips with encoding %s', (encoding, text, unit) => {
      const f = make({ mode: 'w+', encoding });
      expect(f.encoding).toBe(encoding);
      f.writeSync(text);
      expect(f.tell()).toBe(text.length * unit);
      f.seek(0);
      expect(f.readSync(1)).toBe(text[0]);
      expect(f.tell()).toBe(unit);
      f.seek(0);
      expect(f.readSync()).toBe(text);
    });

    it('rejects bytes with a TypeError', async () => {
      const f = make({ mode: 'w+t' });
      expect(() => f.writeSync(Buffer.from('x') as never)).toThrow(
        /data must be a string in text mode 'w\+t' \(got Buffer\)/,
      );
      await expect(f.write(1 as never)).rejects.toThrow(TypeError);
    });

    it('throws on data that is not valid in the encoding, as Python (strict)', () => {
      const f = make({ mode: 'w+', encoding: 'utf8' });
      f.writeSync('ok');
      f.seek(1, 0);
      // Seeking into the middle of a character leaves an invalid sequence.
      f.writeSync('\u00e9');
      f.seek(2);
      expect(codeOf(() => f.readSync())).toBe('ERR_ENCODING_INVALID_ENCODED_DATA');
    });
  });

  describe('modes', () => {
    it('append mode writes at the end whatever the position', async () => {
      const f = make({ mode: 'a+b' });
      f.writeSync(Buffer.from('abc'));
      f.seek(0);
      expect(f.readSync(1)).toEqual(Buffer.from('a'));
      f.writeSync(Buffer.from('d'));
      expect(f.tell()).toBe(4);
      f.seek(1);
      await f.write(Buffer.from('e'));
      f.seek(0);
      expect(f.readSync()).toEqual(Buffer.from('abcde'));
    });

    it('a write-only mode cannot read', async () => {
      const f = make({ mode: 'wb' });
      expect(f.readable()).toBe(false);
      expect(f.writable()).toBe(true);
      f.writeSync(Buffer.from('x'));
      expect(codeOf(() => f.readSync())).toBe('ERR_NOT_READABLE');
      await expect(f.read()).rejects.toThrow("File not open for reading (mode 'wb')");
      await expect(async () => {
        for await (const _ of f) break;
      }).rejects.toThrow(/not open for reading/);
    });

    it('a read-only mode cannot write or truncate', () => {
      const f = make({ mode: 'rb' });
      expect(f.readable()).toBe(true);
      expect(f.writable()).toBe(false);
      expect(f.readSync()).toEqual(Buffer.alloc(0));
      expect(codeOf(() => f.writeSync(Buffer.from('x')))).toBe('ERR_NOT_WRITABLE');
      expect(codeOf(() => f.truncateSync(0))).toBe('ERR_NOT_WRITABLE');
      expect(() => f.writelinesSync([])).toThrow("File not open for writing (mode 'rb')");
    });

    it('keeps the mode as passed', () => {
      expect(make({ mode: 'b+w' }).mode).toBe('b+w');
      expect(make({ mode: 'x+t' }).mode).toBe('x+t');
    });
  });

  it('writelines writes each item in order', async () => {
    const f = make();
    f.writelinesSync([Buffer.from('x'), Buffer.from('y')]);
    await f.writelines(
      (function* () {
        yield Buffer.from('z');
      })(),
    );
    expect(f.seek(0)).toBe(0);
    expect(f.readSync()).toEqual(Buffer.from('xyz'));
  });

  it('flush checks that the file is open and does nothing else', async () => {
    const f = make();
    f.writeSync(Buffer.from('a'));
    f.flushSync();
    await f.flush();
    expect(f.tell()).toBe(1);
    f.closeSync();
    expect(codeOf(() => f.flushSync())).toBe('ERR_CLOSED');
    await expect(f.flush()).rejects.toMatchObject({ code: 'ERR_CLOSED' });
  });

  describe('closing', () => {
    it('close twice is harmless; afterwards every operation throws ERR_CLOSED', async () => {
      const f = make();
      f.writeSync(Buffer.from('abc'));
      expect(f.closed).toBe(false);
      await f.close();
      expect(f.closed).toBe(true);
      await f.close();
      f.closeSync();
      for (const op of [
        () => f.readSync(),
        () => f.writeSync(Buffer.from('x')),
        () => f.truncateSync(0),
        () => f.seek(0),
        () => f.tell(),
        () => f.fileno(),
        () => f.readable(),
        () => f.writable(),
      ]) {
        expect(op).toThrow('I/O operation on closed file');
        expect(codeOf(op)).toBe('ERR_CLOSED');
      }
      await expect(f.read()).rejects.toMatchObject({
        code: 'ERR_CLOSED',
        message: 'I/O operation on closed file',
      });
      await expect(f.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'ERR_CLOSED' });
      await expect(f.truncate()).rejects.toMatchObject({ code: 'ERR_CLOSED' });
    });

    it('using closes the file', () => {
      let outer: FileObject<string>;
      {
        using f = create();
        outer = f;
        f.writeSync(Buffer.from('x'));
      }
      expect(outer.closed).toBe(true);
      expect(() => outer.readSync()).toThrow('I/O operation on closed file');
    });

    it('await using closes the file', async () => {
      let outer: FileObject<string>;
      {
        await using f = create();
        outer = f;
        await f.write(Buffer.from('x'));
      }
      expect(outer.closed).toBe(true);
    });
  });

  describe('Promise operations', () => {
    it('run in call order even when nobody awaits them', async () => {
      const f = make();
      const writes = ['a', 'bb', 'ccc'].map((s) => f.write(Buffer.from(s)));
      const truncated = f.truncate(4);
      const appended = f.write(Buffer.from('Z'));
      expect(await Promise.all([...writes, truncated, appended])).toEqual([1, 2, 3, 4, 1]);
      f.seek(0);
      expect(await f.read()).toEqual(Buffer.from('abbc\0\0Z'));
    });

    it('a close queued behind a write runs after it; later calls fail', async () => {
      const f = make();
      const written = f.write(Buffer.from('data'));
      const closed = f.close();
      const late = f.read();
      await expect(written).resolves.toBe(4);
      await expect(closed).resolves.toBeUndefined();
      await expect(late).rejects.toMatchObject({ code: 'ERR_CLOSED' });
    });

    it('closeSync with operations in flight closes at once and fails the queued ones', async () => {
      const f = make();
      const first = f.write(Buffer.from('first'));
      const second = f.write(Buffer.from('second'));
      f.closeSync();
      expect(f.closed).toBe(true);
      // The first call was already scheduled; whether it ran before the
      // close or not, the second one is refused.
      await first.catch(() => undefined);
      await expect(second).rejects.toMatchObject({ code: 'ERR_CLOSED' });
      f.closeSync();
    });
  });

  describe('async iteration', () => {
    it('yields the rest of the file in chunks of at most 64 KiB', async () => {
      const f = make();
      const content = Buffer.alloc(200_000);
      for (let i = 0; i < content.length; i++) content[i] = (i * 7) % 251;
      f.writeSync(content);
      f.seek(10);
      const chunks: Buffer[] = [];
      for await (const chunk of f) chunks.push(chunk as Buffer);
      expect(chunks.length).toBe(4);
      expect(Math.max(...chunks.map((c) => c.length))).toBe(65_536);
      expect(Buffer.concat(chunks).equals(content.subarray(10))).toBe(true);
      expect(f.tell()).toBe(content.length);
    });

    it('yields whole characters in text mode', async () => {
      const f = make({ mode: 'w+' });
      // 2-byte characters after one 1-byte one: every 64 KiB boundary falls
      // inside a character.
      const text = `x${'\u00e9'.repeat(100_000)}\u{1f600}`;
      f.writeSync(text);
      f.seek(0);
      const chunks: string[] = [];
      for await (const chunk of f) chunks.push(chunk as string);
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) {
        expect(typeof chunk).toBe('string');
        expect(chunk).not.toContain('\ufffd');
      }
      expect(chunks.join('')).toBe(text);
    });

    it('works with Readable.from and pipeline', async () => {
      const f = make();
      const content = Buffer.alloc(150_000, 'pipeline!');
      f.writeSync(content);
      f.seek(0);
      const copy = path.join(scratch, 'copy.bin');
      await pipeline(Readable.from(f), fs.createWriteStream(copy));
      expect(fs.readFileSync(copy).equals(content)).toBe(true);
      f.seek(0);
      const second = path.join(scratch, 'second.bin');
      await pipeline(f, fs.createWriteStream(second));
      expect(fs.readFileSync(second).equals(content)).toBe(true);
    });

    it('pipes text through a stream as strings', async () => {
      const f = make({ mode: 'w+t' });
      f.writeSync('line one\nline two \u00e9\n');
      f.seek(0);
      let collected = '';
      await pipeline(Readable.from(f), async (source: AsyncIterable<string>) => {
        for await (const chunk of source) collected += chunk;
      });
      expect(collected).toBe('line one\nline two \u00e9\n');
    });
  });
});

describe('TemporaryFile', () => {
  it('can be created, sync and async (CPython test_basic)', async () => {
    const a = TemporaryFile.createSync({ dir: scratch });
    const b = await TemporaryFile.create({ dir: scratch });
    opened.push(a, b);
    expect(a.closed).toBe(false);
    expect(b.closed).toBe(false);
    expect(a.fileno()).not.toBe(b.fileno());
  });

  it('has no name: name is the fd, and no entry ever appears in the dir', async () => {
    const before = fs.readdirSync(scratch);
    const f = await TemporaryFile.create({ dir: scratch, prefix: 'visible-', suffix: '.x' });
    opened.push(f);
    expect(typeof f.name).toBe('number');
    expect(f.name).toBe(f.fileno());
    await f.write(Buffer.from('blat'));
    expect(fs.readdirSync(scratch)).toEqual(before);
    expect(before).toEqual([]);
  });

  it('does not keep its dir alive (CPython test_has_no_name)', () => {
    const dir = path.join(scratch, 'sub');
    fs.mkdirSync(dir);
    const f = TemporaryFile.createSync({ dir });
    opened.push(f);
    f.writeSync(Buffer.from('blat'));
    fs.rmdirSync(dir);
    f.seek(0);
    expect(f.readSync()).toEqual(Buffer.from('blat'));
  });

  it.skipIf(!procFs /* reads the fd's target in /proc */)(
    'really uses O_TMPFILE on Linux: the fd points at an anonymous "#<inode> (deleted)"',
    async () => {
      expect(process.platform).toBe('linux');
      const f = await TemporaryFile.create({ dir: scratch });
      opened.push(f);
      const target = fdTarget(f.fileno());
      expect(path.dirname(target)).toBe(scratch);
      expect(path.basename(target)).toMatch(/^#\d+ \(deleted\)$/);
      const g = TemporaryFile.createSync({ dir: scratch });
      opened.push(g);
      expect(path.basename(fdTarget(g.fileno()))).toMatch(/^#\d+ \(deleted\)$/);
    },
  );

  it('creates mode 0o600 files', () => {
    const f = TemporaryFile.createSync({ dir: scratch });
    opened.push(f);
    expect(fs.fstatSync(f.fileno()).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!procFs /* reads the fd's target in /proc */)('defaults to gettempdir()', () => {
    setTempdir(scratch);
    const f = TemporaryFile.createSync();
    opened.push(f);
    expect(path.dirname(fdTarget(f.fileno()))).toBe(scratch);
  });

  describe.each([
    ['async', (o: { dir: string; prefix?: string; suffix?: string }) => TemporaryFile.create(o)],
    [
      'sync',
      async (o: { dir: string; prefix?: string; suffix?: string }) => TemporaryFile.createSync(o),
    ],
  ])('without O_TMPFILE (%s)', (_kind, create) => {
    it.skipIf(!procFs /* reads the fd's target in /proc */)(
      'falls back to mkstemp + unlink: the name is gone at once',
      async () => {
        forceMkstempFallback(true);
        const f = await create({ dir: scratch, prefix: 'pre-', suffix: '.suf' });
        opened.push(f);
        expect(fs.readdirSync(scratch)).toEqual([]);
        const target = fdTarget(f.fileno());
        expect(path.dirname(target)).toBe(scratch);
        expect(path.basename(target)).toMatch(/^pre-[a-z0-9_]{8}\.suf \(deleted\)$/);
        expect(fs.fstatSync(f.fileno()).mode & 0o777).toBe(0o600);
        f.writeSync(Buffer.from('still works'));
        f.seek(0);
        expect(f.readSync()).toEqual(Buffer.from('still works'));
      },
    );

    it('reports a missing dir with ENOENT, naming TemporaryFile and the dir', async () => {
      forceMkstempFallback(true);
      const missing = path.join(scratch, 'missing');
      await expect(create({ dir: missing })).rejects.toMatchObject({
        code: 'ENOENT',
        message: `TemporaryFile: dir '${missing}' does not exist (ENOENT)`,
      });
    });
  });

  const isRoot = process.getuid?.() === 0;
  it
    .skipIf(
      !isRoot || !procFs /* chattr +a needs CAP_LINUX_IMMUTABLE (root); fds counted in /proc */,
    )
    .each([
      ['async', (dir: string) => TemporaryFile.create({ dir })],
      ['sync', async (dir: string) => TemporaryFile.createSync({ dir })],
    ])('closes the fd when the unlink after mkstemp fails (%s)', async (_kind, create) => {
    // An append-only dir (chattr +a) accepts new names but refuses unlink.
    const dir = path.join(scratch, 'append-only');
    fs.mkdirSync(dir);
    const chattr = (flag: string) => {
      const result = spawnSync('chattr', [flag, dir], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    };
    const fdsInDir = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      });
    forceMkstempFallback(true);
    chattr('+a');
    try {
      await expect(create(dir)).rejects.toMatchObject({ code: 'EPERM', syscall: 'unlink' });
      expect(fdsInDir()).toEqual([]);
    } finally {
      chattr('-a');
    }
  });

  it.skipIf(!procFs /* fds counted in /proc */)('closes its descriptor on close', async () => {
    const f = await TemporaryFile.create({ dir: scratch });
    const fd = f.fileno();
    const anonymous = fdTarget(fd);
    await f.close();
    let after: string | undefined;
    try {
      after = fdTarget(fd);
    } catch {
      after = undefined;
    }
    expect(after).not.toBe(anonymous);
  });

  it('can be closed many times (CPython test_multiple_close)', () => {
    const f = TemporaryFile.createSync({ dir: scratch });
    f.writeSync(Buffer.from('abc\n'));
    f.closeSync();
    f.closeSync();
    f.closeSync();
    expect(f.closed).toBe(true);
  });

  it('round-trips each mode and encoding (CPython test_mode_and_encoding)', async () => {
    async function roundtrip(input: string | Buffer, mode: string, encoding?: BufferEncoding) {
      await using f = await TemporaryFile.create({ dir: scratch, mode, encoding });
      await f.write(input as never);
      f.seek(0);
      expect(await f.read()).toEqual(input);
    }
    await roundtrip(Buffer.from('1234'), 'w+b');
    await roundtrip('abdc\n', 'w+');
    await roundtrip('\u039b', 'w+', 'utf16le');
    await roundtrip('foo\r\n', 'w+');
  });

  describe.each([
    ['async', (o: object) => TemporaryFile.create(o as never)],
    ['sync', async (o: object) => TemporaryFile.createSync(o as never)],
  ])('bad arguments (%s) give clear errors and leave nothing on disk', (_kind, create) => {
    it.each([
      [{ mode: 'wr' }, RangeError, /Invalid mode 'wr'/],
      [{ mode: 2 }, TypeError, /The "mode" option must be a string/],
      [{ mode: 'w', encoding: 'bad-encoding' }, RangeError, /Unknown encoding 'bad-encoding'/],
      [{ mode: 'wb', encoding: 'utf8' }, RangeError, /only for text modes/],
      [{ prefix: 42 }, TypeError, /"TemporaryFile: prefix" option must be a string or a Buffer/],
      [{ prefix: Buffer.from('a'), suffix: 'b' }, TypeError, /can't mix bytes and non-bytes/],
    ])('%j', async (options, type, message) => {
      forceMkstempFallback(true);
      const error = await create({ dir: scratch, ...options }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('a dir that does not exist', async () => {
      const missing = path.join(scratch, 'nope');
      await expect(create({ dir: missing })).rejects.toMatchObject({
        code: 'ENOENT',
        message: expect.stringContaining(`'${missing}' does not exist`),
      });
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('options that are not an object', async () => {
      await expect(create('w+b' as never)).rejects.toThrow(
        /TemporaryFile: options must be an object \(got string\)/,
      );
      await expect(create(null as never)).rejects.toThrow(/got null/);
    });
  });
});
