/**
 * The keep policy end to end: one generated project (passing, failing,
 * hook-failing, test.failing, skipped, todo, timed-out, fixture-less and
 * retried tests) run by the real Jest 30 under KEEP_TMP unset / 1 / all /
 * bogus, with the reporter, and once without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  inParallel,
  type JestRun,
  jestConfig,
  jestProject,
  type Project,
  readKeptJson,
  runDirs,
  runJest,
  statuses,
  testDirs,
} from './helpers.js';

const PRELUDE = `const fs = require('node:fs');
const path = require('node:path');
const { tmpDir, tmpFile, tmp, memfs, symlink } = require('jest-temp');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Writes the test's name into its dir, so each kept dir shows whose it is. */
const mark = (name) => fs.writeFileSync(path.join(tmpDir(), 'mark'), name);
`;

const BEHAVIOURS = `${PRELUDE}
let moduleScopeError;
try { tmpDir(); } catch (error) { moduleScopeError = error; }
let beforeAllError;
beforeAll(() => { try { tmpDir(); } catch (error) { beforeAllError = error; } });

test('passes', () => { mark('passes'); });
test('fails', () => { mark('fails'); throw new Error('boom'); });
test('uses no fixture', () => { expect(1).toBe(1); });
test.skip('is skipped', () => { mark('is skipped'); }); // on purpose: a skipped test must create nothing
test.todo('is todo'); // on purpose: a todo test must create nothing
test.failing('failing whose body throws', () => { mark('failing whose body throws'); throw new Error('expected'); });
test.failing('failing whose body passes', () => { mark('failing whose body passes'); });

describe('afterEach', () => {
  afterEach(() => { throw new Error('afterEach boom'); });
  test('throws after a passing body', () => { mark('throws after a passing body'); });
});

describe('beforeEach', () => {
  beforeEach(() => { fs.writeFileSync(path.join(tmpDir(), 'from-hook'), 'x'); });
  test('shares the dir with the body', () => {
    expect(fs.readdirSync(tmpDir())).toEqual(['from-hook']);
    mark('shares the dir with the body');
  });
});

test('fixtures outside a test throw', () => {
  expect(moduleScopeError).toMatchObject({ code: 'ERR_NO_TEST' });
  expect(beforeAllError).toMatchObject({ code: 'ERR_NO_TEST' });
});

test('helpers', async () => {
  expect(path.isAbsolute(tmpDir())).toBe(true);
  expect(fs.statSync(tmpDir()).mode & 0o777).toBe(0o700);
  expect(path.dirname(tmpFile())).toBe(tmpDir());
  expect(fs.statSync(tmpFile()).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(tmpFile(), 'utf8')).toBe('');
  await tmp.tree({ 'a.txt': 'A', sub: { 'b.bin': new Uint8Array([255, 0]) }, link: symlink('a.txt') });
  await tmp.write('c/d.txt', 'D');
  expect(await tmp.read('c/d.txt')).toBe('D');
  expect(tmp.path('c', 'd.txt')).toBe(path.join(tmpDir(), 'c', 'd.txt'));
  expect(await tmp.snapshot()).toEqual({
    'a.txt': 'A',
    c: { 'd.txt': 'D' },
    link: symlink('a.txt'),
    sub: { 'b.bin': Buffer.from([255, 0]) },
    [path.basename(tmpFile())]: '',
  });
  await expect(tmp.write('../escape', 'x')).rejects.toMatchObject({ code: 'ERR_PATH_ESCAPE' });
  expect(globalThis.tmpDir).toBe(tmpDir());
  expect(globalThis.tmpFile).toBe(tmpFile());
  expect(globalThis.tmp.base).toBe(tmpDir());
  mark('helpers');
});

test('memfs', async () => {
  await memfs.tree({ d: { 'f.txt': 'F' } });
  expect(memfs.vol.toJSON()).toEqual({ '/d/f.txt': 'F' });
  expect(await memfs.snapshot()).toEqual({ d: { 'f.txt': 'F' } });
  expect(globalThis.memfs.vol).toBe(memfs.vol);
});

