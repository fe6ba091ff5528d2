/**
 * The adapter's options, read from `testEnvironmentOptions` (the config, or
 * per file through the `@jest-environment-options` docblock). They share
 * that object with the base environment, so unknown keys are left alone.
 */
import { KEEP_TMP_VALUES, type KeepPolicy } from 'temp-fixtures';
import { jestTempError } from './errors.js';

/** The keys jest-temp reads from `testEnvironmentOptions`. */
export interface JestTempOptions {
  /**
   * Which dirs survive their test: `'never'` (default), `'failed'` or `'all'`
   * (also `0`/`false`, `1`/`true`). `KEEP_TMP` wins when set.
   */
  keep?: KeepPolicy | (string & {});
  /** Runs holding kept dirs that survive, this one included. Default 3. */
  retainRuns?: number;
}

const ACCEPTED = Object.values(KEEP_TMP_VALUES)
  .flat()
  .map((value) => `'${value}'`)
  .join(', ');

/** Validates and picks jest-temp's keys out of `testEnvironmentOptions`. */
export function readOptions(testEnvironmentOptions: unknown): JestTempOptions {
  if (typeof testEnvironmentOptions !== 'object' || testEnvironmentOptions === null) return {};
  const { keep, retainRuns } = testEnvironmentOptions as Record<string, unknown>;
  const options: JestTempOptions = {};
  if (keep !== undefined) {
    const accepted = Object.values(KEEP_TMP_VALUES).flat();
    if (typeof keep !== 'string' || !accepted.includes(keep.trim().toLowerCase())) {
      throw jestTempError(
        'ERR_KEEP_TMP',
        `testEnvironmentOptions.keep must be one of ${ACCEPTED}; got ${JSON.stringify(keep)}`,
      );
    }
    options.keep = keep;
  }
  if (retainRuns !== undefined) {
    if (typeof retainRuns !== 'number' || !Number.isSafeInteger(retainRuns) || retainRuns < 1) {
      throw jestTempError(
        'ERR_INVALID_ARG_VALUE',
        `testEnvironmentOptions.retainRuns must be an integer >= 1; got ${JSON.stringify(retainRuns)}`,
      );
    }
    options.retainRuns = retainRuns;
  }
  return options;
}
