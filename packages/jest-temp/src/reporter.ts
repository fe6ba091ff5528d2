/**
 * `reporters: ['default', 'jest-temp/reporter']`: the run-level hook. It runs
 * in Jest's main process, begins a run before any worker starts (workers
 * inherit `TEMP_FIXTURES_RUN` and join it), and at the end closes the run
 * (removes what is not kept, writes `kept.json`, prunes old runs) and prints
 * the summary of kept dirs.
 */
import { beginRun, endRun, type RunHandle, resolveKeepPolicy } from 'temp-fixtures';
import { jestTempError } from './errors.js';
import { readOptions } from './options.js';

/** The part of Jest's test contexts read at the end of the run. */
interface TestContextLike {
  config?: { testEnvironmentOptions?: unknown };
}

/** Jest reporter that owns the fixture run and prints the end-of-run summary. */
export class JestTempReporter {
  private run: RunHandle | undefined;
  private readonly write: (text: string) => void;

  /**
   * Jest passes `(globalConfig, reporterOptions, reporterContext)`; the
   * reporter takes no options. Checks `KEEP_TMP` at once, so a typo stops
   * the run before any test starts.
   */
  constructor(_globalConfig?: unknown, options?: unknown) {
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
  }

  /** Begins the run; workers started after this join it through `TEMP_FIXTURES_RUN`. */
  onRunStart(): void {
    this.run = beginRun();
  }

  /** Ends the run and prints the summary of kept dirs (nothing when none was kept). */
  async onRunComplete(contexts?: Set<TestContextLike>): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (run === undefined) return;
    try {
      const { summary } = await endRun(run, { retainRuns: retainRunsOf(contexts) });
      if (summary !== '') this.write(`\n${summary}\n`);
    } catch (error) {
      this.write(`\njest-temp: could not close the fixture run: ${(error as Error).message}\n`);
    }
  }

  /** Jest asks reporters for a run-failing error; this one never fails the run. */
  getLastError(): Error | undefined {
    return undefined;
  }
}

/** The largest `retainRuns` of the projects (keeping more is the safe side), if any set one. */
function retainRunsOf(contexts: Set<TestContextLike> | undefined): number | undefined {
  let most: number | undefined;
  for (const context of contexts ?? []) {
    const { retainRuns } = readOptions(context.config?.testEnvironmentOptions);
    if (retainRuns !== undefined) most = Math.max(most ?? 0, retainRuns);
  }
  return most;
}

export default JestTempReporter;
