/**
 * Helpers of this package's end-to-end tests: generated projects that
 * install the built `vitest-temp` and run the real Vitest CLI, plus readers
 * of what a run left in its fixture root.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type BinSpec,
  createProject,
  type Dependency,
  limiter,
  node22,
  type Project,
  type ProjectFiles,
  RUNNERS,
  type RunResult,
  runDirNames,
  VITEST,
} from '@temp-fixtures/test-support';

export { keptLines, siblingRoot, testDirs } from '@temp-fixtures/test-support';

/** A project's config with the plugin (`vitest.config.js`, Vitest's default). */
export const PLUGIN_CONFIG = `import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({ plugins: [tempFixturesPlugin()] });
`;

/** A config without the plugin; select it with `--config bare.config.js`. */
export const BARE_CONFIG = `import { defineConfig } from 'vitest/config';
export default defineConfig({});
`;

/** A Vitest major to test against: its package and the Node it needs. */
export interface VitestMajor {
  name: string;
  /** The start of the version Vitest prints in its `RUN v…` banner. */
  version: string;
  /** The package installed as the project's `vitest`. */
  dependency: Dependency;
  /** The Node binary it needs, when not this process's. */
  node?: () => string;
}

/** Vitest 4 (this package's own), then the other majors the peer range allows. */
export const VITEST_MAJORS: readonly VitestMajor[] = [
  { name: 'Vitest 4', version: '4.', dependency: { name: 'vitest', from: 'packages/vitest-temp' } },
  {
    name: 'Vitest 3.2',
    version: '3.2.',
    dependency: { name: 'vitest-3', from: RUNNERS, as: 'vitest' },
  },
  {
    name: 'Vitest 5 on Node 22',
    version: '5.',
    dependency: { name: 'vitest-5', from: RUNNERS, as: 'vitest' },
    node: node22,
  },
];

/** Creates a project that depends on `vitest-temp` (and Vitest, memfs) as a user's would. */
export function vitestProject(files: ProjectFiles, major = VITEST_MAJORS[0]!): Project {
  return createProject(files, [
    'temp-fixtures',
    'vitest-temp',
    major.dependency,
    { name: 'memfs', from: 'packages/temp-fixtures' },
  ]);
}

/** Options of `vitest()`. */
export interface VitestRun {
  /** Extra CLI arguments after `run`. */
  args?: string[];
  /** Environment on top of the project's (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** The fixture root of this run. Default `project.root`. */
  root?: string;
  /** Run this script of the project (with `args`) instead of `vitest run`. */
  script?: string;
  /** The Node binary to run it with (default: this process's). */
  node?: string;
}

/** At most 2 Vitest processes per test file, so 2 cores are not swamped. */
const slot = limiter(2);

/** `vitest run` in `project`, with its own fixture root and no `KEEP_TMP` unless given. */
export function vitest(project: Project, run: VitestRun = {}): Promise<RunResult> {
  const env = { KEEP_TMP: undefined, TEMP_FIXTURES_ROOT: run.root ?? project.root, ...run.env };
  const args = run.args ?? [];
  const options = { env, node: run.node };
  if (run.script !== undefined) return slot(() => project.run(script(run.script!), args, options));
  return slot(() => project.run(VITEST, ['run', ...args], options));
}

/**
 * A Node script of the project itself (`runBin` resolves bins under
 * `node_modules/<package>/`, so `..` reaches the project dir).
 */
function script(file: string): BinSpec {
  return { package: '..', bin: file };
}

/** The `run-<N>` dirs in `root`, sorted by number. */
export const runDirs = runDirNames;

/** One entry of `kept.json`. */
export interface KeptJsonEntry {
  file: string;
  name: string;
  path: string;
  reason: 'failed' | 'all';
  attempt: number;
}

/** The entries of `<runDir>/kept.json`, sorted by name then attempt. */
export function keptEntries(runDir: string): KeptJsonEntry[] {
  const json = JSON.parse(fs.readFileSync(path.join(runDir, 'kept.json'), 'utf8')) as {
    version: number;
    kept: KeptJsonEntry[];
  };
  if (json.version !== 1) throw new Error(`unexpected kept.json version ${json.version}`);
  return [...json.kept].sort((a, b) => a.name.localeCompare(b.name) || a.attempt - b.attempt);
}

/** The single run dir in `root`; throws unless there is exactly one. */
export function onlyRun(root: string): string {
  const runs = runDirs(root);
  if (runs.length !== 1) throw new Error(`expected one run in ${root}, found [${runs.join(', ')}]`);
  return path.join(root, runs[0]!);
}

/** What a test file of a generated project imports its API from. */
export const IMPORT = `import { test, describe, expect, beforeEach, afterEach } from 'vitest-temp';
import fs from 'node:fs';
import path from 'node:path';
`;
