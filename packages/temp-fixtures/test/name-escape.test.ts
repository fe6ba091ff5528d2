/**
 * Names stay in `dir` (SPEC 3a): a `prefix`/`suffix` with a path separator or
 * a NUL, or equal to `.`/`..`, is refused by every creator before anything is
 * created; and the sync and Promise forms share one creation loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  mkdtemp,
  mkdtempSync,
  mkstemp,
  mkstempSync,
  mktemp,
  NamedTemporaryFile,
  SpooledTemporaryFile,
  secureTempWrite,
  secureTempWriteSync,
  TempFileManager,
  TemporaryDirectory,
  TemporaryFile,
  TMP_MAX,
} from '../src/index.js';
import * as names from '../src/names.js';
import { forceMkstempFallback } from '../src/testing.js';

// `root` stands for the parent of `scratch`: a `'../'` that escaped would land in it.
let root: string;
let scratch: string;
const opened: { [Symbol.dispose](): void }[] = [];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'name-escape-test-'));
  scratch = path.join(root, 'scratch');
  fs.mkdirSync(scratch);
  fs.writeFileSync(path.join(scratch, 'keep.txt'), 'inside');
  fs.writeFileSync(path.join(root, 'sibling.txt'), 'outside');
});
afterEach(() => {
  for (const o of opened.splice(0)) o[Symbol.dispose]();
  forceMkstempFallback(false);
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every entry under `dir` with its type, mode, size and content: equal means unchanged. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at).sort()) {
      const full = path.join(at, entry);
      const stat = fs.lstatSync(full);
      const rel = path.relative(dir, full);
      if (stat.isDirectory()) {
        out.push(`${rel}/ ${stat.mode.toString(8)}`);
        walk(full);
      } else {
        const content = stat.isFile() ? fs.readFileSync(full).toString('hex') : '';
        out.push(`${rel} ${stat.mode.toString(8)} ${stat.size} ${content}`);
      }
    }
  };
  walk(dir);
  return out;
}

type Key = 'prefix' | 'suffix';
type NameArgs = { prefix?: string | Buffer; suffix?: string | Buffer; dir?: string | Buffer };

interface Creator {
  /** The function named in the error message. */
  fn: string | RegExp;
  /** The options this creator takes from the caller. */
  keys: readonly Key[];
  /** Whether it takes Buffer naming options. */
  buffers: boolean;
  /** Creates with the naming options (dir is scratch unless given); a sync throw becomes a rejection. */
  run(args: NameArgs): Promise<unknown>;
}

const both: readonly Key[] = ['prefix', 'suffix'];

/** The dir in the type of the other options (mixing is a different error). */
function withDir(args: NameArgs): NameArgs {
  const buffer = Buffer.isBuffer(args.prefix) || Buffer.isBuffer(args.suffix);
  return { dir: buffer ? Buffer.from(scratch) : scratch, ...args };
}

function keep<T extends { [Symbol.dispose](): void }>(value: T): T {
  opened.push(value);
  return value;
}

