/**
 * The adapter's options, read from `testEnvironmentOptions` (the config, or
 * per file through the `@jest-environment-options` docblock). They share
 * that object with the base environment, so only keys within two edits of
 * an option (`keeep`, `retainRun`) are refused; other keys are left alone.
 * Validation is the core's (`validateOptions`), as for every adapter.
 */
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
