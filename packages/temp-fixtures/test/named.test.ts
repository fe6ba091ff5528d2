import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NAME_CHARACTERS, NamedTemporaryFile, setTempdir } from '../src/index.js';
import { pendingFinalizers } from '../src/testing.js';

let scratch: string;
const opened: NamedTemporaryFile<string, string | Buffer>[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'named-test-'));
});
afterEach(() => {
  for (const f of opened.splice(0)) f[Symbol.dispose]();
  setTempdir(null);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const NAME_RE = new RegExp(`^[${NAME_CHARACTERS}]{8}$`);

/** CPython's nameCheck: absolute, in `dir`, `prefix + 8 random chars + suffix`. */
function expectName(file: string, dir: string, prefix: string, suffix: string): void {
  expect(path.isAbsolute(file)).toBe(true);
  expect(path.dirname(file)).toBe(dir);
  const base = path.basename(file);
  expect(base.startsWith(prefix)).toBe(true);
  expect(base.endsWith(suffix)).toBe(true);
  expect(base.slice(prefix.length, base.length - suffix.length)).toMatch(NAME_RE);
}

describe.each([
  ['async', NamedTemporaryFile.create.bind(NamedTemporaryFile)],
  ['sync', async (o?: object) => NamedTemporaryFile.createSync(o as never)],
] as const)('NamedTemporaryFile (%s create)', (_kind, createAny) => {
  const create = createAny as (o?: object) => Promise<NamedTemporaryFile<string, string>>;

  it('creates files with the requested names (CPython test_basic)', async () => {
    for (const [prefix, suffix] of [
      ['', ''],
      ['a', ''],
      ['', 'b'],
      ['a', 'b'],
      ['aa', '.txt'],
    ] as const) {
      const f = await create({ dir: scratch, prefix, suffix });
      opened.push(f);
      expectName(f.name, scratch, prefix, suffix);
      expect(fs.existsSync(f.name)).toBe(true);
    }
  });

  it('uses gettempdir() and the "tmp" prefix by default (CPython test_creates_named)', async () => {
    setTempdir(scratch);
    const f = await create();
    opened.push(f);
    expectName(f.name, scratch, 'tmp', '');
    expect(fs.existsSync(f.name)).toBe(true);
  });

  it('creates the file with mode 0o600, opened read-write on the named file', async () => {
    const f = await create({ dir: scratch });
    opened.push(f);
    expect(fs.statSync(f.name).mode & 0o777).toBe(0o600);
    expect(fs.fstatSync(f.fileno()).ino).toBe(fs.statSync(f.name).ino);
    await f.write(Buffer.from('visible by name'));
    expect(fs.readFileSync(f.name, 'utf8')).toBe('visible by name');
  });

  it('is deleted on close by default (CPython test_del_on_close)', async () => {
    const f = await create({ dir: scratch });
    await f.write(Buffer.from('blat'));
    expect(fs.readdirSync(scratch)).toEqual([path.basename(f.name)]);
    await f.close();
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(fs.existsSync(f.name)).toBe(false);
  });

  it('closeSync deletes too', async () => {
    const f = await create({ dir: scratch });
    f.closeSync();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('delete: false survives close (CPython test_dis_del_on_close)', async () => {
    const f = await create({ dir: scratch, delete: false });
    f.writeSync(Buffer.from('blat'));
    await f.close();
    expect(fs.readFileSync(f.name, 'utf8')).toBe('blat');
  });

  it('can be closed many times (CPython test_multiple_close)', async () => {
    const f = await create({ dir: scratch });
    f.writeSync(Buffer.from('abc\n'));
    await f.close();
    await f.close();
    f.closeSync();
    expect(f.closed).toBe(true);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('using deletes it; the closed object refuses I/O (CPython test_context_manager)', async () => {
    let name: string;
    let outer: NamedTemporaryFile<string, string>;
    {
      using f = await create({ dir: scratch });
      outer = f;
      name = f.name;
      expect(fs.existsSync(name)).toBe(true);
    }
    expect(fs.existsSync(name)).toBe(false);
    expect(() => outer.writeSync(Buffer.from('x'))).toThrow('I/O operation on closed file');
  });

  it('deleteOnClose: false survives close, can be reopened, goes on dispose (gh-58451)', async () => {
    let name: string;
    {
      using f = await create({ dir: scratch, delete: true, deleteOnClose: false });
      name = f.name;
      f.writeSync(Buffer.from('blat'));
      f.closeSync();
      expect(fs.existsSync(name)).toBe(true);
      expect(fs.readFileSync(name, 'utf8')).toBe('blat');
      fs.appendFileSync(name, ' reopened');
    }
    expect(fs.existsSync(name)).toBe(false);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('deleteOnClose: false, then await using removes it on async dispose', async () => {
    let name: string;
    {
      await using f = await create({ dir: scratch, deleteOnClose: false });
      name = f.name;
      await f.close();
      expect(fs.existsSync(name)).toBe(true);
    }
    expect(fs.existsSync(name)).toBe(false);
  });

  it('tolerates the file being removed by hand before dispose (CPython test_context_man_ok_to_delete_manually)', async () => {
    {
      using f = await create({ dir: scratch, delete: true, deleteOnClose: false });
      f.writeSync(Buffer.from('blat'));
      f.closeSync();
      fs.unlinkSync(f.name);
    }
    {
      await using f = await create({ dir: scratch });
      fs.unlinkSync(f.name);
    }
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('delete: false is never removed, whatever deleteOnClose says (CPython test_context_man_not_del_if_delete_false)', async () => {
    let name: string;
    {
      await using f = await create({ dir: scratch, delete: false, deleteOnClose: true });
      name = f.name;
      f.writeSync(Buffer.from('blat'));
    }
    expect(fs.readFileSync(name, 'utf8')).toBe('blat');
    {
      using f = await create({ dir: scratch, delete: false, deleteOnClose: false });
      f.closeSync();
    }
    expect(fs.readdirSync(scratch).length).toBe(2);
  });

  it('registers an exit finalizer while it owns deletion, and drops it once removed', async () => {
    const before = pendingFinalizers();
    const kept = await create({ dir: scratch, delete: false });
    expect(pendingFinalizers()).toBe(before);
    const owned = await create({ dir: scratch });
    expect(pendingFinalizers()).toBe(before + 1);
    const lateOwned = await create({ dir: scratch, deleteOnClose: false });
    expect(pendingFinalizers()).toBe(before + 2);
    await owned.close();
    expect(pendingFinalizers()).toBe(before + 1);
    await lateOwned.close();
    // Still on disk, so still owned until dispose.
    expect(pendingFinalizers()).toBe(before + 1);
    await lateOwned[Symbol.asyncDispose]();
    expect(pendingFinalizers()).toBe(before);
    kept.closeSync();
  });

  it('text mode reads and writes strings on the named file', async () => {
    const f = await create({ dir: scratch, mode: 'w+', encoding: 'utf-8' });
    opened.push(f);
    expect(f.mode).toBe('w+');
    await f.write('\u039b caf\u00e9\n');
    expect(fs.readFileSync(f.name, 'utf8')).toBe('\u039b caf\u00e9\n');
    f.seek(0);
    expect(await f.read()).toBe('\u039b caf\u00e9\n');
  });

  it('reads what another writer appended by name', async () => {
    const f = await create({ dir: scratch });
    opened.push(f);
    await f.write(Buffer.from('mine;'));
    fs.appendFileSync(f.name, 'theirs');
    f.seek(0);
    expect(await f.read()).toEqual(Buffer.from('mine;theirs'));
  });

  it('strict text decoding: invalid UTF-8 written by someone else throws', async () => {
    const f = await create({ dir: scratch, mode: 'r+' });
    opened.push(f);
    fs.writeFileSync(f.name, Buffer.from([0x61, 0xff, 0x62]));
    await expect(f.read()).rejects.toMatchObject({ code: 'ERR_ENCODING_INVALID_ENCODED_DATA' });
  });

  it('Buffer naming options give a Buffer name, removed on close', async () => {
    const f = (await create({
      dir: Buffer.from(scratch),
      prefix: Buffer.from('bytes-'),
    })) as unknown as NamedTemporaryFile<'w+b', Buffer>;
    expect(Buffer.isBuffer(f.name)).toBe(true);
    expectName(f.name.toString(), scratch, 'bytes-', '');
    expect(fs.existsSync(f.name)).toBe(true);
    f.closeSync();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('a removal failure other than ENOENT surfaces from close', async () => {
    const f = await create({ dir: scratch });
    // Something else now sits at the name: unlink gets EISDIR.
    fs.unlinkSync(f.name);
    fs.mkdirSync(f.name);
    await expect(f.close()).rejects.toMatchObject({ code: 'EISDIR' });
    expect(f.closed).toBe(true);
    fs.rmdirSync(f.name);
    // The finalizer still owns the (now gone) name and tolerates ENOENT.
    f[Symbol.dispose]();
  });

  describe('bad arguments give clear errors and leave nothing on disk (CPython test_bad_mode, test_bad_encoding)', () => {
    it.each([
      [{ mode: 'wr' }, RangeError, /Invalid mode 'wr'/],
      [{ mode: 2 }, TypeError, /The "mode" option must be a string/],
      [{ mode: 'w', encoding: 'bad-encoding' }, RangeError, /Unknown encoding 'bad-encoding'/],
      [{ prefix: 42 }, TypeError, /prefix" option must be a string or a Buffer \(got number: 42\)/],
      [{ suffix: Buffer.from('x') }, TypeError, /can't mix bytes and non-bytes/],
      [{ delete: 'yes' }, TypeError, /the "delete" option must be a boolean \(got string: yes\)/],
      [{ deleteOnClose: 0 }, TypeError, /the "deleteOnClose" option must be a boolean/],
    ])('%j', async (options, type, message) => {
      const error = await create({ dir: scratch, ...options }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('a dir that does not exist', async () => {
      const missing = path.join(scratch, 'missing');
      await expect(create({ dir: missing })).rejects.toMatchObject({
        code: 'ENOENT',
        message: `NamedTemporaryFile: dir '${missing}' does not exist (ENOENT)`,
      });
      expect(fs.readdirSync(scratch)).toEqual([]);
    });
  });
});

describe('NamedTemporaryFile leaked at process exit (CPython test_del_by_finalizer)', () => {
  // The child gets the library as one CommonJS bundle on stdin, so it runs
  // the TypeScript sources without a build.
  const library = buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'named.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles[0]!.text;

  function leakInChild(options: string, epilogue = ''): string {
    const script = `${library}
const f = module.exports.NamedTemporaryFile.createSync({ dir: process.argv.at(-1), ${options} });
f.writeSync(Buffer.from('blat'));
console.log(f.name);
${epilogue}`;
    const result = spawnSync(process.execPath, ['-', scratch], { input: script, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const name = result.stdout.trim();
    expect(path.dirname(name)).toBe(scratch);
    return name;
  }

  it('removes a file that was never closed', () => {
    const name = leakInChild('');
    expect(fs.existsSync(name)).toBe(false);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('removes a deleteOnClose: false file that was closed but never disposed', () => {
    const name = leakInChild('deleteOnClose: false', 'f.closeSync();');
    expect(fs.existsSync(name)).toBe(false);
  });

  it('removes it on an explicit process.exit too', () => {
    const name = leakInChild('', 'process.exit(0);');
    expect(fs.existsSync(name)).toBe(false);
  });

  it('leaves a delete: false file in place', () => {
    const name = leakInChild('delete: false');
    expect(fs.readFileSync(name, 'utf8')).toBe('blat');
    fs.unlinkSync(name);
  });
});
