/** A worker's engine: user options over the plugin's; in its run, else the main process's run. */
import {
  ENV,
  type EngineOptions,
  type FixtureEngine,
  getEngine,
  runnerPid,
} from 'temp-fixtures/engine';
import { inject } from 'vitest';
import { PROVIDE_KEY, type ProvidedSettings, type VitestTempOptions } from './options.js';

/** The plugin's settings, or `undefined` when the plugin is not installed. */
function providedSettings(): ProvidedSettings | undefined {
  // `inject` is typed against `ProvidedContext`, which we do not augment.
  const value = (inject as unknown as (key: string) => unknown)(PROVIDE_KEY);
  return typeof value === 'object' &&
    value !== null &&
    typeof (value as ProvidedSettings).run === 'string'
    ? (value as ProvidedSettings)
    : undefined;
}

/** The engine options for `options` in this worker. */
export function engineOptions(options: VitestTempOptions): EngineOptions {
  const provided = providedSettings();
  // The runner's pid is only needed without the plugin's run: Vitest's main process is a
  // worker's parent (forks, vmForks) or its own process (threads).
  const engine: EngineOptions = provided === undefined ? { ownerPid: runnerPid(true) } : {};
  const keep = options.keep ?? provided?.keep;
  const root = options.root ?? provided?.root;
  const retainRuns = options.retainRuns ?? provided?.retainRuns;
  const leaks = options.leaks ?? provided?.leaks;
  if (leaks !== undefined) engine.leaks = leaks;
  if (keep !== undefined) engine.keep = keep;
  if (root !== undefined) engine.root = root;
  if (retainRuns !== undefined) engine.retainRuns = retainRuns;
  if (provided !== undefined) engine.run = provided.run;
  return engine;
}

/** The last engine per options object, with what it was built from. */
const engines = new WeakMap<VitestTempOptions, { stamp: string; engine: FixtureEngine }>();

/** The engine for `options`, cached per options object (every test asks) while run and env hold. */
export function workerEngine(options: VitestTempOptions): FixtureEngine {
  const stamp = [
    providedSettings()?.run,
    ...Object.values(ENV).map((name) => process.env[name]),
  ].join('\0');
  const cached = engines.get(options);
  if (cached?.stamp === stamp) return cached.engine;
  const engine = getEngine(engineOptions(options));
  engines.set(options, { stamp, engine });
  return engine;
}