test('memfs is fresh in every test', () => { expect(memfs.vol.toJSON()).toEqual({}); });

describe('timeout', () => {
  test('times out', async () => {
    const dir = tmpDir();
    mark('times out');
    await sleep(600);
    // The body runs on after its timeout: its dir must still be where it was.
    let outcome;
    try {
      fs.writeFileSync(path.join(dir, 'late'), 'x');
      outcome = tmpDir() === dir ? 'wrote' : 'another dir';
    } catch (error) {
      outcome = error.code;
    }
    fs.writeFileSync(path.join(process.cwd(), 'late-' + path.basename(process.env.TEMP_FIXTURES_ROOT)), outcome);
  }, 150);
  test('waits for the late body', async () => { await sleep(900); });
});
`;

const RETRIES = `${PRELUDE}
jest.retryTimes(2);
const attempts = {};
const attempt = (name) => (attempts[name] = (attempts[name] ?? 0) + 1);

test('flaky', () => {
  mark('flaky ' + attempt('flaky'));
  if (attempts.flaky < 2) throw new Error('flake');
});
test('flaky whose passing attempt uses nothing', () => {
  if (attempt('quiet') === 1) { mark('quiet 1'); throw new Error('flake'); }
});
test('always fails', () => {
  expect(fs.readdirSync(tmpDir())).toEqual([]);
  mark('always ' + attempt('always'));
  throw new Error('always');
});
test('fails, only the first attempt uses a dir', () => {
  if (attempt('first') === 1) mark('first 1');
  throw new Error('again');
});
`;

const DESCRIBE_RETRY = `${PRELUDE}
let round = 0;
describe('retried block', () => {
  jest.retryTimes(2, { entireDescribe: true });
  beforeAll(() => { round++; });
  test('flaky in the block', () => {
    mark('block ' + round);
    if (round < 2) throw new Error('flake');
  });
});
describe('failing block', () => {
  jest.retryTimes(1, { entireDescribe: true });
  test('always fails', () => { mark('failing block'); throw new Error('no'); });
});
`;

const FILES = {
  'test/behaviours.test.js': BEHAVIOURS,
  'test/retries.test.js': RETRIES,
  'test/describe-retry.test.js': DESCRIBE_RETRY,
};

/** What Jest reports for each test, whatever the keep policy. */
const EXPECTED_STATUSES = {
  passes: 'passed',
  fails: 'failed',
  'uses no fixture': 'passed',
  'is skipped': 'pending',
  'is todo': 'todo',
  'failing whose body throws': 'passed',
  'failing whose body passes': 'failed',
  'afterEach throws after a passing body': 'failed',
  'beforeEach shares the dir with the body': 'passed',
  'fixtures outside a test throw': 'passed',
  helpers: 'passed',
  memfs: 'passed',
  'memfs is fresh in every test': 'passed',
  'timeout times out': 'failed',
  'timeout waits for the late body': 'passed',
  flaky: 'passed',
  'flaky whose passing attempt uses nothing': 'passed',
  'always fails': 'failed',
  'fails, only the first attempt uses a dir': 'failed',
  'retried block flaky in the block': 'passed',
  'failing block always fails': 'failed',
};

/** Kept dirs under `KEEP_TMP=1`: [file, name, attempt, content of its `mark`]. */
const KEPT_WHEN_FAILED: [string, string, number, string][] = [
  [
    'test/behaviours.test.js',
    'afterEach > throws after a passing body',
    0,
    'throws after a passing body',
  ],
  ['test/behaviours.test.js', 'fails', 0, 'fails'],
  ['test/behaviours.test.js', 'failing whose body passes', 0, 'failing whose body passes'],
  ['test/behaviours.test.js', 'timeout > times out', 0, 'times out'],
  ['test/describe-retry.test.js', 'failing block > always fails', 0, 'failing block'],
  ['test/describe-retry.test.js', 'failing block > always fails', 1, 'failing block'],
  ['test/retries.test.js', 'always fails', 0, 'always 1'],
  ['test/retries.test.js', 'always fails', 1, 'always 2'],
  ['test/retries.test.js', 'always fails', 2, 'always 3'],
  ['test/retries.test.js', 'fails, only the first attempt uses a dir', 0, 'first 1'],
];

/** Kept dirs under `KEEP_TMP=all` besides those: every attempt that used a dir. */
const ALSO_KEPT_WHEN_ALL: [string, string, number, string, 'failed' | 'all'][] = [
  ['test/behaviours.test.js', 'passes', 0, 'passes', 'all'],
  ['test/behaviours.test.js', 'failing whose body throws', 0, 'failing whose body throws', 'all'],
  [
    'test/behaviours.test.js',
    'beforeEach > shares the dir with the body',
    0,
    'shares the dir with the body',
    'all',
  ],
  ['test/behaviours.test.js', 'helpers', 0, 'helpers', 'all'],
  ['test/retries.test.js', 'flaky', 0, 'flaky 1', 'failed'],
  ['test/retries.test.js', 'flaky', 1, 'flaky 2', 'all'],
  ['test/retries.test.js', 'flaky whose passing attempt uses nothing', 0, 'quiet 1', 'failed'],
  ['test/describe-retry.test.js', 'retried block > flaky in the block', 0, 'block 1', 'failed'],
  ['test/describe-retry.test.js', 'retried block > flaky in the block', 1, 'block 2', 'all'],
];

function keptSummary(runDir: string): [string, string, number, string, string][] {
  return readKeptJson(runDir).kept.map((entry) => [
    entry.file,
    entry.name,
    entry.attempt,
    fs.readFileSync(path.join(entry.path, 'mark'), 'utf8'),
    entry.reason,
  ]);
}

function sorted<T extends unknown[]>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

let project: Project;
const runs: Record<string, JestRun> = {};
const roots: Record<string, string> = {};

beforeAll(async () => {
  project = jestProject({ ...FILES, 'jest.config.js': jestConfig({ reporter: true }) });
  fs.writeFileSync(path.join(project.dir, 'no-reporter.config.js'), jestConfig());
  const cases: [string, string[], string | undefined][] = [
    ['unset', [], undefined],
    ['1', [], '1'],
    ['all', [], 'all'],
    ['bogus', [], 'sometimes'],
    ['no-reporter', ['--config', 'no-reporter.config.js'], '1'],
  ];
  await inParallel(
    2,
    cases.map(([name, args, keep]) => async () => {
      roots[name] = path.join(project.root, name);
      runs[name] = await runJest(project, args, {
        root: roots[name],
        env: { KEEP_TMP: keep },
      });
    }),
  );
});

afterAll(() => project?.remove());

describe.each(['unset', '1', 'all', 'no-reporter'])('KEEP_TMP run "%s"', (name) => {
  test('Jest reports every test as it would without jest-temp', () => {
    expect(statuses(runs[name]!)).toEqual(EXPECTED_STATUSES);
    expect(runs[name]!.code).toBe(1);
  });

  test('a timed-out body keeps writing into its own dir, never moved away under it', () => {
    const late = fs.readFileSync(path.join(project.dir, `late-${name}`), 'utf8');
    expect(late).toBe('wrote');
  });
});

describe('KEEP_TMP unset', () => {
  test('leaves nothing on disk: the reporter removes the whole run', () => {
    expect(runDirs(roots.unset!)).toEqual([]);
    expect(runs.unset!.output).not.toContain('temp-fixtures: kept');
  });
});

describe('KEEP_TMP=1', () => {
  test('keeps exactly the dirs of failed tests, settling retries by their last attempt', () => {
    const [runDir, ...others] = runDirs(roots['1']!);
    expect(others).toEqual([]);
    expect(sorted(keptSummary(runDir!))).toEqual(
      sorted(KEPT_WHEN_FAILED.map((row) => [...row, 'failed'])),
    );
    // Nothing else is left: every other dir was deleted.
    const keptPaths = readKeptJson(runDir!).kept.map((entry) => path.relative(runDir!, entry.path));
    expect(testDirs(runDir!)).toEqual([...keptPaths].sort());
  });

  test('names each dir <run>/<file folder>/<describe__title>[-r<attempt>]-<random>', () => {
    const [runDir] = runDirs(roots['1']!);
    const names = testDirs(runDir!);
    expect(names).toContain(
      names.find((n) => /^test__retries\.test\.js\/always_fails-r2-[A-Za-z0-9_]{8}$/.test(n)),
    );
    expect(
      names.filter((n) =>
        /^test__behaviours\.test\.js\/afterEach__throws_after_a_passing_body-[A-Za-z0-9_]{8}$/.test(
          n,
        ),
      ),
    ).toHaveLength(1);
  });

  test('reports each kept dir at once and ends with the summary naming kept.json', () => {
    const { output } = runs['1']!;
    const [runDir] = runDirs(roots['1']!);
    for (const entry of readKeptJson(runDir!).kept) {
      expect(output).toContain(`temp-fixtures: kept ${entry.path} [failed]`);
    }
    expect(output).toContain(
      `temp-fixtures: kept ${KEPT_WHEN_FAILED.length} temp dirs (listed in ${path.join(runDir!, 'kept.json')})`,
    );
  });
});

describe('KEEP_TMP=1, on the test results', () => {
  test("each kept path is in its failed test's failure message (--json failureMessages)", () => {
    const run = runs['1']!;
    const [runDir] = runDirs(roots['1']!);
    const kept = readKeptJson(runDir!).kept;
    expect(kept.length).toBeGreaterThan(0);
    for (const entry of kept) {
      const test = run.tests.get(entry.name.split(' > ').join(' '));
      expect(test?.status, entry.name).toBe('failed');
      expect(test!.failureMessages.join('\n'), entry.name).toContain(
        `temp-fixtures: kept ${entry.path}`,
      );
    }
    // Tests that kept nothing carry no note.
    for (const [name, test] of run.tests) {
      if (kept.some((entry) => entry.name.split(' > ').join(' ') === name)) continue;
      expect(test.failureMessages.join('\n'), name).not.toContain('temp-fixtures: kept');
    }
  });
});

describe('KEEP_TMP=all', () => {
  test('keeps every attempt that used a dir, and nothing for tests that used none', () => {
    const [runDir, ...others] = runDirs(roots.all!);
    expect(others).toEqual([]);
    expect(sorted(keptSummary(runDir!))).toEqual(
      sorted([...KEPT_WHEN_FAILED.map((row) => [...row, 'failed']), ...ALSO_KEPT_WHEN_ALL]),
    );
  });
});

describe('KEEP_TMP=sometimes (bogus)', () => {
  test('stops the run at start with the accepted values, and creates nothing', () => {
    const run = runs.bogus!;
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "KEEP_TMP must be one of '0', 'false', 'never', '1', 'true', 'failed', 'all' (or unset); got 'sometimes'",
    );
    expect(run.tests.size).toBe(0);
    expect(project.list(roots.bogus!)).toEqual([]);
  });
});

describe('without the reporter', () => {
  test('keeps and lists the same dirs, reporting each at once but printing no summary', () => {
    const [runDir, ...others] = runDirs(roots['no-reporter']!);
    expect(others).toEqual([]);
    expect(sorted(keptSummary(runDir!))).toEqual(
      sorted(KEPT_WHEN_FAILED.map((row) => [...row, 'failed'])),
    );
    const { output } = runs['no-reporter']!;
    expect(output).toContain('temp-fixtures: kept ');
    expect(output).not.toMatch(/temp-fixtures: kept \d+ temp dirs/);
  });
});
