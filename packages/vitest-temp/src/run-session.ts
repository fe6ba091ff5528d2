/**
 * The main-process side of one Vitest invocation: begins a run (so a bad
 * `KEEP_TMP` stops Vitest before any test), provides its id and the
 * plugin's settings to every worker, and at the end of each test run closes
 * the run and prints the summary of kept dirs. Watch mode begins a new run
 * for every rerun.
 */
import { beginRun, endRun, FixtureEngine, type RunHandle } from 'temp-fixtures';
import type { Reporter, TestProject, Vitest } from 'vitest/node';
import { PROVIDE_KEY, type ProvidedSettings, type VitestTempOptions } from './options.js';

/** The run state of one Vitest instance, shared by every project using the plugin. */
export class RunSession {
  private handle: RunHandle | undefined;
  private readonly projects = new Set<TestProject>();
  private readonly options: VitestTempOptions;

  /** Validates the options and `KEEP_TMP` (throws) and begins the first run. */
  constructor(
    private readonly vitest: Vitest,
    options: VitestTempOptions,
  ) {
    // The engine validates every option without touching the disk.
    new FixtureEngine(options);
    this.options = { ...options };
    this.handle = this.begin();
  }

  /** Makes `project`'s workers join the current run. */
  addProject(project: TestProject): void {
    this.projects.add(project);
    if (this.handle !== undefined) this.provide(project, this.handle);
  }

  /** The reporter that opens reruns and closes every run. */
  reporter(): Reporter {
    return {
      onTestRunStart: () => {
        if (this.handle !== undefined) return;
        this.handle = this.begin();
        for (const project of this.projects) this.provide(project, this.handle);
      },
      onTestRunEnd: async () => {
        await this.end();
      },
    };
  }

  private begin(): RunHandle {
    // Workers get the id through `inject()`, not the environment, so
    // processes the tests spawn do not join this run by accident.
    const keep = this.options.keep;
    return beginRun({ ...(keep === undefined ? {} : { keep: String(keep) }), setEnv: false });
  }

  private provide(project: TestProject, handle: RunHandle): void {
    const settings: ProvidedSettings = { ...this.options, run: handle.id };
    // `provide` is typed against `ProvidedContext`, which we do not augment.
    (project.provide as unknown as (key: string, value: unknown) => void)(PROVIDE_KEY, settings);
  }

  private async end(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle === undefined) return;
    const { root, retainRuns } = this.options;
    try {
      const { summary } = await endRun(handle, {
        ...(root === undefined ? {} : { root }),
        ...(retainRuns === undefined ? {} : { retainRuns }),
      });
      if (summary !== '') this.vitest.logger.error(`\n${summary}`);
    } catch (error) {
      this.vitest.logger.error(
        `temp-fixtures: could not close the run: ${(error as Error).message ?? String(error)}`,
      );
    }
  }
}
