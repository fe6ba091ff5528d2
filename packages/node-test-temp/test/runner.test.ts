/**
 * node-test-temp through the real `node --test` of Node 22, 24 and 26, with
 * test files run in processes of their own and all in one (isolation
 * `process` and `none`): a pass, a fail, a parent with a failing subtest, a
 * concurrent pair, a `tmp.tree` test, in `.mjs`, `.cjs` and `.ts` files.
 * After each run the whole root is read back, dot-folders included.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  keptLinePaths,
  leftovers,
  limiter,
  listTree,
  NODE_TEST,
  nodeBinary,
  runDirNames,
  startBin,
  summaryPaths,
} from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  diagnosticPaths,
  type Isolation,
  isolationFlag,
  MAJORS,
  nodeTestProject,
  type Project,
  runNodeTest,
  WITH_REPORTER,
  WITHOUT_REPORTER,
} from './helpers.js';

const ESM = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tmp, tmpDir, tmpFile } from 'node-test-temp';

test('passes', (t) => {
  fs.writeFileSync(path.join(tmpDir(t), 'data.txt'), 'x');
  assert.equal(fs.statSync(tmpDir(t)).mode & 0o777, 0o700);
  assert.equal(fs.statSync(tmpFile(t)).mode & 0o777, 0o600);
});

test('fails', async (t) => {
  await tmp(t).write('evidence.txt', 'failed');
  assert.equal('fails', 'passes');
});

test('parent', async (t) => {
  await tmp(t).write('shared.txt', 'for the subtests');
  await t.test('sub passes', (st) => assert.notEqual(tmpDir(st), tmpDir(t)));
  await t.test('sub fails', async (st) => {
    await tmp(st).write('evidence.txt', 'sub');
    assert.equal('sub', 'passes');
  });
});

test('concurrent pair', { concurrency: 2 }, async (t) => {
  const seen = [];
  await Promise.all(['one', 'two'].map((name) => t.test(name, async (st) => {
    await tmp(st).write(name + '.txt', name);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.push(fs.readdirSync(tmpDir(st)));
  })));
  assert.deepEqual(seen.sort(), [['one.txt'], ['two.txt']]);
});

test('tree', async (t) => {
  await tmp(t).tree({ a: { 'b.txt': 'b' }, 'c.txt': 'c' });
  assert.equal(await tmp(t).read('a/b.txt'), 'b');
  assert.deepEqual(await tmp(t).snapshot(), { a: { 'b.txt': 'b' }, 'c.txt': 'c' });
});
`;

const CJS = `const { test } = require('node:test');
const assert = require('node:assert/strict');
const { tmp, tmpDir } = require('node-test-temp');

test('cjs passes', async (t) => {
  await tmp(t).write('data.txt', 'x');
  assert.ok(tmpDir(t).length > 0);
});

test('cjs fails', async (t) => {
  await tmp(t).write('evidence.txt', 'cjs');
  assert.equal(1, 2);
});
`;

const TS = `import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { tmp, tmpDir } from 'node-test-temp';

test('ts passes', async (t: TestContext) => {
  const dir: string = tmpDir(t);
  await tmp(t).write('data.txt', dir);
});

test('ts fails', async (t: TestContext) => {
  await tmp(t).write('evidence.txt', 'ts');
  assert.equal(1, 2);
});
`;

/** The failing tests, by file: their dirs are the ones kept. */
const FAILING = [
  'test/esm.test.mjs > fails',
  'test/esm.test.mjs > parent',
  'test/esm.test.mjs > parent > sub fails',
  'test/cjs.test.cjs > cjs fails',
  'test/types.test.ts > ts fails',
];

const FILES = ['test/esm.test.mjs', 'test/cjs.test.cjs', 'test/types.test.ts'];

let project: Project;
beforeAll(() => {
  project = nodeTestProject({
    'test/esm.test.mjs': ESM,
    'test/cjs.test.cjs': CJS,
    'test/types.test.ts': TS,
  });
});
afterAll(() => project.remove());

/** Two runners at once at most: 2 shared cores. */
const twoAtOnce = limiter(2);
let roots = 0;

