/**
 * Nothing is left when a run ends (KEEP_TMP unset): once the Jest process
 * has exited, no byte of any test dir remains anywhere under the root —
 * dot-folders (the trash) included, timed-out tests' dirs included — in
 * band, with process workers and with worker threads (ended without an exit
 * event), with and without the reporter, on Jest 30 and 29. It holds
 * because the environment's `teardown()` settles the file's dirs.
 */
import { leftovers, siblingRoot } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  inParallel,
  type JestMajor,
  type JestRun,
  jestConfig,
  jestProject,
  type Project,
  readKeptJson,
  runDirs,
  runJest,
} from './helpers.js';

/**
 * Passing tests with enough files that their background deletion takes a
 * while, a failing one, a timed-out one whose body outlives the timeout,
 * and a passing one last (its deletion is what an abrupt end cuts off).
 */
function testFile(label: string): string {
  return `const fs = require('node:fs');
const path = require('node:path');
const { tmp, tmpDir, tmpFile } = require('jest-temp');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const many = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => ['d' + i, { 'a.txt': 'a'.repeat(2000), b: { 'c.txt': 'c' } }]),
);
for (let i = 0; i < 5; i++) {
  test('${label} passes ' + i, async () => {
    await tmp.tree(many);
  });
}
test('${label} fails', async () => {
  await tmp.write('x.txt', 'x');
  expect(1).toBe(2);
});
test('${label} times out', async () => {
  fs.writeFileSync(path.join(tmpDir(), 'slow.txt'), 'slow');
  await sleep(400);
}, 100);
test('${label} passes last', async () => {
  await tmp.tree(many);
  fs.writeFileSync(tmpFile(), 'last');
});
`;
}

const FILES = {
  'jest.config.js': jestConfig({ reporter: true }),
  'no-reporter.config.js': jestConfig(),
  'test/one.test.js': testFile('one'),
  'test/two.test.js': testFile('two'),
  'test/three.test.js': testFile('three'),
};
const NO_REPORTER = ['--config', 'no-reporter.config.js'];

interface Case {
  name: string;
  jest: JestMajor;
  args: string[];
  env?: Record<string, string>;
}

const CASES: Case[] = [];
for (const jest of [30, 29] as const) {
  for (const reporter of [true, false]) {
    const config = reporter ? [] : NO_REPORTER;
    const suffix = reporter ? 'with the reporter' : 'without the reporter';
    CASES.push(
      { name: `Jest ${jest} in band, ${suffix}`, jest, args: ['-i', ...config] },
      { name: `Jest ${jest} workers, ${suffix}`, jest, args: ['-w', '2', ...config] },
      {
        name: `Jest ${jest} worker threads, ${suffix}`,
        jest,
        args: ['-w', '2', '--workerThreads', ...config],
      },
    );
  }
}
CASES.push({
  name: 'Jest 30 workers, KEEP_TMP=1, without the reporter',
  jest: 30,
  args: ['-w', '2', ...NO_REPORTER],
  env: { KEEP_TMP: '1' },
});

const projects: Partial<Record<JestMajor, Project>> = {};
const runs = new Map<string, { run: JestRun; root: string }>();

beforeAll(async () => {
  projects[30] = jestProject(FILES, 30);
  projects[29] = jestProject(FILES, 29);
  await inParallel(
    2,
    CASES.map((c, index) => async () => {
      const project = projects[c.jest]!;
      const root = siblingRoot(project, `root-${index}`);
      // Only the timeout test may time out, however slow 2 shared cores are.
      const args = [...c.args, '--testTimeout', '60000'];
      runs.set(c.name, { run: await runJest(project, args, { root, env: c.env ?? {} }), root });
    }),
  );
}, 600_000);

afterAll(() => {
  for (const project of Object.values(projects)) project?.remove();
});

describe.each(CASES.filter((c) => c.env === undefined).map((c) => c.name))('%s', (name) => {
  test('KEEP_TMP unset: no test data is left anywhere under the root', () => {
    const { run, root } = runs.get(name)!;
    expect(run.suiteFailures).toEqual([]);
    expect(run.testCount).toBe(24);
    expect([...run.tests.values()].filter((t) => t.status === 'failed')).toHaveLength(6);
    expect(run.code).toBe(1);
    expect(leftovers(root)).toEqual([]);
  });
});

test('KEEP_TMP=1: only the kept dirs are left, the timed-out ones among them', () => {
  const { run, root } = runs.get('Jest 30 workers, KEEP_TMP=1, without the reporter')!;
  expect(run.testCount).toBe(24);
  const [runDir] = runDirs(root);
  const kept = readKeptJson(runDir!).kept;
  expect(kept.map((e) => e.name).sort()).toEqual(
    ['one', 'three', 'two'].flatMap((label) => [`${label} fails`, `${label} times out`]),
  );
  expect(
    leftovers(
      root,
      kept.map((e) => e.path),
    ),
  ).toEqual([]);
  expect(leftovers(root).filter((entry) => entry.endsWith('slow.txt'))).toHaveLength(3);
});

test('a bad testEnvironmentOptions key is reported once, by the files, and the reporter still closes the run', async () => {
  const project = jestProject({
    'jest.config.js': jestConfig({
      reporter: true,
      extra: "testEnvironmentOptions: { keeep: 'all' }",
    }),
    'test/a.test.js': "test('a', () => {});\n",
  });
  try {
    const root = siblingRoot(project, 'bad-option');
    const run = await runJest(project, ['-i'], { root });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "testEnvironmentOptions has no option 'keeep'; did you mean 'keep'?",
    );
    expect(run.output).not.toContain('could not close the fixture run');
    expect(leftovers(root)).toEqual([]);
  } finally {
    project.remove();
  }
}, 120_000);