const creators: Record<string, Creator> = {
  mkstempSync: {
    fn: 'mkstemp',
    keys: both,
    buffers: true,
    run: async (a) => mkstempSync(withDir(a)),
  },
  mkstemp: { fn: 'mkstemp', keys: both, buffers: true, run: (a) => mkstemp(withDir(a)) },
  mkdtempSync: {
    fn: 'mkdtemp',
    keys: both,
    buffers: true,
    run: async (a) => mkdtempSync(withDir(a)),
  },
  mkdtemp: { fn: 'mkdtemp', keys: both, buffers: true, run: (a) => mkdtemp(withDir(a)) },
  mktemp: { fn: 'mktemp', keys: both, buffers: true, run: async (a) => mktemp(withDir(a)) },
  'TemporaryFile.createSync': {
    fn: 'TemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => keep(TemporaryFile.createSync(withDir(a))),
  },
  'TemporaryFile.create': {
    fn: 'TemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => keep(await TemporaryFile.create(withDir(a))),
  },
  'TemporaryFile.createSync (mkstemp fallback)': {
    fn: 'TemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => {
      forceMkstempFallback(true);
      return keep(TemporaryFile.createSync(withDir(a)));
    },
  },
  'TemporaryFile.create (mkstemp fallback)': {
    fn: 'TemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => {
      forceMkstempFallback(true);
      return keep(await TemporaryFile.create(withDir(a)));
    },
  },
  'NamedTemporaryFile.createSync': {
    fn: 'NamedTemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => keep(NamedTemporaryFile.createSync(withDir(a))),
  },
  'NamedTemporaryFile.create': {
    fn: 'NamedTemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => keep(await NamedTemporaryFile.create(withDir(a))),
  },
  'SpooledTemporaryFile.createSync': {
    fn: 'SpooledTemporaryFile',
    keys: both,
    buffers: true,
    // Refused at create time, not at the first rollover.
    run: async (a) => keep(SpooledTemporaryFile.createSync(withDir(a))),
  },
  'SpooledTemporaryFile.create': {
    fn: 'SpooledTemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => keep(await SpooledTemporaryFile.create(withDir(a))),
  },
  'SpooledTemporaryFile.create + rollover': {
    fn: 'SpooledTemporaryFile',
    keys: both,
    buffers: true,
    run: async (a) => {
      const f = keep(await SpooledTemporaryFile.create({ ...withDir(a), maxSize: 1 }));
      await f.write(Buffer.from('more than one byte'));
      return f;
    },
  },
  'TemporaryDirectory.createSync': {
    fn: 'TemporaryDirectory',
    keys: both,
    buffers: true,
    run: async (a) => keep(TemporaryDirectory.createSync(withDir(a))),
  },
  'TemporaryDirectory.create': {
    fn: 'TemporaryDirectory',
    keys: both,
    buffers: true,
    run: async (a) => keep(await TemporaryDirectory.create(withDir(a))),
  },
  'new TempFileManager': {
    fn: 'TempFileManager',
    keys: ['prefix'],
    buffers: false,
    run: async (a) => {
      const manager = new TempFileManager({ baseDir: scratch, prefix: a.prefix as string });
      return manager.createTempFile();
    },
  },
  'TempFileManager.createTempFile': {
    fn: 'TempFileManager.createTempFile',
    keys: ['suffix'],
    buffers: false,
    run: (a) =>
      new TempFileManager({ baseDir: scratch }).createTempFile({ suffix: a.suffix as string }),
  },
  'TempFileManager.createTempDir': {
    fn: 'TempFileManager.createTempDir',
    keys: ['suffix'],
    buffers: false,
    run: (a) =>
      new TempFileManager({ baseDir: scratch }).createTempDir({ suffix: a.suffix as string }),
  },
  'TempFileManager.withTempFile': {
    fn: 'TempFileManager.withTempFile',
    keys: ['suffix'],
    buffers: false,
    run: (a) =>
      new TempFileManager({ baseDir: scratch, cleanupOnError: false }).withTempFile(
        { suffix: a.suffix as string, delete: false },
        () => {},
      ),
  },
  'TempFileManager.withTempDirectory': {
    fn: 'TempFileManager.withTempDirectory',
    keys: ['suffix'],
    buffers: false,
    run: (a) =>
      new TempFileManager({ baseDir: scratch, cleanupOnError: false }).withTempDirectory(
        { suffix: a.suffix as string, delete: false },
        () => {},
      ),
  },
  // secureTempWrite names itself (or, through mkstemp, the function it calls).
  secureTempWriteSync: {
    fn: /secureTempWrite|mkstemp/,
    keys: both,
    buffers: true,
    run: async (a) => secureTempWriteSync('secret', withDir(a) as never),
  },
  secureTempWrite: {
    fn: /secureTempWrite|mkstemp/,
    keys: both,
    buffers: true,
    run: (a) => secureTempWrite('secret', withDir(a) as never),
  },
};

