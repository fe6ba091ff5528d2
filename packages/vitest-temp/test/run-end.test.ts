/**
 * Nothing is left when a run ends (KEEP_TMP unset): once the Vitest process
 * has exited, no byte of any test dir remains anywhere under the root —
 * dot-folders (the trash) included, timed-out tests' dirs included — in
 * every pool, with and without the plugin, on Vitest 3.2, 4 and 5 (on Node
 * 22, which Vitest 5 needs). Vitest ends forked workers with
 * SIGTERM and worker threads without any exit event, so this holds only
 * because each test file settles its dirs before Vitest hears it is done.
 */
import path from 'node:path';
import { leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  onlyRun,
  PLUGIN_CONFIG,
  siblingRoot,
  VITEST_MAJORS,
  vitest,
  vitestProject,
} from './support/e2e.js';

/**
 * Passing tests with enough files that their background deletion takes a
 * while, a failing one, a timed-out one whose body outlives the timeout,
 * and a passing one last (its deletion is what an abrupt end cuts off).
 */
function testFile(label: string): string {
  return `${IMPORT}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const many = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => ['d' + i, { 'a.txt': 'a'.repeat(2000), b: { 'c.txt': 'c' } }]),
);
for (let i = 0; i < 5; i++) {
  test('${label} passes ' + i, async ({ tmp }) => {
    await tmp.tree(many);
  });
}
test('${label} fails', async ({ tmp }) => {
  await tmp.write('x.txt', 'x');
  expect(1).toBe(2);
});
test('${label} times out', { timeout: 100 }, async ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'slow.txt'), 'slow');
  await sleep(400);
});
test('${label} passes last', async ({ tmp, tmpFile }) => {
  await tmp.tree(many);
  fs.writeFileSync(tmpFile, 'last');
});
`;
}

const SUMMARY = 'Tests  4 failed | 12 passed (16)';

const FILES = {
  'one.test.js': testFile('one'),
  'two.test.js': testFile('two'),
  'vitest.config.js': PLUGIN_CONFIG,
  'bare.config.js': BARE_CONFIG,
};

/** Runs at once on 2 shared cores can take seconds per test: only the timeout test may time out. */
const SLOW_OK = ['--testTimeout', '60000'];

let project: Project;

beforeAll(() => {
  project = vitestProject(FILES);
});
afterAll(() => project.remove());

describe.each(VITEST_MAJORS)('$name', (major) => {
  let majorProject: Project;
  beforeAll(() => {
    majorProject = major === VITEST_MAJORS[0] ? project : vitestProject(FILES, major);
  });
  afterAll(() => {
    if (majorProject !== project) majorProject.remove();
  });

  test('KEEP_TMP=1 without the plugin: only the kept dirs are left, the timed-out one among them', async () => {
    const root = siblingRoot(majorProject, 'kept-bare');
    const result = await vitest(majorProject, {
      root,
      node: major.node?.(),
      args: ['--config', 'bare.config.js', ...SLOW_OK],
      env: { KEEP_TMP: '1' },
    });
    expect(result.output).toContain(SUMMARY);
    expect(result.output).toContain(` RUN  v${major.version}`);
    const entries = keptEntries(onlyRun(root));
    expect(entries.map((e) => e.name)).toEqual([
      'one fails',
      'one times out',
      'two fails',
      'two times out',
    ]);
    const kept = entries.map((e) => e.path);
    expect(leftovers(root, kept)).toEqual([]);
    // The kept dirs themselves are whole.
    expect(leftovers(root).filter((entry) => entry.endsWith('slow.txt'))).toHaveLength(2);
  });

  describe.concurrent.each(['forks', 'threads', 'vmThreads', 'vmForks'])('pool %s', (pool) => {
    for (const plugin of [true, false]) {
      test(`KEEP_TMP unset, ${plugin ? 'with' : 'without'} the plugin: no test data is left`, async () => {
        const root = siblingRoot(majorProject, `${pool}-${plugin ? 'plugin' : 'bare'}`);
        const args = [
          '--pool',
          pool,
          ...(plugin ? [] : ['--config', 'bare.config.js']),
          ...SLOW_OK,
        ];
        const result = await vitest(majorProject, { root, args, node: major.node?.() });
        expect(result.output).toContain(SUMMARY);
        expect(result.code).toBe(1);
        expect(leftovers(root)).toEqual([]);
      });
    }
  });
});

test('stress: 10 runs without the plugin, 2 at once, leave no test data', async () => {
  const roots = Array.from({ length: 10 }, (_, i) => siblingRoot(project, `stress-${i}`));
  const results = await Promise.all(
    roots.map((root) =>
      vitest(project, { root, args: ['--config', 'bare.config.js', ...SLOW_OK] }),
    ),
  );
  for (const result of results) expect(result.output).toContain(SUMMARY);
  const dirty = roots
    .map((root) => ({ run: path.basename(root), left: leftovers(root) }))
    .filter(({ left }) => left.length > 0);
  expect(dirty).toEqual([]);
}, 300_000);
