/**
 * `vitest-temp/plugin`: `plugins: [tempFixturesPlugin()]` in `vitest.config` gives the end-of-run
 * summary of kept dirs, an early `KEEP_TMP` check, and one run dir per run, closed when it ends.
 */

import { fileURLToPath } from 'node:url';
import { resolveLeakPolicy, validateOptions } from 'temp-fixtures/engine';
import type { Vitest, VitestPluginContext } from 'vitest/node';
import type { VitestTempOptions } from './options.js';
import { VitestRuns } from './run-session.js';

export type { VitestTempOptions } from './options.js';

/** An inline entry of `test.projects`, as far as the plugin reads it. */
interface InlineProject {
  extends?: unknown;
  plugins?: unknown[];
}

/** The Vite plugin `tempFixturesPlugin()` returns. */
export interface TempFixturesPlugin {
  name: 'vitest-temp';
  /** At the root of a config with `test.projects`: adds itself to every inline project. */
  config(config: { test?: { projects?: unknown[] } }): void;
  configureVitest(context: VitestPluginContext): void;
}

function isThisPlugin(plugin: unknown): boolean {
  return (
    typeof plugin === 'object' &&
    plugin !== null &&
    (plugin as { name?: unknown }).name === 'vitest-temp'
  );
}

const LEAKS_SETUP = fileURLToPath(new URL('./leaks-setup.js', import.meta.url));

/** One session per Vitest instance, whichever projects and plugin instances share it. */
const sessions = new WeakMap<Vitest, VitestRuns>();

/**
 * The Vite plugin. Its options are the defaults of every test's fixtures (`tempFixtures()` options
 * win); set `root` here rather than per test, so the summary finds the run.
 */
export function tempFixturesPlugin(options: VitestTempOptions = {}): TempFixturesPlugin {
  const settings = validateOptions(options, 'tempFixturesPlugin(options)');
  return {
    name: 'vitest-temp',
    // Vitest calls `configureVitest` only for test projects, which lack the root's plugins without
    // `extends: true`: add this plugin to each inline one (a project in its own file must name it).
    config(config) {
      for (const entry of config.test?.projects ?? []) {
        if (typeof entry !== 'object' || entry === null) continue; // A glob or a config file.
        const project = entry as InlineProject;
        if (project.extends === true) continue; // It has the root's plugins already.
        const plugins = project.plugins ?? [];
        if (!plugins.flat(Number.POSITIVE_INFINITY).some(isThisPlugin)) {
          project.plugins = [...plugins, tempFixturesPlugin(options)];
        }
      }
    },
    configureVitest({ vitest, project }) {
      let session = sessions.get(vitest);
      if (session === undefined) {
        const watchLeaks = resolveLeakPolicy(settings.leaks) !== 'off';
        session = new VitestRuns(vitest, settings, watchLeaks ? LEAKS_SETUP : undefined);
        sessions.set(vitest, session);
        vitest.config.reporters.push(session.reporter() as never);
      }
      session.addProject(project);
    },
  };
}
