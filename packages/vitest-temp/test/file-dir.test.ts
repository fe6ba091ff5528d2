/**
 * `fileTmpDir`: the dir shared by the tests of one file, through the real
 * Vitest binary. The same dir in every test of the file; under KEEP_TMP=1
 * kept (named `<file> > (file)`) when a test of the file that used a
 * fixture failed, otherwise nothing of it is left when Vitest exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { keptLinePaths, leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  PLUGIN_CONFIG,
  siblingRoot,
  vitest,
  vitestProject,
} from './support/e2e.js';

const file = (failing: boolean) => `${IMPORT}
let first;
test('writes into the shared dir', ({ fileTmpDir, tmpDir }) => {
  first = fileTmpDir;
  fs.writeFileSync(path.join(fileTmpDir, 'shared.txt'), 'from the first test');
  expect(tmpDir).not.toBe(fileTmpDir);
});
test('${failing ? 'reads it, then fails' : 'reads it'}', ({ fileTmpDir }) => {
  expect(fileTmpDir).toBe(first);
  expect(fs.readFileSync(path.join(fileTmpDir, 'shared.txt'), 'utf8')).toBe('from the first test');
  expect(${failing ? 1 : 2}).toBe(2);
});
`;

let project: Project;
beforeAll(() => {
  project = vitestProject({
    'fails.test.js': file(true),
    'passes.test.js': file(false),
    'vitest.config.js': PLUGIN_CONFIG,
    'bare.config.js': BARE_CONFIG,
  });
});
afterAll(() => project.remove());

test.concurrent.each([
  { name: 'with the plugin', args: [] },
  { name: 'without the plugin', args: ['--config', 'bare.config.js'] },
])('$name: KEEP_TMP=1 keeps the failing file’s shared dir, removes the other', async ({ args }) => {
  const root = siblingRoot(project, `file-dir-${args.length}`);
  const result = await vitest(project, {
    root,
    args: [...args, '--testTimeout', '60000'],
    env: { KEEP_TMP: '1' },
  });
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain('Tests  1 failed | 3 passed (4)');
  const kept = keptLinePaths(result.output);
  const lines = result.output
    .split('\n')
    .filter((line) => line.startsWith('temp-fixtures: kept /') && line.includes('> (file)'));
  expect(lines, result.output).toHaveLength(1);
  expect(lines[0]).toContain('fails.test.js > (file)');
  const shared = kept.find((p) => path.basename(p).startsWith('file-'))!;
  expect(fs.readFileSync(path.join(shared, 'shared.txt'), 'utf8')).toBe('from the first test');
  expect(leftovers(root, kept)).toEqual([]);
});
