import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  mkdtemp,
  mkdtempSync,
  mkstemp,
  mkstempSync,
  mktemp,
  NAME_CHARACTERS,
  setTempdir,
  TMP_MAX,
} from '../src/index.js';
import * as names from '../src/names.js';
import { randomName } from '../src/names.js';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lowlevel-test-'));
});
afterEach(() => {
  setTempdir(null);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const NAME_RE = new RegExp(`^[${NAME_CHARACTERS}]{8}$`);

describe('random names (CPython TestRandomNameSequence)', () => {
  it('are 8 chars from [a-z0-9_]', () => {
    for (let i = 0; i < 1000; i++) expect(randomName()).toMatch(NAME_RE);
  });

  it('do not repeat over many draws, and use every allowed character', () => {
    const seen = new Set<string>();
    const chars = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const name = randomName();
      seen.add(name);
      for (const c of name) chars.add(c);
    }
    expect(seen.size).toBe(20000);
    expect([...chars].sort().join('')).toBe([...NAME_CHARACTERS].sort().join(''));
  });

  it('are roughly uniform (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const draws = 20000;
    for (let i = 0; i < draws; i++)
      for (const c of randomName()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (draws * 8) / NAME_CHARACTERS.length;
    // A biased mapping of bytes 222..255 onto the first 34 characters would
    // push those ~15% above the rest; allow 8% of noise.
    for (const count of counts.values())
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.08);
  });
});

function expectName(file: string, dir: string, prefix: string, suffix: string): void {
  expect(path.isAbsolute(file)).toBe(true);
  expect(path.dirname(file)).toBe(dir);
  const base = path.basename(file);
  expect(base.startsWith(prefix)).toBe(true);
  expect(base.endsWith(suffix)).toBe(true);
  expect(base.slice(prefix.length, base.length - suffix.length)).toMatch(NAME_RE);
}

