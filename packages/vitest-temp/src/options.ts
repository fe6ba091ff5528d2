/**
 * What the user can configure, and how the plugin hands its settings (and
 * the run it began) down to the workers.
 */
import type { KeepPolicy } from 'temp-fixtures';

/** Options of `tempFixtures()` and `tempFixturesPlugin()`. */
export interface VitestTempOptions {
  /**
   * Which per-test dirs survive: `'never'` (default), `'failed'` or `'all'`
   * (also `'0'`/`'false'`, `'1'`/`'true'`). `KEEP_TMP` wins when set.
   */
  keep?: KeepPolicy | (string & {});
  /**
   * The root holding every run. Default `<os temp dir>/temp-fixtures-<user>`;
   * `TEMP_FIXTURES_ROOT` wins when set.
   */
  root?: string;
  /** Runs holding kept dirs that survive, the current one included. Default 3. */
  retainRuns?: number;
}

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