/** The `[file > name]` of each entry of a run's `kept.json`, sorted. */
function keptNames(root: string): { names: string[]; paths: string[] } {
  const names: string[] = [];
  const paths: string[] = [];
  for (const run of runDirNames(root)) {
    const file = path.join(root, run, 'kept.json');
    if (!fs.existsSync(file)) continue;
    const { kept } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      kept: { file: string; name: string; path: string }[];
    };
    for (const entry of kept) {
      names.push(`${entry.file} > ${entry.name}`);
      paths.push(entry.path);
    }
  }
  return { names: names.sort(), paths: paths.sort() };
}

const CELLS = MAJORS.flatMap((major) =>
  (['process', 'none'] as Isolation[]).map((isolation) => ({ major, isolation })),
);

describe.concurrent('node --test with the reporter', () => {
  test.each(CELLS)(
    'Node $major, isolation $isolation, KEEP_TMP=1: exactly the failing tests are kept, reported three ways',
    ({ major, isolation }) =>
      twoAtOnce(async () => {
        const root = path.join(path.dirname(project.root), `keep-${major}-${isolation}-${roots++}`);
        const result = await runNodeTest(
          project,
          major,
          [isolationFlag(major, isolation), ...WITH_REPORTER, ...FILES],
          { env: { TEMP_FIXTURES_ROOT: root, KEEP_TMP: '1' } },
        );
        expect(result.code, result.output).toBe(1);
        expect(result.stdout).toMatch(/pass 8\n.*fail 5\n/);
        const { names, paths } = keptNames(root);
        expect(names).toEqual([...FAILING].sort());
        // At once (the line each test's process prints), on the test (diagnostic), in the summary.
        expect(keptLinePaths(result.output).sort()).toEqual(paths);
        expect(diagnosticPaths(result.stdout).sort()).toEqual(paths);
        expect(summaryPaths(result.stderr).sort()).toEqual(paths);
        for (const dir of paths) expect(fs.readdirSync(dir).length).toBeGreaterThan(0);
        const evidence = paths.map((dir) => path.join(dir, 'evidence.txt')).filter(fs.existsSync);
        expect(evidence.map((file) => fs.readFileSync(file, 'utf8')).sort()).toEqual(
          ['cjs', 'failed', 'sub', 'ts'].sort(),
        );
        // Nothing else anywhere under the root, dot-folders included.
        expect(leftovers(root, paths)).toEqual([]);
      }),
  );

  test.each(CELLS)(
    'Node $major, isolation $isolation, KEEP_TMP unset: nothing is left, the run is gone',
    ({ major, isolation }) =>
      twoAtOnce(async () => {
        const root = path.join(path.dirname(project.root), `none-${major}-${isolation}-${roots++}`);
        const result = await runNodeTest(
          project,
          major,
          [isolationFlag(major, isolation), ...WITH_REPORTER, ...FILES],
          { env: { TEMP_FIXTURES_ROOT: root } },
        );
        expect(result.code, result.output).toBe(1);
        expect(result.stdout).toMatch(/pass 8\n.*fail 5\n/);
        expect(keptLinePaths(result.output)).toEqual([]);
        expect(diagnosticPaths(result.stdout)).toEqual([]);
        expect(result.stderr).not.toContain('temp-fixtures: kept');
        expect(runDirNames(root)).toEqual([]);
        expect(leftovers(root)).toEqual([]);
      }),
  );
});

describe('node --test without the reporter', () => {
  test('KEEP_TMP=1: the failing tests are kept and reported at once; the next run ends the previous one', async () => {
    const root = path.join(path.dirname(project.root), 'bare');
    const first = await runNodeTest(project, 22, [...WITHOUT_REPORTER, ...FILES], {
      env: { TEMP_FIXTURES_ROOT: root, KEEP_TMP: '1' },
    });
    expect(first.code, first.output).toBe(1);
    const { names, paths } = keptNames(root);
    expect(names).toEqual([...FAILING].sort());
    expect(keptLinePaths(first.output).sort()).toEqual(paths);
    expect(diagnosticPaths(first.stdout).sort()).toEqual(paths);
    expect(leftovers(root, paths)).toEqual([]);
    // A passing run: the earlier kept dirs stay (retention), nothing new is left.
    const second = await runNodeTest(project, 22, [...WITHOUT_REPORTER, 'test/cjs.test.cjs'], {
      env: { TEMP_FIXTURES_ROOT: root },
    });
    expect(second.code, second.output).toBe(1);
    expect(keptNames(root).paths).toEqual(paths);
    expect(leftovers(root, paths), listTree(root).join('\n')).toEqual([]);
  });
});

