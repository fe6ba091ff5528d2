/** The base environment shares `testEnvironmentOptions`: only near-typos (`keeep`) are refused. */
import { type FixtureOptions, validateOptions } from 'temp-fixtures/engine';
import { jestTempError } from './errors.js';

/** The keys jest-temp reads from `testEnvironmentOptions`: `keep`, `root`, `retainRuns`. */
export type JestTempOptions = FixtureOptions;

/** Validates and picks jest-temp's keys out of `testEnvironmentOptions`. */
export function readOptions(testEnvironmentOptions: unknown): JestTempOptions {
  if (typeof testEnvironmentOptions !== 'object' || testEnvironmentOptions === null) return {};
  try {
    return validateOptions(testEnvironmentOptions, 'testEnvironmentOptions', { refuse: 'typos' });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw jestTempError(code ?? 'ERR_INVALID_ARG_VALUE', message);
  }
}
