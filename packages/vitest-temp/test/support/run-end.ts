/**
 * The run-end scenarios (see test/run-end.test.ts) shared by the default
 * loop and the stress command: the generated files and the per-major tests.
 */
import { leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  onlyRun,
  PLUGIN_CONFIG,
  siblingRoot,
  type VitestMajor,
  vitest,
  vitestProject,
} from './e2e.js';

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

export const SUMMARY = 'Tests  4 failed | 12 passed (16)';

export const FILES = {
  'one.test.js': testFile('one'),
  'two.test.js': testFile('two'),
  'vitest.config.js': PLUGIN_CONFIG,
  'bare.config.js': BARE_CONFIG,
};

/** Runs at once on 2 shared cores can take seconds per test: only the timeout test may time out. */
export const SLOW_OK = ['--testTimeout', '60000'];

/**
 * Registers, for `major`, what a run must leave: with KEEP_TMP=1 only the
 * kept dirs (when `keep`), and with KEEP_TMP unset nothing, in every pool,
 * with and without the plugin (when `pools`).
 */
export function runEndScenarios(
  major: VitestMajor,
  parts: { keep: boolean; pools: boolean },
): void {
  describe(major.name, () => {
    let majorProject: Project;
    beforeAll(() => {
      majorProject = vitestProject(FILES, major);
    });
    afterAll(() => majorProject.remove());

    if (parts.keep) {
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
    }

    if (parts.pools) {
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
    }
  });
}
