/**
 * `vitest-temp/plugin`: one line in `vitest.config` for the end-of-run
 * summary of kept dirs (and the early `KEEP_TMP` check, and one run dir per
 * Vitest run closed as soon as the run ends).
 *
 * ```ts
 * import { tempFixturesPlugin } from 'vitest-temp/plugin';
 * export default defineConfig({ plugins: [tempFixturesPlugin()] });
 * ```
 */

import { fileURLToPath } from 'node:url';
import { resolveLeakPolicy, validateOptions } from 'temp-fixtures/engine';
import type { Vitest, VitestPluginContext } from 'vitest/node';
import type { VitestTempOptions } from './options.js';
import { VitestRuns } from './run-session.js';

export type { VitestTempOptions } from './options.js';

/** The Vite plugin `tempFixturesPlugin()` returns. */
export interface TempFixturesPlugin {
  name: 'vitest-temp';
  configureVitest(context: VitestPluginContext): void;
}

/** The setup file that watches `os.tmpdir()` from the start of each test file. */
const LEAKS_SETUP = fileURLToPath(new URL('./leaks-setup.js', import.meta.url));

/** One session per Vitest instance, whichever projects and plugin instances share it. */
const sessions = new WeakMap<Vitest, VitestRuns>();

/**
 * The Vite plugin for `plugins: [tempFixturesPlugin()]`. Its options are
 * also the defaults of every test's fixtures (`tempFixtures()` options win);
 * set `root` here rather than per test, so the summary finds the run.
 */
export function tempFixturesPlugin(options: VitestTempOptions = {}): TempFixturesPlugin {
  const settings = validateOptions(options, 'tempFixturesPlugin(options)');
  return {
    name: 'vitest-temp',
    configureVitest({ vitest, project }) {
      let session = sessions.get(vitest);
      if (session === undefined) {
        session = new VitestRuns(vitest, settings);
        sessions.set(vitest, session);
        vitest.config.reporters.push(session.reporter() as never);
      }
      session.addProject(project);
      if (resolveLeakPolicy(settings.leaks) !== 'off') {
        project.config.setupFiles.unshift(LEAKS_SETUP);
      }
    },
  };
}