describe('node --test --watch with the reporter', () => {
  test('each rerun is a run of its own: its failing test kept, its summary printed', async () => {
    const root = path.join(path.dirname(project.root), 'watch');
    const started = startBin(
      project,
      NODE_TEST,
      ['--watch', ...WITH_REPORTER, 'test/cjs.test.cjs'],
      { env: { TEMP_FIXTURES_ROOT: root, KEEP_TMP: '1' }, node: nodeBinary(24) },
    );
    const summaries = () => started.output().match(/^temp-fixtures: kept 1 temp dir /gm) ?? [];
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      for (let i = 0; i < 600 && summaries().length < 1; i++) await sleep(50);
      // A change to the test file starts a rerun.
      const file = path.join(project.dir, 'test/cjs.test.cjs');
      fs.appendFileSync(file, '\n');
      for (let i = 0; i < 600 && summaries().length < 2; i++) await sleep(50);
    } finally {
      started.child.kill('SIGTERM');
    }
    const done = await started.result;
    expect(summaries(), done.output).toHaveLength(2);
    expect(runDirNames(root)).toEqual(['run-1', 'run-2']);
    const { names, paths } = keptNames(root);
    expect(names).toEqual(['test/cjs.test.cjs > cjs fails', 'test/cjs.test.cjs > cjs fails']);
    expect(keptLinePaths(done.output).sort()).toEqual(paths);
    expect(leftovers(root, paths)).toEqual([]);
  });
});

describe('bad input', () => {
  test('a bad KEEP_TMP stops node --test at the reporter, before any test; nothing is created', async () => {
    const root = path.join(path.dirname(project.root), 'bad-keep');
    const result = await runNodeTest(project, 22, [...WITH_REPORTER, 'test/cjs.test.cjs'], {
      env: { TEMP_FIXTURES_ROOT: root, KEEP_TMP: 'sometimes' },
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("KEEP_TMP must be one of '0', 'false', 'never', '1'");
    expect(result.output).not.toContain('cjs passes');
    expect(fs.existsSync(root)).toBe(false);
  });

  test('a fixture given something else than the test context, and a bad option, say what is accepted', async () => {
    const own = nodeTestProject({
      'test/misuse.test.mjs': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempFixtures, tmpDir } from 'node-test-temp';
test('a path instead of t', () => {
  assert.throws(() => tmpDir('some/path'), (error) =>
    error.code === 'ERR_INVALID_ARG_TYPE' &&
    error.message.includes('takes the test context, as in test(name, (t) => tmpDir(t))') &&
    error.message.endsWith('(got string)'));
});
test('a bad keep', () => {
  assert.throws(() => tempFixtures({ keep: 'sometimes' }), /keep/);
});
`,
    });
    try {
      const result = await runNodeTest(own, 22, [...WITHOUT_REPORTER, 'test/misuse.test.mjs']);
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toMatch(/pass 2\n.*fail 0\n/);
      expect(leftovers(own.root)).toEqual([]);
      expect(fs.existsSync(own.root)).toBe(false);
    } finally {
      own.remove();
    }
  });
});

describe('timeouts', () => {
  test.each(['1', undefined])(
    'KEEP_TMP=%s: a timed-out body still writing finds its dir; kept or removed after, nothing else left',
    async (keep) => {
      const own = nodeTestProject({
        'test/slow.test.mjs': `import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from 'node-test-temp';
test('slow', { timeout: 200 }, async (t) => {
  const dir = tmpDir(t);
  await new Promise((resolve) => setTimeout(resolve, 800));
  fs.writeFileSync(path.join(dir, 'late.txt'), 'still mine');
  console.log('late write ok');
});
test('next', (t) => { tmpDir(t); });
`,
      });
      try {
        const result = await runNodeTest(own, 24, [...WITH_REPORTER, 'test/slow.test.mjs'], {
          env: { KEEP_TMP: keep },
        });
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain('late write ok');
        const { paths } = keptNames(own.root);
        if (keep === '1') {
          expect(paths).toHaveLength(1);
          expect(fs.readFileSync(path.join(paths[0]!, 'late.txt'), 'utf8')).toBe('still mine');
        } else {
          expect(paths).toEqual([]);
        }
        expect(leftovers(own.root, paths)).toEqual([]);
      } finally {
        own.remove();
      }
    },
  );
});
