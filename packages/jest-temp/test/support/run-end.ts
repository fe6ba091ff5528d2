/**
 * The run-end scenarios (see test/run-end.test.ts), shared by the default
 * loop and the stress command: the generated files, the runner cases, and
 * the registration of their runs and checks.
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
  runJest,
} from '../helpers.js';

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

export interface Case {
  name: string;
  jest: JestMajor;
  args: string[];
  env?: Record<string, string>;
}

export const CASES: Case[] = [];
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

/**
 * Runs `cases` (2 at once) before the file's tests and registers, for each
 * without an environment of its own, the check that nothing is left.
 * Returns the runs by case name, for further checks.
 */
export function runEndCases(cases: readonly Case[]): Map<string, { run: JestRun; root: string }> {
  const projects: Partial<Record<JestMajor, Project>> = {};
  const runs = new Map<string, { run: JestRun; root: string }>();

  beforeAll(async () => {
    for (const jest of new Set(cases.map((c) => c.jest))) projects[jest] = jestProject(FILES, jest);
    await inParallel(
      2,
      cases.map((c, index) => async () => {
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

  describe.each(cases.filter((c) => c.env === undefined).map((c) => c.name))('%s', (name) => {
    test('KEEP_TMP unset: no test data is left anywhere under the root', () => {
      const { run, root } = runs.get(name)!;
      expect(run.suiteFailures).toEqual([]);
      expect(run.testCount).toBe(24);
      expect([...run.tests.values()].filter((t) => t.status === 'failed')).toHaveLength(6);
      expect(run.code).toBe(1);
      expect(leftovers(root)).toEqual([]);
    });
  });
  return runs;
}
