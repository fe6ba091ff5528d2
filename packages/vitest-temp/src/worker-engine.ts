/**
 * The engine a test worker uses: the user's options over the plugin's
 * provided settings, joined to the plugin's run when there is one, else to
 * the run of Vitest's main process.
 */
import { isMainThread } from 'node:worker_threads';
import { type EngineOptions, type FixtureEngine, getEngine } from 'temp-fixtures';
import { inject } from 'vitest';
import { PROVIDE_KEY, type ProvidedSettings, type VitestTempOptions } from './options.js';

/** The parent as it was when the worker loaded this module (read once: an orphan's turns into 1). */
const PARENT_AT_LOAD = process.ppid;

/**
 * Vitest's main process: the parent of a `forks`/`vmForks` worker, this
 * very process for `threads`/`vmThreads` workers.
 */
export function runnerPid(): number {
  return isMainThread ? PARENT_AT_LOAD : process.pid;
}

/** The plugin's settings, or `undefined` when the plugin is not installed. */
export function providedSettings(): ProvidedSettings | undefined {
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
  const engine: EngineOptions = { ownerPid: runnerPid() };
  const keep = options.keep ?? provided?.keep;
  const root = options.root ?? provided?.root;
  const retainRuns = options.retainRuns ?? provided?.retainRuns;
  if (keep !== undefined) engine.keep = keep;
  if (root !== undefined) engine.root = root;
  if (retainRuns !== undefined) engine.retainRuns = retainRuns;
  if (provided !== undefined) engine.run = provided.run;
  return engine;
}

/** The process's engine for `options` (memoised by the core per options and environment). */
export function workerEngine(options: VitestTempOptions): FixtureEngine {
  return getEngine(engineOptions(options));
}
