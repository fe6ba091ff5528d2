/**
 * TemporaryDirectory, ported from CPython's test_tempfile.TestTemporaryDirectory.
 * Mode tests run as the user nobody: in a child process on a bundle of the
 * current source (see helpers/unprivileged.ts), or in-process via seteuid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  expectTypeOf,
  it,
} from 'vitest';
import { NAME_CHARACTERS, setTempdir, TemporaryDirectory } from '../src/index.js';
import { pendingFinalizers } from '../src/testing.js';
import { buildTree, exists, modeOf } from './helpers/trees.js';
import {
  asNobody,
  asNobodyAsync,
  bundleLibrary,
  NOBODY,
  type NobodyScratch,
  nobodyScratch,
  runAsNobody,
  runAsSelf,
} from './helpers/unprivileged.js';

const NAME_RE = new RegExp(`^[${NAME_CHARACTERS}]{8}$`);

let scratch: string;
const leaked: TemporaryDirectory<string | Buffer>[] = [];

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-test-'));
});
afterEach(() => {
  for (const d of leaked.splice(0)) d.cleanupSync();
  setTempdir(null);
  fs.rmSync(scratch, { recursive: true, force: true });
});

type Create = (options?: object) => Promise<TemporaryDirectory>;
type Cleanup = (d: TemporaryDirectory<string | Buffer>) => Promise<void>;

/** Every behaviour on both forms: create + cleanup, createSync + cleanupSync. */
const FORMS: [string, Create, Cleanup][] = [
  ['async', (o) => TemporaryDirectory.create(o), (d) => d.cleanup()],
  [
    'sync',
    async (o) => TemporaryDirectory.createSync(o),
    async (d) => {
      d.cleanupSync();
    },
  ],
];

/** CPython's nameCheck: absolute, in `dir`, `prefix + 8 random chars + suffix`. */
function expectName(name: string, dir: string, prefix: string, suffix: string): void {
  expect(path.isAbsolute(name)).toBe(true);
  expect(path.dirname(name)).toBe(dir);
  const base = path.basename(name);
  expect(base.startsWith(prefix) && base.endsWith(suffix)).toBe(true);
  expect(base.slice(prefix.length, base.length - suffix.length)).toMatch(NAME_RE);
}

