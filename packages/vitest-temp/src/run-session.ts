/**
 * The main-process side of one Vitest invocation, around the core's
 * `RunSession`: a run begins when Vitest starts (so a bad option or
 * `KEEP_TMP` stops Vitest before any test), its id and the plugin's settings
 * are provided to every worker, and at the end of each test run the run
 * ends and the summary of kept dirs is printed. Watch mode begins a new run
 * for every rerun.
 */
import { RunSession } from 'temp-fixtures/engine';
import type { Reporter, TestProject, Vitest } from 'vitest/node';
import { PROVIDE_KEY, type ProvidedSettings, type VitestTempOptions } from './options.js';

/** The runs of one Vitest instance, shared by every project using the plugin. */
export class VitestRuns {
  private session: RunSession | undefined;
  private readonly projects = new Set<TestProject>();

  /**
   * Validates the options and `KEEP_TMP` (throws) and begins the first run.
   * @param setupFile put first in every project's `setupFiles` (leak
   *   detection from the start of each file), if given
   */
  constructor(
    private readonly vitest: Vitest,
    private readonly options: VitestTempOptions,
    private readonly setupFile?: string,
  ) {
    this.session = this.begin();
  }

  /** Makes `project`'s workers join the current run. */
  addProject(project: TestProject): void {
    this.projects.add(project);
    if (this.session !== undefined) this.provide(project, this.session);
  }

  /**
   * The reporter that opens reruns and closes every run. At each start every
   * project of the instance joins the run, those without the plugin too (a
   * project defined in a file of its own that does not name it).
   */
  reporter(): Reporter {
    return {
      onTestRunStart: () => {
        this.session ??= this.begin();
        for (const project of this.vitest.projects) this.projects.add(project);
        for (const project of this.projects) this.provide(project, this.session);
      },
      onTestRunEnd: async () => {
        await this.end();
      },
    };
  }

  private begin(): RunSession {
    // Workers get the id through `inject()`, not the environment, so
    // processes the tests spawn do not join this run by accident.
    return RunSession.begin({ ...this.options, setEnv: false }, 'tempFixturesPlugin(options)');
  }

  private provide(project: TestProject, session: RunSession): void {
    const { setupFiles } = project.config;
    if (this.setupFile !== undefined && !setupFiles.includes(this.setupFile)) {
      setupFiles.unshift(this.setupFile);
    }
    const settings: ProvidedSettings = { ...session.options, run: session.id };
    // `provide` is typed against `ProvidedContext`, which we do not augment.
    (project.provide as unknown as (key: string, value: unknown) => void)(PROVIDE_KEY, settings);
  }

  private async end(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    try {
      const { summary } = await session.end();
      if (summary !== '') this.vitest.logger.error(`\n${summary}`);
    } catch (error) {
      this.vitest.logger.error(
        `temp-fixtures: could not close the run: ${(error as Error).message ?? String(error)}`,
      );
    }
  }
}
