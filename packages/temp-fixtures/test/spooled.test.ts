import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SpooledTemporaryFile,
  type SpooledTemporaryFileOptions,
  setTempdir,
} from '../src/index.js';
import { forceMkstempFallback } from '../src/testing.js';
import { procFs } from './helpers/procfs.js';

let scratch: string;
const opened: SpooledTemporaryFile<string>[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'spooled-test-'));
});
afterEach(() => {
  for (const f of opened.splice(0)) f.closeSync();
  forceMkstempFallback(false);
  setTempdir(null);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** CPython's do_create: a binary spooled file in the scratch dir. */
function make(options: SpooledTemporaryFileOptions<'w+b'> = {}): SpooledTemporaryFile {
  const f = SpooledTemporaryFile.createSync({ dir: scratch, ...options });
  opened.push(f);
  return f;
}

const x = (n: number) => Buffer.alloc(n, 'x');

describe('SpooledTemporaryFile (CPython TestSpooledTemporaryFile)', () => {
  it('starts in memory (test_basic)', async () => {
    expect(make().rolledOver).toBe(false);
    const f = make({ maxSize: 100, prefix: 'a', suffix: '.txt' });
    expect(f.rolledOver).toBe(false);
    expect(f.maxSize).toBe(100);
    const g = await SpooledTemporaryFile.create({ dir: scratch });
    opened.push(g);
    expect(g.rolledOver).toBe(false);
    expect(g.maxSize).toBe(0);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('leaves nothing behind once closed after rollover (test_del_on_close)', () => {
    const f = make({ maxSize: 10 });
    expect(f.rolledOver).toBe(false);
    f.writeSync(Buffer.from('blat '.repeat(5)));
    expect(f.rolledOver).toBe(true);
    expect(typeof f.name).toBe('number');
    f.closeSync();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it.skipIf(!procFs /* reads the fd's target in /proc */)(
    'leaves no name in the dir even without O_TMPFILE',
    () => {
      forceMkstempFallback(true);
      const f = make({ maxSize: 1, prefix: 'spool-' });
      f.writeSync(Buffer.from('ab'));
      expect(f.rolledOver).toBe(true);
      expect(fs.readdirSync(scratch)).toEqual([]);
      expect(path.basename(fs.readlinkSync(`/proc/self/fd/${f.fileno()}`))).toMatch(
        /^spool-[a-z0-9_]{8} \(deleted\)$/,
      );
    },
  );

  it('can be rewritten within maxSize without rolling (test_rewrite_small)', () => {
    const f = make({ maxSize: 30 });
    for (let i = 0; i < 5; i++) {
      f.seek(0, 0);
      f.writeSync(x(20));
    }
    expect(f.rolledOver).toBe(false);
  });

  it('holds exactly maxSize bytes and rolls on the next one (test_write_sequential)', () => {
    const f = make({ maxSize: 30 });
    f.writeSync(x(20));
    expect(f.rolledOver).toBe(false);
    f.writeSync(x(10));
    expect(f.rolledOver).toBe(false);
    expect(f.tell()).toBe(30);
    f.writeSync(x(1));
    expect(f.rolledOver).toBe(true);
    f.seek(0);
    expect(f.readSync()).toEqual(x(31));
  });

  it('the same boundary holds for Promise writes', async () => {
    const f = make({ maxSize: 30 });
    await f.write(x(30));
    expect(f.rolledOver).toBe(false);
    await f.write(x(1));
    expect(f.rolledOver).toBe(true);
    f.seek(0);
    expect(await f.read()).toEqual(x(31));
  });

  it('writelines (test_writelines)', () => {
    const f = make();
    f.writelinesSync([Buffer.from('x'), Buffer.from('y'), Buffer.from('z')]);
    expect(f.seek(0)).toBe(0);
    expect(f.readSync()).toEqual(Buffer.from('xyz'));
  });

  it.each(['sync', 'async'])(
    'writelines rolls over before the iterator is exhausted (test_writelines_rollover, %s)',
    async (kind) => {
      const f = make({ maxSize: 2 });
      const seen: boolean[] = [];
      function* lines() {
        yield Buffer.from('xy');
        seen.push(f.rolledOver);
        yield Buffer.from('z');
        seen.push(f.rolledOver);
      }
      if (kind === 'sync') f.writelinesSync(lines());
      else await f.writelines(lines());
      expect(seen).toEqual([false, true]);
      expect(f.seek(0)).toBe(0);
      expect(f.readSync()).toEqual(Buffer.from('xyz'));
    },
  );

  it('writelines after rollover (test_writelines_fast_path)', () => {
    const f = make({ maxSize: 2 });
    f.writeSync(Buffer.from('abc'));
    expect(f.rolledOver).toBe(true);
    f.writelinesSync([Buffer.from('d'), Buffer.from('e'), Buffer.from('f')]);
    f.seek(0);
    expect(f.readSync()).toEqual(Buffer.from('abcdef'));
  });

  it('writelines counts every line toward maxSize (test_writelines_sequential)', () => {
    const f = make({ maxSize: 35 });
    f.writelinesSync([x(20), x(10), x(5)]);
    expect(f.rolledOver).toBe(false);
    f.writeSync(x(1));
    expect(f.rolledOver).toBe(true);
  });

  it('a write far past the end rolls over and zero-fills (test_sparse)', () => {
    const f = make({ maxSize: 30 });
    expect(f.seek(100, 0)).toBe(100);
    expect(f.rolledOver).toBe(false);
    f.writeSync(Buffer.from('x'));
    expect(f.rolledOver).toBe(true);
    f.seek(0);
    expect(f.readSync()).toEqual(Buffer.concat([Buffer.alloc(100), Buffer.from('x')]));
  });

  it('zero-fills a sparse write in memory too, even over truncated bytes', () => {
    const f = make({ maxSize: 1000 });
    f.writeSync(Buffer.from('abcdef'));
    f.truncateSync(2);
    f.seek(5);
    f.writeSync(Buffer.from('Z'));
    expect(f.rolledOver).toBe(false);
    f.seek(0);
    expect(f.readSync()).toEqual(Buffer.from('ab\0\0\0Z'));
  });

  it('fileno() rolls over (test_fileno)', () => {
    const f = make({ maxSize: 30 });
    expect(f.rolledOver).toBe(false);
    const fd = f.fileno();
    expect(fd).toBeGreaterThan(0);
    expect(f.rolledOver).toBe(true);
    expect(f.name).toBe(fd);
    expect(f.fileno()).toBe(fd);
  });

  it('can be closed many times, before and after rollover (test_multiple_close_*)', async () => {
    const before = make();
    before.writeSync(Buffer.from('abc\n'));
    expect(before.rolledOver).toBe(false);
    before.closeSync();
    before.closeSync();
    await before.close();
    const after = make({ maxSize: 1 });
    after.writeSync(Buffer.from('abc\n'));
    expect(after.rolledOver).toBe(true);
    await after.close();
    after.closeSync();
    after.closeSync();
    expect([before.closed, after.closed]).toEqual([true, true]);
  });

  it('rollover keeps content and position', async () => {
    const f = make({ maxSize: 1000 });
    f.writeSync(Buffer.from('hello world'));
    f.seek(3);
    f.rolloverSync();
    expect(f.rolledOver).toBe(true);
    expect(f.tell()).toBe(3);
    expect(fs.fstatSync(f.fileno()).size).toBe(11);
    expect(f.readSync()).toEqual(Buffer.from('lo world'));
    f.rolloverSync();
    await f.rollover();
    expect(f.tell()).toBe(11);

    const g = make();
    await g.write(Buffer.from('async rollover'));
    g.seek(6);
    await g.rollover();
    expect(g.rolledOver).toBe(true);
    expect(await g.read()).toEqual(Buffer.from('rollover'));
  });

  it('rollover on a closed file throws ERR_CLOSED', async () => {
    const f = make();
    f.closeSync();
    expect(() => f.rolloverSync()).toThrow('I/O operation on closed file');
    expect(() => f.fileno()).toThrow('I/O operation on closed file');
    await expect(f.rollover()).rejects.toMatchObject({ code: 'ERR_CLOSED' });
    expect(f.rolledOver).toBe(false);
  });

  it.skipIf(!procFs /* fds counted in /proc */)(
    'closeSync while a rollover is in flight leaks no descriptor, whenever it lands',
    async () => {
      const fdsInScratch = () =>
        fs.readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(scratch);
          } catch {
            return false;
          }
        });
      const waits = [
        async () => {},
        () => new Promise((resolve) => setImmediate(resolve)),
        () => new Promise((resolve) => setTimeout(resolve, 5)),
      ];
      for (const wait of waits) {
        const f = make();
        f.writeSync(Buffer.from('data'));
        const rolling = f.rollover().catch((e: NodeJS.ErrnoException) => e.code);
        await wait();
        f.closeSync();
        expect(f.closed).toBe(true);
        expect(await rolling).toBeOneOf([undefined, 'ERR_CLOSED']);
        // Queued behind the deferred release, so everything has settled.
        await f.close();
        expect(fdsInScratch()).toEqual([]);
      }
      expect(fs.readdirSync(scratch)).toEqual([]);
    },
  );

  it('has mode and name properties before and after rollover (test_properties)', () => {
    const f = make({ maxSize: 10 });
    f.writeSync(x(10));
    expect(f.rolledOver).toBe(false);
    expect(f.mode).toBe('w+b');
    expect(f.name).toBeNull();
    expect(f.encoding).toBeUndefined();
    f.writeSync(x(1));
    expect(f.rolledOver).toBe(true);
    // The mode stays as passed (CPython reports the disk file's 'rb+').
    expect(f.mode).toBe('w+b');
    expect(f.name).toBe(f.fileno());
    expect(f.encoding).toBeUndefined();
  });

  it('works in text mode, in memory and after rollover (test_text_mode)', () => {
    const f = SpooledTemporaryFile.createSync({
      dir: scratch,
      mode: 'w+',
      maxSize: 10,
      encoding: 'utf-8',
    });
    opened.push(f);
    f.writeSync('abc\n');
    f.seek(0);
    expect(f.readSync()).toBe('abc\n');
    f.writeSync('def\n');
    f.seek(0);
    expect(f.readSync()).toBe('abc\ndef\n');
    expect(f.rolledOver).toBe(false);
    expect(f.mode).toBe('w+');
    expect(f.name).toBeNull();
    expect(f.encoding).toBe('utf8');
    f.writeSync('xyzzy\n');
    f.seek(0);
    expect(f.readSync()).toBe('abc\ndef\nxyzzy\n');
    // Ctrl+Z does not truncate anything.
    f.writeSync('foo\x1abar\n');
    f.seek(0);
    expect(f.readSync()).toBe('abc\ndef\nxyzzy\nfoo\x1abar\n');
    expect(f.rolledOver).toBe(true);
    expect(f.mode).toBe('w+');
    expect(f.name).not.toBeNull();
    expect(f.encoding).toBe('utf8');
  });

  it('counts maxSize in encoded bytes in text mode (test_text_newline_and_encoding)', () => {
    const f = SpooledTemporaryFile.createSync({ dir: scratch, mode: 'w+', maxSize: 10 });
    opened.push(f);
    f.writeSync('\u039b\r\n');
    f.seek(0);
    expect(f.readSync()).toBe('\u039b\r\n');
    expect(f.rolledOver).toBe(false);
    // Five 2-byte characters: 4 + 10 bytes, beyond maxSize though only 9 characters.
    f.writeSync('\u039c'.repeat(5));
    expect(f.rolledOver).toBe(true);
    f.writeSync(`\r\n${'\u039d'.repeat(20)}`);
    f.seek(0);
    expect(f.readSync()).toBe(`\u039b\r\n${'\u039c'.repeat(5)}\r\n${'\u039d'.repeat(20)}`);
  });

  it('reads text by code units in memory without needing newlines', () => {
    const f = SpooledTemporaryFile.createSync({ mode: 'w+t', maxSize: 1000 });
    opened.push(f);
    f.writeSync('\u00e9t\u00e9 \u{1f600}!');
    f.seek(0);
    expect(f.readSync(3)).toBe('\u00e9t\u00e9');
    expect(f.readSync(1)).toBe(' ');
    expect(f.readSync(1)).toBe('\u{1f600}');
    expect(f.readSync(5)).toBe('!');
    expect(f.rolledOver).toBe(false);
  });

  it.each(['before', 'during', 'after'])(
    'using disposes it %s rollover (test_context_manager_*)',
    (when) => {
      let outer: SpooledTemporaryFile;
      {
        using f = SpooledTemporaryFile.createSync({ dir: scratch, maxSize: 1 });
        outer = f;
        if (when === 'after') f.rolloverSync();
        if (when !== 'before') {
          f.writeSync(Buffer.from('abc\n'));
          f.flushSync();
          expect(f.rolledOver).toBe(true);
        }
        expect(f.closed).toBe(false);
      }
      expect(outer.closed).toBe(true);
      expect(() => outer.readSync()).toThrow('I/O operation on closed file');
    },
  );

  describe('truncate (test_truncate_with_size_parameter)', () => {
    it('to zero and to a smaller size stays in memory', async () => {
      const f = make({ maxSize: 10 });
      f.writeSync(Buffer.from('abcdefg\n'));
      f.seek(0);
      expect(f.truncateSync()).toBe(0);
      expect(f.rolledOver).toBe(false);
      expect(f.readSync()).toEqual(Buffer.alloc(0));
      const g = make({ maxSize: 10 });
      g.writeSync(Buffer.from('abcdefg\n'));
      expect(await g.truncate(4)).toBe(4);
      expect(g.rolledOver).toBe(false);
      expect(g.tell()).toBe(8);
      g.seek(0);
      expect(g.readSync()).toEqual(Buffer.from('abcd'));
    });

    it('beyond maxSize rolls over and extends the file on disk', async () => {
      const f = make({ maxSize: 10 });
      f.writeSync(Buffer.from('abcdefg\n'));
      expect(f.truncateSync(20)).toBe(20);
      expect(f.rolledOver).toBe(true);
      expect(fs.fstatSync(f.fileno()).size).toBe(20);
      const g = make({ maxSize: 10 });
      await g.truncate(11);
      expect(g.rolledOver).toBe(true);
      expect(fs.fstatSync(g.fileno()).size).toBe(11);
    });

    it('with maxSize 0: any positive size rolls over, size 0 does not', () => {
      const f = make();
      f.writeSync(Buffer.from('abc'));
      f.truncateSync(0);
      expect(f.rolledOver).toBe(false);
      f.truncateSync(1);
      expect(f.rolledOver).toBe(true);
    });

    it('in memory never extends the data (as BytesIO)', () => {
      const f = make({ maxSize: 100 });
      f.writeSync(Buffer.from('abc'));
      expect(f.truncateSync(50)).toBe(50);
      expect(f.rolledOver).toBe(false);
      expect(f.seek(0, 2)).toBe(3);
      f.seek(10);
      expect(f.truncateSync()).toBe(10);
      expect(f.seek(0, 2)).toBe(3);
    });

    it('without a size never rolls over, even past maxSize', () => {
      const f = make({ maxSize: 2 });
      f.seek(50);
      f.truncateSync();
      expect(f.rolledOver).toBe(false);
    });
  });

  it('a spooled file that never rolls over touches no disk at all', async () => {
    // gettempdir() is resolved (and its probe file created) only on rollover:
    // watch the would-be temp dir and check the first event is our marker.
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    setTempdir(null);
    const events: string[] = [];
    const watcher = fs.watch(scratch, (_type, file) => events.push(String(file)));
    try {
      const f = await SpooledTemporaryFile.create({ maxSize: 1 << 20, mode: 'w+' });
      await f.write('in memory '.repeat(1000));
      f.seek(0);
      expect((await f.read()).length).toBe(10_000);
      await f.truncate(5);
      for await (const _ of f) break;
      await f.close();
      fs.writeFileSync(path.join(scratch, 'marker'), '');
      await vi.waitFor(() => expect(events).toContain('marker'));
      expect(events[0]).toBe('marker');
      // The positive control: a rollover does resolve and probe the dir.
      const g = SpooledTemporaryFile.createSync();
      g.rolloverSync();
      g.closeSync();
      await vi.waitFor(() => expect(events.length).toBeGreaterThan(2));
      expect(events.slice(2).some((name) => name !== 'marker')).toBe(true);
    } finally {
      watcher.close();
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
  });

  it('grows in amortised constant time: 100,000 writes of 100 B', async () => {
    const f = SpooledTemporaryFile.createSync();
    opened.push(f);
    const block = Buffer.alloc(100);
    for (let i = 0; i < 100_000; i++) {
      block.writeUInt32BE(i, 0);
      f.writeSync(block);
    }
    expect(f.rolledOver).toBe(false);
    expect(f.tell()).toBe(10_000_000);
    f.seek(0);
    const all = f.readSync();
    expect(all.length).toBe(10_000_000);
    for (const i of [0, 1, 4242, 99_999]) expect(all.readUInt32BE(i * 100)).toBe(i);
    const g = SpooledTemporaryFile.createSync();
    opened.push(g);
    for (let i = 0; i < 10_000; i++) await g.write(block);
    expect(g.tell()).toBe(1_000_000);
  });

  it('iterates asynchronously in memory, in binary and text mode', async () => {
    const f = make();
    f.writeSync(Buffer.from('spooled'));
    f.seek(0);
    const chunks: Buffer[] = [];
    for await (const chunk of f) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from('spooled'));
    const t = SpooledTemporaryFile.createSync({ mode: 'w+t' });
    opened.push(t);
    t.writeSync('t\u00e9xt');
    t.seek(0);
    const text: string[] = [];
    for await (const chunk of t) text.push(chunk);
    expect(text.join('')).toBe('t\u00e9xt');
  });

  it.skipIf(!procFs /* reads the fd's target in /proc */)(
    'Buffer naming options work for the rollover file',
    () => {
      forceMkstempFallback(true);
      const f = SpooledTemporaryFile.createSync({
        dir: Buffer.from(scratch),
        prefix: Buffer.from('b-'),
      });
      opened.push(f);
      f.rolloverSync();
      expect(path.basename(fs.readlinkSync(`/proc/self/fd/${f.fileno()}`))).toMatch(/^b-/);
    },
  );

  describe('bad arguments', () => {
    it.each([
      [-1, RangeError, /"maxSize" option must be a non-negative integer \(got -1\)/],
      [1.5, RangeError, /non-negative integer \(got 1.5\)/],
      [Number.NaN, RangeError, /got NaN/],
      [Number.POSITIVE_INFINITY, RangeError, /got Infinity/],
      ['10', TypeError, /"maxSize" option must be a number of bytes \(got string: 10\)/],
      [null, TypeError, /got object: null/],
    ])('maxSize %j', async (maxSize, type, message) => {
      expect(() =>
        SpooledTemporaryFile.createSync({ dir: scratch, maxSize: maxSize as never }),
      ).toThrow(type);
      await expect(
        SpooledTemporaryFile.create({ dir: scratch, maxSize: maxSize as never }),
      ).rejects.toThrow(message);
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it.each([
      [{ mode: 'wr' }, RangeError, /Invalid mode 'wr'/],
      [{ mode: 'w+', encoding: 'hex' }, RangeError, /Unknown encoding 'hex'/],
      [
        { prefix: 42 },
        TypeError,
        /"SpooledTemporaryFile: prefix" option must be a string or a Buffer/,
      ],
      [{ prefix: 'a', suffix: Buffer.from('b') }, TypeError, /can't mix bytes and non-bytes/],
    ])('%j fails at creation, before any disk access', (options, type, message) => {
      const create = () => SpooledTemporaryFile.createSync({ dir: scratch, ...options } as never);
      expect(create).toThrow(type);
      expect(create).toThrow(message);
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('a dir that does not exist fails on rollover (as CPython), keeping the data in memory', async () => {
      const missing = path.join(scratch, 'missing');
      const f = SpooledTemporaryFile.createSync({ dir: missing, maxSize: 4 });
      opened.push(f);
      f.writeSync(Buffer.from('1234'));
      expect(() => f.writeSync(Buffer.from('5'))).toThrow(
        expect.objectContaining({
          code: 'ENOENT',
          message: `SpooledTemporaryFile: dir '${missing}' does not exist (ENOENT)`,
        }),
      );
      await expect(f.rollover()).rejects.toMatchObject({ code: 'ENOENT' });
      expect(f.rolledOver).toBe(false);
      f.seek(0);
      expect(f.readSync()).toEqual(Buffer.from('12345'));
      expect(fs.readdirSync(scratch)).toEqual([]);
    });
  });

  describe('when the copy to disk fails', () => {
    // A real write failure: the child's file size limit (RLIMIT_FSIZE) is 512
    // bytes, so copying 64 KiB to the rollover file fails with EFBIG.
    const library = buildSync({
      entryPoints: [path.join(__dirname, '..', 'src', 'spooled.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
    }).outputFiles[0]!.text;

    it.skipIf(!procFs /* fds counted in /proc */).each(['rollover', 'rolloverSync'])(
      '%s closes the new file, keeps the data in memory and rethrows',
      (fn) => {
        const script = `${library}
process.on('SIGXFSZ', () => {});
const fs = require('node:fs');
const openFds = () => fs.readdirSync('/proc/self/fd').length;
const f = module.exports.SpooledTemporaryFile.createSync({ dir: process.argv.at(-1) });
f.writeSync(Buffer.alloc(65536, 1));
const before = openFds();
Promise.resolve()
  .then(() => f.${fn}())
  .then(
    () => ({ rolled: true }),
    (e) => ({ code: e.code, rolledOver: f.rolledOver, leaked: openFds() - before, size: (f.seek(0), f.readSync().length) }),
  )
  .then((r) => console.log(JSON.stringify(r)));`;
        const result = spawnSync(
          'sh',
          ['-c', 'ulimit -f 1 && exec "$0" - "$1"', process.execPath, scratch],
          {
            input: script,
            encoding: 'utf8',
          },
        );
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout)).toEqual({
          code: 'EFBIG',
          rolledOver: false,
          leaked: 0,
          size: 65536,
        });
        expect(fs.readdirSync(scratch)).toEqual([]);
      },
    );
  });
});
