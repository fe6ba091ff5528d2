/**
 * The plugin wherever Vitest users put it in a config with `test.projects`:
 * at the root only (with and without `extends: true` in the projects), in
 * each project only, and in both. Every way gives one run, closed at the
 * end with one summary naming every project's kept dir, and nothing else
 * left under the root (no claim, no unclosed run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IMPORT, keptEntries, onlyRun, siblingRoot, vitest, vitestProject } from './support/e2e.js';

const FAILS = (label: string) => `${IMPORT}
test('${label} passes', async ({ tmp }) => { await tmp.write('ok.txt', 'ok'); });
test('${label} fails', async ({ tmp }) => { await tmp.write('x.txt', '${label}'); expect(1).toBe(2); });
`;

const PLUGIN = 'tempFixturesPlugin({ retainRuns: 2 })';
const project = (name: string, options: { extends?: boolean; plugin?: boolean }) =>
  `{ ${options.extends ? 'extends: true, ' : ''}${options.plugin ? `plugins: [${PLUGIN}], ` : ''}test: { name: '${name}', include: ['${name}/**/*.test.js'] } }`;
const config = (
  root: boolean,
  each: { extends?: boolean; plugin?: boolean },
) => `import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({
  ${root ? `plugins: [${PLUGIN}],` : ''}
  test: { projects: [${project('a', each)}, ${project('b', each)}] },
});
`;

const CONFIGS = {
  'root only': config(true, {}),
  'root only, projects extend it': config(true, { extends: true }),
  'each project only': config(false, { plugin: true }),
  'root and each project': config(true, { plugin: true }),
};

let projectDir: Project;
beforeAll(() => {
  projectDir = vitestProject({
    'a/a.test.js': FAILS('a'),
    'b/b.test.js': FAILS('b'),
    ...Object.fromEntries(Object.values(CONFIGS).map((source, i) => [`config-${i}.js`, source])),
  });
});
afterAll(() => projectDir.remove());

describe.concurrent('tempFixturesPlugin() with test.projects', () => {
  test.each(Object.keys(CONFIGS).map((name, i) => ({ name, i })))(
    '$name: one run, one summary with both projects, nothing else left',
    async ({ i }) => {
      const root = siblingRoot(projectDir, `projects-${i}`);
      const result = await vitest(projectDir, {
        root,
        args: ['--config', `config-${i}.js`, '--testTimeout', '60000'],
        env: { KEEP_TMP: '1' },
      });
      const out = result.output;
      expect(result.code, out).toBe(1);
      expect(out).toContain('Tests  2 failed | 2 passed (4)');
      const run = onlyRun(root);
      const summaries = out
        .split('\n')
        .filter((line) => /^temp-fixtures: kept \d+ temp dir/.test(line));
      expect(summaries, out).toEqual([
        `temp-fixtures: kept 2 temp dirs (listed in ${path.join(run, 'kept.json')}):`,
      ]);
      const kept = keptEntries(run).map((e) => e.path);
      expect(kept.map((dir) => fs.readFileSync(path.join(dir, 'x.txt'), 'utf8')).sort()).toEqual([
        'a',
        'b',
      ]);
      expect(leftovers(root, kept)).toEqual([]);
      // The run was closed: its marker says so, and no claim is left.
      expect(JSON.parse(fs.readFileSync(path.join(run, '.run.json'), 'utf8')).finished).toBe(true);
      expect(fs.readdirSync(root).filter((n) => n.startsWith('claim-'))).toEqual([]);
    },
  );
});
