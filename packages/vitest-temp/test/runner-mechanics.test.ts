/**
 * The keep decision follows Vitest's own verdict: retries (a fresh dir per
 * attempt, a flaky test keeps nothing), retry conditions, repeats,
 * `test.fails`, a failing `afterEach`, another fixture's throwing teardown,
 * `test.concurrent`, and timeouts (never deleted under a running body).
 * The project has no plugin at all (its only config is bare), so what is
 * on disk right after a run is the adapter's own doing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { leftovers, type Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  keptLines,
  onlyRun,
  siblingRoot,
  testDirs,
  vitest,
  vitestProject,
} from './support/e2e.js';

const PRELUDE = `${IMPORT}
const log = (line) => fs.appendFileSync(process.env.LOG_FILE, line + '\\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
`;

const MECHANICS = `${PRELUDE}
describe('retry', () => {
  let flakyRuns = 0;
  test('flaky', { retry: 2 }, async ({ tmpDir, tmp }) => {
    log('flaky ' + tmpDir);
    await tmp.write('attempt.txt', String(flakyRuns++));
    expect(flakyRuns).toBeGreaterThan(2);
  });
  let brokenRuns = 0;
  test('broken', { retry: 1 }, async ({ tmpDir, tmp }) => {
    log('broken ' + tmpDir);
    await tmp.write('attempt.txt', String(brokenRuns++));
    expect('always').toBe('fails');
  });
  test('not retried for this error', { retry: { count: 3, condition: /network/ } }, async ({ tmpDir }) => {
    log('conditional ' + tmpDir);
    throw new Error('disk full');
  });
  test('repeated', { repeats: 2 }, async ({ tmpDir }) => {
    log('repeated ' + tmpDir);
  });
});

describe('fails', () => {
  test.fails('expected failure', async ({ tmp }) => {
    await tmp.write('x.txt', 'x');
    expect(1).toBe(2);
  });
  test.fails('unexpected pass', async ({ tmp }) => {
    await tmp.write('x.txt', 'x');
  });
});

describe('hooks', () => {
  afterEach(({ task }) => {
    if (task.name === 'afterEach throws') throw new Error('afterEach broke');
  });
  test('afterEach throws', async ({ tmp }) => {
    await tmp.write('x.txt', 'x');
  });
  beforeEach(({ task, tmpDir }) => {
    if (task.name === 'beforeEach uses it') fs.writeFileSync(path.join(tmpDir, 'before.txt'), 'b');
  });
  test('beforeEach uses it', async ({ tmp }) => {
    expect(await tmp.read('before.txt')).toBe('b');
  });
});

const withBroken = test.extend({
  broken: async ({}, use) => {
    await use('b');
    throw new Error('teardown broke');
  },
});
withBroken('another teardown throws', async ({ broken, tmp }) => {
  await tmp.write('x.txt', broken);
});

describe.concurrent('concurrent', () => {
  for (const name of ['c1', 'c2', 'c3']) {
    test(name, async ({ tmpDir, tmp }) => {
      await tmp.write('who.txt', name);
      await sleep(50);
      log(name + ' ' + tmpDir);
      expect(await tmp.read('who.txt')).toBe(name);
      if (name === 'c2') throw new Error('c2 fails');
    });
  }
});
`;

const TIMEOUT = `${PRELUDE}
test('slow', { timeout: 100 }, async ({ tmpDir }) => {
  for (let i = 0; i < 12; i++) {
    try {
      fs.writeFileSync(path.join(tmpDir, 'f' + i + '.txt'), String(i));
      log('write ' + i + ' ok');
    } catch (error) {
      log('write ' + i + ' error ' + error.code);
    }
    await sleep(25);
  }
  log('slow done');
});

test('waits for the slow body', { timeout: 30000 }, async () => {
  while (!fs.readFileSync(process.env.LOG_FILE, 'utf8').includes('slow done')) await sleep(20);
});
`;

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'mechanics.test.js': MECHANICS,
    'timeout.test.js': TIMEOUT,
    'vitest.config.js': BARE_CONFIG,
  });
});
afterAll(() => project.remove());

/** Dirs the generated tests logged, by label. */
function logged(logFile: string): Map<string, string[]> {
  const byLabel = new Map<string, string[]>();
  for (const line of fs.readFileSync(logFile, 'utf8').trim().split('\n')) {
    const [label, value] = line.split(' ', 2) as [string, string];
    byLabel.set(label, [...(byLabel.get(label) ?? []), value]);
  }
  return byLabel;
}

