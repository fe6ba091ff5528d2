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
import { nodeTestProject, type Project, runNodeTest, WITHOUT_REPORTER } from './helpers.js';

const TAG = `leak-${process.pid}-${Date.now()}`;

const LEAKY = `import { test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tmpDir } from 'node-test-temp';

test('writes cache', () => {
  fs.writeFileSync(path.join(os.tmpdir(), '${TAG}-cache.json'), '{}');
});
test('uses its dir and leaks', (t) => {
  fs.writeFileSync(path.join(tmpDir(t), 'mine'), 'x');
  fs.mkdirSync(path.join(os.tmpdir(), '${TAG}-dir'));
});
test('clean', (t) => {
  fs.writeFileSync(path.join(tmpDir(t), 'mine'), 'x');
});
`;

/** node:test under the names the hostile file uses (Jest's and Vitest's). */
const HOSTILE = hostileLeakTests({
  prelude: `import { after, before, test as nodeTest } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tmpDir } from 'node-test-temp';
const beforeAll = before;
const afterAll = after;
const test = Object.assign((title, fn) => nodeTest(title, fn), {
  concurrent: {
    each: (rows) => (title, fn) =>
      nodeTest('concurrent', { concurrency: true }, (t) =>
        Promise.all(rows.map((row) => t.test(title.replace('%i', row), () => fn(row))))),
  },
});`,
  tag: TAG,
  withDir: (title) => `test(${JSON.stringify(title)}, (t) => {\n  const dir = tmpDir(t);`,
});

/** `title → passed/failed` from spec's `✔ title (…)` / `✖ title (…)` lines (failures listed again at the end). */
function statuses(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^\s*([✔✖]) (.+) \([\d.]+ms\)$/.exec(line);
    if (match) found[match[2]!] = match[1] === '✔' ? 'passed' : 'failed';
  }
  return found;
}

let project: Project;
beforeAll(() => {
  project = nodeTestProject({ 'test/leaky.test.mjs': LEAKY, 'test/hostile.test.mjs': HOSTILE });
});
afterAll(() => project.remove());

describe('TEMP_FIXTURES_LEAKS', () => {
  test('report: each leak is reported with its test, the run passes, nothing remains', async () => {
    const root = siblingRoot(project, 'report');
    const run = await runNodeTest(project, 22, [...WITHOUT_REPORTER, 'test/leaky.test.mjs'], {
      env: { TEMP_FIXTURES_ROOT: root, TEMP_FIXTURES_LEAKS: 'report' },
    });
    expect(run.code, run.output).toBe(0);
    const lines = run.output.split('\n').filter((line) => line.includes('leaked'));
    expect(lines.map((line) => line.trim()).sort()).toEqual(
      [
        `temp-fixtures: test/leaky.test.mjs > uses its dir and leaks leaked 1 entry into os.tmpdir(): ${TAG}-dir`,
        `temp-fixtures: test/leaky.test.mjs > writes cache leaked 1 entry into os.tmpdir(): ${TAG}-cache.json`,
      ].sort(),
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
    expect(leftovers(root)).toEqual([]);
  });

  test('fail: the leaking tests fail with the leak in their message, the clean one passes', async () => {
    const root = siblingRoot(project, 'fail');
    const run = await runNodeTest(project, 24, [...WITHOUT_REPORTER, 'test/leaky.test.mjs'], {
      env: { TEMP_FIXTURES_ROOT: root, TEMP_FIXTURES_LEAKS: 'fail' },
    });
    expect(run.code, run.output).toBe(1);
    expect(statuses(run.stdout)).toEqual({
      'writes cache': 'failed',
      'uses its dir and leaks': 'failed',
      clean: 'passed',
    });
    expect(run.stdout).toContain(
      `leaked 1 entry into os.tmpdir(): ${TAG}-cache.json (leaks: 'fail')`,
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
  });
});

describe('hostile and misattributed leaks', () => {
  test('nothing outside the run is touched, and each leak is its maker’s', async () => {
    const root = siblingRoot(project, 'hostile');
    const { dir: victim, before } = plantVictim(path.dirname(root));
    const run = await runNodeTest(project, 26, [...WITHOUT_REPORTER, 'test/hostile.test.mjs'], {
      env: {
        TEMP_FIXTURES_ROOT: root,
        TEMP_FIXTURES_LEAKS: 'fail',
        KEEP_TMP: '1',
        VICTIM: victim,
      },
    });
    expect(run.code, run.output).toBe(1);
    expect(snapshotTree(victim)).toEqual(before);
    expect(statuses(run.stdout)).toEqual({
      ...HOSTILE_LEAK_VERDICTS,
      // node:test's concurrent tests are subtests of one test of that name.
      concurrent: 'passed',
    });
    const lines = run.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('temp-fixtures: test/hostile.test.mjs > '));
    expect(lines).toEqual(expect.arrayContaining(hostileLeakLines('test/hostile.test.mjs', TAG)));
    expect(leakedAnywhere(root, TAG).filter((entry) => !entry.includes('os-tmpdir-leaks'))).toEqual(
      [],
    );
  });
});