const BAD = ['../', 'a/b', '/abs', 'x\0y', '.', '..', '/../x', '..\0', 'x/'];

const badCases: [string, Key, string | Buffer][] = [];
for (const [name, creator] of Object.entries(creators)) {
  for (const key of creator.keys) {
    for (const bad of BAD) {
      badCases.push([name, key, bad]);
      if (creator.buffers) badCases.push([name, key, Buffer.from(bad)]);
    }
  }
}

function label(value: string | Buffer): string {
  return Buffer.isBuffer(value) ? `Buffer ${inspect(value.toString())}` : inspect(value);
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    (made) => {
      throw new Error(`expected a refusal, got ${inspect(made)}`);
    },
    (error: unknown) => error,
  );
}

describe('a prefix/suffix that would leave dir is refused before anything is created', () => {
  it.each(badCases.map(([name, key, value]) => [name, key, label(value), value] as const))(
    '%s refuses %s %s',
    async (name, key, _shown, value) => {
      const creator = creators[name]!;
      const before = snapshot(root);
      const error = await failure(() => creator.run({ [key]: value }));
      expect(error).toBeInstanceOf(RangeError);
      expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      const message = (error as Error).message;
      const fn = typeof creator.fn === 'string' ? creator.fn : `(?:${creator.fn.source})`;
      expect(message).toMatch(
        new RegExp(
          `^${fn.replace('.', '\\.')}: the "${key}" option must not contain a path separator or NUL, nor be '\\.' or '\\.\\.' \\(got `,
        ),
      );
      expect(message.endsWith(`(got ${inspect(value.toString())})`)).toBe(true);
      // Nothing appeared, vanished or changed in scratch or its parent.
      expect(snapshot(root)).toEqual(before);
    },
  );

  it('gives the message of the issue for mkstemp({ prefix: "../" })', () => {
    expect(() => mkstempSync({ prefix: '../', dir: scratch })).toThrow(
      `mkstemp: the "prefix" option must not contain a path separator or NUL, nor be '.' or '..' (got '../')`,
    );
  });

  it('reports a bad prefix, not a missing dir, for mkstemp({ prefix: "x/" })', () => {
    // Before, the open failed with ENOENT on `<dir>/x/` and blamed dir.
    expect(() => mkstempSync({ prefix: 'x/', dir: scratch })).toThrow(/the "prefix" option/);
    expect(() => mkstempSync({ prefix: 'x/', dir: scratch })).not.toThrow(/does not exist/);
  });

  it('refuses a suffix of "/../x" on every call, instead of a fixed name that then collides', async () => {
    for (let i = 0; i < 2; i++) {
      expect(() => mkstempSync({ suffix: '/../x', dir: scratch })).toThrow(RangeError);
      await expect(mkstemp({ suffix: '/../x', dir: scratch })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
    expect(fs.readdirSync(scratch)).toEqual(['keep.txt']);
  });

  it('checks the naming options before anything else touches the disk (SpooledTemporaryFile never rolls over)', () => {
    const spy = vi.spyOn(fs, 'openSync');
    expect(() => SpooledTemporaryFile.createSync({ dir: scratch, prefix: '../' })).toThrow(
      /SpooledTemporaryFile: the "prefix" option/,
    );
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('a dir with a NUL is refused with ERR_INVALID_ARG_VALUE', () => {
  const NUL_DIR_CASES = Object.entries(creators).filter(
    ([name]) => !name.includes('TempFileManager'),
  );

  it.each(
    NUL_DIR_CASES.flatMap(([name]) => [[name, 'string'] as const, [name, 'Buffer'] as const]),
  )('%s (%s dir)', async (name, kind) => {
    const creator = creators[name]!;
    const bad = `${scratch}\0x`;
    const before = snapshot(root);
    const error = await failure(() =>
      creator.run({ dir: kind === 'Buffer' ? Buffer.from(bad) : bad }),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect((error as Error).message).toMatch(/: the "dir" option must not contain NUL \(got '/);
    expect(snapshot(root)).toEqual(before);
  });

  it('TempFileManager refuses such a baseDir when constructed', () => {
    expect(() => new TempFileManager({ baseDir: `${scratch}\0x` })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringContaining('TempFileManager: baseDir must not contain NUL'),
      }),
    );
  });
});

describe('odd but legitimate names still work', () => {
  const GOOD = ['..x', 'x..', '.hidden-', '...', 'ünï-☃-😀', 'with space ', ' ', 'a\\b'];
  const lowLevel = ['mkstempSync', 'mkstemp', 'mkdtempSync', 'mkdtemp'] as const;

  /** The created path: what each creator hands back. */
  async function create(name: (typeof lowLevel)[number], args: NameArgs): Promise<string | Buffer> {
    const made = (await creators[name]!.run(args)) as
      | string
      | Buffer
      | { fd: number; path: string | Buffer };
    if (typeof made === 'string' || Buffer.isBuffer(made)) return made;
    fs.closeSync(made.fd);
    return made.path;
  }

  it.each(
    lowLevel.flatMap((name) =>
      GOOD.filter((good) => process.platform !== 'win32' || !good.includes('\\')).flatMap(
        (good) => [[name, good, 'string'] as const, [name, good, 'Buffer'] as const],
      ),
    ),
  )('%s takes %j as prefix and suffix (%s)', async (name, good, kind) => {
    const part = kind === 'Buffer' ? Buffer.from(good) : good;
    const made = await create(name, { prefix: part, suffix: part });
    expect(Buffer.isBuffer(made)).toBe(kind === 'Buffer');
    const text = made.toString();
    expect(path.dirname(text)).toBe(scratch);
    const base = path.basename(text);
    expect(base.startsWith(good)).toBe(true);
    expect(base.endsWith(good)).toBe(true);
    expect(base.slice(good.length, -good.length)).toMatch(/^[a-z0-9_]{8}$/);
    expect(fs.existsSync(made)).toBe(true);
    expect(fs.readdirSync(root).sort()).toEqual(['scratch', 'sibling.txt']);
  });

  it('the classes and patterns take them too', async () => {
    const named = keep(
      NamedTemporaryFile.createSync({ dir: scratch, prefix: '..x', suffix: 'x..' }),
    );
    expect(path.basename(named.name)).toMatch(/^\.\.x[a-z0-9_]{8}x\.\.$/);
    const dir = keep(await TemporaryDirectory.create({ dir: scratch, prefix: '.hidden-' }));
    expect(path.dirname(dir.name)).toBe(scratch);
    expect(path.basename(dir.name)).toMatch(/^\.hidden-[a-z0-9_]{8}$/);
    const anon = keep(TemporaryFile.createSync({ dir: scratch, prefix: 'ünï ', suffix: ' ☃' }));
    expect(anon.name).toBeTypeOf('number');
    const spooled = keep(
      SpooledTemporaryFile.createSync({ dir: scratch, prefix: '..y', suffix: '.z' }),
    );
    spooled.rolloverSync();
    expect(spooled.rolledOver).toBe(true);
    const manager = new TempFileManager({ baseDir: scratch, prefix: '..app ' });
    const file = await manager.createTempFile({ suffix: ' ☃.json' });
    expect(path.dirname(file)).toBe(scratch);
    expect(path.basename(file)).toMatch(/^\.\.app [a-z0-9_]{8} ☃\.json$/);
    const secret = secureTempWriteSync('s', { dir: scratch, prefix: '.x..', suffix: '..z' });
    expect(path.dirname(secret)).toBe(scratch);
    expect(path.basename(secret)).toMatch(/^\.x\.\.[a-z0-9_]{8}\.\.z$/);
    expect(fs.readdirSync(root).sort()).toEqual(['scratch', 'sibling.txt']);
  });
});

describe('one creation loop shared by the sync and Promise forms', () => {
  /** Every candidate name is taken: randomName always gives the same eight chars. */
  function collideForever() {
    fs.writeFileSync(path.join(scratch, 'tmpaaaaaaaa'), '');
    return vi.spyOn(names, 'randomName').mockReturnValue('aaaaaaaa');
  }

  function settled(run: () => unknown): Promise<unknown> {
    return Promise.resolve()
      .then(run)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
  }

  function describeError(error: unknown) {
    const e = error as NodeJS.ErrnoException;
    return { type: e?.constructor?.name, code: e?.code, message: e?.message, path: e?.path };
  }

  it.each([
    ['mkstemp', () => mkstempSync({ dir: scratch }), () => mkstemp({ dir: scratch })],
    ['mkdtemp', () => mkdtempSync({ dir: scratch }), () => mkdtemp({ dir: scratch })],
    [
      'TemporaryFile (mkstemp fallback)',
      () => {
        forceMkstempFallback(true);
        return keep(TemporaryFile.createSync({ dir: scratch }));
      },
      () => {
        forceMkstempFallback(true);
        return TemporaryFile.create({ dir: scratch }).then(keep);
      },
    ],
  ] as const)(
    '%s: both forms give up after TMP_MAX taken names with the same EEXIST',
    async (_name, sync, promise) => {
      const spy = collideForever();
      const before = snapshot(root);
      const syncError = await settled(sync);
      const syncCalls = spy.mock.calls.length;
      const asyncError = await settled(promise);
      const asyncCalls = spy.mock.calls.length - syncCalls;
      expect(syncCalls).toBe(TMP_MAX);
      expect(asyncCalls).toBe(TMP_MAX);
      expect(describeError(syncError)).toEqual({
        type: 'Error',
        code: 'EEXIST',
        message: `No usable temporary file name found in '${scratch}' after ${TMP_MAX} attempts`,
        path: scratch,
      });
      expect(describeError(asyncError)).toEqual(describeError(syncError));
      expect(snapshot(root)).toEqual(before);
    },
  );

  it.each([
    ['mkstempSync', async () => mkstempSync({ dir: scratch })],
    ['mkstemp', () => mkstemp({ dir: scratch })],
    ['mkdtempSync', async () => mkdtempSync({ dir: scratch })],
    ['mkdtemp', () => mkdtemp({ dir: scratch })],
  ] as const)('%s skips taken names and takes the first free one', async (_name, run) => {
    fs.writeFileSync(path.join(scratch, 'tmptaken___'), '');
    fs.mkdirSync(path.join(scratch, 'tmptaken2__'));
    const spy = vi.spyOn(names, 'randomName');
    spy.mockReturnValueOnce('taken___').mockReturnValueOnce('taken2__').mockReturnValue('free____');
    const made = await run();
    if (typeof made === 'object' && 'fd' in made) fs.closeSync(made.fd);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(fs.readdirSync(scratch).sort()).toEqual([
      'keep.txt',
      'tmpfree____',
      'tmptaken2__',
      'tmptaken___',
    ]);
  });

  it.each([
    ['mkstemp', (dir: string) => mkstempSync({ dir }), (dir: string) => mkstemp({ dir })],
    ['mkdtemp', (dir: string) => mkdtempSync({ dir }), (dir: string) => mkdtemp({ dir })],
  ] as const)(
    '%s: both forms explain other errors alike, without retrying',
    async (fn, sync, promise) => {
      const spy = vi.spyOn(names, 'randomName').mockReturnValue('abcdefgh');
      const missing = path.join(scratch, 'missing');
      const syncError = await settled(() => sync(missing));
      const asyncError = await settled(() => promise(missing));
      expect(describeError(syncError)).toMatchObject({
        code: 'ENOENT',
        message: `${fn}: dir '${missing}' does not exist (ENOENT)`,
      });
      expect(describeError(asyncError)).toEqual(describeError(syncError));
      // One attempt each: only EEXIST moves on to another name.
      expect(spy).toHaveBeenCalledTimes(2);
    },
  );
});