describe.concurrent('mechanics', () => {
  test('KEEP_TMP=1 keeps exactly the dirs of attempts Vitest reports as failed', async () => {
    const root = siblingRoot(project, 'mechanics-failed');
    const logFile = `${root}.log`;
    const result = await vitest(project, {
      root,
      args: ['mechanics'],
      env: { KEEP_TMP: '1', LOG_FILE: logFile },
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Tests  6 failed | 5 passed | 1 expected fail (12)');
    const run = onlyRun(root);
    const entries = keptEntries(run);
    expect(entries.map(({ name, attempt, reason }) => [name, attempt, reason])).toEqual([
      ['another teardown throws', 0, 'failed'],
      ['concurrent > c2', 0, 'failed'],
      ['fails > unexpected pass', 0, 'failed'],
      ['hooks > afterEach throws', 0, 'failed'],
      ['retry > broken', 0, 'failed'],
      ['retry > broken', 1, 'failed'],
      ['retry > not retried for this error', 0, 'failed'],
    ]);
    // Nothing else is left: every other dir went when its test finished.
    expect(testDirs(run)).toEqual(entries.map((e) => path.relative(run, e.path)).sort());
    // Nor anything of them in the trash (or anywhere else under the root).
    expect(
      leftovers(
        root,
        entries.map((e) => e.path),
      ),
    ).toEqual([]);
    expect(keptLines(result.output)).toHaveLength(entries.length);
    expect(result.output).toContain('[failed] mechanics.test.js > retry > broken (attempt 1)');

    const dirs = logged(logFile);
    // A fresh dir per attempt, per repeat, per concurrent test.
    expect(new Set(dirs.get('flaky')).size).toBe(3);
    expect(new Set(dirs.get('broken')).size).toBe(2);
    expect(dirs.get('conditional')).toHaveLength(1);
    expect(new Set(dirs.get('repeated')).size).toBe(3);
    const concurrent = ['c1', 'c2', 'c3'].map((name) => dirs.get(name)![0]);
    expect(new Set(concurrent).size).toBe(3);
    const broken = entries.filter((e) => e.name === 'retry > broken');
    expect(broken.map((e) => fs.readFileSync(path.join(e.path, 'attempt.txt'), 'utf8'))).toEqual([
      '0',
      '1',
    ]);
    expect(broken.map((e) => e.path)).toEqual(dirs.get('broken'));
    const c2 = entries.find((e) => e.name === 'concurrent > c2')!;
    expect(c2.path).toBe(dirs.get('c2')![0]);
    expect(fs.readFileSync(path.join(c2.path, 'who.txt'), 'utf8')).toBe('c2');
  });

  test('KEEP_TMP unset: no test dir outlives its test', async () => {
    const root = siblingRoot(project, 'mechanics-never');
    const logFile = `${root}.log`;
    const result = await vitest(project, {
      root,
      args: ['mechanics'],
      env: { LOG_FILE: logFile },
    });
    expect(result.code).toBe(1);
    expect(keptLines(result.output)).toEqual([]);
    expect(testDirs(onlyRun(root))).toEqual([]);
    expect(leftovers(root)).toEqual([]);
    expect(logged(logFile).get('flaky')).toHaveLength(3);
  });
});

describe.concurrent('timeout', () => {
  /** Every write the timed-out body made after the timeout landed. */
  function expectAllWritesLanded(logFile: string): void {
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines.filter((line) => line.includes('error'))).toEqual([]);
    expect(lines.filter((line) => line.endsWith(' ok'))).toHaveLength(12);
    expect(lines.at(-1)).toBe('slow done');
  }

  test('KEEP_TMP=1: the timed-out dir is kept with what the body wrote after the timeout', async () => {
    const root = siblingRoot(project, 'timeout-failed');
    const logFile = `${root}.log`;
    const result = await vitest(project, {
      root,
      args: ['timeout'],
      env: { KEEP_TMP: '1', LOG_FILE: logFile },
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Test timed out in 100ms');
    expectAllWritesLanded(logFile);
    const [entry, ...others] = keptEntries(onlyRun(root));
    expect(others).toEqual([]);
    expect(entry!.name).toBe('slow');
    expect(fs.readdirSync(entry!.path)).toHaveLength(12);
  });

  test('KEEP_TMP unset: the dir stays while the body runs, and is gone after the run', async () => {
    const root = siblingRoot(project, 'timeout-never');
    const logFile = `${root}.log`;
    const result = await vitest(project, { root, args: ['timeout'], env: { LOG_FILE: logFile } });
    expect(result.code).toBe(1);
    expectAllWritesLanded(logFile);
    // No plugin ends the run, but its file's end took the timed-out dir.
    expect(leftovers(root)).toEqual([]);
  });
});
