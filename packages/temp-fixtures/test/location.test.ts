import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  candidateTempdirs,
  gettempdir,
  gettempdirb,
  gettempprefix,
  gettempprefixb,
  mkdtempSync,
  mkstempSync,
  setTempdir,
} from '../src/index.js';

const savedEnv = { TMPDIR: process.env.TMPDIR, TEMP: process.env.TEMP, TMP: process.env.TMP };

function restoreEnv(): void {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'loc-test-'));
  setTempdir(null);
});
afterEach(() => {
  restoreEnv();
  setTempdir(null);
  fs.chmodSync(scratch, 0o700);
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('candidateTempdirs (CPython test_candidate_tempdir_list)', () => {
  it('lists TMPDIR, TEMP, TMP, then the platform dirs, then the cwd', () => {
    process.env.TMPDIR = '/a';
    process.env.TEMP = '/b';
    process.env.TMP = '/c';
    const list = candidateTempdirs();
    expect(list.slice(0, 3)).toEqual(['/a', '/b', '/c']);
    expect(list.slice(3, 6)).toEqual(['/tmp', '/var/tmp', '/usr/tmp']);
    expect(list.at(-1)).toBe(process.cwd());
  });

  it('skips empty environment variables', () => {
    process.env.TMPDIR = '';
    delete process.env.TEMP;
    process.env.TMP = '/c';
    expect(candidateTempdirs().slice(0, 2)).toEqual(['/c', '/tmp']);
  });
});

describe('gettempdir', () => {
  it('returns an absolute, normalised, writable dir', () => {
    const dir = gettempdir();
    expect(path.isAbsolute(dir)).toBe(true);
    expect(path.normalize(dir)).toBe(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  });

  it('honours TMPDIR, normalising it, and caches the answer', () => {
    process.env.TMPDIR = `${scratch}/./sub/..`;
    expect(gettempdir()).toBe(scratch);
    process.env.TMPDIR = os.tmpdir();
    expect(gettempdir()).toBe(scratch);
    setTempdir(null);
    expect(gettempdir()).toBe(path.resolve(os.tmpdir()));
  });

  it('leaves no probe file behind', () => {
    process.env.TMPDIR = scratch;
    gettempdir();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('skips a missing dir and a file that is not a dir (CPython test_nonexisting_directory)', () => {
    const missing = path.join(scratch, 'missing');
    const notADir = path.join(scratch, 'file');
    fs.writeFileSync(notADir, 'x');
    process.env.TMPDIR = missing;
    process.env.TEMP = notADir;
    process.env.TMP = scratch;
    expect(gettempdir()).toBe(scratch);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('gettempdirb is the same dir as bytes', () => {
    process.env.TMPDIR = scratch;
    const bytes = gettempdirb();
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.toString()).toBe(gettempdir());
  });
});

describe('gettempdir with unusable dirs, as an unprivileged user', () => {
  // Root ignores mode bits, so these cases run the search in a child process
  // as nobody. The child reads the library from stdin, so it needs no access
  // to this checkout.
  const source = buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'location.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles[0]!.text;

  function searchAsNobody(
    env: Record<string, string>,
    options: { cwd: string; hideSystemDirs?: string },
  ): { dir?: string; code?: string; message?: string } {
    const script = `${source}\ntry { console.log(JSON.stringify({ dir: module.exports.gettempdir() })) } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`;
    const drop = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const node = [process.execPath, '-'];
    // A private mount namespace lets the test lay a read-only dir over /tmp
    // and /var/tmp without touching the machine's real ones.
    const command = options.hideSystemDirs
      ? [
          'unshare',
          '--mount',
          'sh',
          '-c',
          // /tmp last: the dir may live under /tmp, which that mount hides
          // (the cwd still reaches it).
          'cd "$0" && mount --bind "$0" /var/tmp && mount --bind "$0" /tmp && exec "$@"',
          options.hideSystemDirs,
          ...drop,
          ...node,
        ]
      : [...drop, ...node];
    const result = spawnSync(command[0]!, command.slice(1), {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      input: script,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout);
  }

  it('runs as root here, so the unprivileged path is really taken', () => {
    expect(process.getuid?.()).toBe(0);
  });

  it('skips a read-only dir for the next writable candidate (CPython test_directory_not_writable)', () => {
    const readOnly = path.join(scratch, 'ro');
    const writable = path.join(scratch, 'rw');
    fs.mkdirSync(readOnly, 0o555);
    fs.mkdirSync(writable);
    fs.chmodSync(readOnly, 0o555);
    fs.chmodSync(writable, 0o777);
    fs.chmodSync(scratch, 0o755);
    expect(searchAsNobody({ TMPDIR: readOnly, TEMP: writable }, { cwd: '/' })).toEqual({
      dir: writable,
    });
  });

  it('fails with ENOENT naming every candidate when none is usable (CPython test_no_files_left_behind)', () => {
    const readOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'ro-'));
    try {
      fs.chmodSync(readOnly, 0o555);
      const result = searchAsNobody(
        { TMPDIR: readOnly, TEMP: path.join(readOnly, 'missing') },
        { cwd: readOnly, hideSystemDirs: readOnly },
      );
      expect(result.code).toBe('ENOENT');
      for (const candidate of [
        readOnly,
        path.join(readOnly, 'missing'),
        '/tmp',
        '/var/tmp',
        '/usr/tmp',
      ]) {
        expect(result.message).toContain(`'${candidate}'`);
      }
    } finally {
      fs.rmSync(readOnly, { recursive: true, force: true });
    }
  });
});

describe('setTempdir', () => {
  it('overrides the default dir for every later call, and null restores the search', () => {
    setTempdir(scratch);
    expect(gettempdir()).toBe(scratch);
    const made = mkdtempSync();
    expect(path.dirname(made)).toBe(scratch);
    const { fd, path: file } = mkstempSync();
    fs.closeSync(fd);
    expect(path.dirname(file)).toBe(scratch);
    setTempdir(null);
    expect(gettempdir()).not.toBe(scratch);
  });

  it('takes a Buffer but gettempdir still returns a string; low level returns Buffer only for Buffer args', () => {
    setTempdir(Buffer.from(scratch));
    expect(gettempdir()).toBe(scratch);
    const made = mkdtempSync();
    expect(typeof made).toBe('string');
    const bytes = mkdtempSync({ prefix: Buffer.from('b') });
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(path.dirname(bytes.toString())).toBe(scratch);
  });

  it('makes a relative dir absolute', () => {
    setTempdir('relative-dir');
    expect(gettempdir()).toBe(path.resolve('relative-dir'));
  });

  it('rejects bad values with a clear error', () => {
    expect(() => setTempdir(42 as never)).toThrow(
      /setTempdir: dir must be a string, a Buffer or null/,
    );
    expect(() => setTempdir('')).toThrow(RangeError);
  });

  it('rejects an empty dir (string or Buffer) with ERR_INVALID_ARG_VALUE, keeping the old setting', () => {
    setTempdir(scratch);
    for (const empty of ['', Buffer.alloc(0)]) {
      let caught: unknown;
      try {
        setTempdir(empty);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RangeError);
      expect(caught).toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringMatching(/non-empty path .*or null/),
      });
    }
    expect(gettempdir()).toBe(scratch);
  });
});

describe('gettempdir at the fd limit', () => {
  // CPython skips a candidate on any OSError; running out of fds says nothing
  // about the candidate, so the search must report EMFILE instead of "no
  // usable temporary directory". A child with a low fd limit fills its table
  // first, then searches.
  const source = buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'location.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles[0]!.text;

  it('rethrows EMFILE from the probe instead of moving on', () => {
    const script = `${source}
const fs = require('node:fs');
const held = [];
let filled;
for (let i = 0; i < 10000; i++) {
  try { held.push(fs.openSync('/dev/null', 'r')); } catch (e) { filled = e.code; break; }
}
let out;
try { out = { filled, dir: module.exports.gettempdir() }; }
catch (e) { out = { filled, code: e.code, message: e.message }; }
for (const fd of held) fs.closeSync(fd);
console.log(JSON.stringify(out));`;
    const result = spawnSync('sh', ['-c', 'ulimit -n 64 && exec "$0" -', process.execPath], {
      env: { PATH: process.env.PATH ?? '', TMPDIR: scratch },
      input: script,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ filled: 'EMFILE', code: 'EMFILE' });
    expect(out.message).not.toMatch(/No usable temporary directory/);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('gettempprefix', () => {
  it("is 'tmp', as string and as bytes", () => {
    expect(gettempprefix()).toBe('tmp');
    expect(gettempprefixb()).toEqual(Buffer.from('tmp'));
  });
});
