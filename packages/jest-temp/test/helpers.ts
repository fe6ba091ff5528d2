/**
 * End-to-end helpers: generated Jest projects using the built jest-temp,
 * runs of the real Jest binary (30, or 29), and readers for what a run left
 * on disk and what Jest reported per test.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createProject,
  type Dependency,
  JEST,
  limiter,
  type Project,
  type ProjectFiles,
  type RunResult,
  runDirNames,
} from '@temp-fixtures/test-support';
import type { KeptFile } from 'temp-fixtures/engine';

export { testDirs } from '@temp-fixtures/test-support';
export type { Project };

const FROM = 'packages/jest-temp';

/** Which Jest a project gets. */
export type JestMajor = 29 | 30;

function dependencies(jest: JestMajor): Dependency[] {
  const own: Dependency[] = [
    'temp-fixtures',
    'jest-temp',
    { name: 'memfs', from: 'packages/temp-fixtures' },
  ];
  if (jest === 29) {
    return [
      ...own,
      { name: 'jest-29', from: FROM, as: 'jest' },
      { name: 'jest-environment-node-29', from: FROM, as: 'jest-environment-node' },
    ];
  }
  return [
    ...own,
    { name: 'jest', from: FROM },
    { name: 'jest-environment-node', from: FROM },
    { name: 'jest-environment-jsdom', from: FROM },
  ];
}

/** Options of a generated project's Jest config. */
export interface ConfigOptions {
  /** Add `reporters: ['default', 'jest-temp/reporter']`. */
  reporter?: boolean;
  /** Extra config source, e.g. `testEnvironmentOptions: { keep: 'all' }`. */
  extra?: string;
}

/** A `jest.config.js` using jest-temp, with a private cache (fresh timings each project). */
export function jestConfig(options: ConfigOptions = {}): string {
  const lines = [
    "testEnvironment: 'jest-temp'",
    "cacheDirectory: '<rootDir>/.jest-cache'",
    "testMatch: ['**/test/**/*.test.js']",
  ];
  if (options.reporter) lines.push("reporters: ['default', 'jest-temp/reporter']");
  if (options.extra) lines.push(options.extra);
  return `module.exports = {\n  ${lines.join(',\n  ')},\n};\n`;
}

/** A CommonJS project with `files` (a `jest.config.js` from `jestConfig()` unless given). */
export function jestProject(files: ProjectFiles, jest: JestMajor = 30): Project {
  return createProject(
    {
      'package.json': JSON.stringify({ name: 'e2e', private: true, type: 'commonjs' }),
      'jest.config.js': jestConfig(),
      ...files,
    },
    dependencies(jest),
  );
}

/** One test as Jest's `--json` output reports it. */
interface TestOutcome {
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'todo' | string;
  failureMessages: string[];
}

/** A Jest run: the process result plus every test's outcome (when Jest got that far). */
export interface JestRun extends RunResult {
  /** Test outcomes by full name (Jest's: describe titles and title joined with spaces). */
  tests: Map<string, TestOutcome>;
  /** How many tests Jest reported, across all files. */
  testCount: number;
  /** Messages of test files that failed to run at all. */
  suiteFailures: string[];
}

let runCounter = 0;

/**
 * Runs the project's Jest with `args`, a fixture root of `root` (default the
 * project's), and `env`; collects the per-test outcomes from `--json`.
 */
export async function runJest(
  project: Project,
  args: string[] = [],
  options: { env?: Record<string, string | undefined>; root?: string } = {},
): Promise<JestRun> {
  const outputFile = path.join(project.dir, `.results-${++runCounter}.json`);
  const result = await project.run(
    JEST,
    ['--ci', '--json', `--outputFile=${outputFile}`, ...args],
    {
      env: { TEMP_FIXTURES_ROOT: options.root ?? project.root, ...options.env },
    },
  );
  const tests = new Map<string, TestOutcome>();
  const suiteFailures: string[] = [];
  let testCount = 0;
  if (fs.existsSync(outputFile)) {
    const json = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as {
      testResults: { message: string; status: string; assertionResults: TestOutcome[] }[];
    };
    for (const file of json.testResults) {
      if (file.assertionResults.length === 0 && file.status === 'failed') {
        suiteFailures.push(file.message);
      }
      testCount += file.assertionResults.length;
      for (const test of file.assertionResults) tests.set(test.fullName, test);
    }
  }
  return { ...result, tests, testCount, suiteFailures };
}

/** The status of every test, by full name, for one `toEqual`. */
export function statuses(run: JestRun): Record<string, string> {
  return Object.fromEntries([...run.tests].map(([name, test]) => [name, test.status]));
}

/** The `run-<N>` dirs under `root`, sorted by number. */
export function runDirs(root: string): string[] {
  return runDirNames(root).map((name) => path.join(root, name));
}

/** The `kept.json` of `runDir`. */
export function readKeptJson(runDir: string): KeptFile {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'kept.json'), 'utf8')) as KeptFile;
}

/** Runs `tasks` with at most `limit` at a time; resolves to their results in order. */
export function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const slot = limiter(limit);
  return Promise.all(tasks.map((task) => slot(task)));
}
