import path from 'node:path';
import {
  HOSTILE_LEAK_VERDICTS,
  hostileLeakLines,
  hostileLeakTests,
  leakedAnywhere,
  leftovers,
  plantVictim,
  siblingRoot,
  snapshotTree,
} from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jestProject, type Project, runJest, statuses } from './helpers.js';

const TAG = `leak-${process.pid}-${Date.now()}`;

const LEAKY = `const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { tmpDir } = require('jest-temp');

test('writes cache', () => {
  fs.writeFileSync(path.join(os.tmpdir(), '${TAG}-cache.json'), '{}');
});
test('spawns a leaker', () => {
  spawnSync(process.execPath, ['-e', "require('fs').writeFileSync(require('path').join(require('os').tmpdir(), '${TAG}-child'), 'x')"]);
});
test('uses its dir and leaks', () => {
  fs.writeFileSync(path.join(tmpDir(), 'mine'), 'x');
  fs.mkdirSync(path.join(os.tmpdir(), '${TAG}-dir'));
});
test('clean', () => {
  fs.writeFileSync(path.join(tmpDir(), 'mine'), 'x');
});
`;

let project: Project;

beforeAll(() => {
  project = jestProject({ 'test/leaky.test.js': LEAKY });
});
afterAll(() => project.remove());

describe('TEMP_FIXTURES_LEAKS', () => {
  test.each([
    ['in band', ['-i']],
    ['workers', ['-w', '2']],
    ['worker threads', ['-w', '2', '--workerThreads']],
  ])(
    'report (%s): each leak is reported with its test, the run passes, nothing remains',
    async (label, mode) => {
      const root = siblingRoot(project, `report-${label.replace(' ', '-')}`);
      const run = await runJest(project, [...mode, '--testTimeout', '60000'], {
        root,
        env: { TEMP_FIXTURES_LEAKS: 'report' },
      });
      expect(run.code).toBe(0);
      const lines = run.output.split('\n').filter((line) => line.includes('leaked'));
      expect(lines.map((line) => line.trim()).sort()).toEqual(
        [
          `temp-fixtures: test/leaky.test.js > spawns a leaker leaked 1 entry into os.tmpdir(): ${TAG}-child`,
          `temp-fixtures: test/leaky.test.js > uses its dir and leaks leaked 1 entry into os.tmpdir(): ${TAG}-dir`,
          `temp-fixtures: test/leaky.test.js > writes cache leaked 1 entry into os.tmpdir(): ${TAG}-cache.json`,
        ].sort(),
      );
      expect(leakedAnywhere(root, TAG)).toEqual([]);
      expect(leftovers(root)).toEqual([]);
    },
    120_000,
  );

  test('fail: the leaking tests fail with the leak in their message, the clean one passes', async () => {
    const root = siblingRoot(project, 'fail');
    const run = await runJest(project, ['-i', '--testTimeout', '60000'], {
      root,
      env: { TEMP_FIXTURES_LEAKS: 'fail' },
    });
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual({
      'writes cache': 'failed',
      'spawns a leaker': 'failed',
      'uses its dir and leaks': 'failed',
      clean: 'passed',
    });
    expect(run.tests.get('writes cache')?.failureMessages.join('\n')).toContain(
      `leaked 1 entry into os.tmpdir(): ${TAG}-cache.json (leaks: 'fail')`,
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
  }, 120_000);
});

/**
 * Hostile and misattributed leaks: a test swapping its os.tmpdir() for a
 * link, a planted `os-tmpdir-leaks` link, module-level and hook leaks,
 * concurrent tests, under `leaks: 'fail'` with KEEP_TMP=1.
 */
const HOSTILE = hostileLeakTests({
  prelude: `const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { tmpDir } = require('jest-temp');`,
  tag: TAG,
  withDir: (title) => `test(${JSON.stringify(title)}, () => {\n  const dir = tmpDir();`,
});

describe('hostile and misattributed leaks', () => {
  let own: Project;
  beforeAll(() => {
    own = jestProject({ 'test/hostile.test.js': HOSTILE });
  });
  afterAll(() => own.remove());

  test('nothing outside the run is touched, and each leak is its maker’s', async () => {
    const root = siblingRoot(own, 'hostile');
    const { dir: victim, before } = plantVictim(path.dirname(root));
    const run = await runJest(own, ['-i', '--testTimeout', '60000'], {
      root,
      env: { TEMP_FIXTURES_LEAKS: 'fail', KEEP_TMP: '1', VICTIM: victim },
    });
    expect(run.code, run.output).toBe(1);
    expect(snapshotTree(victim)).toEqual(before);
    expect(statuses(run)).toEqual({
      ...HOSTILE_LEAK_VERDICTS,
    });
    const lines = run.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('temp-fixtures: test/hostile.test.js > '));
    expect(lines).toEqual(expect.arrayContaining(hostileLeakLines('test/hostile.test.js', TAG)));
    expect(leakedAnywhere(root, TAG).filter((entry) => !entry.includes('os-tmpdir-leaks'))).toEqual(
      [],
    );
  }, 120_000);
});
