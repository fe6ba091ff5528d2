/**
 * `fileTmpDir()`: the dir shared by the tests of one file, usable from
 * `beforeAll`, through the real Jest binary. Under KEEP_TMP=1 it is kept
 * (named `<file> > (file)`) when a test of the file failed, a test that used
 * no fixture included; otherwise nothing of it is left when Jest exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { keptLinePaths, leftovers, siblingRoot } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jestProject, type Project, runJest, statuses } from './helpers.js';

const file = (failing: boolean) => `const fs = require('node:fs');
const path = require('node:path');
const { fileTmpDir, tmpDir } = require('jest-temp');
let shared;
beforeAll(() => {
  shared = fileTmpDir();
  fs.writeFileSync(path.join(shared, 'setup.txt'), 'made in beforeAll');
});
test('reads what beforeAll wrote', () => {
  expect(fileTmpDir()).toBe(shared);
  expect(fs.readFileSync(path.join(shared, 'setup.txt'), 'utf8')).toBe('made in beforeAll');
  expect(tmpDir()).not.toBe(shared);
});
test('${failing ? 'fails without a fixture' : 'passes too'}', () => {
  expect(${failing ? '1' : '2'}).toBe(2);
});
`;

let project: Project;
beforeAll(() => {
  project = jestProject({ 'test/fails.test.js': file(true), 'test/passes.test.js': file(false) });
});
afterAll(() => project.remove());

describe('fileTmpDir()', () => {
  test('KEEP_TMP=1: the failing file’s shared dir is kept and reported, the passing file’s removed', async () => {
    const root = siblingRoot(project, 'file-dir');
    const run = await runJest(project, ['-i'], { root, env: { KEEP_TMP: '1' } });
    expect(run.code, run.output).toBe(1);
    expect(statuses(run)['fails without a fixture']).toBe('failed');
    const shared = run.output
      .split('\n')
      .filter((line) => line.includes('test/fails.test.js > (file)'));
    expect(shared, run.output).toHaveLength(1);
    const kept = keptLinePaths(run.output);
    const dir = kept.find((p) => path.basename(p).startsWith('file-'))!;
    expect(fs.readFileSync(path.join(dir, 'setup.txt'), 'utf8')).toBe('made in beforeAll');
    expect(run.output).not.toContain('test/passes.test.js > (file)');
    expect(leftovers(root, kept)).toEqual([]);
  }, 120_000);
});
