/**
 * Nothing is left when a run ends (KEEP_TMP unset): once the Jest process
 * has exited, no byte of any test dir remains anywhere under the root —
 * dot-folders (the trash) included, timed-out tests' dirs included — in
 * band, with process workers and with worker threads (ended without an exit
 * event), with and without the reporter. It holds because the environment's
 * `teardown()` settles the file's dirs. Here: Jest 30 in every mode and a
 * Jest 29 smoke (workers, with the reporter); Jest 29's other modes are in
 * run-end.stress.test.ts (`pnpm test:stress`, run by CI).
 */
import { leftovers, siblingRoot } from '@temp-fixtures/test-support';
import { expect, test } from 'vitest';
import { jestConfig, jestProject, readKeptJson, runDirs, runJest } from './helpers.js';
import { CASES, runEndCases } from './support/run-end.js';

const JEST_29_SMOKE = 'Jest 29 workers, with the reporter';

const runs = runEndCases(CASES.filter((c) => c.jest === 30 || c.name === JEST_29_SMOKE));

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
