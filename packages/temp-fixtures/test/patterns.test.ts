import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpooledUploadHandler, TempFileManager } from '../src/index.js';
import { procFs } from './helpers/procfs.js';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'patterns-test-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

const boom = new Error('boom');

describe('TempFileManager', () => {
  it('defaults to the app_ prefix and cleanupOnError', () => {
    const manager = new TempFileManager();
    expect(manager.prefix).toBe('app_');
    expect(manager.cleanupOnError).toBe(true);
    expect(manager.tracked).toEqual([]);
  });

  it('withTempFile hands over an open NamedTemporaryFile and removes it when fn returns', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    let seen = '';
    const result = await manager.withTempFile({ suffix: '.json' }, async (file) => {
      seen = file.name;
      expect(path.basename(file.name)).toMatch(/^app_[a-z0-9_]{8}\.json$/);
      await file.write(Buffer.from('{"data":1}'));
      file.seek(0);
      return (await file.read()).toString();
    });
    expect(result).toBe('{"data":1}');
    expect(fs.existsSync(seen)).toBe(false);
    expect(manager.tracked).toEqual([]);
  });

  it('withTempFile in a text mode gives string reads', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    const text = await manager.withTempFile({ mode: 'w+t' }, async (file) => {
      await file.write('h\u00e9');
      file.seek(0);
      return file.read();
    });
    expect(text).toBe('h\u00e9');
  });

  it('withTempFile with delete: false keeps and tracks the file; cleanupAll removes it', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    const name = await manager.withTempFile({ delete: false }, async (file) => {
      await file.write(Buffer.from('kept'));
      return file.name;
    });
    expect(fs.readFileSync(name, 'utf8')).toBe('kept');
    expect(manager.tracked).toEqual([name]);
    await manager.cleanupAll();
    expect(fs.existsSync(name)).toBe(false);
    expect(manager.tracked).toEqual([]);
  });

  it('on error with cleanupOnError removes the file even with delete: false, and rethrows', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    let name = '';
    await expect(
      manager.withTempFile({ delete: false }, (file) => {
        name = file.name;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(fs.existsSync(name)).toBe(false);
    expect(manager.tracked).toEqual([]);
  });

  it('on error without cleanupOnError keeps the resource for inspection and tracks it', async () => {
    const manager = new TempFileManager({ baseDir: scratch, cleanupOnError: false });
    let file = '';
    let dir = '';
    await expect(
      manager.withTempFile({}, (f) => {
        file = f.name;
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(
      manager.withTempDirectory({}, (d) => {
        dir = d;
        fs.writeFileSync(path.join(d, 'evidence'), 'x');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'evidence'), 'utf8')).toBe('x');
    expect(manager.tracked).toEqual([file, dir]);
    manager.cleanupAllSync();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('withTempDirectory gives a 0o700 dir and removes its whole tree afterwards', async () => {
    const manager = new TempFileManager({ baseDir: scratch, prefix: 'job_' });
    const dir = await manager.withTempDirectory({ suffix: '_work' }, (d) => {
      expect(path.basename(d)).toMatch(/^job_[a-z0-9_]{8}_work$/);
      expect(fs.statSync(d).mode & 0o777).toBe(0o700);
      fs.mkdirSync(path.join(d, 'sub'));
      fs.writeFileSync(path.join(d, 'sub', 'f'), 'x');
      return d;
    });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('withTempDirectory with delete: false tracks the dir', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    const dir = await manager.withTempDirectory({ delete: false }, (d) => d);
    expect(manager.tracked).toEqual([dir]);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it('createTempFile/createTempDir are tracked; cleanupAll tolerates what is already gone', async () => {
    const manager = new TempFileManager({ baseDir: scratch });
    const file = await manager.createTempFile({ suffix: '.dat' });
    const dir = await manager.createTempDir();
    const gone = await manager.createTempFile();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    fs.writeFileSync(path.join(dir, 'inner'), 'x');
    fs.rmSync(gone);
    expect(manager.tracked).toEqual([file, dir, gone]);
    await manager.cleanupAll();
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(manager.tracked).toEqual([]);
  });

  it('cleanupAll never follows a link out of a tracked dir', async () => {
    const outside = path.join(scratch, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'precious'), 'keep me');
    const manager = new TempFileManager({ baseDir: scratch });
    const dir = await manager.createTempDir();
    fs.symlinkSync(outside, path.join(dir, 'link'));
    await manager.cleanupAll();
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('keep me');
  });

  it('disposal (using / await using) cleans up everything tracked', async () => {
    let file = '';
    let dir = '';
    {
      await using manager = new TempFileManager({ baseDir: scratch });
      file = await manager.createTempFile();
    }
    {
      using manager = new TempFileManager({ baseDir: scratch });
      dir = await manager.createTempDir();
    }
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('rejects bad options with a clear error and creates nothing', async () => {
    expect(() => new TempFileManager({ prefix: 1 as never })).toThrow(
      /prefix must be a string \(got number\)/,
    );
    expect(() => new TempFileManager({ cleanupOnError: 'yes' as never })).toThrow(
      /cleanupOnError must be a boolean/,
    );
    expect(() => new TempFileManager({ baseDir: 5 as never })).toThrow(/baseDir must be a string/);
    const manager = new TempFileManager({ baseDir: scratch });
    await expect(manager.withTempFile({}, 'nope' as never)).rejects.toThrow(
      /callback must be a function/,
    );
    await expect(manager.withTempFile({ mode: 'q' as never }, () => {})).rejects.toThrow(/mode/);
    const missing = new TempFileManager({ baseDir: path.join(scratch, 'missing') });
    await expect(missing.createTempDir()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('SpooledUploadHandler', () => {
  async function* chunks(n: number, size: number) {
    for (let i = 0; i < n; i++) yield Buffer.alloc(size, i % 251);
  }

  it('defaults to 5 MiB in memory', () => {
    expect(new SpooledUploadHandler().maxMemory).toBe(5 * 1024 * 1024);
  });

  it('keeps a small upload in memory, rewound to 0', async () => {
    const handler = new SpooledUploadHandler({ maxMemory: 1024 });
    await using file = await handler.bufferStream(chunks(4, 100));
    expect(handler.isInMemory(file)).toBe(true);
    expect(file.tell()).toBe(0);
    expect((await file.read()).length).toBe(400);
  });

  it('spills a large upload to disk in the given dir, content intact', async () => {
    const handler = new SpooledUploadHandler({ maxMemory: 1000, dir: scratch });
    await using file = await handler.bufferStream(Readable.from(chunks(30, 100)));
    expect(handler.isInMemory(file)).toBe(false);
    expect(file.tell()).toBe(0);
    const data = await file.read();
    expect(data.length).toBe(3000);
    expect(data[2999]).toBe(29);
    // O_TMPFILE (or unlink at once): nothing visible in the dir.
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('accepts string chunks as UTF-8', async () => {
    const handler = new SpooledUploadHandler();
    await using file = await handler.bufferStream(Readable.from(['h\u00e9', 'llo']));
    expect((await file.read()).toString()).toBe('h\u00e9llo');
  });

  it.skipIf(!procFs /* fds counted in /proc */)(
    'closes the buffer (no fd left open) and rethrows when the source errors',
    async () => {
      // maxMemory 10 makes the first chunk roll over to a real temp file.
      const handler = new SpooledUploadHandler({ maxMemory: 10, dir: scratch });
      const openFds = () => fs.readdirSync('/proc/self/fd').length;
      const before = openFds();
      const failing = (async function* () {
        yield Buffer.alloc(100);
        throw boom;
      })();
      await expect(handler.bufferStream(failing)).rejects.toBe(boom);
      expect(openFds()).toBe(before);
      expect(fs.readdirSync(scratch)).toEqual([]);
    },
  );

  it('rejects bad arguments clearly', async () => {
    expect(() => new SpooledUploadHandler({ maxMemory: -1 })).toThrow(
      /maxMemory must be a non-negative integer/,
    );
    expect(() => new SpooledUploadHandler({ dir: 3 as never })).toThrow(/dir must be a string/);
    await expect(new SpooledUploadHandler().bufferStream(42 as never)).rejects.toThrow(
      /source must be an async iterable or a Readable/,
    );
  });
});