describe('mkstemp (CPython TestMkstemp / TestMkstempInner)', () => {
  it('creates a 0o600 file, open read-write, with the default prefix in the default dir', () => {
    setTempdir(scratch);
    const { fd, path: file } = mkstempSync();
    try {
      expectName(file, scratch, 'tmp', '');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      fs.writeSync(fd, 'abc');
      const back = Buffer.alloc(3);
      fs.readSync(fd, back, 0, 3, 0);
      expect(back.toString()).toBe('abc');
    } finally {
      fs.closeSync(fd);
    }
  });

  it.each([
    ['sync', mkstempSync],
    ['async', mkstemp],
  ] as const)('honours prefix, suffix and dir (%s)', async (_kind, fn) => {
    for (const [prefix, suffix] of [
      ['', ''],
      ['aa', ''],
      ['', '.txt'],
      ['pre-', '-post'],
    ] as const) {
      const { fd, path: file } = await fn({ prefix, suffix, dir: scratch });
      fs.closeSync(fd);
      expectName(file, scratch, prefix, suffix);
    }
  });

  it('returns an absolute path for a relative dir', () => {
    const cwd = process.cwd();
    process.chdir(scratch);
    try {
      fs.mkdirSync('rel');
      const { fd, path: file } = mkstempSync({ dir: 'rel' });
      fs.closeSync(fd);
      expect(path.dirname(file)).toBe(path.join(fs.realpathSync(scratch), 'rel'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('returns a Buffer path when any argument is a Buffer (CPython test_choose_directory bytes)', async () => {
    const { fd, path: file } = await mkstemp({
      suffix: Buffer.from('.bin'),
      dir: Buffer.from(scratch),
    });
    fs.closeSync(fd);
    expect(Buffer.isBuffer(file)).toBe(true);
    expectName(file.toString(), scratch, 'tmp', '.bin');
    const { fd: fd2, path: file2 } = mkstempSync({
      prefix: Buffer.from([0x70, 0xe9]),
      dir: Buffer.from(scratch),
    });
    fs.closeSync(fd2);
    // Arbitrary (non-UTF-8) bytes survive into the name on disk.
    expect(file2.subarray(-10, -8)).toEqual(Buffer.from([0x70, 0xe9]));
    expect(fs.existsSync(file2)).toBe(true);
  });

  it('rejects a mix of strings and Buffers with a TypeError', async () => {
    expect(() => mkstempSync({ prefix: 'a', suffix: Buffer.from('b') })).toThrow(
      /can't mix bytes and non-bytes/,
    );
    await expect(mkstemp({ dir: scratch, prefix: Buffer.from('a') })).rejects.toThrow(TypeError);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('rejects a non-string prefix naming the option', () => {
    expect(() => mkstempSync({ prefix: 42 as never, dir: scratch })).toThrow(
      /"mkstemp: prefix" option must be a string or a Buffer \(got number: 42\)/,
    );
    expect(() => mkdtempSync({ suffix: {} as never, dir: scratch })).toThrow(TypeError);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('fails with ENOENT naming a dir that does not exist', async () => {
    const missing = path.join(scratch, 'missing');
    const error = await mkstemp({ dir: missing }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect((error as Error).message).toBe(`mkstemp: dir '${missing}' does not exist (ENOENT)`);
    expect(() => mkdtempSync({ dir: missing })).toThrow(`mkdtemp: dir '${missing}' does not exist`);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('fails with ENOTDIR when dir is a file', () => {
    const file = path.join(scratch, 'f');
    fs.writeFileSync(file, '');
    expect(() => mkstempSync({ dir: file })).toThrow(/is not a directory \(ENOTDIR\)/);
  });

  it('never creates through a dangling symlink planted at the chosen name', () => {
    // O_EXCL|O_NOFOLLOW: the planted link counts as taken and is not followed.
    const target = path.join(scratch, 'target');
    fs.symlinkSync(target, path.join(scratch, 'tmplinkname'));
    const spy = vi.spyOn(names, 'randomName');
    spy.mockReturnValueOnce('linkname').mockReturnValue('freename');
    try {
      const { fd, path: file } = mkstempSync({ dir: scratch });
      fs.closeSync(fd);
      expect(path.basename(file)).toBe('tmpfreename');
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives 2,000 distinct files for 2,000 concurrent calls in one dir', async () => {
    const results = await Promise.all(
      Array.from({ length: 2000 }, () => mkstemp({ dir: scratch })),
    );
    for (const { fd } of results) fs.closeSync(fd);
    expect(new Set(results.map((r) => r.path)).size).toBe(2000);
    expect(fs.readdirSync(scratch)).toHaveLength(2000);
  });

  it('retries on EEXIST and gives up after TMP_MAX attempts with EEXIST', async () => {
    expect(TMP_MAX).toBe(10000);
    // Every candidate name exists: prefix + fixed name + suffix.
    const spy = vi.spyOn(names, 'randomName');
    spy.mockReturnValue('aaaaaaaa');
    try {
      fs.writeFileSync(path.join(scratch, 'tmpaaaaaaaa'), '');
      expect(() => mkstempSync({ dir: scratch })).toThrow(/No usable temporary file name found/);
      await expect(mkdtemp({ dir: scratch })).rejects.toMatchObject({ code: 'EEXIST' });
      expect(spy.mock.calls.length).toBe(2 * TMP_MAX);
      // One free name among taken ones is found by retrying.
      spy.mockReset();
      spy
        .mockReturnValueOnce('aaaaaaaa')
        .mockReturnValueOnce('aaaaaaaa')
        .mockReturnValue('bbbbbbbb');
      const { fd, path: file } = mkstempSync({ dir: scratch });
      fs.closeSync(fd);
      expect(path.basename(file)).toBe('tmpbbbbbbbb');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('mkdtemp (CPython TestMkdtemp)', () => {
  it.each([
    ['sync', mkdtempSync],
    ['async', mkdtemp],
  ] as const)('creates a 0o700 dir with the requested name parts (%s)', async (_kind, fn) => {
    const dir = await fn({ prefix: 'p_', suffix: '_s', dir: scratch });
    expectName(dir, scratch, 'p_', '_s');
    const stat = fs.statSync(dir);
    expect(stat.isDirectory()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o700);
  });

  it('ignores the umask for group/other bits and stays private', () => {
    const old = process.umask(0);
    try {
      expect(fs.statSync(mkdtempSync({ dir: scratch })).mode & 0o777).toBe(0o700);
      const { fd, path: file } = mkstempSync({ dir: scratch });
      fs.closeSync(fd);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('returns a Buffer for Buffer arguments', async () => {
    const dir = await mkdtemp({ dir: Buffer.from(scratch) });
    expect(Buffer.isBuffer(dir)).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it('yields distinct dirs for concurrent calls', async () => {
    const dirs = await Promise.all(Array.from({ length: 200 }, () => mkdtemp({ dir: scratch })));
    expect(new Set(dirs).size).toBe(200);
  });
});

describe('mktemp (CPython TestMktemp)', () => {
  it('returns a free name, creates nothing, and warns once per process', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const first = mktemp({ dir: scratch, suffix: '.x' });
      const second = mktemp({ dir: scratch });
      expectName(first, scratch, 'tmp', '.x');
      expect(first).not.toBe(second);
      expect(fs.existsSync(first)).toBe(false);
      expect(fs.readdirSync(scratch)).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.name).toBe('DeprecationWarning');
      expect(warnings[0]!.message).toMatch(/mktemp\(\) is unsafe/);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('skips names that exist', () => {
    const spy = vi.spyOn(names, 'randomName');
    spy.mockReturnValueOnce('taken___').mockReturnValue('free____');
    try {
      fs.writeFileSync(path.join(scratch, 'tmptaken___'), '');
      expect(path.basename(mktemp({ dir: scratch }))).toBe('tmpfree____');
    } finally {
      spy.mockRestore();
    }
  });

  it('returns a Buffer for Buffer arguments', () => {
    expect(Buffer.isBuffer(mktemp({ prefix: Buffer.from('b'), dir: Buffer.from(scratch) }))).toBe(
      true,
    );
  });
});
