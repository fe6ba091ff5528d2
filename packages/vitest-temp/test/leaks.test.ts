/**
 * Leak detection with the real Vitest binary: the code under test (and a
 * child it spawns) writes into `os.tmpdir()`; under `report` the leaks are
 * reported by test name, under `fail` those tests fail, a clean test passes,
 * and nothing leaked remains after the run, in the real temp dir or the root.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  hostileLeakLines,
  hostileLeakTests,
  keptLinePaths,
  leakedAnywhere,
  leftovers,
  type Project,
  plantVictim,
  snapshotTree,
} from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BARE_CONFIG, IMPORT, siblingRoot, vitest, vitestProject } from './support/e2e.js';

const TAG = `leak-${process.pid}-${Date.now()}`;

const LEAKY = `${IMPORT}
import os from 'node:os';
import { spawnSync } from 'node:child_process';

test('writes cache', () => {
  fs.writeFileSync(path.join(os.tmpdir(), '${TAG}-cache.json'), '{}');
});
test('spawns a leaker', () => {
  spawnSync(process.execPath, ['-e', "require('fs').writeFileSync(require('path').join(require('os').tmpdir(), '${TAG}-child'), 'x')"]);
});
test('uses its dir and leaks', ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'mine'), 'x');
  fs.mkdirSync(path.join(os.tmpdir(), '${TAG}-dir'));
});
test('clean', ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'mine'), 'x');
});
`;

const CLEAN = `${IMPORT}
test('clean one', ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'mine'), 'x');
});
test('clean two', () => {});
`;

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'leaky.test.js': LEAKY,
    'clean.test.js': CLEAN,
    'vitest.config.js': BARE_CONFIG,
  });
});
afterAll(() => project.remove());

describe.concurrent('TEMP_FIXTURES_LEAKS', () => {
  test('report: each leak is reported with its test, the run passes, nothing remains', async () => {
    const root = siblingRoot(project, 'report');
    const result = await vitest(project, {
      root,
      args: ['--testTimeout', '60000'],
      env: { TEMP_FIXTURES_LEAKS: 'report' },
    });
    expect(result.code).toBe(0);
    const lines = result.output.split('\n').filter((line) => line.includes('leaked'));
    expect(lines.sort()).toEqual(
      [
        `temp-fixtures: leaky.test.js > spawns a leaker leaked 1 entry into os.tmpdir(): ${TAG}-child`,
        `temp-fixtures: leaky.test.js > uses its dir and leaks leaked 1 entry into os.tmpdir(): ${TAG}-dir`,
        `temp-fixtures: leaky.test.js > writes cache leaked 1 entry into os.tmpdir(): ${TAG}-cache.json`,
      ].sort(),
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
    expect(leftovers(root)).toEqual([]);
  });

  test.each(['threads', 'vmThreads', 'vmForks'])(
    'report in the %s pool: the same leaks, by the same names',
    async (pool) => {
      const root = siblingRoot(project, `report-${pool}`);
      const result = await vitest(project, {
        root,
        args: ['--pool', pool, '--testTimeout', '60000'],
        env: { TEMP_FIXTURES_LEAKS: 'report' },
      });
      expect(result.code).toBe(0);
      const leaked = result.output.split('\n').filter((line) => line.includes('leaked'));
      expect(leaked.map((line) => line.replace(/ leaked .*/, '')).sort()).toEqual([
        'temp-fixtures: leaky.test.js > spawns a leaker',
        'temp-fixtures: leaky.test.js > uses its dir and leaks',
        'temp-fixtures: leaky.test.js > writes cache',
      ]);
      expect(leakedAnywhere(root, TAG)).toEqual([]);
    },
  );

  test('fail: the leaking tests fail with the leak named, the clean ones pass', async () => {
    const root = siblingRoot(project, 'fail');
    const result = await vitest(project, {
      root,
      args: ['--testTimeout', '60000'],
      env: { TEMP_FIXTURES_LEAKS: 'fail' },
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Tests  3 failed | 3 passed (6)');
    // Each failure is printed once.
    expect(result.output.split(' FAIL  leaky.test.js > writes cache\n')).toHaveLength(2);
    expect(result.output).toContain('Failed Tests 3 ');
    expect(result.output).toContain('[3/3]');
    expect(result.output).toContain(
      `leaked 1 entry into os.tmpdir(): ${TAG}-cache.json (leaks: 'fail')`,
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
  });

  test('off (default): os.tmpdir() is left alone and nothing is reported', async () => {
    const root = siblingRoot(project, 'off');
    const result = await vitest(project, { root, args: ['clean', '--testTimeout', '60000'] });
    expect(result.code).toBe(0);
    expect(result.output).not.toContain('leaked');
  });

  test('a bad value stops the run, naming the accepted values', async () => {
    const root = siblingRoot(project, 'bad');
    const result = await vitest(project, { root, env: { TEMP_FIXTURES_LEAKS: 'loud' } });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("TEMP_FIXTURES_LEAKS must be one of 'off', 'report', 'fail'");
  });
});

describe.concurrent('leaks set without the variable', () => {
  const WRITES = `fs.writeFileSync(path.join(os.tmpdir(), '${TAG}-' + Math.random().toString(36).slice(2)), 'x');`;
  let own: Project;
  beforeAll(() => {
    own = vitestProject({
      // The default test, configured by the plugin only.
      'by-plugin/leaky.test.js': `${IMPORT}import os from 'node:os';\ntest('leaks', () => { ${WRITES} });\n`,
      // A base test of the user's own, configured by its option only.
      'by-option/leaky.test.js': `import { test as base } from 'vitest';
import { tempFixtures } from 'vitest-temp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const test = base.extend(tempFixtures({ leaks: 'report' }));
test('leaks', () => { ${WRITES} });
`,
      'vitest.config.js': BARE_CONFIG,
      'plugin.config.js': `import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({ plugins: [tempFixturesPlugin({ leaks: 'report' })] });
`,
    });
  });
  afterAll(() => own.remove());

  test.each([
    { by: 'the plugin', args: ['by-plugin', '--config', 'plugin.config.js'] },
    { by: "tempFixtures()'s option", args: ['by-option'] },
  ])('$by: the leak is reported and removed', async ({ args }) => {
    const root = siblingRoot(own, `own-${args[0]}`);
    const result = await vitest(own, { root, args: [...args, '--testTimeout', '60000'] });
    expect(result.code, result.output).toBe(0);
    const leaked = result.output.split('\n').filter((line) => line.includes(' leaked '));
    expect(leaked).toHaveLength(1);
    expect(leaked[0]).toMatch(
      new RegExp(
        `^temp-fixtures: ${args[0]}/leaky\\.test\\.js > leaks leaked 1 entry into os\\.tmpdir\\(\\): ${TAG}-`,
      ),
    );
    expect(leakedAnywhere(root, TAG)).toEqual([]);
  });
});

/**
 * Hostile and misattributed leaks (issue: leak detection writes outside the
 * run, blames the wrong test, misses module-level and hook leaks), under
 * `leaks: 'fail'` with KEEP_TMP=1, the plugin on.
 */
const HOSTILE = `${hostileLeakTests({
  prelude: `import { test, expect, beforeAll, afterAll } from 'vitest-temp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';`,
  tag: TAG,
  withDir: (title) => `test(${JSON.stringify(title)}, ({ tmpDir: dir }) => {`,
})}
test('sets TMPDIR', () => {
  process.env.TMPDIR = process.env.VICTIM;
});
test('after TMPDIR', () => leak(os.tmpdir(), 'after-env'));
test('fails with locked leaks', ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'mine'), 'x');
  for (const [name, mode] of [['locked', 0o000], ['read-only', 0o500]]) {
    const dir = path.join(os.tmpdir(), '${TAG}-' + name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'inside'), name);
    fs.chmodSync(dir, mode);
  }
  expect(1).toBe(2);
});
`;

describe('hostile and misattributed leaks, with the plugin', () => {
  let own: Project;
  beforeAll(() => {
    own = vitestProject({
      'hostile.test.js': HOSTILE,
      'vitest.config.js': `import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({ plugins: [tempFixturesPlugin({ leaks: 'fail' })] });
`,
    });
  });
  afterAll(() => own.remove());

  test('nothing outside the run is touched; each leak is its maker’s; the failed test keeps its own', async () => {
    const root = siblingRoot(own, 'hostile');
    const { dir: victim, before } = plantVictim(path.dirname(root));
    const result = await vitest(own, {
      root,
      args: ['--reporter', 'verbose', '--testTimeout', '60000'],
      env: { VICTIM: victim, KEEP_TMP: '1' },
    });
    const out = result.output;
    expect(result.code, out).toBe(1);
    expect(snapshotTree(victim)).toEqual(before);
    const mark = (title: string) =>
      out
        .split('\n')
        .find((line) => line.includes(` ${title}`) && /[✓×]/.test(line))
        ?.trim()[0];
    const marks = {
      innocent: '✓',
      'concurrent 1': '✓',
      'swaps its os.tmpdir() for a link': '✓',
      'sets TMPDIR': '✓',
      'module constant': '×',
      'after the swap': '×',
      'plants a link as os-tmpdir-leaks': '×',
      'after TMPDIR': '×',
    };
    expect(Object.fromEntries(Object.keys(marks).map((title) => [title, mark(title)]))).toEqual(
      marks,
    );
    const lines = out
      .split('\n')
      .filter((line) => /^temp-fixtures: hostile\.test\.js > /.test(line));
    expect(lines).toEqual(
      expect.arrayContaining([
        ...hostileLeakLines('hostile.test.js', TAG),
        `temp-fixtures: hostile.test.js > module constant leaked 1 entry into os.tmpdir(): ${TAG}-constant`,
        `temp-fixtures: hostile.test.js > after the swap leaked 1 entry into os.tmpdir(): ${TAG}-after-swap`,
        'temp-fixtures: hostile.test.js > sets TMPDIR changed process.env.TMPDIR (restored)',
        `temp-fixtures: hostile.test.js > after TMPDIR leaked 1 entry into os.tmpdir(): ${TAG}-after-env`,
      ]),
    );
    expect(lines.filter((line) => line.includes('innocent'))).toEqual([]);
    // The failed test's dir is kept with its leaks, permission-less dirs and their content included.
    const kept = keptLinePaths(out).filter((dir) => path.basename(dir).startsWith('fails_with'));
    expect(kept).toHaveLength(1);
    for (const name of ['locked', 'read-only']) {
      const leaked = path.join(kept[0]!, 'os-tmpdir-leaks', `${TAG}-${name}`);
      fs.chmodSync(leaked, 0o700);
      expect(fs.readFileSync(path.join(leaked, 'inside'), 'utf8')).toBe(name);
    }
    expect(leakedAnywhere(root, TAG).filter((entry) => !entry.includes('os-tmpdir-leaks'))).toEqual(
      [],
    );
    expect(leftovers(root, keptLinePaths(out))).toEqual([]);
  });
});
