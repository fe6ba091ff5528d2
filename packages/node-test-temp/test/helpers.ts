/**
 * End-to-end helpers: generated projects using the built node-test-temp,
 * run by the real `node --test` of Node 22, 24 and 26 (the `runners`
 * package's binaries), with the reporter beside spec or without it.
 */
import {
  createProject,
  NODE_TEST,
  type NodeMajor,
  nodeBinary,
  type Project,
  type ProjectFiles,
  type RunOptions,
  type RunResult,
} from '@temp-fixtures/test-support';

export type { NodeMajor, Project };

/** The Node majors node:test is tested on. */
export const MAJORS: readonly NodeMajor[] = [22, 24, 26];

/** How the runner runs test files: a process each (the default), or all in its own. */
export type Isolation = 'process' | 'none';

/** The flag selecting `isolation` on `major` (Node 22 has it as experimental). */
export function isolationFlag(major: NodeMajor, isolation: Isolation): string {
  return major === 22
    ? `--experimental-test-isolation=${isolation}`
    : `--test-isolation=${isolation}`;
}

/** spec on stdout, and node-test-temp's summary on stderr. */
export const WITH_REPORTER = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=node-test-temp/reporter',
  '--test-reporter-destination=stderr',
];

/** spec alone: fixtures without the run-level hook. */
export const WITHOUT_REPORTER = ['--test-reporter=spec'];

/** A project (ES modules unless `package.json` is given) with node-test-temp and memfs installed. */
export function nodeTestProject(files: ProjectFiles): Project {
  return createProject(files, [
    'temp-fixtures',
    'node-test-temp',
    { name: 'memfs', from: 'packages/temp-fixtures' },
  ]);
}

/** Runs `node --test ...args` of Node `major` in `project`. */
export function runNodeTest(
  project: Project,
  major: NodeMajor,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return project.run(NODE_TEST, args, { ...options, node: nodeBinary(major) });
}

/** The `temp-fixtures: kept <path>` lines printed as a diagnostic (spec's `ℹ`, TAP's `#`). */
export function diagnosticPaths(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^\s*(?:ℹ|#) temp-fixtures: kept (\/\S+) \[/.exec(line)?.[1])
    .filter((found): found is string => found !== undefined);
}
