/**
 * What a test sees: `tmpDir`, `tmpFile`, the `tmp` helpers (escapes
 * rejected), `memfs`, per-test dirs under `test.for`, fixtures used from
 * `beforeEach`, and `tempFixtures()` on a user's own base test with its
 * own keep option (which `KEEP_TMP` overrides). The generated tests assert
 * inside the run; this file checks they all ran and passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  keptEntries,
  onlyRun,
  PLUGIN_CONFIG,
  runDirs,
  siblingRoot,
  testDirs,
  vitest,
  vitestProject,
} from './support/e2e.js';

const HELPERS = `import { test, it, describe, expect, beforeEach, symlink } from 'vitest-temp';
import fs from 'node:fs';
import path from 'node:path';

const root = fs.realpathSync(process.env.TEMP_FIXTURES_ROOT);
const mode = (p) => fs.statSync(p).mode & 0o777;
const escape = expect.objectContaining({ code: 'ERR_PATH_ESCAPE' });

describe('tmpDir', () => {
  test('is a private empty dir named after the test, in this run', ({ tmpDir }) => {
    expect(path.isAbsolute(tmpDir)).toBe(true);
    expect(mode(tmpDir)).toBe(0o700);
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    expect(path.relative(root, tmpDir)).toMatch(/^run-\\d+\\/helpers\\.test\\.js\\/tmpDir__is_a_private_empty_dir[A-Za-z0-9_]*-[0-9a-f]{6}-[a-z0-9_]{8}$/);
  });
  it('is shared by the fixtures of one test', ({ tmpDir, tmpFile, tmp }) => {
    expect(path.dirname(tmpFile)).toBe(tmpDir);
    expect(tmp.base).toBe(tmpDir);
    expect(tmp.path()).toBe(tmpDir);
  });
  test.for(['a', 'b'])('is fresh for each row (%s)', (row, { tmpDir }) => {
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    fs.writeFileSync(path.join(tmpDir, 'row.txt'), row);
  });
});

describe('from beforeEach', () => {
  beforeEach(({ tmpDir }) => {
    fs.writeFileSync(path.join(tmpDir, 'seed.txt'), 'seeded');
  });
  test('the test sees what beforeEach wrote', async ({ tmp }) => {
    expect(await tmp.read('seed.txt')).toBe('seeded');
  });
});

test('tmpFile is an empty 0o600 file', ({ tmpFile }) => {
  expect(fs.readFileSync(tmpFile, 'utf8')).toBe('');
  expect(mode(tmpFile)).toBe(0o600);
});

describe('tmp', () => {
  test('write, read, path, dir and file', async ({ tmp, tmpDir }) => {
    const written = await tmp.write('a/b/c.txt', 'hello');
    expect(written).toBe(path.join(tmpDir, 'a/b/c.txt'));
    expect(mode(written)).toBe(0o600);
    expect(await tmp.read('a/b/c.txt')).toBe('hello');
    expect(await tmp.read('a/b/c.txt', null)).toEqual(Buffer.from('hello'));
    expect(tmp.path('a', 'b')).toBe(path.join(tmpDir, 'a/b'));
    const dir = await tmp.dir({ prefix: 'pre-', suffix: '-post' });
    expect(path.basename(dir)).toMatch(/^pre-.+-post$/);
    expect(mode(dir)).toBe(0o700);
    const file = await tmp.file({ dir: 'a', suffix: '.json' });
    expect(path.dirname(file)).toBe(path.join(tmpDir, 'a'));
    expect(mode(file)).toBe(0o600);
  });

  test('tree and snapshot', async ({ tmp }) => {
    await tmp.tree({ 'package.json': '{}', src: { 'index.js': 'export {}', lib: {} }, bin: Buffer.from([0xff, 0]) });
    expect(await tmp.snapshot()).toEqual({
      bin: Buffer.from([0xff, 0]),
      'package.json': '{}',
      src: { 'index.js': 'export {}', lib: {} },
    });
  });

  test('paths leading out are rejected', async ({ tmp, tmpDir }) => {
    expect(() => tmp.path('..', 'x')).toThrow(escape);
    expect(() => tmp.path('/etc/passwd')).toThrow(escape);
    await expect(tmp.write('../x.txt', 'x')).rejects.toThrow(escape);
    await expect(tmp.read('../../x')).rejects.toThrow(escape);
    await expect(tmp.tree({ '../out.txt': 'x' })).rejects.toThrow(escape);
    await tmp.tree({ out: symlink(path.dirname(tmpDir)) });
    await expect(tmp.write('out/x.txt', 'x')).rejects.toThrow(escape);
    expect(fs.existsSync(path.join(path.dirname(tmpDir), 'x.txt'))).toBe(false);
    expect(() => tmp.path('..', 'x')).toThrow(/escapes the test's temp dir/);
  });
});

test('memfs is a fresh in-memory volume', async ({ memfs }) => {
  expect(memfs.vol.toJSON()).toEqual({});
  await memfs.tree({ 'config.json': '{"a":1}', dir: { 'x.txt': 'x' } });
  expect(memfs.fs.readFileSync('/config.json', 'utf8')).toBe('{"a":1}');
  expect(await memfs.snapshot()).toEqual({ 'config.json': '{"a":1}', dir: { 'x.txt': 'x' } });
  await expect(memfs.tree({ '../x': 'x' })).rejects.toThrow(escape);
});

`;

const OWN_BASE = `import { test as baseTest, expect } from 'vitest';
import { tempFixtures } from 'vitest-temp';
import fs from 'node:fs';
import path from 'node:path';

const test = baseTest
  .extend({ answer: async ({}, use) => { await use(42); } })
  .extend(tempFixtures({ keep: 'all' }));

test('own fixtures and temp fixtures together', async ({ answer, tmpDir, tmp }) => {
  expect(answer).toBe(42);
  await tmp.write('answer.txt', String(answer));
  expect(fs.readFileSync(path.join(tmpDir, 'answer.txt'), 'utf8')).toBe('42');
});
`;

const MEMFS_ONLY = `import { test, expect } from 'vitest-temp';
test('memfs alone', async ({ memfs }) => {
  await memfs.tree({ 'x.txt': 'x' });
  expect(memfs.fs.readFileSync('/x.txt', 'utf8')).toBe('x');
});
`;

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'memfs-only.test.js': MEMFS_ONLY,
    'helpers.test.js': HELPERS,
    'own-base.test.js': OWN_BASE,
    'vitest.config.js': PLUGIN_CONFIG,
  });
});
afterAll(() => project.remove());

describe.concurrent('fixtures', () => {
  test('every generated test passes; only the keep: "all" test is kept', async () => {
    const root = siblingRoot(project, 'fixtures');
    // Created beforehand, so the generated tests can resolve its real path.
    fs.mkdirSync(root, { mode: 0o700 });
    const result = await vitest(project, { root, args: ['helpers', 'own-base'] });
    expect(result.output, result.output).toContain('Tests  11 passed (11)');
    expect(result.code).toBe(0);
    const run = onlyRun(root);
    const [entry, ...others] = keptEntries(run);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      file: 'own-base.test.js',
      name: 'own fixtures and temp fixtures together',
      reason: 'all',
    });
    expect(testDirs(run)).toEqual([path.relative(run, entry!.path)]);
    expect(fs.readFileSync(path.join(entry!.path, 'answer.txt'), 'utf8')).toBe('42');
  });

  test('KEEP_TMP overrides the keep option of tempFixtures()', async () => {
    const root = siblingRoot(project, 'override');
    const result = await vitest(project, { root, args: ['own-base'], env: { KEEP_TMP: 'never' } });
    expect(result.code).toBe(0);
    expect(runDirs(root)).toEqual([]);
  });

  test('a run using only memfs creates nothing on disk', async () => {
    const root = siblingRoot(project, 'memfs-only');
    const result = await vitest(project, { root, args: ['memfs-only'] });
    expect(result.output).toContain('Tests  1 passed (1)');
    expect(result.code).toBe(0);
    expect(fs.existsSync(root)).toBe(false);
  });
});
