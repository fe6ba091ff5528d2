/**
 * What the user can configure, and how the plugin hands its settings (and
 * the run it began) down to the workers.
 */
import type { FixtureOptions } from 'temp-fixtures/engine';

/**
 * Options of `tempFixtures()` and `tempFixturesPlugin()`: `keep`, `root`,
 * `retainRuns`, validated by the core (`validateOptions`).
 */
export type VitestTempOptions = FixtureOptions;

/** What the plugin provides to the workers under `PROVIDE_KEY`. */
export interface ProvidedSettings extends VitestTempOptions {
  /** The id from `beginRun()` of the run every worker joins. */
  run: string;
}

/**
 * The key of `project.provide()` / `inject()`. Not declared on Vitest's
 * `ProvidedContext`: that would add it to every user's types.
 */
export const PROVIDE_KEY = 'vitest-temp:settings';
