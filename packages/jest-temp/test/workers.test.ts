/**
 * Processes: tests spread over Jest workers (processes or threads) or run in
 * band all land in one run dir owned by the main Jest process, with or
 * without the reporter; two Jest runs at once on one root stay apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  inParallel,
  type JestRun,
  jestConfig,
  jestProject,
  type Project,
  readKeptJson,
  runDirs,
  runJest,
} from './helpers.js';

const FILE_COUNT = 4;

/** Each test records which process ran it into its dir; `FAIL=1` makes them fail. */
function testFile(index: number): string {
  return `const fs = require('node:fs');
const path = require('node:path');
const { tmpDir } = require('jest-temp');
for (const title of ['first', 'second']) {
  test(title, async () => {
    const where = { pid: process.pid, ppid: process.ppid, label: process.env.LABEL, file: ${index} };
    fs.writeFileSync(path.join(tmpDir(), 'where.json'), JSON.stringify(where));
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (process.env.FAIL === '1') throw new Error('failing on purpose');
  });
}
`;
}

interface Where {
  pid: number;
  ppid: number;
  label: string;
  file: number;
}

function wheres(runDir: string): Where[] {
  return readKeptJson(runDir).kept.map(
    (entry) => JSON.parse(fs.readFileSync(path.join(entry.path, 'where.json'), 'utf8')) as Where,
  );
}

function marker(runDir: string): { pid: number; id: string } {
  return JSON.parse(fs.readFileSync(path.join(runDir, '.run.json'), 'utf8'));
}

function markerPid(runDir: string): number {
  return marker(runDir).pid;
}

let project: Project;
const runs: Record<string, JestRun> = {};
/** The run dir of each run. */
const runDirOf: Record<string, string> = {};
let sharedRoot: string;

beforeAll(async () => {
  const files: Record<string, string> = { 'jest.config.js': jestConfig({ reporter: true }) };
  for (let i = 0; i < FILE_COUNT; i++) files[`test/file${i}.test.js`] = testFile(i);
  project = jestProject(files);
  fs.writeFileSync(path.join(project.dir, 'no-reporter.config.js'), jestConfig());
  const noReporter = ['--config', 'no-reporter.config.js'];
  const all = { KEEP_TMP: 'all' };
  // Two runs at once on one root, both with process workers, one with the
  // reporter and one without; meanwhile, in band and worker threads.
  sharedRoot = path.join(project.root, 'shared');
  const failing = (label: string) => ({ KEEP_TMP: '1', FAIL: '1', LABEL: label });
  const cases: [string, string[], Record<string, string>, string][] = [
    ['workers+reporter', ['-w', '2'], failing('a'), sharedRoot],
    ['workers', ['-w', '2', ...noReporter], failing('b'), sharedRoot],
    ['threads', ['-w', '2', '--workerThreads', ...noReporter], all, path.join(project.root, 't')],
    ['in-band', ['-i', ...noReporter], all, path.join(project.root, 'i')],
  ];
  await inParallel(
    2,
    cases.map(([name, args, env, root]) => async () => {
      runs[name] = await runJest(project, args, { root, env });
    }),
  );
  for (const [name, , env, root] of cases) {
    runDirOf[name] = runDirs(root).find((dir) => wheres(dir)[0]?.label === env.LABEL)!;
  }
});

afterAll(() => project?.remove());

describe.each([
  ['workers+reporter', 'ppid'],
  ['workers', 'ppid'],
  ['threads', 'pid'],
  ['in-band', 'pid'],
] as const)('run "%s"', (name, owner) => {
  test('every test of every file lands in one run dir owned by the main Jest process', () => {
    expect(runs[name]!.testCount).toBe(FILE_COUNT * 2);
    const seen = wheres(runDirOf[name]!);
    expect(seen).toHaveLength(FILE_COUNT * 2);
    expect(new Set(seen.map((where) => where.file)).size).toBe(FILE_COUNT);
    // The main process: the workers' parent, or the process itself (in band, threads).
    const mains = new Set(seen.map((where) => where[owner]));
    expect([...mains]).toEqual([markerPid(runDirOf[name]!)]);
  });
});

test('process workers really ran the tests outside the main process', () => {
  for (const name of ['workers+reporter', 'workers']) {
    const main = markerPid(runDirOf[name]!);
    for (const where of wheres(runDirOf[name]!)) expect(where.pid).not.toBe(main);
  }
});

test('with the reporter, workers join the run it began in the main process', () => {
  // A begun run's id carries RunSession.begin's nonce: <pid>-<start time>-<nonce>.
  expect(marker(runDirOf['workers+reporter']!).id.split('-')).toHaveLength(3);
  expect(marker(runDirOf.workers!).id.split('-')).toHaveLength(2);
});

test('two runs at once on one root keep to their own run dirs', () => {
  expect(runs['workers+reporter']!.code).toBe(1);
  expect(runs.workers!.code).toBe(1);
  const dirs = runDirs(sharedRoot);
  expect(dirs).toHaveLength(2);
  const labels = dirs.map((dir) => [...new Set(wheres(dir).map((where) => where.label))]);
  expect(labels.sort()).toEqual([['a'], ['b']]);
  for (const dir of dirs) expect(readKeptJson(dir).kept).toHaveLength(FILE_COUNT * 2);
  // The reporter's summary names its own run's list.
  expect(runs['workers+reporter']!.output).toContain(
    `(listed in ${path.join(runDirOf['workers+reporter']!, 'kept.json')})`,
  );
});
