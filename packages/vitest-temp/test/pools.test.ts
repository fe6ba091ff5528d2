/**
 * Every Vitest pool: the failed test's dir is kept and reported, and all
 * workers of one run share one run dir — through the plugin's injected run
 * id, and without the plugin through the runner's process id (the parent
 * of a forked worker, the process itself for worker threads).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  keptLines,
  onlyRun,
  PLUGIN_CONFIG,
  siblingRoot,
  testDirs,
  vitest,
  vitestProject,
} from './support/e2e.js';

function testFile(label: string): string {
  return `${IMPORT}
test('${label} passes', async ({ tmp }) => {
  await tmp.write('ok.txt', 'ok');
});
test('${label} fails', async ({ tmp }) => {
  await tmp.write('pid.txt', String(process.pid));
  expect('${label}').toBe('something else');
});
`;
}

let project: Project;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

beforeAll(() => {
  project = vitestProject({
    'one.test.js': testFile('one'),
    'two.test.js': testFile('two'),
    'vitest.config.js': PLUGIN_CONFIG,
    'bare.config.js': BARE_CONFIG,
  });
});
afterAll(() => project.remove());

describe.concurrent.each(['forks', 'threads', 'vmThreads', 'vmForks'])('pool %s', (pool) => {
  for (const plugin of [true, false]) {
    test(plugin ? 'with the plugin' : 'without the plugin', async () => {
      const root = siblingRoot(project, `${pool}-${plugin ? 'plugin' : 'bare'}`);
      const args = ['--pool', pool, ...(plugin ? [] : ['--config', 'bare.config.js'])];
      const result = await vitest(project, { root, args, env: { KEEP_TMP: '1' } });
      expect(result.code).toBe(1);
      expect(result.output).toContain('Tests  2 failed | 2 passed (4)');
      const run = onlyRun(root);
      const entries = keptEntries(run);
      expect(entries.map(({ file, name }) => `${file} > ${name}`)).toEqual([
        'one.test.js > one fails',
        'two.test.js > two fails',
      ]);
      expect(testDirs(run)).toEqual(entries.map((e) => path.relative(run, e.path)).sort());
      for (const entry of entries) expect(fs.readdirSync(entry.path)).toEqual(['pid.txt']);
      expect(keptLines(result.output).sort()).toEqual(
        entries.map((e) => `temp-fixtures: kept ${e.path} [failed] ${e.file} > ${e.name}`).sort(),
      );
      const summary = result.stderr.includes('temp-fixtures: kept 2 temp dirs');
      expect(summary).toBe(plugin);
      // The run belongs to Vitest's main process (gone now), not to a worker
      // or to whoever started Vitest (this test, still alive).
      const marker = JSON.parse(fs.readFileSync(path.join(run, '.run.json'), 'utf8'));
      expect(marker.pid).not.toBe(process.pid);
      expect(isAlive(marker.pid)).toBe(false);
    });
  }
});