describe.each(FORMS)('TemporaryDirectory (%s)', (_form, create, cleanup) => {
  it('creates a 0o700 directory with the requested name', async () => {
    for (const [prefix, suffix] of [
      ['', ''],
      ['a', ''],
      ['', 'b'],
      ['aa', '.txt'],
    ] as const) {
      const d = await create({ dir: scratch, prefix, suffix });
      leaked.push(d);
      expectName(d.name, scratch, prefix, suffix);
      expect(fs.lstatSync(d.name).isDirectory()).toBe(true);
      expect(modeOf(d.name)).toBe(0o700);
    }
  });

  it('defaults to gettempdir() and the "tmp" prefix', async () => {
    setTempdir(scratch);
    const d = await create();
    leaked.push(d);
    expectName(d.name, scratch, 'tmp', '');
  });

  it('names itself with a Buffer when an option is one', async () => {
    const d = await create({ dir: Buffer.from(scratch), prefix: Buffer.from('b\xff', 'latin1') });
    leaked.push(d);
    expect(Buffer.isBuffer(d.name)).toBe(true);
    const name = d.name as unknown as Buffer;
    expect(name.subarray(0, scratch.length + 3)).toEqual(
      Buffer.concat([Buffer.from(`${scratch}/b`), Buffer.from([0xff])]),
    );
    fs.writeFileSync(Buffer.concat([name, Buffer.from('/f')]), 'x');
    await cleanup(d);
    expect(exists(name)).toBe(false);
  });

  it('removes the whole tree on cleanup (CPython test_explicit_cleanup)', async () => {
    const d = await create({ dir: scratch });
    buildTree(d.name, 3, 2, 2);
    const before = pendingFinalizers();
    await cleanup(d);
    expect(exists(d.name)).toBe(false);
    expect(pendingFinalizers()).toBe(before - 1);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('can be cleaned up many times (CPython test_multiple_close)', async () => {
    const d = await create({ dir: scratch });
    await cleanup(d);
    await cleanup(d);
    d.cleanupSync();
    await d.cleanup();
    d[Symbol.dispose]();
    await d[Symbol.asyncDispose]();
    expect(exists(d.name)).toBe(false);
  });

  it('does not touch a new directory that took the name after cleanup', async () => {
    const d = await create({ dir: scratch });
    await cleanup(d);
    fs.mkdirSync(d.name);
    await cleanup(d);
    expect(exists(d.name)).toBe(true);
  });

  it('removes the tree while a file in it is open (CPython test_explicit_cleanup_ignore_errors)', async () => {
    const d = await create({ dir: scratch, ignoreCleanupErrors: true });
    const fd = fs.openSync(path.join(d.name, 'a_file.txt'), 'w+');
    try {
      fs.writeSync(fd, 'Hello world!\n');
      await cleanup(d);
      expect(exists(d.name)).toBe(false);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('unlinks a link to a dir outside and keeps that dir and its files (CPython test_cleanup_with_symlink_to_a_directory)', async () => {
    const d1 = await create({ dir: scratch });
    buildTree(d1.name, 1, 1, 1);
    const d2 = await create({ dir: scratch });
    leaked.push(d2);
    buildTree(d2.name, 0, 0, 1);
    fs.symlinkSync(d2.name, path.join(d1.name, 'foo'));
    await cleanup(d1);
    expect(exists(d1.name)).toBe(false);
    expect(fs.readdirSync(d2.name)).toEqual(['test0.txt']);
  });

  it('unlinks links deeper in the tree without following them', async () => {
    const outside = await create({ dir: scratch });
    leaked.push(outside);
    buildTree(outside.name, 1, 1, 1);
    const d = await create({ dir: scratch });
    buildTree(d.name, 2, 1, 0);
    fs.symlinkSync(outside.name, path.join(d.name, 'dir0', 'dir0', 'link'));
    fs.symlinkSync(path.join(outside.name, 'test0.txt'), path.join(d.name, 'dir0', 'file-link'));
    await cleanup(d);
    expect(exists(d.name)).toBe(false);
    expect(fs.readdirSync(outside.name).sort()).toEqual(['dir0', 'test0.txt']);
  });

  it('rejects bad options with errors naming them, leaving nothing on disk', async () => {
    const cases: [object, RegExp][] = [
      [{ ignoreCleanupErrors: 'yes' }, /"ignoreCleanupErrors" option must be a boolean/],
      [{ delete: 0 }, /"delete" option must be a boolean/],
      [{ prefix: 5 }, /prefix" option must be a string or a Buffer/],
      [{ prefix: 'a', dir: Buffer.from(scratch) }, /can't mix bytes and non-bytes/],
    ];
    for (const [options, message] of cases) {
      await expect(create({ dir: scratch, ...options })).rejects.toMatchObject({
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_TYPE',
        message: expect.stringMatching(message),
      });
    }
    await expect(create('dir' as unknown as object)).rejects.toThrow(TypeError);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('fails with ENOENT naming the dir when it does not exist (CPython test_mkdtemp_failure)', async () => {
    const gone = await create({ dir: scratch });
    await cleanup(gone);
    const error = await create({ dir: gone.name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect((error as Error).message).toBe(
      `TemporaryDirectory: dir '${gone.name}' does not exist (ENOENT)`,
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('registers an exit finalizer unless delete is false', async () => {
    const before = pendingFinalizers();
    const owned = await create({ dir: scratch });
    expect(pendingFinalizers()).toBe(before + 1);
    const kept = await create({ dir: scratch, delete: false });
    expect(pendingFinalizers()).toBe(before + 1);
    await cleanup(owned);
    await cleanup(kept);
    expect(pendingFinalizers()).toBe(before);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('TemporaryDirectory with using', () => {
  it('is removed at the end of a using block (CPython test_context_manager)', () => {
    let name: string;
    {
      using d = TemporaryDirectory.createSync({ dir: scratch });
      name = d.name;
      buildTree(name, 1, 1, 1);
      expect(exists(name)).toBe(true);
    }
    expect(exists(name)).toBe(false);
  });

  it('is removed at the end of an await using block', async () => {
    let name: string;
    {
      await using d = await TemporaryDirectory.create({ dir: scratch });
      name = d.name;
      buildTree(name, 1, 1, 1);
    }
    expect(exists(name)).toBe(false);
  });

  it('stays after the block with delete: false, and cleanup() still removes it (CPython test_delete_false)', async () => {
    let d!: TemporaryDirectory;
    {
      using inner = TemporaryDirectory.createSync({ dir: scratch, delete: false });
      d = inner;
    }
    expect(exists(d.name)).toBe(true);
    {
      await using inner = await TemporaryDirectory.create({ dir: scratch, delete: false });
      d.cleanupSync();
      d = inner;
    }
    expect(exists(d.name)).toBe(true);
    await d.cleanup();
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('shares one removal between concurrent cleanup() calls', async () => {
    const d = await TemporaryDirectory.create({ dir: scratch });
    buildTree(d.name, 2, 3, 10);
    await Promise.all([d.cleanup(), d.cleanup(), d[Symbol.asyncDispose]()]);
    expect(exists(d.name)).toBe(false);
  });

  it('cannot be constructed with new', () => {
    const Ctor = TemporaryDirectory as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Ctor(Symbol('x'), scratch, {})).toThrow(/use TemporaryDirectory.create/);
  });

  it('types name from the options', () => {
    using s = TemporaryDirectory.createSync({ dir: scratch });
    using b = TemporaryDirectory.createSync({ dir: Buffer.from(scratch) });
    expectTypeOf(s.name).toEqualTypeOf<string>();
    expectTypeOf(b.name).toEqualTypeOf<Buffer>();
    expect(typeof s.name).toBe('string');
    expect(Buffer.isBuffer(b.name)).toBe(true);
  });
});

describe('TemporaryDirectory as an unprivileged user', () => {
  let box: NobodyScratch;
  let bundle: string;
  let work: string;

  beforeAll(() => {
    box = nobodyScratch();
    bundle = bundleLibrary(box.path, ['src/directory', 'src/finalizer', 'test/helpers/trees']);
  });
  afterAll(() => box.remove());
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(box.path, 'work-'));
    fs.chownSync(work, NOBODY, NOBODY);
  });

  /** Runs `body` as nobody with `lib` (the bundle), `fs`, `path` and `work` in scope; returns its JSON output. */
  function childAsNobody(body: string): unknown {
    const code = `const lib = require(${JSON.stringify(bundle)});
const fs = require('node:fs');
const path = require('node:path');
const work = ${JSON.stringify(work)};
(async () => {
${body}
})().catch((error) => { console.error(error); process.exitCode = 1; });`;
    const result = runAsNobody(code);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout);
  }

  it('removes files and nested dirs in every mode from 000 to 700 (CPython test_modes)', () => {
    const results = childAsNobody(`
      const out = [];
      for (const mode of lib.OWNER_MODES) {
        for (const form of ['sync', 'async']) {
          const d = lib.TemporaryDirectory.createSync({ dir: work });
          lib.buildTree(d.name, 3, 2, 2);
          lib.chmodTree(d.name, mode);
          if (form === 'sync') d.cleanupSync(); else await d.cleanup();
          out.push([mode, form, lib.exists(d.name)]);
        }
      }
      process.stdout.write(JSON.stringify(out));`);
    expect(results).toHaveLength(16);
    for (const [mode, form, left] of results as [number, string, boolean][]) {
      expect(left, `mode ${mode.toString(8)} (${form})`).toBe(false);
    }
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('never changes the modes of link targets (CPython test_cleanup_with_symlink_modes)', () => {
    const results = childAsNobody(`
      const d2 = lib.TemporaryDirectory.createSync({ dir: work });
      const file1 = path.join(d2.name, 'file1');
      fs.writeFileSync(file1, '');
      const dir1 = path.join(d2.name, 'dir1');
      fs.mkdirSync(dir1);
      fs.writeFileSync(path.join(dir1, 'kept'), '');
      const out = [];
      for (const mode of lib.OWNER_MODES) {
        fs.chmodSync(file1, mode);
        fs.chmodSync(dir1, mode);
        for (const target of [file1, dir1, 'nonexisting']) {
          const d1 = lib.TemporaryDirectory.createSync({ dir: work });
          fs.symlinkSync(target, path.join(d1.name, 'symlink'));
          fs.chmodSync(d1.name, mode);
          d1.cleanupSync();
          out.push([mode, target, lib.exists(d1.name), lib.modeOf(file1), lib.modeOf(dir1)]);
        }
      }
      fs.chmodSync(dir1, 0o700);
      out.push(fs.readdirSync(dir1));
      d2.cleanupSync();
      process.stdout.write(JSON.stringify(out));`);
    const rows = results as unknown[];
    expect(rows.pop()).toEqual(['kept']);
    expect(rows).toHaveLength(24);
    for (const [mode, target, left, fileMode, dirMode] of rows as [
      number,
      string,
      boolean,
      number,
      number,
    ][]) {
      const what = `${path.basename(target)} at ${mode.toString(8)}`;
      expect(left, what).toBe(false);
      expect(fileMode, what).toBe(mode);
      expect(dirMode, what).toBe(mode);
    }
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('swallows a real failure with ignoreCleanupErrors, else throws it with its code', () => {
    // The dir holding the TemporaryDirectory is nobody's but read-only: the
    // tree empties, its root cannot go, and the library must not "repair" a
    // dir outside the tree. A later cleanup, once allowed, finishes the job.
    const results = childAsNobody(`
      const parent = path.join(work, 'parent');
      fs.mkdirSync(parent, 0o700);
      const out = [];
      for (const ignoreCleanupErrors of [true, false]) {
        for (const form of ['sync', 'async']) {
          const d = lib.TemporaryDirectory.createSync({ dir: parent, ignoreCleanupErrors });
          lib.buildTree(d.name, 2, 2, 2);
          fs.chmodSync(parent, 0o500);
          let error = null;
          try {
            if (form === 'sync') d.cleanupSync(); else await d.cleanup();
          } catch (e) {
            error = { code: e.code, message: e.message };
          }
          const left = fs.readdirSync(d.name);
          const parentMode = lib.modeOf(parent);
          fs.chmodSync(parent, 0o700);
          if (form === 'sync') d.cleanupSync(); else await d.cleanup();
          out.push({ ignoreCleanupErrors, form, error, left, parentMode, afterRetry: lib.exists(d.name) });
        }
      }
      process.stdout.write(JSON.stringify(out));`);
    expect(results).toHaveLength(4);
    for (const row of results as Record<string, unknown>[]) {
      expect(row.left, JSON.stringify(row)).toEqual([]);
      expect(row.parentMode).toBe(0o500);
      expect(row.afterRetry).toBe(false);
      if (row.ignoreCleanupErrors) {
        expect(row.error).toBeNull();
      } else {
        expect(row.error).toMatchObject({
          code: 'EACCES',
          message: expect.stringMatching(/^removeTree: cannot remove '.*': EACCES: .*rmdir/),
        });
      }
    }
  });

  it('removes a leaked directory with unreadable contents at process exit', () => {
    const [name] = childAsNobody(`
      const d = lib.TemporaryDirectory.createSync({ dir: work });
      lib.buildTree(d.name, 2, 2, 2);
      lib.chmodTree(d.name, 0o000);
      process.stdout.write(JSON.stringify([d.name]));`) as [string];
    expect(name.startsWith(work)).toBe(true);
    expect(exists(name)).toBe(false);
  });

  it('skips, with ignoreCleanupErrors, a root-owned dir it cannot empty, and retries on the next cleanup', async () => {
    for (const form of ['sync', 'async'] as const) {
      const d = asNobody(() =>
        TemporaryDirectory.createSync({ dir: work, ignoreCleanupErrors: true }),
      );
      asNobody(() => buildTree(d.name, 1, 2, 2));
      const locked = path.join(d.name, 'dir0', 'locked');
      fs.mkdirSync(locked, 0o755);
      fs.writeFileSync(path.join(locked, 'stuck'), 'x');
      const run = () => (form === 'sync' ? d.cleanupSync() : d.cleanup());
      await asNobodyAsync(async () => run());
      expect(fs.readdirSync(d.name)).toEqual(['dir0']);
      expect(fs.readdirSync(path.join(d.name, 'dir0'))).toEqual(['locked']);
      expect(modeOf(locked)).toBe(0o755);
      fs.chownSync(locked, NOBODY, NOBODY);
      await asNobodyAsync(async () => run());
      expect(exists(d.name), form).toBe(false);
    }
  });

  it('throws EACCES for a root-owned dir it cannot empty, and a later cleanup can still finish', async () => {
    for (const form of ['sync', 'async'] as const) {
      const d = asNobody(() => TemporaryDirectory.createSync({ dir: work }));
      const locked = path.join(d.name, 'locked');
      fs.mkdirSync(locked, 0o755);
      fs.writeFileSync(path.join(locked, 'stuck'), 'x');
      const run = () => (form === 'sync' ? d.cleanupSync() : d.cleanup());
      const error = await asNobodyAsync(async () => run()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EACCES', path: path.join(locked, 'stuck') });
      expect((error as Error).message).toContain(`cannot remove '${d.name}'`);
      fs.chownSync(locked, NOBODY, NOBODY);
      await asNobodyAsync(async () => run());
      expect(exists(d.name), form).toBe(false);
    }
  });
});

describe('TemporaryDirectory leaked at process exit (CPython test_del_on_shutdown)', () => {
  let bundle: string;
  let box: NobodyScratch;
  beforeAll(() => {
    box = nobodyScratch();
    bundle = bundleLibrary(box.path, ['src/directory', 'test/helpers/trees']);
  });
  afterAll(() => box.remove());

  /** Runs `body` as this user; it prints the names it created as JSON. */
  function child(body: string): { names: string[]; status: number | null } {
    const code = `const lib = require(${JSON.stringify(bundle)});
const dir = ${JSON.stringify(scratch)};
(async () => {
${body}
})();`;
    const result = runAsSelf(code);
    const names = JSON.parse(result.stdout.split('\n')[0]!) as string[];
    return { names, status: result.status };
  }

  it('removes a leaked directory and its tree when the process ends', () => {
    const { names, status } = child(`
      const d = lib.TemporaryDirectory.createSync({ dir });
      lib.buildTree(d.name, 2, 2, 2);
      const e = await lib.TemporaryDirectory.create({ dir, ignoreCleanupErrors: true });
      console.log(JSON.stringify([d.name, e.name]));`);
    expect(status).toBe(0);
    expect(names.map(exists)).toEqual([false, false]);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('keeps a leaked directory created with delete: false', () => {
    const { names } = child(`
      const d = lib.TemporaryDirectory.createSync({ dir, delete: false });
      console.log(JSON.stringify([d.name]));`);
    expect(exists(names[0]!)).toBe(true);
  });

  it('also cleans up on process.exit() and on an uncaught exception', () => {
    const exited = child(`
      const d = lib.TemporaryDirectory.createSync({ dir });
      console.log(JSON.stringify([d.name]));
      process.exit(3);`);
    expect(exited.status).toBe(3);
    expect(exists(exited.names[0]!)).toBe(false);
    const crashed = child(`
      const d = lib.TemporaryDirectory.createSync({ dir });
      console.log(JSON.stringify([d.name]));
      setTimeout(() => { throw new Error('boom'); });`);
    expect(crashed.status).toBe(1);
    expect(exists(crashed.names[0]!)).toBe(false);
  });
});

describe('TemporaryDirectory constructor', () => {
  it('throws a TypeError with code ERR_ILLEGAL_CONSTRUCTOR, with or without arguments, creating nothing', () => {
    const Ctor = TemporaryDirectory as unknown as new (...args: unknown[]) => unknown;
    for (const args of [[], [Symbol('x'), scratch, {}], [{ dir: scratch }]]) {
      let caught: unknown;
      try {
        new Ctor(...args);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TypeError);
      expect(caught).toMatchObject({
        code: 'ERR_ILLEGAL_CONSTRUCTOR',
        message: expect.stringMatching(/TemporaryDirectory\.create\(\) or createSync\(\)/),
      });
    }
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});
