/** `reporters: ['default', 'jest-temp/reporter']`: begins the run before any worker starts. */
import { createRequire } from 'node:module';
import { RunSession, resolveKeepPolicy } from 'temp-fixtures/engine';
import { jestTempError } from './errors.js';
import { readOptions } from './options.js';

interface TestContextLike {
  config?: { testEnvironmentOptions?: unknown };
}

interface GlobalConfigLike {
  rootDir?: string;
}

/** Jest reporter that owns the fixture run and prints the end-of-run summary. */
export class JestTempReporter {
  private session: RunSession | undefined;
  private readonly write: (text: string) => void;
  private readonly rootDir: string;

  /** Takes no options; checks `KEEP_TMP` at once, so a typo stops the run before any test. */
  constructor(globalConfig?: GlobalConfigLike, options?: unknown) {
    if (
      options !== undefined &&
      (typeof options !== 'object' || options === null || Object.keys(options).length > 0)
    ) {
      throw jestTempError(
        'ERR_INVALID_ARG_VALUE',
        'jest-temp/reporter takes no options (set keep and retainRuns in testEnvironmentOptions)',
      );
    }
    resolveKeepPolicy();
    this.write = (text) => process.stderr.write(text);
    this.rootDir = globalConfig?.rootDir ?? process.cwd();
  }

  /** Begins the run; workers started after this join it through `TEMP_FIXTURES_RUN`. */
  onRunStart(): void {
    const mismatch = environmentMismatch(this.rootDir);
    if (mismatch !== undefined) this.write(`${mismatch}\n`);
    this.session = RunSession.begin();
  }

  /** Ends the run and prints the summary of kept dirs, if any. */
  async onRunComplete(contexts?: Set<TestContextLike>): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    const retainRuns = retainRunsOf(contexts);
    const text = await session.close(retainRuns === undefined ? {} : { retainRuns });
    if (text !== '') this.write(`\n${text}\n`);
  }

  /** Never fails the run. */
  getLastError(): Error | undefined {
    return undefined;
  }
}

/** The largest `retainRuns` of the projects (keeping more is the safe side), if any set one. */
function retainRunsOf(contexts: Set<TestContextLike> | undefined): number | undefined {
  let most: number | undefined;
  for (const context of contexts ?? []) {
    let retainRuns: number | undefined;
    try {
      ({ retainRuns } = readOptions(context.config?.testEnvironmentOptions));
    } catch {
      // Bad options already failed each test file with their message.
      continue;
    }
    if (retainRuns !== undefined) most = Math.max(most ?? 0, retainRuns);
  }
  return most;
}

function majorOf(resolve: NodeJS.Require, name: string): number | undefined {
  try {
    const { version } = resolve(`${name}/package.json`) as { version?: unknown };
    return typeof version === 'string' ? Number.parseInt(version, 10) : undefined;
  } catch {
    return undefined;
  }
}

/** A warning if `jest-environment-node`'s major isn't `jest`'s (npm may hoist the latest on 29). */
export function environmentMismatch(rootDir: string): string | undefined {
  const own = createRequire(import.meta.url);
  const project = createRequire(`${rootDir}/package.json`);
  const jest = majorOf(project, 'jest') ?? majorOf(own, 'jest');
  const environment = majorOf(own, 'jest-environment-node');
  if (jest === undefined || environment === undefined || jest === environment) return undefined;
  return (
    `jest-temp: jest-environment-node ${environment} is loaded with jest ${jest}; their majors ` +
    `must match: install jest-environment-node@${jest}`
  );
}

export default JestTempReporter;
