/** User options, and how the plugin hands its settings and run down to the workers. */
import type { FixtureOptions } from 'temp-fixtures/engine';

/** Options of `tempFixtures()` and `tempFixturesPlugin()`, validated by the core. */
export type VitestTempOptions = FixtureOptions;

/** What the plugin provides to the workers under `PROVIDE_KEY`. */
export interface ProvidedSettings extends VitestTempOptions {
  /** The id of the `RunSession` every worker joins. */
  run: string;
}

/** `provide()`/`inject()` key; not declared on `ProvidedContext`, or every user's types get it. */
export const PROVIDE_KEY = 'vitest-temp:settings';
