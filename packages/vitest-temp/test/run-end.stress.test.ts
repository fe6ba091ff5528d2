/**
 * Stress (`pnpm test:stress`, run by CI) of test/run-end.test.ts: every pool,
 * with and without the plugin, on the other Vitest majors (3.2, and 5 on
 * Node 22), and 10 runs without the plugin, 2 at once.
 */
import path from 'node:path';
import { leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { siblingRoot, VITEST_MAJORS, vitest, vitestProject } from './support/e2e.js';
import { FILES, runEndScenarios, SLOW_OK, SUMMARY } from './support/run-end.js';

for (const major of VITEST_MAJORS.slice(1)) runEndScenarios(major, { keep: false, pools: true });

let project: Project;
beforeAll(() => {
  project = vitestProject(FILES);
});
afterAll(() => project.remove());

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
